"""Corrections, withdrawals and redactions of stored facts, and the history of a fact.

Why a module of its own: the store (engine/store/sqlite.py) appends versions and never changes
them; deciding whether a change is allowed is here, in one place for the command line
(`comply correct`, `withdraw`, `redact`, `fact`) and the desk. A correction is validated through
the fact's own model, so a bad field or value is refused naming it, and nothing is stored. The
fields that make a fact's id (engine/core/ids.py) are not corrected: to change them, withdraw the
fact and record it again. A redaction is lawful erasure of personal data: it replaces a field's
value in every version of the fact (the one change the store allows to what was recorded) and
records who redacted which field, when and why. Documented in docs/facts-and-import.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from engine.core import clock, ids
from engine.core.errors import InputError, StoreError
from engine.model import facts as F
from engine.store import audit
from engine.store.sqlite import REDACTED, Store, Version, body_of, differences, instant_text, normalised

__all__ = ["correct", "withdraw", "redact", "history", "Change", "Entry", "parse_sets", "stored_ids"]


def stored_ids(store: Store, authority: str, fid: str) -> list[str]:
    """The stored facts an id names: itself, or (as findings cite a role held in several periods,
    `role:<person>.<role>`) every stored fact whose id continues it with a dot. Raises StoreError
    naming the id when there is none."""
    if store.versions(authority, fid):
        return [fid]
    found = store.fact_ids(authority, fid + ".")
    if not found:
        alike = store.fact_ids(authority, fid.split(":")[0] + ":")
        known = (
            f"stored ids of this kind: {', '.join(alike[:8])}{', ...' if len(alike) > 8 else ''}"
            if alike
            else "ids look like submission:<key>, meeting:<key>, person:<key>"
        )
        raise StoreError(f"{fid}: no such fact stored for {authority!r} ({known})")
    return found


def _one(store: Store, authority: str, fid: str) -> Version:
    found = stored_ids(store, authority, fid)
    if len(found) > 1:
        raise InputError(f"{fid}: names {len(found)} stored facts ({', '.join(found)}); give one of them")
    return store.versions(authority, found[0])[-1]


def _field(model: type[F.Fact], name: str, option: str) -> str:
    """The model's field for a name or its alias (`from` is `start`); InputError naming the option."""
    for field, info in model.model_fields.items():
        if name in (field, info.alias):
            return field
    names = ", ".join(info.alias or f for f, info in model.model_fields.items())
    raise InputError(f"{option} {name}: no field {name!r} in this fact; its fields are {names}")


def field_named(kind: str, name: str, option: str = "--set") -> str:
    """The field of a fact kind ('submissions') that `name` or its alias names; InputError naming the option."""
    return _field(F.KINDS[kind], name, option)


def _value(text: str) -> Any:
    """A --set value: JSON for a list, an object or null (items, received_between), else the text
    (the model reads dates, numbers and true/false from text)."""
    stripped = text.strip()
    if stripped[:1] in "[{" or stripped == "null":
        try:
            return json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InputError(f"--set: {text!r} is not valid JSON ({exc.msg})") from None
    return text


def parse_sets(sets: list[str]) -> dict[str, Any]:
    """`FIELD=VALUE` pairs of --set, in order; InputError for one without `=`."""
    out: dict[str, Any] = {}
    for item in sets:
        if "=" not in item:
            raise InputError(f"--set: expected FIELD=VALUE, got {item!r}")
        name, value = item.split("=", 1)
        out[name.strip()] = _value(value)
    return out


def _reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise InputError("--reason: say why (it is kept with the version)")
    return reason.strip()


def _validated(kind: str, body: dict[str, Any], where: str) -> dict[str, Any]:
    model = F.KINDS[kind]
    try:
        return body_of(normalised(kind, model.model_validate(body)))
    except ValidationError as exc:
        first = exc.errors()[0]
        msg = str(first["msg"]).removeprefix("Value error, ")
        if not first["loc"]:  # the fact as a whole (two fields that go together)
            raise InputError(f"{where}: {msg} (empty a field with --set FIELD=null); nothing was stored") from None
        field = ".".join(str(p) for p in first["loc"])
        given = body.get(str(first["loc"][0]))
        raise InputError(f"{where} {field}: {msg} (given {given!r}); nothing was stored") from None
    except InputError as exc:
        raise InputError(f"{where}: {exc}; nothing was stored") from None


def _append(
    store: Store, latest: Version, operation: str, body: dict[str, Any], by: str, reason: str, actor: str | None
) -> Version:
    """Append the version, and the log's entry of it (engine/store/audit.py: actor, "correct" or
    "withdraw", the fact id, the reason) in the same transaction: both are stored or neither."""
    with store.transaction("nothing was stored"):
        current = store.versions(latest.authority, latest.fact_id)[-1]
        if current.version != latest.version:
            raise StoreError(f"{latest.fact_id}: changed by someone else meanwhile; nothing was stored, try again")
        made = store.add_version(latest.authority, latest.kind, latest.fact_id, operation, body, by, reason)
        audit.log(store, actor or by, operation, authority=latest.authority, subject=latest.fact_id, detail=reason)
    return made


def correct(
    store: Store,
    authority: str,
    fid: str,
    sets: dict[str, Any],
    reason: str,
    recorded_by: str,
    actor: str | None = None,
    before_writing: Callable[[str, dict[str, Any]], None] | None = None,
) -> Version:
    """A new version of a stored fact with the fields of `sets` ({field or alias: value}) changed,
    validated through the fact's model; `before_writing(kind, body)`, when given, is called with the
    validated body before it is stored, and may refuse it by raising (`comply correct`'s dates after now). A withdrawn fact corrected (with or without changes) is
    asserted again. The log (engine/store/audit.py) gets a "correct" entry by `actor` (default
    `recorded_by`) in the same transaction. Raises InputError naming the field (an unknown field, a
    bad value, a field of the fact's id, no change at all) and StoreError for no such fact; nothing
    is stored then."""
    why = _reason(reason)
    latest = _one(store, authority, fid)
    model = F.KINDS[latest.kind]
    body = dict(latest.body)
    for name, value in sets.items():
        field = _field(model, name, "--set")
        if field in ids.id_fields(latest.kind) and value != body.get(field):
            raise InputError(
                f"--set {name}: {field} is part of the fact's id ({latest.fact_id}); withdraw the fact "
                f"(comply withdraw {latest.fact_id} --reason TEXT) and record it again; nothing was stored"
            )
        body[field] = value
    new = _validated(latest.kind, body, "--set")
    if latest.operation != "withdraw" and not differences(latest.body, new):
        raise InputError(f"{latest.fact_id}: the correction changes nothing; nothing was stored")
    if before_writing is not None:
        before_writing(latest.kind, new)
    return _append(store, latest, "correct", new, recorded_by, why, actor)


def withdraw(
    store: Store, authority: str, fid: str, reason: str, recorded_by: str, actor: str | None = None
) -> Version:
    """A version saying the fact is no longer asserted (loads after it leave it out), and a "withdraw"
    entry in the log by `actor` (default `recorded_by`) in the same transaction. Raises InputError
    for an authority fact or a fact already withdrawn, StoreError for no such fact."""
    why = _reason(reason)
    latest = _one(store, authority, fid)
    if latest.kind == "authority":
        raise InputError(f"{latest.fact_id}: an authority cannot be withdrawn (correct its fields instead)")
    if latest.operation == "withdraw":
        raise InputError(f"{latest.fact_id}: already withdrawn ({latest.recorded_at}: {latest.reason})")
    return _append(store, latest, "withdraw", latest.body, recorded_by, why, actor)


def redact(store: Store, authority: str, fid: str, field_name: str, reason: str, recorded_by: str) -> str:
    """Erase a field's value in every version of a fact (lawful erasure of personal data), and record
    that it was done: who, when, why, which field. The field then reads `[redacted]` where it is text,
    or as empty where it may be empty. Returns the field's name. Raises InputError for an unknown
    field, a field of the fact's id, or one the fact cannot be without (withdraw the fact instead)."""
    why = _reason(reason)
    latest = _one(store, authority, fid)
    model = F.KINDS[latest.kind]
    field = _field(model, field_name, "--field")
    if field in ids.id_fields(latest.kind):
        raise InputError(
            f"--field {field_name}: {field} is part of the fact's id ({latest.fact_id}); cannot be redacted"
        )
    marker: Any = None
    for candidate in (REDACTED, None):
        try:
            model.model_validate({**latest.body, field: candidate})
            marker = candidate
            break
        except (ValidationError, InputError):
            continue
    else:
        raise InputError(
            f"--field {field_name}: a {latest.kind} fact cannot be without its {field}; "
            f"withdraw the fact instead (comply withdraw {latest.fact_id} --reason TEXT)"
        )
    path = "$." + json.dumps(field)
    with store.transaction("nothing was stored"):
        store.conn.execute(
            "UPDATE fact_versions SET body = json_set(body, ?, json(?)) WHERE authority=? AND fact_id=?",
            (path, json.dumps(marker), authority, latest.fact_id),
        )
        store.conn.execute(
            "INSERT INTO fact_redactions (authority, fact_id, field, recorded_at, recorded_by, reason) "
            "VALUES (?,?,?,?,?,?)",
            (authority, latest.fact_id, field, instant_text(clock.now()), recorded_by, why),
        )
    return field


@dataclass(frozen=True)
class Change:
    """A field changed by a version: its value before (None for the first version) and after."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Entry:
    """One version of a fact as `comply fact` shows it."""

    version: Version
    changes: list[Change]

    def to_json(self) -> dict[str, Any]:
        v = self.version
        return {
            "fact_id": v.fact_id,
            "kind": v.kind,
            "version": v.version,
            "recorded_at": v.recorded_at,
            "recorded_by": v.recorded_by,
            "operation": v.operation,
            "reason": v.reason,
            "changes": {c.field: {"before": c.before, "after": c.after} for c in self.changes},
            "fact": v.body,
        }


def history(store: Store, authority: str, fid: str) -> dict[str, tuple[list[Entry], list[dict[str, str]]]]:
    """Every version of the facts an id names (stored_ids), each with the fields it changed, and
    the fact's redactions: {fact id: (entries oldest first, redactions)}. StoreError for none."""
    out: dict[str, tuple[list[Entry], list[dict[str, str]]]] = {}
    for one in stored_ids(store, authority, fid):
        entries, before = [], {}
        for v in store.versions(authority, one):
            changes = [] if v.operation == "withdraw" else differences(before, v.body)
            entries.append(Entry(v, [Change(f, before.get(f), v.body.get(f)) for f in changes]))
            before = v.body
        out[one] = (entries, store.redactions(authority, one))
    return out
