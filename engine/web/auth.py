"""Sign-in and sign-out, and the editor-only guard.

Why so little: Flask-Login keeps the signed-in user in the signed session cookie; passwords are
checked by engine.store.users (Argon2). A wrong name or password gets one message, so the page does
not tell which names exist. Sign-out is a POST (with its CSRF token), so a link on another site
cannot sign a user out.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from engine.store import users
from engine.web.app import SessionUser, store_of_request

bp = Blueprint("auth", __name__)


def editor_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Only editors may see or post the forms; a viewer gets 403."""

    @wraps(view)
    @login_required
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.can_edit:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never another host) after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("pages.overview")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
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
    logout_user()
    return redirect(url_for("auth.login"))
