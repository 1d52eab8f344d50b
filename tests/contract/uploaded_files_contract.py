"""The UploadedFiles contract: every adapter (the data folder, S3 on moto) subclasses
UploadedFilesContract and provides ``uploads`` and the ``artifacts`` store it links into."""

from __future__ import annotations


class UploadedFilesContract:
    def test_a_file_keeps_its_name_and_its_bytes(self, uploads, artifacts) -> None:
        stored = uploads.save("o_1", "resume.pdf", b"%PDF-1.4 cv")

        assert stored.name == "resume.pdf"
        assert artifacts.get(stored.artifact_key)[0] == b"%PDF-1.4 cv"
        assert stored.location.endswith("resume.pdf")

    def test_a_name_in_use_gets_another_and_both_files_are_kept(self, uploads, artifacts) -> None:
        first = uploads.save("o_1", "resume.pdf", b"first")
        second = uploads.save("o_1", "resume.pdf", b"second")
        third = uploads.save("o_1", "resume.pdf", b"third")

        assert first.name == "resume.pdf"
        assert second.name == "resume-1.pdf" and third.name == "resume-2.pdf"
        assert len({first.artifact_key, second.artifact_key, third.artifact_key}) == 3
        assert artifacts.get(first.artifact_key)[0] == b"first"
        assert artifacts.get(second.artifact_key)[0] == b"second"

    def test_organizations_do_not_share_names(self, uploads, artifacts) -> None:
        mine = uploads.save("o_1", "cv.txt", b"mine")
        theirs = uploads.save("o_2", "cv.txt", b"theirs")

        assert mine.name == theirs.name == "cv.txt"
        assert mine.artifact_key != theirs.artifact_key
        assert artifacts.get(mine.artifact_key)[0] == b"mine"
        assert artifacts.get(theirs.artifact_key)[0] == b"theirs"

    def test_a_name_cannot_leave_the_organizations_files(self, uploads, artifacts) -> None:
        stored = uploads.save("o_1", "../../o_2/secret plan.txt", b"x")

        assert "/" not in stored.name and ".." not in stored.name
        assert stored.name.endswith(".txt")
        assert "o_2" not in stored.artifact_key
        assert stored.artifact_key.startswith("uploads/o_1/")
        assert artifacts.get(stored.artifact_key)[0] == b"x"

    def test_a_steps_files_folder_gets_the_organizations_uploads(self, uploads, tmp_path) -> None:
        uploads.save("o_1", "resume.pdf", b"cv")
        uploads.save("o_1", "resume.pdf", b"cv 2")
        uploads.save("o_2", "theirs.txt", b"not mine")
        folder = tmp_path / "step-files"
        folder.mkdir()

        assert sorted(uploads.copy_to("o_1", folder)) == ["resume-1.pdf", "resume.pdf"]
        assert (folder / "resume.pdf").read_bytes() == b"cv"
        assert (folder / "resume-1.pdf").read_bytes() == b"cv 2"
        assert not (folder / "theirs.txt").exists()
        assert uploads.copy_to("o_1", folder) == []  # what is there is not copied again
        assert uploads.copy_to("o_3", folder) == []
