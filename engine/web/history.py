"""Corrections and withdrawals on the desk, and the versions of a fact (issue 16, desk-history).

Why a module of its own: the store keeps every version of a fact and decides what a correction or a
withdrawal may do (engine/store/history.py, the same calls `comply correct` and `comply withdraw`
make); engine/store/correction_form.py builds the correction form from the fact's model and writes
the versions in words. This blueprint turns those into pages an officer uses: the versions of a
fact, newest first (the fact page's slot, and a page of their own that a withdrawn fact keeps); a
form of the fact's fields to correct it, with a required reason; a confirmation page to withdraw it.
Nothing here writes a version any other way. A correction that changes nothing, a bad date or a
value the model refuses stores nothing and is shown again (422) with GOV.UK's error summary naming
the field in words. Editors correct and withdraw; everyone signed in reads the versions.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from engine.core.errors import InputError, StoreError
from engine.store import history as H
from engine.store.correction_form import (
    OPERATION_WORDS,
    FactHistory,
    cited_id,
    error_of,
    fact_histories,
    form_fields,
    label_of,
    read_form,
    value_words,
)
from engine.store.sqlite import Version
from engine.web.request import authority, editor_required, store_of_request

__all__ = ["bp", "fact_history"]

bp = Blueprint("history", __name__, url_prefix="/history")


def fact_history(fact_id: str) -> list[FactHistory]:
    """The histories of the stored facts a cited id names, for the fact page's slot
    (_fact_history.html): engine.store.correction_form.fact_histories on the request's store."""
    return fact_histories(store_of_request(), authority(), fact_id)


@bp.app_context_processor
def _slot() -> dict[str, Any]:
    """`fact_history(id)` for the fact page's slot."""
    return {"fact_history": fact_history, "operation_words": OPERATION_WORDS}


def _latest(fact_id: str) -> Version:
    """The latest version of exactly one stored fact (404 otherwise)."""
    versions = store_of_request().versions(authority(), fact_id)
    if not versions:
        abort(404, description=f"No stored fact {fact_id!r}.")
    return versions[-1]


def _back(fact_id: str) -> str:
    """The page to go back to: the fact's page while it stands, its versions once withdrawn."""
    as_of = request.values.get("as_of") or None
    latest = _latest(fact_id)
    if latest.operation == "withdraw":
        return url_for("history.versions", fact_id=fact_id, as_of=as_of)
    return url_for("pages.fact", fact_id=cited_id(latest), as_of=as_of)


def _summary(errors: dict[str, str]) -> list[dict[str, str]]:
    """GOV.UK's error summary list: each problem linked to its input."""
    return [{"text": text, "href": f"#{anchor}" if anchor != "form" else "#reason"} for anchor, text in errors.items()]


@bp.route("/<path:fact_id>")
@login_required
def versions(fact_id: str) -> str:
    """Every version of a stored fact, newest first: the page a withdrawn fact still has."""
    _latest(fact_id)
    return render_template(
        "history_versions.html", fact_id=fact_id, histories=fact_history(fact_id), as_of=request.args.get("as_of", "")
    )


@bp.route("/correct/<path:fact_id>", methods=["GET", "POST"])
@editor_required
def correct(fact_id: str) -> Any:
    """The correction form of one stored fact: its fields with their current values and a reason.
    Posted: validated and stored as a new version (engine/store/history.correct, with its log entry),
    or shown again (422) with each problem on its field; a withdrawn fact is not corrected (409)."""
    latest = _latest(fact_id)
    as_of = request.values.get("as_of", "")
    if latest.operation == "withdraw":
        abort(409, description=f"{fact_id} was withdrawn: it can no longer be corrected. Record it again instead.")
    fields = form_fields(latest)
    errors: dict[str, str] = {}
    reason = ""
    if request.method == "POST":
        sets, errors = read_form(fields, request.form)
        reason = (request.form.get("reason") or "").strip()
        if not reason:
            errors["reason"] = "Enter why you are correcting this record"
        if not errors:
            try:
                made = H.correct(
                    store_of_request(),
                    authority(),
                    fact_id,
                    sets,
                    reason,
                    f"desk user {current_user.name}",
                    actor=current_user.name,
                )
            except (InputError, StoreError) as exc:
                anchor, words = error_of(str(exc), fields)
                errors[anchor] = words
            else:
                flash(f"Corrected {fact_id}: version {made.version} is kept with the earlier ones.")
                return redirect(_back(fact_id))
    return render_template(
        "history_correct.html",
        fact_id=fact_id,
        kind=latest.kind,
        fields=fields,
        errors=errors,
        summary=_summary(errors),
        reason=reason,
        as_of=as_of,
        back=_back(fact_id),
    ), (422 if errors else 200)


@bp.route("/withdraw/<path:fact_id>", methods=["GET", "POST"])
@editor_required
def withdraw(fact_id: str) -> Any:
    """The confirmation page to withdraw one stored fact, with a required reason. Posted: a
    withdrawing version (engine/store/history.withdraw, with its log entry), or shown again (422)."""
    latest = _latest(fact_id)
    as_of = request.values.get("as_of", "")
    if latest.operation == "withdraw":
        abort(409, description=f"{fact_id} is already withdrawn.")
    errors: dict[str, str] = {}
    reason = ""
    if request.method == "POST":
        reason = (request.form.get("reason") or "").strip()
        if not reason:
            errors["reason"] = "Enter why you are withdrawing this record"
        else:
            try:
                H.withdraw(
                    store_of_request(),
                    authority(),
                    fact_id,
                    reason,
                    f"desk user {current_user.name}",
                    actor=current_user.name,
                )
            except (InputError, StoreError) as exc:
                errors["reason"] = str(exc)
            else:
                flash(f"Withdrawn {fact_id}: it is left out of every evaluation from now on; its versions are kept.")
                return redirect(url_for("history.versions", fact_id=fact_id, as_of=as_of or None))
    return render_template(
        "history_withdraw.html",
        fact_id=fact_id,
        kind=latest.kind,
        shown=[(label_of(k), value_words(v)) for k, v in latest.body.items() if v not in (None, "", [])],
        errors=errors,
        summary=_summary(errors),
        reason=reason,
        as_of=as_of,
        back=_back(fact_id),
    ), (422 if errors else 200)
