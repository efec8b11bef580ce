"""The desk's pages for administrators: the Users page (disable, enable, reset a password, change a role or an
email address) and the Log (who signed in, who was refused, who recorded, corrected, withdrew or attached what,
and every change to a user).

Why a blueprint of its own: these pages are for the role administrator alone (anyone else gets 403 with the
reason), and each of their actions changes a user, so each is a POST with its CSRF token, and the destructive
ones (disable, reset a password) ask first. The work is done by engine/store/users.py, which writes the log
entry (engine/store/audit.py) in the same transaction as the change; a refused change (the last enabled
administrator, an address that is not an email address) writes nothing and the page says why.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from engine.core.errors import InputError
from engine.store import audit, users
from engine.store.sqlite import StoreError
from engine.web.request import administrator_required, store_of_request

bp = Blueprint("admin", __name__)

#: each action of the log as a person reads it (an action added by another part and missing here is shown
#: with its underscores as spaces)
ACTION_WORDS: dict[str, str] = {
    "sign_in": "Signed in",
    "sign_in_refused": "Sign-in refused",
    "sign_out": "Signed out",
    "record": "Recorded a fact",
    "correct": "Corrected a fact",
    "withdraw": "Withdrew a fact",
    "attach": "Attached a file",
    "owner": "Changed an owner",
    "user_add": "Added a user",
    "user_disable": "Disabled a user",
    "user_enable": "Enabled a user",
    "user_password": "Reset a password",
    "user_role": "Changed a role",
    "user_email": "Changed an email address",
}

#: what the user page says after an action (the `done` of its URL)
DONE_WORDS: dict[str, str] = {
    "disabled": "The user is disabled and their sessions have ended.",
    "enabled": "The user is enabled: they can sign in with the password they had.",
    "password": "The password is changed and the user's sessions have ended.",
    "role": "The role is changed and the user's sessions have ended: they sign in again under the new role.",
    "email": "The email address is changed.",
}

#: the most log entries one page shows
LOG_LIMIT = 200


def action_words(action: str) -> str:
    """An action of the log in words (ACTION_WORDS)."""
    return ACTION_WORDS.get(action, action.replace("_", " ").capitalize())


def _account_or_404(name: str) -> users.Account:
    try:
        return users.account(store_of_request(), name)
    except StoreError:
        abort(404, description=f"No user named {name!r}.")


def _user_page(name: str, error: str | None = None, code: int = 200) -> Any:
    return render_template(
        "admin_user.html",
        account=_account_or_404(name),
        roles=users.ROLES,
        role_names=users.ROLE_NAMES,
        error=error,
        done=DONE_WORDS.get(request.args.get("done", "")),
        is_self=name == current_user.name,
    ), code


@bp.route("/users", endpoint="users")
@administrator_required
def users_page() -> Any:
    """Every user: name, role, email, enabled or disabled (since when), last sign-in."""
    return render_template("admin_users.html", accounts=users.accounts(store_of_request()))


@bp.route("/users/<name>")
@administrator_required
def user(name: str) -> Any:
    """One user, with the forms that change them."""
    return _user_page(name)


def _change(name: str, done: str, change: Any) -> Any:
    """Run a change of a user; on a refusal (InputError: the last administrator, a bad address) the user's page
    again with the reason (400), nothing stored."""
    _account_or_404(name)
    try:
        change()
    except InputError as exc:
        return _user_page(name, error=str(exc), code=400)
    return redirect(url_for("admin.user", name=name, done=done))


@bp.route("/users/<name>/disable", methods=["GET", "POST"])
@administrator_required
def disable(name: str) -> Any:
    """GET: are you sure? POST: disable the user (their sessions end)."""
    if request.method == "GET":
        return render_template("admin_confirm_disable.html", account=_account_or_404(name))
    return _change(name, "disabled", lambda: users.disable_user(store_of_request(), name, actor=current_user.name))


@bp.route("/users/<name>/enable", methods=["POST"])
@administrator_required
def enable(name: str) -> Any:
    """Let a disabled user sign in again."""
    return _change(name, "enabled", lambda: users.enable_user(store_of_request(), name, actor=current_user.name))


@bp.route("/users/<name>/role", methods=["POST"])
@administrator_required
def role(name: str) -> Any:
    """Change the user's role (form field `role`: a role's slug)."""
    new_role = request.form.get("role", "")
    return _change(name, "role", lambda: users.set_role(store_of_request(), name, new_role, actor=current_user.name))


@bp.route("/users/<name>/email", methods=["POST"])
@administrator_required
def email(name: str) -> Any:
    """Set the user's email address (field `email`), or remove it (the button named `clear`)."""
    address = None if "clear" in request.form else request.form.get("email", "")
    return _change(name, "email", lambda: users.set_email(store_of_request(), name, address, actor=current_user.name))


@bp.route("/users/<name>/password", methods=["GET", "POST"])
@administrator_required
def password(name: str) -> Any:
    """GET: how to reset (a generated password, shown once, or a typed one). POST: reset it; the user's sessions
    end. A generated password is shown on the answer to the POST alone (never stored in words, never in a URL)."""
    account = _account_or_404(name)
    if request.method == "GET":
        return render_template("admin_password.html", account=account, error=None)
    how = request.form.get("how", "")
    if how == "generate":
        new = users.generate_password()
    elif how == "type":
        new = request.form.get("password", "")
        if new != request.form.get("confirm", ""):
            return render_template(
                "admin_password.html", account=account, error="The two passwords are not the same."
            ), 400
    else:
        return render_template(
            "admin_password.html", account=account, error="Choose a generated password or type one."
        ), 400
    try:
        users.set_password(store_of_request(), name, new, actor=current_user.name)
    except InputError as exc:
        return render_template("admin_password.html", account=account, error=str(exc)), 400
    if how == "generate":
        return render_template("admin_password_done.html", account=account, password=new)
    return redirect(url_for("admin.user", name=name, done="password"))


@bp.route("/log")
@administrator_required
def log() -> Any:
    """The log, newest first (the latest LOG_LIMIT entries), filtered by user (`?user=`, the actor exactly) and by
    action (`?action=`, one of audit.ACTIONS; anything else is a 400)."""
    actor = (request.args.get("user") or "").strip() or None
    action = (request.args.get("action") or "").strip() or None
    if action is not None and action not in audit.ACTIONS:
        raise InputError(f"action: expected one of {', '.join(audit.ACTIONS)}, got {action!r}")
    entries = audit.entries(store_of_request(), actor=actor, action=action, limit=LOG_LIMIT)
    return render_template(
        "admin_log.html",
        entries=entries,
        actions=audit.ACTIONS,
        action_words=action_words,
        user=actor or "",
        action=action or "",
        names=[a.name for a in users.accounts(store_of_request())],
        limit=LOG_LIMIT,
    )
