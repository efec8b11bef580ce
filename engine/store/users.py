"""Desk users, their sessions, their failed sign-ins and the desk's secret key, kept in the store
(schema versions 3 and 8).

Why here and not in the web package: `comply user add` and `comply serve` both need them, and
the tests check them without a server. Passwords are hashed with Argon2id (argon2-cffi's
PasswordHasher, whose defaults follow RFC 9106); only the hash is stored. The secret key that
signs the desk's session cookies and CSRF tokens is generated once, on first use, and kept in the
store, so that it is never in the source and survives a restart (sessions stay valid).

Sessions are server-side (table desk_sessions): the signed cookie carries only a random token, so
that signing out (`end_session`) or a new password (`set_password`) ends a session for good, even
where its cookie was copied; a session ends at the latest SESSION_HOURS after sign-in.

Failed sign-ins are throttled (table sign_in_failures) per account name and per client address,
before any password is checked (`sign_in`): after FREE_FAILURES failures in a row (2 for a name,
10 for an address) the next attempt must wait (1 s, then 2, 4 ... at most 60 s), and the
ACCOUNT_LIMIT-th failure of a name (ADDRESS_LIMIT-th of an address) locks it for LOCK. An attempt refused so costs no Argon2 hash and is not counted;
failures more than LOCK apart do not add up; a good sign-in clears its account's failures (not its
address's: one valid account must not reset an attacker's address). Names that exist nowhere are
throttled alike, so the answers do not tell which names exist.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import math
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pendulum
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from pendulum import DateTime

from engine.core import calendar, clock
from engine.core.errors import InputError
from engine.store import audit
from engine.store.sqlite import Store, StoreError, instant_text

#: viewer reads one authority's desk; editor also records; administrator also manages users and reads the
#: log of sign-ins and records; department reads every authority in the store and records nothing (schema 11)
ROLES: tuple[str, ...] = ("viewer", "editor", "administrator", "department")
#: each role as a person reads it (pages, messages, the log)
ROLE_NAMES: dict[str, str] = {
    "viewer": "Viewer",
    "editor": "Editor",
    "administrator": "Administrator",
    "department": "Department",
}
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@\-]{0,63}$")
MIN_PASSWORD_LENGTH = 8

#: failures in a row that lock an account name, and an address (higher: several people may share
#: one address, such as an office's proxy)
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
#: failures in a row before attempts must wait, for a name and for an address (by scope)
FREE_FAILURES = {"account": 2, "address": 10}
#: how long a lock lasts; also how far apart two failures may be and still count as in a row
LOCK = pendulum.duration(minutes=15)
#: the longest wait before a lock, in seconds
LONGEST_DELAY = 60
#: a session ends at the latest this many hours after sign-in (sign in again the next day)
SESSION_HOURS = 12

_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    name: str
    role: str

    @property
    def can_edit(self) -> bool:
        """Records, corrects and withdraws facts and attaches files: editors and administrators."""
        return self.role in ("editor", "administrator")

    @property
    def can_administer(self) -> bool:
        """Adds, disables and re-enables users, changes roles, resets passwords, reads the log."""
        return self.role == "administrator"

    @property
    def sees_every_authority(self) -> bool:
        """The department's view: every authority in the store (administrators too)."""
        return self.role in ("department", "administrator")


def add_user(store: Store, name: str, role: str, password: str, *, actor: str | None = None) -> User:
    """Create a user; raises InputError naming the field at fault (NAME, --role, password), or
    StoreError when the name is taken. The log (engine/store/audit.py) says who added it (`actor`:
    the administrator's name, or the command line that ran; None: 'unknown'), in the same transaction."""
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
        audit.log(store, actor or "unknown", "user_add", subject=name, detail=f"role {ROLE_NAMES[role]}")
    return User(name, role)


def get_user(store: Store, name: str) -> User | None:
    """The user of that name (enabled or not), or None."""
    row = store.conn.execute("SELECT name, role FROM users WHERE name=?", (name,)).fetchone()
    return User(row["name"], row["role"]) if row else None


def count_users(store: Store) -> int:
    """How many users the store holds (disabled ones too)."""
    return int(store.conn.execute("SELECT COUNT(*) FROM users").fetchone()[0])


def list_users(store: Store) -> list[tuple[str, str, str]]:
    """(name, role, created at) of every user, by name."""
    return [
        (r["name"], r["role"], r["created_at"])
        for r in store.conn.execute("SELECT name, role, created_at FROM users ORDER BY name")
    ]


@dataclass(frozen=True)
class Account:
    """What an administrator reads of a user (never the password's hash): `created_at` is London ISO
    text; `disabled_at` and `last_sign_in` are UTC text (engine.store.sqlite.instant_text) or None
    (enabled; never signed in). The last sign-in is the newest `sign_in` entry of the log."""

    name: str
    role: str
    email: str | None
    created_at: str
    disabled_at: str | None
    last_sign_in: str | None

    @property
    def enabled(self) -> bool:
        """May sign in."""
        return self.disabled_at is None

    @property
    def role_name(self) -> str:
        """The role as a person reads it (Viewer, Editor, Administrator, Department)."""
        return ROLE_NAMES.get(self.role, self.role)


_ACCOUNT_SQL = (
    "SELECT u.name, u.role, u.email, u.created_at, u.disabled_at, "
    "(SELECT MAX(a.at) FROM audit_log a WHERE a.actor = u.name AND a.action = 'sign_in') AS last_sign_in "
    "FROM users u"
)


def accounts(store: Store) -> list[Account]:
    """Every user, by name, with email, state and last sign-in."""
    return [Account(**dict(r)) for r in store.conn.execute(_ACCOUNT_SQL + " ORDER BY u.name")]


def account(store: Store, name: str) -> Account:
    """One user's Account; raises StoreError when there is no such user."""
    row = store.conn.execute(_ACCOUNT_SQL + " WHERE u.name=?", (name,)).fetchone()
    if row is None:
        raise StoreError(f"{store.path}: no user named {name!r} (see `comply user list`)")
    return Account(**dict(row))


def _existing(store: Store, name: str) -> Account:
    """The Account inside a change's transaction (StoreError when there is no such user)."""
    return account(store, name)


def _end_sessions(store: Store, name: str) -> None:
    store.conn.execute("DELETE FROM desk_sessions WHERE user_name=?", (name,))


def _keep_an_administrator(store: Store, user: Account, doing: str) -> None:
    """Refuse (InputError) to disable or demote the last enabled administrator while administrators exist:
    the desk would have no one left to manage its users (the command line still could, but the refusal
    says so rather than leave the desk without)."""
    if user.role != "administrator" or not user.enabled:
        return
    others = store.conn.execute(
        "SELECT COUNT(*) FROM users WHERE role='administrator' AND disabled_at IS NULL AND name<>?", (user.name,)
    ).fetchone()[0]
    if others == 0:
        raise InputError(
            f"{user.name}: is the last enabled administrator; cannot {doing} (make another user an administrator "
            "first: `comply user role NAME administrator`)"
        )


def disable_user(store: Store, name: str, *, actor: str) -> Account:
    """Disable a user: they can no longer sign in and every session of theirs ends now (a copied cookie
    too). Already disabled: nothing changes and nothing is logged. Raises StoreError (no such user),
    InputError (the last enabled administrator). Logged as user_disable by `actor`, in the same transaction."""
    with store.transaction("nothing was changed"):
        user = _existing(store, name)
        if not user.enabled:
            return user
        _keep_an_administrator(store, user, "disable them")
        store.conn.execute("UPDATE users SET disabled_at=? WHERE name=?", (instant_text(clock.now()), name))
        _end_sessions(store, name)
        audit.log(store, actor, "user_disable", subject=name, detail="sessions ended")
    return account(store, name)


def enable_user(store: Store, name: str, *, actor: str) -> Account:
    """Let a disabled user sign in again (with the password they had; their failed sign-ins are
    forgotten). Already enabled: nothing changes. Raises StoreError (no such user)."""
    with store.transaction("nothing was changed"):
        user = _existing(store, name)
        if user.enabled:
            return user
        store.conn.execute("UPDATE users SET disabled_at=NULL WHERE name=?", (name,))
        store.conn.execute("DELETE FROM sign_in_failures WHERE scope='account' AND key=?", (_key(name),))
        audit.log(store, actor, "user_enable", subject=name)
    return account(store, name)


def set_role(store: Store, name: str, role: str, *, actor: str) -> Account:
    """Give a user another role; their sessions end (they sign in again under the new role). The
    same role: nothing changes. Raises InputError (a role not in ROLES: field ROLE; demoting the last
    enabled administrator), StoreError (no such user)."""
    if role not in ROLES:
        raise InputError(f"ROLE: expected one of {', '.join(ROLES)}, got {role!r}")
    with store.transaction("nothing was changed"):
        user = _existing(store, name)
        if user.role == role:
            return user
        if role != "administrator":
            _keep_an_administrator(store, user, f"make them {ROLE_NAMES[role]}")
        store.conn.execute("UPDATE users SET role=? WHERE name=?", (role, name))
        _end_sessions(store, name)
        audit.log(store, actor, "user_role", subject=name, detail=f"{ROLE_NAMES[user.role]} -> {ROLE_NAMES[role]}")
    return account(store, name)


#: an email address as the desk accepts it: one @, no spaces, a domain with a dot (no look-up)
EMAIL_PATTERN = re.compile(
    r"^[^@\s<>,;\"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$"
)


def check_email(address: str) -> str:
    """The address, stripped, if it looks like an email address (EMAIL_PATTERN, at most 254
    characters); raises InputError (field ADDRESS) naming what was given."""
    text = (address or "").strip()
    if len(text) > 254 or not EMAIL_PATTERN.match(text):
        raise InputError(f"ADDRESS: expected an email address such as name@example.gov.uk, got {address!r}")
    return text


def set_email(store: Store, name: str, email: str | None, *, actor: str) -> Account:
    """Give a user an email address (where an owner's reminders go), or take it away (None). Raises
    InputError (not an email address: check_email), StoreError (no such user)."""
    address = check_email(email) if email is not None else None
    with store.transaction("nothing was changed"):
        user = _existing(store, name)
        if user.email == address:
            return user
        store.conn.execute("UPDATE users SET email=? WHERE name=?", (address, name))
        audit.log(store, actor, "user_email", subject=name, detail=address or "cleared")
    return account(store, name)


def generate_password() -> str:
    """A one-time password for a reset: 4 groups of 4 letters and digits (about 95 bits), without
    characters people confuse (0/O, 1/l/I)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def set_password(store: Store, name: str, password: str, *, actor: str | None = None) -> User:
    """Give a user a new password: every session of the user ends (a copied cookie with it) and the
    name's failed sign-ins are forgotten (so a new password also lifts a lock). Logged as
    user_password by `actor` (None: 'unknown') in the same transaction. Raises InputError for a
    short password, StoreError when there is no such user."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"password: expected at least {MIN_PASSWORD_LENGTH} characters")
    user = get_user(store, name)
    if user is None:
        raise StoreError(f"{store.path}: no user named {name!r} (see `comply user list`)")
    hashed = _hasher.hash(password)
    with store.transaction("nothing was changed"):
        store.conn.execute("UPDATE users SET password_hash=? WHERE name=?", (hashed, name))
        _end_sessions(store, name)
        store.conn.execute("DELETE FROM sign_in_failures WHERE scope='account' AND key=?", (_key(name),))
        audit.log(store, actor or "unknown", "user_password", subject=name, detail="sessions ended")
    return user


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user if the password matches, else None (a disabled user too: `sign_in` tells them
    apart, after the password). An unknown name costs a hash too, so the answer's timing does not
    tell which names exist."""
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


def is_disabled(store: Store, name: str) -> bool:
    """Whether the user of that name exists and is disabled."""
    row = store.conn.execute("SELECT disabled_at FROM users WHERE name=?", (name,)).fetchone()
    return row is not None and row["disabled_at"] is not None


@functools.cache
def _dummy_hash() -> str:
    """A hash of no one's password, for the unknown names: made on first use (an Argon2 hash takes
    most of a second, which every `comply` command would otherwise pay when this module is imported)."""
    return _hasher.hash("not a password of anyone")


@dataclass(frozen=True)
class Throttle:
    """Sign-ins refused until an instant: for an account name or an address (`scope`), and whether
    that is a lock (after too many failures) or a short wait."""

    scope: str
    until: DateTime
    locked: bool

    def message(self) -> str:
        """The words for the person signing in, with when to try again (London time)."""
        whose = "for this account" if self.scope == "account" else "from this address"
        if self.locked:
            at = self.until.in_timezone(calendar.LONDON)
            if at.second or at.microsecond:  # never promise a minute that is still locked
                at = at.add(minutes=1).set(second=0, microsecond=0)
            return f"Too many failed sign-ins {whose}; try again after {at.format('HH:mm')}."
        wait = self.seconds()
        return f"Too many failed sign-ins {whose}; try again in {wait} second{'' if wait == 1 else 's'}."

    def seconds(self) -> int:
        """Whole seconds from now until the attempt may be made (at least 1: for Retry-After)."""
        return max(1, math.ceil((self.until - clock.now()).total_seconds()))


@dataclass(frozen=True)
class SignIn:
    """What a sign-in attempt came to: the user (the password matched), or none and, when sign-ins
    are now refused for the name or the address, the Throttle (`refused`: the password was not even
    checked, because the attempt came while refused). `disabled`: the password matched but the user
    is disabled (only someone with the password learns that)."""

    user: User | None
    throttle: Throttle | None = None
    refused: bool = False
    disabled: bool = False


def sign_in(store: Store, name: str, password: str, address: str) -> SignIn:
    """A throttled sign-in by `name` from `address` (the client's IP address): refused without
    checking the password while the name or the address is blocked; else the password is checked,
    a success clears the name's failures and a failure is counted for both (see the module's
    docstring for the policy). A disabled user's good password is refused and counted as a failure
    (so that it is throttled like any other). Every attempt is logged (engine/store/audit.py): a
    `sign_in`, or a `sign_in_refused` saying why (wrong name or password, disabled, throttled) and
    from which address; the actor is the name as typed. Raises StoreError (sqlite3 errors) when the
    store cannot be written.

    Checking the throttle and counting the attempt are one step, one BEGIN IMMEDIATE transaction
    taken before the password is checked: the attempt is counted as a failure first, so that two
    attempts at once (two threads, two processes) cannot both pass a check that only one of them
    should; a password that turns out good then gives its count back (`_forgive`). The password's
    Argon2 check (about 150 ms) runs outside the transaction, so that the store is not held by it."""
    now = clock.now()
    keys = (("account", _key(name)), ("address", _key(address or "unknown")))
    actor = _key(name) or "(no name)"
    blocked, throttle = _count_attempt(store, keys, now)
    if blocked is not None:
        audit.log(store, actor, "sign_in_refused", detail=f"throttled ({blocked.scope}); from {address}")
        return SignIn(None, blocked, refused=True)
    user = authenticate(store, name, password)
    if user is not None and is_disabled(store, user.name):
        audit.log(store, actor, "sign_in_refused", detail=f"disabled; from {address}")
        return SignIn(None, throttle, disabled=True)
    if user is not None:
        _forgive(store, keys, now, address)
        return SignIn(user)
    audit.log(store, actor, "sign_in_refused", detail=f"wrong name or password; from {address}")
    return SignIn(None, throttle)


def _count_attempt(
    store: Store, keys: tuple[tuple[str, str], ...], now: DateTime
) -> tuple[Throttle | None, Throttle | None]:
    """In one write transaction: (the Throttle that refuses this attempt, None) when the name or the
    address is blocked (nothing counted); else (None, the Throttle the attempt's failure would set,
    if any), the attempt counted as a failure of both."""
    throttles = []
    with _transaction(store):
        for scope, key in keys:
            row = store.conn.execute(
                "SELECT failures, blocked_until FROM sign_in_failures WHERE scope=? AND key=?", (scope, key)
            ).fetchone()
            if row is not None and row["blocked_until"] > instant_text(now):
                until = pendulum.parse(row["blocked_until"])
                return Throttle(scope, until, row["failures"] >= _limit(scope)), None
        # failures older than LOCK whose block has passed are forgotten (the table stays small)
        store.conn.execute(
            "DELETE FROM sign_in_failures WHERE last_failure_at < ? AND blocked_until < ?",
            (instant_text(now - LOCK), instant_text(now)),
        )
        for scope, key in keys:
            row = store.conn.execute(
                "SELECT failures FROM sign_in_failures WHERE scope=? AND key=?", (scope, key)
            ).fetchone()
            failures = (row["failures"] if row is not None else 0) + 1
            wait = delay_after(failures, _limit(scope), FREE_FAILURES[scope])
            store.conn.execute(
                "INSERT OR REPLACE INTO sign_in_failures (scope, key, failures, last_failure_at, blocked_until) "
                "VALUES (?,?,?,?,?)",
                (scope, key, failures, instant_text(now), instant_text(now + wait)),
            )
            if wait.total_seconds() > 0:
                throttles.append(Throttle(scope, now + wait, failures >= _limit(scope)))
    return None, max(throttles, key=lambda t: t.until) if throttles else None


def _forgive(store: Store, keys: tuple[tuple[str, str], ...], now: DateTime, client: str) -> None:
    """A good password after `_count_attempt`: the name's failures are cleared, and the address gets
    back the one failure the attempt was counted as (its wait with it, unless a later failure has
    set one since: the attempt was let through, so no wait of its own was in force). The sign-in is
    logged in the same transaction (from `client`)."""
    (_, account), (_, address) = keys
    with _transaction(store):
        audit.log(store, account, "sign_in", detail=f"from {client}")
        store.conn.execute("DELETE FROM sign_in_failures WHERE scope='account' AND key=?", (account,))
        store.conn.execute(
            "UPDATE sign_in_failures SET failures = failures - 1, "
            "blocked_until = CASE WHEN last_failure_at = ? THEN ? ELSE blocked_until END "
            "WHERE scope='address' AND key=?",
            (instant_text(now), instant_text(now), address),
        )
        store.conn.execute("DELETE FROM sign_in_failures WHERE scope='address' AND key=? AND failures <= 0", (address,))


def delay_after(failures: int, limit: int, free: int) -> pendulum.Duration:
    """How long sign-ins wait after `failures` failures in a row: none for the first `free`, then
    1 s, 2 s, 4 s ... (at most LONGEST_DELAY), and LOCK from the `limit`-th."""
    if failures >= limit:
        return LOCK
    if failures <= free:
        return pendulum.duration()
    return pendulum.duration(seconds=min(2 ** (failures - free - 1), LONGEST_DELAY))


def _limit(scope: str) -> int:
    return ACCOUNT_LIMIT if scope == "account" else ADDRESS_LIMIT


def _key(text: str) -> str:
    """A name or address as a key (bounded: a name is at most 64 characters anyway)."""
    return text[:100]


def start_session(store: Store, user: User) -> str:
    """A new session of a user: its token (for the session cookie; the store keeps only its hash).
    Sessions past their end are removed here."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    with _transaction(store):
        store.conn.execute("DELETE FROM desk_sessions WHERE expires_at <= ?", (instant_text(now),))
        store.conn.execute(
            "INSERT INTO desk_sessions (token_hash, user_name, created_at, expires_at) VALUES (?,?,?,?)",
            (_token_hash(token), user.name, instant_text(now), instant_text(now.add(hours=SESSION_HOURS))),
        )
    return token


def session_user(store: Store, token: str) -> User | None:
    """The user of a live session (None when it ended: signed out, a new password or role, past its
    end, the user disabled or deleted, or a token never issued)."""
    row = store.conn.execute(
        "SELECT u.name, u.role FROM desk_sessions s JOIN users u ON u.name = s.user_name "
        "WHERE s.token_hash=? AND s.expires_at > ? AND u.disabled_at IS NULL",
        (_token_hash(token), instant_text(clock.now())),
    ).fetchone()
    return User(row["name"], row["role"]) if row else None


def end_session(store: Store, token: str, *, actor: str | None = None) -> None:
    """End a session (sign-out): its token no longer signs anyone in, wherever it was copied. With
    `actor`, logged as their sign_out in the same transaction."""
    with _transaction(store):
        store.conn.execute("DELETE FROM desk_sessions WHERE token_hash=?", (_token_hash(token),))
        if actor is not None:
            audit.log(store, actor, "sign_out")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@contextlib.contextmanager
def _transaction(store: Store) -> Iterator[None]:
    """One write transaction (BEGIN IMMEDIATE ... COMMIT; ROLLBACK on any error)."""
    store.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        store.conn.execute("COMMIT")
    except BaseException:
        store.conn.execute("ROLLBACK")
        raise


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
