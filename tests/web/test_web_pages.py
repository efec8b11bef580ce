"""The reading pages (engine/web/pages.py) through Flask's test client: the finding page offers the
submission form, filled in from the finding's structured fields, to editors only and only where a
submission answers the duty."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from flask.testing import FlaskClient
from helpers import DIRECTIONS

from engine.core import calendar
from engine.evaluation.check import check
from engine.store.sqlite import Store

Q3 = "tower-hamlets/bv-2017.quarterly-report/3"
RECORD = "Record the submission"


def record_link(page: str) -> str | None:
    """The target of the page's "Record the submission" button, if it has one."""
    found = re.search(rf'<a href="([^"]+)" role="button"[^>]*class="govuk-button"[^>]*>\s*{RECORD}\s*</a>', page)
    return html.unescape(found.group(1)) if found else None


def test_an_unknown_report_offers_its_form_with_clause_and_occurrence(signed_in: Callable[[str], FlaskClient]):
    page = signed_in("ed").get(f"/finding/{Q3}?as_of=2018-02-01").get_data(as_text=True)
    link = record_link(page)
    assert link is not None and link.startswith("/record/submission?")
    assert "clause=bv-2017.quarterly-report" in link and "occurrence=3" in link and "as_of=2018-02-01" in link
    form = signed_in("ed").get(link).get_data(as_text=True)
    assert re.search(rf'value="{re.escape(Q3)}"\s+checked', form)  # the obligation chosen, never typed


def test_a_viewer_is_not_offered_the_form(signed_in: Callable[[str], FlaskClient]):
    page = signed_in("vi").get(f"/finding/{Q3}?as_of=2018-02-01").get_data(as_text=True)
    assert RECORD not in page


def test_a_duty_a_meeting_answers_offers_no_submission_form(desk_app, signed_in: Callable[[str], FlaskClient]):
    with Store.open(desk_app.config["DESK_STORE"]) as s:
        report = check(s.load("tower-hamlets"), DIRECTIONS, calendar.as_of_instant("2018-02-01"))
    owed = [f for f in report.findings if f.status in ("unknown", "breached", "upcoming") and not f.evidence]
    by_meeting = next(f for f in owed if f.answered_by == "meeting")
    client = signed_in("ed")
    assert RECORD not in client.get(f"/finding/{by_meeting.id}?as_of=2018-02-01").get_data(as_text=True)
    met = next(f for f in report.findings if f.answered_by == "submission" and f.evidence)
    assert RECORD not in client.get(f"/finding/{met.id}?as_of=2018-02-01").get_data(as_text=True)


def test_an_unknown_finding_is_a_404_that_says_why(signed_in: Callable[[str], FlaskClient]):
    page = signed_in("vi").get("/finding/tower-hamlets/no-such/1?as_of=2018-02-01")
    assert page.status_code == 404 and "the obligation may not exist on that date" in page.get_data(as_text=True)


def test_a_fact_a_finding_cites_has_its_page(signed_in: Callable[[str], FlaskClient]):
    client = signed_in("vi")
    page = client.get("/finding/tower-hamlets/bv-2017.quarterly-report/1?as_of=2018-02-01").get_data(as_text=True)
    cited = re.findall(r'href="(/fact/[^"?]+)', page)
    assert cited
    assert all(client.get(path).status_code == 200 for path in cited)
    assert client.get("/fact/submission:no-such").status_code == 404
