"""The Monitoring Officer's desk: `comply serve` and `comply user add|list` (issue 4).

The logic is in engine/web/ (the application) and engine/store/users.py (users, the secret key); this
module only reads options and reports. `comply serve` refuses to start on a store with no user
and says how to create one: a desk that anyone on the network could open must not exist.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from types import ModuleType
from typing import Any, Optional

import typer

from engine.core.errors import InputError

user_app = typer.Typer(
    no_args_is_help=True, help="Users of the desk (`comply serve`): viewers read, editors also record."
)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `comply` application."""
    app.command("serve")(serve)
    app.add_typer(user_app, name="user")


def _cli() -> ModuleType:
    """The engine.cli.app module, whose options (--store, --directions) were parsed for this run.

    Looked up at call time: engine.cli.app is still importing when register() runs. Under
    `python -m engine.cli.app`, engine/cli/app.py runs the app of the engine.cli.app module itself (not of
    __main__), so this is the module that saw --store."""
    import engine.cli.app

    return engine.cli.app


def _fails_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    """engine.cli.app's fails_cleanly, looked up at call time (engine.cli.app is still importing when
    register() runs)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return _cli().fails_cleanly(func)(*args, **kwargs)

    return wrapper


@_fails_cleanly
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on (127.0.0.1: this machine only)."),
    port: int = typer.Option(8000, min=0, max=65535, help="Port to listen on."),
    authority: Optional[str] = typer.Option(None, help="Authority key (default: the only one in the store)."),
    threads: int = typer.Option(4, min=1, help="Worker threads of the server."),
) -> None:
    """Start the Monitoring Officer's desk: a web application on the store.

    Sign in, see what is due, late, breached or unknown and why, and (editors) record meetings,
    submissions, memberships and complete records. Stop it with Ctrl-C."""
    from waitress import create_server

    from engine.store import users
    from engine.web import create_app

    cli = _cli()
    err, open_store, settings = cli.err, cli.open_store, cli.settings

    with open_store(seed_if_empty=True) as store:
        if users.count_users(store) == 0:
            raise InputError(
                f"{settings.store_path}: no desk users yet; create the first editor with "
                f"`comply --store {settings.store_path} user add NAME --role editor` "
                "(it asks for the password), then run `comply serve` again"
            )
    app = create_app(settings.store_path, settings.directions_dir, authority)
    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="comply")
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise InputError(f"--port/--host: cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    err.print(
        f"The desk is at http://{host}:{server.effective_port}/ on {settings.store_path} (Ctrl-C to stop)",
        highlight=False,
    )
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


@user_app.command("add")
@_fails_cleanly
def user_add(
    name: str = typer.Argument(..., help="The sign-in name."),
    role: str = typer.Option(..., "--role", help="viewer (reads) or editor (also records facts)."),
    password_stdin: bool = typer.Option(
        False,
        "--password-stdin",
        help="Read the password from the first line of stdin (for scripts); otherwise it is asked for twice, hidden.",
    ),
) -> None:
    """Create a desk user (the first one must be created here, before `comply serve`)."""
    from engine.store import users

    cli = _cli()
    err, open_store, settings = cli.err, cli.open_store, cli.settings
    if role not in users.ROLES:  # before asking for a password
        raise InputError(f"--role: expected one of {', '.join(users.ROLES)}, got {role!r}")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with open_store(seed_if_empty=True) as store:
        user = users.add_user(store, name, role, password)
    err.print(f"created {user.role} {user.name!r} in {settings.store_path}", highlight=False)


@user_app.command("list")
@_fails_cleanly
def user_list() -> None:
    """The desk's users and their roles (never their passwords)."""
    from engine.store import users

    with _cli().open_store(seed_if_empty=False) as store:
        for name, role, created in users.list_users(store):
            sys.stdout.write(f"{name}\t{role}\t{created}\n")
