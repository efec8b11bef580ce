"""The bundled data says only what the seed papers say, and no finding is met on the strength of a plan.

Each example is one the papers settle: the Q2 quarterly report was only announced ("will be
submitted on 29th September 2017"), the 11 September 2017 Board is known from its agenda alone
(whose member list has no Conservative member and the Vice-Chair of Overview and Scrutiny instead of
its Chair), and no paper states the political group of the Mayor or of the cabinet members.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from evaluation.test_recorded_findings import first_of_months
from helpers import DIRECTIONS, bundled, bundled_store, complete_records, comply, edit, finding, report
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from engine.core import calendar
from engine.evaluation.check import check
from engine.model import facts as F
from engine.store.importer import ImportError_, import_file
from engine.store.sqlite import Store

SEEDS = (
    "000_3972a279b67b771e.txt",
    "001_df0266235ab592d9.txt",
    "002_7d5881941015d02d.txt",
    "003_5f51d966092a2757.txt",
    "004_52c33124d78cd148.txt",
)
Q2 = "tower-hamlets/bv-2017.quarterly-report/2"
SEPT = "bvib-2017-09-11"


def test_the_q2_report_is_not_met_as_of_2_october_2017_and_shows_the_announcement(tmp_path):
    """`comply check --as-of 2017-10-02 --format json`, as a user runs it."""
    with bundled_store(tmp_path):
        pass
    result = comply("check", "--as-of", "2017-10-02", "--format", "json", store=tmp_path / "comply.db")
    assert result.returncode in (0, 1), result.stderr
    q2 = next(f for f in json.loads(result.stdout)["findings"] if f["id"] == Q2)
    assert q2["status"] == "unknown" and q2["evidence"] == []
    (said,) = q2["explanation"]["announcements"]
    assert "announced, not evidence of sending or receipt" in said
    assert "said on 11 September 2017 to be sent on 29 September 2017" in said and "002_7d5881941015d02d.txt" in said
    assert said in q2["explanation"]["facts"] and "not a record that it was" in q2["explanation"]["reason"]


def test_with_the_records_complete_the_announced_q2_report_is_breached_not_met(tmp_path):
    data = bundled()
    complete_records(data, "bv-2017.quarterly-report")
    q2 = finding(report(data, tmp_path, "2017-10-02"), Q2)
    assert q2.status == "breached" and q2.explanation.announcements


def test_an_announcement_is_not_known_before_the_paper_that_makes_it(tmp_path):
    state = _bundled_state(tmp_path)
    before, after = (
        next(f for f in check(state, DIRECTIONS, calendar.as_of_instant(day)).findings if f.id == Q2)
        for day in ("2017-09-10", "2017-09-12")
    )
    assert before.explanation.announcements == [] and after.explanation.announcements != []


def _bundled_state(tmp_path):
    with bundled_store(tmp_path) as store:
        return store.load("tower-hamlets")


def _answer(state, day: str) -> dict[str, tuple[str, list[str]]]:
    rep = check(state, DIRECTIONS, calendar.as_of_instant(day))
    return {f.id: (f.status, f.evidence) for f in rep.findings}


def test_no_finding_on_any_first_of_the_month_is_met_on_the_strength_of_an_announcement(tmp_path):
    """Every first of the month from April 2017 to December 2018: the bundled data gives the same status
    and evidence with its announcements and without them, and with an announcement of every occurrence
    of every submission duty added (announced before it fell due, planned in time)."""
    state = _bundled_state(tmp_path)
    assert state.announcements, "the bundled data announces the Q2 report"
    none = state.__class__(**{**state.__dict__, "announcements": []})
    every = state.__class__(**{**state.__dict__, "announcements": _announce_everything()})
    for day in first_of_months():
        plain = _answer(none, day)
        assert _answer(state, day) == plain, day
        assert _answer(every, day) == plain, day


def _announce_everything() -> list[F.Announcement]:
    out = []
    for d in DIRECTIONS:
        for c in d.clauses:
            if c.rule.kind in ("deadline", "recurring"):
                for n in range(1, 8):
                    out.append(
                        F.Announcement(
                            key=f"a-{d.id}-{c.key}-{n}".replace(".", "-"), what="a report", clause=d.clause_id(c),
                            occurrence=n, announced_on="2017-04-01", planned_for="2017-04-02", source="test",
                        )
                    )  # fmt: skip
    return out


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    occurrence=st.integers(min_value=1, max_value=7),
    announced=st.dates(min_value=calendar.local(2017, 3, 1).date(), max_value=calendar.local(2018, 12, 1).date()),
    ahead=st.integers(min_value=0, max_value=400),
    day=st.sampled_from(first_of_months()),
)
def test_an_announcement_never_changes_a_status_or_evidence(tmp_path_factory, occurrence, announced, ahead, day):
    state = _STATE.get("s") or _STATE.setdefault("s", _bundled_state(tmp_path_factory.mktemp("s")))
    extra = F.Announcement(
        key="extra", what="a report", clause="bv-2017.quarterly-report", occurrence=occurrence,
        announced_on=announced, planned_for=announced + dt.timedelta(days=ahead), source="test",
    )  # fmt: skip
    more = state.__class__(**{**state.__dict__, "announcements": [*state.announcements, extra]})
    assert _answer(more, day) == _answer(state, day)


_STATE: dict = {}


def test_the_11_september_2017_board_is_a_published_agenda_and_none_of_its_findings_is_met(tmp_path):
    rep = report(bundled(), tmp_path, "2017-10-02")
    sept = [f for f in rep.findings if SEPT in f.id or any(SEPT in e for e in f.evidence)]
    assert sept and {f.status for f in sept} == {"unknown"}
    held = finding(rep, f"tower-hamlets/bv-2017.board-composition/{SEPT}:held")
    assert "recorded as scheduled, not as held" in held.explanation.reason
    # the quarter it would have counted for reads unknown, not met on the agenda
    assert finding(rep, "tower-hamlets/bvib-tor.quarterly-public-meetings/quarter-2017-07-01").status == "unknown"


def _sept_held(data, attendance_known: bool) -> None:
    (mt,) = edit(data, "meetings", lambda m: m["key"] == SEPT)
    mt["status"] = "held"
    mt["attendance_known"] = attendance_known


def test_were_the_11_september_board_held_with_attendance_unknown_every_composition_finding_is_unknown(tmp_path):
    data = bundled()
    _sept_held(data, attendance_known=False)
    rep = report(data, tmp_path, "2017-10-02")
    comp = [f for f in rep.findings if f.id.startswith("tower-hamlets/bvib-tor.membership/" + SEPT)]
    assert len(comp) > 10 and {f.status for f in comp} == {"unknown"}
    assert all("attendance not recorded" in f.explanation.reason for f in comp)


@pytest.mark.parametrize(("complete", "right"), [(False, "unknown"), (True, "breached")])
def test_the_agenda_member_list_has_no_conservative_member_and_no_osc_chair(tmp_path, complete, right):
    """Were its attendance recorded, the 11 September 2017 board read from the agenda's member list: no
    Conservative member and the OSC vice-chair instead of its chair; unknown while the memberships are
    not known complete, breached once they are. Never met."""
    data = bundled()
    _sept_held(data, attendance_known=True)
    if complete:
        complete_records(data, "memberships:bvib", "political_groups")
    rep = report(data, tmp_path, "2017-10-02")
    for disc in ("group:conservative", "role:osc-chair"):
        assert finding(rep, f"tower-hamlets/bvib-tor.membership/{SEPT}:{disc}").status == right
    assert finding(rep, f"tower-hamlets/bv-2017.board-composition/{SEPT}:group:conservative").status == right
    assert finding(rep, f"tower-hamlets/bvib-tor.membership/{SEPT}:role:external-representative").status == "met"


def test_no_paper_states_the_mayors_or_cabinet_members_group_so_every_political_group_reads_unknown(tmp_path):
    data = bundled()
    grouped = {p["key"]: p["group"] for p in data["people"] if p.get("group")}
    assert grouped == {"oliur-rahman": "independent-group", "peter-golds": "conservative", "rabina-khan": "path"}
    rep = report(data, tmp_path, "2017-07-01")
    every = finding(rep, "tower-hamlets/bv-2017.board-composition/bvib-2017-06-14:groups:all")
    assert every.status == "unknown" and "which political groups" in every.explanation.reason
    assert not [f for f in rep.findings if "labour" in f.id]


def test_a_coverage_of_the_political_groups_makes_the_recorded_groups_all_the_groups(tmp_path):
    data = bundled()
    complete_records(data, "political_groups")
    rep = report(data, tmp_path, "2017-07-01")
    assert not [f for f in rep.findings if f.id.endswith(":groups:all")]
    assert finding(rep, "tower-hamlets/bv-2017.board-composition/bvib-2017-06-14:group:conservative").status == "met"


def test_every_fact_of_the_bundled_data_cites_a_seed_paper_and_nothing_else():
    data = bundled()

    def sources(node, where):
        if isinstance(node, dict):
            if "source" in node:
                yield where, node["source"]
            for k, v in node.items():
                yield from sources(v, f"{where}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from sources(v, f"{where}[{i}]")

    found = list(sources(data, "data"))
    assert len(found) > 90
    for where, source in found:
        assert any(seed in source for seed in SEEDS), f"{where}: {source}"
        assert "DOMAIN.md" not in source and "project lead" not in source, where


def test_coverage_claims_only_dates_the_papers_reach():
    latest = dt.date(2017, 9, 11)  # the date of the newest paper (002) that speaks of reports and meetings
    for cov in bundled()["coverage"]:
        assert cov["complete_until"] <= latest, cov["subject"]


def test_csib_terms_of_reference_start_and_external_member_are_readings_of_the_papers():
    (tor,) = [d for d in DIRECTIONS if d.id == "csib-tor"]
    assert tor.in_force.start.isoformat() == "2017-06-12"
    assert "April 2017" in tor.in_force.reading and "recommendation 4" in tor.in_force.reading
    (rule,) = [c.rule for c in tor.clauses if c.rule.kind == "composition"]
    assert rule.external_members == 1 and "chaired independently" in rule.reading


def test_an_announcement_looks_forward_and_names_a_clause_the_directions_have(tmp_path):
    with pytest.raises(ValueError, match="planned_for"):
        F.Announcement(key="a", what="x", announced_on="2017-09-11", planned_for="2017-09-10")
    path = tmp_path / "more.yaml"
    path.write_text(
        "announcements:\n  - key: q9\n    what: Q9\n    clause: bv-2017.no-such-clause\n    occurrence: 1\n"
        "    announced_on: 2017-09-11\n    planned_for: 2017-09-29\n"
    )
    with bundled_store(tmp_path) as store:
        before = store.counts()
        with pytest.raises(ImportError_, match="clause: no clause 'bv-2017.no-such-clause'"):
            import_file(store, path, DIRECTIONS, "tower-hamlets")
        assert store.counts() == before


def test_attendance_rows_and_attendance_not_known_contradict_each_other():
    with pytest.raises(ValueError, match="attendance_known"):
        F.Meeting(
            key="m", board="b", starts_at="2017-06-14T18:00", attendance_known=False,
            attendance=[F.Attendance(person="p")],
        )  # fmt: skip


def test_announcements_and_attendance_known_round_trip_through_the_store(tmp_path):
    with bundled_store(tmp_path) as store:
        state = store.load("tower-hamlets")
    (q2,) = state.announcements
    assert (q2.key, q2.occurrence, q2.announced_on.isoformat(), q2.planned_for.isoformat()) == (
        "bv-2017-q2-report", 2, "2017-09-11", "2017-09-29",
    )  # fmt: skip
    known = {m.key: m.attendance_known for m in state.meetings}
    assert known["bvib-2017-06-14"] is True and known[SEPT] is False and known["csib-2017-06-12"] is False
    assert not [s for s in state.submissions if s.occurrence == 2]
    with Store.open(tmp_path / "comply.db") as again:
        assert again.load("tower-hamlets", kinds=["announcements"]).announcements == state.announcements
