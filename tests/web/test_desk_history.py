"""Corrections and withdrawals on the desk (engine/web/history.py), through Flask's test client on a
real SQLite store of the bundled data: the finding's status follows a correction, a withdrawal
needs a reason, viewers cannot do either, a bad date is named in words and stores nothing, and the
versions are listed newest first with what changed."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

from desk_client import csrf_token
from flask import Flask
from flask.testing import FlaskClient

from engine.core.errors import InputError
from engine.core.status import STATUS_WORDS
from engine.store import audit
from engine.store import correction_form as CF
from engine.store import history as H
from engine.store.sqlite import Store

SUBMISSION = "submission:bv-2017-q1-report"
FINDING = "/finding/tower-hamlets/bv-2017.quarterly-report/1?as_of=2018-02-01"


def store_of(app: Flask) -> Store:
    return Store.open(app.config["DESK_STORE"])


def versions_of(app: Flask, fid: str = SUBMISSION) -> list:
    with store_of(app) as s:
        return s.versions("tower-hamlets", fid)


def status_of(client: FlaskClient) -> str:
    """The status the finding's page shows (its words, engine/core/status.py), as a status key."""
    page = client.get(FINDING)
    if page.status_code == 404:
        return "no finding"
    shown = re.search(r'id="status"[^>]*>([^<]+)<', page.get_data(as_text=True)).group(1).strip()
    return {words: key for key, words in STATUS_WORDS.items()}[shown]


def form_of(client: FlaskClient, path: str) -> dict[str, str]:
    """The inputs of a page's form with their values (the correction form as shown)."""
    page = client.get(path).get_data(as_text=True)
    out = {}
    for tag in re.findall(r"<input[^>]*>", page, re.S):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            out[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        out[name] = html.unescape(body.strip())
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'value="([^"]*)"\s+selected', options)
        out[name] = chosen.group(1) if chosen else ""
    return out


def received_exactly(form: dict[str, str], day: str, month: str, year: str, time: str) -> dict[str, str]:
    """The form with `received` given and `received_between` emptied."""
    form = dict(form)
    form.update({"received-day": day, "received-month": month, "received-year": year, "received-time": time})
    for end in ("earliest", "latest"):
        for part in ("day", "month", "year", "time"):
            form[f"received_between-{end}-{part}"] = ""
    return form


def test_correcting_the_received_time_changes_the_finding_s_status(
    desk_app: Flask, signed_in: Callable[[str], FlaskClient]
):
    client = signed_in("ed")
    before = status_of(client)
    path = f"/history/correct/{SUBMISSION}"
    form = received_exactly(form_of(client, path), "3", "10", "2017", "10:00")
    form["reason"] = "The covering letter is dated 3 October 2017"
    posted = client.post(path, data=form)
    assert posted.status_code == 302, posted.get_data(as_text=True)
    after = status_of(client)
    assert (before, after) == ("unknown", "met_late")
    stored = versions_of(desk_app)
    assert [v.operation for v in stored] == ["assert", "correct"]
    assert stored[-1].reason == "The covering letter is dated 3 October 2017"
    assert stored[-1].recorded_by == "desk user ed"
    with store_of(desk_app) as s:
        logged = audit.entries(s, action="correct")
    assert [(e.actor, e.subject, e.detail) for e in logged] == [
        ("ed", SUBMISSION, "The covering letter is dated 3 October 2017")
    ]
    # the finding's evidence still links to the corrected fact, and its page lists both versions
    finding = client.get(FINDING).get_data(as_text=True)
    assert f'href="/fact/{SUBMISSION}' in finding
    page = client.get(f"/fact/{SUBMISSION}").get_data(as_text=True)
    assert re.findall(r'data-version="(\d+)" data-operation="(\w+)"', page) == [("2", "corrected"), ("1", "recorded")]
    assert "The covering letter is dated 3 October 2017" in page
    assert "10am on 3 October 2017" in page and "What changed from version 1" in page


def test_a_correction_with_a_bad_date_names_the_field_and_stores_nothing(
    desk_app: Flask, signed_in: Callable[[str], FlaskClient]
):
    client = signed_in("ed")
    path = f"/history/correct/{SUBMISSION}"
    for day, month, time, words in [
        ("31", "2", "10:00", "Received must be a real date"),
        ("3", "", "10:00", "Received must include a month"),
        ("3", "10", "25:00", "Received must include a real time"),
    ]:
        form = received_exactly(form_of(client, path), day, month, "2017", time)
        form["reason"] = "a reason"
        posted = client.post(path, data=form)
        page = posted.get_data(as_text=True)
        assert posted.status_code == 422
        assert "There is a problem" in page and words in page, words
        assert 'href="#received-' in page
    assert len(versions_of(desk_app)) == 1
    with store_of(desk_app) as s:
        assert audit.entries(s, action="correct") == []


def test_a_correction_that_changes_nothing_or_gives_no_reason_is_refused(
    desk_app: Flask, signed_in: Callable[[str], FlaskClient]
):
    client = signed_in("ed")
    path = f"/history/correct/{SUBMISSION}"
    form = form_of(client, path)
    posted = client.post(path, data=form | {"reason": "checking"})
    assert posted.status_code == 422 and "changes nothing" in posted.get_data(as_text=True)
    posted = client.post(path, data=received_exactly(form, "3", "10", "2017", "10:00") | {"reason": " "})
    assert posted.status_code == 422 and "Enter why you are correcting this record" in posted.get_data(as_text=True)
    assert len(versions_of(desk_app)) == 1


def test_a_value_the_fact_refuses_is_named_in_words(desk_app: Flask, signed_in: Callable[[str], FlaskClient]):
    client = signed_in("ed")
    path = f"/history/correct/{SUBMISSION}"
    form = form_of(client, path) | {"occurrence": "0", "reason": "try"}
    posted = client.post(path, data=form)
    page = posted.get_data(as_text=True)
    assert posted.status_code == 422 and "Occurrence (1 is the first)" in page and 'href="#occurrence"' in page
    # both `received` and `received_between` given: the fact as a whole is refused
    both = dict(form_of(client, path)) | {"reason": "try"}
    both.update({"received-day": "3", "received-month": "10", "received-year": "2017", "received-time": "10:00"})
    posted = client.post(path, data=both)
    page = posted.get_data(as_text=True)
    assert posted.status_code == 422 and "Give exactly one of &#39;Received&#39; or &#39;Received between" in page
    assert 'href="#received-day"' in page
    assert len(versions_of(desk_app)) == 1


def test_withdrawing_needs_a_reason_and_the_withdrawn_fact_keeps_its_history(
    desk_app: Flask, signed_in: Callable[[str], FlaskClient]
):
    with store_of(desk_app) as s:  # first, a report known to be on time
        H.correct(
            s, "tower-hamlets", SUBMISSION, {"received": "2017-06-20T10:00", "received_between": None}, "set up", "t"
        )
    client = signed_in("ed")
    assert status_of(client) == "met" and f'href="/fact/{SUBMISSION}' in client.get(FINDING).get_data(as_text=True)
    path = f"/history/withdraw/{SUBMISSION}"
    page = client.get(path)
    assert page.status_code == 200 and "Are you sure you want to withdraw this record?" in page.get_data(as_text=True)
    token = csrf_token(client, path)
    refused = client.post(path, data={"csrf_token": token, "reason": ""})
    assert refused.status_code == 422 and "Enter why you are withdrawing this record" in refused.get_data(as_text=True)
    assert len(versions_of(desk_app)) == 2
    done = client.post(path, data={"csrf_token": token, "reason": "Recorded twice"})
    assert done.status_code == 302 and done.headers["Location"].startswith(f"/history/{SUBMISSION}")
    assert [v.operation for v in versions_of(desk_app)] == ["assert", "correct", "withdraw"]
    with store_of(desk_app) as s:
        assert [(e.actor, e.detail) for e in audit.entries(s, action="withdraw")] == [("ed", "Recorded twice")]
    # the finding that cited it no longer does, and its status follows
    assert status_of(client) != "met" and f'href="/fact/{SUBMISSION}' not in client.get(FINDING).get_data(as_text=True)
    # the fact's page shows it withdrawn, with its versions; it can no longer be corrected or withdrawn again
    fact = client.get(f"/fact/{SUBMISSION}", follow_redirects=True)
    text = fact.get_data(as_text=True)
    assert fact.status_code == 200 and "Withdrawn" in text and "Recorded twice" in text
    assert re.findall(r'data-operation="(\w+)"', text) == ["withdrawn", "corrected", "recorded"]
    assert "Correct this record" not in text
    assert client.get(f"/history/correct/{SUBMISSION}").status_code == 409
    assert client.post(path, data={"csrf_token": token, "reason": "again"}).status_code == 409


def test_a_viewer_sees_the_versions_but_cannot_correct_or_withdraw(
    desk_app: Flask, signed_in: Callable[[str], FlaskClient]
):
    client = signed_in("vi")
    page = client.get(f"/fact/{SUBMISSION}").get_data(as_text=True)
    assert 'data-version="1"' in page and "Correct this record" not in page and "Withdraw this record" not in page
    token = csrf_token(client, "/timeline?as_of=2018-02-01")  # the sign-out form's: a valid token of this session
    for path in (f"/history/correct/{SUBMISSION}", f"/history/withdraw/{SUBMISSION}"):
        assert client.get(path).status_code == 403
        assert client.post(path, data={"csrf_token": token, "reason": "no"}).status_code == 403
    assert len(versions_of(desk_app)) == 1


def test_an_unknown_fact_has_no_history_pages(signed_in: Callable[[str], FlaskClient], tmp_path: Path):
    client = signed_in("ed")
    for path in ("/history/submission:no-such", "/history/correct/submission:no-such"):
        assert client.get(path).status_code == 404


def test_every_stored_fact_s_form_as_shown_changes_nothing(desk_app: Flask):
    """The correction form reads back what it shows: for every stored fact of the bundled data, the
    unchanged form is a correction that changes nothing (so a correction changes only what the
    officer changed), and an emptied required field is named."""
    with store_of(desk_app) as s:
        latest = s.conn.execute(
            "SELECT fact_id FROM fact_versions WHERE authority='tower-hamlets' GROUP BY fact_id"
        ).fetchall()
        checked = 0
        for (fid,) in latest:
            version = s.versions("tower-hamlets", fid)[-1]
            fields = CF.form_fields(version)
            shown = {k: v for f in fields for k, v in f.values.items()}
            sets, errors = CF.read_form(CF.form_fields(version), shown)
            assert not errors, (fid, errors)
            try:
                H.correct(s, "tower-hamlets", fid, sets, "no change", "test")
            except InputError as exc:
                assert "changes nothing" in str(exc), (fid, str(exc))
            else:
                raise AssertionError(f"{fid}: the unchanged form changed it")
            checked += 1
        assert checked > 50
        version = s.versions("tower-hamlets", SUBMISSION)[-1]
        fields = CF.form_fields(version)
        shown = {k: v for f in fields for k, v in f.values.items()} | {"what": " "}
        assert CF.read_form(fields, shown)[1] == {"what": "Enter what was sent"}


def test_the_correction_form_of_every_kind_of_fact_is_shown(desk_app: Flask, signed_in: Callable[[str], FlaskClient]):
    client = signed_in("ed")
    with store_of(desk_app) as s:
        one_of_each = s.conn.execute(
            "SELECT kind, min(fact_id) FROM fact_versions WHERE authority='tower-hamlets' GROUP BY kind"
        ).fetchall()
    assert len(one_of_each) > 8
    for kind, fid in one_of_each:
        page = client.get(f"/history/correct/{fid}")
        assert page.status_code == 200, (kind, fid, page.get_data(as_text=True)[-2000:])
        assert "Why are you correcting this record?" in page.get_data(as_text=True)
        assert client.get(f"/history/{fid}").status_code == 200, fid
