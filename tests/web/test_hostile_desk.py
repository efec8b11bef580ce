"""The desk answers hostile query values and form values as a client error, never 500 (issue 13): an as-of date in
the year 9999 (400, naming as_of) and an occurrence of 10^20 (the form shown again, 422, the problem on its field;
nothing stored); and a store holding a fact that cannot be read is a page saying which and how to mend it (503)."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import COMPLY, REPO_ROOT


@pytest.mark.parametrize("path", ["/", "/timeline", "/finding/tower-hamlets/bv-2017.quarterly-report/1"])
@pytest.mark.parametrize("as_of", ["9999-12-31", "0000-01-01", "31/12/9999", "1" * 40])
def test_an_as_of_out_of_range_is_400(signed_in: Callable[[str], FlaskClient], path: str, as_of: str) -> None:
    response = signed_in("vi").get(path, query_string={"as_of": as_of})
    assert response.status_code == 400, (response.status_code, response.get_data(as_text=True)[:500])
    assert "as_of" in response.get_data(as_text=True)


def test_an_occurrence_of_10_to_the_20_is_refused_on_its_field(
    signed_in: Callable[[str], FlaskClient], desk_app: Flask
) -> None:
    """The occurrence is no longer typed but chosen (an open obligation): a forged obligation of the 10^20th
    report, or a year of five digits, is the form shown again on its field (422), nothing stored."""
    client = signed_in("ed")
    store = Path(desk_app.config["DESK_STORE"])
    path = "/record/submission?as_of=2018-02-01"
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)
    form = {
        "csrf_token": token,
        "obligation": f"tower-hamlets/bv-2017.quarterly-report/{10**20}",
        "what": "A huge report",
        "received": ["1", "7", "2017"],
    }
    response = client.post(path, data=form)
    assert response.status_code == 422, response.status_code
    assert "Choose an obligation from the list" in response.get_data(as_text=True)
    far = {**form, "obligation": "tower-hamlets/bv-2017.quarterly-report/3", "received": ["1", "7", "99999"]}
    response = client.post(path, data=far)
    assert response.status_code == 422, response.status_code
    assert "The date must be a real date" in response.get_data(as_text=True)
    with sqlite3.connect(store) as conn:
        assert conn.execute("SELECT COUNT(*) FROM fact_versions WHERE fact_id LIKE '%huge%'").fetchone()[0] == 0


def test_a_poisoned_store_is_a_page_naming_the_fact_and_the_mend_not_a_500(
    signed_in: Callable[[str], FlaskClient], desk_app: Flask
) -> None:
    """A year-9999 request written into the store with raw SQL (no comply command stores one any more) once made
    the desk's main pages answer 500; they now say which fact cannot be read and how to remove it (503), and the
    desk answers again once it is withdrawn."""
    client = signed_in("vi")
    store = Path(desk_app.config["DESK_STORE"])
    body = '{"key": "far", "type": "access", "made_at": "9999-12-31T12:00:00+00:00"}'
    with sqlite3.connect(store) as conn:
        conn.execute(
            "INSERT INTO fact_versions (authority, kind, fact_id, version, recorded_at, recorded_by, operation, body) "
            "VALUES ('tower-hamlets', 'requests', 'request:far', 1, '2026-11-30T12:00:00+00:00', 'a test', "
            "'assert', ?)",
            (body,),
        )
    pages = ["/", "/timeline", "/finding/tower-hamlets/bv-2017.quarterly-report/1", "/report", "/calendar.ics"]
    for path in pages:
        response = client.get(path, query_string={"as_of": "2017-07-01"})
        page = response.get_data(as_text=True)
        assert response.status_code == 503, (path, response.status_code, page[:300])
        assert "The store cannot be read" in page and "request:far" in page and "comply withdraw request:far" in page
    done = subprocess.run(
        [*COMPLY, "--store", str(store), "withdraw", "request:far", "--reason", "a year-9999 date typed by mistake"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for path in pages:
        assert client.get(path, query_string={"as_of": "2017-07-01"}).status_code == 200, path
