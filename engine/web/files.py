"""The desk's evidence files: attach a file to a stored fact (editors), download one (anyone signed in),
and the lists of files on the fact and finding pages.

Why a blueprint of its own: uploads are the one kind of request the desk lets be large (the limit of
an evidence file, 20 MB by default, against the small limit of every other form), and a download is
the one response that is not a page. The storing and the checks (size, type detected from the content,
the fact exists, the log entry in the same transaction) are engine/store/files.py's; here they are
turned into a form, a redirect, a 422 page naming the problem, or a download that a browser saves
and never renders (Content-Disposition: attachment, the detected type, nosniff, a sandboxing CSP).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from engine.core.errors import InputError
from engine.store import files as F
from engine.web.request import authority, editor_required, store_of_request

bp = Blueprint("files", __name__, url_prefix="/files")

#: the endpoint whose requests may be as large as an evidence file (and the multipart form around it)
UPLOAD_ENDPOINT = "files.attach"
#: the app.config key of the largest evidence file the desk accepts (bytes)
MAX_UPLOAD_KEY = "DESK_MAX_UPLOAD_BYTES"
#: what a multipart form adds around the file (its boundaries, the fact id, the CSRF token), in bytes
FORM_OVERHEAD = 64 * 1024
#: the Content-Security-Policy of a download: were a browser ever to render one, nothing in it runs
DOWNLOAD_CSP = "default-src 'none'; sandbox"


def upload_limit() -> int:
    """The largest evidence file the desk accepts, in bytes (create_app's max_upload_bytes)."""
    return int(current_app.config.get(MAX_UPLOAD_KEY, F.MAX_FILE_BYTES))


def raise_upload_limit() -> None:
    """Before every request (registered by the factory before CSRF protection reads the form): the upload
    route may read a body as large as an evidence file and its form; every other route keeps the desk's
    small request limit (MAX_CONTENT_LENGTH)."""
    if request.endpoint == UPLOAD_ENDPOINT:
        request.max_content_length = upload_limit() + FORM_OVERHEAD


@bp.app_context_processor
def file_lists() -> dict[str, Any]:
    """What the fact and finding pages' slots call: `fact_files(fact_id)`, the files attached to a fact,
    and `files_proving(fact_ids)`, {fact id: files} for the facts a finding cites; `upload_limit_words`."""

    def fact_files(fact_id: str) -> list[F.Attachment]:
        return F.attachments(store_of_request(), authority(), fact_id)

    def files_proving(fact_ids: Iterable[str]) -> dict[str, list[F.Attachment]]:
        return F.attachments_of_facts(store_of_request(), authority(), fact_ids)

    return {
        "fact_files": fact_files,
        "files_proving": files_proving,
        "upload_limit_words": F.size_words(upload_limit()),
        "accepted_file_words": F.accepted_words(),
    }


@bp.errorhandler(413)
def too_large(_exc: Any) -> tuple[str, int]:
    """An upload over the limit: a plain page saying the limit (the body was not read)."""
    return render_template(
        "error.html",
        code=413,
        title="File too large",
        message=f"An evidence file may be at most {F.size_words(upload_limit())}; this upload was larger. "
        "Go back and choose a smaller file (a scan at a lower resolution, or the document split in parts).",
    ), 413


@bp.route("/attach", methods=["GET", "POST"])
@editor_required
def attach() -> Any:
    """Attach one or more files to a stored fact (`fact_id`): stored, logged, and back to the fact's page;
    or the form again (422) with the problem named: no file chosen, a file too large or of a type not
    accepted, a fact the store does not hold."""
    fact_id = (request.values.get("fact_id") or "").strip()
    as_of = request.values.get("as_of", "")
    errors: list[str] = []
    if request.method == "POST":
        chosen = [f for f in request.files.getlist("files") if f and f.filename]
        if not fact_id:
            errors.append("Say which fact the file proves: its id, such as submission:<key>")
        elif not chosen:
            errors.append("Select a file to attach")
        else:
            store = store_of_request()
            done: list[F.Attached] = []
            for upload in chosen:
                try:
                    data = upload.read()  # at most the upload limit and the form around it (raise_upload_limit)
                    made = F.attach(
                        store,
                        authority(),
                        fact_id,
                        upload.filename or "",
                        data,
                        current_user.name,
                        max_bytes=upload_limit(),
                    )
                    done.append(made)
                except InputError as exc:  # StoreError too: each file is all or nothing, the message names it
                    errors.append(str(exc))
            for made in done:
                a = made.attachment
                flash(
                    f"Attached {a.filename} ({a.type_words}, {a.size_words}) to {fact_id}."
                    if made.new
                    else f"{a.filename} was already attached to {fact_id}."
                )
            if not errors:
                return redirect(url_for("pages.fact", fact_id=fact_id, as_of=as_of or None))
    return render_template(
        "files_attach.html", fact_id=fact_id, as_of=as_of, errors=errors, limit_words=F.size_words(upload_limit())
    ), (422 if errors else 200)


@bp.route("/<sha256>")
@login_required
def download(sha256: str) -> Any:
    """A stored file, by its SHA-256, saved by the browser under the name it was attached with (`?fact=`:
    the name it has on that fact), as its detected type, never shown inline; 404 for a hash attached to no
    fact of the desk's authority."""
    found = F.file_of_authority(store_of_request(), authority(), sha256, request.args.get("fact") or None)
    if found is None:
        abort(404, description="No evidence file with that SHA-256 is attached to a fact of this authority.")
    data = F.read_bytes(current_app.config["DESK_STORE"], found.sha256)
    response = send_file(
        io.BytesIO(data),
        mimetype=found.media_type,  # werkzeug adds "; charset=utf-8" to text/plain
        as_attachment=True,
        download_name=found.filename,
        etag=found.sha256,
        max_age=0,
    )
    response.headers["Content-Security-Policy"] = DOWNLOAD_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
