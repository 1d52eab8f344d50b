"""Reading a ``multipart/form-data`` body with the standard library: each named part's
bytes and, for a file part, its filename."""

from __future__ import annotations

from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP


@dataclass(frozen=True)
class FormPart:
    data: bytes
    filename: str | None = None


class NotMultipart(ValueError):
    pass


def parse_form(content_type: str, body: bytes) -> dict[str, FormPart]:
    if not content_type.lower().startswith("multipart/form-data"):
        raise NotMultipart("the body must be multipart/form-data")
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise NotMultipart("the multipart body has no parts (is its boundary right?)")
    parts: dict[str, FormPart] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or name in parts:
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        parts[name] = FormPart(data=data, filename=part.get_filename())
    return parts
