"""The worklist in a browser, for real: `comply serve` on a SQLite file (the `desk` fixture of
test_desk_web.py, a server of this module's own) and Debian's chromium. An editor signs in, sees the
breaches first (oldest first), then resolves an unknown from its hint by declaring the records
complete, and sees it move to the breaches; the rest is one link away ("Show all")."""

from __future__ import annotations

from browser import follow
from test_desk_web import EDITOR, EDITOR_PASSWORD, Q2, Q3, browser, context, desk, sign_in  # noqa: F401

from engine.model.facts import Coverage
from engine.store.sqlite import Store

CABINET = "tower-hamlets/csib-tor.report-to-cabinet/"


def test_breaches_first_then_an_unknown_resolved_from_its_hint_moves_to_the_breaches(desk, context):  # noqa: F811
    with Store.open(desk.store) as s:  # the quarterly reports' register is complete to the end of January 2018
        s.write(
            "tower-hamlets",
            [("coverage", Coverage(subject="bv-2017.quarterly-report", complete_until="2018-01-31", source="test"))],
            "test",
        )
    page = context.new_page()
    sign_in(page, desk, EDITOR, EDITOR_PASSWORD)
    page.goto(desk.url + "/?as_of=2018-02-01")
    # the first section on the page is the breaches, oldest first
    headings = page.locator("main h2:not(.govuk-notification-banner__title)").all_inner_texts()
    assert headings[0].startswith("Breached"), headings
    breached = page.locator("#section-breached a.govuk-task-list__link")
    assert [a.get_attribute("href").split("?")[0] for a in breached.all()] == [f"/finding/{Q2}", f"/finding/{Q3}"]
    assert page.locator("#section-breached .govuk-tag").first.inner_text().lower() == "breached"
    # met findings are not on the first screen: they are behind "Show all"
    assert page.locator("#show-all a").inner_text().startswith("Show all")
    assert page.locator("table#findings").count() == 0

    # an unknown report to Cabinet: why, and the hint that resolves it
    row = page.locator(f"#section-unknown tr[data-finding^='{CABINET}']").first
    finding_id = row.get_attribute("data-finding")
    assert "not known to be complete" in row.locator(".why").inner_text()
    follow(row.get_by_role("link", name="Declare the records of csib-tor.report-to-cabinet complete"))
    assert page.locator("#subject").input_value() == "csib-tor.report-to-cabinet"  # carried from the hint
    page.fill("#complete_until-day", "31")  # GOV.UK's date input: day, month, year
    page.fill("#complete_until-month", "1")
    page.fill("#complete_until-year", "2018")
    page.fill("#source", "the Cabinet's forward plan and minutes")
    follow(page.locator("#save"))
    assert "as_of=2018-02-01" in page.url
    # it has moved: a breach now, not an unknown
    assert page.locator(f"#section-unknown tr[data-finding='{finding_id}']").count() == 0
    moved = page.locator(f"#section-breached a.govuk-task-list__link[href^='/finding/{finding_id}']")
    assert moved.count() == 1
    follow(moved)
    assert page.inner_text("#status") == "breached"

    # every finding, one link away, in one table by due date
    page.goto(desk.url + "/?as_of=2018-02-01")
    follow(page.locator("#show-all a"))
    page.wait_for_url("**show=all**")  # counted at once below (count() does not wait for the page)
    assert (
        page.locator("table#findings tbody tr").count() > page.locator("section.counts a[data-status=met] .n").count()
    )
