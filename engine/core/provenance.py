"""Where an answer comes from: the version of comply and the exact direction texts it applied.

Why one module: a Board paper, a nightly run and its email can each be traced to their inputs only
if they name the same things the same way. The Board report's footer and the nightly run's record
both take the version and the SHA-256 of each direction file from here.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = [
    "DirectionFile",
    "comply_version",
    "code_version",
    "direction_files",
    "direction_hashes",
    "direction_texts",
    "hashes_of_texts",
]

#: the checkout comply runs from (for `git describe`; an installed wheel has none)
SOURCE_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class DirectionFile:
    """A direction file an answer was computed from: its file name and the SHA-256 of its bytes."""

    name: str
    sha256: str


def comply_version() -> str:
    """The installed package's version, or 'unknown (not installed)' from a bare source tree."""
    try:
        return metadata.version("comply")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def code_version() -> str:
    """The package version plus `git describe` of the checkout when there is one
    ('0.1.0+git.b930bf1-dirty'); the version alone when comply was installed from a wheel (no .git beside
    the engine package: a virtual environment inside some other repository must not take its commit)."""
    version = comply_version()
    if not (SOURCE_ROOT / ".git").exists():  # installed from a wheel: never describe a repository it happens to sit in
        return version
    try:
        described = subprocess.run(
            ["git", "-C", str(SOURCE_ROOT), "describe", "--always", "--dirty", "--tags"],
            capture_output=True,
            text=True,
            timeout=10,
        )
        git = described.stdout.strip() if described.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        git = ""
    return f"{version}+git.{git}" if git else version


def direction_files(folder: Path) -> list[DirectionFile]:
    """The *.yaml files `load_directions` reads from `folder`, sorted by name, with the SHA-256 of
    each file's bytes; none when the folder does not exist."""
    if not folder.is_dir():
        return []
    return [DirectionFile(p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in sorted(folder.glob("*.yaml"))]


def direction_hashes(folder: Path) -> dict[str, str]:
    """{file name: SHA-256} of the direction files in `folder`, as a run records them."""
    return {f.name: f.sha256 for f in direction_files(folder)}


def direction_texts(folder: Path) -> dict[str, str]:
    """{file name: text} of the direction files in `folder` (as direction_files), so that a run can
    keep the rules it applied and be replayed with them; none when the folder does not exist."""
    if not folder.is_dir():
        return {}
    return {p.name: p.read_bytes().decode("utf-8") for p in sorted(folder.glob("*.yaml"))}


def hashes_of_texts(texts: dict[str, str]) -> dict[str, str]:
    """{file name: SHA-256 of its UTF-8 bytes}: the hashes of direction_texts (as direction_hashes)."""
    return {name: hashlib.sha256(text.encode("utf-8")).hexdigest() for name, text in texts.items()}
