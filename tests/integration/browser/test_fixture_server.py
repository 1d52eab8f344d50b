"""The fixture server: static files, form echo, uploads, attachments, server-side errors."""

import httpx
import pytest

pytestmark = pytest.mark.integration


def test_static_pages_and_missing_files(fixture_server) -> None:
    page = httpx.get(fixture_server.url("/job/"))
    assert page.status_code == 200 and "Apply: Data Analyst" in page.text
    assert page.headers["content-type"].startswith("text/html")
    assert httpx.get(fixture_server.url("/nope.html")).status_code == 404
    assert httpx.get(fixture_server.url("/../server.py")).status_code == 404


def test_echo_shows_posted_fields_and_upload_names(fixture_server) -> None:
    form = httpx.post(fixture_server.url("/echo"), data={"quantity": "12", "note": "a<b"})
    assert "quantity" in form.text and "12" in form.text and "a&lt;b" in form.text
    upload = httpx.post(
        fixture_server.url("/echo"),
        data={"name": "Ada"},
        files={"resume": ("cv.pdf", b"%PDF-1.4 tiny", "application/pdf")},
    )
    assert "file:cv.pdf (13 bytes)" in upload.text and "Ada" in upload.text


def test_attachments_and_server_side_validation(fixture_server) -> None:
    csv = httpx.get(fixture_server.url("/download/files/report-2024-05.csv"))
    assert csv.headers["content-disposition"].startswith("attachment")
    bad = httpx.post(fixture_server.url("/error/submit"), data={"zip": "12"})
    assert bad.status_code == 400 and "valid 5-digit ZIP" in bad.text
    good = httpx.post(fixture_server.url("/error/submit"), data={"zip": "94110"})
    assert good.status_code == 200 and "Shipping to 94110" in good.text
