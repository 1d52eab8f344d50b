import stat
import threading

import pytest

from stratus.adapters.local_files import read_or_create_secret, write_secret

pytestmark = pytest.mark.unit


def test_secret_files_are_owner_only_and_made_once(tmp_path):
    path = tmp_path / "keys" / "master.key"
    first = read_or_create_secret(path, lambda: b"one")
    again = read_or_create_secret(path, lambda: b"two")
    assert first == again == b"one"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    write_secret(path, b"three")
    assert path.read_bytes() == b"three"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_two_starters_on_a_new_folder_agree_on_one_key(tmp_path):
    path = tmp_path / "master.key"
    seen: list[bytes] = []
    counter = iter(range(100))
    starters = [
        threading.Thread(
            target=lambda: seen.append(
                read_or_create_secret(path, lambda: str(next(counter)).encode())
            )
        )
        for _ in range(8)
    ]
    for thread in starters:
        thread.start()
    for thread in starters:
        thread.join()
    assert len(set(seen)) == 1 and len(seen) == 8
