"""Evidence files on the desk (engine/web/files.py), through Flask's test client on a real SQLite store:
editors attach on the fact page, anyone signed in downloads (as an attachment, never rendered), the
finding page lists the files that prove it, and the upload route alone may read a large body."""

from __future__ import annotations

import hashlib
import io
import re
import urllib.parse
from collections.abc import Callable

from desk_client import csrf_token
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from engine.model import facts as M
from engine.store import audit
from engine.store import files as F
from engine.store.sqlite import Store

FACT = "submission:bv-2017-q1-report"
Q1 = "tower-hamlets/bv-2017.quarterly-report/1"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def upload(client: FlaskClient, fact_id: str, *files: tuple[bytes, str]):
    token = csrf_token(client, f"/fact/{fact_id}")
    return client.post(
        "/files/attach",
        data={"csrf_token": token, "fact_id": fact_id, "files": [(io.BytesIO(d), n) for d, n in files]},
        content_type="multipart/form-data",
    )


def test_an_editor_attaches_a_file_and_a_viewer_downloads_it(
    signed_in: Callable[[str], FlaskClient], desk_app: Flask
) -> None:
    ed = signed_in("ed")
    page = ed.get(f"/fact/{FACT}").get_data(as_text=True)
    assert 'id="no-fact-files"' in page and 'type="file"' in page and 'enctype="multipart/form-data"' in page
    posted = upload(ed, FACT, (PDF, "Q1 report – covering minute.pdf"))
    assert posted.status_code == 302 and posted.headers["Location"].endswith(f"/fact/{FACT}")
    sha = hashlib.sha256(PDF).hexdigest()
    page = ed.get(f"/fact/{FACT}").get_data(as_text=True)
    assert "Attached Q1 report – covering minute.pdf (PDF, 51 bytes)" in page
    table = page[page.index('id="fact-files"') :]
    assert sha in table and "PDF" in table and "51 bytes" in table and "ed, " in table
    with Store.open(desk_app.config["DESK_STORE"]) as store:
        [entry] = audit.entries(store, action="attach")
        assert (entry.actor, entry.subject, entry.authority) == ("ed", FACT, "tower-hamlets") and sha in entry.detail

    vi = signed_in("vi")
    viewer_page = vi.get(f"/fact/{FACT}").get_data(as_text=True)
    assert sha in viewer_page and 'type="file"' not in viewer_page  # viewers read, never upload
    got = vi.get(f"/files/{sha}?fact={urllib.parse.quote(FACT)}")
    assert got.status_code == 200 and got.data == PDF
    assert got.headers["Content-Type"] == "application/pdf"
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    disposition = got.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Q1%20report%20%E2%80%93%20covering%20minute.pdf" in disposition
    assert "sandbox" in got.headers["Content-Security-Policy"]

    finding = vi.get(f"/finding/{Q1}?as_of=2018-02-01").get_data(as_text=True)
    listed = finding[finding.index('id="finding-files"') :]
    assert f"/files/{sha}" in listed and "Q1 report – covering minute.pdf" in listed and FACT in listed


def test_html_is_served_as_text_to_download_never_rendered(signed_in: Callable[[str], FlaskClient]) -> None:
    ed = signed_in("ed")
    html = b"<html><script>alert(document.cookie)</script></html>\n"
    assert upload(ed, FACT, (html, "page.html")).status_code == 302
    got = ed.get(f"/files/{hashlib.sha256(html).hexdigest()}")
    assert got.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert got.headers["Content-Disposition"].startswith("attachment;") and got.data == html


def test_a_refused_file_names_the_file_and_stores_nothing(
    signed_in: Callable[[str], FlaskClient], desk_app: Flask
) -> None:
    ed = signed_in("ed")
    refused = upload(ed, FACT, (b"GIF89a\x01\x00\x01\x00\x00\x00", "photo.pdf"), (PDF, "minute.pdf"))
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "There is a problem" in text and "photo.pdf: a file of type image/gif (.gif) is not accepted" in text
    none_chosen = ed.post(
        "/files/attach",
        data={"csrf_token": csrf_token(ed, f"/fact/{FACT}"), "fact_id": FACT},
        content_type="multipart/form-data",
    )
    assert none_chosen.status_code == 422 and "Select a file to attach" in none_chosen.get_data(as_text=True)
    unknown = upload(ed, "submission:nope", (PDF, "minute.pdf"))
    assert unknown.status_code == 422 and "submission:nope: no stored fact" in unknown.get_data(as_text=True)
    with Store.open(desk_app.config["DESK_STORE"]) as store:
        # each file is all or nothing: the good one of the first upload was stored, the refused one not
        assert [a.filename for a in F.attachments(store, "tower-hamlets", FACT)] == ["minute.pdf"]
        assert store.conn.execute("SELECT COUNT(*) FROM evidence_files").fetchone()[0] == 1


def test_a_viewer_cannot_upload_and_anyone_not_signed_in_is_sent_to_sign_in(
    signed_in: Callable[[str], FlaskClient], desk_app: Flask
) -> None:
    ed = signed_in("ed")
    assert upload(ed, FACT, (PDF, "minute.pdf")).status_code == 302
    sha = hashlib.sha256(PDF).hexdigest()
    vi = signed_in("vi")
    assert upload(vi, FACT, (b"%PDF-1.4 other", "other.pdf")).status_code == 403
    anonymous = desk_app.test_client()
    got = anonymous.get(f"/files/{sha}")
    assert got.status_code == 302 and "/login" in got.headers["Location"]
    assert PDF not in got.data
    assert anonymous.get("/files/attach").status_code == 302


def test_a_hash_attached_to_no_fact_of_the_desks_authority_is_not_found(
    signed_in: Callable[[str], FlaskClient], desk_app: Flask
) -> None:
    with Store.open(desk_app.config["DESK_STORE"]) as store:
        other = M.AuthorityFact.model_validate({"key": "elsewhere", "name": "Elsewhere Council"})
        report = M.Submission.model_validate({"key": "q1", "what": "a report", "received": "2017-07-03T10:00"})
        store.write("elsewhere", [("authority", other), ("submissions", report)], "test")
        sha = F.attach(store, "elsewhere", "submission:q1", "theirs.pdf", PDF, "test").attachment.sha256
    vi = signed_in("vi")
    assert vi.get(f"/files/{sha}").status_code == 404  # stored, but for another authority
    assert vi.get(f"/files/{'0' * 64}").status_code == 404
    assert vi.get("/files/not-a-hash").status_code == 404


def test_an_upload_over_the_limit_gets_413_and_other_forms_keep_the_small_limit(
    signed_in: Callable[[str], FlaskClient], desk_app: Flask
) -> None:
    desk_app.config["DESK_MAX_UPLOAD_BYTES"] = 256 * 1024
    ed = signed_in("ed")
    fits = PDF + b"0" * (200 * 1024)
    assert upload(ed, FACT, (fits, "fits.pdf")).status_code == 302  # over the desk's usual limit? no: 200 KB
    too_big = upload(ed, FACT, (PDF + b"0" * (400 * 1024), "scan.pdf"))
    assert too_big.status_code == 413
    text = too_big.get_data(as_text=True)
    assert "File too large" in text and "at most 256.0 KB" in text and "Traceback" not in text
    # just over the file limit but within the form's allowance: refused by the store, naming the file
    over = upload(ed, FACT, (PDF + b"0" * (256 * 1024), "over.pdf"))
    assert over.status_code == 422
    assert "over.pdf: 256.0 KB (262,195 bytes) is over the limit" in over.get_data(as_text=True)
    # the desk's other routes still read at most MAX_CONTENT_LENGTH (1 MB)
    desk_app.config["DESK_MAX_UPLOAD_BYTES"] = 20 * 1024 * 1024
    big_form = ed.post(
        "/record/meeting",
        data={"csrf_token": csrf_token(ed, "/record/meeting"), "source": "x" * (2 * 1024 * 1024)},
    )
    assert big_form.status_code == 413
    large_upload = upload(ed, FACT, (PDF + b"1" * (3 * 1024 * 1024), "large scan.pdf"))
    assert large_upload.status_code == 302  # 3 MB: over the forms' limit, within the upload's


def test_any_bytes_uploaded_are_downloaded_identical(signed_in: Callable[[str], FlaskClient]) -> None:
    ed = signed_in("ed")

    @settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.binary(max_size=2048).map(lambda b: b"%PDF-1.7\n" + b))
    def round_trip(data: bytes) -> None:
        posted = upload(ed, FACT, (data, "any.pdf"))
        assert posted.status_code == 302, posted.get_data(as_text=True)
        got = ed.get(f"/files/{hashlib.sha256(data).hexdigest()}")
        assert got.status_code == 200 and got.data == data
        assert hashlib.sha256(got.data).hexdigest() == hashlib.sha256(data).hexdigest()

    round_trip()


def test_the_upload_page_alone_shows_the_form(signed_in: Callable[[str], FlaskClient]) -> None:
    page = signed_in("ed").get(f"/files/attach?fact_id={FACT}").get_data(as_text=True)
    assert "Attach an evidence file" in page and re.search(
        r'name="fact_id"[^>]*value="submission:bv-2017-q1-report"', page
    )
