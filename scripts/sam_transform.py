"""Runs the AWS::Serverless-2016-10-31 transform on template.yaml offline, as CloudFormation
does when `sam deploy` creates the change set, and writes the plain CloudFormation result.

    python scripts/sam_transform.py [--template template.yaml] [--output FILE]
                                    [--parameter Name=Value ...]

Needs aws-sam-translator TRANSLATOR_VERSION, the one the pinned aws-sam-cli ships (the SAM
CLI venv of scripts/static_aws.sh has it; the project's own environment cannot: that release
pins pydantic~=2.13.3 against the project's pydantic 2.14). Offline:
local code paths become the S3 and ECR locations `sam deploy` uploads to, managed policies
resolve from a fixed map instead of IAM, and the account and region are placeholders.
Exits 1 with the translator's message when the template does not transform.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TRANSLATOR_VERSION = "1.115.0"  # what aws-sam-cli 1.170.0 (scripts/static_aws.sh) installs
DEFAULT_OUTPUT = ROOT / ".aws-sam" / "transformed.json"
ACCOUNT = "123456789012"
REGION = "us-east-1"
ARTIFACT_BUCKET = "sam-artifacts-offline"
IMAGE_REPOSITORY = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/stratus"

# The AWS managed policies SAM attaches by name (the execution roles' basics).
MANAGED_POLICIES = {
    name: f"arn:aws:iam::aws:policy/{path}{name}"
    for name, path in {
        "AWSLambdaBasicExecutionRole": "service-role/",
        "AWSXrayWriteOnlyAccess": "",
        "AWSXRayDaemonWriteAccess": "",
        "AWSLambdaRole": "service-role/",
    }.items()
}


class OfflinePolicyLoader:
    """Stands in for samtranslator's ManagedPolicyLoader, which asks IAM."""

    def load(self) -> dict[str, str]:
        return dict(MANAGED_POLICIES)


def packaged(template: dict[str, Any]) -> dict[str, Any]:
    """What `sam package` makes of local paths: S3 objects and an ECR image."""
    out = copy.deepcopy(template)
    for logical_id, resource in out.get("Resources", {}).items():
        props = resource.setdefault("Properties", {}) or {}
        kind = resource.get("Type")
        if kind == "AWS::Serverless::Function":
            if props.get("PackageType") == "Image":
                props.setdefault("ImageUri", f"{IMAGE_REPOSITORY}:{logical_id.lower()}")
            elif isinstance(props.get("CodeUri"), str):
                props["CodeUri"] = f"s3://{ARTIFACT_BUCKET}/{logical_id}.zip"
        elif kind == "AWS::Serverless::LayerVersion" and isinstance(props.get("ContentUri"), str):
            props["ContentUri"] = f"s3://{ARTIFACT_BUCKET}/{logical_id}.zip"
        elif kind == "AWS::Serverless::StateMachine" and isinstance(
            props.get("DefinitionUri"), str
        ):
            props["DefinitionUri"] = {"Bucket": ARTIFACT_BUCKET, "Key": f"{logical_id}.asl.json"}
    return out


def transform(template: dict[str, Any], parameters: dict[str, str] | None = None) -> dict[str, Any]:
    """The transformed template; raises samtranslator's InvalidDocumentException."""
    os.environ.setdefault("AWS_DEFAULT_REGION", REGION)
    from samtranslator.translator.transform import transform as sam_transform

    values = {"AWS::AccountId": ACCOUNT, "AWS::Region": REGION, **(parameters or {})}
    return sam_transform(packaged(template), values, OfflinePolicyLoader())


def load(path: Path) -> dict[str, Any]:
    from samtranslator.yaml_helper import yaml_parse

    return yaml_parse(path.read_text())


def failure_messages(error: Exception) -> list[str]:
    causes = getattr(error, "causes", None) or []
    return [getattr(cause, "message", str(cause)) for cause in causes] or [str(error)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--template", type=Path, default=ROOT / "template.yaml")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--parameter", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    parameters = dict(item.split("=", 1) for item in args.parameter)

    import samtranslator
    from samtranslator.model.exceptions import InvalidDocumentException

    if samtranslator.__version__ != TRANSLATOR_VERSION:
        print(
            f"sam transform: aws-sam-translator {samtranslator.__version__} is not the "
            f"pinned {TRANSLATOR_VERSION}",
            file=sys.stderr,
        )
        return 2
    try:
        result = transform(load(args.template), parameters)
    except InvalidDocumentException as error:
        for message in failure_messages(error):
            print(f"sam transform: {message}", file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    print(f"sam transform: {len(result['Resources'])} resources -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
