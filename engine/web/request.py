"""What every blueprint of the desk shares: the request's store, user, as-of instant and evaluation.

Why a module of its own: the factory (engine/web/app.py) imports the blueprints, and the blueprints
need the store of the request, the signed-in user, the as-of date and the authority's findings.
Were those in the factory, each blueprint would import the module that imports it. Here they sit
below every blueprint and import none, so the desk's imports form a tree: app -> blueprints ->
this module -> the layers below (engine.store, engine.operations.workers: the evaluations, run in
worker processes; engine.core).

Nothing here decides what a page shows; it turns a request into the calls the views make.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, abort, current_app, g, has_request_context, request
from flask_login import current_user, login_required
from pendulum import DateTime

from engine.core import calendar, clock, dates
from engine.core.errors import ComplyError, InputError
from engine.directions.content_hash import ClauseHash, clause_hashes, default_features_dir
from engine.directions.model import Direction
from engine.model.findings import Report
from engine.operations import workers
from engine.store import users
from engine.store.reviews import ReviewState, review_state, reviews_by_clause
from engine.store.sqlite import AuthorityState, Store

__all__ = [
    "NAV_KEY",
    "WORKERS_KEY",
    "WORKERS",
    "MAX_REQUEST_BYTES",
    "DOCUMENT_CSP",
    "workers_of",
    "SessionUser",
    "client_address",
    "store_of_request",
    "close_store_of_request",
    "authority",
    "reading_authority",
    "can_record_here",
    "keep_authority_in_links",
    "directions",
    "clause_review",
    "as_of_from_request",
    "load_state",
    "evaluate",
    "evaluate_board_report",
    "editor_required",
    "administrator_required",
    "register_nav_link",
    "nav_links",
]

#: the app.config key of the extra navigation links (a list of {label, target, editors_only})
NAV_KEY = "DESK_NAV_LINKS"
#: the app.extensions key of the desk's pool of evaluation workers (engine/operations/workers.py)
WORKERS_KEY = "comply_workers"
#: the largest request body the desk reads (bytes; Flask's MAX_CONTENT_LENGTH): its forms are a few
#: kilobytes, so anything near this is not a form of the desk (413)
MAX_REQUEST_BYTES = 1024 * 1024
#: the Content-Security-Policy of a page that is a whole document of its own (the Board report: the
#: very file `comply report` writes, with its own inline style sheet): no script, nothing fetched
DOCUMENT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
#: worker processes of a desk by default: one (pages wait for each other's evaluation, as they did
#: when the rules engine's lock serialised them in the server)
WORKERS = 1


class SessionUser:
    """A desk user in one server-side session, as Flask-Login wants it (is_authenticated, get_id...)."""

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def __init__(self, user: users.User, token: str):
        self.name, self.role, self.can_edit = user.name, user.role, user.can_edit
        self.can_administer, self.sees_every_authority = user.can_administer, user.sees_every_authority
        self.token = token

    def get_id(self) -> str:
        """What the session cookie carries: the session's random token (engine.store.users.start_session),
        which the store can revoke, never the user's name."""
        return self.token


def client_address() -> str:
    """The address of the client of this request: as the server saw it (behind a proxy: the proxy's),
    or, when the desk trusts N reverse proxies (create_app's `trusted_proxies`, `comply serve
    --trusted-proxies N`), the one the nearest of them put in X-Forwarded-For (ProxyFix sets it)."""
    return request.remote_addr or "unknown"


def store_of_request() -> Store:
    """The store, opened once per request (closed at teardown by `close_store_of_request`).

    SQLite connections are not shared between the server's threads, so each request has its own."""
    if "store" not in g:
        g.store = Store.open(current_app.config["DESK_STORE"])
    return g.store


def close_store_of_request(_exc: BaseException | None = None) -> None:
    """Close the request's store if the request opened one (the app's teardown)."""
    store = g.pop("store", None)
    if store is not None:
        store.close()


def authority() -> str:
    """The key of the authority this desk is about."""
    return current_app.config["DESK_AUTHORITY"]


#: the query parameter with which a user who sees every authority reads another one (`?authority=KEY`)
AUTHORITY_PARAM = "authority"


def reading_authority() -> str:
    """The key of the authority this request reads: the desk's own (`authority()`), or the one named by
    `?authority=KEY` for a signed-in user whose role sees every authority (department, administrator).

    Anyone else naming another authority gets 404, as does anyone naming one the store does not hold,
    so the parameter weakens nothing: recording (`authority()`) is always for the desk's own authority."""
    asked = (request.args.get(AUTHORITY_PARAM) or "").strip()
    if not asked or asked == authority():
        return authority()
    if not getattr(current_user, "sees_every_authority", False):
        abort(404, description=f"No authority {asked!r} on this desk.")
    if asked not in store_of_request().authorities():
        abort(404, description=f"No authority {asked!r} in the store (see the list of every authority).")
    return asked


def can_record_here() -> bool:
    """True when the signed-in user may record and the request reads the desk's own authority (an
    administrator reading another authority is offered no form: the forms record for the desk's own)."""
    asked = (request.args.get(AUTHORITY_PARAM) or "").strip()  # never aborts: error pages ask it too
    return bool(getattr(current_user, "can_edit", False)) and asked in ("", authority())


def keep_authority_in_links(endpoint: str | None, values: dict[str, Any]) -> None:
    """Flask url_defaults: a reading page (`pages.*`) of another authority (`?authority=KEY`) links to
    the reading pages of that same authority, so that the finding, fact and timeline links keep it; the
    forms (`record.*`) never carry it."""
    if not endpoint or not endpoint.startswith("pages.") or AUTHORITY_PARAM in values:
        return
    asked = request.args.get(AUTHORITY_PARAM) if has_request_context() else None
    if asked and asked != authority() and getattr(current_user, "sees_every_authority", False):
        values[AUTHORITY_PARAM] = asked


def directions() -> list[Direction]:
    """The directions this desk evaluates (loaded once, when the app was made)."""
    return current_app.config["DESK_DIRECTIONS"]


#: the app.extensions key of the content hashes of the desk's clauses, computed on first use
HASHES_KEY = "comply_clause_hashes"


def clause_review(clause_id: str) -> tuple[ReviewState | None, str]:
    """Whether a clause of the desk's directions, as it now stands, was reviewed (engine/store/reviews.py):
    (the state, "") or, when its content hash cannot be computed (a feature file that cannot be read),
    (None, why). The hashes are of the directions the desk loaded and of the scenarios of
    content_hash.default_features_dir as they were at the first page that asked."""
    cached: tuple[dict[str, ClauseHash], str] | None = current_app.extensions.get(HASHES_KEY)
    if cached is None:
        try:
            found = clause_hashes(directions(), default_features_dir(current_app.config["DESK_DIRECTIONS_DIR"]))
            cached = (found, "")
        except ComplyError as exc:
            cached = ({}, str(exc))
        current_app.extensions[HASHES_KEY] = cached
    hashes, why = cached
    if clause_id not in hashes:
        return None, why or f"{clause_id} is not a clause of the desk's directions"
    return review_state(reviews_by_clause(store_of_request()).get(clause_id, []), hashes[clause_id]), ""


def as_of_from_request() -> tuple[str, DateTime]:
    """The as-of date of this request (`?as_of=2018-02-01`, or any date form engine.core.dates reads,
    such as 1/2/2018; default today in London) as ISO text, and the instant it stands for (the start of
    that day in London).

    Raises InputError (a ValueError: the page answers 400) for anything but a calendar date."""
    text = (request.args.get("as_of") or "").strip()
    if not text:
        text = clock.now().in_timezone(calendar.LONDON).date().isoformat()
    try:
        day = dates.read_date(text)
    except InputError as exc:
        raise InputError(f"as_of: {exc}") from None
    return day.isoformat(), calendar.as_of_instant(day)


def workers_of(app: Flask | None = None) -> workers.WorkerPool:
    """The pool of evaluation workers of a desk (the current app's by default): every evaluation
    of a page runs there, never in the server's process."""
    return (app or current_app).extensions[WORKERS_KEY]


def load_state(key: str | None = None) -> AuthorityState:
    """Everything the store holds about an authority: the desk's own (default), or `key` (from
    `reading_authority()`)."""
    return store_of_request().load(key or authority())


def evaluate(state: AuthorityState, as_of: DateTime) -> Report:
    """The findings of the desk's directions for this state as of an instant, evaluated in one of
    the desk's worker processes (engine/operations/workers.py), never in the server's. Raises what the
    evaluation raises; WorkerCrashed (an EngineError: the page answers 503) when two workers in a
    row died on it."""
    return workers_of().call(workers.findings, state, as_of, describe=f"findings as of {as_of.isoformat()}")


def evaluate_board_report(state: AuthorityState, as_of: DateTime, options: dict[str, Any]) -> str:
    """The Board report's HTML as of an instant (`options`: the keyword arguments of
    engine.outputs.board_report.board_report_html), built in one of the desk's worker processes:
    a Board report evaluates many times over. Raises as `evaluate` does."""
    return workers_of().call(
        workers.board_report, state, as_of, options, describe=f"Board report as of {as_of.isoformat()}"
    )


def editor_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Only editors may see or post the forms: anyone else signed in gets 403, anyone not signed
    in is sent to sign in."""

    @wraps(view)
    @login_required
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.can_edit:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def register_nav_link(
    app: Flask, label: str, endpoint_or_url: str, editors_only: bool = False, administrators_only: bool = False
) -> None:
    """Add a link to every page's navigation bar (after Overview, Timeline and Record): for
    example the Board report or the calendar feed. An endpoint name (`board.report`) or a URL
    (anything with a `/`). `administrators_only`: shown to administrators alone (Users, Log)."""
    app.config[NAV_KEY].append(
        {
            "label": label,
            "target": endpoint_or_url,
            "editors_only": editors_only or administrators_only,
            "administrators_only": administrators_only,
        }
    )


def nav_links() -> list[dict[str, Any]]:
    """The extra navigation links of the current app that the signed-in user may follow (links for
    administrators only are left out for everyone else), in the order they were registered."""
    admin = bool(getattr(current_user, "can_administer", False))
    return [link for link in current_app.config[NAV_KEY] if admin or not link.get("administrators_only")]


def administrator_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Only administrators may see or post: anyone else signed in gets 403 (the page says why),
    anyone not signed in is sent to sign in."""

    @wraps(view)
    @login_required
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.can_administer:
            abort(403, description="administrators")
        return view(*args, **kwargs)

    return wrapper
