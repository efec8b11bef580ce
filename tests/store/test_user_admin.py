"""Managing desk users (engine/store/users.py, schema 11) in a real SQLite store, and the command line that
does it (`comply user ...`, run as a subprocess): disabling, enabling, a new password and a new role end the
user's sessions; the last enabled administrator is kept; each change is logged (engine/store/audit.py) in the
same transaction, and a refused change logs nothing; sign-ins and refusals are logged with why and from where."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pendulum
import pytest
from helpers import bundled_store, run_comply
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from engine.core import clock
from engine.core.errors import InputError
from engine.store import audit, users
from engine.store.sqlite import Store, StoreError

PASSWORD = "long enough"
COMPLY = str(Path(sys.executable).parent / "comply")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = bundled_store(tmp_path)
    yield s
    s.close()


def log_of(store: Store, action: str | None = None) -> list[audit.Entry]:
    return audit.entries(store, action=action)


def test_disabling_ends_every_session_and_refuses_the_good_password(store: Store):
    users.add_user(store, "ad", "administrator", PASSWORD)
    vi = users.add_user(store, "vi", "viewer", PASSWORD)
    token = users.start_session(store, vi)
    assert users.session_user(store, token) == vi
    users.disable_user(store, "vi", actor="ad")
    assert users.session_user(store, token) is None  # the copied cookie too: the session is gone
    attempt = users.sign_in(store, "vi", PASSWORD, "10.0.0.1")
    assert attempt.user is None and attempt.disabled
    wrong = users.sign_in(store, "vi", "not the password", "10.0.0.1")
    assert wrong.user is None and not wrong.disabled  # without the password, a disabled name looks like any other
    refusals = [e.detail for e in log_of(store, "sign_in_refused")]
    assert refusals == ["wrong name or password; from 10.0.0.1", "disabled; from 10.0.0.1"]
    [entry] = log_of(store, "user_disable")
    assert (entry.actor, entry.subject) == ("ad", "vi")
    assert not users.account(store, "vi").enabled
    users.enable_user(store, "vi", actor="ad")
    assert users.sign_in(store, "vi", PASSWORD, "10.0.0.1").user == vi
    assert users.account(store, "vi").last_sign_in == log_of(store, "sign_in")[0].at
    assert [e.action for e in log_of(store)][:2] == ["sign_in", "user_enable"]


def test_a_disabled_users_good_password_is_throttled_like_a_wrong_one(store: Store):
    users.add_user(store, "vi", "viewer", PASSWORD)
    users.disable_user(store, "vi", actor="test")
    with clock.frozen(pendulum.datetime(2026, 11, 30, 13, 50, tz="Europe/London")):
        tries = users.FREE_FAILURES["account"] + 1
        answers = [users.sign_in(store, "vi", PASSWORD, "10.0.0.2") for _ in range(tries)]
        assert answers[-1].throttle is not None
        blocked = users.sign_in(store, "vi", PASSWORD, "10.0.0.2")
    assert blocked.refused and not blocked.disabled  # throttled before the password is even checked
    assert log_of(store, "sign_in_refused")[0].detail.startswith("throttled (account)")


@pytest.mark.parametrize(
    "change",
    [
        lambda s: users.set_role(s, "vi", "editor", actor="ad"),
        lambda s: users.set_password(s, "vi", "a new long password", actor="ad"),
        lambda s: users.disable_user(s, "vi", actor="ad"),
    ],
    ids=["role", "password", "disable"],
)
def test_a_new_role_a_new_password_and_disabling_end_the_sessions(store: Store, change):
    vi = users.add_user(store, "vi", "viewer", PASSWORD)
    users.add_user(store, "ed", "editor", PASSWORD)
    tokens = [users.start_session(store, vi) for _ in range(2)]
    other = users.start_session(store, users.get_user(store, "ed"))
    change(store)
    assert [users.session_user(store, t) for t in tokens] == [None, None]
    assert users.session_user(store, other) is not None  # only the user's own sessions


def test_email_is_checked_set_and_cleared(store: Store):
    users.add_user(store, "vi", "viewer", PASSWORD)
    assert users.set_email(store, "vi", " mo@towerhamlets.gov.uk ", actor="ad").email == "mo@towerhamlets.gov.uk"
    for bad in ("", "mo", "mo@", "@x.uk", "mo@localhost", "a b@x.uk", "mo@x..uk"):
        with pytest.raises(InputError, match="^ADDRESS: expected an email address"):
            users.set_email(store, "vi", bad, actor="ad")
    assert users.set_email(store, "vi", None, actor="ad").email is None
    assert [e.detail for e in log_of(store, "user_email")] == ["cleared", "mo@towerhamlets.gov.uk"]


def test_the_last_enabled_administrator_is_kept(store: Store):
    users.add_user(store, "ad", "administrator", PASSWORD)
    users.add_user(store, "ad2", "administrator", PASSWORD)
    users.disable_user(store, "ad2", actor="ad")
    before = len(log_of(store))
    with pytest.raises(InputError, match="last enabled administrator"):
        users.disable_user(store, "ad", actor="ad")
    with pytest.raises(InputError, match="last enabled administrator"):
        users.set_role(store, "ad", "editor", actor="ad")
    assert len(log_of(store)) == before  # a refused change writes no entry
    assert users.account(store, "ad").enabled and users.account(store, "ad").role == "administrator"
    users.enable_user(store, "ad2", actor="ad")
    assert users.set_role(store, "ad", "editor", actor="ad2").role == "editor"  # another one is left


def test_without_administrators_nothing_is_kept(store: Store):
    users.add_user(store, "ed", "editor", PASSWORD)
    assert not users.disable_user(store, "ed", actor="x").enabled


def test_a_failing_change_writes_no_entry_and_changes_nothing(store: Store):
    """The entry joins the change's transaction: when the change fails after the entry was written,
    both are rolled back."""
    users.add_user(store, "vi", "viewer", PASSWORD)
    before = len(log_of(store))
    store.conn.execute(
        "CREATE TRIGGER no_disabling BEFORE UPDATE OF disabled_at ON users BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="no"):
        users.disable_user(store, "vi", actor="x")
    store.conn.execute("DROP TRIGGER no_disabling")
    store.conn.execute("CREATE TRIGGER no_log BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'no log'); END")
    with pytest.raises(sqlite3.IntegrityError, match="no log"):
        users.set_role(store, "vi", "editor", actor="x")
    store.conn.execute("DROP TRIGGER no_log")
    assert len(log_of(store)) == before
    assert users.account(store, "vi").enabled and users.account(store, "vi").role == "viewer"


def test_unknown_users_and_roles_are_named(store: Store):
    with pytest.raises(StoreError, match="no user named 'nobody'"):
        users.disable_user(store, "nobody", actor="x")
    users.add_user(store, "vi", "viewer", PASSWORD)
    with pytest.raises(InputError, match="^ROLE: expected one of viewer, editor, administrator, department"):
        users.set_role(store, "vi", "admin", actor="x")


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(["disable", "viewer", "administrator", "enable"]), st.integers(0, 2))))
def test_an_enabled_administrator_always_remains(store: Store, steps):
    """Whatever disabling, enabling and role changes are tried, while an enabled administrator exists
    one remains (a refusal is an InputError)."""
    store.conn.execute("DELETE FROM users")
    for i in range(3):
        store.conn.execute(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, 'administrator', 'x', '2026')",
            (f"a{i}",),
        )
    for what, i in steps:
        name = f"a{i}"
        try:
            if what == "disable":
                users.disable_user(store, name, actor="t")
            elif what == "enable":
                users.enable_user(store, name, actor="t")
            else:
                users.set_role(store, name, what, actor="t")
        except InputError:
            pass
        enabled_admins = store.conn.execute(
            "SELECT COUNT(*) FROM users WHERE role='administrator' AND disabled_at IS NULL"
        ).fetchone()[0]
        assert enabled_admins >= 1


def comply(db: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """`comply --store DB ARGS` in this process (helpers.run_comply), with `stdin` as its input."""
    return run_comply(["--store", str(db), *args], stdin=stdin)


def test_the_user_commands(tmp_path: Path):
    with bundled_store(tmp_path) as s:
        db = s.path
    assert (
        comply(db, "user", "add", "ad", "--role", "administrator", "--password-stdin", stdin=PASSWORD).returncode == 0
    )
    assert comply(db, "user", "add", "vi", "--role", "viewer", "--password-stdin", stdin=PASSWORD).returncode == 0
    with Store.open(db) as s:
        token = users.start_session(s, users.get_user(s, "vi"))
    listed = comply(db, "user", "list")
    assert listed.returncode == 0
    assert listed.stdout.splitlines() == [
        "ad\tAdministrator\t-\tenabled\tnever signed in",
        "vi\tViewer\t-\tenabled\tnever signed in",
    ]
    assert comply(db, "user", "email", "vi", "vi@towerhamlets.gov.uk").returncode == 0
    bad = comply(db, "user", "email", "vi", "not an address")
    assert (
        bad.returncode == 2 and "ADDRESS: expected an email address" in bad.stderr and "'not an address'" in bad.stderr
    )
    assert comply(db, "user", "email", "vi").returncode == 2  # neither an address nor --clear
    assert comply(db, "user", "role", "vi", "editor").returncode == 0
    with Store.open(db) as s:
        assert users.session_user(s, token) is None  # a new role ends the sessions
        users.sign_in(s, "vi", PASSWORD, "127.0.0.1")
    disabled = comply(db, "user", "disable", "vi")
    assert disabled.returncode == 0 and "sessions have ended" in disabled.stderr
    line = comply(db, "user", "list").stdout.splitlines()[1].split("\t")
    assert line[:3] == ["vi", "Editor", "vi@towerhamlets.gov.uk"]
    assert line[3].startswith("disabled since ") and line[4].startswith("last signed in ")
    last = comply(db, "user", "disable", "ad")
    assert last.returncode == 2 and "last enabled administrator" in last.stderr
    demote = comply(db, "user", "role", "ad", "viewer")
    assert demote.returncode == 2 and "last enabled administrator" in demote.stderr
    assert comply(db, "user", "role", "vi", "boss").returncode == 2
    assert comply(db, "user", "enable", "vi").returncode == 0
    reset = comply(db, "user", "reset-password", "vi", "--password-stdin", stdin="a brand new password\n")
    assert reset.returncode == 0
    assert comply(db, "user", "email", "vi", "--clear").returncode == 0
    missing = comply(db, "user", "disable", "nobody")
    assert missing.returncode == 2 and "no user named 'nobody'" in missing.stderr
    with Store.open(db) as s:
        assert users.authenticate(s, "vi", "a brand new password") is not None
        entries = audit.entries(s)
    actions = [e.action for e in reversed(entries)]
    assert actions == [
        "user_add",
        "user_add",
        "user_email",
        "user_role",
        "sign_in",
        "user_disable",
        "user_enable",
        "user_password",
        "user_email",
    ]
    assert all(e.actor.startswith("comply user ") and "(OS user " in e.actor for e in entries if e.action != "sign_in")
