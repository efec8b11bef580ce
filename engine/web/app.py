"""The desk's application factory: configuration, sign-in, errors, and the blueprints.

Why a factory: `comply serve` and the tests build the app for a given store and directions
folder; nothing is global. The secret key comes from the store (engine.store.users.secret_key).
The factory is the top of the desk's imports: it imports the blueprints, which import only
engine/web/request.py (what they share) and the layers below.
"""

from __future__ import annotations

import base64
import re
import secrets
import sqlite3
from pathlib import Path
from typing import Any

from flask import Flask, Response, g, render_template, request
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from engine.core import calendar, status
from engine.core.errors import ComplyError, EngineError, InputError, unknown
from engine.directions.model import Direction, load_directions
from engine.model.findings import Finding
from engine.operations.desk_cache import DeskCache
from engine.operations.executors import TASKS_PER_WORKER, WORKER_MEMORY_MB, WorkerCrashed, evaluation_pool
from engine.store import runs, users
from engine.store.files import MAX_FILE_BYTES
from engine.store.sqlite import Store, StoreError
from engine.web import admin, auth, board, files, history, owners, pages, record
from engine.web.request import (
    CACHE_KEY,
    MAX_REQUEST_BYTES,
    NAV_KEY,
    WORKERS,
    WORKERS_KEY,
    SessionUser,
    as_of_entry,
    can_record_here,
    canonical_as_of,
    close_store_of_request,
    keep_authority_in_links,
    nav_links,
    register_nav_link,
    store_of_request,
)

__all__ = ["create_app", "register_nav_link"]

#: the most reverse proxies `trusted_proxies` may name (a chain longer than this is a mistake)
MAX_TRUSTED_PROXIES = 10


#: the subject of an occurrence of a recurring or repeated duty ("occurrence 2"): a counter, not words
_OCCURRENCE = re.compile(r"occurrence \d+")


def finding_title(finding: Finding, role_names: dict[str, str] | None = None) -> str:
    """A finding in words: its clause's title and its subject ('Board meets every six weeks: meeting of 12
    June 2017'); for an occurrence of a recurring duty, whose subject is only a counter, the clause's title
    and its due date ('Quarterly reports to the Secretary of State, due 30 September 2017'). `role_names`
    (role slug -> name, the direction files' `roles:`): a subject ending in a role's slug ('meeting of 12
    June 2017: chief-executive') ends in its name instead ('...: Chief Executive')."""
    if _OCCURRENCE.fullmatch(finding.subject):
        if finding.open_since:
            return (
                f"{finding.clause_title}, owed since "
                f"{calendar.day_words(calendar.parse_instant(finding.open_since).in_timezone(calendar.LONDON).date())}"
            )
        return f"{finding.clause_title}, due {finding.due_words()}"
    if finding.subject == "the deadline":
        return finding.clause_title
    subject = finding.subject
    head, _, last = subject.rpartition(": ")
    if head and role_names and last in role_names:
        subject = f"{head}: {role_names[last]}"
    return f"{finding.clause_title}: {subject}"


def create_app(
    store_path: Path,
    directions_dir: Path,
    authority: str | None = None,
    directions: list[Direction] | None = None,
    *,
    workers: int = WORKERS,
    evaluations_per_worker: int = TASKS_PER_WORKER,
    worker_memory_mb: float = WORKER_MEMORY_MB,
    secure_cookies: bool = False,
    max_request_bytes: int = MAX_REQUEST_BYTES,
    max_upload_bytes: int = MAX_FILE_BYTES,
    trusted_proxies: int = 0,
) -> Flask:
    """A desk on this store. `authority`: which one (default: the only one in the store);
    `directions`: already loaded (default: loaded from `directions_dir`).

    Evaluations run in `workers` worker processes (engine/operations/executors.py), each replaced
    after `evaluations_per_worker` evaluations or once its resident memory passes `worker_memory_mb`
    MB; they start with the first page. `workers_of(app).close()` (engine/web/request.py) stops them.

    Security (docs/desk.md): every response carries a Content-Security-Policy (scripts and styles only from
    the desk's static files, GOV.UK Frontend's one inline script by a nonce drawn for each response; no
    'unsafe-inline'), frame-ancestors 'none', nosniff and a
    same-origin Referrer-Policy; every page but the static files `Cache-Control: no-store`. A request
    body over `max_request_bytes` answers 413, but for the upload of an evidence file (engine/web/files.py),
    which may be `max_upload_bytes` (and its form) and answers 413 over that. `secure_cookies`: the session cookie is sent only over
    HTTPS (and Strict-Transport-Security is sent): for a desk behind an HTTPS proxy, never for
    http://127.0.0.1.

    `trusted_proxies`: how many reverse proxies stand in front of the desk (0, the default: none, and
    X-Forwarded-* headers are ignored, since any client can send them). With N, werkzeug's ProxyFix
    takes the client's address from the N-th address from the right of X-Forwarded-For (the one the
    nearest trusted proxy saw) and the scheme from X-Forwarded-Proto, so that sign-in throttling per
    address counts the real client, not the proxy; addresses further left, which the client may
    have written itself, are never read.

    Raises StoreError when the authority is not given and the store holds other than one, or when
    the given one is not in the store; InputError when trusted_proxies is outside 0-10; ValueError when workers or evaluations_per_worker is below 1."""
    if not 0 <= trusted_proxies <= MAX_TRUSTED_PROXIES:
        raise InputError(f"--trusted-proxies: expected 0 to {MAX_TRUSTED_PROXIES}, got {trusted_proxies}")
    app = Flask(__name__)
    if trusted_proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted_proxies, x_proto=trusted_proxies)  # type: ignore[method-assign]
    with Store.open(store_path) as store:
        known = store.authorities()
        if authority is None:
            if len(known) != 1:
                raise StoreError(
                    f"{store_path}: say which authority with --authority (known: {', '.join(known) or 'none'})"
                )
            authority = known[0]
        elif authority not in known:
            raise StoreError(f"{store_path}: --authority: {unknown('authority', authority, known, ' in the store')}")
        secret = users.secret_key(store)
        # the council's name when the desk starts: read again for every page (council_name_now), this one
        # only when the store cannot be read then (the page that says so still names the council)
        council_name_at_start = store.load(authority, kinds=[]).authority.name
    app.config.update(
        SECRET_KEY=secret,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookies,
        REMEMBER_COOKIE_SECURE=secure_cookies,
        MAX_CONTENT_LENGTH=max_request_bytes,
        DESK_MAX_UPLOAD_BYTES=max_upload_bytes,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session (a form left open all morning still posts)
        DESK_STORE=Path(store_path),
        DESK_AUTHORITY=authority,
        DESK_DIRECTIONS=directions if directions is not None else load_directions(directions_dir),
        DESK_DIRECTIONS_DIR=Path(directions_dir),
        **{NAV_KEY: []},
    )
    # loaded states and findings kept between requests, keyed by the store's generation of the facts
    app.extensions[CACHE_KEY] = DeskCache()
    app.extensions[WORKERS_KEY] = evaluation_pool(
        app.config["DESK_DIRECTIONS"],
        workers=workers,
        tasks_per_worker=evaluations_per_worker,
        memory_mb=worker_memory_mb,
        label="desk evaluation",
    )
    # GOV.UK Frontend's macros ({% from "govuk_frontend_jinja/components/..." %}) and the WTForms widgets
    # that render through them, beside the desk's own templates
    app.jinja_loader = ChoiceLoader(
        [
            app.jinja_loader,
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    # dates as GOV.UK writes them: {{ f.due | govuk_date }} -> '10am on 30 December 2017'
    app.jinja_env.filters["govuk_date"] = lambda value: calendar.govuk_words(calendar.parse_instant(value))
    # a day as GOV.UK writes it: {{ '2017-07-01' | govuk_day }} -> '1 July 2017'
    app.jinja_env.filters["govuk_day"] = lambda value: calendar.day_words(
        calendar.parse_instant(value).in_timezone(calendar.LONDON).date()
    )
    # an SVG (a chart) as an image's data: URI: its own <style> and style attributes are then the image's, not
    # the page's, and the Content-Security-Policy (style-src 'self') does not refuse them
    app.jinja_env.filters["svg_data_uri"] = lambda svg: (
        "data:image/svg+xml;base64," + base64.b64encode(str(svg).encode("utf-8")).decode("ascii")
    )
    # a finding in words, for its page's title and heading: "occurrence 2" becomes its due date
    role_names = {slug: role.name for d in app.config["DESK_DIRECTIONS"] for slug, role in d.roles.items()}
    app.jinja_env.globals["finding_title"] = lambda finding: finding_title(finding, role_names)
    # the one table of statuses (engine/core/status.py): the words and colours every page uses
    app.jinja_env.globals.update(
        status_table=status.STATUSES,
        status_order=status.STATUS_ORDER,
        status_words=status.STATUS_WORDS,
        status_word=status.word,
        status_tag=status.tag_classes,  # {{ status_tag(f.status) }}: 'govuk-tag govuk-tag--red'
    )
    # the Content-Security-Policy (docs/desk.md): scripts only from the desk's own static files, and the one
    # inline script of GOV.UK Frontend's page template (it marks the body `js-enabled`) by a nonce drawn afresh
    # for every response; styles only from the desk's static files; nothing inline otherwise
    policy = (
        "default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )
    app.before_request(files.raise_upload_limit)  # before CSRF protection reads the form
    app.before_request(canonical_as_of)  # the as-of picker's day, month and year -> ?as_of=YYYY-MM-DD
    CSRFProtect(app)
    login = LoginManager(app)
    login.login_view = "auth.login"
    login.login_message = "Sign in to see the desk."
    login.login_message_category = "info"  # news, not success: base.html shows it in the neutral banner

    @login.user_loader
    def load_user(token: str) -> SessionUser | None:
        # a session ended by sign-out, a new password or its age, or of a deleted user, ends here
        user = users.session_user(store_of_request(), token)
        return SessionUser(user, token) if user else None

    @app.after_request
    def security_headers(response: Response) -> Response:
        # a view may set its own (the report)
        response.headers.setdefault("Content-Security-Policy", policy.format(nonce=csp_nonce()))
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"  # frame-ancestors, for browsers that predate it
        response.headers["Referrer-Policy"] = "same-origin"
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        if secure_cookies:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        return response

    app.teardown_appcontext(close_store_of_request)

    def csp_nonce() -> str:
        """This request's nonce for the Content-Security-Policy (128 random bits, drawn on first use)."""
        if "csp_nonce" not in g:
            g.csp_nonce = secrets.token_urlsafe(16)
        return g.csp_nonce

    @app.errorhandler(CSRFError)
    def csrf_refused(exc: CSRFError) -> tuple[str, int]:
        return render_template(
            "error.html",
            code=400,
            title="Form refused",
            message=f"The form's security token is missing or has expired ({exc.description}). "
            "Go back, reload the page and try again.",
        ), 400

    @app.errorhandler(403)
    def forbidden(exc: Any) -> tuple[str, int]:
        # request.administrator_required says "administrators"; editor_required says nothing
        role = users.ROLE_NAMES.get(getattr(current_user, "role", ""), "unknown")
        if getattr(exc, "description", "") == "administrators":
            title = "Administrators only"
            message = f"Your role is {role}: only an administrator can manage the desk's users and read its log."
        else:
            title = "Editors only"
            message = f"Your role is {role}: you can read the desk but not record facts."
        return render_template("error.html", code=403, title=title, message=message), 403

    @app.errorhandler(404)
    def not_found(exc: Any) -> tuple[str, int]:
        return render_template(
            "error.html", code=404, title="Not found", message=getattr(exc, "description", "No such page.")
        ), 404

    @app.errorhandler(413)
    def too_large(_exc: Any) -> tuple[str, int]:
        return render_template(
            "error.html",
            code=413,
            title="Request too large",
            message=f"The desk reads requests of at most {max_request_bytes:,} bytes; this one was larger.",
        ), 413

    @app.errorhandler(EngineError)
    def evaluation_failed(exc: EngineError) -> tuple[str, int]:
        # a worker died twice on this page (WorkerCrashed) or the rules engine refused: this page
        # has no result, the server and every other page go on
        app.logger.error("%s %s: the evaluation failed: %s", request.method, request.full_path, exc)
        crashed = isinstance(exc, WorkerCrashed)
        return render_template(
            "error.html",
            code=503,
            title="Evaluation failed",
            message=(
                "The evaluation for this page stopped: its worker process died, and again when it was "
                "retried. The desk is still running; reload the page to try again."
                if crashed
                else f"The evaluation for this page failed: {exc}"
            ),
        ), 503

    @app.errorhandler(ValueError)
    def bad_input(exc: ValueError) -> tuple[str, int]:
        return render_template("error.html", code=400, title="Bad request", message=str(exc)), 400

    @app.errorhandler(StoreError)
    def store_problem(exc: StoreError) -> tuple[str, int]:
        # the store cannot be read as it is (a stored fact that no longer validates, written by hand or by
        # an older comply; a store that failed): the page says so and how to mend it, the desk goes on
        app.logger.error("%s %s: the store: %s", request.method, request.full_path, exc)
        return render_template("error.html", code=503, title="The store cannot be read", message=str(exc)), 503

    # the banner's limit: a completed nightly run older than this many hours is warned of (docs/desk.md)
    app.config.setdefault("DESK_STALE_HOURS", runs.STALE_AFTER_HOURS)

    @app.context_processor
    def navigation() -> dict[str, Any]:
        return {
            "nav_links": nav_links(),
            "as_of_param": request.args.get("as_of", ""),
            "as_of_entry": as_of_entry(),  # the as-of picker's refused entry: its GOV.UK error message
            "nightly": last_nightly(),
            "council_name": council_name_now(),
            "cspNonce": csp_nonce(),  # GOV.UK Frontend's template.html writes it on its inline script
            # may this page offer the record forms: an editor reading the desk's own authority
            "can_record": current_user.is_authenticated and can_record_here(),
        }

    def council_name_now() -> str:
        """The council's name for the header, read for each page (one indexed query on the request's store, under
        a millisecond: docs/desk.md), so that a corrected name shows without a restart; the name read at start when
        the store cannot be read now."""
        if "council_name" not in g:
            try:
                g.council_name = store_of_request().load(authority, kinds=[]).authority.name
            except (ComplyError, sqlite3.Error):
                g.council_name = council_name_at_start
        return g.council_name

    def last_nightly() -> runs.Freshness | None:
        """The last completed nightly run for the banner of every signed-in page (stale after
        DESK_STALE_HOURS); None before sign-in, or when the store cannot say (the page says why)."""
        if not current_user.is_authenticated:
            return None
        try:
            return runs.freshness(store_of_request(), float(app.config["DESK_STALE_HOURS"]))
        except (ComplyError, sqlite3.Error):
            return None

    # a reading page of another authority (?authority=KEY: the department's view) links to that authority's pages
    app.url_defaults(keep_authority_in_links)
    app.register_blueprint(auth.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(record.bp)
    app.register_blueprint(board.bp)
    register_nav_link(app, "My duties", "pages.mine")
    register_nav_link(app, "Every authority", "pages.authorities", shown_to="sees_every_authority")
    app.register_blueprint(history.bp)
    app.register_blueprint(files.bp)
    register_nav_link(app, "Improvement plan", "board.plan")
    register_nav_link(app, "Board report", "board.report")
    register_nav_link(app, "Calendar (.ics)", "board.calendar_ics")
    app.register_blueprint(admin.bp)
    register_nav_link(app, "Users", "admin.users", administrators_only=True)
    register_nav_link(app, "Log", "admin.log", administrators_only=True)
    app.register_blueprint(owners.bp)
    register_nav_link(app, "Owners", "owners.page")
    return app
