"""The evidence pack: one zip file with the findings as of a date, every file that proves them, and a
manifest of hashes, for the Secretary of State's commissioners or the auditors (`comply evidence-pack`).

Why a pack: an inspector asks "show us": what the council's position was on a date, and the papers
behind it. A zip carries both, and its manifest lets the reader check that nothing was changed on the
way: each file's SHA-256 (also its folder's name in the pack), its size, name and type, and which
findings and facts it proves; the manifest's own SHA-256 is printed when the pack is made, to be sent
apart from it (an email, a letter), so that the manifest itself can be checked.

Inside the pack (docs/command-line.md, "The evidence pack"):

    findings.json                  exactly what `comply check --format json` prints for the date
    manifest.json                  the files, their hashes, what each proves (MANIFEST_FORMAT)
    files/<sha256>/<name>          each file that proves a finding, once, under the name it was attached with

The pack is the same bytes for the same store, date and files (entries in a fixed order with a fixed
time stamp), and written whole or not at all (a temporary file, then a rename); an existing pack is
replaced only when asked (`--force`).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pendulum import DateTime

from engine.core.errors import InputError
from engine.core.files import check_out_path, write_atomically
from engine.model.findings import Report
from engine.outputs.findings_json import findings_json
from engine.store import files as F
from engine.store.failures import store_failure
from engine.store.sqlite import Store

__all__ = ["MANIFEST_FORMAT", "Pack", "findings_json", "write_pack"]

#: the manifest's format, named in it (a reader may check it)
MANIFEST_FORMAT = "comply evidence pack 1"
#: the time stamp of every entry in the zip (the pack does not depend on when it was made)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Pack:
    """What `write_pack` wrote: the zip's path, its findings, the files in it and their bytes, and the
    SHA-256 (hex) of the manifest and of the whole zip."""

    path: Path
    findings: int
    files: int
    files_bytes: int
    manifest_sha256: str
    zip_sha256: str


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def write_pack(
    store: Store, report: Report, out: Path, *, force: bool = False, known_at: DateTime | None = None
) -> Pack:
    """Write the evidence pack of `report` (the findings of one authority as of a date) to `out`: the
    findings' JSON, every file attached to a fact the findings cite as evidence (with `known_at`: attached
    by then), and the manifest. Raises InputError naming --out for a pack that exists (without `force`) or
    a folder that cannot be written; StoreError naming a stored file that is missing or altered (no pack is
    then written)."""
    out = Path(out)
    if (out.exists() or out.is_symlink()) and not force:
        raise InputError(f"--out: {out} already exists; give --force to replace it")
    check_out_path(out, "--out")
    proves: dict[str, set[str]] = {}  # fact id -> the findings citing it
    for f in report.findings:
        for fid in f.evidence:
            proves.setdefault(fid, set()).add(f.id)
    attached = F.attachments_of_facts(store, report.authority, proves, known_at=known_at)
    by_hash: dict[str, list[F.Attachment]] = {}
    for fid in sorted(attached):
        for a in attached[fid]:
            by_hash.setdefault(a.sha256, []).append(a)
    findings_text = findings_json(report).encode("utf-8")
    entries: list[dict[str, object]] = []
    blobs: list[tuple[str, bytes]] = []
    for sha256 in sorted(by_hash):
        items = by_hash[sha256]
        first = items[0]
        data = F.read_bytes(store.path, sha256)  # StoreError: missing or altered, nothing written
        path = f"files/{sha256}/{first.filename}"
        facts = sorted({a.fact_id for a in items})
        entries.append(
            {
                "path": path,
                "sha256": sha256,
                "size": first.size,
                "name": first.filename,
                "other_names": sorted({a.filename for a in items} - {first.filename}),
                "media_type": first.media_type,
                "facts": facts,
                "findings": sorted({fid for fact in facts for fid in proves[fact]}),
                "attached": [
                    {"fact": a.fact_id, "name": a.filename, "by": a.attached_by, "at": a.attached_at} for a in items
                ],
            }
        )
        blobs.append((path, data))
    manifest = {
        "format": MANIFEST_FORMAT,
        "authority": report.authority,
        "authority_name": report.authority_name,
        "as_of": report.as_of,
        "known_at": known_at.isoformat() if known_at is not None else None,
        "findings": {
            "path": "findings.json",
            "sha256": hashlib.sha256(findings_text).hexdigest(),
            "size": len(findings_text),
            "count": len(report.findings),
        },
        "files": entries,
    }
    manifest_text = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(_entry("manifest.json"), manifest_text)
        zf.writestr(_entry("findings.json"), findings_text)
        for path, data in blobs:
            zf.writestr(_entry(path), data)
    packed = buffer.getvalue()
    _write(out, packed)
    return Pack(
        out,
        len(report.findings),
        len(blobs),
        sum(len(d) for _, d in blobs),
        hashlib.sha256(manifest_text).hexdigest(),
        hashlib.sha256(packed).hexdigest(),
    )


def _write(out: Path, data: bytes) -> None:
    """The zip at `out` in one rename (engine.core.files.write_atomically); on failure `out` is as it was
    and no temporary file is left, and a failing disk is said as the store's failures are."""
    try:
        write_atomically(out, data)
    except OSError as exc:
        raise store_failure(out, exc, None, "no pack was written") from None
