"""The browser tests read a page only once it has loaded.

Why a test: a click returns once its navigation has started, and a locator's `count()`, `all()` or
`is_visible()` does not wait, so a test that clicks a link then counts rows can count the page it
left. Four desk tests failed so in CI, once each, before every navigating click went through
`browser.follow`. This keeps a new test from clicking past it by habit: every click in the tests
goes through `follow`, or says in its line's comment that it stays on the page.
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CLICK = re.compile(r"\.click\(")
FOLLOWED = "follow("
STAYS = "stays on the page"  # in the line's comment


def clicks_not_followed(root: Path) -> list[str]:
    """Each `file:line: text` under root that clicks without `follow` or the `# stays on the page` mark."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.resolve() == Path(__file__).resolve():
            continue  # this file's examples
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if CLICK.search(line) and STAYS not in line and FOLLOWED not in line and "target.click()" not in line:
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_every_click_in_the_browser_tests_waits_for_the_page_it_opens() -> None:
    found = clicks_not_followed(TESTS)
    assert not found, "click through browser.follow, or mark the line `# stays on the page`:\n" + "\n".join(found)


def test_the_check_finds_a_click_that_does_not_wait(tmp_path: Path) -> None:
    (tmp_path / "test_page.py").write_text(
        'page.click("#save")\n'
        'follow(page.locator("#save"))\n'
        "toggle.click()  # stays on the page\n"
        'row.get_by_role("link").click()  # click 3: why\n',
        encoding="utf-8",
    )
    assert clicks_not_followed(tmp_path) == [
        'test_page.py:1: page.click("#save")',
        'test_page.py:4: row.get_by_role("link").click()  # click 3: why',
    ]
