"""The evidence journey in a real browser (Debian's chromium via playwright) on a real `comply serve`: an
editor attaches a PDF to a stored fact with the fact page's GOV.UK file upload, sees it listed with its
SHA-256, downloads it and gets the very bytes; a viewer finds it on the finding it proves and downloads it
too. The server and the browser are those of tests/web/test_desk_web.py (its fixtures, imported)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from browser import follow
from test_desk_web import EDITOR, EDITOR_PASSWORD, VIEWER, VIEWER_PASSWORD, Desk, browser, context, desk, sign_in

__all__ = ["browser", "context", "desk"]  # the fixtures this module uses, imported from test_desk_web

FACT = "submission:bv-2017-q1-report"
Q1 = "tower-hamlets/bv-2017.quarterly-report/1"
#: a small, well-formed PDF (one empty page)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_an_editor_attaches_a_pdf_and_downloads_the_same_bytes(desk: Desk, context, tmp_path: Path) -> None:
    sha = hashlib.sha256(PDF).hexdigest()
    page = context.new_page()
    sign_in(page, desk, EDITOR, EDITOR_PASSWORD)
    page.goto(f"{desk.url}/fact/{FACT}")
    assert "No files are attached to this fact." in page.inner_text("#no-fact-files")
    page.set_input_files(
        "input#files", files=[{"name": "Q1 report, signed.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    follow(page.locator("#attach-files"))
    assert f"/fact/{FACT}" in page.url, page.url
    assert f"Attached Q1 report, signed.pdf (PDF, {len(PDF)} bytes) to {FACT}." in page.inner_text("body")
    table = page.inner_text("#fact-files")
    assert "Q1 report, signed.pdf" in table and sha in table and EDITOR in table

    with page.expect_download() as waiting:
        page.click("#fact-files a")  # a download: stays on the page
    download = waiting.value
    assert download.suggested_filename == "Q1 report, signed.pdf"
    saved = tmp_path / "downloaded.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == PDF

    # a viewer: the finding the fact proves lists the file, and it downloads the same
    viewer = context.browser.new_context(locale="en-GB", timezone_id="Europe/London")
    try:
        vpage = viewer.new_page()
        sign_in(vpage, desk, VIEWER, VIEWER_PASSWORD)
        vpage.goto(f"{desk.url}/finding/{Q1}?as_of=2018-02-01")
        listed = vpage.inner_text("#finding-files")
        assert "Q1 report, signed.pdf" in listed and FACT in listed
        with vpage.expect_download() as waiting:
            vpage.click("#finding-files a[download]")  # a download: stays on the page
        again = tmp_path / "viewer.pdf"
        waiting.value.save_as(again)
        assert hashlib.sha256(again.read_bytes()).hexdigest() == sha
        vpage.goto(f"{desk.url}/fact/{FACT}")
        assert vpage.locator("input#files").count() == 0  # viewers read, never upload
    finally:
        viewer.close()
