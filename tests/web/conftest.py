"""A desk on the bundled data in a real SQLite store, driven through Flask's own test client (no
server, no browser): a viewer `vi` and an editor `ed`, and a way to sign in with a CSRF token."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from desk_client import PASSWORD, csrf_token
from flask import Flask
from flask.testing import FlaskClient
from helpers import DIRECTIONS, bundled_store

from engine.store import users
from engine.web import create_app
from engine.web.request import workers_of

DIRECTIONS_DIR = Path(__file__).resolve().parents[2] / "directions"


@pytest.fixture
def desk_app(tmp_path: Path) -> Iterator[Flask]:
    """The desk's app on a fresh store of the bundled data, with a viewer and an editor (its
    evaluation worker stopped at the end)."""
    with bundled_store(tmp_path) as s:
        users.add_user(s, "vi", "viewer", PASSWORD)
        users.add_user(s, "ed", "editor", PASSWORD)
    app = create_app(tmp_path / "comply.db", DIRECTIONS_DIR, directions=DIRECTIONS)
    yield app
    workers_of(app).close()


@pytest.fixture
def signed_in(desk_app: Flask) -> Callable[[str], FlaskClient]:
    """A test client signed in as the named user (`vi` or `ed`)."""

    def sign_in(name: str) -> FlaskClient:
        client = desk_app.test_client()
        posted = client.post("/login", data={"csrf_token": csrf_token(client), "name": name, "password": PASSWORD})
        assert posted.status_code == 302, posted.get_data(as_text=True)
        return client

    return sign_in
