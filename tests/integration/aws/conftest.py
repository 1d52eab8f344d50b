"""The runs table of template.yaml on moto, for the DynamoDB store tests."""

import boto3
import pytest
from moto import mock_aws

from tests.integration.aws.stack import REGION, create_runs_table


@pytest.fixture
def table():
    with mock_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        name = create_runs_table(client)
        yield boto3.resource("dynamodb", region_name=REGION).Table(name)
