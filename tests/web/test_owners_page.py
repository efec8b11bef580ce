"""The desk's Owners page (engine/web/owners.py) through Flask's test client on a real SQLite store of the
bundled data: everyone signed in reads it, only administrators change it (with the CSRF token), a typo'd
target or an unknown user is refused with nothing stored; and a breached finding's page says what follows
a breach (the direction's `enforcement:`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from desk_client import PASSWORD, csrf_token
from flask import Flask
from flask.testing import FlaskClient

from engine.model import facts as F
from engine.store import users
from engine.store.sqlite import Store


def _admin(desk_app: Flask, signed_in: Callable[[str], FlaskClient]) -> FlaskClient:
    with Store.open(desk_app.config["DESK_STORE"]) as s:
        users.add_user(s, "ad", "administrator", PASSWORD)
    return signed_in("ad")


def _owners(desk_app: Flask) -> dict[str, str]:
    with sqlite3.connect(desk_app.config["DESK_STORE"]) as db:
        return dict(db.execute("SELECT target, user_name FROM owners"))


def test_everyone_reads_administrators_change(desk_app, signed_in):
    viewer = signed_in("vi")
    page = viewer.get("/owners")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Quarterly reports to the Secretary of State" in html and "clause:bv-2017.quarterly-report" in html
    assert "board:bvib" in html and "Only an administrator can change an owner" in html
    assert "<select" not in html
    assert 'href="/owners"' in html  # the navigation link
    for who in ("vi", "ed"):
        client = signed_in(who)
        refused = client.post(
            "/owners", data={"csrf_token": csrf_token(client, "/owners"), "target": "board:bvib", "user": who}
        )
        assert refused.status_code == 403
    assert _owners(desk_app) == {}

    admin = _admin(desk_app, signed_in)
    token = csrf_token(admin, "/owners")
    saved = admin.post("/owners", data={"csrf_token": token, "target": "board:bvib", "user": "ed"})
    assert saved.status_code == 303 and _owners(desk_app) == {"board:bvib": "ed"}
    html = admin.get(saved.headers["Location"]).get_data(as_text=True)
    assert "The owner of board:bvib is saved." in html
    assert html.count('<option value="ed" selected>') == 1
    # a clause of the board with no owner of its own answers to the board's
    assert "(the owner of the board" in html

    typo = admin.post("/owners", data={"csrf_token": token, "target": "clause:bv-2017.quartely-report", "user": "ed"})
    assert typo.status_code == 400
    text = typo.get_data(as_text=True)
    assert "There is a problem" in text and "did you mean &#39;clause:bv-2017.quarterly-report&#39; or" in text
    nobody = admin.post("/owners", data={"csrf_token": token, "target": "board:csib", "user": "nobody"})
    assert nobody.status_code == 400 and "no user named" in nobody.get_data(as_text=True)
    no_token = admin.post("/owners", data={"target": "board:csib", "user": "ed"})
    assert no_token.status_code == 400
    assert _owners(desk_app) == {"board:bvib": "ed"}  # nothing stored on any refusal

    cleared = admin.post("/owners", data={"csrf_token": token, "target": "board:bvib", "user": ""})
    assert cleared.status_code == 303 and _owners(desk_app) == {}
    with sqlite3.connect(desk_app.config["DESK_STORE"]) as db:
        log = db.execute("SELECT actor, subject, detail FROM audit_log WHERE action='owner' ORDER BY id").fetchall()
    assert log == [("ad", "board:bvib", "owner: ed"), ("ad", "board:bvib", "owner cleared")]


def test_a_breached_findings_page_says_what_follows(desk_app, signed_in):
    viewer = signed_in("vi")
    with Store.open(desk_app.config["DESK_STORE"]) as s:
        s.write(
            "tower-hamlets",
            [("coverage", F.Coverage(subject="bv-2017.quarterly-report", complete_until="2018-01-31", source="test"))],
            "test",
        )
    breached = viewer.get("/finding/tower-hamlets/bv-2017.quarterly-report/3?as_of=2018-02-01").get_data(as_text=True)
    assert 'id="enforcement"' in breached and "govuk-warning-text" in breached
    assert "who may seek an order in the High Court requiring the Council to remedy any breach." in breached
    assert "legal comments 5.5 (directions under section 15 of the Local Government Act 1999)" in breached
    not_yet = viewer.get("/finding/tower-hamlets/bv-2017.quarterly-report/4?as_of=2018-02-01").get_data(as_text=True)
    assert 'id="enforcement"' not in not_yet
