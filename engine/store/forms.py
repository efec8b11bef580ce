"""From the desk's HTML forms to validated facts, with every problem pinned to the form field.

Why beside the importer: the forms must give the same verdict as `comply record` and `comply
import` (the pydantic models of engine/model/facts.py, then engine.store.importer.check_references
against the store and the direction files), and say which field is at fault so the page can mark
it. This is input validation, plain Python tested without a server; the desk (engine/web/) only
renders the forms and passes what was posted here. Which form a finding offers is chosen here too,
from the finding's structured fields (`answered_by`, `occurrence`), never from its words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, get_args

from pydantic import ValidationError

from engine.core import ids, status
from engine.core.errors import InputError
from engine.directions.model import Direction
from engine.model import facts as F
from engine.model.findings import Finding
from engine.store.importer import Row, check_references, keys_of
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
    for problem in check_references([Row(kind, fact, name)], keys_of(state), directions):
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


# -- the desk's forms in the officer's words ------------------------------------------------------------

#: what a form says for a field left empty or given wrongly, by form and model field: (missing, invalid).
#: The one table of the desk's error words (GOV.UK's pattern: "Enter ...", "... must be ..."); a model error
#: on a field not listed keeps the model's own words, without the field's slug.
MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "submission": {
        "obligation": ("Choose the obligation this submission satisfies", "Choose an obligation from the list"),
        "what": ("Enter what was sent", "Enter what was sent in words"),
        "received": ("Enter the day the report was received", "The day it was received must be a real date"),
        "received_earliest": ("Enter the day the report was received", "The time it was received must be real"),
        "clause": ("Choose the obligation this submission satisfies", "Choose an obligation from the list"),
        "occurrence": ("Choose the obligation this submission satisfies", "Choose an obligation from the list"),
    },
    "meeting": {
        "board": ("Choose the board that met", "Choose a board from the list"),
        "starts_at": ("Enter the day of the meeting", "The day of the meeting must be a real date"),
        "chair": ("Choose who chaired the meeting", "Choose the chair from the list"),
        "items": ("Choose the items tabled", "Choose each item and who presented it"),
        "attendance": ("Say who attended", "Choose attended, apologies, absent or substitute for each member"),
    },
    "membership": {
        "board": ("Choose the board", "Choose a board from the list"),
        "person": ("Choose the member", "Choose a person from the list"),
        "capacity": ("Choose the capacity they sit in", "Choose a capacity from the list"),
        "from": ("Enter the first day of the membership", "The first day must be a real date"),
        "to": ("Enter the last day of the membership", "The last day must be a real date"),
    },
    "coverage": {
        "subject": ("Choose what the records are of", "Choose a subject from the list"),
        "complete_until": ("Enter the day the records are complete until", "The day must be a real date"),
    },
    "decision": {
        "what": ("Enter what was decided", "Enter what was decided in words"),
        "decided_at": ("Enter the day the decision was taken", "The day of the decision must be a real date"),
        "decided_by": ("Choose the capacity the decision was taken in", "Choose a capacity from the list"),
        "decider": ("Choose who took the decision", "Choose a person from the list"),
        "function": ("Enter the function or area", "Enter the function as a short name, such as children-services"),
        "meeting": ("Choose the meeting", "Choose a meeting from the list"),
        "agreed_by": ("Choose whose agreement was given", "Choose a role from the list"),
        "agreed_at": ("Enter the day the agreement was given", "The day of the agreement must be a real date"),
    },
    "membership-end": {
        "membership": ("Choose the membership that ends", "Choose a current membership from the list"),
        "to": ("Enter the last day of the membership", "The last day must be a real date"),
    },
}

#: pydantic's words for an empty field: such a message is replaced by the table's "missing" words
_MISSING = ("Field required", "field required", "Input should be a valid", "String should match pattern")


def plain_errors(name: str, errors: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The problems of `validate_form` (or engine.store.amend.check_end) in the officer's words: a missing or
    malformed field gets MESSAGES' words; any other message loses its model prefix (`detail: ...`) and
    keeps its sense. Returns field name -> messages, the same fields."""
    table = MESSAGES.get(name, {})
    out: dict[str, list[str]] = {}
    for fld, msgs in errors.items():
        for msg in msgs:
            words = table.get(fld)
            if words and ("Field required" in msg or "field required" in msg):
                text = words[0]
            elif words and any(m in msg for m in _MISSING[2:]):
                text = words[1]
            else:
                text = re.sub(r"^[\w.]+(, [\w.]+)?: ", "", msg).strip()
                text = re.sub(r"`(\w+)`", lambda m: m.group(1).replace("_", " "), text)  # no code in the words
                if re.match(r"[a-z]+[ :,]", text):  # a word, not an id such as bv-2017.quarterly-report
                    text = text[:1].upper() + text[1:]
            if text not in out.get(fld, []):
                out.setdefault(fld, []).append(text)
    return out


def read_time(text: str) -> tuple[int, int]:
    """A time of day as an officer writes it: '10am', '10:30am', '2.15pm', '14:30', '9', 'midday', 'noon',
    'midnight'. Returns (hour 0-23, minute). Raises InputError in plain words for anything else."""
    t = text.strip().lower().replace(" ", "")
    if t in ("midday", "noon", "12noon"):
        return 12, 0
    if t == "midnight":
        return 0, 0
    m = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?(am|pm)?", t)
    if m:
        hour, minute, half = int(m.group(1)), int(m.group(2) or 0), m.group(3)
        if half:
            if 1 <= hour <= 12 and minute < 60:
                return (hour % 12) + (12 if half == "pm" else 0), minute
        elif hour < 24 and minute < 60:
            return hour, minute
    raise InputError(f"Enter a real time, such as 10am, 2:30pm or 14:30 (you entered {text.strip()!r})")


def _slug_words(text: str, most: int = 5) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(w for w in words if w not in ("the", "a", "an", "of", "to", "and", "on", "for"))[:60].strip(
        "-"
    ) or "-".join(words[:most])


def generate_key(prefix: str, day: str, what: str, taken: Iterable[str]) -> str:
    """A key for a new fact, made from its kind or board (`prefix`), its ISO day and what it is
    ('submission-2018-03-29-quarterly-report-secretary-state'), unique among `taken` (then -2, -3 ...).
    The result matches the model's Slug pattern (lower-case words and digits joined by hyphens)."""
    base = "-".join(p for p in (_slug_words(prefix), day, _slug_words(what)) if p) or "fact"
    used = set(taken)
    key, n = base, 1
    while key in used:
        n += 1
        key = f"{base}-{n}"
    return key


@dataclass(frozen=True)
class Obligation:
    """An open obligation a submission can satisfy, as the submission form lists it: the finding's id,
    its clause and occurrence (never typed), the recipient, and its words ('Quarterly reports to the
    Secretary of State ..., due 10am on 30 December 2017')."""

    finding: str
    clause: str
    occurrence: int | None
    recipient: str | None
    words: str


def open_obligations(findings: Iterable[Finding]) -> list[Obligation]:
    """The findings (of one as-of date) that a submission answers, still owed (engine.core.status: `owed`:
    not met, whether due or not yet) and with no evidence yet (as `submission_prefill`), sorted by due date:
    what the submission form offers."""
    out = []
    for f in sorted(findings, key=lambda f: (f.due, f.id)):
        if f.answered_by != "submission" or not status.info(f.status).owed or f.evidence:
            continue
        due = f.due_words() if f.open_since is not None else f"due {f.due_words()}"
        to = (
            f" to the {f.recipient}"
            if f.recipient and not f.recipient.lower().startswith("the ")
            else (f" to {f.recipient}" if f.recipient else "")
        )
        nth = f" (number {f.occurrence})" if f.occurrence is not None else ""
        out.append(Obligation(f.id, f.clause, f.occurrence, f.recipient, f"{f.clause_title}{nth}{to}, {due}"))
    return out


@dataclass(frozen=True)
class ItemChoice:
    """An agenda item a board's clauses ask for and who presents it, by name ('progress report, presented
    by the Director of Children's Services'); `value` is 'item|role' (role blank when none is named)."""

    value: str
    words: str


def _role_words(directions: list[Direction], slug: str) -> str:
    for d in directions:
        named = d.role_named(slug)
        if named is not None:
            return named.name
    return slug.replace("-", " ")


def role_choices(directions: list[Direction]) -> list[tuple[str, str]]:
    """Every role the direction files name (`roles:`), as (slug, name), sorted by name."""
    found: dict[str, str] = {}
    for d in directions:
        for slug, role in d.roles.items():
            found.setdefault(slug, role.name)
    return sorted(found.items(), key=lambda kv: kv[1].lower())


def meeting_items(directions: list[Direction], board: str) -> list[ItemChoice]:
    """The agenda items the clauses of the directions ask of a board's meetings (rules with `board` and
    `item`), each with its presenter (`presented_by`) when the clause names one, in the words of the files'
    `items:` and `roles:`; one choice per item and presenter, in clause order."""
    out: dict[str, ItemChoice] = {}
    for d in directions:
        for c in d.clauses:
            rule = c.rule
            if getattr(rule, "board", None) != board or not getattr(rule, "item", None):
                continue
            presenter = getattr(rule, "presented_by", None) or ""
            if isinstance(presenter, list):
                presenter = presenter[0] if presenter else ""
            item_words = d.items.get(rule.item) or rule.item.replace("-", " ")
            words = item_words + (f", presented by the {_role_words(directions, presenter)}" if presenter else "")
            out.setdefault(f"{rule.item}|{presenter}", ItemChoice(f"{rule.item}|{presenter}", words))
    return list(out.values())


def members_of(state: AuthorityState, board: str, day: dt.date | None = None) -> list[F.Membership]:
    """The memberships of a board on a day (every one ever, with `day` None), ordered by the member's name."""
    names = {p.key: p.name for p in state.people}
    return sorted(
        (
            m
            for m in state.memberships
            if m.board == board and (day is None or (m.start <= day and (m.until is None or day <= m.until)))
        ),
        key=lambda m: (names.get(m.person, m.person), m.start),
    )


def coverage_words(state: AuthorityState, directions: list[Direction]) -> list[tuple[str, str]]:
    """coverage_subjects with words: (subject, 'the Quarterly reports to the Secretary of State (bv-2017)',
    'meetings of the Best Value Improvement Board' ...)."""
    boards = {b.key: b.name for b in state.boards}
    words = {d.clause_id(c): f"{c.title} ({d.id})" for d in directions for c in d.clauses}
    for key, name in boards.items():
        words[ids.meetings_subject(key)] = f"meetings of the {name}"
        words[ids.memberships_subject(key)] = f"memberships of the {name}"
    return [(s, words.get(s, s)) for s in coverage_subjects(state, directions)]
