"""The desk's look, in Debian's chromium on a real `comply serve` (the fixtures of test_desk_web.py): every page
passes axe-core's accessibility check with no serious or critical violation, the GOV.UK Frontend styles and
script load under the Content-Security-Policy (no violation in the console; the script ran), the council's
name is in the header, no page is wider than a phone's screen, and screenshots show content.

PAGES is the list of the desk's pages the accessibility check visits: add a page's URL here when you add a page.
axe-core comes from the npm install of engine/web/frontend (package-lock.json; `.ci/venv` builds it).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import test_desk_web as served
from browser import follow, png_pixels
from test_desk_web import EDITOR, EDITOR_PASSWORD, Q3, Desk, sign_in

# the served desk (a real `comply serve` on a SQLite file, one for this module), chromium and a page's context
desk, browser, context = served.desk, served.browser, served.context

AXE = Path(__file__).resolve().parents[2] / "engine" / "web" / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
COUNCIL = "London Borough of Tower Hamlets"
AS_OF = "2018-02-01"

#: every page of the desk, signed in as an editor (None: the page needs no sign-in). The coordinator
#: extends this list with the pages of the other parts of issue 16.
PAGES: list[tuple[str, str]] = [
    ("overview", f"/?as_of={AS_OF}"),
    ("overview filtered", f"/?as_of={AS_OF}&status=breached"),
    ("finding", f"/finding/{Q3}?as_of={AS_OF}"),
    ("finding with evidence", f"/finding/tower-hamlets/bv-2017.quarterly-report/1?as_of={AS_OF}"),
    ("fact", f"/fact/meeting:bvib-2017-06-14?as_of={AS_OF}"),
    ("timeline", f"/timeline?as_of={AS_OF}"),
    ("plan", "/plan"),
    ("record index", f"/record/?as_of={AS_OF}"),
    ("record submission", f"/record/submission?as_of={AS_OF}"),
    ("record meeting", f"/record/meeting?as_of={AS_OF}"),
    ("record meeting for a board", f"/record/meeting?board=csib&as_of={AS_OF}"),
    ("record membership", f"/record/membership?as_of={AS_OF}"),
    ("record membership end", f"/record/membership-end?as_of={AS_OF}"),
    ("record coverage", f"/record/coverage?subject=bv-2017.quarterly-report&as_of={AS_OF}"),
    ("record decision", f"/record/decision?as_of={AS_OF}"),
    ("whole list", f"/?as_of={AS_OF}&show=all"),
    ("my duties", f"/mine?as_of={AS_OF}"),
    ("versions", "/history/submission:bv-2017-q1-report"),
    ("correct", "/history/correct/submission:bv-2017-q1-report"),
    ("withdraw", "/history/withdraw/submission:bv-2017-q1-report"),
    ("fact with files and versions", f"/fact/submission:bv-2017-q1-report?as_of={AS_OF}"),
    ("owners", "/owners"),
    ("error 404", "/finding/no/such/1"),
    ("as-of picker refused", f"/timeline?as_of={AS_OF}&as_of-day=31&as_of-month=2&as_of-year=2018"),
]

#: the pages for administrators only (signed in as one, made for this module)
ADMIN_PAGES: list[tuple[str, str]] = [
    ("users", "/users"),
    ("user", f"/users/{EDITOR}"),
    ("disable a user", f"/users/{EDITOR}/disable"),
    ("reset a password", f"/users/{EDITOR}/password"),
    ("log", "/log"),
    ("log filtered", "/log?action=sign_in"),
    ("every authority", "/authorities"),
]
ADMIN, ADMIN_PASSWORD = "look-administrator", "an administrator's long password"


#: pages whose markup other parts of issue 16 rewrite (the overview: desk-worklist; the record forms:
#: desk-forms); in their old markup the overview is 412 px and the submission form 815 px wide at 375:
#: check these at phone width once those parts land
PHONE_LATER: set[str] = set()  # every page fits a 375-pixel phone


def council_name(desk: Desk) -> str:
    """The authority's name as the store holds it (the header shows it)."""
    from engine.store.sqlite import Store

    with Store.open(desk.store) as s:
        return s.load(s.authorities()[0], kinds=[]).authority.name


def watch_console(page) -> list[str]:
    """Collect the console's errors (a CSP violation is one) into a list as the page runs."""
    seen: list[str] = []
    page.on("console", lambda msg: seen.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: seen.append(str(exc)))
    return seen


def axe_violations(page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations of the page as it stands."""
    # evaluated through the DevTools protocol, which the page's CSP does not govern (a <script> tag would be
    # refused by it, as it should be)
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check_layout(page, desk_name: str) -> None:
    """The GOV.UK script ran, the header names the council, the page is no wider than the window."""
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert page.evaluate("document.body.classList.contains('js-enabled')")
    header = page.locator("header.govuk-template__header")
    assert desk_name in header.inner_text()
    assert not page.locator("img[src*=crest], .govuk-header__logotype, .govuk-footer__copyright-logo").count()
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url}: the page is {width[0]} px wide in a window of {width[1]}"


def shows_content(path: Path) -> None:
    """A screenshot with content: many distinct colours, and dark text on a light page, not blank."""
    width, height, rows = png_pixels(path)
    assert width >= 300 and height >= 300
    colours = {row[x : x + 3] for row in rows[:: max(1, height // 200)] for x in range(0, len(row), 3 * 7)}
    assert len(colours) > 20, f"{path.name}: {len(colours)} colours: blank?"
    dark = sum(1 for c in colours if sum(c) < 200)
    assert dark > 0, f"{path.name}: no dark pixels (no text?)"


def signed_in_session(browser, desk: Desk, name: str, password: str) -> dict[str, Any]:
    """The cookies of one sign-in through the form (playwright's storage state): the pages checked below each
    open in a new context that carries them, rather than signing in again for every page (three page loads,
    the overview's among them; issue 19). Signing in itself is tested in test_desk_web.py and below."""
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB", timezone_id="Europe/London")
    ctx.set_default_timeout(60_000)
    try:
        page = ctx.new_page()
        sign_in(page, desk, name, password)
        assert page.url.rstrip("/") == desk.url, page.url  # signed in: on the overview, not the sign-in page
        return ctx.storage_state()
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def editor_session(desk: Desk, browser) -> dict[str, Any]:
    """The cookies of the editor signed in once for this module (signed_in_session)."""
    return signed_in_session(browser, desk, EDITOR, EDITOR_PASSWORD)


def open_signed_in(browser, session: dict[str, Any], url: str):
    """A page in a new context (the `context` fixture's window and locale) carrying `session`'s cookies, at
    `url`; the page must not have been sent to sign in (a lost session would otherwise check the sign-in page).
    Returns (the page, the console's errors: watch_console), for the test to close the page's context."""
    ctx = browser.new_context(
        viewport={"width": 1200, "height": 900}, locale="en-GB", timezone_id="Europe/London", storage_state=session
    )
    ctx.set_default_timeout(60_000)  # a loaded machine: the first evaluation of a date takes a while
    page = ctx.new_page()
    errors = watch_console(page)
    page.goto(url)
    assert "/login" not in page.url, f"{url}: sent to sign in ({page.url}): the session was not kept"
    return page, errors


@pytest.mark.parametrize("name,path", PAGES, ids=[p[0] for p in PAGES])
def test_every_page_passes_the_accessibility_check_under_the_csp(
    desk: Desk, browser, editor_session: dict[str, Any], name: str, path: str
):
    assert AXE.is_file(), f"{AXE} is missing: run `python engine/web/frontend/build.py` (npm ci)"
    page, errors = open_signed_in(browser, editor_session, desk.url + path)
    try:
        check_layout(page, council_name(desk))
        violations = axe_violations(page)
        assert not violations, f"{name} {path}: {violations}"
        # a 404 page is itself a failed load in the console; anything else there (a CSP refusal) is a fault
        assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
        if not name.startswith("error"):
            assert not errors, errors
    finally:
        page.context.close()


@pytest.fixture(scope="module")
def administrator(desk: Desk, browser) -> dict[str, Any]:
    """An administrator of the served desk, added with `comply user add` as an officer would, signed in once
    for this module (signed_in_session)."""
    made = served.comply(
        desk.store, "user", "add", ADMIN, "--role", "administrator", "--password-stdin", stdin=ADMIN_PASSWORD + "\n"
    )
    assert made.returncode == 0, made.stderr
    return signed_in_session(browser, desk, ADMIN, ADMIN_PASSWORD)


@pytest.mark.parametrize("name,path", ADMIN_PAGES, ids=[p[0] for p in ADMIN_PAGES])
def test_every_administrator_page_passes_the_accessibility_check_under_the_csp(
    desk: Desk, browser, administrator: dict[str, Any], name: str, path: str
):
    page, errors = open_signed_in(browser, administrator, desk.url + path)
    try:
        assert page.locator("h1").count(), f"{name} {path}: no heading"
        check_layout(page, council_name(desk))
        violations = axe_violations(page)
        assert not violations, f"{name} {path}: {violations}"
        assert not errors, errors
    finally:
        page.context.close()


def test_the_sign_in_page_passes_and_its_prompt_is_not_a_success(desk: Desk, context):
    page = context.new_page()
    page.set_default_timeout(60_000)  # a loaded machine: the first evaluation of a date takes a while
    errors = watch_console(page)
    page.goto(desk.url + "/")  # not signed in: sent to sign in, with the prompt
    assert "/login" in page.url
    banner = page.locator(".govuk-notification-banner")
    assert "Sign in to see the desk." in banner.inner_text()
    assert "govuk-notification-banner--success" not in (banner.get_attribute("class") or "")
    assert banner.get_attribute("role") == "region"  # news, not a success alert
    check_layout(page, council_name(desk))
    assert not axe_violations(page)
    assert page.evaluate("document.documentElement.lang") == "en-GB"
    assert not errors, errors


def test_screenshots_of_the_overview_a_finding_a_form_with_errors_and_a_phone(desk: Desk, browser, tmp_path: Path):
    name = council_name(desk)
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB", timezone_id="Europe/London")
    ctx.set_default_timeout(60_000)
    try:
        page = ctx.new_page()
        errors = watch_console(page)
        sign_in(page, desk, EDITOR, EDITOR_PASSWORD)
        for shot, path in (("overview", f"/?as_of={AS_OF}"), ("finding", f"/finding/{Q3}?as_of={AS_OF}")):
            page.goto(desk.url + path)
            check_layout(page, name)
            file = tmp_path / f"{shot}.png"
            page.screenshot(path=str(file), full_page=True)
            shows_content(file)
        assert "Quarterly reports to the Secretary of State, due" in page.locator("h1").inner_text()
        assert "occurrence" not in page.locator("h1").inner_text()
        assert "unknown" in page.locator("#status").inner_text()  # no records declared complete in this store
        assert "govuk-tag--yellow" in (page.locator("#status").get_attribute("class") or "")
        # the record submission form posted empty: the errors are shown, the page stays the desk's
        page.goto(desk.url + f"/record/submission?as_of={AS_OF}")
        follow(page.locator("main form[method=post] [type=submit]").last)
        check_layout(page, name)
        text = page.locator("main").inner_text()
        assert re.search(r"(required|Enter|missing|expected)", text, re.I), text[:500]
        file = tmp_path / "form-errors.png"
        page.screenshot(path=str(file), full_page=True)
        shows_content(file)
        # the form refused answers 422, which the console reports as a failed load; nothing else may be there
        assert not [e for e in errors if "status of 422" not in e], errors
    finally:
        ctx.close()
    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="en-GB", timezone_id="Europe/London")
    phone.set_default_timeout(60_000)
    try:
        page = phone.new_page()
        errors = watch_console(page)
        sign_in(page, desk, EDITOR, EDITOR_PASSWORD)
        for page_name, path in PAGES:
            if page_name in PHONE_LATER:
                continue
            page.goto(desk.url + path)
            check_layout(page, name)  # not wider than 375 px
        page.goto(desk.url + f"/?as_of={AS_OF}")
        toggle = page.locator(".govuk-service-navigation__toggle")
        assert toggle.is_visible()  # the desk's links collapse behind the menu button
        assert not page.locator("#navigation").is_visible()
        toggle.click()  # stays on the page
        assert page.locator("#navigation").is_visible()
        file = tmp_path / "phone.png"
        page.screenshot(path=str(file), full_page=False)
        shows_content(file)
        width, _, _ = png_pixels(file)
        assert width == 375
        assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
    finally:
        phone.close()


def test_the_policy_has_a_fresh_nonce_and_no_unsafe_inline(desk: Desk, context):
    page = context.new_page()
    page.set_default_timeout(60_000)  # a loaded machine: the first evaluation of a date takes a while
    seen: list[str] = []
    for _ in range(2):
        answer = page.goto(desk.url + "/login")
        policy = answer.headers["content-security-policy"]
        assert "'unsafe-inline'" not in policy and "script-src 'self' 'nonce-" in policy
        nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
        assert f'nonce="{nonce}"' in page.content() or page.evaluate(
            "(n) => [...document.scripts].some(s => s.nonce === n)", nonce
        )
        seen.append(nonce)
    assert seen[0] != seen[1]


def test_the_as_of_picker_is_day_first_in_an_english_us_browser(desk: Desk, browser):
    """An English-US browser writes its own date picker month first (mm/dd/yyyy): no page of the desk has one
    (`input[type=date]`); the as-of picker is GOV.UK's date input, day, month and year, left to right, and a
    day it cannot read is said on the same page in GOV.UK's words."""
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-US", timezone_id="America/New_York")
    ctx.set_default_timeout(60_000)
    try:
        page = ctx.new_page()
        errors = watch_console(page)
        assert page.evaluate("navigator.language") == "en-US"
        sign_in(page, desk, EDITOR, EDITOR_PASSWORD)
        for name, path in PAGES:
            page.goto(desk.url + path)
            assert not page.locator("input[type=date], input[type=datetime-local], input[type=month]").count(), name
        errors.clear()  # the 404 page is a failed load in the console
        page.goto(desk.url + f"/?as_of={AS_OF}")
        boxes = [page.locator(f"form.asof #as_of-{part}") for part in ("day", "month", "year")]
        assert [b.input_value() for b in boxes] == ["1", "2", "2018"]
        assert [b.get_attribute("type") for b in boxes] == ["text"] * 3
        lefts = [b.bounding_box()["x"] for b in boxes]
        assert lefts == sorted(lefts), lefts  # day, then month, then year
        labels = page.locator("form.asof .govuk-date-input__label").all_inner_texts()
        assert [w.strip() for w in labels] == ["Day", "Month", "Year"]
        assert "Showing 1 February 2018" in page.locator("form.asof").inner_text()
        # a day picked: the page's address has the one as_of
        for box, typed in zip(boxes, ("7", "9", "2017"), strict=True):
            box.fill(typed)
        follow(page.locator("#as_of-show"))
        page.wait_for_url("**as_of=2017-09-07**")
        assert "as_of-" not in page.url
        assert "Showing 7 September 2017" in page.locator("form.asof").inner_text()
        # a day that does not exist: the same page, GOV.UK's error summary and message, the boxes as typed
        for box, typed in zip(boxes, ("31", "2", "2018"), strict=True):
            box.fill(typed)
        follow(page.locator("#as_of-show"))
        assert page.title().startswith("Error: ")
        assert "Enter a real date" in page.locator(".govuk-error-summary").inner_text()
        assert "Enter a real date" in page.locator("#as_of-error").inner_text()
        assert [b.input_value() for b in boxes] == ["31", "2", "2018"]
        assert "Showing 7 September 2017" in page.locator("form.asof").inner_text()  # still the date it showed
        page.locator(".govuk-error-summary a").click()  # to the box at fault: stays on the page
        assert page.evaluate("document.activeElement.id") == "as_of-day"
        assert not axe_violations(page)
        assert not errors, errors
    finally:
        ctx.close()
