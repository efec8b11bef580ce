"""`comply docs`: the living-documentation site, rendered from .feature files with results overlaid
from pytest-bdd's cucumber JSON, checked as HTML and in a real headless browser (Debian's chromium
driven by playwright; CI installs it, and its absence fails the browser test)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, follow, png_pixels
from markupsafe import escape

from engine.cli.app import REPO_ROOT
from engine.directions.model import load_directions
from engine.outputs import docs_site
from engine.outputs.docs_features import read_guide

DIRECTIONS = load_directions(REPO_ROOT / "directions")

FEATURE = '''\
@bv-2017
Feature: Best Value directions (a fixture for the documentation site)
  The clauses of bv-2017, pinned down by examples.

  Background:
    Given the bundled directions

  @bv-2017.quarterly-report
  Scenario: The first quarterly report is due at 10am on 30 June 2017
    Given these submissions
      | key   | received         |
      | bv-q1 | 2017-06-29T09:00 |
    When the position is checked as of 2017-07-01
    Then the finding reads
      """
      met: received by 10:00 BST on 30 June 2017
      """

  @bv-2017.independent-review
  Scenario Outline: The review is due by the end of 1 August 2018
    Given the review was received at <received>
    Then its status is <status>

    Examples: either side of midnight
      | received         | status   |
      | 2018-08-01T23:00 | met      |
      | 2018-08-02T00:01 | met_late |

  @bv-2017.no-such-clause
  Scenario: A scenario naming a clause that does not exist
    Then nothing is hidden
'''


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def step(keyword: str, name: str, line: int, status: str = "passed", error: str | None = None) -> dict:
    result: dict = {"status": status, "duration": 1000}
    if error is not None:
        result["error_message"] = error
    return {"keyword": keyword, "name": name, "line": line, "match": {"location": ""}, "result": result}


def cucumber_json() -> list[dict]:
    """What pytest-bdd 9 writes for FEATURE: the plain scenario passed; of the outline's rows the
    first passed and the second failed; the unknown-clause scenario did not run."""
    bg = line_of(FEATURE, "Given the bundled directions")
    plain, outline = line_of(FEATURE, "Scenario: The first"), line_of(FEATURE, "Scenario Outline:")
    plain_steps = [
        step("Given", "the bundled directions", bg),
        step("Given", "these submissions", plain + 1),
        step("When", "the position is checked as of 2017-07-01", plain + 4),
        step("Then", "the finding reads", plain + 5),
    ]

    def row(values: str, received: str, status: str) -> dict:
        failed = status == "met_late"
        return {
            "keyword": "Scenario Outline",
            "id": f"test_the_review_is_due_by_the_end_of_1_august_2018[{values}]",
            "name": "The review is due by the end of 1 August 2018",
            "line": outline,
            "description": "",
            "tags": [{"name": "bv-2017.independent-review", "line": outline - 1}],
            "type": "scenario",
            "steps": [
                step("Given", "the bundled directions", bg),
                step("Given", f"the review was received at {received}", outline + 1),
                step(
                    "Then",
                    f"its status is {status}",
                    outline + 2,
                    "failed" if failed else "passed",
                    "AssertionError: expected met_late, got breached" if failed else None,
                ),
            ],
        }

    return [
        {
            "keyword": "Feature",
            "uri": "features/bv-2017.feature",
            "name": "Best Value directions",
            "id": "x",
            "line": 2,
            "description": "",
            "language": "en",
            "tags": [{"name": "bv-2017", "line": 1}],
            "elements": [
                {
                    "keyword": "Scenario",
                    "id": "test_the_first_quarterly_report_is_due_at_10am_on_30_june_2017",
                    "name": "The first quarterly report is due at 10am on 30 June 2017",
                    "line": plain,
                    "description": "",
                    "tags": [{"name": "bv-2017.quarterly-report", "line": plain - 1}],
                    "type": "scenario",
                    "steps": plain_steps,
                },
                row("2018-08-01T23:00-met", "2018-08-01T23:00", "met"),
                row("2018-08-02T00:01-met_late", "2018-08-02T00:01", "met_late"),
            ],
        }
    ]


@pytest.fixture
def fixture_inputs(tmp_path: Path) -> tuple[Path, Path]:
    features = tmp_path / "features"
    features.mkdir()
    (features / "bv-2017.feature").write_text(FEATURE, encoding="utf-8")
    results = tmp_path / "results.json"
    results.write_text(json.dumps(cucumber_json()), encoding="utf-8")
    return features, results


@pytest.fixture
def site(tmp_path: Path, fixture_inputs: tuple[Path, Path]) -> Path:
    features, results = fixture_inputs
    index = docs_site.build_site(DIRECTIONS, features, results, tmp_path / "site")
    assert index == tmp_path / "site" / "index.html"
    return index.parent


class Balanced(HTMLParser):
    """Checks that every element is closed in order (void elements excepted)."""

    VOID = {"meta", "br", "hr", "img", "input", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> at {self.getpos()} closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def statuses(html: str, element: str) -> dict[int, str]:
    """data-line -> data-status of the scenario articles (or example rows) of a page."""
    out = {}
    for m in re.finditer(rf'<{element} [^>]*?data-line="(\d+)"[^>]*?data-status="([^"]+)"', html):
        out[int(m.group(1))] = m.group(2)
    for m in re.finditer(rf'<{element} [^>]*?data-status="([^"]+)"[^>]*?data-line="(\d+)"', html):
        out[int(m.group(2))] = m.group(1)
    return out


# ---------------------------------------------------------------------------------------------
# unit level: the HTML


def test_a_direction_page_shows_its_clauses_their_computed_reading_and_the_gherkin(site: Path):
    html = (site / "bv-2017.html").read_text(encoding="utf-8")
    for d in DIRECTIONS:
        assert (site / f"{d.id}.html").is_file()
    bv = next(d for d in DIRECTIONS if d.id == "bv-2017")
    # the direction's header
    for text in (
        bv.title,
        bv.issuer,
        bv.legal_basis,
        "28 March 2017",
        "from 28 March 2017 to the end of 30 September 2018",
        "004_52c33124d78cd148.txt",
    ):
        assert escape(text) in html, text
    # every clause's quoted text and source, and every reading
    for clause in bv.clauses:
        assert escape(clause.text) in html
        assert escape(clause.source.section) in html
        if getattr(clause.rule, "reading", None):
            assert escape(clause.rule.reading) in html  # type: ignore[union-attr]
    assert escape('"By 1st August 2018" with no time: read as the end of that day.') in html  # a due date's reading
    # computed due dates, with their account
    assert "10:00 BST on 30 June 2017" in html and "10:00 GMT on 30 December 2017" in html
    assert "plus 3 calendar months = 30 September 2017" in html
    assert "23:59:59 BST on 1 August 2018" in html
    assert "6 occurrences in all before the direction ends." in html
    # the scenarios as Gherkin: steps, the data table's cells, the docstring, the Examples table
    assert "The first quarterly report is due at 10am on 30 June 2017" in html
    assert "these submissions" in html and "<td>bv-q1</td>" in html and "<td>2017-06-29T09:00</td>" in html
    assert "met: received by 10:00 BST on 30 June 2017" in html
    assert 'the review was received at <span class="param">&lt;received&gt;</span>' in html
    assert "either side of midnight" in html
    assert "<th>received</th>" in html and "<td>2018-08-02T00:01</td>" in html and "<td>met_late</td>" in html
    assert "Background (run before this scenario)" in html and "the bundled directions" in html
    # a clause with no scenario says so
    composition = html[html.index('id="bv-2017.board-composition"') :]
    assert "No scenario is tagged with this clause yet." in composition.split("</section>")[0]
    parser = Balanced()
    parser.feed(html)
    assert not parser.problems and not parser.stack, parser.problems or parser.stack


def test_a_direction_page_shows_every_paragraph_of_its_text_and_what_became_of_it(site: Path):
    """Issue 15 item 10: each paragraph with its words and, beside it, the clauses encoding it (linked to
    the clause's section) or why it is not encoded; each clause links back to the paragraphs it encodes."""
    for d in DIRECTIONS:
        html = (site / f"{d.id}.html").read_text(encoding="utf-8")
        section = html[html.index('<h2 id="paragraphs">') : html.index("<h2>Clauses</h2>")]
        n = d.coverage_counts()
        assert f"{n['paragraphs']} paragraphs: {n['encoded']} encoded by the clauses below, {n['not_encoded']} not" in (
            section
        )
        rows = re.findall(r'<tr id="paragraph-(\d+)" class="([a-z-]+)">(.*?)</tr>', section, re.S)
        assert [int(r[0]) for r in rows] == list(range(1, len(d.paragraphs) + 1))
        for p, (_, cls, row) in zip(d.paragraphs, rows, strict=True):
            assert escape(p.ref) in row and escape(p.text) in row
            if p.encoded_by:
                assert cls == "encoded"
                for key in p.encoded_by:  # the link goes to the clause's own section
                    assert f'<a href="#{d.id}.{key}"><code>{d.id}.{key}</code></a>' in row
                    assert f'<section class="clause" id="{d.id}.{key}">' in html
            else:
                assert cls == "not-encoded" and f"Not encoded:</span> {escape(p.not_encoded)}" in row
        parser = Balanced()
        parser.feed(html)
        assert not parser.problems and not parser.stack, parser.problems or parser.stack
    bv = (site / "bv-2017.html").read_text(encoding="utf-8")
    assert "Only a summary is available: The DCLG directions of 28 March 2017 are not among the seed papers" in bv
    clause = bv[bv.index('<section class="clause" id="bv-2017.board-set-up">') :].split("</section>")[0]
    assert 'Encodes <a href="#paragraph-4">report para 1.2, third bullet</a>, <a href="#paragraph-5">' in clause
    index = (site / "index.html").read_text(encoding="utf-8")
    row = re.search(r'<tr data-paragraphs="dfe-2017">(.*?)</tr>', index, re.S).group(1)
    cells = [unescape(re.sub(r"<[^>]+>", "", c).strip()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    dfe = next(d for d in DIRECTIONS if d.id == "dfe-2017").coverage_counts()
    assert cells[1:] == [
        str(dfe["paragraphs"]),
        str(dfe["encoded"]),
        str(dfe["not_encoded"]),
        "the instrument's own words",
    ]
    assert 'href="dfe-2017.html#paragraphs"' in row


def test_results_are_overlaid_by_feature_and_line_and_outline_rows_each_get_theirs(site: Path):
    html = (site / "bv-2017.html").read_text(encoding="utf-8")
    plain = line_of(FEATURE, "Scenario: The first")
    outline = line_of(FEATURE, "Scenario Outline:")
    unknown = line_of(FEATURE, "Scenario: A scenario naming")
    articles = statuses(html, "article")
    assert articles == {plain: "passed", outline: "failed", unknown: "not run"}
    rows = statuses(html, "tr")
    assert rows == {line_of(FEATURE, "| 2018-08-01T23:00"): "passed", line_of(FEATURE, "| 2018-08-02T00:01"): "failed"}
    assert "\u2714 passed (1 passed, 1 failed)" not in html  # the outline's badge leads with its worst
    assert "\u2718 failed (1 passed, 1 failed)" in html
    assert "AssertionError: expected met_late, got breached" in html  # why the row failed
    # the unknown clause tag is listed, not hidden
    section = html[html.index('id="unknown"') :]
    assert "A scenario naming a clause that does not exist" in section
    assert '<span class="tag unknown"' in section and "@bv-2017.no-such-clause" in section


def test_the_index_summarises_coverage_per_direction(site: Path):
    html = (site / "index.html").read_text(encoding="utf-8")
    row = re.search(r'<tr data-direction="bv-2017">(.*?)</tr>', html, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    # clauses, covered, passed (the scenario and one row), failed (one row), not run, untagged/unknown
    assert cells[1:] == ["4", "2 of 4", "2", "1", "1", "1"]
    assert 'href="bv-2017.html"' in html and 'href="dfe-2017.html"' in html
    dfe = re.search(r'<tr data-direction="dfe-2017">(.*?)</tr>', html, re.S).group(1)
    assert "0 of 8" in dfe


def test_without_results_every_scenario_is_not_run(tmp_path: Path, fixture_inputs: tuple[Path, Path]):
    features, _ = fixture_inputs
    site = docs_site.build_site(DIRECTIONS, features, None, tmp_path / "bare").parent
    html = (site / "bv-2017.html").read_text(encoding="utf-8")
    assert set(statuses(html, "article").values()) == {"not run"}
    assert set(statuses(html, "tr").values()) == {"not run"}


# ---------------------------------------------------------------------------------------------
# the command


def comply(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "engine.cli", *args], capture_output=True, text=True, cwd=REPO_ROOT, timeout=300
    )


def test_comply_docs_with_results_prints_the_index_path(tmp_path: Path, fixture_inputs: tuple[Path, Path]):
    features, results = fixture_inputs
    run = comply("docs", "--out", str(tmp_path / "out"), "--results", str(results), "--features", str(features))
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str((tmp_path / "out" / "index.html").resolve())
    assert "bv-2017.quarterly-report" in (tmp_path / "out" / "bv-2017.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", ["not-json", "not-a-report", "missing", "bad-feature", "out-is-a-file"])
def test_comply_docs_fails_cleanly_on_bad_input(tmp_path: Path, fixture_inputs: tuple[Path, Path], case: str):
    features, results = fixture_inputs
    out = tmp_path / "out"
    if case == "not-json":
        results.write_text("{not json", encoding="utf-8")
    elif case == "not-a-report":
        results.write_text('{"features": []}', encoding="utf-8")
    elif case == "missing":
        results = tmp_path / "nowhere.json"
    elif case == "bad-feature":
        (features / "broken.feature").write_text(
            "Feature: broken\n  Scenario: s\n    Given x\n  Whatever this is\n", encoding="utf-8"
        )
    elif case == "out-is-a-file":
        out.write_text("", encoding="utf-8")
    run = comply("docs", "--out", str(out), "--results", str(results), "--features", str(features))
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), run.stderr
    if case == "bad-feature":
        assert "features/broken.feature, line 4: not a Gherkin feature" in lines[0]


def test_comply_docs_runs_the_scenarios_itself_when_no_results_are_given(tmp_path: Path):
    features = tmp_path / "features"
    features.mkdir()
    (features / "bv-2017.feature").write_text(
        "Feature: bv-2017 (fixture)\n\n"
        "  @bv-2017.quarterly-report\n  Scenario: one passes\n    Given a step that passes\n\n"
        "  @bv-2017.independent-review\n  Scenario: one fails\n    Given a step that fails\n",
        encoding="utf-8",
    )
    (features / "test_fixture_docs_run.py").write_text(
        "from pytest_bdd import given, scenarios\n"
        "scenarios('bv-2017.feature')\n"
        "@given('a step that passes')\ndef _ok():\n    pass\n"
        "@given('a step that fails')\ndef _bad():\n    raise AssertionError('on purpose')\n",
        encoding="utf-8",
    )
    out = tmp_path / "fresh" / "site"  # a folder that does not exist yet
    run = comply("docs", "--out", str(out), "--features", str(features))
    assert run.returncode == 0, run.stderr
    assert (out / "results.json").is_file() and (out / "pytest-output.txt").is_file()
    assert "1 failed, 1 passed" in run.stderr
    html = (out / "bv-2017.html").read_text(encoding="utf-8")
    assert statuses(html, "article") == {4: "passed", 8: "failed"}
    assert "on purpose" in html


# ---------------------------------------------------------------------------------------------
# a real browser


def dark_pixels(path: Path) -> int:
    """Pixels darker than light grey: text, rules and badges, not background."""
    _, _, rows = png_pixels(path)
    return sum(1 for row in rows for i in range(0, len(row), 3) if row[i] + row[i + 1] + row[i + 2] < 3 * 160)


def test_the_site_renders_its_clauses_in_a_real_browser(site: Path, tmp_path: Path):
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); "
            "the browser test must run, not skip"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        pytest.fail("the playwright package is missing: pip install -e '.[test]'")
    bv = next(d for d in DIRECTIONS if d.id == "bv-2017")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 1000})
            page.goto((site / "index.html").as_uri())
            assert page.title() == "comply: living documentation"
            assert page.locator("#coverage").is_visible()
            page.screenshot(path=str(tmp_path / "index.png"), full_page=True)
            # follow the link, as a reader would, to the direction's page
            follow(page.get_by_role("link", name=bv.title))
            assert page.url.endswith("/bv-2017.html")
            assert page.get_by_role("heading", level=1).inner_text() == bv.title
            clause_text = page.locator("blockquote.clause-text")
            assert clause_text.count() == len(bv.clauses)
            for i, clause in enumerate(bv.clauses):
                box = clause_text.nth(i)
                box.scroll_into_view_if_needed()
                assert box.is_visible()
                assert " ".join(box.inner_text().split()) == clause.text
                bounds = box.bounding_box()
                assert bounds and bounds["width"] > 300 and bounds["height"] > 20
            scenario = page.locator("article.scenario.passed").first
            assert scenario.is_visible() and "these submissions" in scenario.inner_text()
            assert page.locator("table.datatable td", has_text="bv-q1").is_visible()
            assert page.locator("tr.failed td", has_text="2018-08-02T00:01").is_visible()
            page.evaluate("window.scrollTo(0, 0)")
            shot = tmp_path / "bv-2017.png"
            page.screenshot(path=str(shot), full_page=True)
            first_clause = tmp_path / "bv-2017-first-clause.png"
            clause_text.first.screenshot(path=str(first_clause))
        finally:
            browser.close()
    assert shot.stat().st_size > 50_000, "the page's screenshot is nearly empty"
    width, height, _ = png_pixels(shot)
    assert width == 1200 and height > 2000, (width, height)  # the whole page, clauses and all
    # the clause's quoted words were painted: plenty of dark (text) pixels in its box
    assert dark_pixels(first_clause) > 1500, "the first clause's text did not render"
    assert dark_pixels(tmp_path / "index.png") > 5000


# ---------------------------------------------------------------------------------------------
# the guide to the sentences, and a feature file saved with a byte-order mark


def test_the_site_shows_the_guide_to_every_sentence_of_the_step_library(tmp_path: Path):
    features = REPO_ROOT / "features"
    guide = read_guide(features)
    assert len(guide) >= 40
    index = docs_site.build_site(DIRECTIONS, features, None, tmp_path / "site")
    html = (index.parent / "sentences.html").read_text(encoding="utf-8")
    for s in guide:
        assert f"<b>{s.keyword}</b> {escape(s.example)}</td>" in html, s.example
    assert f"The {len(guide)} sentences a scenario can use" in index.read_text(encoding="utf-8")
    assert 'href="sentences.html"' in index.read_text(encoding="utf-8")


def test_comply_docs_reads_a_feature_file_saved_with_a_byte_order_mark(tmp_path: Path, fixture_inputs):
    features, results = fixture_inputs
    path = features / "bv-2017.feature"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # as Windows Notepad saves it
    run = comply("docs", "--out", str(tmp_path / "site"), "--results", str(results), "--features", str(features))
    assert run.returncode == 0, run.stderr
    assert "quarterly" in (tmp_path / "site" / "bv-2017.html").read_text(encoding="utf-8")
    path.write_bytes(path.read_text(encoding="utf-8-sig").encode("utf-16"))  # Notepad's "Unicode"
    run = comply("docs", "--out", str(tmp_path / "site2"), "--results", str(results), "--features", str(features))
    assert run.returncode == 2 and "bv-2017.feature" in run.stderr and "save it as UTF-8" in run.stderr, run.stderr
