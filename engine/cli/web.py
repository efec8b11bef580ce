"""The Monitoring Officer's desk on the command line: `comply serve` and `comply user add|list|disable|enable|
reset-password|role|email` (docs/desk.md, Users and the log).

The logic is in engine/web/ (the application) and engine/store/users.py (users, the secret key); this
module only reads options and reports. `comply serve` refuses to start on a store with no user
and says how to create one: a desk that anyone on the network could open must not exist.
"""

from __future__ import annotations

import sys
from typing import Optional

import typer
from waitress import create_server

from engine.cli.app import app, err, settings, user_app
from engine.cli.shared import AUTHORITY_HELP, open_store, recorded_by
from engine.core import calendar
from engine.core.errors import InputError
from engine.operations.executors import TASKS_PER_WORKER, WORKER_MEMORY_MB
from engine.store import users
from engine.store.files import MAX_FILE_BYTES
from engine.web import create_app
from engine.web.app import MAX_TRUSTED_PROXIES
from engine.web.request import MAX_REQUEST_BYTES, WORKERS, workers_of


@app.command("serve")
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", help="Address to listen on (127.0.0.1: this machine only)."),
    port: int = typer.Option(8000, min=0, max=65535, help="Port to listen on."),
    authority: Optional[str] = typer.Option(None, help=AUTHORITY_HELP),
    threads: int = typer.Option(4, min=1, help="Worker threads of the server."),
    workers: int = typer.Option(
        WORKERS,
        min=1,
        help="Worker processes that evaluate (the server itself never does; docs/desk.md in the source repository).",
    ),
    evaluations_per_worker: int = typer.Option(
        TASKS_PER_WORKER, min=1, help="A worker process is replaced after this many evaluations."
    ),
    worker_memory_mb: int = typer.Option(
        WORKER_MEMORY_MB, min=50, help="A worker process is replaced once its resident memory passes this (MB)."
    ),
    secure_cookies: bool = typer.Option(
        False,
        "--secure-cookies",
        envvar="COMPLY_SECURE_COOKIES",
        help="Send the session cookie over HTTPS only (behind an HTTPS proxy; not for http://127.0.0.1).",
    ),
    trusted_proxies: int = typer.Option(
        0,
        "--trusted-proxies",
        envvar="COMPLY_TRUSTED_PROXIES",
        min=0,
        max=MAX_TRUSTED_PROXIES,
        help="How many reverse proxies stand in front of the desk: their X-Forwarded-For and X-Forwarded-Proto "
        "are then read for the client's address and scheme (0: none; the headers are ignored).",
    ),
    max_request_kb: int = typer.Option(
        MAX_REQUEST_BYTES // 1024, min=16, help="The largest request body the desk reads (KB); larger ones get 413."
    ),
    max_upload_mb: int = typer.Option(
        MAX_FILE_BYTES // (1024 * 1024),
        "--max-upload-mb",
        envvar="COMPLY_MAX_UPLOAD_MB",
        min=1,
        max=1024,
        help="The largest evidence file an editor may attach on the desk (MB; the upload's own limit, 413 over it).",
    ),
) -> None:
    """Start the Monitoring Officer's desk: a web application on the store.

    Sign in, see what is due, late, breached or unknown and why, and (editors) record meetings,
    submissions, memberships and complete records. Stop it with Ctrl-C."""
    s = settings(ctx)
    with open_store(s) as store:
        if users.count_users(store) == 0:
            raise InputError(
                f"{s.store_path}: no desk users yet; create the first editor with "
                f"`comply --store {s.store_path} user add NAME --role editor` "
                "(it asks for the password), then run `comply serve` again"
            )
    desk = create_app(
        s.store_path,
        s.directions_dir,
        authority,
        workers=workers,
        evaluations_per_worker=evaluations_per_worker,
        worker_memory_mb=worker_memory_mb,
        secure_cookies=secure_cookies,
        max_request_bytes=max_request_kb * 1024,
        max_upload_bytes=max_upload_mb * 1024 * 1024,
        trusted_proxies=trusted_proxies,
    )
    workers_of(desk).start()  # a warm worker before the first page
    try:
        server = create_server(desk, host=host, port=port, threads=threads, ident="comply")
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise InputError(f"--port/--host: cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    err.print(
        f"The desk is at http://{host}:{server.effective_port}/ on {s.store_path} (Ctrl-C to stop)",
        highlight=False,
    )
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        workers_of(desk).close()


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The sign-in name."),
    role: str = typer.Option(
        ...,
        "--role",
        help="viewer (reads), editor (also records facts), administrator (also manages users and reads the log) "
        "or department (reads every authority, records nothing).",
    ),
    password_stdin: bool = typer.Option(
        False,
        "--password-stdin",
        help="Read the password from the first line of stdin (for scripts); otherwise it is asked for twice, hidden.",
    ),
) -> None:
    """Create a desk user (the first one must be created here, before `comply serve`)."""
    s = settings(ctx)
    if role not in users.ROLES:  # before asking for a password
        raise InputError(f"--role: expected one of {', '.join(users.ROLES)}, got {role!r}")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with open_store(s) as store:
        user = users.add_user(store, name, role, password, actor=recorded_by("comply user add"))
    err.print(f"created {user.role} {user.name!r} in {s.store_path}", highlight=False)


def _read_password(password_stdin: bool) -> str:
    """The new password: the first line of stdin, or asked for twice, hidden."""
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("New password", hide_input=True, confirmation_prompt=True)


_PASSWORD_STDIN = typer.Option(
    False,
    "--password-stdin",
    help="Read the new password from the first line of stdin (for scripts); otherwise it is asked for twice.",
)


@user_app.command("reset-password")
def user_reset_password(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The sign-in name."),
    password_stdin: bool = _PASSWORD_STDIN,
) -> None:
    """Give a desk user a new password: every session of the user ends (signed out everywhere) and a
    lock after failed sign-ins is lifted."""
    s = settings(ctx)
    password = _read_password(password_stdin)
    with open_store(s) as store:
        user = users.set_password(store, name, password, actor=recorded_by("comply user reset-password"))
    err.print(f"new password for {user.name!r} in {s.store_path}; their sessions have ended", highlight=False)


@user_app.command("password", hidden=True)
def user_password(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The sign-in name."),
    password_stdin: bool = _PASSWORD_STDIN,
) -> None:
    """The former name of `comply user reset-password` (kept for scripts)."""
    user_reset_password(ctx, name, password_stdin)


@user_app.command("disable")
def user_disable(ctx: typer.Context, name: str = typer.Argument(..., help="The sign-in name.")) -> None:
    """Disable a desk user: they cannot sign in, and every session of theirs ends now (a copied cookie
    too). The last enabled administrator cannot be disabled."""
    s = settings(ctx)
    with open_store(s) as store:
        users.disable_user(store, name, actor=recorded_by("comply user disable"))
    err.print(f"disabled {name!r} in {s.store_path}; their sessions have ended", highlight=False)


@user_app.command("enable")
def user_enable(ctx: typer.Context, name: str = typer.Argument(..., help="The sign-in name.")) -> None:
    """Let a disabled desk user sign in again, with the password they had."""
    s = settings(ctx)
    with open_store(s) as store:
        users.enable_user(store, name, actor=recorded_by("comply user enable"))
    err.print(f"enabled {name!r} in {s.store_path}", highlight=False)


@user_app.command("role")
def user_role(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The sign-in name."),
    role: str = typer.Argument(..., help=f"The new role: {', '.join(users.ROLES)}."),
) -> None:
    """Change a desk user's role; their sessions end (they sign in again under the new role). The
    last enabled administrator cannot be demoted."""
    s = settings(ctx)
    with open_store(s) as store:
        user = users.set_role(store, name, role, actor=recorded_by("comply user role"))
    err.print(f"{name!r} is now {user.role_name} in {s.store_path}; their sessions have ended", highlight=False)


@user_app.command("email")
def user_email(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The sign-in name."),
    address: Optional[str] = typer.Argument(None, help="The email address (where an owner's reminders go)."),
    clear: bool = typer.Option(False, "--clear", help="Remove the user's email address."),
) -> None:
    """Give a desk user an email address, or remove it with --clear."""
    if clear == (address is not None):
        raise InputError("ADDRESS: expected an email address or --clear (one of the two)")
    s = settings(ctx)
    with open_store(s) as store:
        user = users.set_email(store, name, None if clear else address, actor=recorded_by("comply user email"))
    said = f"email {user.email}" if user.email else "no email address"
    err.print(f"{name!r} has {said} in {s.store_path}", highlight=False)


def _when(utc_text: str | None, never: str) -> str:
    """A stored UTC instant in GOV.UK words (London time), or `never`."""
    return calendar.govuk_words(calendar.parse_instant(utc_text)) if utc_text else never


@user_app.command("list")
def user_list(ctx: typer.Context) -> None:
    """The desk's users, one a line, tab-separated: name, role, email (- for none), enabled or
    disabled (since when), last sign-in (never signed in: never). Never their passwords."""
    with open_store(settings(ctx)) as store:
        for a in users.accounts(store):
            state = "enabled" if a.enabled else f"disabled since {_when(a.disabled_at, '')}"
            last = f"last signed in {_when(a.last_sign_in, '')}" if a.last_sign_in else "never signed in"
            sys.stdout.write(f"{a.name}\t{a.role_name}\t{a.email or '-'}\t{state}\t{last}\n")
