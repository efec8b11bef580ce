"""Evidence files: the papers that prove a fact (a signed minute, a report's covering email, a scanned
letter), kept by their SHA-256 beside the store and attached to the facts they prove (schema version 11,
tables evidence_files and fact_files).

Why a module of its own: the desk's upload form, `comply attach`, the download, the finding page's list
and the evidence pack for the Secretary of State all store or read the same files; one place says how a
file is checked, where its bytes live and how they are written so that nothing is ever half-written.

- **Where**: the bytes of a file live once, by content, at `STORE.files/ab/abcdef...` (the store's file
  name with `.files`, a folder of the hash's first two hex digits, the whole hash), made with the store's
  own permissions. A file attached twice, to one fact or to many, is stored once.
- **How**: the bytes go to a temporary name in that folder, are flushed to disk (fsync) and renamed into
  place; the evidence_files and fact_files rows and the log entry ("attach", engine/store/audit.py) are
  written in one transaction, taken before the bytes are written (so two writers never race for one
  hash). If the transaction fails, a file this attachment wrote is removed: no orphan, no row without
  its file.
- **What**: at most MAX_FILE_BYTES (20 MB by default; `comply attach --max-file-mb`, `comply serve
  --max-upload-mb`), of a type in ACCEPTED detected from the content, never from the name: PDF, PNG and
  JPEG by their signatures, Word .docx and Excel .xlsx by their zip entries (the library `filetype`),
  Outlook .msg by its OLE2 streams (the library `olefile`), an email (.eml) by its RFC 5322 header
  block, plain text by being UTF-8 with no control characters. Anything else is refused, naming the
  file, what it was found to be and what is accepted.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import io
import os
import re
import sqlite3
import stat
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import filetype
import olefile
from pendulum import DateTime

from engine.core import clock
from engine.core.errors import InputError, StoreError
from engine.core.files import fsync_folder
from engine.store import audit
from engine.store.sqlite import Store, instant_text

__all__ = [
    "ACCEPTED",
    "MAX_FILE_BYTES",
    "Attachment",
    "Attached",
    "accepted_words",
    "attach",
    "attachments",
    "attachments_of_facts",
    "blob_path",
    "detect",
    "file_of_authority",
    "files_folder",
    "read_bytes",
    "safe_name",
    "size_words",
    "stored_hashes",
]

#: the largest evidence file accepted, in bytes (20 MB: a scanned minute of a few dozen pages);
#: `comply attach --max-file-mb` and `comply serve --max-upload-mb` change it
MAX_FILE_BYTES = 20 * 1024 * 1024

#: the accepted media types, as detected from the content, and what a user calls them
ACCEPTED: dict[str, str] = {
    "application/pdf": "PDF",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "text/plain": "plain text (UTF-8)",
    "message/rfc822": "email (.eml)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document (.docx)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel workbook (.xlsx)",
    "application/vnd.ms-outlook": "Outlook message (.msg)",
}

#: the longest file name kept (characters); a longer one is cut, keeping its extension
MAX_NAME_CHARS = 200

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
#: a header field's name (RFC 5322 section 3.6.8: printable ASCII but the colon)
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:[ \t]?")
#: the control characters plain text may carry: tab, line feed, form feed, carriage return
_TEXT_CONTROLS = {"\t", "\n", "\x0c", "\r"}
#: the OLE2 compound file signature (Outlook .msg, but also Word 97 .doc, Excel 97 .xls ...)
_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")


def accepted_words() -> str:
    """The accepted types in words: 'PDF, PNG image, ... or Outlook message (.msg)'."""
    names = list(ACCEPTED.values())
    return ", ".join(names[:-1]) + " or " + names[-1]


def size_words(size: int) -> str:
    """A size as a person reads it: '812 bytes', '14.2 KB', '3.1 MB' (1 KB = 1,024 bytes)."""
    if size < 1024:
        return f"{size:,} byte{'s' if size != 1 else ''}"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@dataclass(frozen=True)
class Attachment:
    """A stored file attached to a fact: the fact's id (as findings cite it), the file's SHA-256 (hex),
    the name it was attached under, its size in bytes, its media type (ACCEPTED), when (UTC text,
    engine.store.sqlite.instant_text) and by whom it was attached."""

    authority: str
    fact_id: str
    sha256: str
    filename: str
    size: int
    media_type: str
    attached_at: str
    attached_by: str

    @property
    def type_words(self) -> str:
        """The media type as a user calls it ('PDF', 'email (.eml)')."""
        return ACCEPTED.get(self.media_type, self.media_type)

    @property
    def size_words(self) -> str:
        """The size in words ('14.2 KB')."""
        return size_words(self.size)


@dataclass(frozen=True)
class Attached:
    """What `attach` did: the attachment, whether it is new (False: this file was already attached to
    this fact, and nothing was written), and whether the bytes were written now (False: a file with
    the same SHA-256 was already stored)."""

    attachment: Attachment
    new: bool
    bytes_written: bool


def files_folder(store_path: Path) -> Path:
    """The folder of a store's evidence files: beside the store, its name with `.files`
    (comply.db -> comply.db.files)."""
    store_path = Path(store_path)
    return store_path.with_name(store_path.name + ".files")


def blob_path(store_path: Path, sha256: str) -> Path:
    """Where the bytes with this SHA-256 live: STORE.files/ab/abcdef... Raises InputError for anything
    but 64 lower-case hex digits (a hash from a URL is never a path)."""
    if not _HEX64.match(sha256 or ""):
        raise InputError(f"SHA-256: expected 64 lower-case hex digits, got {sha256!r}")
    return files_folder(store_path) / sha256[:2] / sha256


def safe_name(filename: str) -> str:
    """The name a file is kept and downloaded under: the last part of the path it was given (a browser
    may send C:\\Users\\...\\minute.pdf), without control characters, at most MAX_NAME_CHARS
    characters (the extension kept). Raises InputError for a name that is empty once cleaned."""
    base = re.split(r"[\\/]", filename or "")[-1]
    cleaned = "".join(c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C").strip()
    if cleaned in ("", ".", ".."):
        raise InputError(f"file name: expected the name of a file, got {filename!r}")
    if len(cleaned) > MAX_NAME_CHARS:
        stem, dot, ext = cleaned.rpartition(".")
        ext = ext if dot and len(ext) <= 10 else ""
        cleaned = cleaned[: MAX_NAME_CHARS - len(ext) - 1].rstrip() + ("." + ext if ext else "")
    return cleaned


def detect(data: bytes, name: str) -> str:
    """The media type of a file's content (a key of ACCEPTED), from the bytes alone. Raises InputError
    naming the file (`name`), what it was found to be and the accepted types."""

    def refuse(found: str) -> InputError:
        return InputError(f"{name}: {found} is not accepted as an evidence file; expected {accepted_words()}")

    if not data:
        raise refuse("an empty file (0 bytes)")
    if data.startswith(_OLE2):
        return _ole2(data, refuse)
    kind = filetype.guess(data)
    if kind is not None:
        if kind.mime in ACCEPTED:
            return kind.mime
        raise refuse(f"a file of type {kind.mime} (.{kind.extension})")
    if _is_email(data):
        return "message/rfc822"
    if _is_text(data):
        return "text/plain"
    raise refuse("binary data of no known type")


def _ole2(data: bytes, refuse: Callable[[str], InputError]) -> str:
    """An OLE2 compound file is accepted only as an Outlook message (its __substg1.0_ property streams)."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = ["/".join(entry) for entry in ole.listdir(streams=True, storages=True)]
    except Exception:  # a hostile or damaged file may fail the parser anywhere: it is refused, never a crash
        raise refuse("a damaged Office 97-2003 (OLE2) file") from None
    if any(s.startswith("__substg1.0_") for s in streams) and "__properties_version1.0" in streams:
        return "application/vnd.ms-outlook"
    if "WordDocument" in streams:
        raise refuse("a Word 97-2003 document (.doc)")
    if "Workbook" in streams or "Book" in streams:
        raise refuse("an Excel 97-2003 workbook (.xls)")
    raise refuse("an Office 97-2003 (OLE2) file that is not an Outlook message")


def _is_text(data: bytes) -> bool:
    """UTF-8 (a byte-order mark allowed) with no control characters but tab, line and form feeds."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not any(unicodedata.category(c) == "Cc" and c not in _TEXT_CONTROLS for c in text)


def _is_email(data: bytes) -> bool:
    """An RFC 5322 message: it opens with header fields (a `From ` mbox line allowed), among them From and
    one of Date, Subject or Message-ID, then a blank line; no NUL byte anywhere."""
    if b"\x00" in data:
        return False
    head = data[:65536]
    if head.startswith(b"From "):
        head = head.split(b"\n", 1)[-1]
    if not _HEADER_LINE.match(head):
        return False
    end = re.search(rb"\r?\n\r?\n", head)
    if end is None:
        return False
    block = head[: end.end()]
    for line in re.split(rb"\r?\n", block[: end.start()]):
        if not (_HEADER_LINE.match(line) or line[:1] in (b" ", b"\t")):
            return False  # neither a field nor a folded continuation
    headers = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(block)
    names = {k.lower() for k in headers.keys()}
    return "from" in names and bool(names & {"date", "subject", "message-id"})


# -- writing ------------------------------------------------------------------------------------


def _modes(store_path: Path) -> tuple[int, int]:
    """The permissions of a stored file (the store file's, never executable) and of a folder (the
    same, with search where there is read)."""
    try:
        mode = stat.S_IMODE(store_path.stat().st_mode)
    except OSError:
        mode = 0o600
    file_mode = mode & 0o666
    folder_mode = file_mode | ((file_mode & 0o444) >> 2)
    return file_mode, folder_mode


def _write_blob(store_path: Path, sha256: str, data: bytes) -> bool:
    """The bytes at blob_path, written whole or not at all (temporary name, fsync, rename); False when
    they were already there, intact. Raises StoreError naming the path when they cannot be written."""
    target = blob_path(store_path, sha256)
    if target.is_file():
        try:
            if hashlib.sha256(target.read_bytes()).hexdigest() == sha256:
                return False
        except OSError:
            pass  # unreadable: written again below
    file_mode, folder_mode = _modes(store_path)
    tmp: str | None = None
    try:
        for folder in (target.parent.parent, target.parent):
            if not folder.is_dir():
                folder.mkdir(exist_ok=True)
                os.chmod(folder, folder_mode)
        fd, tmp = tempfile.mkstemp(prefix=f".{sha256[:12]}.", suffix=".partial", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, file_mode)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise StoreError(
            f"{target}: the evidence file cannot be written ({exc.strerror or exc}); nothing was attached"
        ) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    fsync_folder(target.parent)
    return True


def attach(
    store: Store,
    authority: str,
    fact_id: str,
    filename: str,
    data: bytes,
    attached_by: str,
    *,
    max_bytes: int = MAX_FILE_BYTES,
) -> Attached:
    """Attach a file (its name as given, its bytes) to a stored fact of an authority, by the id findings
    cite (submission:bv-q1 ...), and log it ("attach", engine/store/audit.py) in the same transaction.

    The bytes are stored once by SHA-256 (module docstring); a file already attached to this fact is not
    attached again (Attached.new False, nothing written, nothing logged). Raises InputError naming the
    file for a file over `max_bytes`, empty or of a type not in ACCEPTED, and for a fact the store does
    not hold (naming the fact); StoreError when the file or the rows cannot be written (then nothing is
    attached and no file this call wrote is left behind)."""
    name = safe_name(filename)
    if len(data) > max_bytes:
        raise InputError(
            f"{name}: {size_words(len(data))} ({len(data):,} bytes) is over the limit for an evidence file; "
            f"expected at most {size_words(max_bytes)} ({max_bytes:,} bytes)"
        )
    media_type = detect(data, name)
    sha256 = hashlib.sha256(data).hexdigest()
    now = instant_text(clock.now())
    wrote = False
    try:
        with store.transaction("no file was attached"):
            if not store.versions(authority, fact_id):
                raise InputError(
                    f"{fact_id}: no stored fact of {authority} has this id (the ids are those findings cite, "
                    "e.g. submission:<key>, meeting:<key>; `comply fact ID` shows one)"
                )
            existing = store.conn.execute(
                "SELECT * FROM fact_files f JOIN evidence_files e USING (sha256) "
                "WHERE f.authority=? AND f.fact_id=? AND f.sha256=?",
                (authority, fact_id, sha256),
            ).fetchone()
            if existing is not None:
                return Attached(_attachment(existing), new=False, bytes_written=False)
            # the write lock is held: no other writer stores or removes this hash meanwhile
            wrote = _write_blob(store.path, sha256, data)
            store.conn.execute(
                "INSERT OR IGNORE INTO evidence_files (sha256, size, media_type, stored_at) VALUES (?,?,?,?)",
                (sha256, len(data), media_type, now),
            )
            store.conn.execute(
                "INSERT INTO fact_files (authority, fact_id, sha256, filename, attached_at, attached_by) "
                "VALUES (?,?,?,?,?,?)",
                (authority, fact_id, sha256, name, now, attached_by),
            )
            audit.log(store, attached_by, "attach", authority=authority, subject=fact_id, detail=f"{name} ({sha256})")
    except BaseException as exc:
        if wrote:
            _remove_orphan(store, sha256)
        if isinstance(exc, sqlite3.IntegrityError):
            raise StoreError(f"the store refused the attachment of {name} ({exc}); nothing was attached") from None
        raise
    row = (authority, fact_id, sha256, name, len(data), media_type, now, attached_by)
    return Attached(Attachment(*row), new=True, bytes_written=wrote)


def _remove_orphan(store: Store, sha256: str) -> None:
    """After a failed attachment: remove the bytes it wrote unless a committed row refers to them."""
    try:
        kept = store.conn.execute("SELECT 1 FROM evidence_files WHERE sha256=?", (sha256,)).fetchone() is not None
    except sqlite3.Error:
        kept = False  # the store cannot say: the transaction that would have referred to them failed
    if not kept:
        blob_path(store.path, sha256).unlink(missing_ok=True)


# -- reading ------------------------------------------------------------------------------------


def _attachment(row: sqlite3.Row) -> Attachment:
    return Attachment(
        row["authority"],
        row["fact_id"],
        row["sha256"],
        row["filename"],
        row["size"],
        row["media_type"],
        row["attached_at"],
        row["attached_by"],
    )


_SELECT = "SELECT f.*, e.size, e.media_type FROM fact_files f JOIN evidence_files e USING (sha256)"


def attachments(store: Store, authority: str, fact_id: str) -> list[Attachment]:
    """The files attached to one fact of an authority, in the order they were attached."""
    rows = store.conn.execute(
        f"{_SELECT} WHERE f.authority=? AND f.fact_id=? ORDER BY f.attached_at, f.filename", (authority, fact_id)
    )
    return [_attachment(r) for r in rows]


def attachments_of_facts(
    store: Store, authority: str, fact_ids: Iterable[str], known_at: DateTime | None = None
) -> dict[str, list[Attachment]]:
    """The files attached to each of these facts ({fact id: attachments in the order attached}; a fact
    with none is left out); with `known_at`, only those attached by that instant."""
    wanted = sorted(set(fact_ids))
    found: dict[str, list[Attachment]] = {}
    cutoff = instant_text(known_at) if known_at is not None else None
    for start in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
        chunk = wanted[start : start + 500]
        sql = f"{_SELECT} WHERE f.authority=? AND f.fact_id IN ({','.join('?' * len(chunk))})"
        args: list[str] = [authority, *chunk]
        if cutoff is not None:
            sql += " AND f.attached_at <= ?"
            args.append(cutoff)
        for row in store.conn.execute(sql + " ORDER BY f.attached_at, f.filename", args):
            found.setdefault(row["fact_id"], []).append(_attachment(row))
    return {fid: found[fid] for fid in wanted if fid in found}


def file_of_authority(store: Store, authority: str, sha256: str, fact_id: str | None = None) -> Attachment | None:
    """An attachment of this file to a fact of the authority (to `fact_id` when given, else the first
    attached), or None when the file is attached to no fact of it (or the hash is not a hash)."""
    if not _HEX64.match(sha256 or ""):
        return None
    sql, args = f"{_SELECT} WHERE f.authority=? AND f.sha256=?", [authority, sha256]
    if fact_id:
        sql += " AND f.fact_id=?"
        args.append(fact_id)
    row = store.conn.execute(sql + " ORDER BY f.attached_at, f.fact_id LIMIT 1", args).fetchone()
    return _attachment(row) if row else None


def read_bytes(store_path: Path, sha256: str) -> bytes:
    """The stored bytes of a file, checked against their SHA-256. Raises StoreError naming the path
    when they are missing, unreadable or no longer match (a damaged or altered file is never served)."""
    path = blob_path(store_path, sha256)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"{path}: the evidence file is missing from the store's files folder") from None
    except OSError as exc:
        raise StoreError(f"{path}: the evidence file cannot be read ({exc.strerror or exc})") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise StoreError(f"{path}: the evidence file's bytes no longer match its SHA-256 (damaged or altered)")
    return data


def stored_hashes(store: Store) -> list[str]:
    """The SHA-256 of every stored evidence file (for the backup)."""
    return [r["sha256"] for r in store.conn.execute("SELECT sha256 FROM evidence_files ORDER BY sha256")]
