"""The worklist the desk's pages show (engine/outputs/worklist.py): the triage (most urgent first, the
hints that would resolve an unknown, the counts by owner and direction), filters, the 12-month
timeline, the stored facts by the ids findings cite, the coverage facts that bear on a finding; and
the last completed nightly run's counts by authority (engine/store/runs.py) for the department."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from helpers import DIRECTIONS, bundled, bundled_store, complete_records, store_from
from helpers import report as report_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from engine.core import calendar, ids, status
from engine.evaluation.check import check
from engine.outputs.worklist import (
    REST,
    SECTIONS,
    UNASSIGNED,
    Filters,
    boards_by_clause,
    coverage_for,
    coverage_subject,
    due_instant,
    fact_index,
    filter_findings,
    filter_options,
    hints,
    owed_for,
    section_of,
    timeline,
    why_unknown,
    worklist,
)
from engine.store import owners as owners_mod
from engine.store import runs, users
from engine.store.sqlite import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = bundled_store(tmp_path)
    yield s
    s.close()


def test_filters_narrow_the_list_and_keep_it_in_due_order(store: Store):
    report = check(store.load("tower-hamlets"), DIRECTIONS, calendar.as_of_instant("2018-02-01"))
    boards = boards_by_clause(DIRECTIONS)
    everything = filter_findings(report, Filters(), boards)
    assert len(everything) == len(report.findings)
    dues = [calendar.parse_instant(f.due) for f in everything]
    assert dues == sorted(dues)
    unknown = filter_findings(report, Filters(status="unknown"), boards)
    assert len(unknown) == report.counts["unknown"] > 0 and {f.status for f in unknown} == {"unknown"}
    csib = filter_findings(report, Filters(board="csib"), boards)
    assert csib and all(boards[f.clause] == "csib" for f in csib) and len(csib) < len(everything)
    bv = filter_findings(report, Filters(direction="bv-2017", status="unknown"), boards)
    assert bv and all(f.direction == "bv-2017" and f.status == "unknown" for f in bv)
    holder = "the DfE Intervention Adviser"
    adviser = filter_findings(report, Filters(holder=holder), boards)
    assert adviser and all(f.duty_holder.name == holder for f in adviser)
    with pytest.raises(ValueError, match="^status: "):
        Filters.from_args({"status": "late"})


def test_the_timeline_groups_the_next_twelve_months_by_month(store: Store):
    as_of = calendar.as_of_instant("2018-02-01")
    report = check(store.load("tower-hamlets"), DIRECTIONS, as_of)
    months = timeline(report, as_of, 12)
    assert [m.label for m in months][:2] == ["February 2018", "March 2018"] and len(months) == 12
    assert months[-1].label == "January 2019"
    listed = [f for m in months for f in m.findings]
    expected = [f for f in report.findings if as_of <= calendar.parse_instant(f.due) < as_of.add(months=12)]
    assert listed and sorted(f.id for f in listed) == sorted(f.id for f in expected)
    for m in months:
        assert all(calendar.parse_instant(f.due).month == m.first_day.month for f in m.findings)
    march = next(m for m in months if m.label == "March 2018")
    assert "tower-hamlets/bv-2017.quarterly-report/4" in [f.id for f in march.findings]


def test_every_fact_a_finding_cites_has_a_page(store: Store):
    state = store.load("tower-hamlets")
    report = check(state, DIRECTIONS, calendar.as_of_instant("2018-02-01"))
    index = fact_index(state)
    cited = {fid for f in report.findings for fid in f.evidence}
    assert cited and cited <= set(index), cited - set(index)
    kinds = {fid.split(":")[0] for fid in cited}
    assert {"submission", "meeting", "membership"} <= kinds
    sub = index[next(fid for fid in cited if fid.startswith("submission:"))]
    assert dict(sub.fields())["what"] and sub.fact.source


def test_stored_facts_are_indexed_by_the_one_module_of_ids(store: Store):
    state = store.load("tower-hamlets")
    index = fact_index(state)
    expected = (
        {ids.submission_id(s.key) for s in state.submissions}
        | {ids.meeting_id(m.key) for m in state.meetings}
        | {ids.membership_id(ms.board, ms.person, ms.start) for ms in state.memberships}
        | {ids.role_id(r.person, r.role) for r in state.roles}
        | {ids.request_id(rq.key) for rq in state.requests}
    )
    assert set(index) == expected
    assert all(stored.fact_id == fid for fid, stored in index.items())


def test_coverage_bears_on_a_finding_through_its_clause_or_its_board(store: Store):
    """The bundled data declares the quarterly reports complete, and the BVIB's meetings."""
    data = bundled()
    data["coverage"].append({"subject": ids.memberships_subject("bvib"), "complete_until": "2018-12-31"})
    with store_from(data, store.path.parent, name="covered.db") as covered:
        state = covered.load("tower-hamlets")
    report = check(state, DIRECTIONS, calendar.as_of_instant("2018-02-01"))
    boards = boards_by_clause(DIRECTIONS)
    q3 = next(f for f in report.findings if f.id == "tower-hamlets/bv-2017.quarterly-report/3")
    assert [c.subject for c in coverage_for(state, q3, boards)] == ["bv-2017.quarterly-report"]
    bvib = next(f for f in report.findings if boards.get(f.clause) == "bvib")
    assert {c.subject for c in coverage_for(state, bvib, boards)} == set(ids.board_subjects("bvib"))
    csib = next(f for f in report.findings if boards.get(f.clause) == "csib")
    assert coverage_for(state, csib, boards) == []


def test_the_status_filter_offers_every_status_in_the_table_s_order_and_words(store: Store):
    state = store.load("tower-hamlets")
    report = check(state, DIRECTIONS, calendar.as_of_instant("2018-02-01"))
    options = filter_options(report, boards_by_clause(DIRECTIONS), state)
    assert options["status"] == [(s.key, s.word) for s in status.STATUSES]


# -- the triage: most urgent first (engine.outputs.worklist.worklist) ------------------------------

Q2 = "tower-hamlets/bv-2017.quarterly-report/2"
Q3 = "tower-hamlets/bv-2017.quarterly-report/3"
AS_OF = calendar.as_of_instant("2018-02-01")
#: the bundled data's findings on 1 February 2018 (54 unknown, 1 due soon, the rest met or upcoming), once
_BASE = None


def base_findings():
    global _BASE
    if _BASE is None:
        with tempfile.TemporaryDirectory() as tmp:
            _BASE = report_of(bundled(), Path(tmp), "2018-02-01").findings
    return _BASE


def test_breaches_come_first_oldest_first_then_unknowns_due_soon_and_open(tmp_path: Path):
    data = bundled()
    complete_records(data, "bv-2017.quarterly-report", until="2018-01-31")
    rep = report_of(data, tmp_path, "2018-02-01")
    work = worklist(rep.findings, AS_OF, boards_by_clause(DIRECTIONS))
    assert [s.key for s in work.sections] == ["breached", "unknown", "due_soon", "open"]
    assert [r.finding.id for r in work.sections[0].rows] == [Q2, Q3]  # oldest breach first
    assert len(work.sections[1].rows) == rep.counts["unknown"] == 52
    assert all(r.why and r.hints for r in work.sections[1].rows)  # every unknown says why and what would resolve it
    assert len(work.sections[2].rows) == rep.counts["due_soon"] == 1
    assert {r.finding.status for r in work.rest.rows} == {"met", "upcoming"}
    assert work.total == len(rep.findings) and work.urgent == 2 + 52 + 1
    for section in work.sections:
        dues = [due_instant(r.finding) for r in section.rows]
        assert dues == sorted(dues)


def test_an_unknown_says_what_would_resolve_it_as_a_form_to_fill():
    unknown = next(f for f in base_findings() if f.id == Q3)
    assert unknown.status == "unknown"
    record, declare = hints(unknown)
    assert record.form == "submission" and record.params == {"clause": "bv-2017.quarterly-report", "occurrence": "3"}
    assert declare.form == "coverage" and declare.params == {"subject": "bv-2017.quarterly-report"}
    assert "complete" in declare.words and "breach" in declare.words
    assert why_unknown(unknown).startswith("The records of bv-2017.quarterly-report are not known to be complete")
    # a meeting duty: the meeting form, and the coverage subject the explanation names (the board's meetings)
    meetings = next(f for f in base_findings() if f.status == "unknown" and f.kind == "meeting_frequency")
    assert [h.form for h in hints(meetings)] == ["meeting", "coverage"]
    assert hints(meetings)[1].params["subject"].startswith("meetings:")
    # unknown for another reason than incomplete records: the stored record is to be corrected, no form
    untabled = next(f for f in base_findings() if f.status == "unknown" and "what was tabled" in f.explanation.reason)
    assert [h.form for h in hints(untabled)] == [None] and coverage_subject(untabled) is None
    assert why_unknown(untabled) == "The papers do not record what was tabled at this meeting."
    # only unknowns have hints
    assert all(hints(f) == () for f in base_findings() if f.status != "unknown")


def test_a_duty_with_no_due_date_says_how_long_it_has_been_owed():
    f = base_findings()[0].model_copy(update={"status": "open", "open_since": "2017-11-01T00:00:00+00:00"})
    assert owed_for(f, AS_OF) == "owed for 3 months"
    assert owed_for(f, calendar.as_of_instant("2017-11-13")) == "owed for 12 days"
    assert owed_for(f, calendar.as_of_instant("2017-11-01")) == "owed since today"
    assert owed_for(base_findings()[0].model_copy(update={"open_since": None}), AS_OF) is None
    work = worklist([f], AS_OF, {})
    assert work.sections[3].rows[0].owed_for == "owed for 3 months"


def test_counts_by_owner_take_the_clause_s_owner_before_the_board_s_and_say_unassigned(store: Store):
    users.add_user(store, "alice", "editor", "long enough password")
    users.add_user(store, "bob", "editor", "long enough password")
    owners_mod.set_owner(store, "tower-hamlets", "clause:bv-2017.quarterly-report", "alice", "test")
    owners_mod.set_owner(store, "tower-hamlets", "board:bvib", "bob", "test")
    owned = owners_mod.owners(store, "tower-hamlets")
    boards = boards_by_clause(DIRECTIONS)
    work = worklist(base_findings(), AS_OF, boards, owned)
    counted = {c.value: c for c in work.by_owner}
    assert set(counted) == {"alice", "bob", UNASSIGNED} and counted[UNASSIGNED].label == "Unassigned"
    assert sum(c.total for c in work.by_owner) == work.urgent
    quarterly = [f for f in base_findings() if f.clause == "bv-2017.quarterly-report" and section_of(f) != REST]
    assert counted["alice"].total == len(quarterly)
    bvib = [
        f
        for f in base_findings()
        if boards.get(f.clause) == "bvib" and section_of(f) != REST and f.clause != "bv-2017.quarterly-report"
    ]
    assert counted["bob"].total == len(bvib) > 0
    assert sum(c.total for c in work.by_direction) == work.urgent
    # the owner filter gives the same findings as the count
    report = check(store.load("tower-hamlets"), DIRECTIONS, AS_OF)
    mine = filter_findings(report, Filters(owner="alice"), boards, owned)
    assert {f.clause for f in mine} == {"bv-2017.quarterly-report"}
    nobody = filter_findings(report, Filters(owner=UNASSIGNED), boards, owned)
    assert len(nobody) + len(filter_findings(report, Filters(owner="bob"), boards, owned)) + len(mine) == len(
        report.findings
    )


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    picks=st.lists(
        st.tuples(st.integers(min_value=0, max_value=10_000), st.sampled_from(list(status.STATUS_ORDER))),
        max_size=40,
    )
)
def test_every_finding_is_in_exactly_one_section_in_urgency_order_and_no_breach_hides(picks):
    """Whatever the statuses: each finding once, the sections in urgency order, each by due date, and
    a breach (or any finding needing action) never behind "Show all"."""
    pool = base_findings()
    findings = []
    for i, (k, s) in enumerate(picks):
        f = pool[k % len(pool)]
        findings.append(f.model_copy(update={"status": s, "id": f"{f.id}#{i}"}))
    work = worklist(findings, AS_OF, boards_by_clause(DIRECTIONS))
    placed = [r.finding.id for s in work.sections for r in s.rows] + [r.finding.id for r in work.rest.rows]
    assert sorted(placed) == sorted(f.id for f in findings)  # exactly once
    assert [s.key for s in work.sections] == list(SECTIONS)
    assert list(SECTIONS) == [k for k in status.STATUS_ORDER if k in SECTIONS]  # the table's urgency order
    for s in work.sections:
        assert all(r.finding.status == s.key for r in s.rows)
        keys = [(due_instant(r.finding), r.finding.id) for r in s.rows]
        assert keys == sorted(keys)
    assert not any(r.finding.status in SECTIONS for r in work.rest.rows)  # no breach behind the link
    assert work.total == len(findings)


def test_the_department_s_counts_are_the_last_completed_run_s_by_authority(store: Store):
    other = [f.model_copy(update={"authority": "other", "id": "other/" + f.id}) for f in base_findings()[:5]]
    assert runs.last_completed(store) is None
    run = runs.start(store, "2018-02-01T00:00:00+00:00", "2018-02-01", 30, "test", {})
    runs.complete(store, run, [*base_findings(), *other], None)
    assert runs.last_completed(store).id == run
    counted = runs.counts_by_authority(store, run)
    assert set(counted) == {"tower-hamlets", "other"}
    assert counted["tower-hamlets"]["unknown"] == 54 and sum(counted["other"].values()) == 5
    assert set(counted["other"]) == set(status.STATUS_ORDER)
    failed = runs.start(store, "2018-02-02T00:00:00+00:00", "2018-02-02", 30, "test", {})
    runs.fail(store, failed, "test")
    assert runs.last_completed(store).id == run  # a failed run is never the one counted
