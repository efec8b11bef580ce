"""Sign-in and sign-out.

Why so little: engine.store.users does the work. A sign-in is throttled per name and per address
(`users.sign_in`: a growing wait, then a lock, before any password is checked; 429 with the time to
try again); a good one starts a server-side session whose token Flask-Login keeps in the signed
session cookie. A wrong name or password gets one message, so the page does not tell which names
exist. A disabled user is refused only after their password was checked (and throttled like any
other), so that only someone with the password learns the account is disabled. Every sign-in, refusal
and sign-out is logged (engine/store/audit.py, by users.sign_in and users.end_session). Sign-out is a POST (with its CSRF token), so a link on another site cannot sign a user out,
and it ends the session in the store: a copy of the cookie no longer signs anyone in.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from engine.store import users
from engine.web.request import SessionUser, client_address, store_of_request

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never another host) after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("pages.overview")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """The sign-in page; a good name and password sign in and go on to `next` (a path on this site).
    A wrong one answers 401; one while the name or the address is throttled, 429 (with Retry-After)."""
    error = None
    code = 200
    headers: dict[str, str] = {}
    name = ""
    if request.method == "POST":
        name = (request.form.get("name") or "").strip()
        store = store_of_request()
        attempt = users.sign_in(store, name, request.form.get("password") or "", client_address())
        if attempt.user is not None:
            login_user(SessionUser(attempt.user, users.start_session(store, attempt.user)))
            return redirect(_safe_next(request.args.get("next")))
        error, code = "Wrong name or password.", 401
        if attempt.disabled:
            error, code = "This account is disabled. Ask an administrator of the desk to enable it.", 403
        if attempt.throttle is not None:
            error = attempt.throttle.message() if attempt.refused else f"{error} {attempt.throttle.message()}"
            code, headers = 429, {"Retry-After": str(attempt.throttle.seconds())}
    return render_template("login.html", error=error, name=name), code, headers


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    """Sign out (a POST with its CSRF token): the session ends in the store, then the sign-in page."""
    if current_user.is_authenticated:
        users.end_session(store_of_request(), current_user.token, actor=current_user.name)
    logout_user()
    return redirect(url_for("auth.login"))
