"""The desk's reading pages: the worklist (overview), my duties, finding, fact, timeline (any signed-in
user), and the department's view of every authority (department and administrators).

Every page is for an as-of date (`?as_of=YYYY-MM-DD`, default today in London): the same store
answers "what was the position on any past or future date". Filters are query parameters too,
so a filtered list is a URL the Monitoring Officer can send to a colleague. What the pages show
is computed by engine.outputs.worklist (filters, the timeline, the facts by id) and
engine.store.forms (which form a finding offers); the views only pass it to the templates.

A user whose role sees every authority reads another one with `?authority=KEY` (kept in every link
of these pages: engine.web.request.keep_authority_in_links); anyone else asking gets 404, and the
forms record only for the desk's own authority.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from engine.core import calendar, dates
from engine.core.errors import StoreError
from engine.outputs.worklist import (
    UNASSIGNED,
    Filters,
    boards_by_clause,
    coverage_for,
    fact_index,
    filter_findings,
    filter_options,
    worklist,
)
from engine.outputs.worklist import timeline as timeline_of
from engine.store import runs
from engine.store.forms import submission_prefill
from engine.store.history import stored_ids
from engine.store.owners import owners
from engine.store.syncs import board_syncs
from engine.web.request import (
    as_of_from_request,
    authority,
    clause_review,
    directions,
    evaluate,
    load_state,
    reading_authority,
    store_of_request,
)

bp = Blueprint("pages", __name__)


#: the `show` parameter's value for every finding that matches the filters, in one table by due date
SHOW_ALL = "all"


def _worklist_page(title: str, owner: str | None = None) -> str:
    """The worklist of the authority this request reads (`?authority=` for the department), as of the
    request's date, filtered by the query's filters (and, for "my duties", by `owner`)."""
    as_of_text, as_of = as_of_from_request()
    filters = Filters.from_args(request.args)
    if owner is not None:
        filters = replace(filters, owner=owner)
    key = reading_authority()
    state = load_state(key)
    report = evaluate(state, as_of)
    boards = boards_by_clause(directions())
    owned = owners(store_of_request(), key)
    rows = filter_findings(report, filters, boards, owned)
    show_all = request.args.get("show") == SHOW_ALL or filters.status is not None
    keep = {k: v for k, v in filters.active().items() if not (owner is not None and k == "owner")}
    return render_template(
        "overview.html",
        title=title,
        mine=owner is not None,
        report=report,
        as_of=as_of_text,
        as_of_words=calendar.govuk_words(as_of),
        filters=filters,
        keep=keep,
        # what the as-of form keeps besides the filters: the authority read, the whole list
        asof_keep={
            **keep,
            **({"authority": key} if key != authority() else {}),
            **({"show": SHOW_ALL} if show_all and filters.status is None else {}),
        },
        endpoint="pages.mine" if owner is not None else "pages.overview",
        show_all=show_all,
        rows=rows,
        work=worklist(rows, as_of, boards, owned),
        owned=owned,
        unassigned=UNASSIGNED,
        options={
            **filter_options(report, boards, state),
            "owner": [(UNASSIGNED, "Unassigned")] + [(n, n) for n in sorted(set(owned.values()))],
        },
        boards=boards,
        board_names={b.key: b.name for b in state.boards},
        other_authority=key if key != authority() else None,
        synced=[
            (sync, calendar.human(calendar.parse_instant(sync.synced_at)))
            for sync in board_syncs(store_of_request(), key)
        ],
    )


@bp.route("/")
@login_required
def overview() -> str:
    """The worklist: breaches, then unknowns (with what would resolve each), then due soon, then open
    duties; counts by status, owner and direction; every finding behind `?show=all` (or a status filter)."""
    return _worklist_page("Worklist")


@bp.route("/mine")
@login_required
def mine() -> str:
    """My duties: the worklist of the findings the signed-in user owns (engine/store/owners.py)."""
    return _worklist_page("My duties", owner=current_user.name)


@bp.route("/authorities")
@login_required
def authorities() -> str:
    """The department's view (department and administrators only; 404 for anyone else): every authority
    in the store with its counts by status from the last completed nightly run, each linking to its
    worklist."""
    if not current_user.sees_every_authority:
        abort(404, description="The list of every authority is for the department and administrators.")
    store = store_of_request()
    last = runs.last_completed(store)
    counted = runs.counts_by_authority(store, last.id) if last else {}
    return render_template(
        "authorities.html",
        as_of=request.args.get("as_of", ""),
        last=last,
        last_day=calendar.day_words(dates.read_date(last.as_of_date)) if last else None,
        rows=[(key, store.load(key).authority.name, counted.get(key)) for key in store.authorities()],
        desk_authority=authority(),
    )


@bp.route("/finding/<path:finding_id>")
@login_required
def finding(finding_id: str) -> str:
    """One finding explained: why, the clause, the due date's computation, the evidence; 404 when
    there is no such finding on the as-of date."""
    as_of_text, as_of = as_of_from_request()
    state = load_state(reading_authority())
    report = evaluate(state, as_of)
    found = next((f for f in report.findings if f.id == finding_id), None)
    if found is None:
        abort(
            404,
            description=f"No finding {finding_id!r} as of {as_of_text}: the obligation may not exist "
            "on that date. Open the overview for the findings of that date.",
        )
    facts = fact_index(state)
    boards = boards_by_clause(directions())
    review, review_unknown = clause_review(found.clause)
    return render_template(
        "finding.html",
        review=review,
        review_unknown=review_unknown,
        f=found,
        as_of=as_of_text,
        as_of_words=calendar.govuk_words(as_of),
        due_words=found.due_words(),
        evidence=[(fid, fid in facts) for fid in found.evidence],
        coverage=coverage_for(state, found, boards),
        submission_prefill=submission_prefill(found) if reading_authority() == authority() else None,
    )


@bp.route("/fact/<path:fact_id>")
@login_required
def fact(fact_id: str) -> Any:
    """One stored fact, by the id findings cite; a withdrawn one (no longer loaded) sends to its
    versions (engine/web/history.py); 404 when the store has none."""
    as_of_text, _ = as_of_from_request()
    state = load_state(reading_authority())
    stored = fact_index(state).get(fact_id)
    if stored is None:
        try:
            stored_ids(store_of_request(), authority(), fact_id)
        except StoreError:
            abort(404, description=f"No stored fact {fact_id!r}.")
        return redirect(url_for("history.versions", fact_id=fact_id, as_of=request.args.get("as_of") or None))
    people = {p.key: p.name for p in state.people}
    return render_template(
        "fact.html",
        fact=stored,
        as_of=as_of_text,
        people=people,
        board_names={b.key: b.name for b in state.boards},
    )


@bp.route("/timeline")
@login_required
def timeline() -> str:
    """The obligations falling due in the 12 months from the as-of date, month by month."""
    as_of_text, as_of = as_of_from_request()
    report = evaluate(load_state(reading_authority()), as_of)
    months = timeline_of(report, as_of, 12)
    return render_template(
        "timeline.html", report=report, as_of=as_of_text, as_of_words=calendar.govuk_words(as_of), months=months
    )
