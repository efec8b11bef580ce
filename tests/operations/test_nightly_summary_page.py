"""The HTML summary of a nightly run, opened in a real browser (Debian's chromium via playwright)
as the reader of the morning digest would see it: what to do first (the new breaches, edged in red), what
still stands, the counts last, and for a failed run the red FAILED box, with no results shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, png_pixels
from helpers import REPO_ROOT, bundled_store
from nightly_support import refusing_evaluator

from engine.core import calendar
from engine.core.status import colour
from engine.model import facts as F
from engine.operations import nightly
from engine.store.sqlite import Store


def red_pixels(path: Path) -> int:
    _, _, rows = png_pixels(path)
    return sum(1 for row in rows for i in range(0, len(row), 3) if row[i] > 150 and row[i + 1] < 80 and row[i + 2] < 80)


def two_runs(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Night 1, then the DfE records become complete: night 2 has two new breaches."""
    with bundled_store(tmp_path) as s:
        path = s.path
    out = tmp_path / "runs"
    opener = lambda: Store.open(path)  # noqa: E731
    nightly.run_nightly(path, opener, REPO_ROOT / "directions", calendar.as_of_instant("2017-12-01"), 30, out, None)
    with Store.open(path) as s:
        s.write("tower-hamlets", [("coverage", F.Coverage(subject="dfe-2017.5g", complete_until="2017-12-31"))], "test")
    second = nightly.run_nightly(
        path, opener, REPO_ROOT / "directions", calendar.as_of_instant("2017-12-02"), 30, out, None
    )
    assert second.exit_code == 1
    return path, out, second.files[1]


def test_the_summary_page_reads_right_in_a_real_browser(tmp_path):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (the browser test must run, not skip)")
    from playwright.sync_api import sync_playwright

    store, out, page_file = two_runs(tmp_path)
    assert page_file.name == "run-2-2017-12-02.html"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            # offline, as a mail client shows it: any request for an outside resource would fail the test
            context = browser.new_context(viewport={"width": 1100, "height": 900}, java_script_enabled=False)
            requests: list[str] = []
            context.on("request", lambda r: requests.append(r.url))
            page = context.new_page()
            page.goto(page_file.as_uri())
            assert page.title() == "2 new breaches (2 newly due soon): London Borough of Tower Hamlets, 2 December 2017"
            assert page.locator("#to-do").inner_text() == "What to do: 2 new breaches"
            counts = page.locator("#counts")
            assert counts.is_visible()
            assert counts.locator("tr", has_text="breached").locator("td").inner_text() == "2"
            heading = page.locator("#new_breaches")
            assert heading.inner_text() == "New breaches since run #1 (2)"
            standing = page.locator("#standing")
            assert standing.inner_text().startswith("Still standing from earlier nights: 0 breached, ")
            # what to do comes first: the new breaches above the changes and the counts
            boxes = [page.locator(s).bounding_box() for s in ("#todo-breaches", "#new_breaches", "#counts")]
            assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]
            cells = page.locator("section.item.breach")
            assert cells.count() == 2
            red = colour("breached")  # the status table's colour of a breach
            assert (
                cells.first.evaluate("e => getComputedStyle(e).borderLeftColor")
                == f"rgb({int(red[1:3], 16)}, {int(red[3:5], 16)}, {int(red[5:7], 16)})"
            )
            shot = tmp_path / "breaches.png"
            cells.first.screenshot(path=str(shot))
            assert requests == [page_file.as_uri()]
            # a failed run's page: the red box, and no counts, no "breaches standing" that could read as all clear
            # a real failed run: the rules engine's answer is refused by the self-check
            bad = nightly.run_nightly(
                store,
                lambda: Store.open(store),
                REPO_ROOT / "directions",
                calendar.as_of_instant("2017-12-03"),
                30,
                out,
                None,
                evaluator=refusing_evaluator,
            )
            assert bad.exit_code == 2
            failed = bad.files[1]
            assert failed.name == "run-3-2017-12-03.html"
            page.goto(failed.as_uri())
            box = page.locator("div.failed")
            assert box.is_visible() and "The run FAILED" in box.inner_text() and "EngineError" in box.inner_text()
            assert page.locator("#counts").count() == 0 and page.locator("#standing").count() == 0
            page.screenshot(path=str(tmp_path / "failed.png"))
        finally:
            browser.close()
    assert red_pixels(shot) > 50, "the new breach's box is not edged in red"
    assert red_pixels(tmp_path / "failed.png") > 500, "the FAILED box's red border is not painted"
