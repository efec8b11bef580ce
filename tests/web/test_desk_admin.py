"""The desk's pages for administrators (engine/web/admin.py) through Flask's test client on a real SQLite store:
403 with fitting words for editors and viewers; each action a POST with CSRF that changes the user and is logged;
the last administrator kept with the reason on the page; the Log filtered by user and action."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from desk_client import PASSWORD, csrf_token
from flask import Flask
from flask.testing import FlaskClient

from engine.store import audit, users
from engine.store.sqlite import Store


@pytest.fixture
def admin(desk_app: Flask, signed_in: Callable[[str], FlaskClient]) -> FlaskClient:
    with Store.open(desk_app.config["DESK_STORE"]) as s:
        users.add_user(s, "ad", "administrator", PASSWORD)
    return signed_in("ad")


def store_of(app: Flask) -> Store:
    return Store.open(app.config["DESK_STORE"])


@pytest.mark.parametrize("name, role", [("vi", "Viewer"), ("ed", "Editor")])
def test_administrator_pages_are_forbidden_to_others(signed_in, name: str, role: str):
    client = signed_in(name)
    for path in ("/users", "/users/vi", "/log", "/users/vi/disable", "/users/vi/password"):
        page = client.get(path)
        assert page.status_code == 403, path
        text = page.get_data(as_text=True)
        assert "Administrators only" in text and f"Your role is {role}" in text
    token = csrf_token(client, "/")
    assert client.post("/users/vi/disable", data={"csrf_token": token}).status_code == 403
    assert "Users" not in re.findall(r"<a [^>]*>([^<]+)</a>", client.get("/").get_data(as_text=True))


def test_signed_out_is_sent_to_sign_in(desk_app: Flask):
    answer = desk_app.test_client().get("/users")
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]


def test_the_users_page_lists_everyone(admin: FlaskClient):
    page = admin.get("/users").get_data(as_text=True)
    for words in ("ad", "Administrator", "vi", "Viewer", "ed", "Editor", "Enabled", "Never"):
        assert words in page
    assert 'href="/users"' in admin.get("/").get_data(as_text=True)  # in the navigation


def test_disable_asks_first_then_ends_the_users_sessions(desk_app: Flask, admin: FlaskClient, signed_in):
    vi = signed_in("vi")
    assert vi.get("/").status_code == 200
    confirm = admin.get("/users/vi/disable").get_data(as_text=True)
    assert "Disable vi?" in confirm and "Yes, disable vi" in confirm
    assert admin.post("/users/vi/disable", data={}).status_code == 400  # no CSRF token
    done = admin.post("/users/vi/disable", data={"csrf_token": csrf_token(admin, "/users/vi/disable")})
    assert done.status_code == 302
    assert "The user is disabled" in admin.get(done.headers["Location"]).get_data(as_text=True)
    assert vi.get("/").status_code == 302  # their session has ended
    refused = desk_app.test_client()
    answer = refused.post("/login", data={"csrf_token": csrf_token(refused), "name": "vi", "password": PASSWORD})
    assert answer.status_code == 403 and "This account is disabled" in answer.get_data(as_text=True)
    admin.post("/users/vi/enable", data={"csrf_token": csrf_token(admin, "/users/vi")})
    assert signed_in("vi").get("/").status_code == 200
    with store_of(desk_app) as s:
        actions = [(e.actor, e.action, e.subject) for e in audit.entries(s) if e.action.startswith("user_")]
    assert actions[:2] == [("ad", "user_enable", "vi"), ("ad", "user_disable", "vi")]


def test_reset_password_generated_or_typed(desk_app: Flask, admin: FlaskClient, signed_in):
    vi = signed_in("vi")
    token = csrf_token(admin, "/users/vi/password")
    shown = admin.post("/users/vi/password", data={"csrf_token": token, "how": "generate"})
    assert shown.status_code == 200
    new = re.search(r'<code id="new-password">([^<]+)</code>', shown.get_data(as_text=True)).group(1)
    assert vi.get("/").status_code == 302
    with store_of(desk_app) as s:
        assert users.authenticate(s, "vi", new) is not None
    mismatch = admin.post(
        "/users/vi/password", data={"csrf_token": token, "how": "type", "password": "abcdefghij", "confirm": "x"}
    )
    assert mismatch.status_code == 400 and "not the same" in mismatch.get_data(as_text=True)
    short = admin.post("/users/vi/password", data={"csrf_token": token, "how": "type", "password": "a", "confirm": "a"})
    assert short.status_code == 400 and "at least 8 characters" in short.get_data(as_text=True)
    typed = admin.post(
        "/users/vi/password",
        data={"csrf_token": token, "how": "type", "password": "typed long one", "confirm": "typed long one"},
    )
    assert typed.status_code == 302
    with store_of(desk_app) as s:
        assert users.authenticate(s, "vi", "typed long one") is not None
        assert [e.actor for e in audit.entries(s, action="user_password")] == ["ad", "ad"]


def test_role_and_email(desk_app: Flask, admin: FlaskClient):
    token = csrf_token(admin, "/users/vi")
    assert admin.post("/users/vi/role", data={"csrf_token": token, "role": "editor"}).status_code == 302
    assert admin.post("/users/vi/role", data={"csrf_token": token, "role": "boss"}).status_code == 400
    bad = admin.post("/users/vi/email", data={"csrf_token": token, "email": "nope"})
    assert bad.status_code == 400 and "expected an email address" in bad.get_data(as_text=True)
    assert admin.post("/users/vi/email", data={"csrf_token": token, "email": "vi@example.gov.uk"}).status_code == 302
    with store_of(desk_app) as s:
        a = users.account(s, "vi")
        assert (a.role, a.email) == ("editor", "vi@example.gov.uk")
    admin.post("/users/vi/email", data={"csrf_token": token, "clear": "1", "email": "ignored@example.gov.uk"})
    with store_of(desk_app) as s:
        assert users.account(s, "vi").email is None
    assert admin.get("/users/nobody").status_code == 404


def test_the_last_administrator_is_kept_and_the_page_says_why(desk_app: Flask, admin: FlaskClient):
    token = csrf_token(admin, "/users/ad")
    refused = admin.post("/users/ad/role", data={"csrf_token": token, "role": "viewer"})
    assert refused.status_code == 400 and "last enabled administrator" in refused.get_data(as_text=True)
    assert admin.post("/users/ad/disable", data={"csrf_token": token}).status_code == 400
    with store_of(desk_app) as s:
        assert users.account(s, "ad").role == "administrator" and users.account(s, "ad").enabled


def test_the_log_newest_first_filtered_in_the_url(desk_app: Flask, admin: FlaskClient):
    wrong = desk_app.test_client()
    wrong.post("/login", data={"csrf_token": csrf_token(wrong), "name": "ed", "password": "not it at all"})
    page = admin.get("/log").get_data(as_text=True)
    assert page.index("Signed in") < page.index("Sign-in refused")  # the administrator's sign-in came later
    assert "wrong name or password; from 127.0.0.1" in page
    only = admin.get("/log?user=ed&action=sign_in_refused").get_data(as_text=True)
    assert "Sign-in refused" in only and "Signed in</td>" not in only and re.search(r"\bon \d{1,2} \w+ \d{4}", only)
    assert admin.get("/log?action=nonsense").status_code == 400
    admin.post("/logout", data={"csrf_token": csrf_token(admin, "/")})
    with store_of(desk_app) as s:
        assert audit.entries(s, action="sign_out")[0].actor == "ad"
