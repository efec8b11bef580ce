"""The morning digest's pages (engine/outputs/digest.py): the HTML summary and its plain-text twin, with
the status table's words and colour, text escaped, and a failed run showing nothing that reads as
an all clear. (The digest sent over SMTP and opened in a browser is tested with the nightly run, in
tests/operations/.)"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tempfile
from pathlib import Path

import pytest
from helpers import bundled, report
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from engine.core import calendar
from engine.core.errors import InputError
from engine.core.status import STATUS_ORDER, STATUSES, colour, info
from engine.evaluation.diffs import Change, Diff, compare
from engine.model.findings import Finding
from engine.outputs import digest
from engine.outputs.worklist import hints, why_unknown
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
    assert "this run is the baseline" not in html
    assert html.index('id="to-do"') < html.index('id="new_breaches"') < html.index('id="counts"')  # counts last
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


@functools.cache
def bundled_findings() -> tuple[Finding, ...]:
    """The bundled data's findings as of 1 December 2017 (41 unknown, 8 due soon, 25 met, 43 upcoming)."""
    with tempfile.TemporaryDirectory() as folder:
        return tuple(report(bundled(), Path(folder), "2017-12-01").findings)


def run_of(as_of: str = "2017-12-01T00:00:00+00:00") -> Run:
    return Run(**{**run().__dict__, "as_of": as_of, "as_of_date": as_of[:10]})


@settings(max_examples=examples(40), deadline=None)
@given(data=st.data())
def test_what_to_do_puts_each_breach_and_unknown_once_new_exactly_when_its_status_changed(data):
    current = list(bundled_findings())
    # some findings are breached now (the bundled data has none on this date)
    breached = data.draw(st.sets(st.sampled_from([f.id for f in current if f.status == "unknown"]), max_size=5))
    current = [f.model_copy(update={"status": "breached"}) if f.id in breached else f for f in current]
    before = data.draw(st.lists(st.sampled_from([None, *STATUS_ORDER]), min_size=len(current), max_size=len(current)))
    old = [f.model_copy(update={"status": b}) for f, b in zip(current, before, strict=True) if b is not None]
    first = data.draw(st.booleans())
    todo = digest.to_do(run_of(), None if first else compare(old, current, 1, 2), current, "https://desk.example")
    was = {f.id: f.status for f in old}
    for key, new, standing in (
        ("breached", todo.new_breaches, todo.standing_breaches),
        ("unknown", todo.new_unknowns, todo.standing_unknowns),
    ):
        ids = [i.finding.id for i in new + standing]
        assert sorted(ids) == sorted(f.id for f in current if f.status == key)  # each once, in one list
        assert {i.finding.id for i in new} == {
            f.id for f in current if f.status == key and (first or was.get(f.id) != key)
        }
        for i in new + standing:
            assert i.link == f"https://desk.example/finding/{i.finding.id.replace(':', '%3A')}?as_of=2017-12-01"
            assert i.why == (i.finding.explanation.reason if key == "breached" else why_unknown(i.finding))
            assert i.resolve == tuple(h.words for h in hints(i.finding))
    if first:
        assert not todo.standing_breaches and not todo.standing_unknowns
    n = len(todo.new_breaches)
    assert todo.headline().startswith(f"{n} {'' if first else 'new '}breach") if n else "breach" not in todo.headline()


def test_what_falls_due_is_every_owed_duty_due_within_30_days_in_date_order():
    current = list(bundled_findings())
    todo = digest.to_do(run_of(), None, current)
    as_of = calendar.parse_instant("2017-12-01T00:00:00+00:00")
    expected = [
        f
        for f in current
        if info(f.status).owed
        and not info(f.status).past_due
        and f.open_since is None
        and as_of <= calendar.parse_instant(f.due) < as_of + dt.timedelta(days=30)
    ]
    assert sorted(i.finding.id for i in todo.falling_due) == sorted(f.id for f in expected) and len(expected) == 8
    dues = [calendar.parse_instant(i.finding.due) for i in todo.falling_due]
    assert dues == sorted(dues)
    assert all(i.link is None for i in todo.falling_due)  # no desk address: no links


def test_the_subject_says_what_needs_doing():
    current = list(bundled_findings())
    names = ["London Borough of Tower Hamlets"]
    assert digest.subject(run_of(), None, names, None, current) == (
        "[comply] 41 unknowns to resolve (first run): London Borough of Tower Hamlets, 1 December 2017"
    )
    breached = {f.id for f in current if f.status == "unknown"}
    breached = set(sorted(breached)[:2])
    now = [f.model_copy(update={"status": "breached"}) if f.id in breached else f for f in current]
    diff = compare(current, now, 1, 2)
    assert digest.subject(run_of(), diff, names, None, now) == (
        "[comply] 2 new breaches: London Borough of Tower Hamlets, 1 December 2017"
    )
    quiet = compare(now, now, 2, 3)
    assert digest.subject(run_of(), quiet, names, None, now) == (
        "[comply] Nothing new to do; 2 breaches, 39 unknowns standing: London Borough of Tower Hamlets, 1 December 2017"
    )
    assert digest.subject(run_of(), compare([], [], 2, 3), names, None, []) == (
        "[comply] Nothing to do: London Borough of Tower Hamlets, 1 December 2017"
    )
    assert digest.subject(run_of(), diff, names, "ConnectionError: refused", now).startswith(
        "[comply] SYNC FAILED: 2 new breaches: "
    )


def test_the_desk_address_is_read_without_mail_and_checked():
    assert digest.load_desk_url(None, {"COMPLY_DESK_URL": "https://desk.example/"}) == "https://desk.example/"
    assert digest.load_desk_url(None, {}) is None
    with pytest.raises(InputError) as refused:
        digest.load_desk_url(None, {"COMPLY_DESK_URL": "desk.example"})
    assert str(refused.value) == "COMPLY_DESK_URL: expected the desk's address (https://...), got 'desk.example'"


@settings(max_examples=examples(20), deadline=None)
@given(data=st.data())
def test_a_run_not_compared_lists_every_breach_and_unknown_standing_and_calls_none_new(data):
    """After an upgrade that changed the form of findings (engine.store.runs.not_comparable), the run is not compared
    with the last: whatever stands is listed once, nothing is called new, and every output says why."""
    current = list(bundled_findings())
    breached = data.draw(
        st.sets(st.sampled_from([f.id for f in current if f.status == "unknown"]), min_size=1, max_size=5)
    )
    current = [f.model_copy(update={"status": "breached"}) if f.id in breached else f for f in current]
    why = data.draw(st.sampled_from(["the last run, #1, was made by an earlier version of comply (0.0.9 <x>)", "odd"]))
    diff = compare(None, current, None, 2, not_compared=(1, why))
    assert not diff.to_json()["before"] and diff.changed and not any(diff.counts().values())
    todo = digest.to_do(run_of(), diff, current)
    for key, listed in (("breached", todo.new_breaches), ("unknown", todo.new_unknowns)):
        assert sorted(i.finding.id for i in listed) == sorted(f.id for f in current if f.status == key)
    assert not todo.standing_breaches and not todo.standing_unknowns and todo.not_compared == why
    assert "new" not in todo.headline()
    assert all("new" not in line for line in digest.terminal_lines(todo) if not line.startswith("to do:"))
    subject = digest.subject(run_of(), diff, ["Tower Hamlets"], None, current)
    assert "(not compared with run #1: another version of comply)" in subject and " new" not in subject
    assert f"Not compared: {why}. Its findings are not compared with tonight's" in digest.text_summary(
        run_of(), diff, current
    )
    html = digest.html_summary(run_of(), diff, current, ["Tower Hamlets"])
    assert 'id="not-compared"' in html and "<x>" not in html  # the reason, escaped
    with pytest.raises(ValueError):
        compare(current, current, 1, 2, not_compared=(1, why))
