"""The desk's forms (editors only): record a meeting, a submission, a membership, or declare the
records of a subject complete until a date (a coverage fact).

Why coverage is a form here: the bundled papers prove no breach on their own, because a missing
record proves a breach only where the records are known to be complete. Declaring "our records of
the quarterly reports are complete until 31 January 2018" is how a Monitoring Officer turns an
unknown into a proven breach (or a met late, once the late report is recorded).

Every form is validated as `comply record` validates (engine/store/forms.py) and written with
Store.write in one transaction: a form with a bad field stores nothing and names the field. A
member leaving a board is the one amendment of a stored fact (engine/store/amend.py).
"""

from __future__ import annotations

from typing import Any, get_args

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from engine.model import facts as F
from engine.store.amend import check_end, end_membership, membership_choice, open_memberships
from engine.store.forms import (
    ATTENDANCE_STATUSES,
    FORMS,
    coverage_subjects,
    decision_functions,
    error_summary,
    validate_form,
)
from engine.store.sqlite import StoreError
from engine.web.request import authority, directions, editor_required, load_state, store_of_request

bp = Blueprint("record", __name__, url_prefix="/record")


#: the procedures a decision form offers: those the model accepts (engine/model/facts.py); blank is ordinary
PROCEDURES: tuple[str, ...] = get_args(F.Decision.model_fields["procedure"].annotation)


def _choices() -> dict[str, Any]:
    """The choices the forms offer: boards, people, clauses, coverage subjects, attendance statuses."""
    state = load_state()
    known = directions()
    return {
        "boards": [(b.key, b.name) for b in state.boards],
        "people": [(p.key, p.name) for p in state.people],
        "clauses": [(d.clause_id(c), f"{d.clause_id(c)}: {c.title}") for d in known for c in d.clauses],
        "subjects": coverage_subjects(state, known),
        "attendance_statuses": ATTENDANCE_STATUSES,
        "functions": decision_functions(known),
        "procedures": [(p, p.replace("_", " ")) for p in PROCEDURES if p != "ordinary"],
    }


@bp.route("/")
@editor_required
def index() -> str:
    """The list of forms."""
    return render_template("record_index.html", forms=FORMS, as_of=request.args.get("as_of", ""))


@bp.route("/membership-end", methods=["GET", "POST"])
@editor_required
def membership_end() -> Any:
    """A member leaves a board: the last day of a current membership."""
    state = load_state()
    as_of = request.values.get("as_of", "")
    values: dict[str, str] = dict(request.args) if request.method == "GET" else dict(request.form)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        errors, chosen, day = check_end(state, request.form.get("membership"), request.form.get("to"))
        if not errors and chosen is not None and day is not None:
            source = (request.form.get("source") or "").strip()
            recorded = f"recorded on the desk by {current_user.name}" + (f" ({source})" if source else "")
            end_membership(store_of_request(), authority(), chosen, day, recorded, f"desk user {current_user.name}")
            flash(f"Recorded the end of a membership: {chosen.person} on {chosen.board}, last day {day.isoformat()}.")
            return redirect(url_for("pages.overview", as_of=as_of) if as_of else url_for("pages.overview"))
    people = {p.key: p.name for p in state.people}
    choices = [
        (
            membership_choice(ms),
            f"{people.get(ms.person, ms.person)}: {ms.board}, {ms.capacity}, from {ms.start.isoformat()}",
        )
        for ms in open_memberships(state)
    ]
    return render_template(
        "record_membership_end.html",
        name="membership-end",
        words="the end of a membership",
        values=values,
        errors=errors,
        summary=error_summary(errors),
        as_of=as_of,
        memberships=choices,
    ), (422 if errors else 200)


@bp.route("/<name>", methods=["GET", "POST"])
@editor_required
def form(name: str) -> Any:
    """One form (meeting, submission, membership, coverage): shown with the query's values filled
    in; posted, validated and stored, or shown again (422) with each problem on its field."""
    if name not in FORMS:
        abort(404, description=f"No form {name!r}; the forms are {', '.join(FORMS)}.")
    kind, _model, words = FORMS[name]
    as_of = request.values.get("as_of", "")
    values: dict[str, str] = dict(request.args) if request.method == "GET" else dict(request.form)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        state = load_state()
        result = validate_form(name, request.form, state, directions(), current_user.name)
        errors = result.errors
        if result.ok:
            try:
                store_of_request().write(authority(), [(kind, result.fact)], f"desk user {current_user.name}")
            except StoreError as exc:  # another editor saved the same key in between: nothing was stored
                errors = {"key" if "already stored" in str(exc) else "form": [str(exc)]}
            else:
                flash(f"Recorded {words}: {_label(result.fact)}.")
                return redirect(url_for("pages.overview", as_of=as_of) if as_of else url_for("pages.overview"))
    status = 422 if errors else 200
    return render_template(
        f"record_{name}.html",
        name=name,
        words=words,
        values=values,
        errors=errors,
        summary=error_summary(errors),
        as_of=as_of,
        **_choices(),
    ), status


def _label(fact: Any) -> str:
    """How the confirmation names a stored fact: its key, its subject, or who on which board."""
    for attr in ("key", "subject"):
        if getattr(fact, attr, None):
            return str(getattr(fact, attr))
    return f"{fact.person} on {fact.board}"
