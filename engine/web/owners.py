"""The desk's Owners page: every clause and board of the authority with its owner, the desk user whose
duties they are (engine/store/owners.py; the nightly run emails them their reminders).

Why a page of its own: administrators assign owners where they manage the desk, everyone signed in can
read who answers for what. A POST (administrators only, with the CSRF token) checks the target against the
directions and the authority's boards (a typo is refused with the nearest names, nothing stored) and the
user against the store, and writes the log's entry ("owner") in the same transaction as the change.

It also gives every template `enforcement_of(clause_id)`: what follows a breach of a clause (its own
`enforcement:`, else its direction's), which the finding page's slot _finding_enforcement.html shows.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from engine.core.errors import InputError, StoreError
from engine.directions.model import Enforcement
from engine.store import owners, users
from engine.web.request import authority, directions, load_state, store_of_request

bp = Blueprint("owners", __name__)


def enforcement_of(clause_id: str) -> Enforcement | None:
    """What follows a breach of the desk's clause `clause_id` ('bv-2017.quarterly-report'): the clause's
    own `enforcement:`, else its direction's; None when neither states it or there is no such clause."""
    for d in directions():
        clause = d.clause(clause_id)
        if clause is not None:
            return d.enforcement_of(clause)
    return None


@bp.app_context_processor
def _enforcement() -> dict[str, Any]:
    return {"enforcement_of": enforcement_of}


def _targets() -> dict[str, owners.Target]:
    """Every clause and board of the desk's authority that can have an owner."""
    state = load_state()
    return owners.targets(directions(), authority(), {b.key: b.name for b in state.boards})


def _page(error: str | None = None, field: str | None = None, code: int = 200) -> tuple[str, int]:
    known = _targets()
    owned = owners.owners(store_of_request(), authority())
    rows = []
    for t in known.values():
        answering = owners.owner_of(owned, t.key, t.board) if t.kind == "clause" else owned.get(t.target)
        via = None
        if t.kind == "clause" and t.target not in owned and answering is not None:
            via = known.get(f"board:{t.board}")
        rows.append({"target": t, "owner": owned.get(t.target), "answering": answering, "via": via})
    people = [(name, role) for name, role, _ in users.list_users(store_of_request())]
    return render_template(
        "owners.html",
        rows=rows,
        people=people,
        role_words=ROLE_WORDS,
        error=error,
        error_field=field,
        changed=request.args.get("changed"),
    ), code


#: the roles as a user reads them
ROLE_WORDS = {
    "viewer": "Viewer",
    "editor": "Editor",
    "administrator": "Administrator",
    "department": "Department",
}


@bp.route("/owners", methods=["GET"])
@login_required
def page() -> tuple[str, int]:
    """Every clause and board with its owner (everyone signed in reads it; administrators change it)."""
    return _page()


@bp.route("/owners", methods=["POST"])
@login_required
def change() -> Any:
    """Give a clause or board an owner (`user` empty: take the owner away). Administrators only (403);
    a target the authority does not have, or a user the store does not have, is refused (400) with the
    page saying why, and nothing is stored."""
    if not current_user.can_administer:
        abort(403)
    target = (request.form.get("target") or "").strip()
    user = (request.form.get("user") or "").strip() or None
    try:
        owners.check_target(target, _targets())
        owners.set_owner(store_of_request(), authority(), target, user, current_user.name)
    except (InputError, StoreError) as exc:
        return _page(str(exc), target, 400)
    return redirect(url_for("owners.page", changed=target), 303)
