"""The Board paper as a PDF (engine/outputs/board_pdf.py, `comply report --format pdf`), read back with pypdf:
the summary of the bundled data as of 1 December 2017 fits in four A4 pages (issue 17), the file is a tagged
PDF (structure tree, /Lang en-GB, each chart a Figure with alternative text), it carries no path of the
machine that made it, the renderer fetches nothing, and the summary is written in the council's words
(clause titles, role names, GOV.UK dates), never in internal ids."""

from __future__ import annotations

import http.server
import io
import re
import threading

import pendulum
import pypdf
import pytest
from helpers import DIRECTIONS, bundled_store
from PIL import Image

from engine.cli.app import REPO_ROOT
from engine.core import calendar
from engine.core.provenance import direction_files
from engine.core.status import colour
from engine.outputs.board_pdf import html_to_pdf
from engine.outputs.board_report import Provenance, build, render_html
from engine.plan.importer import BUNDLED_PLAN, read_plan_file
from engine.plan.model import STATUS_COLOURS

AS_OF = "2017-12-01"
PLAN_REPORTED = "2017-09-11"  # the day the bundled plan's statuses describe (as `comply init --demo` records)


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    """The bundled data's Board paper as of 1 December 2017, with the improvement plan, as HTML and as PDF."""
    tmp = tmp_path_factory.mktemp("paper")
    with bundled_store(tmp) as store:
        state = store.load("tower-hamlets")
    board = build(
        state,
        DIRECTIONS,
        calendar.as_of_instant(AS_OF),
        due_soon_days=30,
        provenance=Provenance(
            generated_at=pendulum.datetime(2017, 12, 1, 9, 30, tz="Europe/London"),
            store="comply.db",
            direction_files=direction_files(REPO_ROOT / "directions"),
        ),
        plan_rows=read_plan_file(BUNDLED_PLAN),
        plan_reported_on=calendar.as_of_instant(PLAN_REPORTED).date(),
    )
    html = render_html(board)
    pdf = html_to_pdf(html)
    return board, html, pdf, pypdf.PdfReader(io.BytesIO(pdf))


def page_of(reader: pypdf.PdfReader, anchor: str) -> int:
    """The 0-based page an element id is on (WeasyPrint writes every id as a named destination)."""
    return reader.get_destination_page_number(reader.named_destinations[anchor])


def summary_text(html: str) -> str:
    """The summary's visible words: the section without its markup, attributes and charts."""
    section = html[html.index('<section id="summary">') : html.index('<section id="breaches"')]
    section = re.sub(r"<svg.*?</svg>", " ", section, flags=re.S)
    section = re.sub(r"<[^>]+>", " ", section)
    return " ".join(section.replace("&#39;", "'").replace("&amp;", "&").split())


def test_the_summary_is_at_most_four_a4_pages_and_the_appendices_follow(paper):
    board, _, pdf, reader = paper
    assert pdf.startswith(b"%PDF-")
    first = reader.pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (595, 842)  # A4 in points
    assert page_of(reader, "summary") == 0
    last_of_summary = page_of(reader, "end-of-summary")
    assert last_of_summary <= 3, f"the summary runs to {last_of_summary + 1} pages"
    assert page_of(reader, "breaches") == last_of_summary + 1  # appendix A starts on a new page
    # the appendices hold the full detail: every unknown finding has its entry there
    assert all(page_of(reader, f.id) > last_of_summary for f in board.unknowns)
    assert len(reader.pages) > 20


def test_the_pdf_is_tagged_with_its_language_and_the_charts_alternative_text(paper):
    board, _, _, reader = paper
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title.startswith("Compliance with Secretary of State directions")
    kinds: list[str] = []
    figures: list[str] = []

    def walk(node) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            kinds.append(str(node.get("/S", "")))
            if node.get("/S") == "/Figure":
                figures.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(root["/StructTreeRoot"])
    assert {"/H1", "/H2", "/Table", "/TH", "/L", "/P"} <= set(kinds)
    assert len(figures) == 2  # the findings by month and the plan's overall status
    findings_alt, plan_alt = figures
    assert findings_alt.startswith("Bar chart of the findings by status") and "as of 1 Dec 2017" in findings_alt
    counts = board.report.counts
    assert f"{counts['met']} met" in findings_alt and f"{counts['unknown']} unknown" in findings_alt
    assert plan_alt.startswith(f"Bar chart of the improvement plan's {board.plan.milestones} milestones")


def test_no_path_of_the_machine_in_the_html_or_the_pdf(paper, tmp_path):
    _, html, pdf, reader = paper
    text = "".join(page.extract_text() for page in reader.pages)
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    for place in (html, text, metadata, pdf.decode("latin-1")):
        for path in (str(REPO_ROOT), str(tmp_path.parent.parent), "/work/", "/tmp/", "/home/", "file:"):
            assert path not in place, path
    assert "from the store comply.db" in " ".join(text.split())  # the store's name is enough


def test_the_summary_names_no_internal_id(paper):
    board, html, _, _ = paper
    text = summary_text(html)
    ids = {f.id for f in board.report.findings} | {f.clause for f in board.report.findings}
    for d in DIRECTIONS:
        ids |= {d.id} | {k for k in d.roles if "-" in k} | {k for k in d.items if "-" in k}
        ids |= {f"{d.id}.{c.key}" for c in d.clauses}
    ids |= {f"meetings:{b}" for b in ("bvib", "csib", "bvib-officers-mayor")}
    for key in sorted(ids):
        assert not re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text), key
    for jargon in ("to until revoked", "seed line", "occurrence ", "political_groups", "coverage"):
        assert jargon not in text, jargon
    # the council's words instead: role names, clause titles, GOV.UK dates, "until revoked" said properly
    assert "the Chair of the Children's Services Improvement Board" in text
    assert "10am on 30 December 2017" in text and "Quarterly reports to the Secretary of State" in text
    assert "from 7 April 2017 until revoked" in text
    assert not re.search(r"\d\d:\d\d (GMT|BST)", text)  # GOV.UK times ("10am"), not "10:00 GMT"


def test_the_summary_leads_with_the_exceptions(paper):
    board, html, _, _ = paper
    text = summary_text(html)
    order = [
        text.index("No breach is proven"),
        text.index("Not proven: nothing is recorded"),
        text.index("Not proven: a record needs completing"),
        text.index("Due in the next quarter"),
        text.index("The improvement plan: reported statuses that contradict the definitions"),
        text.index("The position in numbers"),
    ]
    assert order == sorted(order)
    # every unknown is counted once, in one table or the other; the why is said
    missing, to_complete = board.summary.missing, board.summary.to_complete
    assert len(missing.rows) + missing.more + sum(r.count for r in to_complete.rows) == len(board.unknowns)
    assert "The meeting is recorded as scheduled, not as held." in text
    assert "Heather Daley 6 (5)" in text  # the plan's contradictions by lead officer (reported better in brackets)
    assert (
        "13.2 Tender evaluation (Steve Hill / Emily Fieran-Reed): reported On Target, the definitions give Overdue"
        in text
    )


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        type(self).hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_the_renderer_fetches_nothing_remote_or_from_disk(tmp_path):
    """Were a URL to reach the HTML, WeasyPrint's fetcher allows only data: URLs: a local web server sees no
    request and a file on disk is not embedded."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    png = tmp_path / "chart.png"
    Image.new("RGB", (40, 30), "#c62828").save(png)
    try:
        port = server.server_address[1]
        html = (
            '<!DOCTYPE html><html lang="en-GB"><head><title>t</title>'
            f'<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css"></head><body><p>text</p>'
            f'<img src="http://127.0.0.1:{port}/chart.png" alt="a chart">'
            f'<img src="{png.as_uri()}" alt="a file"></body></html>'
        )
        pdf = html_to_pdf(html)
    finally:
        server.shutdown()
    assert _Counter.hits == []
    assert b"/Image" not in pdf  # neither image was embedded


def test_the_pdf_draws_both_charts(paper):
    """WeasyPrint draws the inline SVG charts (made by a template, no plotting library): their labels are
    text on the pages of their figures, and their bars are filled in their colours there."""
    board, _, _, reader = paper

    def fills(page) -> set[tuple[float, ...]]:
        data = page.get_contents().get_data().decode("latin-1")
        return {tuple(round(float(x), 2) for x in m) for m in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", data)}

    def rgb(hex_colour: str) -> tuple[float, ...]:
        return tuple(round(int(hex_colour[i : i + 2], 16) / 255, 2) for i in (1, 3, 5))

    chart_page = reader.pages[page_of(reader, "chart")]
    text = " ".join(chart_page.extract_text().split())
    for label in ("Dec 2016", "as of 1 Dec 2017", "findings", "upcoming", str(len(board.report.findings))):
        assert label in text, label
    assert {rgb(colour("met")), rgb(colour("upcoming"))} <= fills(chart_page)
    plan_pages = reader.pages[page_of(reader, "improvement-plan") : page_of(reader, "about")]
    plan_text = " ".join(" ".join(p.extract_text().split()) for p in plan_pages)
    assert "Whole plan" in plan_text and "milestones" in plan_text and "not derivable" in plan_text
    assert any({rgb(STATUS_COLOURS["Completed"]), rgb(STATUS_COLOURS["Overdue"])} <= fills(p) for p in plan_pages)
