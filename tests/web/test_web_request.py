"""What the blueprints share (engine/web/request.py): the as-of date of a request (default today in
London, by the one clock), its refusal of anything but a date, and the editors-only guard."""

from __future__ import annotations

from collections.abc import Callable

import pendulum
import pytest
from flask import Flask
from flask.testing import FlaskClient

from engine.core import calendar, clock
from engine.web.request import as_of_from_request


@pytest.mark.parametrize(
    "now, today",
    [
        ("2018-02-01T12:00:00+00:00", "2018-02-01"),
        ("2018-06-30T23:30:00+00:00", "2018-07-01"),  # already the next day in London (summer time)
        ("2018-12-31T23:30:00+00:00", "2018-12-31"),
    ],
)
def test_the_as_of_date_is_today_in_london_by_the_one_clock(desk_app: Flask, now: str, today: str):
    with clock.frozen(pendulum.parse(now)), desk_app.test_request_context("/"):
        assert as_of_from_request() == (today, calendar.as_of_instant(today))


def test_the_as_of_date_is_the_one_asked_for(desk_app: Flask):
    with desk_app.test_request_context("/?as_of=2017-11-05"):
        text, instant = as_of_from_request()
    assert text == "2017-11-05" and instant == calendar.as_of_instant("2017-11-05")


@pytest.mark.parametrize(
    "bad, why",
    [
        ("2018-02-30", "there is no 30 February 2018"),
        ("yesterday", "not one of the forms of a date"),
        ("2018-02-01T09:00", "a time where a date alone is expected"),
        ("01/02/18", "two-digit year; write 1/2/2018 or 2018-02-01"),
        ("February 2018", "no day of the month"),
    ],
)
def test_an_as_of_that_is_not_a_date_is_refused_with_400(signed_in: Callable[[str], FlaskClient], bad: str, why: str):
    page = signed_in("vi").get("/", query_string={"as_of": bad})
    body = page.get_data(as_text=True)
    assert page.status_code == 400 and "as_of: " in body and why in body


def test_a_british_as_of_is_read_day_first(desk_app: Flask):
    with desk_app.test_request_context("/?as_of=01/02/2018"):
        text, instant = as_of_from_request()
    assert text == "2018-02-01" and instant == calendar.as_of_instant("2018-02-01")


def test_the_forms_are_for_editors_only(desk_app: Flask, signed_in: Callable[[str], FlaskClient]):
    assert signed_in("vi").get("/record/").status_code == 403
    assert signed_in("vi").get("/record/submission").status_code == 403
    assert signed_in("ed").get("/record/submission").status_code == 200
    anonymous = desk_app.test_client().get("/record/submission")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
