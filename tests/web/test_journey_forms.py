"""The record forms in a real browser (Debian's chromium via playwright) on a real `comply serve`: an editor
opens an unknown quarterly report, records the submission against it from the finding's button with the GOV.UK
date inputs (day, month, year) and a time in words, first forgetting the day (the error summary says so in
plain words and links to the day box, and nothing is stored), and sees the finding become met late."""

from __future__ import annotations

from browser import follow
from test_desk_web import EDITOR, EDITOR_PASSWORD, Q3, browser, context, desk, sign_in  # noqa: F401 (fixtures)

from engine.store import audit
from engine.store.sqlite import Store


def test_an_editor_records_a_submission_against_an_open_obligation(desk, context):  # noqa: F811
    page = context.new_page()
    sign_in(page, desk, EDITOR, EDITOR_PASSWORD)
    page.goto(desk.url + f"/finding/{Q3}?as_of=2018-02-01")
    assert page.inner_text("#status").startswith("unknown")
    follow(page.get_by_role("button", name="Record the submission"))
    # the obligation is chosen from the list, in words, already selected from the finding
    chosen = page.locator("input[name=obligation]:checked")
    assert chosen.get_attribute("value") == Q3
    label = page.locator(f"label[for='{chosen.get_attribute('id')}']").inner_text()
    assert "Quarterly reports to the Secretary of State" in label and "due 10am on 30 December 2017" in label
    assert page.get_by_label("Key").count() == 0  # no form asks for a key

    before = desk.counts()
    page.fill("#what", "Q3 update report on the Best Value Improvement Plan")
    page.fill("#received-month", "1")
    page.fill("#received-year", "2018")
    page.fill("#received_time", "9am")
    follow(page.locator("#save"))
    summary = page.locator(".govuk-error-summary")
    assert "The day it was received must include a day" in summary.inner_text()
    assert summary.get_by_role("link").first.get_attribute("href") == "#received-day"
    assert desk.counts() == before  # nothing stored
    assert page.locator("#what").input_value().startswith("Q3 update report")  # what was typed is kept

    page.fill("#received-day", "3")
    follow(page.locator("#save"))
    key = "submission-2018-01-03-q3-update-report-best-value-improvement-plan"
    assert key in page.inner_text("body")  # the generated key, shown after saving
    page.goto(desk.url + f"/finding/{Q3}?as_of=2018-02-01")
    assert page.inner_text("#status").startswith("met late")
    with Store.open(desk.store) as s:
        sub = next(x for x in s.load("tower-hamlets").submissions if x.key == key)
        logged = audit.entries(s, action="record", actor=EDITOR)
    assert (sub.clause, sub.occurrence) == ("bv-2017.quarterly-report", 3)
    assert sub.received.isoformat() == "2018-01-03T09:00:00+00:00"
    assert logged[0].subject == f"submission:{key}"
