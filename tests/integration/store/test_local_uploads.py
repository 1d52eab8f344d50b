"""The data folder's uploads pass the UploadedFiles contract."""

import pytest

from stratus.adapters.local_artifacts import LocalArtifactStore
from stratus.adapters.local_uploads import LocalUploadedFiles
from tests.contract.uploaded_files_contract import UploadedFilesContract

pytestmark = pytest.mark.integration


class TestLocalUploadedFiles(UploadedFilesContract):
    @pytest.fixture
    def artifacts(self, tmp_path):
        return LocalArtifactStore(
            tmp_path / "artifacts", base_url="http://127.0.0.1:8000", signing_key=b"k" * 32
        )

    @pytest.fixture
    def uploads(self, tmp_path, artifacts):
        return LocalUploadedFiles(tmp_path, artifacts)
