"""Evidence files on the command line: `comply attach` and `comply evidence-pack`.

CLI wiring only: how a file is checked and stored is engine/store/files.py, the pack
engine/outputs/evidence_pack.py. Each attachment is logged with the command and the OS user running it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from engine.cli.app import app, err, out, settings
from engine.cli.shared import (
    AS_OF_HELP,
    AUTHORITY_HELP,
    KNOWN_AT_HELP,
    directions_of,
    open_store,
    parse_as_of,
    parse_known_at,
    pick_authority,
    recorded_by,
)
from engine.core.errors import FileError, InputError
from engine.directions.model import refuse_unknown_references
from engine.evaluation.check import DEFAULT_DUE_SOON_DAYS, MAX_DUE_SOON_DAYS, check
from engine.outputs.evidence_pack import write_pack
from engine.store import files as F

FACT_ID_HELP = "The fact the files prove, by the id findings cite: submission:<key>, meeting:<key> ... (`comply fact`)."


@app.command()
def attach(
    ctx: typer.Context,
    fact_id: str = typer.Argument(..., help=FACT_ID_HELP),
    paths: list[Path] = typer.Argument(
        ..., help="The files that prove it (PDF, PNG, JPEG, text, .eml, .docx, .xlsx, .msg)."
    ),
    authority: Optional[str] = typer.Option(None, help=AUTHORITY_HELP),
    max_file_mb: int = typer.Option(
        F.MAX_FILE_BYTES // (1024 * 1024), "--max-file-mb", min=1, max=1024, help="The largest file accepted (MB)."
    ),
) -> None:
    """Attach evidence files to a stored fact (by the id findings cite): each is stored once by its SHA-256
    beside the store (STORE.files), its type read from its content, and logged. Every file is checked before
    any is stored: one refused file (too large, of a type not accepted, unreadable) stores none (exit 2)."""
    s = settings(ctx)
    limit = max_file_mb * 1024 * 1024
    read: list[tuple[Path, bytes]] = []
    for path in paths:
        if not path.is_file():
            raise FileError(path, "", "no such file")
        size = path.stat().st_size
        if size > limit:
            raise InputError(
                f"{path}: {F.size_words(size)} ({size:,} bytes) is over the limit for an evidence file; "
                f"expected at most {F.size_words(limit)} ({limit:,} bytes) (--max-file-mb)"
            )
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise FileError(path, "", f"cannot be read ({exc.strerror or exc})") from None
        F.detect(data, str(path))  # every file checked before any is stored
        read.append((path, data))
    with open_store(s) as store:
        key = pick_authority(s, store, authority)
        for path, data in read:
            made = F.attach(store, key, fact_id, path.name, data, recorded_by("comply attach"), max_bytes=limit)
            a = made.attachment
            if made.new:
                err.print(
                    f"attached {path} to {fact_id}: {a.type_words}, {a.size:,} bytes, SHA-256 {a.sha256}",
                    highlight=False,
                )
            else:
                err.print(
                    f"{path}: already attached to {fact_id} (SHA-256 {a.sha256}); nothing changed", highlight=False
                )


@app.command("evidence-pack")
def evidence_pack(
    ctx: typer.Context,
    as_of: str = typer.Option(..., "--as-of", help=AS_OF_HELP),
    out_path: Path = typer.Option(..., "--out", help="The zip file to write (FILE.zip)."),
    force: bool = typer.Option(False, "--force", help="Replace the file if it exists."),
    known_at: Optional[str] = typer.Option(None, "--known-at", help=KNOWN_AT_HELP),
    authority: Optional[str] = typer.Option(None, help=AUTHORITY_HELP),
    due_soon_days: int = typer.Option(
        DEFAULT_DUE_SOON_DAYS, "--due-soon-days", min=0, max=MAX_DUE_SOON_DAYS, help="Warning window for 'due soon'."
    ),
) -> None:
    """A zip for the Secretary of State or the auditors: the findings as of the date (the JSON of `comply
    check --format json`), every file attached to the facts they cite, and a manifest of each file's SHA-256,
    size, name, type and the findings and facts it proves. Prints the manifest's SHA-256 (send it apart from
    the pack). Written whole or not at all; an existing file is replaced only with --force."""
    s = settings(ctx)
    if out_path.exists() and not force:  # before the evaluation
        raise InputError(f"--out: {out_path} already exists; give --force to replace it")
    # the findings as `comply check --as-of DATE --format json` gives them (engine.evaluation.check.check on
    # the same state), from the store as it stands or as it stood at --known-at
    directions = directions_of(s)
    known = parse_known_at(known_at)
    with open_store(s) as store:
        key = pick_authority(s, store, authority)
        authorities = store.authorities()  # pick_authority refused one not among them
        state = store.load(key, known_at=known)
        refuse_unknown_references(directions, authorities, {key: {b.key for b in state.boards}})
        report = check(state, directions, parse_as_of(as_of), due_soon_days)
        pack = write_pack(store, report, out_path, force=force, known_at=known)
    out.print(f"manifest SHA-256 {pack.manifest_sha256}", highlight=False)
    err.print(
        f"{pack.path}: {pack.findings} findings of {report.authority} as of {report.as_of}, {pack.files} evidence "
        f"files ({pack.files_bytes:,} bytes); zip SHA-256 {pack.zip_sha256}",
        highlight=False,
    )
