"""Desk users and the secret key (engine/store/users.py) in a real SQLite store: Argon2 hashes, the
field at fault named, the secret key made once and kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import bundled, store_from

from engine.store import users
from engine.store.sqlite import Store, StoreError


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = store_from(bundled(), tmp_path)
    yield s
    s.close()


def test_a_user_is_stored_with_an_argon2_hash_and_signs_in_only_with_the_password(store: Store):
    users.add_user(store, "mo", "editor", "correct horse")
    stored = store.conn.execute("SELECT password_hash FROM users WHERE name='mo'").fetchone()[0]
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    assert users.authenticate(store, "mo", "correct horse") == users.User("mo", "editor")
    assert users.authenticate(store, "mo", "wrong horse") is None
    assert users.authenticate(store, "nobody", "correct horse") is None
    assert users.count_users(store) == 1


@pytest.mark.parametrize(
    "name, role, password, field",
    [
        ("", "editor", "long enough", "NAME"),
        ("a b", "editor", "long enough", "NAME"),
        ("mo", "admin", "long enough", "--role"),
        ("mo", "viewer", "short", "password"),
    ],
)
def test_a_bad_user_names_the_field_and_stores_nothing(store: Store, name: str, role: str, password: str, field: str):
    with pytest.raises(ValueError, match=f"^{field}: "):
        users.add_user(store, name, role, password)
    assert users.count_users(store) == 0


def test_a_second_user_of_the_same_name_is_refused(store: Store):
    users.add_user(store, "mo", "viewer", "long enough")
    with pytest.raises(StoreError, match="already exists"):
        users.add_user(store, "mo", "editor", "long enough too")
    assert users.get_user(store, "mo").role == "viewer"


def test_the_secret_key_is_made_once_and_kept_in_the_store(tmp_path: Path):
    with Store.open(tmp_path / "a.db") as s:
        first = users.secret_key(s)
    with Store.open(tmp_path / "a.db") as s:
        assert users.secret_key(s) == first
    with Store.open(tmp_path / "b.db") as s:
        assert users.secret_key(s) != first
    assert len(first) == 64
