"""Writing a generated file (`--out FILE`) whole or not at all.

Why: a Board paper or a calendar feed that is half written (a full disk, an interrupted run) would
be read as the real thing. The bytes go to a temporary file in the same folder, which then
replaces the target in one rename. The checks come first and name the option, so a mistyped
folder is one clear error (exit code 2) rather than a traceback.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from engine.core.errors import FileError, InputError


def check_out_path(path: Path, option: str = "--out") -> Path:
    """Raise ValueError naming the option unless `path` can be written as a file."""
    if path.is_dir():
        raise InputError(f"{option}: {path} is a folder; expected a file name such as {path / 'report.html'}")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{option}: the folder {folder} does not exist (create it first)")
    if not os.access(folder, os.W_OK):
        raise InputError(f"{option}: the folder {folder} is not writable")
    return path


def fsync_folder(folder: Path) -> None:
    """Make a new name in `folder` durable (its directory entry fsynced), where the platform allows;
    a platform that cannot is not an error."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes, option: str = "--out") -> None:
    """Write `data` to `path` in one rename; on any failure the target is left as it was."""
    check_out_path(path, option)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


#: the largest text file (YAML, CSV) read, in bytes: 10 MB
MAX_TEXT_BYTES = 10 * 1024 * 1024


def read_text(path: Path, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """The file's text (UTF-8, a leading byte-order mark dropped). Raises FileError naming the file (and the line)
    when it cannot be read, is larger than max_bytes, is not UTF-8 or holds a NUL byte."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise FileError(path, "", f"the file is {size:,} bytes; the largest read is {max_bytes:,} bytes")
        raw = path.read_bytes()
    except OSError as exc:
        raise FileError(path, "", f"cannot read the file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FileError(
            path, f"line {line}", f"not UTF-8 text (byte {raw[exc.start]:#04x}); save it as UTF-8"
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FileError(path, f"line {line}", "a NUL byte (\\x00): the file is not text")
    return text
