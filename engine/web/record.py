"""The desk's record forms (editors only), in the officer's words: a submission against an open
obligation, a meeting of a board with its items and attendance, a membership, a member leaving, a
decision, and records declared complete until a day (a coverage fact).

Why WTForms with GOV.UK Frontend's widgets: dates as three boxes (day, month, year), an error summary
at the top linking to each field, hints, and the markup of the GOV.UK Design System, which officers
know. Nothing is typed that the desk knows already: keys are generated (engine.store.forms.generate_key),
the occurrence and recipient of a submission come from the obligation chosen, boards, people, roles and
agenda items are chosen by name from the store and the direction files.

The forms only collect; engine/store/forms.py validates as `comply record` does (the models, then
every reference) and says what is wrong in plain words (its MESSAGES). A good form is written with its
audit entry (engine/store/audit.py, action "record") in one transaction: a refused form stores
nothing. Why coverage is a form here: a missing record proves a breach only where the records are known
to be complete; declaring them complete until a day is how a Monitoring Officer turns an unknown into a
proven breach (or a met late, once the late report is recorded).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    Field,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import StopValidation

from engine.core import calendar, ids
from engine.core.errors import ComplyError, InputError
from engine.model import facts as F
from engine.store import audit
from engine.store.amend import check_end, end_membership, membership_choice, open_memberships
from engine.store.forms import (
    MESSAGES,
    coverage_words,
    decision_functions,
    generate_key,
    meeting_items,
    members_of,
    open_obligations,
    plain_errors,
    read_time,
    role_choices,
    validate_form,
)
from engine.store.sqlite import AuthorityState, body_of
from engine.web.request import (
    as_of_from_request,
    authority,
    directions,
    editor_required,
    evaluate,
    load_state,
    store_of_request,
)

bp = Blueprint("record", __name__, url_prefix="/record")

#: the procedures a decision form offers: those the model accepts (engine/model/facts.py)
PROCEDURES: tuple[str, ...] = get_args(F.Decision.model_fields["procedure"].annotation)
#: attendance as the form words it -> the model's status
ATTENDANCE_WORDS: dict[str, str] = {
    "present": "Attended",
    "apologies": "Sent apologies",
    "absent": "Absent",
    "substitute": "Attended as a substitute",
}

#: the presenter recorded for an item whose clause names none and for which the form names none (the model
#: needs a role; a clause without `presented_by` accepts whoever presents it, engine/kinds/per_meeting.py)
NO_PRESENTER = "not-recorded"

#: the forms, by URL name: (fact kind, words of the heading)
FORM_WORDS: dict[str, tuple[str, str]] = {
    "submission": ("submissions", "a submission"),
    "meeting": ("meetings", "a meeting"),
    "membership": ("memberships", "a membership"),
    "coverage": ("coverage", "complete records"),
    "decision": ("decisions", "a decision"),
}


# -- fields -----------------------------------------------------------------------------------------------


class DayField(Field):
    """A day as GOV.UK's date input asks it: three boxes, day, month and year, sharing one name. `data` is a
    datetime.date or None. Never raises on a post with the wrong number of parts (the widget would): the
    field then says so. `missing`: the words for an empty required field ("Enter the day ...")."""

    widget = GovDateInput()

    def __init__(self, label: str = "", *, missing: str = "", required: bool = True, **kwargs: Any):
        super().__init__(label, **kwargs)
        self.missing, self.required, self.parts_wrong = missing, required, False

    def _value(self) -> str:
        return self.data.strftime("%d %m %Y") if isinstance(self.data, dt.date) else ""

    def process_formdata(self, valuelist: list[str]) -> None:
        parts = [str(v).strip() for v in valuelist]
        self.parts_wrong = len(parts) not in (0, 3)
        self.raw_data = (parts + ["", "", ""])[:3]
        self.data = None

    def pre_validate(self, form: Any) -> None:
        day, month, year = self.raw_data if self.raw_data and len(self.raw_data) == 3 else ("", "", "")
        label = self.label.text.lower()
        if self.parts_wrong:
            raise StopValidation(f"Enter {label} as a day, a month and a year")
        if not (day or month or year):
            if self.required:
                raise StopValidation(self.missing or f"Enter {label}")
            self.data = None
            raise StopValidation()  # an optional day left empty: no message
        missing = [w for w, v in (("a day", day), ("a month", month), ("a year", year)) if not v]
        if missing:
            raise StopValidation(f"{self.label.text} must include {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
            raise StopValidation("The date must be a real date, in numbers, such as 27 3 2018")
        try:
            self.data = dt.date(int(year), int(month), int(day))
        except ValueError:
            raise StopValidation("The date must be a real date") from None


def _time_field(label: str, hint: str = "For example, 10am, 2:30pm or 14:30.") -> StringField:
    return StringField(label, description=hint, widget=GovTextInput())


def _check_time(field: Field) -> tuple[int, int] | None:
    """The time typed in a time field, or None when blank; a wrong time becomes the field's error."""
    text = (field.data or "").strip()
    if not text:
        return None
    try:
        return read_time(text)
    except InputError as exc:
        field.errors = [str(exc)]
        return None


def _instant_text(day: dt.date, hm: tuple[int, int] | None) -> str:
    """ISO wall-clock text (London) of a day and time, as the models read it."""
    hour, minute = hm or (0, 0)
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


def _options(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    """(value, words) pairs as the choices of a select, radios or checkboxes field (WTForms' SelectChoice:
    tuples are deprecated from WTForms 3.3 and go in 3.4)."""
    return [SelectChoice(value, words) for value, words in pairs]


def _choices(blank: str, pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    """The choices of a select whose first option, "" in value, says `blank` ("Not recorded")."""
    return _options([("", blank), *pairs])


# -- the forms ---------------------------------------------------------------------------------------------


class SubmissionForm(FlaskForm):
    """A submission received, against an open obligation of the as-of date."""

    obligation = RadioField(
        "Which obligation does this submission satisfy?", choices=[], widget=GovRadioInput(), validate_choice=False
    )
    what = StringField(
        "What was sent",
        description="For example, Q4 update report on the Best Value Improvement Plan.",
        widget=GovTextInput(),
    )
    received = DayField(
        "The day it was received", description="For example, 29 3 2018.", missing=MESSAGES["submission"]["received"][0]
    )
    received_time = _time_field(
        "The time it was received (if known)",
        "For example, 10am or 14:30. Leave blank if the papers give only the day: it is then recorded as "
        "received some time that day.",
    )
    source = StringField("Where this is recorded", description="A paper and its section.", widget=GovTextInput())
    note = TextAreaField("Note", widget=GovTextArea())


class MeetingForm(FlaskForm):
    """A meeting of one board (chosen first): its day, time, items and attendance."""

    starts_at = DayField(
        "The day of the meeting", description="For example, 12 2 2018.", missing=MESSAGES["meeting"]["starts_at"][0]
    )
    time = _time_field(
        "The time it started (if known)", "For example, 4pm or 16:00. Leave blank if only the day is known."
    )
    status = RadioField(
        "Was the meeting held?",
        choices=_options([("held", "Held"), ("scheduled", "Scheduled, not yet held"), ("cancelled", "Cancelled")]),
        default="held",
        widget=GovRadioInput(),
    )
    public = BooleanField("Held in public", widget=GovCheckboxInput())
    chair = SelectField("Who chaired it", choices=[], widget=GovSelect(), validate_choice=False)
    items_unknown = BooleanField("The papers do not say what was tabled", widget=GovCheckboxInput())
    items = SelectMultipleField(
        "Items tabled",
        description="The items the board's terms of reference and directions ask for.",
        choices=[],
        widget=GovCheckboxesInput(),
        validate_choice=False,
    )
    other_item = StringField("Another item (in words)", widget=GovTextInput())
    other_presenter = SelectField("Presented by", choices=[], widget=GovSelect(), validate_choice=False)
    source = StringField("Where this is recorded", description="The minutes and their section.", widget=GovTextInput())
    note = TextAreaField("Note", widget=GovTextArea())


class MembershipForm(FlaskForm):
    """Someone joins a board in a capacity from a day."""

    board = SelectField("Board", choices=[], widget=GovSelect(), validate_choice=False)
    person = SelectField("Member", choices=[], widget=GovSelect(), validate_choice=False)
    capacity = SelectField("Sits as", choices=[], widget=GovSelect(), validate_choice=False)
    external = BooleanField("An external member (from outside the council)", widget=GovCheckboxInput())
    start = DayField("First day", description="For example, 1 2 2018.", missing=MESSAGES["membership"]["from"][0])
    until = DayField("Last day (if the membership has ended)", required=False)
    source = StringField("Where this is recorded", widget=GovTextInput())
    note = TextAreaField("Note", widget=GovTextArea())


class CoverageForm(FlaskForm):
    """The council's records of a subject are complete until a day."""

    subject = SelectField("Our records of", choices=[], widget=GovSelect(), validate_choice=False)
    complete_until = DayField(
        "are complete until", description="For example, 31 1 2018.", missing=MESSAGES["coverage"]["complete_until"][0]
    )
    source = StringField("Where this is recorded", widget=GovTextInput())
    note = TextAreaField("Note", widget=GovTextArea())


class DecisionForm(FlaskForm):
    """A decision as its record gives it."""

    what = StringField("What was decided", widget=GovTextInput())
    reference = StringField(
        "Reference as the record writes it", description="For example, Decision Log No. 15.", widget=GovTextInput()
    )
    decided_at = DayField("The day it was taken", missing=MESSAGES["decision"]["decided_at"][0])
    decided_time = _time_field("The time it was taken (if known)")
    decided_by = SelectField("In the capacity of", choices=[], widget=GovSelect(), validate_choice=False)
    decider = SelectField("Taken by", choices=[], widget=GovSelect(), validate_choice=False)
    function = SelectField("In the function or area", choices=[], widget=GovSelect(), validate_choice=False)
    meeting = SelectField("At the meeting", choices=[], widget=GovSelect(), validate_choice=False)
    procedure = SelectField("Procedure", choices=[], widget=GovSelect(), validate_choice=False)
    agreed_by = SelectField(
        "Whose agreement was obtained",
        description="Where a direction requires someone's prior agreement.",
        choices=[],
        widget=GovSelect(),
        validate_choice=False,
    )
    agreed_at = DayField("The day the agreement was given", required=False)
    agreed_time = _time_field("The time the agreement was given (if known)")
    source = StringField("Where this is recorded", widget=GovTextInput())
    note = TextAreaField("Note", widget=GovTextArea())


class MembershipEndForm(FlaskForm):
    """A member leaves: the last day of a current membership."""

    membership = SelectField("Current membership", choices=[], widget=GovSelect(), validate_choice=False)
    until = DayField("Last day", description="For example, 31 3 2018.", missing=MESSAGES["membership-end"]["to"][0])
    source = StringField(
        "Where this is recorded", description="For example, a letter of resignation.", widget=GovTextInput()
    )


# -- helpers -------------------------------------------------------------------------------------------


def _as_of() -> str:
    """The as-of date of the request as ISO text ('' when none was given)."""
    return as_of_from_request()[0] if (request.args.get("as_of") or "").strip() else ""


def _back(as_of: str) -> Any:
    return redirect(url_for("pages.overview", as_of=as_of) if as_of else url_for("pages.overview"))


def _source(form: FlaskForm) -> str:
    return (form.source.data or "").strip() or f"recorded on the desk by {current_user.name}"


def _summary(form: FlaskForm, extra: dict[str, list[str]]) -> list[dict[str, str]]:
    """The error summary's list: each message linking to its field (a date to its day box)."""
    out = []
    for fld in form._fields.values():
        for msg in fld.errors:
            if msg:
                href = f"#{fld.id}-day" if isinstance(fld, DayField) else f"#{fld.id}"
                if isinstance(fld, RadioField | SelectMultipleField) and fld.choices:
                    href = f"#{fld.id}"
                out.append({"text": msg, "href": href})
    for name, msgs in extra.items():
        out += [{"text": m, "href": f"#{name}" if name != "form" else "#main-content"} for m in msgs]
    return out


def _pin(form: FlaskForm, errors: dict[str, list[str]], where: dict[str, str]) -> dict[str, list[str]]:
    """Put the store's problems (by model field) on the form's fields (`where`: model field -> form field);
    what belongs to no field is returned, for the summary."""
    rest: dict[str, list[str]] = {}
    for model_field, msgs in errors.items():
        name = where.get(model_field, model_field)
        if name in form._fields:
            fld = form._fields[name]
            fld.errors = [*[e for e in fld.errors if e], *[m for m in msgs if m not in fld.errors]]
        else:
            rest.setdefault("form", []).extend(msgs)
    return rest


def _store(kind: str, fact: F.Fact, words: str) -> str:
    """Write one new fact and its audit entry in one transaction; the fact's id. Raises StoreError."""
    store = store_of_request()
    fid = ids.fact_id(kind, body_of(fact))
    with store.transaction("nothing was stored"):
        store.write_in_transaction(authority(), [(kind, fact)], f"desk user {current_user.name}")
        audit.log(store, current_user.name, "record", authority=authority(), subject=fid, detail=words)
    return fid


def _save(name: str, form: FlaskForm, raw: dict[str, str], state: AuthorityState, where: dict[str, str]) -> Any:
    """Validate the model's input `raw` and store it, or pin the problems on the form. Returns a redirect
    when stored, else the leftover problems for the summary."""
    kind, words = FORM_WORDS[name]
    result = validate_form(name, raw, state, directions(), current_user.name)
    if not result.ok or result.fact is None:
        return _pin(form, plain_errors(name, result.errors), where)
    try:
        _store(kind, result.fact, words)
    except ComplyError as exc:  # another editor stored the same key meanwhile, or the store failed
        return {"form": [f"Nothing was recorded: {exc}"]}
    key = getattr(result.fact, "key", None)
    if key:
        flash(f"Recorded {words} with the key {key}.")
    else:
        flash(f"Recorded {words}: {getattr(result.fact, 'subject', None) or _who(result.fact, state)}.")
    return _back(_as_of())


def _page(name: str, form: FlaskForm, words: str, extra: dict[str, list[str]], **context: Any) -> Any:
    summary = _summary(form, extra) if request.method == "POST" else []
    return render_template(
        f"record_{name}.html",
        name=name,
        form=form,
        words=words,
        summary=summary,
        as_of=_as_of(),
        **context,
    ), (422 if summary else 200)


def _day(day: dt.date) -> str:
    """A day as GOV.UK writes it: '30 December 2017'."""
    return f"{day.day} {day:%B %Y}"


def _who(fact: F.Fact, state: AuthorityState) -> str:
    """A membership in words: who on which board."""
    people, boards = {p.key: p.name for p in state.people}, {b.key: b.name for b in state.boards}
    person, board = getattr(fact, "person", ""), getattr(fact, "board", "")
    return f"{people.get(person, person)} on the {boards.get(board, board)}"


def _require(form: FlaskForm, name: str, fields: tuple[str, ...]) -> None:
    """An empty required field gets the table's "missing" words (engine.store.forms.MESSAGES)."""
    for f in fields:
        if not (form._fields[f].data or "").strip() and not form._fields[f].errors:
            form._fields[f].errors = [MESSAGES[name][f][0]]


def _keys(state: AuthorityState, kind: str) -> list[str]:
    return [str(getattr(x, "key", "")) for x in getattr(state, kind, [])]


def _people(state: AuthorityState) -> list[tuple[str, str]]:
    return sorted(((p.key, p.name) for p in state.people), key=lambda kv: kv[1].lower())


# -- views -------------------------------------------------------------------------------------------


@bp.route("/")
@editor_required
def index() -> str:
    """The list of forms."""
    return render_template("record_index.html", as_of=_as_of())


@bp.route("/submission", methods=["GET", "POST"])
@editor_required
def submission() -> Any:
    """A submission received, recorded against an open obligation of the as-of date."""
    state = load_state()
    _, instant = as_of_from_request()
    obligations = open_obligations(evaluate(state, instant).findings)
    form = SubmissionForm()
    form.obligation.choices = _options([(o.finding, o.words) for o in obligations])
    if request.method == "GET":
        wanted = (request.args.get("clause"), request.args.get("occurrence") or None)
        for o in obligations:
            if (o.clause, None if o.occurrence is None else str(o.occurrence)) == wanted or request.args.get(
                "obligation"
            ) == o.finding:
                form.obligation.data = o.finding
    extra: dict[str, list[str]] = {}
    if request.method == "POST":
        form.validate()
        hm = _check_time(form.received_time)
        chosen = next((o for o in obligations if o.finding == form.obligation.data), None)
        if chosen is None:
            form.obligation.errors = [MESSAGES["submission"]["obligation"][0 if not form.obligation.data else 1]]
        if not (form.what.data or "").strip():
            form.what.errors = [MESSAGES["submission"]["what"][0]]
        if not any(f.errors for f in form) and chosen is not None and form.received.data is not None:
            day = form.received.data
            raw: dict[str, Any] = {
                "key": generate_key("submission", day.isoformat(), form.what.data, _keys(state, "submissions")),
                "what": form.what.data.strip(),
                "clause": chosen.clause,
                "occurrence": str(chosen.occurrence) if chosen.occurrence is not None else "",
                "recipient": chosen.recipient or "",
                "source": _source(form),
                "note": form.note.data or "",
            }
            if hm is None:
                raw["received_earliest"] = _instant_text(day, (0, 0))
                raw["received_latest"] = f"{day.isoformat()}T23:59"
            else:
                raw["received"] = _instant_text(day, hm)
            where = {
                "received_earliest": "received",
                "clause": "obligation",
                "occurrence": "obligation",
                "recipient": "obligation",
                "key": "what",
            }
            done = _save("submission", form, raw, state, where)
            if not isinstance(done, dict):
                return done
            extra = done
    return _page("submission", form, "a submission", extra, obligations=obligations)


@bp.route("/meeting", methods=["GET", "POST"])
@editor_required
def meeting() -> Any:
    """A meeting: first the board (by name), then its day, items and attendance."""
    state = load_state()
    boards = {b.key: b.name for b in state.boards}
    board = request.values.get("board") or ""
    if board not in boards:
        return render_template(
            "record_meeting_board.html",
            boards=sorted(boards.items(), key=lambda kv: kv[1]),
            as_of=_as_of(),
            words="a meeting",
            summary=[{"text": MESSAGES["meeting"]["board"][0], "href": "#board"}] if board else [],
        )
    form = MeetingForm()
    people = dict(_people(state))
    form.chair.choices = _choices("Not recorded", list(people.items()))
    choices = meeting_items(directions(), board)
    form.items.choices = _options([(c.value, c.words) for c in choices])
    roles = role_choices(directions())
    form.other_presenter.choices = _choices("No one named", roles)
    members = members_of(state, board)
    statuses = [("", "Not recorded"), *ATTENDANCE_WORDS.items()]
    attendance = [
        (
            f"attendance-{ms.person}",
            people.get(ms.person, ms.person),
            f"{_role_name(ms.capacity, roles)}, from {_day(ms.start)}" + (f" to {_day(ms.until)}" if ms.until else ""),
        )
        for ms in members
    ]
    attendance = list({a[0]: a for a in attendance}.values())
    extra: dict[str, list[str]] = {}
    posted = {a[0]: request.form.get(a[0], "") for a in attendance} if request.method == "POST" else {}
    att_errors: dict[str, str] = {}
    if request.method == "POST":
        form.validate()
        hm = _check_time(form.time)
        day = form.starts_at.data
        rows = []
        for field_name, person_name, _ in attendance:
            chosen = posted.get(field_name, "")
            if not chosen:
                continue
            person = field_name.removeprefix("attendance-")
            if chosen not in ATTENDANCE_WORDS:
                att_errors[field_name] = f"Choose attended, apologies, absent or substitute for {person_name}"
            elif (
                day is not None
                and chosen != "substitute"
                and not any(m.person == person for m in members_of(state, board, day))
            ):
                att_errors[field_name] = f"{person_name} was not a member of the board on {_day(day)}"
            else:
                rows.append({"person": person, "status": chosen})
        items = []
        for value in form.items.data or []:
            item, _, role = value.partition("|")
            if value in {c.value for c in form.items.choices}:
                items.append({"item": item, "presented_by": role or NO_PRESENTER})
        other = (form.other_item.data or "").strip()
        if other:
            slug = generate_key("", "", other, [])
            items.append({"item": slug, "presented_by": form.other_presenter.data or NO_PRESENTER})
        if not any(f.errors for f in form) and not att_errors and day is not None:
            raw: dict[str, Any] = {
                "key": generate_key(board, day.isoformat(), "", _keys(state, "meetings")),
                "board": board,
                "starts_at": _instant_text(day, hm),
                "time_unknown": "on" if hm is None else "",
                "public": "on" if form.public.data else "",
                "status": form.status.data or "held",
                "chair": form.chair.data or "",
                "items_unknown": "on" if form.items_unknown.data else "",
                "items": "\n".join(f"{i['item']} @ {i['presented_by']}" for i in items),
                "source": _source(form),
                "note": form.note.data or "",
            }
            raw.update({f"attendance-{r['person']}": r["status"] for r in rows})
            done = _save("meeting", form, raw, state, {"key": "starts_at", "attendance": "form", "time_known": "time"})
            if not isinstance(done, dict):
                return done
            extra = done
        for name, msg in att_errors.items():
            extra.setdefault(name, []).append(msg)
    return _page(
        "meeting",
        form,
        f"a meeting of the {boards[board]}",
        extra,
        board=board,
        attendance=attendance,
        statuses=statuses,
        posted=posted,
        att_errors=att_errors,
    )


def _role_name(slug: str, roles: list[tuple[str, str]]) -> str:
    return dict(roles).get(slug, slug.replace("-", " "))


@bp.route("/membership", methods=["GET", "POST"])
@editor_required
def membership() -> Any:
    """Someone joins a board, in a capacity, from a day."""
    state = load_state()
    form = MembershipForm()
    form.board.choices = _choices(
        "Choose a board", sorted(((b.key, b.name) for b in state.boards), key=lambda kv: kv[1])
    )
    form.person.choices = _choices("Choose a person", _people(state))
    roles = role_choices(directions())
    known = dict(roles)
    for ms in state.memberships:
        known.setdefault(ms.capacity, ms.capacity.replace("-", " "))
    form.capacity.choices = _choices("Choose a capacity", sorted(known.items(), key=lambda kv: kv[1].lower()))
    extra: dict[str, list[str]] = {}
    if request.method == "POST":
        form.validate()
        _require(form, "membership", ("board", "person", "capacity"))
        if not any(f.errors for f in form) and form.start.data is not None:
            raw = {
                "board": form.board.data or "",
                "person": form.person.data or "",
                "capacity": form.capacity.data or "",
                "external": "on" if form.external.data else "",
                "from": form.start.data.isoformat(),
                "to": form.until.data.isoformat() if form.until.data else "",
                "source": _source(form),
                "note": form.note.data or "",
            }
            done = _save("membership", form, raw, state, {"from": "start", "to": "until"})
            if not isinstance(done, dict):
                return done
            extra = done
    return _page("membership", form, "a membership", extra)


@bp.route("/coverage", methods=["GET", "POST"])
@editor_required
def coverage() -> Any:
    """The records of a subject are complete until a day."""
    state = load_state()
    form = CoverageForm()
    form.subject.choices = _choices("Choose what the records are of", coverage_words(state, directions()))
    if request.method == "GET" and request.args.get("subject"):
        form.subject.data = request.args["subject"]
    extra: dict[str, list[str]] = {}
    if request.method == "POST":
        form.validate()
        _require(form, "coverage", ("subject",))
        if not any(f.errors for f in form) and form.complete_until.data is not None:
            raw = {
                "subject": form.subject.data or "",
                "complete_until": form.complete_until.data.isoformat(),
                "source": _source(form),
                "note": form.note.data or "",
            }
            done = _save("coverage", form, raw, state, {})
            if not isinstance(done, dict):
                return done
            extra = done
    return _page("coverage", form, "complete records", extra)


@bp.route("/decision", methods=["GET", "POST"])
@editor_required
def decision() -> Any:
    """A decision as its record gives it; what the record does not say is left blank."""
    state = load_state()
    form = DecisionForm()
    roles = role_choices(directions())
    form.decided_by.choices = _choices("Not recorded", roles)
    form.agreed_by.choices = _choices("None recorded", roles)
    form.decider.choices = _choices("Not recorded", _people(state))
    form.function.choices = _choices(
        "Not recorded", [(f, f.replace("-", " ")) for f in decision_functions(directions())]
    )
    boards = {b.key: b.name for b in state.boards}
    form.meeting.choices = _choices(
        "Not at a meeting",
        [
            (m.key, f"{boards.get(m.board, m.board)}, {calendar.govuk_words(m.starts_at)}")
            for m in sorted(state.meetings, key=lambda m: m.starts_at, reverse=True)
        ],
    )
    form.procedure.choices = _options([(p, p.replace("_", " ").capitalize()) for p in PROCEDURES])
    extra: dict[str, list[str]] = {}
    if request.method == "POST":
        form.validate()
        hm = _check_time(form.decided_time)
        agreed_hm = _check_time(form.agreed_time)
        if not (form.what.data or "").strip():
            form.what.errors = [MESSAGES["decision"]["what"][0]]
        if not any(f.errors for f in form) and form.decided_at.data is not None:
            day = form.decided_at.data
            raw = {
                "key": generate_key(
                    "decision", day.isoformat(), form.reference.data or form.what.data, _keys(state, "decisions")
                ),
                "what": form.what.data.strip(),
                "reference": form.reference.data or "",
                "decided_at": _instant_text(day, hm),
                "decided_by": form.decided_by.data or "",
                "decider": form.decider.data or "",
                "function": form.function.data or "",
                "meeting": form.meeting.data or "",
                "procedure": form.procedure.data or "",
                "agreed_by": form.agreed_by.data or "",
                "agreed_at": _instant_text(form.agreed_at.data, agreed_hm) if form.agreed_at.data else "",
                "source": _source(form),
                "note": form.note.data or "",
            }
            done = _save("decision", form, raw, state, {"key": "what"})
            if not isinstance(done, dict):
                return done
            extra = done
    return _page("decision", form, "a decision", extra)


@bp.route("/membership-end", methods=["GET", "POST"])
@editor_required
def membership_end() -> Any:
    """A member leaves a board: the last day of a current membership (a correction of the membership)."""
    state = load_state()
    form = MembershipEndForm()
    people = dict(_people(state))
    boards = {b.key: b.name for b in state.boards}
    form.membership.choices = _choices(
        "Choose a current membership",
        [
            (
                membership_choice(ms),
                f"{people.get(ms.person, ms.person)}, {boards.get(ms.board, ms.board)}, as "
                f"{ms.capacity.replace('-', ' ')}, from {_day(ms.start)}",
            )
            for ms in open_memberships(state)
        ],
    )
    if request.method == "GET" and request.args.get("membership"):
        form.membership.data = request.args["membership"]
    extra: dict[str, list[str]] = {}
    if request.method == "POST":
        form.validate()
        last = form.until.data
        errors, chosen, day = check_end(state, form.membership.data, last.isoformat() if last else "")
        if form.until.errors:
            errors.pop("to", None)
        _require(form, "membership-end", ("membership",))
        if form.membership.errors:
            errors.pop("membership", None)
        if chosen is not None and day is not None and day < chosen.start:
            errors["to"] = [f"The last day must be on or after the first day of the membership, {_day(chosen.start)}"]
        extra = _pin(form, plain_errors("membership-end", errors), {"to": "until"})
        if not any(f.errors for f in form) and not extra and chosen is not None and day is not None:
            source = (form.source.data or "").strip()
            recorded = f"recorded on the desk by {current_user.name}" + (f" ({source})" if source else "")
            try:
                end_membership(
                    store_of_request(),
                    authority(),
                    chosen,
                    day,
                    recorded,
                    f"desk user {current_user.name}",
                    actor=current_user.name,  # the log's "correct" entry, in the correction's transaction
                )
            except ComplyError as exc:
                extra = {"form": [str(exc)]}
            else:
                flash(
                    f"Recorded the end of a membership: {people.get(chosen.person, chosen.person)} on the "
                    f"{boards.get(chosen.board, chosen.board)}, last day "
                    f"{_day(day)}."
                )
                return _back(_as_of())
    return _page("membership_end", form, "the end of a membership", extra)


@bp.route("/<name>", methods=["GET", "POST"])
@editor_required
def form(name: str) -> Any:
    """No such form: 404 naming the forms."""
    abort(404, description=f"No form {name!r}; the forms are {', '.join([*FORM_WORDS, 'membership-end'])}.")
