"""The desk's finding page says whether the clause as it now stands was reviewed (engine/store/reviews.py),
through Flask's test client on a real SQLite store: not reviewed, reviewed (by whom, when), and changed
since review (a review of other content of the clause)."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable

import pendulum
from flask import Flask
from flask.testing import FlaskClient
from helpers import DIRECTIONS

from engine.cli.app import REPO_ROOT
from engine.directions.content_hash import clause_hashes
from engine.store.reviews import record_reviews
from engine.store.sqlite import Store

Q1 = "tower-hamlets/bv-2017.quarterly-report/1"


def review_line(client: FlaskClient) -> str:
    page = client.get(f"/finding/{Q1}?as_of=2017-07-01").get_data(as_text=True)
    start = page.index('id="legal-review"')
    return html.unescape(page[start : page.index("</p>", start)])


def test_the_finding_page_says_whether_its_clause_was_reviewed(
    desk_app: Flask, signed_in: Callable[[str], FlaskClient]
):
    client = signed_in("vi")
    assert "Not reviewed: no legal review of this clause is recorded." in review_line(client)
    now = clause_hashes(DIRECTIONS, REPO_ROOT / "features")["bv-2017.quarterly-report"]
    older = dataclasses.replace(now, digest="0" * 64, parts={**now.parts, "readings": "0" * 64})
    at = pendulum.datetime(2026, 11, 2, 9, 30, tz="Europe/London")
    with Store.open(desk_app.config["DESK_STORE"]) as store:
        record_reviews(store, [older], "Jane Smith, solicitor", None, "a test", at)
    line = review_line(client)
    assert "Changed since review: last signed by Jane Smith, solicitor at 09:30 GMT on 2 November 2026" in line
    assert "the readings of open points changed" in line and "review-changed" in line
    with Store.open(desk_app.config["DESK_STORE"]) as store:
        record_reviews(store, [now], "Sam Lee, Monitoring Officer", "as read", "a test", at.add(days=1))
    assert 'Reviewed by Sam Lee, Monitoring Officer at 09:30 GMT on 3 November 2026. Note: "as read"' in review_line(
        client
    )
