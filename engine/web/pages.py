"""The desk's reading pages: overview, finding, fact, timeline (any signed-in user).

Every page is for an as-of date (`?as_of=YYYY-MM-DD`, default today in London): the same store
answers "what was the position on any past or future date". Filters are query parameters too,
so a filtered list is a URL the Monitoring Officer can send to a colleague.
"""

from __future__ import annotations

from typing import Any

import pendulum
from flask import Blueprint, abort, current_app, render_template, request
from flask_login import login_required
from pendulum import DateTime

from engine.core import calendar
from engine.core.errors import InputError
from engine.core.status import STATUS_ORDER, STATUS_WORDS
from engine.evaluation.check import check
from engine.model.findings import Finding, Report
from engine.store.sqlite import AuthorityState
from engine.web.app import store_of_request
from engine.web.worklist import Filters, boards_by_clause, coverage_for, fact_index, filter_findings, filter_options
from engine.web.worklist import timeline as timeline_of

bp = Blueprint("pages", __name__)


def as_of_from_request() -> tuple[str, DateTime]:
    """The as-of date of this request (the start of that day in London), and its text."""
    text = (request.args.get("as_of") or "").strip()
    if not text:
        text = pendulum.now(calendar.LONDON).date().isoformat()
    try:
        day = pendulum.parse(text, exact=True, strict=True)
    except Exception:
        day = None
    if not isinstance(day, pendulum.Date) or isinstance(day, DateTime):
        raise InputError(f"as_of: expected a date such as 2018-02-01, got {text!r}")
    return text, calendar.as_of_instant(text)


def load_state() -> AuthorityState:
    return store_of_request().load(current_app.config["DESK_AUTHORITY"])


def evaluate(state: AuthorityState, as_of: DateTime) -> Report:
    return check(state, current_app.config["DESK_DIRECTIONS"], as_of)


def _context(**extra: Any) -> dict[str, Any]:
    return {"status_order": STATUS_ORDER, "status_words": STATUS_WORDS, **extra}


@bp.route("/")
@login_required
def overview() -> str:
    as_of_text, as_of = as_of_from_request()
    filters = Filters.from_args(request.args)
    state = load_state()
    report = evaluate(state, as_of)
    boards = boards_by_clause(current_app.config["DESK_DIRECTIONS"])
    rows = filter_findings(report, filters, boards)
    return render_template(
        "overview.html",
        **_context(
            report=report,
            as_of=as_of_text,
            as_of_words=calendar.human(as_of),
            filters=filters,
            rows=rows,
            options=filter_options(report, boards, state),
            boards=boards,
            board_names={b.key: b.name for b in state.boards},
        ),
    )


@bp.route("/finding/<path:finding_id>")
@login_required
def finding(finding_id: str) -> str:
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
    boards = boards_by_clause(current_app.config["DESK_DIRECTIONS"])
    return render_template(
        "finding.html",
        **_context(
            f=found,
            as_of=as_of_text,
            as_of_words=calendar.human(as_of),
            due_words=calendar.human(calendar.parse_instant(found.due)),
            evidence=[(fid, fid in facts) for fid in found.evidence],
            coverage=coverage_for(state, found, boards),
            submission_prefill=submission_prefill(found),
        ),
    )


def submission_prefill(f: Finding) -> dict[str, str] | None:
    """For an open duty answered by a submission: the submission form's clause and occurrence
    (a recurring duty's finding id ends in its occurrence number)."""
    if f.status not in ("breached", "unknown", "due_soon", "upcoming") or f.evidence:
        return None
    if not f.explanation.expected.startswith("a submission"):
        return None
    which = f.id.rsplit("/", 1)[-1]
    return {"clause": f.clause, **({"occurrence": which} if which.isdigit() else {})}


@bp.route("/fact/<path:fact_id>")
@login_required
def fact(fact_id: str) -> str:
    as_of_text, _ = as_of_from_request()
    state = load_state()
    stored = fact_index(state).get(fact_id)
    if stored is None:
        abort(404, description=f"No stored fact {fact_id!r}.")
    people = {p.key: p.name for p in state.people}
    return render_template(
        "fact.html",
        **_context(fact=stored, as_of=as_of_text, people=people, board_names={b.key: b.name for b in state.boards}),
    )


@bp.route("/timeline")
@login_required
def timeline() -> str:
    as_of_text, as_of = as_of_from_request()
    report = evaluate(load_state(), as_of)
    months = timeline_of(report, as_of, 12)
    return render_template(
        "timeline.html", **_context(report=report, as_of=as_of_text, as_of_words=calendar.human(as_of), months=months)
    )
