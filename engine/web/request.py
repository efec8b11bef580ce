"""What every blueprint of the desk shares: the request's store, user, as-of instant and evaluation.

Why a module of its own: the factory (engine/web/app.py) imports the blueprints, and the blueprints
need the store of the request, the signed-in user, the as-of date and the authority's findings.
Were those in the factory, each blueprint would import the module that imports it. Here they sit
below every blueprint and import none, so the desk's imports form a tree: app -> blueprints ->
this module -> the layers below (engine.store, engine.operations.executors: the evaluations, run in
worker processes; engine.core).

Nothing here decides what a page shows; it turns a request into the calls the views make.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import wraps
from typing import Any

from flask import Flask, abort, current_app, g, has_request_context, redirect, request, url_for
from flask_login import current_user, login_required
from pendulum import DateTime

from engine.core import calendar, clock, dates
from engine.core.errors import ComplyError, InputError
from engine.directions.content_hash import ClauseHash, clause_hashes, default_features_dir
from engine.directions.model import Direction
from engine.model.findings import Report
from engine.operations import executors
from engine.operations.desk_cache import DeskCache
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
    "CACHE_KEY",
    "cache_of",
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
    "AS_OF_PARTS",
    "AsOfEntry",
    "read_as_of_entry",
    "canonical_as_of",
    "as_of_entry",
    "load_state",
    "evaluate",
    "evaluate_board_report",
    "editor_required",
    "administrator_required",
    "register_nav_link",
    "nav_links",
    "NAV_CAPABILITIES",
]

#: the app.config key of the extra navigation links (a list of {label, target, shown_to})
NAV_KEY = "DESK_NAV_LINKS"
#: the app.extensions key of the desk's pool of evaluation workers (engine/operations/executors.py)
WORKERS_KEY = "comply_workers"
#: the app.extensions key of what the desk keeps between requests (engine/operations/desk_cache.py)
CACHE_KEY = "comply_cache"
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


def reading_authority(user: Any = None) -> str:
    """The key of the authority this request reads: the desk's own (`authority()`), or the one named by
    `?authority=KEY` for a signed-in user whose role sees every authority (department, administrator).
    `user`: who asks, when not the session's (the calendar feed's HTTP Basic user, an engine.store.users.User).

    Anyone else naming another authority gets 404, as does anyone naming one the store does not hold,
    so the parameter weakens nothing: recording (`authority()`) is always for the desk's own authority."""
    asked = (request.args.get(AUTHORITY_PARAM) or "").strip()
    if not asked or asked == authority():
        return authority()
    if not getattr(current_user if user is None else user, "sees_every_authority", False):
        abort(404, description=f"No authority {asked!r} on this desk.")
    if asked not in store_of_request().authorities():
        abort(404, description=f"No authority {asked!r} in the store (see the list of every authority).")
    return asked


#: the blueprints of the reading pages, which honour `?authority=KEY` (reading_authority) and keep it in their links
READING_PAGES: tuple[str, ...] = ("pages.", "board.")


def can_record_here() -> bool:
    """True when the signed-in user may record and the request reads the desk's own authority (an
    administrator reading another authority is offered no form: the forms record for the desk's own)."""
    asked = (request.args.get(AUTHORITY_PARAM) or "").strip()  # never aborts: error pages ask it too
    return bool(getattr(current_user, "can_edit", False)) and asked in ("", authority())


def keep_authority_in_links(endpoint: str | None, values: dict[str, Any]) -> None:
    """Flask url_defaults: a reading page (`pages.*`, `board.*`) of another authority (`?authority=KEY`)
    links to the reading pages of that same authority, so that the finding, fact, timeline, plan and Board
    report links keep it; the forms (`record.*`) never carry it."""
    if not endpoint or not endpoint.startswith(READING_PAGES) or AUTHORITY_PARAM in values:
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


#: the as-of picker's three boxes (GOV.UK's date input, engine/web/templates/_asof.html): day, month, year
AS_OF_PARTS: tuple[str, ...] = ("day", "month", "year")


#: a month typed as a name in the picker ("February", "Feb", "Sept") -> its number
_MONTH_NAMES: dict[str, int] = {
    name: n for n, month in enumerate(dates.MONTHS, start=1) for name in (month.lower(), month[:3].lower())
} | {"sept": 9}


def _number(text: str) -> int | None:
    """A box's number: ASCII digits only (not "²" or "١", which str.isdigit accepts), at most 4 of them
    (so that no typed text is a huge number); None otherwise."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None


@dataclass(frozen=True)
class AsOfEntry:
    """What was typed in the as-of picker's three boxes (text, as typed) and, when it is not a day the desk
    reads, the message the page shows in GOV.UK's words (`message`, "" for a good day) and the boxes at fault
    (`wrong`: some of AS_OF_PARTS; the error summary links to the first)."""

    day: str
    month: str
    year: str
    message: str = ""
    wrong: tuple[str, ...] = ()


def read_as_of_entry(day: str, month: str, year: str) -> tuple[dt.date | None, AsOfEntry]:
    """The day typed in the as-of picker's boxes (day and year in numbers; the month in numbers or as a
    name, "2", "Feb" or "February"), or None and why not in GOV.UK's words: "Enter a date", "The date must
    include a year", "Year must include 4 numbers", "Enter a real date", "The year must be between 1900 and
    2200" (engine.core.dates.EARLIEST_YEAR, LATEST_YEAR). Never raises."""
    typed = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    entry = AsOfEntry(**typed)

    def refused(message: str, wrong: tuple[str, ...] = AS_OF_PARTS) -> tuple[None, AsOfEntry]:
        return None, replace(entry, message=message, wrong=wrong)

    missing = tuple(p for p in AS_OF_PARTS if not typed[p])
    if len(missing) == len(AS_OF_PARTS):
        return refused("Enter a date")
    if missing:
        return refused(f"The date must include {' and '.join('a ' + p for p in missing)}", missing)
    year_number = _number(typed["year"])
    if year_number is None or len(typed["year"]) != 4:
        return refused("Year must include 4 numbers", ("year",))
    day_number = _number(typed["day"])
    if day_number is None or not 1 <= day_number <= 31:
        return refused("Enter a real date", ("day",))
    month_number = _number(typed["month"]) or _MONTH_NAMES.get(typed["month"].lower())
    if month_number is None or not 1 <= month_number <= 12:
        return refused("Enter a real date", ("month",))
    if not dates.EARLIEST_YEAR <= year_number <= dates.LATEST_YEAR:
        return refused(f"The year must be between {dates.EARLIEST_YEAR} and {dates.LATEST_YEAR}", ("year",))
    try:
        return dt.date(year_number, month_number, day_number), entry
    except ValueError:  # 31 June, 29 February 2018
        return refused("Enter a real date", ("day", "month"))


def canonical_as_of() -> Any:
    """Flask before_request: the as-of picker sends its three boxes (`?as_of-day=1&as_of-month=2&as_of-year=2018`,
    with the page's other parameters); a good day is turned into the one `as_of=2018-02-01` of the page's
    canonical URL (a 303 redirect, every other parameter kept), so that links and bookmarks are as they were.
    A bad one leaves the page at the as-of date it was showing (the picker's hidden `as_of`) and the view
    renders it with the GOV.UK error message (`as_of_entry()`). Anything else: nothing to do (None)."""
    names = [f"as_of-{p}" for p in AS_OF_PARTS]
    if request.method != "GET" or request.endpoint in (None, "static") or not any(n in request.args for n in names):
        return None
    day, entry = read_as_of_entry(*(request.args.get(n, "") for n in names))
    if day is None:
        g.as_of_entry = entry
        return None
    kept = {k: request.args.getlist(k) for k in request.args if k not in names and k != "as_of"}
    return redirect(url_for(request.endpoint, **(request.view_args or {}), as_of=day.isoformat(), **kept), 303)


def as_of_entry() -> AsOfEntry | None:
    """The as-of picker's entry of this request when it was refused (for the page's error message), else None."""
    return g.get("as_of_entry")


def workers_of(app: Flask | None = None) -> executors.WorkerPool:
    """The pool of evaluation workers of a desk (the current app's by default): every evaluation
    of a page runs there, never in the server's process."""
    return (app or current_app).extensions[WORKERS_KEY]


def cache_of(app: Flask | None = None) -> DeskCache:
    """What a desk (the current app's by default) keeps between requests (engine/operations/desk_cache.py): loaded
    states and findings, keyed by the store's generation of the authority's facts."""
    return (app or current_app).extensions[CACHE_KEY]


def load_state(key: str | None = None) -> AuthorityState:
    """Everything the store holds about an authority: the desk's own (default), or `key` (from
    `reading_authority()`). Read from the store and validated once per generation of its facts
    (`Store.facts_generation`, asked afresh on every call), then kept (engine/operations/desk_cache.py): read it,
    never change it. Raises StoreError as `Store.load` does."""
    key = key or authority()
    store = store_of_request()
    generation = store.facts_generation(key)
    state = cache_of().get(("state", key, generation), lambda: store.load(key))
    # which record this state is, for `evaluate`; the state itself is held (for this request) so that its id
    # cannot be taken by another object meanwhile
    g.setdefault("state_generations", {})[id(state)] = (state, key, generation)
    return state


def evaluate(state: AuthorityState, as_of: DateTime) -> Report:
    """The findings of the desk's directions for this state as of an instant, evaluated in one of
    the desk's worker processes (engine/operations/executors.py), never in the server's; for a state from
    `load_state`, kept per (authority, generation of its facts, as-of instant), so the same page asked
    again before anything is recorded is not evaluated again (engine/operations/desk_cache.py). Raises what the
    evaluation raises; WorkerCrashed (an EngineError: the page answers 503) when two workers in a
    row died on it."""

    def in_a_worker() -> Report:
        return workers_of().call(executors.findings, state, as_of, describe=f"findings as of {as_of.isoformat()}")

    loaded = g.get("state_generations", {}).get(id(state))
    if loaded is None or loaded[0] is not state:  # a state not from load_state: nothing says which record it is
        return in_a_worker()
    _, key, generation = loaded
    return cache_of().get(("findings", key, generation, as_of.isoformat()), in_a_worker)


def evaluate_board_report(state: AuthorityState, as_of: DateTime, options: dict[str, Any]) -> str:
    """The Board report's HTML as of an instant (`options`: the keyword arguments of
    engine.outputs.board_report.board_report_html), built in one of the desk's worker processes:
    a Board report evaluates many times over. Raises as `evaluate` does."""
    return workers_of().call(
        executors.board_report, state, as_of, options, describe=f"Board report as of {as_of.isoformat()}"
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


#: what a navigation link may ask of the signed-in user (a property of SessionUser and engine.store.users.User):
#: may record, may administer, sees every authority (department and administrators)
NAV_CAPABILITIES: tuple[str, ...] = ("can_edit", "can_administer", "sees_every_authority")


def register_nav_link(
    app: Flask,
    label: str,
    endpoint_or_url: str,
    editors_only: bool = False,
    administrators_only: bool = False,
    *,
    shown_to: str | None = None,
) -> None:
    """Add a link to every page's navigation bar (after Overview, Timeline and Record): for
    example the Board report or the calendar feed. An endpoint name (`board.report`) or a URL
    (anything with a `/`). The link is shown only to the users who may follow it: `shown_to` names
    what the signed-in user must be able to do, one of NAV_CAPABILITIES ("sees_every_authority": the
    department's list of every authority, for department and administrators); `editors_only` is
    shown_to="can_edit" and `administrators_only` shown_to="can_administer" (Users, Log).

    Raises ValueError for a `shown_to` not in NAV_CAPABILITIES, or more than one of the three."""
    asked = [c for c, on in (("can_edit", editors_only), ("can_administer", administrators_only)) if on]
    if shown_to is not None:
        if shown_to not in NAV_CAPABILITIES:
            raise ValueError(f"shown_to: expected one of {', '.join(NAV_CAPABILITIES)}, got {shown_to!r}")
        asked.append(shown_to)
    if len(asked) > 1:
        raise ValueError(f"{label}: a navigation link is shown to one kind of user, got {' and '.join(asked)}")
    app.config[NAV_KEY].append({"label": label, "target": endpoint_or_url, "shown_to": asked[0] if asked else None})


def nav_links() -> list[dict[str, Any]]:
    """The extra navigation links of the current app that the signed-in user may follow (a link with
    `shown_to` only for a user who can do that), in the order they were registered."""
    return [
        link
        for link in current_app.config[NAV_KEY]
        if link["shown_to"] is None or bool(getattr(current_user, link["shown_to"], False))
    ]


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
