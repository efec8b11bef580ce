"""The Monitoring Officer's desk, for real: `comply user add` and `comply serve` run as commands on
a real SQLite file, the server listens on a free localhost port, and Debian's chromium (driven by
playwright, one browser for the module) signs in, reads, and records through the forms.

The main flow is the one the issue asks for: sign in as an editor, pick 1 February 2018, declare
the quarterly-report records complete until 31 January 2018, see the Q3 report's breach, open it
(clause text, due computation, "no record of ..."), record the late report, see it become met late.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, follow
from helpers import run_comply
from PIL import Image

from engine.cli.app import REPO_ROOT
from engine.operations.bench.latency import stop_server
from engine.store.sqlite import Store

EDITOR, EDITOR_PASSWORD = "monitoring-officer", "an editor's long password"
VIEWER, VIEWER_PASSWORD = "board-member", "a viewer's long password"
Q3 = "tower-hamlets/bv-2017.quarterly-report/3"
Q2 = "tower-hamlets/bv-2017.quarterly-report/2"


COMPLY = str(Path(sys.executable).parent / "comply")  # the installed command, as a user runs it


def comply(store: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """`comply --store STORE ARGS` in this process (helpers.run_comply; `comply serve` itself runs as a process)."""
    return run_comply(["--store", str(store), *args], stdin=stdin)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Desk:
    """A running `comply serve` on its store."""

    def __init__(self, store: Path, url: str):
        self.store, self.url = store, url

    def counts(self) -> dict[str, int]:
        with Store.open(self.store) as s:
            return s.counts()


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    db = tmp_path_factory.mktemp("desk") / "comply.db"
    missing = comply(db, "serve", "--port", str(free_port()))
    assert missing.returncode == 2 and f"comply init {db}" in missing.stderr and not db.exists()
    made = comply(db, "init", "--demo", str(db))
    assert made.returncode == 0, made.stderr
    refused = comply(db, "serve", "--port", str(free_port()))
    assert refused.returncode == 2 and refused.stdout == ""
    assert "no desk users yet" in refused.stderr and "user add NAME --role editor" in refused.stderr, refused.stderr
    for name, role, password in ((EDITOR, "editor", EDITOR_PASSWORD), (VIEWER, "viewer", VIEWER_PASSWORD)):
        made = comply(db, "user", "add", name, "--role", role, "--password-stdin", stdin=password + "\n")
        assert made.returncode == 0, made.stderr
    port = free_port()
    proc = subprocess.Popen(
        [COMPLY, "--store", str(db), "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            pytest.fail(f"comply serve exited with {proc.returncode}: {proc.stderr.read()}")
        try:
            with urllib.request.urlopen(url + "/login", timeout=2) as r:
                if r.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("comply serve did not answer within 60 seconds")
        time.sleep(0.2)
    try:
        yield Desk(db, url)
    finally:
        stop_server(proc, grace=10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium; the browser test must run, not skip")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB", timezone_id="Europe/London")
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


def sign_in(page, desk: Desk, name: str, password: str) -> None:
    page.goto(desk.url + "/")
    assert "/login" in page.url  # not signed in: sent to sign in first
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    follow(page.locator("button[type=submit]"))


def shows_content(path: Path, words: list[str], text: str, min_height: int = 600) -> None:
    """A screenshot that shows a page, not a blank or an error: its size, many colours (text,
    badges, panels), enough non-background pixels; and the page's text has the expected words."""
    with Image.open(path) as img:
        rgb = img.convert("RGB")
        width, height = rgb.size
        assert width == 1200 and height >= min_height, (width, height)
        colours = rgb.getcolors(maxcolors=width * height)
        assert colours is not None and len(colours) > 40, f"{path.name}: only {len(colours or [])} colours"
        background = max(colours)[1]
        ink = sum(n for n, c in colours if sum(abs(a - b) for a, b in zip(c, background)) > 120)
        assert ink > 3000, f"{path.name}: only {ink} pixels differ from the background"
    for w in words:
        assert w in text, f"{path.name}: the page does not say {w!r}"


def count_of(page, status: str) -> int:
    return int(page.locator(f"section.counts a[data-status={status}] .n").inner_text())


# -- the main flow ------------------------------------------------------------------------------


def test_an_editor_turns_an_unknown_into_a_breach_then_records_the_late_report(desk: Desk, context, tmp_path: Path):
    page = context.new_page()
    sign_in(page, desk, EDITOR, EDITOR_PASSWORD)
    assert page.url.rstrip("/") == desk.url, page.url
    assert page.get_by_role("heading", level=1).inner_text() == "London Borough of Tower Hamlets"

    # pick 1 February 2018 with the as-of picker: GOV.UK's date input, day first
    page.fill("#as_of-day", "1")
    page.fill("#as_of-month", "2")
    page.fill("#as_of-year", "2018")
    follow(page.locator("form.asof button"))
    page.wait_for_url("**as_of=2018-02-01**")
    assert "as_of-day" not in page.url  # the server turned the three boxes into the one as_of
    assert count_of(page, "breached") == 0 and count_of(page, "unknown") == 54
    assert "54 obligations are unknown" in page.inner_text("#unknown-hint")  # the newcomer's way to the worklist
    page.screenshot(path=str(tmp_path / "overview-before.png"), full_page=True)
    shows_content(
        tmp_path / "overview-before.png",
        ["unknown", "Quarterly reports to the Secretary of State"],
        page.inner_text("body"),
    )

    # the Q3 report is unknown: open it from the unknown list and declare the records complete
    follow(page.locator("section.counts a[data-status=unknown]"))
    row = page.locator(f"tr[data-finding='{Q3}']")
    assert "unknown" in row.inner_text()
    follow(row.get_by_role("link"))
    assert "not known to be complete" in page.inner_text("#reason")
    follow(page.locator("#declare-complete"))
    assert page.locator("#subject").input_value() == "bv-2017.quarterly-report"  # carried from the finding
    page.fill("#complete_until-day", "31")  # the GOV.UK date input: day, month, year
    page.fill("#complete_until-month", "1")
    page.fill("#complete_until-year", "2018")
    page.fill("#source", "Monitoring Officer's register of DCLG correspondence")
    follow(page.locator("#save"))
    assert "Recorded complete records: bv-2017.quarterly-report." in page.inner_text(".flash")
    assert "as_of=2018-02-01" in page.url
    # Q2 (only announced in the papers, never recorded as sent) and Q3 are now proven breaches
    assert count_of(page, "breached") == 2 and count_of(page, "unknown") == 52

    # the breach, its explanation
    follow(page.locator("section.counts a[data-status=breached]"))
    page.wait_for_url("**status=breached**")  # the list is read at once (rows.all() does not wait for the page)
    rows = page.locator("table#findings tbody tr")
    assert [r.get_attribute("data-finding") for r in rows.all()] == [Q2, Q3]
    follow(page.locator(f"tr[data-finding='{Q3}']").get_by_role("link"))
    assert page.inner_text("#status") == "breached"
    assert "Submit quarterly reports on all outstanding actions" in page.inner_text("#clause-text")
    assert "004_52c33124d78cd148.txt" in page.inner_text("#clause-source")
    steps = page.inner_text("#due-computation")
    assert "30 December 2017" in steps and "occurrence 3" in steps
    assert page.inner_text("#evidence-words").startswith(
        "no record of a submission answering bv-2017.quarterly-report, occurrence 3"
    )
    assert "complete until 31 January 2018" in page.inner_text("body")
    page.screenshot(path=str(tmp_path / "breach.png"), full_page=True)
    shows_content(
        tmp_path / "breach.png",
        ["breached", "How the due date was computed", "10:00 GMT on 30 December 2017"],
        page.inner_text("body"),
    )

    # record the report, received late on 3 January 2018
    follow(page.get_by_role("button", name="Record the submission"))
    assert page.locator("input[name=obligation]:checked").get_attribute("value") == Q3  # the obligation chosen
    page.fill("#what", "Q3 update report on the Best Value Improvement Plan")
    page.fill("#received-day", "3")
    page.fill("#received-month", "1")
    page.fill("#received-year", "2018")
    page.fill("#received_time", "9am")
    follow(page.locator("#save"))
    key = "submission-2018-01-03-q3-update-report-best-value-improvement-plan"  # generated, not typed
    assert f"Recorded a submission with the key {key}." in page.inner_text(".flash")
    assert count_of(page, "breached") == 1 and count_of(page, "met_late") == 1  # Q2 stays breached

    follow(page.locator("section.counts a[data-status=met_late]"))
    follow(page.locator(f"tr[data-finding='{Q3}']").get_by_role("link"))
    assert page.inner_text("#status") == "met late"
    assert "only after the due time" in page.inner_text("#reason")
    page.screenshot(path=str(tmp_path / "met-late.png"), full_page=True)
    shows_content(tmp_path / "met-late.png", ["met late", "Q3 update report"], page.inner_text("body"))

    # the evidence links to the stored fact, with its fields and source
    follow(page.get_by_role("link", name=f"submission:{key}"))
    assert page.get_by_role("heading", level=1).inner_text() == "A stored submission"
    assert page.inner_text(".govuk-caption-l") == f"submission:{key}"
    body = page.inner_text("body")
    assert "Q3 update report on the Best Value Improvement Plan" in body and "09:00 GMT on 3 January 2018" in body
    assert page.inner_text("#fact-source") == f"recorded on the desk by {EDITOR}"

    # what was stored is what `comply check` reads
    run = comply(desk.store, "check", "--as-of", "2018-02-01", "--format", "json")
    assert run.returncode == 1, run.stderr  # 1: Q2 is still breached
    findings = {f["id"]: f for f in json.loads(run.stdout)["findings"]}
    assert findings[Q3]["status"] == "met_late" and findings[Q3]["evidence"] == [f"submission:{key}"]
    assert findings[Q2]["status"] == "breached" and findings[Q2]["explanation"]["announcements"]


def test_breaches_are_three_clicks_from_signing_in(desk: Desk, context):
    """On today's date (the default): sign in, the breached count, the finding and its explanation."""
    from engine.model.facts import Coverage

    with Store.open(desk.store) as s:  # the council declares its quarterly-report records complete to the end
        s.write(
            "tower-hamlets",
            [
                (
                    "coverage",
                    Coverage(
                        subject="bv-2017.quarterly-report",
                        complete_until="2018-12-31",
                        source="test: the register is complete",
                    ),
                )
            ],
            "test",
        )
    page = context.new_page()
    page.goto(desk.url + "/login")
    page.fill("input[name=name]", VIEWER)
    page.fill("input[name=password]", VIEWER_PASSWORD)
    follow(page.locator("button[type=submit]"))  # click 1: sign in
    breached = count_of(page, "breached")
    assert breached >= 1  # Q4 onwards: due, unrecorded, and the records are complete
    follow(page.locator("section.counts a[data-status=breached]"))  # click 2: the breaches
    page.wait_for_url("**status=breached**")  # counting the rows does not wait for the new page, as a click does
    rows = page.locator("table#findings tbody tr")
    assert rows.count() == breached
    first = rows.first.get_attribute("data-finding")
    assert first == Q2  # by due date: 30 September 2017 first (announced in the papers, never recorded as sent)
    follow(rows.first.get_by_role("link"))  # click 3: why
    assert page.inner_text("#status") == "breached"
    words = page.inner_text("#evidence-words")
    assert "no record of a submission" in words and "announced, not evidence of sending or receipt" in words
    assert page.locator("#clause-text").is_visible() and page.locator("#due-computation").is_visible()


# -- sign-in, roles, CSRF ------------------------------------------------------------------------


def test_a_wrong_password_is_refused(desk: Desk, context):
    page = context.new_page()
    sign_in(page, desk, EDITOR, "not the password")
    assert "/login" in page.url
    assert page.inner_text(".govuk-error-summary__list") == "Wrong name or password."
    page.goto(desk.url + "/?as_of=2018-02-01")
    assert "/login" in page.url  # still not signed in
    sign_in(page, desk, "nobody-at-all", EDITOR_PASSWORD)
    assert (
        page.inner_text(".govuk-error-summary__list") == "Wrong name or password."
    )  # the same words: names are not revealed
    # a `next` that leaves the site is ignored after signing in (no open redirect)
    page.goto(desk.url + "/login?next=https://example.org/phish")
    page.fill("input[name=name]", EDITOR)
    page.fill("input[name=password]", EDITOR_PASSWORD)
    follow(page.locator("button[type=submit]"))
    assert page.url.rstrip("/") == desk.url
    # signing out ends the session
    follow(page.get_by_role("button", name="Sign out"))
    assert "/login" in page.url
    page.goto(desk.url + "/timeline")
    assert "/login" in page.url


def test_serve_says_clearly_when_its_port_is_taken(desk: Desk):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        run = comply(desk.store, "serve", "--port", str(taken.getsockname()[1]))
    assert run.returncode == 2 and run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert lines[-1].startswith("error: --port/--host: cannot listen on 127.0.0.1:"), run.stderr


def test_a_viewer_reads_but_cannot_see_or_post_the_forms(desk: Desk, context):
    page = context.new_page()
    sign_in(page, desk, VIEWER, VIEWER_PASSWORD)
    assert "Signed in as board-member (Viewer)" in page.inner_text(".desk-who")
    assert page.locator("header nav a", has_text="Record").count() == 0
    page.goto(desk.url + f"/finding/{Q3}?as_of=2018-02-01")
    assert page.locator("#clause-text").is_visible()
    assert page.get_by_role("button", name="Record the submission").count() == 0
    assert page.locator("#declare-complete").count() == 0
    response = page.goto(desk.url + "/record/submission")
    assert response.status == 403 and "Editors only" in page.inner_text("h1")
    token = page.locator("input[name=csrf_token]").first.input_value()  # a valid token of this session
    before = desk.counts()
    posted = context.request.post(
        desk.url + "/record/coverage",
        form={"csrf_token": token, "subject": "bv-2017.independent-review", "complete_until": "2018-12-31"},
    )
    assert posted.status == 403
    assert desk.counts() == before


def test_a_post_without_the_csrf_token_is_refused(desk: Desk, context):
    page = context.new_page()
    sign_in(page, desk, EDITOR, EDITOR_PASSWORD)
    before = desk.counts()
    form = {"subject": "bv-2017.independent-review", "complete_until": "2018-12-31"}
    missing = context.request.post(desk.url + "/record/coverage", form=form)
    assert missing.status == 400 and "security token is missing" in missing.text()
    forged = context.request.post(desk.url + "/record/coverage", form={**form, "csrf_token": "forged.token.value"})
    assert forged.status == 400
    assert desk.counts() == before
    # and signing in needs the token too (no login CSRF)
    fresh = context.browser.new_context()
    try:
        assert fresh.request.post(desk.url + "/login", form={"name": EDITOR, "password": EDITOR_PASSWORD}).status == 400
    finally:
        fresh.close()


# -- forms ---------------------------------------------------------------------------------------


def test_a_form_with_a_bad_field_names_it_and_stores_nothing(desk: Desk, context, tmp_path: Path):
    page = context.new_page()
    sign_in(page, desk, EDITOR, EDITOR_PASSWORD)
    before = desk.counts()
    page.goto(desk.url + "/record/submission?as_of=2018-02-01")
    page.fill("#what", "Q4 update report")  # no obligation chosen, the day impossible
    page.fill("#received-day", "31")
    page.fill("#received-month", "2")
    page.fill("#received-year", "2018")
    follow(page.locator("#save"))
    assert "/record/submission" in page.url
    summary = page.inner_text("#form-errors")
    assert "nothing was recorded" in summary and "Choose the obligation this submission satisfies" in summary
    assert "The date must be a real date" in summary
    assert page.locator("#received .govuk-error-message, .govuk-form-group--error #received-day").count() >= 1
    assert page.locator("#what").input_value() == "Q4 update report"  # what was typed is kept
    page.screenshot(path=str(tmp_path / "form-error.png"), full_page=True)
    shows_content(tmp_path / "form-error.png", ["nothing was recorded", "real date"], page.inner_text("body"))
    assert desk.counts() == before


def test_an_editor_records_a_meeting_with_attendance_and_items(desk: Desk, context):
    page = context.new_page()
    sign_in(page, desk, EDITOR, EDITOR_PASSWORD)
    page.goto(desk.url + "/?as_of=2018-03-01&board=csib&show=all")
    rows_before = page.locator("table#findings tbody tr").count()
    page.goto(desk.url + "/record/meeting?as_of=2018-03-01")
    page.get_by_label("Children's Services Improvement Board").check()  # the board by name
    follow(page.locator("#continue"))
    page.fill("#starts_at-day", "12")
    page.fill("#starts_at-month", "2")
    page.fill("#starts_at-year", "2018")
    page.fill("#time", "4pm")
    page.get_by_label("progress report, presented by the Director of Children's Services").check()
    first_person = page.locator("select[name^=attendance-]").first
    person_key = first_person.get_attribute("name").removeprefix("attendance-")
    first_person.select_option("present")
    follow(page.locator("#save"))
    if "/record/meeting" in page.url:  # the first person listed was not a member that day: choose another
        first_person = page.locator("select[name^=attendance-]:not(.govuk-select--error)").first
        page.locator("select.govuk-select--error").select_option("")
        person_key = first_person.get_attribute("name").removeprefix("attendance-")
        first_person.select_option("present")
        follow(page.locator("#save"))
    assert "Recorded a meeting with the key csib-2018-02-12." in page.inner_text(".flash")
    # the overview reflects it: the board's findings now include duties at that meeting
    page.goto(desk.url + "/?as_of=2018-03-01&board=csib&show=all")
    rows = page.locator("table#findings tbody tr")
    assert rows.count() > rows_before
    meeting_rows = page.locator("table#findings tbody tr[data-finding$='/csib-2018-02-12']")
    assert meeting_rows.count() >= 1
    # and the meeting's page lists what was tabled and who attended
    page.goto(desk.url + "/fact/meeting:csib-2018-02-12")
    body = page.inner_text("body")
    assert "dcs-progress-report" in body and "director-of-childrens-services" in body
    with Store.open(desk.store) as s:
        meeting = next(m for m in s.load("tower-hamlets").meetings if m.key == "csib-2018-02-12")
    assert [(a.person, a.status) for a in meeting.attendance] == [(person_key, "present")]
    assert meeting.source == f"recorded on the desk by {EDITOR}"


def test_an_editor_records_a_membership_change(desk: Desk, context):
    page = context.new_page()
    sign_in(page, desk, EDITOR, EDITOR_PASSWORD)
    page.goto(desk.url + "/record/membership")
    page.select_option("#board", "bvib")
    person = page.locator("#person option").nth(1).get_attribute("value")
    page.select_option("#person", person)
    page.select_option("#capacity", "external-representative")  # chosen by name: External representative
    page.fill("#start-day", "1")
    page.fill("#start-month", "2")
    page.fill("#start-year", "2018")
    page.check("#external")
    follow(page.locator("#save"))
    assert "Recorded a membership" in page.inner_text(".flash")
    page.goto(desk.url + f"/fact/membership:bvib.{person}.2018-02-01")
    assert "external-representative" in page.inner_text("body")

    # the member leaves: a last day before the first is refused on the last day, then a good one is kept
    page.goto(desk.url + "/record")
    follow(page.get_by_role("link", name="A member leaves"))
    choice = f"bvib|{person}|2018-02-01"
    page.select_option("#membership", choice)
    page.fill("#until-day", "15")
    page.fill("#until-month", "1")
    page.fill("#until-year", "2018")
    follow(page.locator("#save"))
    assert "The last day must be on or after the first day of the membership, 1 February 2018" in page.inner_text(
        "#form-errors"
    )
    with Store.open(desk.store) as s:
        ms = next(
            m
            for m in s.load("tower-hamlets").memberships
            if m.board == "bvib" and m.person == person and m.start.isoformat() == "2018-02-01"
        )
    assert ms.until is None  # nothing was changed
    page.select_option("#membership", choice)
    page.fill("#until-day", "31")
    page.fill("#until-month", "3")
    page.fill("#until-year", "2018")
    page.fill("#source", "letter of resignation, 20 March 2018")
    follow(page.locator("#save"))
    assert "last day 31 March 2018" in page.inner_text(".flash")
    page.goto(desk.url + f"/fact/membership:bvib.{person}.2018-02-01")
    body = page.inner_text("body")
    assert "31 March 2018" in body and "letter of resignation" in body
    page.goto(desk.url + "/record/membership-end")
    assert page.locator(f"#membership option[value='{choice}']").count() == 0  # no longer current


# -- reading: filters and the timeline ----------------------------------------------------------


def test_the_overview_filters_are_a_shareable_url(desk: Desk, context):
    from engine.core import calendar

    page = context.new_page()
    sign_in(page, desk, VIEWER, VIEWER_PASSWORD)
    page.goto(desk.url + "/?as_of=2017-12-01")
    page.select_option("form.filters select[name=direction]", "bv-2017")
    page.select_option("form.filters select[name=status]", "met")
    follow(page.locator("form.filters button"))
    assert "direction=bv-2017" in page.url and "status=met" in page.url and "as_of=2017-12-01" in page.url
    ids = [r.get_attribute("data-finding") for r in page.locator("table#findings tbody tr").all()]
    # 6: the chair, the external member and three groups at 14 June 2017, and the Board set up
    assert len(ids) == 6 and all("/bv-2017." in i for i in ids)
    assert all(b.inner_text() == "met" for b in page.locator("table#findings tbody .govuk-tag").all())
    # the same URL in a fresh page gives the same list, sorted by due date
    again = context.new_page()
    again.goto(page.url)
    assert [r.get_attribute("data-finding") for r in again.locator("table#findings tbody tr").all()] == ids
    dues = [
        calendar.parse_instant(c.get_attribute("data-due"))
        for c in again.locator("table#findings tbody td:nth-child(2)").all()
    ]
    assert dues == sorted(dues)
    # duty holder and board filters
    again.goto(desk.url + "/?as_of=2017-12-01&holder=the+DfE+Intervention+Adviser&show=all")
    holders = again.locator("table#findings tbody td:nth-child(5)").all_inner_texts()
    assert holders and all(h.startswith("the DfE Intervention Adviser") for h in holders)
    again.goto(desk.url + "/?as_of=2017-12-01&board=bvib&show=all")
    boards = again.locator("table#findings tbody td:nth-child(6)").all_inner_texts()
    assert boards and set(boards) == {"Tower Hamlets Best Value Improvement Board"}
    bad = again.goto(desk.url + "/?as_of=2017-13-45")
    assert bad.status == 400 and "is not a date this reads" in again.inner_text("body")


def test_the_timeline_shows_twelve_months_from_the_as_of_date(desk: Desk, context, tmp_path: Path):
    page = context.new_page()
    sign_in(page, desk, VIEWER, VIEWER_PASSWORD)
    page.goto(desk.url + "/timeline?as_of=2018-02-01")
    months = page.locator("section.month")
    assert months.count() == 12
    assert (
        months.first.get_attribute("data-month") == "2018-02" and months.last.get_attribute("data-month") == "2019-01"
    )
    march = page.locator("section.month[data-month='2018-03']")
    assert "Quarterly reports to the Secretary of State" in march.inner_text()
    page.screenshot(path=str(tmp_path / "timeline.png"), full_page=True)
    shows_content(
        tmp_path / "timeline.png", ["The next 12 months of obligations", "March 2018"], page.inner_text("body")
    )
    follow(march.get_by_role("link").first)
    assert "/finding/" in page.url and page.locator("#due-computation").is_visible()


def test_pages_evaluated_at_once_on_the_server_s_threads_agree_with_the_engine(desk: Desk, context):
    """waitress answers on several threads and the rules engine is one per process: pages asked
    for together, for different dates, each show that date's own counts."""
    import re
    from concurrent.futures import ThreadPoolExecutor

    from engine.core import calendar
    from engine.directions.model import load_directions
    from engine.evaluation.check import check

    page = context.new_page()
    sign_in(page, desk, VIEWER, VIEWER_PASSWORD)
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
    dates = [f"{y}-{m:02d}-01" for y in (2017, 2018) for m in (3, 6, 9, 12)] * 2

    def breached_unknown_met(day: str) -> tuple[int, int, int]:
        req = urllib.request.Request(f"{desk.url}/?as_of={day}", headers={"Cookie": cookie})
        with urllib.request.urlopen(req, timeout=60) as r:
            html = r.read().decode()
        n = {
            s: int(re.search(rf'data-status="{s}">\s*<span class="n">(\d+)</span>', html).group(1))
            for s in ("breached", "unknown", "met")
        }
        return n["breached"], n["unknown"], n["met"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        served = list(pool.map(breached_unknown_met, dates))
    directions = load_directions(REPO_ROOT / "directions")
    with Store.open(desk.store) as s:
        state = s.load("tower-hamlets")
    for day, got in zip(dates, served):
        counts = check(state, directions, calendar.as_of_instant(day)).counts
        assert got == (counts["breached"], counts["unknown"], counts["met"]), day
    assert len(set(served)) > 3  # the dates really differ


# -- the Board: report, plan and calendar feed from the desk ---------------------------------------


def test_the_board_report_and_the_plan_are_one_click_from_the_overview(desk: Desk, context, tmp_path: Path):
    from engine.core import calendar
    from engine.plan.importer import BUNDLED_PLAN, read_plan_file
    from engine.plan.position import plan_position

    expected = plan_position(read_plan_file(BUNDLED_PLAN), calendar.as_of_instant("2017-09-11"), "tower-hamlets")
    page = context.new_page()
    sign_in(page, desk, VIEWER, VIEWER_PASSWORD)
    page.goto(desk.url + "/?as_of=2017-09-11")
    follow(page.get_by_role("link", name="Improvement plan", exact=True))
    page.wait_for_url("**/plan?as_of=2017-09-11")
    text = page.inner_text("main")
    assert f"{expected.contradictions} reported statuses contradict the definitions" in text
    assert page.locator("section[data-officer]").count() == len(expected.contradictions_by_officer)
    # the example: May-17, 80%, On Target
    page.locator("details[data-milestone='13.2'] summary").click()  # stays on the page
    assert "reported On Target, the definitions give Overdue" in page.inner_text("details[data-milestone='13.2']")
    assert page.locator("main img.desk-chart").bounding_box()["height"] > 100  # the overall-status chart is drawn
    page.screenshot(path=str(tmp_path / "plan.png"), full_page=True)
    shows_content(tmp_path / "plan.png", ["Whole plan", "Overdue"], text)

    follow(page.get_by_role("link", name="Board report"))
    page.wait_for_url("**/report?as_of=2017-09-11")
    report = page.inner_text("body")
    assert "Summary: what the Board needs to know" in report and "Appendix E. The improvement plan" in report
    assert "No breach is proven" in report


def test_a_calendar_client_subscribes_with_a_desk_user_s_name_and_password(desk: Desk):
    import base64

    import icalendar

    url = desk.url + "/calendar.ics"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=30)
    assert refused.value.code == 401 and "Basic" in refused.value.headers["WWW-Authenticate"]

    def fetch(name: str, password: str):
        token = base64.b64encode(f"{name}:{password}".encode()).decode()
        return urllib.request.urlopen(
            urllib.request.Request(url, headers={"Authorization": f"Basic {token}"}), timeout=60
        )

    with pytest.raises(urllib.error.HTTPError) as wrong:
        fetch(VIEWER, "not the password")
    assert wrong.value.code == 401
    with fetch(VIEWER, VIEWER_PASSWORD) as r:
        assert r.headers["Content-Type"].startswith("text/calendar")
        first = icalendar.Calendar.from_ical(r.read())
    with fetch(EDITOR, EDITOR_PASSWORD) as r:
        second = icalendar.Calendar.from_ical(r.read())
    uids = [str(e["UID"]) for e in first.walk("VEVENT")]
    assert uids == [str(e["UID"]) for e in second.walk("VEVENT")]  # a refresh updates, never duplicates
    for event in first.walk("VEVENT"):
        start = event.decoded("DTSTART")  # an all-day date, or a London time: never floating
        assert not isinstance(start, dt.datetime) or start.tzinfo is not None
        triggers = [a.decoded("TRIGGER") for a in event.walk("VALARM")]
        assert len(triggers) == 3 and all(t < dt.timedelta(0) for t in triggers)  # 30, 7, 1 working days before
        assert str(event["URL"]).startswith(desk.url + "/finding/")  # each event links to its finding on the desk


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a 302 is an answer to look at, not to follow
        return None


def test_a_session_cookie_copied_before_sign_out_no_longer_works_after_it_on_the_real_server(desk: Desk):
    """Against the running `comply serve`, with a plain HTTP client: the session cookie, copied while
    signed in, signs no one in once its owner has signed out (the session ended in the store)."""
    import re
    import urllib.parse

    opener = urllib.request.build_opener(_NoRedirect)

    def call(path: str, cookie: str | None = None, form: dict[str, str] | None = None):
        request = urllib.request.Request(
            desk.url + path,
            data=urllib.parse.urlencode(form).encode() if form is not None else None,
            headers={"Cookie": f"session={cookie}"} if cookie else {},
        )
        try:
            return opener.open(request, timeout=60)
        except urllib.error.HTTPError as answer:  # 302 (not followed), 4xx
            return answer

    def cookie_of(answer, before: str | None = None) -> str | None:
        found = re.search(r"session=([^;]+)", answer.headers.get("Set-Cookie", ""))
        return found.group(1) if found else before

    page = call("/login")
    cookie = cookie_of(page)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.read().decode()).group(1)
    signed_in = call("/login", cookie, {"csrf_token": token, "name": VIEWER, "password": VIEWER_PASSWORD})
    assert signed_in.status == 302, signed_in.read()
    copied = cookie = cookie_of(signed_in, cookie)
    timeline = call("/timeline?as_of=2018-02-01", copied)
    assert timeline.status == 200
    assert timeline.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in timeline.headers["Content-Security-Policy"]
    token = re.search(r'name="csrf_token" value="([^"]+)"', timeline.read().decode()).group(1)
    signed_out = call("/logout", cookie, {"csrf_token": token})
    assert signed_out.status == 302 and signed_out.headers["Location"].endswith("/login")
    after = call("/timeline?as_of=2018-02-01", copied)
    assert after.status == 302 and "/login" in after.headers["Location"]
