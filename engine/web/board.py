"""The desk's links to the Board: the printable report, the calendar feed and the improvement plan.

Why here and not separate servers: the Monitoring Officer asks "can I show this to the Board?" from
the same desk, on the same store and as-of date. The report and the feed are the very files that
`comply report` and `comply calendar` write (engine/outputs/board_report.py, engine/outputs/ics.py); the plan page
shows the position that `comply plan` prints (engine/plan/position.py).

The calendar feed also answers HTTP Basic authentication with a desk user's name and password, so a
calendar client can subscribe to `/calendar.ics` (it keeps no session cookie), throttled as the
sign-in form is (engine.store.users.sign_in; 429 while refused); a browser that is signed in gets it
through its session as any other page.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from engine.core import calendar, clock
from engine.outputs.ics import calendar_feed
from engine.outputs.plan_chart import overall_status_svg
from engine.plan.importer import load_plan, plan_reported_on
from engine.plan.model import DERIVED_STATUSES
from engine.plan.position import plan_position
from engine.store import users
from engine.web.request import (
    DOCUMENT_CSP,
    as_of_from_request,
    client_address,
    evaluate,
    evaluate_board_report,
    load_state,
    reading_authority,
    store_of_request,
)

bp = Blueprint("board", __name__)


def _plan(key: str) -> tuple[list, Any]:
    """The plan of authority `key` and the day its statuses describe (empty when none is imported)."""
    store = store_of_request()
    rows = load_plan(store, key)
    return rows, plan_reported_on(store, key)


@bp.route("/report")
@login_required
def report() -> Response:
    """The Board report as of the desk's date: the same file `comply report` writes, to print or save; of
    the authority the request reads (`?authority=KEY` for the department)."""
    _, as_of = as_of_from_request()
    key = reading_authority()
    plan_rows, plan_day = _plan(key)
    options = {
        "due_soon_days": 30,
        "store": str(current_app.config["DESK_STORE"].resolve()),
        "directions_folder": current_app.config["DESK_DIRECTIONS_DIR"],
        "generated_at": clock.now(),
        "plan_rows": plan_rows,
        "plan_reported_on": plan_day,
    }
    html = evaluate_board_report(load_state(key), as_of, options)
    return Response(html, mimetype="text/html", headers={"Content-Security-Policy": DOCUMENT_CSP})


@bp.route("/calendar.ics")
def calendar_ics() -> Any:
    """The feed of obligations still to come (as of now), with reminders; stable UIDs; of the authority the
    request reads (`?authority=KEY` for a department or administrator user, signed in or by HTTP Basic)."""
    asker = None
    if not current_user.is_authenticated:
        auth = request.authorization
        attempt = (
            users.sign_in(store_of_request(), auth.username or "", auth.password or "", client_address())
            if auth is not None and auth.type == "basic"
            else None
        )
        if attempt is not None and attempt.user is None and attempt.throttle is not None:
            return Response(  # throttled as the sign-in form is, before any password is checked
                attempt.throttle.message() + "\n",
                429,
                {"Retry-After": str(attempt.throttle.seconds())},
                mimetype="text/plain",
            )
        if attempt is None or attempt.user is None:
            if auth is None and "text/html" in request.headers.get("Accept", ""):
                return redirect(url_for("auth.login", next=request.path))  # a browser: sign in first
            return Response(
                "Sign in: HTTP Basic authentication with a desk user's name and password.\n",
                401,
                {"WWW-Authenticate": 'Basic realm="comply desk", charset="UTF-8"'},
                mimetype="text/plain",
            )
        asker = attempt.user
    key = reading_authority(asker)
    now = clock.now()
    report = evaluate(load_state(key), calendar.as_of_instant(now))
    return Response(
        calendar_feed([report], generated_at=now, desk_url=request.host_url),  # each event links to its finding here
        mimetype="text/calendar",
        headers={"Content-Disposition": 'inline; filename="obligations.ics"'},
    )


@bp.route("/plan")
@login_required
def plan() -> str:
    """The improvement plan's position: statuses by the council's definitions, beside what was
    reported, and the contradictions grouped by lead officer, each with its explanation. Judged
    as of the day the plan's statuses were reported, whatever the desk's as-of date: a
    contradiction only means something on the day the reported figures describe. Of the authority the
    request reads (`?authority=KEY` for the department)."""
    key = reading_authority()
    rows, reported_on = _plan(key)
    judged = calendar.as_of_instant(reported_on.isoformat()) if reported_on else None
    position = plan_position(rows, judged, key) if rows and judged else None
    chart = Markup(overall_status_svg(position)) if position else None  # safe: escaped by the chart template
    return render_template(
        "plan.html",
        authority_name=store_of_request().load(key, kinds=[]).authority.name,
        reported_on=reported_on,
        position=position,
        chart=chart,
        plan_statuses=DERIVED_STATUSES,
    )
