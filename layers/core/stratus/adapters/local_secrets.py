"""SecretBox with a local master key (Fernet), kept in a file readable only by its owner."""

from __future__ import annotations

from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from .local_files import read_or_create_secret


class LocalSecretBox:
    def __init__(self, key_file: Path) -> None:
        self._fernet = Fernet(read_or_create_secret(key_file, Fernet.generate_key).strip())

    def seal(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken as exc:
            raise ValueError("sealed secret cannot be opened with this master key") from exc
