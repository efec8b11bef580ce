"""The desk answers hostile query values and form values as a client error, never 500 (issue 13): an as-of date in
the year 9999 (400, naming as_of) and an occurrence of 10^20 (the form shown again, 422, the problem on its field;
nothing stored)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient


@pytest.mark.parametrize("path", ["/", "/timeline", "/finding/tower-hamlets/bv-2017.quarterly-report/1"])
@pytest.mark.parametrize("as_of", ["9999-12-31", "0000-01-01", "31/12/9999", "1" * 40])
def test_an_as_of_out_of_range_is_400(signed_in: Callable[[str], FlaskClient], path: str, as_of: str) -> None:
    response = signed_in("vi").get(path, query_string={"as_of": as_of})
    assert response.status_code == 400, (response.status_code, response.get_data(as_text=True)[:500])
    assert "as_of" in response.get_data(as_text=True)


def test_an_occurrence_of_10_to_the_20_is_refused_on_its_field(
    signed_in: Callable[[str], FlaskClient], desk_app: Flask
) -> None:
    client = signed_in("ed")
    store = Path(desk_app.config["DESK_STORE"])
    form = {
        "csrf_token": re.search(
            r'name="csrf_token" value="([^"]+)"', client.get("/record/submission").get_data(as_text=True)
        ).group(1),
        "key": "huge",
        "what": "A report",
        "clause": "bv-2017.quarterly-report",
        "occurrence": str(10**20),
        "received": "01/07/2017 10:00",
    }
    response = client.post("/record/submission", data=form)
    assert response.status_code == 422, response.status_code
    assert "10,000" in response.get_data(as_text=True) or "10000" in response.get_data(as_text=True)
    with sqlite3.connect(store) as conn:
        assert conn.execute("SELECT COUNT(*) FROM fact_versions WHERE fact_id LIKE '%huge%'").fetchone()[0] == 0
