"""A fact's history on the command line: `comply fact`, `comply correct`, `comply withdraw`, `comply redact`.

CLI wiring only; the rules of what may change are engine/store/history.py, the versions
engine/store/sqlite.py. Each change is recorded with the command and the OS user running it.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Optional

import typer

from engine.cli.app import app, check_format, err, out, settings
from engine.cli.shared import AUTHORITY_HELP, directions_of, open_store, pick_authority, recorded_by
from engine.model import facts as F
from engine.outputs.said_back import date_notes, items_words, said_back
from engine.store import history as H
from engine.store.sqlite import BEFORE_HISTORY

FACT_ID_HELP = "A fact id: submission:<key>, meeting:<key>, membership:<board>.<person>.<from> ... (`comply fact`)."


def _when(recorded_at: str) -> str:
    return "before history was kept" if recorded_at == BEFORE_HISTORY else recorded_at


def _value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@app.command()
def fact(
    ctx: typer.Context,
    fact_id: str = typer.Argument(..., help=FACT_ID_HELP),
    authority: Optional[str] = typer.Option(None, help=AUTHORITY_HELP),
    format: str = typer.Option("text", "--format", help="text or json"),
) -> None:
    """Every version of a stored fact: when recorded, by whom, the operation, the reason, the fields changed."""
    check_format(format, ("text", "json"))
    s = settings(ctx)
    with open_store(s) as store:
        key = pick_authority(s, store, authority)
        found = H.history(store, key, fact_id)
    if format == "json":
        doc = {
            fid: {"versions": [e.to_json() for e in entries], "redactions": redactions}
            for fid, (entries, redactions) in found.items()
        }
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return
    for fid, (entries, redactions) in found.items():
        out.print(f"[bold]{fid}[/] ({entries[0].version.kind})", highlight=False)
        for e in entries:
            v = e.version
            why = f": {v.reason}" if v.reason else ""
            out.print(
                f"  version {v.version}, {v.operation}, recorded {_when(v.recorded_at)} by {v.recorded_by}{why}",
                highlight=False,
                soft_wrap=True,
            )
            for c in e.changes:
                before = "" if v.version == 1 else f"{_value(c.before)} -> "
                out.print(f"    {c.field}: {before}{_value(c.after)}", highlight=False, soft_wrap=True)
        for r in redactions:
            out.print(
                f"  redacted {r['field']} in every version, {r['recorded_at']} by {r['recorded_by']}: {r['reason']}",
                highlight=False,
                soft_wrap=True,
            )


@app.command()
def correct(
    ctx: typer.Context,
    fact_id: str = typer.Argument(..., help=FACT_ID_HELP),
    set_: list[str] = typer.Option([], "--set", help="FIELD=VALUE (repeatable); JSON for a list: items=[...]."),
    reason: str = typer.Option(..., "--reason", help="Why: kept with the new version."),
    authority: Optional[str] = typer.Option(None, help=AUTHORITY_HELP),
) -> None:
    """Correct a stored fact: a new version with the fields set, validated as the fact's kind requires
    (the old version is kept). A withdrawn fact corrected is asserted again. Says back what it stored, as
    `comply record` does: every field changed, each date in words beside the text it was read from."""
    s = settings(ctx)
    sets = H.parse_sets(set_)
    directions = directions_of(s)
    notes: list[str] = []
    with open_store(s) as store:
        key = pick_authority(s, store, authority)

        def refuse_or_note(kind: str, body: dict[str, Any]) -> None:
            given = {H.field_named(kind, name): value for name, value in sets.items()}
            notes.extend(date_notes(F.KINDS[kind].model_validate(body), given, directions, key, only_given=True))

        made = H.correct(
            store, key, fact_id, sets, reason, recorded_by("comply correct"), before_writing=refuse_or_note
        )
    fact = F.KINDS[made.kind].model_validate(made.body)
    given = {H.field_named(made.kind, name): value for name, value in sets.items()}
    more = [items_words(fact, directions, key)] if isinstance(fact, F.Meeting) and "items" in given else []
    said = said_back(made.kind, fact, given, more, every_given=True)
    out.print(
        f"Corrected {made.fact_id}, version {made.version}: {said}", markup=False, highlight=False, soft_wrap=True
    )
    for note in notes:
        out.print(note, markup=False, highlight=False, soft_wrap=True)
    err.print(f"corrected {made.fact_id}: version {made.version} in {s.store_path}", highlight=False)


@app.command()
def withdraw(
    ctx: typer.Context,
    fact_id: str = typer.Argument(..., help=FACT_ID_HELP),
    reason: str = typer.Option(..., "--reason", help="Why: kept with the withdrawal."),
    authority: Optional[str] = typer.Option(None, help=AUTHORITY_HELP),
) -> None:
    """Withdraw a stored fact: a new version saying it is no longer asserted (its history is kept;
    `--known-at` before now still sees it)."""
    s = settings(ctx)
    with open_store(s) as store:
        key = pick_authority(s, store, authority)
        made = H.withdraw(store, key, fact_id, reason, recorded_by("comply withdraw"))
    err.print(f"withdrew {made.fact_id}: version {made.version} in {s.store_path}", highlight=False)


@app.command()
def redact(
    ctx: typer.Context,
    fact_id: str = typer.Argument(..., help=FACT_ID_HELP),
    field: list[str] = typer.Option(..., "--field", help="A field to erase (repeatable), e.g. name."),
    reason: str = typer.Option(..., "--reason", help="The lawful ground: kept with the record of the redaction."),
    authority: Optional[str] = typer.Option(None, help=AUTHORITY_HELP),
) -> None:
    """Erase personal data: replace a field's value in EVERY version of a fact (an administrator's
    lawful erasure), leaving a record that it was redacted: who, when, why, which field."""
    s = settings(ctx)
    with open_store(s) as store:
        key = pick_authority(s, store, authority)
        for name in field:
            done = H.redact(store, key, fact_id, name, reason, recorded_by("comply redact"))
            err.print(f"redacted {done} of {fact_id} in every version in {s.store_path}", highlight=False)
