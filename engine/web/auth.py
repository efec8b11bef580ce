"""Sign-in and sign-out.

Why so little: Flask-Login keeps the signed-in user in the signed session cookie; passwords are
checked by engine.store.users (Argon2). A wrong name or password gets one message, so the page does
not tell which names exist. Sign-out is a POST (with its CSRF token), so a link on another site
cannot sign a user out.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import login_user, logout_user

from engine.store import users
from engine.web.request import SessionUser, store_of_request

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never another host) after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("pages.overview")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """The sign-in page; a good name and password sign in and go on to `next` (a path on this site)."""
    error = None
    name = ""
    if request.method == "POST":
        name = (request.form.get("name") or "").strip()
        user = users.authenticate(store_of_request(), name, request.form.get("password") or "")
        if user is None:
            error = "Wrong name or password."
        else:
            login_user(SessionUser(user))
            return redirect(_safe_next(request.args.get("next")))
    return render_template("login.html", error=error, name=name), (401 if error else 200)


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    """Sign out (a POST with its CSRF token) and show the sign-in page."""
    logout_user()
    return redirect(url_for("auth.login"))
