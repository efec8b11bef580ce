"""Evidence files in the store (engine/store/files.py): stored once by SHA-256 beside the store, of a type
read from the content, within the size limit, attached in one transaction with the log entry, and nothing
left behind by a failed write; what goes in comes out byte for byte."""

from __future__ import annotations

import hashlib
import io
import stat
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers import bundled_store
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from engine.core.errors import InputError, StoreError
from engine.model import facts as M
from engine.store import audit
from engine.store import files as F
from engine.store.sqlite import Store

FACT = "submission:bv-2017-q1-report"
AUTHORITY = "tower-hamlets"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def ole2(streams: list[str]) -> bytes:
    """A minimal OLE2 compound file (512-byte sectors: header, one FAT sector, one directory sector)
    whose root holds empty streams of these names: an Outlook .msg or a Word 97 .doc, as far as their
    directory goes."""
    end, free = 0xFFFFFFFE, 0xFFFFFFFF
    header = bytearray(512)
    header[0:8] = bytes.fromhex("d0cf11e0a1b11ae1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 76, 0, *[free] * 108)
    fat = struct.pack("<128I", 0xFFFFFFFD, end, *[free] * 126)
    names = ["Root Entry", *streams]
    directory = b""
    for i, name in enumerate(names):
        raw = name.encode("utf-16-le") + b"\0\0"
        entry = bytearray(128)
        entry[: len(raw)] = raw
        right = i + 1 if 0 < i < len(names) - 1 else free
        child = 1 if i == 0 and len(names) > 1 else free
        struct.pack_into("<HBB", entry, 64, len(raw), 5 if i == 0 else 2, 1)
        struct.pack_into("<III", entry, 68, free, right, child)
        struct.pack_into("<II", entry, 116, end, 0)
        directory += bytes(entry)
    return bytes(header) + fat + directory.ljust(512 * ((len(directory) + 511) // 512), b"\0")


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("_rels/.rels", "<Relationships/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb")
EML = b"From: mo@towerhamlets.gov.uk\r\nTo: sos@example.gov.uk\r\nSubject: Q1 report\r\n\r\nAttached.\r\n"


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        ("The minute, as agreed — 14 June 2017\n".encode(), "text/plain"),
        (EML, "message/rfc822"),
        (docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (ole2(["__properties_version1.0", "__substg1.0_0037001F"]), "application/vnd.ms-outlook"),
    ],
)
def test_each_accepted_type_is_read_from_the_content_not_the_name(data: bytes, media_type: str) -> None:
    assert F.detect(data, "misleading.exe") == media_type


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"", "an empty file (0 bytes)"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00", "a file of type image/gif (.gif)"),
        (
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00",
            "a file of type application/x-msdownload (.exe)",
        ),
        (bytes(range(256)), "binary data of no known type"),
        (ole2(["WordDocument"]), "a Word 97-2003 document (.doc)"),
        (ole2(["Workbook"]), "an Excel 97-2003 workbook (.xls)"),
        (bytes.fromhex("d0cf11e0a1b11ae1") + b"cut short", "a damaged Office 97-2003 (OLE2) file"),
        ("é".encode("latin-1") * 20, "binary data of no known type"),
    ],
)
def test_a_type_not_accepted_is_refused_naming_the_file_and_the_type(data: bytes, found: str) -> None:
    with pytest.raises(InputError) as refused:
        F.detect(data, "minute.pdf")
    message = str(refused.value)
    assert message.startswith(f"minute.pdf: {found} is not accepted"), message
    assert "expected PDF, PNG image" in message and "Outlook message (.msg)" in message


def blob_files(store_path: Path) -> list[Path]:
    folder = F.files_folder(store_path)
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_the_same_bytes_twice_are_stored_once_and_logged_once_per_attachment(tmp_path: Path) -> None:
    with bundled_store(tmp_path) as store:
        first = F.attach(store, AUTHORITY, FACT, "minute.pdf", PDF, "ed")
        again = F.attach(store, AUTHORITY, FACT, "minute-copy.pdf", PDF, "ed")
        other_fact = F.attach(store, AUTHORITY, "meeting:bvib-2017-06-14", "minute.pdf", PDF, "ed")
        sha = hashlib.sha256(PDF).hexdigest()
        assert first.new and first.bytes_written
        assert not again.new and not again.bytes_written  # already attached to this fact: nothing written
        assert other_fact.new and not other_fact.bytes_written  # a second fact, the same bytes: stored once
        assert blob_files(store.path) == [F.files_folder(store.path) / sha[:2] / sha]
        assert store.conn.execute("SELECT COUNT(*) FROM evidence_files").fetchone()[0] == 1
        logged = audit.entries(store, action="attach")
        assert [(e.actor, e.subject, e.authority) for e in reversed(logged)] == [
            ("ed", FACT, AUTHORITY),
            ("ed", "meeting:bvib-2017-06-14", AUTHORITY),
        ]
        assert sha in logged[0].detail and "minute.pdf" in logged[0].detail
        [listed] = F.attachments(store, AUTHORITY, FACT)
        assert (listed.filename, listed.size, listed.media_type, listed.attached_by) == (
            "minute.pdf",
            len(PDF),
            "application/pdf",
            "ed",
        )


def test_the_files_take_the_stores_permissions(tmp_path: Path) -> None:
    with bundled_store(tmp_path) as store:
        store.path.chmod(0o640)
        F.attach(store, AUTHORITY, FACT, "minute.pdf", PDF, "ed")
        [blob] = blob_files(store.path)
        assert stat.S_IMODE(blob.stat().st_mode) == 0o640
        assert stat.S_IMODE(blob.parent.stat().st_mode) == 0o750
        assert not [p for p in blob.parent.iterdir() if p.name.endswith(".partial")]


def test_over_the_limit_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    with bundled_store(tmp_path) as store:
        big = PDF + b"0" * 2048
        with pytest.raises(
            InputError, match=r"scan\.pdf: 2\.\d KB \(2,\d+ bytes\) is over the limit .* at most 2\.0 KB"
        ):
            F.attach(store, AUTHORITY, FACT, "scan.pdf", big, "ed", max_bytes=2048)
        assert blob_files(store.path) == [] and F.attachments(store, AUTHORITY, FACT) == []
        assert F.MAX_FILE_BYTES == 20 * 1024 * 1024


def test_a_fact_the_store_does_not_hold_is_refused(tmp_path: Path) -> None:
    with bundled_store(tmp_path) as store:
        with pytest.raises(InputError, match="submission:nope: no stored fact of tower-hamlets"):
            F.attach(store, AUTHORITY, "submission:nope", "minute.pdf", PDF, "ed")
        assert blob_files(store.path) == [] and audit.entries(store, action="attach") == []


def test_a_failed_database_write_leaves_no_orphan_file(tmp_path: Path) -> None:
    with bundled_store(tmp_path) as store:
        # the database refuses the row (as a full disk or a constraint would), after the bytes were written
        store.conn.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON fact_files BEGIN SELECT RAISE(ABORT, 'refused by a test'); END"
        )
        with pytest.raises(StoreError, match="minute.pdf .*refused by a test.*nothing was attached"):
            F.attach(store, AUTHORITY, FACT, "minute.pdf", PDF, "ed")
        assert blob_files(store.path) == []
        assert store.conn.execute("SELECT COUNT(*) FROM evidence_files").fetchone()[0] == 0
        assert audit.entries(store, action="attach") == []
        # a file already stored for another fact is kept when a second attachment of it fails
        store.conn.execute("DROP TRIGGER refuse")
        F.attach(store, AUTHORITY, FACT, "minute.pdf", PDF, "ed")
        store.conn.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON fact_files BEGIN SELECT RAISE(ABORT, 'refused by a test'); END"
        )
        with pytest.raises(StoreError):
            F.attach(store, AUTHORITY, "meeting:bvib-2017-06-14", "minute.pdf", PDF, "ed")
        assert len(blob_files(store.path)) == 1
        assert F.read_bytes(store.path, hashlib.sha256(PDF).hexdigest()) == PDF


def test_an_altered_file_is_never_read_back(tmp_path: Path) -> None:
    with bundled_store(tmp_path) as store:
        sha = F.attach(store, AUTHORITY, FACT, "minute.pdf", PDF, "ed").attachment.sha256
        path = F.blob_path(store.path, sha)
        path.write_bytes(PDF + b"tampered")
        with pytest.raises(StoreError, match="no longer match its SHA-256"):
            F.read_bytes(store.path, sha)
        # attaching the true bytes again mends the stored file
        F.attach(store, AUTHORITY, "meeting:bvib-2017-06-14", "minute.pdf", PDF, "ed")
        assert F.read_bytes(store.path, sha) == PDF


@pytest.mark.parametrize(
    ("given_name", "kept"),
    [
        ("C:\\Users\\mo\\Documents\\minute.pdf", "minute.pdf"),
        ("../../etc/passwd", "passwd"),
        ("minute\r\n\x00.pdf", "minute.pdf"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_file_names_are_kept_without_paths_or_control_characters(given_name: str, kept: str) -> None:
    assert F.safe_name(given_name) == kept


def test_a_hash_from_outside_is_never_a_path(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        F.blob_path(tmp_path / "comply.db", "../../../etc/passwd")
    with bundled_store(tmp_path) as store:
        assert F.file_of_authority(store, AUTHORITY, "../x") is None


#: files of an accepted type with any content: a PDF (its signature, then any bytes) or any text
ANY_FILE = st.one_of(
    st.binary(max_size=4096).map(lambda b: b"%PDF-1.7\n" + b),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff"), min_size=1).map(
        lambda t: t.encode("utf-8")
    ),
)


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=ANY_FILE, name=st.text(min_size=1, max_size=40).filter(lambda n: n.strip("\\/ .\r\n\t") != ""))
def test_any_bytes_attached_come_back_identical_with_the_same_sha256(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, name: str
) -> None:
    folder = tmp_path_factory.mktemp("attached")
    with Store.open(folder / "comply.db") as store:
        store.write("tower-hamlets", [("authority", store_authority())], "test")
        store.write("tower-hamlets", [("submissions", submission())], "test")
        try:
            made = F.attach(store, AUTHORITY, "submission:q1", name, data, "ed")
        except InputError as exc:  # a name that is nothing once cleaned: refused, never stored
            assert "file name" in str(exc)
            assert blob_files(store.path) == []
            return
        a = made.attachment
        assert a.sha256 == hashlib.sha256(data).hexdigest() and a.size == len(data)
        assert F.read_bytes(store.path, a.sha256) == data
        assert F.file_of_authority(store, AUTHORITY, a.sha256) == F.attachments(store, AUTHORITY, "submission:q1")[0]


def store_authority() -> M.AuthorityFact:
    return M.AuthorityFact.model_validate({"key": "tower-hamlets", "name": "London Borough of Tower Hamlets"})


def submission() -> M.Submission:
    return M.Submission.model_validate(
        {"key": "q1", "what": "the first quarterly report", "received": "2017-07-03T10:00"}
    )
