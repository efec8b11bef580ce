"""From the desk's HTML forms to validated facts, with every problem pinned to the form field.

Why beside the importer: the forms must give the same verdict as `comply record` and `comply
import` (the pydantic models of engine/model/facts.py, then engine.store.importer.check_references
against the store and the direction files), and say which field is at fault so the page can mark
it. This is input validation, plain Python tested without a server; the desk (engine/web/) only
renders the forms and passes what was posted here. Which form a finding offers is chosen here too,
from the finding's structured fields (`answered_by`, `occurrence`), never from its words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, get_args

from pydantic import ValidationError

from engine.core import ids, status
from engine.core.errors import InputError
from engine.directions.model import Direction
from engine.model import facts as F
from engine.model.findings import Finding
from engine.store.importer import Row, check_references
from engine.store.sqlite import AuthorityState

#: the forms, by URL name: (fact kind, model, words)
FORMS: dict[str, tuple[str, type[F.Fact], str]] = {
    "meeting": ("meetings", F.Meeting, "a meeting"),
    "submission": ("submissions", F.Submission, "a submission"),
    "membership": ("memberships", F.Membership, "a membership"),
    "coverage": ("coverage", F.Coverage, "complete records"),
    "decision": ("decisions", F.Decision, "a decision"),
}

#: where a model-level (cross-field) error belongs on the form
_WHOLE_MODEL_FIELD = {"submissions": "received", "memberships": "to", "decisions": "agreed_by"}

#: the attendance statuses a meeting form offers: those the model accepts (engine/model/facts.py)
ATTENDANCE_STATUSES: tuple[str, ...] = get_args(F.Attendance.model_fields["status"].annotation)


@dataclass
class FormResult:
    """A valid fact, or the problems: field name -> messages (the field names of the form)."""

    fact: F.Fact | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        """Note a problem with a form field (`form` for the form as a whole)."""
        self.errors.setdefault(name, []).append(message)

    @property
    def ok(self) -> bool:
        """True when the fact is valid and there is no problem."""
        return self.fact is not None and not self.errors


def decision_functions(directions: list[Direction]) -> list[str]:
    """The functions (or decision areas) the direction files' rules name (`functions:`), sorted: the
    decision form's suggestions."""
    return sorted({f for d in directions for c in d.clauses for f in getattr(c.rule, "functions", None) or []})


def coverage_subjects(state: AuthorityState, directions: list[Direction]) -> list[str]:
    """What a coverage fact can be about: every clause id, then the meetings of every board, then the
    memberships of every board (the subjects of engine.core.ids), in that order (the form's choices)."""
    clauses = [d.clause_id(c) for d in directions for c in d.clauses]
    boards = [b.key for b in state.boards]
    return clauses + [ids.meetings_subject(b) for b in boards] + [ids.memberships_subject(b) for b in boards]


def submission_prefill(finding: Finding) -> dict[str, str] | None:
    """The submission form's fields to fill in for a finding, or None when it offers no such form.

    Offered for a duty still owed (engine.core.status: `owed`) with no evidence yet, that a
    submission answers (`finding.answered_by == "submission"`): the clause, and the occurrence
    when the duty has one (`finding.occurrence`: deadline and recurring duties)."""
    if not status.info(finding.status).owed or finding.evidence:
        return None
    if finding.answered_by != "submission":
        return None
    occurrence = {"occurrence": str(finding.occurrence)} if finding.occurrence is not None else {}
    return {"clause": finding.clause, **occurrence}


def _text(form: Mapping[str, str], name: str) -> str | None:
    value = (form.get(name) or "").strip()
    return value or None


def _checked(form: Mapping[str, str], name: str) -> bool:
    return form.get(name) in ("on", "true", "1", "yes")


def _items(text: str | None, result: FormResult) -> list[dict[str, str]]:
    """One item per line: `item-key @ presenting-role`."""
    items = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        m = re.fullmatch(r"\s*([^@\s]+)\s*@\s*(\S+)\s*", line)
        if not m:
            result.add(
                "items",
                f"line {n}: expected ITEM @ ROLE, such as dcs-progress-report @ director-of-childrens-services, "
                f"got {line.strip()!r}",
            )
            continue
        items.append({"item": m.group(1), "presented_by": m.group(2)})
    return items


def _attendance(form: Mapping[str, str], state: AuthorityState, result: FormResult) -> list[dict[str, str]]:
    """One select per person, named `attendance-<person key>`; blank means not recorded."""
    rows = []
    for person in state.people:
        status = _text(form, f"attendance-{person.key}")
        if status is None:
            continue
        if status not in ATTENDANCE_STATUSES:
            result.add("attendance", f"{person.name}: expected one of {', '.join(ATTENDANCE_STATUSES)}, got {status!r}")
            continue
        rows.append({"person": person.key, "status": status})
    return rows


def raw_fields(
    name: str, form: Mapping[str, str], state: AuthorityState, result: FormResult, who: str
) -> dict[str, Any]:
    """The model's input from the posted form (blank fields left out, so 'required' names them);
    problems found while reading (a malformed item line, say) are added to `result`. `who` is the
    signed-in user, named in the default source. Raises InputError for a form name not in FORMS."""
    source = _text(form, "source") or f"recorded on the desk by {who}"
    common = {"source": source, "note": _text(form, "note")}
    if name == "submission":
        earliest, latest = _text(form, "received_earliest"), _text(form, "received_latest")
        between = None
        if earliest or latest:
            if not (earliest and latest):
                result.add(
                    "received_earliest" if not earliest else "received_latest",
                    "give both the earliest and the latest time, or use `received`",
                )
            between = [earliest, latest]
        fields = {
            "key": _text(form, "key"),
            "what": _text(form, "what"),
            "clause": _text(form, "clause"),
            "occurrence": _text(form, "occurrence"),
            "recipient": _text(form, "recipient"),
            "received": _text(form, "received"),
            "received_between": between if earliest and latest else None,
        }
    elif name == "meeting":
        fields = {
            "key": _text(form, "key"),
            "board": _text(form, "board"),
            "starts_at": _text(form, "starts_at"),
            "time_known": not _checked(form, "time_unknown"),
            "public": _checked(form, "public"),
            "status": _text(form, "status") or "held",
            "chair": _text(form, "chair"),
            "items_known": not _checked(form, "items_unknown"),
            "items": _items(form.get("items"), result),
            "attendance": _attendance(form, state, result),
        }
    elif name == "membership":
        fields = {
            "board": _text(form, "board"),
            "person": _text(form, "person"),
            "capacity": _text(form, "capacity"),
            "external": _checked(form, "external"),
            "from": _text(form, "from"),
            "to": _text(form, "to"),
        }
    elif name == "coverage":
        fields = {"subject": _text(form, "subject"), "complete_until": _text(form, "complete_until")}
    elif name == "decision":  # who decided what, when, in which capacity and function, with whose agreement
        names = ("key", "what", "reference", "decided_at", "decided_by", "decider", "function", "meeting")
        fields = {n: _text(form, n) for n in (*names, "agreed_by", "agreed_at", "procedure")}
    else:
        raise InputError(f"no form named {name!r}")
    return {k: v for k, v in {**fields, **common}.items() if v is not None}


def _field_of(loc: tuple[Any, ...], kind: str) -> str:
    if not loc:
        return _WHOLE_MODEL_FIELD.get(kind, "form")
    head = str(loc[0])
    return {"received_between": "received_earliest"}.get(head, head)


def validate_form(
    name: str, form: Mapping[str, str], state: AuthorityState, directions: list[Direction], who: str
) -> FormResult:
    """Validate a posted form as `comply record` would: the model, then every reference against the
    state and the directions, then the keys already stored. The result holds the fact, or the
    problems by form field. Raises KeyError for a form name not in FORMS."""
    kind, model, words = FORMS[name]
    result = FormResult()
    fields = raw_fields(name, form, state, result, who)
    try:
        fact = model.model_validate(fields)
    except ValidationError as exc:
        for e in exc.errors():
            where = _field_of(tuple(e["loc"]), kind)
            detail = ".".join(str(p) for p in e["loc"][1:])
            if where in ("items", "attendance") and len(e["loc"]) > 1:
                detail = f"line {int(e['loc'][1]) + 1}, {'.'.join(str(p) for p in e['loc'][2:])}"
            msg = str(e["msg"]).removeprefix("Value error, ")
            result.add(where, f"{detail}: {msg}" if detail else msg)
        return result
    if result.errors:
        return result
    for problem in check_references([Row(kind, fact, name)], state, directions):
        m = re.match(rf"{name}, ([\w.]+): (.*)$", problem, re.S)
        field_name, msg = (m.group(1).split(".")[0], m.group(2)) if m else ("form", problem)
        result.add(field_name, msg)
    key = getattr(fact, "key", None)
    if key is not None and any(getattr(x, "key", None) == key for x in getattr(state, kind, [])):
        result.add("key", f"{key!r} is already in the store; give a new key (a stored fact is changed by a correction)")
    if isinstance(fact, F.Coverage) and fact.subject not in coverage_subjects(state, directions):
        result.add(
            "subject",
            f"no clause or board subject {fact.subject!r}; expected a clause id, "
            f"{ids.meetings_subject('<board>')} or {ids.memberships_subject('<board>')}",
        )
    if isinstance(fact, F.Membership) and any(
        m.board == fact.board and m.person == fact.person and m.start == fact.start for m in state.memberships
    ):
        result.add("from", f"{fact.person} already has a membership of {fact.board} from {fact.start.isoformat()}")
    if not result.errors:
        result.fact = fact
    return result


def error_summary(errors: dict[str, list[str]]) -> list[str]:
    """Each problem as one line that starts with the field's name."""
    return [f"{name}: {msg}" for name, msgs in errors.items() for msg in msgs]
