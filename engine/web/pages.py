"""The desk's reading pages: overview, finding, fact, timeline (any signed-in user).

Every page is for an as-of date (`?as_of=YYYY-MM-DD`, default today in London): the same store
answers "what was the position on any past or future date". Filters are query parameters too,
so a filtered list is a URL the Monitoring Officer can send to a colleague. What the pages show
is computed by engine.outputs.worklist (filters, the timeline, the facts by id) and
engine.store.forms (which form a finding offers); the views only pass it to the templates.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import login_required

from engine.core import calendar
from engine.core.errors import StoreError
from engine.outputs.worklist import Filters, boards_by_clause, coverage_for, fact_index, filter_findings, filter_options
from engine.outputs.worklist import timeline as timeline_of
from engine.store.forms import submission_prefill
from engine.store.history import stored_ids
from engine.store.syncs import board_syncs
from engine.web.request import (
    as_of_from_request,
    authority,
    clause_review,
    directions,
    evaluate,
    load_state,
    store_of_request,
)

bp = Blueprint("pages", __name__)


@bp.route("/")
@login_required
def overview() -> str:
    """Counts by status, the filters, and the findings that match them, by due date."""
    as_of_text, as_of = as_of_from_request()
    filters = Filters.from_args(request.args)
    state = load_state()
    report = evaluate(state, as_of)
    boards = boards_by_clause(directions())
    rows = filter_findings(report, filters, boards)
    return render_template(
        "overview.html",
        report=report,
        as_of=as_of_text,
        as_of_words=calendar.human(as_of),
        filters=filters,
        rows=rows,
        options=filter_options(report, boards, state),
        boards=boards,
        board_names={b.key: b.name for b in state.boards},
        synced=[
            (sync, calendar.human(calendar.parse_instant(sync.synced_at)))
            for sync in board_syncs(store_of_request(), authority())
        ],
    )


@bp.route("/finding/<path:finding_id>")
@login_required
def finding(finding_id: str) -> str:
    """One finding explained: why, the clause, the due date's computation, the evidence; 404 when
    there is no such finding on the as-of date."""
    as_of_text, as_of = as_of_from_request()
    state = load_state()
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
        as_of_words=calendar.human(as_of),
        due_words=(
            f"no due date (owed since {calendar.human(calendar.parse_instant(found.open_since))})"
            if found.open_since
            else calendar.human(calendar.parse_instant(found.due))
            + (
                f" at the latest; {calendar.human(calendar.parse_instant(found.due_earliest))} at the earliest"
                if found.due_earliest
                else ""
            )
        ),
        evidence=[(fid, fid in facts) for fid in found.evidence],
        coverage=coverage_for(state, found, boards),
        submission_prefill=submission_prefill(found),
    )


@bp.route("/fact/<path:fact_id>")
@login_required
def fact(fact_id: str) -> Any:
    """One stored fact, by the id findings cite; a withdrawn one (no longer loaded) sends to its
    versions (engine/web/history.py); 404 when the store has none."""
    as_of_text, _ = as_of_from_request()
    state = load_state()
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
    report = evaluate(load_state(), as_of)
    months = timeline_of(report, as_of, 12)
    return render_template(
        "timeline.html", report=report, as_of=as_of_text, as_of_words=calendar.human(as_of), months=months
    )
