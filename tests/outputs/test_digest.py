"""The morning digest's pages (engine/outputs/digest.py): the HTML summary and its plain-text twin, with
the status table's words and colour, text escaped, and a failed run showing nothing that reads as
an all clear. (The digest sent over SMTP and opened in a browser is tested with the nightly run, in
tests/operations/.)"""

from __future__ import annotations

import re

from engine.core.status import STATUSES, colour
from engine.evaluation.diffs import Change, Diff
from engine.outputs import digest
from engine.store.runs import Run


def run(status: str = "completed", error: str | None = None) -> Run:
    return Run(
        id=2,
        as_of="2017-12-02T00:00:00+00:00",
        as_of_date="2017-12-02",
        due_soon_days=30,
        started_at="2017-12-02T02:00:00+00:00",
        ended_at="2017-12-02T02:00:05+00:00",
        status=status,
        error=error,
        pid=1,
        host="night <host>",
        code_version="0.1.0",
        direction_hashes={},
        counts={"breached": 1, "met_late": 3} if status == "completed" else {},
        previous_run=1,
        replaced_by=None,
        mail=None,
    )


def change(subject: str) -> Change:
    return Change(
        "th/dfe-2017.5g/1", "th", "dfe-2017", "dfe-2017.5g", subject, "2017-12-01T10:00:00+00:00", None, "breached"
    )


def test_the_summary_counts_every_status_in_the_tables_words_and_order_and_escapes_text():
    diff = Diff(before=1, after=2, new_breaches=[change("Q1 <report> & annex")])
    html = digest.html_summary(run(), diff, [], ["Tower Hamlets"])
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    counts = re.search(r'<table id="counts">(.*?)</table>', html, re.S).group(1)
    assert re.findall(r"<th>(.*?)</th>", counts) == [s.long for s in STATUSES]
    assert "<th>met late</th><td>3</td>" in counts and "<th>upcoming</th><td>0</td>" in counts
    assert 'id="new_breaches">New breaches since run #1 (1)</h2>' in html
    assert "Q1 &lt;report&gt; &amp; annex" in html and "<report>" not in html
    assert "night &lt;host&gt;" in html
    assert f".breached{{color:{colour('breached')};" in html  # the status table's red
    assert "Breaches standing (0)" in html and "this run is the baseline" not in html
    text = digest.text_summary(run(), diff, [])
    assert "Counts: 1 breached, 0 unknown, 0 due soon, 0 open, 3 met late, 0 met, 0 upcoming, 0 lapsed" in text


def test_a_first_run_is_the_baseline():
    html = digest.html_summary(run(), Diff(before=None, after=2), [], ["Tower Hamlets"])
    assert "No earlier completed run to compare with: this run is the baseline." in html
    assert 'id="new_breaches"' not in html


def test_a_failed_run_shows_the_failure_and_no_results():
    html = digest.html_summary(run("failed", "EngineError: <refused>"), None, [], ["Tower Hamlets"])
    assert '<div class="failed"><strong>The run FAILED.</strong>' in html
    assert "EngineError: &lt;refused&gt;" in html
    assert 'id="counts"' not in html and "Breaches standing" not in html
