"""The journey of a correction, in Debian's chromium on a real `comply serve` (the fixtures of
tests/web/test_desk_web.py): an editor opens the fact a finding cites, corrects the time the report
was received with a reason, sees both versions on the fact's page and the finding's new status."""

from __future__ import annotations

from pathlib import Path

from browser import follow
from test_desk_web import EDITOR, EDITOR_PASSWORD, Desk, browser, context, desk, sign_in  # noqa: F401  fixtures

from engine.store.sqlite import Store

Q1 = "tower-hamlets/bv-2017.quarterly-report/1"
SUBMISSION = "submission:bv-2017-q1-report"


def test_an_editor_corrects_a_recorded_submission_and_sees_both_versions(
    desk: Desk,  # noqa: F811  the fixture imported above
    context,  # noqa: F811
    tmp_path: Path,
):
    page = context.new_page()
    sign_in(page, desk, EDITOR, EDITOR_PASSWORD)
    page.goto(f"{desk.url}/finding/{Q1}?as_of=2018-02-01")
    before = page.inner_text("#status")
    follow(page.locator(f"a[href^='/fact/{SUBMISSION}']"))
    page.wait_for_url(f"**/fact/{SUBMISSION}**")
    assert page.locator(".fact-version").count() == 1

    follow(page.locator("#correct-1"))
    page.wait_for_url(f"**/history/correct/{SUBMISSION}**")
    assert page.get_by_role("heading", level=1).inner_text() == "Correct this record"
    # the report's time is known exactly: give it, and empty the range the papers gave
    page.fill("#received-day", "3")
    page.fill("#received-month", "10")
    page.fill("#received-year", "2017")
    page.fill("#received-time", "10:00")
    for end in ("earliest", "latest"):
        for part in ("day", "month", "year", "time"):
            page.fill(f"#received_between-{end}-{part}", "")
    # first without a reason: refused, named, nothing stored
    follow(page.locator("#save-correction"))
    assert "Enter why you are correcting this record" in page.inner_text(".govuk-error-summary")
    with Store.open(desk.store) as s:
        assert len(s.versions("tower-hamlets", SUBMISSION)) == 1
    page.fill("#reason", "The covering letter to the Secretary of State is dated 3 October 2017")
    follow(page.locator("#save-correction"))
    page.wait_for_url(f"**/fact/{SUBMISSION}**")
    assert f"Corrected {SUBMISSION}" in page.inner_text("body")

    versions = page.locator(".fact-version")
    assert versions.count() == 2
    newest = versions.nth(0).inner_text()
    assert "Version 2: corrected" in newest and "monitoring-officer" in newest
    assert "The covering letter to the Secretary of State is dated 3 October 2017" in newest
    assert "10am on 3 October 2017" in newest and "Received" in newest
    assert "Version 1: recorded" in versions.nth(1).inner_text()
    page.screenshot(path=str(tmp_path / "versions.png"), full_page=True)

    page.goto(f"{desk.url}/finding/{Q1}?as_of=2018-02-01")
    after = page.inner_text("#status")
    assert before != after and "late" in after.lower(), (before, after)
