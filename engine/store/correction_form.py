"""The correction form of a stored fact, and its versions in words, for the desk (issue 16).

Why a module of its own: engine/store/history.py decides what a correction or a withdrawal may do
(the calls `comply correct` and `comply withdraw` make); the desk (engine/web/history.py) needs,
besides, a form of the fact's own fields and the versions written for a reader. Both are worked out
here, below the desk, as engine/store/forms.py does for the record forms, so that the blueprint
only passes them to its templates.

The form is built from the fact's model (engine/model/facts.py): a day is a GOV.UK date input, an
instant a date input with a time (London, 24-hour clock), a choice a select, a yes/no a select, text
a text input. The fields of the fact's id are shown and not corrected (withdraw the fact and record
it again), and lists (a meeting's items and attendance) are kept as they are (`comply correct --set`
changes them). Problems are written in GOV.UK's words for dates ('Received must be a real date').
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from pendulum import DateTime

from engine.core import calendar, dates, ids
from engine.core.errors import InputError, StoreError
from engine.model import facts as F
from engine.store import history as H
from engine.store.sqlite import Store, Version

__all__ = [
    "OPERATION_WORDS",
    "FIELD_WORDS",
    "FormField",
    "VersionView",
    "FactHistory",
    "label_of",
    "form_fields",
    "read_form",
    "error_of",
    "value_words",
    "fact_histories",
    "cited_id",
]

#: how a version's operation reads on the desk (fact_versions.operation, migration 0007)
OPERATION_WORDS = {"assert": "recorded", "correct": "corrected", "withdraw": "withdrawn"}

#: the words of fields whose name alone does not say it (anything else: the name, spaced and capitalised)
FIELD_WORDS = {
    "what": "What was sent",
    "clause": "Clause",
    "occurrence": "Occurrence (1 is the first)",
    "received": "Received",
    "received_between": "Received between (when the papers do not say exactly)",
    "starts_at": "Starts at",
    "time_known": "Time known",
    "start": "From",
    "until": "To",
    "made_at": "Made at",
    "made_by": "Made by",
    "responded_at": "Responded at",
    "decided_at": "Decided at",
    "key_decision": "Key decision",
    "source": "Source (a paper and section)",
    "note": "Note",
}

_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*(BST|GMT))?$", re.I)


def label_of(name: str) -> str:
    """A field's words on the desk: 'received' -> 'Received', 'papers_published' -> 'Papers published'."""
    return FIELD_WORDS.get(name, name.replace("_", " ").capitalize())


@dataclass
class FormField:
    """One field of the correction form.

    `kind`: text, number, choice (with `choices`), yesno, day, instant, instants (a pair: earliest,
    latest), fixed (a field of the fact's id: shown, not corrected) or data (a list: kept as it is).
    `values`: the inputs' values by input name (`received-day`, `received-time` ...), as text;
    `nullable`: whether the field may be empty (a select then offers a blank choice)."""

    name: str
    label: str
    kind: str
    required: bool
    nullable: bool = True
    values: dict[str, str] = field(default_factory=dict)
    choices: list[tuple[str, str]] = field(default_factory=list)
    shown: str = ""  # the value in words (fixed and data fields)


def _plain_type(annotation: Any) -> tuple[Any, bool]:
    """(the type under Optional and Annotated, whether None is allowed)."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:
                return annotation, optional
            annotation = args[0]
        else:
            return annotation, optional


def _kind_of(annotation: Any) -> tuple[str, list[tuple[str, str]]]:
    """The form's kind of a field's type, and its choices."""
    plain, _ = _plain_type(annotation)
    origin = typing.get_origin(plain)
    if origin is typing.Literal:
        return "choice", [(str(v), str(v).replace("_", " ")) for v in typing.get_args(plain)]
    if origin is tuple:
        parts = [_plain_type(a)[0] for a in typing.get_args(plain)]
        if len(parts) == 2 and all(isinstance(p, type) and issubclass(p, DateTime) for p in parts):
            return "instants", []
        return "data", []
    if isinstance(plain, type):
        if issubclass(plain, DateTime):
            return "instant", []
        if issubclass(plain, dt.date):
            return "day", []
        if issubclass(plain, bool):
            return "yesno", [("true", "Yes"), ("false", "No")]
        if issubclass(plain, int):
            return "number", []
        if issubclass(plain, str):
            return "text", []
    return "data", []


def _instant_inputs(prefix: str, value: Any) -> dict[str, str]:
    if value in (None, ""):
        return {f"{prefix}-{p}": "" for p in ("day", "month", "year", "time")}
    local = calendar.parse_instant(value).in_timezone(calendar.LONDON)
    time = f"{local.hour:02d}:{local.minute:02d}" + (f":{local.second:02d}" if local.second else "")
    try:  # in the hour the clocks go back the time happens twice: say which
        dates.read_instant(f"{local.date().isoformat()}T{time}")
    except InputError:
        time += f" {calendar.zone_name(local)}"
    return {f"{prefix}-day": str(local.day), f"{prefix}-month": str(local.month), f"{prefix}-year": str(local.year)} | {
        f"{prefix}-time": time
    }


def _day_inputs(prefix: str, value: Any) -> dict[str, str]:
    if value in (None, ""):
        return {f"{prefix}-{p}": "" for p in ("day", "month", "year")}
    day = dates.read_date(value)
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def form_fields(latest: Version) -> list[FormField]:
    """The correction form of a fact's latest version, filled with its values."""
    model = F.KINDS[latest.kind]
    fixed = ids.id_fields(latest.kind)
    out: list[FormField] = []
    own = [f for f in model.model_fields if f not in ("source", "note")] + ["source", "note"]
    for name in own:
        info = model.model_fields[name]
        kind, choices = _kind_of(info.annotation)
        value = latest.body.get(name)
        one = FormField(
            name, label_of(name), kind, info.is_required(), _plain_type(info.annotation)[1], choices=choices
        )
        if name in fixed:
            one.kind, one.shown = "fixed", value_words(value)
        elif kind == "data":
            one.shown = f"{len(value)} recorded" if isinstance(value, list) else value_words(value)
        elif kind == "instant":
            one.values = _instant_inputs(name, value)
        elif kind == "instants":
            first, last = value if value else (None, None)
            one.values = _instant_inputs(f"{name}-earliest", first) | _instant_inputs(f"{name}-latest", last)
        elif kind == "day":
            one.values = _day_inputs(name, value)
        elif kind == "yesno":
            one.values = {name: "" if value is None else ("true" if value else "false")}
        else:
            one.values = {name: "" if value is None else str(value)}
        out.append(one)
    return out


def _read_day(form: Any, prefix: str, label: str, errors: dict[str, str], anchor: str) -> dt.date | None | str:
    """A day from a date input's three parts: None when all are empty; records an error in GOV.UK's
    words (and returns "") when some are missing or the date is not real."""
    parts = {p: (form.get(f"{prefix}-{p}") or "").strip() for p in ("day", "month", "year")}
    if not any(parts.values()):
        return None
    missing = [p for p, v in parts.items() if not v]
    if missing:
        errors[anchor] = f"{label} must include a {' and a '.join(missing)}"
        return ""
    if not all(v.isdigit() for v in parts.values()) or len(parts["year"]) != 4:
        errors[anchor] = f"{label} must be a real date, for example 27 3 2017"
        return ""
    try:
        return dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        errors[anchor] = f"{label} must be a real date, for example 27 3 2017"
        return ""


def _read_instant(form: Any, prefix: str, label: str, errors: dict[str, str]) -> str | None:
    """An instant from a date input and its time (London time, 24-hour clock) as text the model
    reads; None when all four parts are empty; "" after recording an error."""
    anchor = f"{prefix}-day"
    time = (form.get(f"{prefix}-time") or "").strip()
    day = _read_day(form, prefix, label, errors, anchor)
    if day is None and not time:
        return None
    if day is None:
        errors[anchor] = f"{label} must include a day, a month and a year"
        return ""
    if day == "":
        return ""
    matched = _TIME.match(time)
    if not time:
        errors[f"{prefix}-time"] = f"{label} must include a time, for example 14:30"
        return ""
    hour, minute, second = (int(matched.group(i) or 0) for i in (1, 2, 3)) if matched else (99, 0, 0)
    if hour > 23 or minute > 59 or second > 59:
        errors[f"{prefix}-time"] = f"{label} must include a real time on the 24-hour clock, for example 14:30"
        return ""
    assert isinstance(day, dt.date) and matched is not None
    offset = {"BST": "+01:00", "GMT": "+00:00"}.get((matched.group(4) or "").upper(), "")
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}{offset}"


def read_form(fields: list[FormField], form: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The values a posted correction form gives ({field: value} for `history.correct`) and its
    errors ({input id: message in words}); the fields' `values` are set to what was posted."""
    sets: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for one in fields:
        if one.kind in ("fixed", "data"):
            continue
        one.values = {k: (form.get(k) or "") for k in one.values}
        if one.kind == "instant":
            sets[one.name] = _read_instant(form, one.name, one.label, errors)
        elif one.kind == "instants":
            first = _read_instant(form, f"{one.name}-earliest", f"{one.label}: earliest", errors)
            last = _read_instant(form, f"{one.name}-latest", f"{one.label}: latest", errors)
            if (first is None) != (last is None):
                errors.setdefault(f"{one.name}-earliest-day", f"{one.label}: give both the earliest and the latest")
            sets[one.name] = [first, last] if first is not None and last is not None else None
        elif one.kind == "day":
            day = _read_day(form, one.name, one.label, errors, f"{one.name}-day")
            sets[one.name] = day.isoformat() if isinstance(day, dt.date) else day
        elif one.kind == "yesno":
            text = (form.get(one.name) or "").strip()
            sets[one.name] = {"true": True, "false": False}.get(text)
        elif one.kind == "number":
            text = (form.get(one.name) or "").strip()
            if text and not text.isdigit():
                errors[one.name] = f"{one.label} must be a whole number, like 1 or 2"
            sets[one.name] = int(text) if text.isdigit() else None
        else:
            text = (form.get(one.name) or "").strip()
            sets[one.name] = text or None
        if sets[one.name] is None and not one.nullable and not any(k.startswith(one.name) for k in errors):
            anchor = f"{one.name}-day" if one.kind in ("day", "instant") else one.name
            errors[anchor] = f"Enter {one.label[0].lower() + one.label[1:]}"
    return sets, errors


def error_of(message: str, fields: list[FormField]) -> tuple[str, str]:
    """(input id, words) for a refusal of engine/store/history.py: '--set received: ...' names the
    field; a refusal of the fact as a whole ('give exactly one of `received` ...') is put on the
    first field it names, its field names in the form's words; anything else is about the form."""
    text = message.removesuffix("; nothing was stored").replace(" (empty a field with --set FIELD=null)", "")

    def anchor_of(one: FormField) -> str:
        return next(iter(one.values), one.name) if one.values else one.name

    match = re.match(r"--set ([a-z_]+)(?:\.\S+)?: (.*)$", text, re.S)
    if match:
        for one in fields:
            if one.name == match.group(1):
                return anchor_of(one), f"{one.label}: {match.group(2)}"
    text = re.sub(r"^--set: ", "", text)
    named = [one for one in fields if one.values and f"`{one.name}" in text]
    for one in fields:
        text = re.sub(rf"`{one.name}(: [^`]*)?`", f"'{one.label}'", text)
    text = re.sub(r" \(the time it was received\)", "", text)
    words = text[0].upper() + text[1:] if text else "The correction was refused"
    return (anchor_of(named[0]) if named else "form"), words


def value_words(value: Any) -> str:
    """A stored value in words: a time as GOV.UK writes it, a day as '30 June 2017', yes/no, a list
    item by item; 'empty' for nothing."""
    if value is None or value == "" or value == []:
        return "empty"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) and _looks_instant(v) for v in value):
        return f"between {value_words(value[0])} and {value_words(value[1])}"
    if isinstance(value, list):
        return "; ".join(value_words(v) for v in value)
    if isinstance(value, dict):
        shown = [f"{k.replace('_', ' ')} {value_words(v)}" for k, v in value.items() if k not in ("meeting", "source")]
        return ", ".join(s for s in shown if not s.endswith(" empty"))
    if isinstance(value, str) and _looks_instant(value):
        return calendar.govuk_words(calendar.parse_instant(value))
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return calendar.day_words(dates.read_date(value))
    return str(value)


def _looks_instant(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}.*", text))


@dataclass(frozen=True)
class VersionView:
    """One version as the desk shows it: number, when (GOV.UK words), who, the operation in words,
    the reason, and the fields it changed from the version before ((words, before, after) in words)."""

    number: int
    when: str
    who: str
    operation: str
    reason: str | None
    changes: list[tuple[str, str, str]]


@dataclass(frozen=True)
class FactHistory:
    """The versions of one stored fact, newest first; `withdrawn` when its latest version withdraws it."""

    fact_id: str
    kind: str
    withdrawn: bool
    versions: list[VersionView]
    redactions: list[dict[str, str]]

    @property
    def can_withdraw(self) -> bool:
        """Whether the desk offers to withdraw it (not withdrawn already; an authority never is)."""
        return not self.withdrawn and self.kind != "authority"


def fact_histories(store: Store, authority: str, fact_id: str) -> list[FactHistory]:
    """The histories of the stored facts a cited id names (a role held in two periods is two), each
    with its versions newest first, in words; empty when the store has none."""
    try:
        found = H.history(store, authority, fact_id)
    except (StoreError, InputError):
        return []
    out = []
    for one, (entries, redactions) in found.items():
        views = [
            VersionView(
                e.version.version,
                calendar.govuk_words(calendar.parse_instant(e.version.recorded_at)),
                e.version.recorded_by,
                OPERATION_WORDS.get(e.version.operation, e.version.operation),
                e.version.reason,
                []
                if e.version.version == 1
                else [(label_of(c.field), value_words(c.before), value_words(c.after)) for c in e.changes],
            )
            for e in entries
        ]
        latest = entries[-1].version
        redacted = [
            r | {"recorded_at": calendar.govuk_words(calendar.parse_instant(r["recorded_at"]))} for r in redactions
        ]
        out.append(FactHistory(one, latest.kind, latest.operation == "withdraw", views[::-1], redacted))
    return out


def cited_id(latest: Version) -> str:
    """The id findings cite for a stored fact (its fact page's): a role without its start, a
    membership without its capacity (engine/core/ids.py); any other fact its own id."""
    body = latest.body
    if latest.kind == "roles":
        return ids.role_id(body["person"], body["role"])
    if latest.kind == "memberships":
        return f"membership:{body['board']}.{body['person']}.{body['start']}"
    return latest.fact_id
