"""The Monitoring Officer's desk on the command line: `comply serve` and `comply user add|password|list`.

The logic is in engine/web/ (the application) and engine/store/users.py (users, the secret key); this
module only reads options and reports. `comply serve` refuses to start on a store with no user
and says how to create one: a desk that anyone on the network could open must not exist.
"""

from __future__ import annotations

import sys
from typing import Optional

import typer
from waitress import create_server

from engine.cli.app import AUTHORITY_HELP, app, err, open_store, settings, user_app
from engine.core.errors import InputError
from engine.operations.workers import TASKS_PER_WORKER, WORKER_MEMORY_MB
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
        WORKERS, min=1, help="Worker processes that evaluate (the server itself never does; docs/desk.md)."
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
    role: str = typer.Option(..., "--role", help="viewer (reads) or editor (also records facts)."),
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
        user = users.add_user(store, name, role, password)
    err.print(f"created {user.role} {user.name!r} in {s.store_path}", highlight=False)


@user_app.command("password")
def user_password(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The sign-in name."),
    password_stdin: bool = typer.Option(
        False,
        "--password-stdin",
        help="Read the new password from the first line of stdin (for scripts); otherwise it is asked for twice.",
    ),
) -> None:
    """Give a desk user a new password: every session of the user ends (signed out everywhere) and a
    lock after failed sign-ins is lifted."""
    s = settings(ctx)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    with open_store(s) as store:
        user = users.set_password(store, name, password)
    err.print(f"new password for {user.name!r} in {s.store_path}; their sessions have ended", highlight=False)


@user_app.command("list")
def user_list(ctx: typer.Context) -> None:
    """The desk's users and their roles (never their passwords)."""
    with open_store(settings(ctx)) as store:
        for name, role, created in users.list_users(store):
            sys.stdout.write(f"{name}\t{role}\t{created}\n")
