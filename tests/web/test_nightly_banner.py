"""The desk's pages show the last completed nightly run, with a warning when it is stale (older
than DESK_STALE_HOURS, default engine.store.runs.STALE_AFTER_HOURS) or when none has completed."""

from __future__ import annotations

from collections.abc import Callable

import pendulum
from flask import Flask
from flask.testing import FlaskClient

from engine.core import clock
from engine.store import runs
from engine.store.sqlite import Store


def completed_run(app: Flask, hours_ago: float, date: str) -> int:
    then = pendulum.now("UTC").subtract(seconds=int(hours_ago * 3600))
    with Store.open(app.config["DESK_STORE"]) as s, clock.frozen(then):
        run = runs.start(s, f"{date}T00:00:00+01:00", date, 30, "t", {})
        runs.complete(s, run, [], None)
    return run


def test_the_banner_warns_of_a_stale_run_and_shows_a_fresh_one(
    desk_app: Flask, signed_in: Callable[[str], FlaskClient]
) -> None:
    client = signed_in("vi")
    page = client.get("/timeline").get_data(as_text=True)
    assert "the nightly run may have stopped" in page and "No nightly run has completed on this store" in page
    old = completed_run(desk_app, 40, "2017-07-01")
    page = client.get("/timeline").get_data(as_text=True)
    assert "the nightly run may have stopped" in page
    assert f"The last completed nightly run is #{old} as of 2017-07-01" in page and "40.0 hours ago" in page
    new = completed_run(desk_app, 2, "2017-07-02")
    page = client.get("/timeline").get_data(as_text=True)
    assert "may have stopped" not in page
    assert f"Last nightly run: #{new} as of 2 July 2017" in page and "(2.0 hours ago)" in page
    desk_app.config["DESK_STALE_HOURS"] = 1
    assert "may have stopped" in client.get("/timeline").get_data(as_text=True)


def test_the_sign_in_page_says_nothing_of_runs(desk_app: Flask) -> None:
    page = desk_app.test_client().get("/login").get_data(as_text=True)
    assert "nightly" not in page.lower()
