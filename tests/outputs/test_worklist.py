"""The worklist the desk's pages show (engine/outputs/worklist.py): filters, the 12-month timeline,
the stored facts by the ids findings cite, the coverage facts that bear on a finding."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DIRECTIONS, bundled, store_from

from engine.core import calendar, ids, status
from engine.evaluation.check import check
from engine.outputs.worklist import (
    Filters,
    boards_by_clause,
    coverage_for,
    fact_index,
    filter_findings,
    filter_options,
    timeline,
)
from engine.store.sqlite import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = store_from(bundled(), tmp_path)
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
