"""Desk users and the desk's secret key, kept in the store (schema version 3).

Why here and not in the web package: `comply user add` and `comply serve` both need them, and
the tests check them without a server. Passwords are hashed with Argon2id (argon2-cffi's
PasswordHasher, whose defaults follow RFC 9106); only the hash is stored. The secret key that
signs the desk's session cookies and CSRF tokens is generated once, on first use, and kept in the
store, so that it is never in the source and survives a restart (sessions stay valid).
"""

from __future__ import annotations

import functools
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from engine.core import calendar, clock
from engine.core.errors import InputError
from engine.store.sqlite import Store, StoreError

ROLES: tuple[str, ...] = ("viewer", "editor")
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@\-]{0,63}$")
MIN_PASSWORD_LENGTH = 8

_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    name: str
    role: str

    @property
    def can_edit(self) -> bool:
        return self.role == "editor"


def add_user(store: Store, name: str, role: str, password: str) -> User:
    """Create a user; raises InputError naming the field at fault (NAME, --role, password), or
    StoreError when the name is taken."""
    if not NAME_PATTERN.match(name or ""):
        raise InputError(f"NAME: expected letters, digits, '.', '_', '@' or '-' (at most 64), got {name!r}")
    if role not in ROLES:
        raise InputError(f"--role: expected one of {', '.join(ROLES)}, got {role!r}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"password: expected at least {MIN_PASSWORD_LENGTH} characters")
    if get_user(store, name) is not None:
        raise StoreError(f"{store.path}: a user named {name!r} already exists")
    created = calendar.iso(clock.now().in_timezone(calendar.LONDON))
    with store.transaction("nothing was changed"):
        store.conn.execute(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?,?,?,?)",
            (name, role, _hasher.hash(password), created),
        )
    return User(name, role)


def get_user(store: Store, name: str) -> User | None:
    row = store.conn.execute("SELECT name, role FROM users WHERE name=?", (name,)).fetchone()
    return User(row["name"], row["role"]) if row else None


def count_users(store: Store) -> int:
    return int(store.conn.execute("SELECT COUNT(*) FROM users").fetchone()[0])


def list_users(store: Store) -> list[tuple[str, str, str]]:
    """(name, role, created at) of every user, by name."""
    return [
        (r["name"], r["role"], r["created_at"])
        for r in store.conn.execute("SELECT name, role, created_at FROM users ORDER BY name")
    ]


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user if the password matches, else None. An unknown name costs a hash too, so the
    answer's timing does not tell which names exist."""
    row = store.conn.execute("SELECT name, role, password_hash FROM users WHERE name=?", (name,)).fetchone()
    if row is None:
        try:
            _hasher.verify(_dummy_hash(), password)
        except VerificationError:
            pass
        return None
    try:
        _hasher.verify(row["password_hash"], password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    return User(row["name"], row["role"])


@functools.cache
def _dummy_hash() -> str:
    """A hash of no one's password, for the unknown names: made on first use (an Argon2 hash takes
    most of a second, which every `comply` command would otherwise pay when this module is imported)."""
    return _hasher.hash("not a password of anyone")


def secret_key(store: Store) -> str:
    """The desk's signing key: made once (256 random bits) and kept in the store."""
    with store.transaction("nothing was changed"):
        row = store.conn.execute("SELECT value FROM desk_settings WHERE key='secret_key'").fetchone()
        if row is None:
            value = secrets.token_hex(32)
            store.conn.execute("INSERT INTO desk_settings (key, value) VALUES ('secret_key', ?)", (value,))
        else:
            value = row["value"]
    return value
