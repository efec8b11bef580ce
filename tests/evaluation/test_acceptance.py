"""The acceptance list of the compliance core (issue 2, section 6), on the bundled data and small
variations of it, through a real SQLite store and the same evaluation the command line uses."""

from __future__ import annotations

import datetime as dt

from helpers import bundled, complete_records, edit, finding, report

TH = "tower-hamlets"


def q1_received_at(data, when: str) -> None:
    q1 = edit(data, "submissions", lambda s: s.get("occurrence") == 1 and s["clause"] == "bv-2017.quarterly-report")[0]
    q1.pop("received_between", None)
    q1["received"] = when


def test_first_dclg_quarterly_report_is_due_at_ten_bst_on_30_june_2017(tmp_path):
    f = finding(report(bundled(), tmp_path, "2017-07-01"), f"{TH}/bv-2017.quarterly-report/1")
    assert f.due == "2017-06-30T10:00:00+01:00"
    assert f.duty_holder.kind == "council"
    assert any("10:00 BST on 30 June 2017" in step for step in f.explanation.due_computation)


def test_bundled_q1_report_with_no_stated_time_is_unknown_not_met(tmp_path):
    f = finding(report(bundled(), tmp_path, "2017-07-01"), f"{TH}/bv-2017.quarterly-report/1")
    assert f.status == "unknown"
    assert f.evidence == ["submission:bv-2017-q1-report"]
    assert "between 18:05 BST on 14 June 2017 and 23:59:59 BST on 30 June 2017" in f.explanation.facts[0]


def test_a_report_received_at_1015_on_30_june_is_met_late(tmp_path):
    data = bundled()
    q1_received_at(data, "2017-06-30T10:15")
    f = finding(report(data, tmp_path, "2017-07-01"), f"{TH}/bv-2017.quarterly-report/1")
    assert f.status == "met_late"
    assert "It was done, but only after the due time." in f.explanation.reason


def test_a_report_received_at_the_exact_minute_is_met_and_one_minute_later_is_late(tmp_path):
    for minute, expected in (("10:00", "met"), ("10:01", "met_late"), ("09:59", "met")):
        data = bundled()
        q1_received_at(data, f"2017-06-30T{minute}")
        folder = tmp_path / minute.replace(":", "")
        folder.mkdir()
        assert finding(report(data, folder, "2017-07-01"), f"{TH}/bv-2017.quarterly-report/1").status == expected


def test_no_q1_report_at_all_is_a_breach_where_the_records_are_complete(tmp_path):
    data = bundled()
    data["submissions"] = [s for s in data["submissions"] if s.get("occurrence") != 1]
    rep = report(data, tmp_path, "2017-07-01")
    f = finding(rep, f"{TH}/bv-2017.quarterly-report/1")
    assert f.status == "breached"
    assert f.evidence == []
    assert f.explanation.facts[0].startswith("no record of")
    assert rep.counts["breached"] >= 1


def test_dfe_chair_report_first_due_three_months_after_the_direction_date(tmp_path):
    rep = report(bundled(), tmp_path, "2017-07-01")
    first = finding(rep, f"{TH}/dfe-2017.5g/1")
    assert first.due == "2017-07-07T23:59:59+01:00"
    assert first.status == "due_soon"
    assert first.duty_holder.kind == "role" and "Chair" in first.duty_holder.name
    assert finding(rep, f"{TH}/dfe-2017.5g/2").due == "2017-10-07T23:59:59+01:00"


def test_first_intervention_adviser_review_six_months_after_and_is_the_advisers_duty(tmp_path):
    f = finding(report(bundled(), tmp_path, "2017-07-01"), f"{TH}/dfe-2017.annex-a.reviews/1")
    assert f.due == "2017-10-07T23:59:59+01:00"
    assert f.duty_holder.kind == "third_party"
    assert "not of the council" in f.explanation.reason


def test_independent_review_due_by_1_august_2018(tmp_path):
    f = finding(report(bundled(), tmp_path, "2018-07-01"), f"{TH}/bv-2017.independent-review/1")
    assert f.due == "2018-08-01T23:59:59+01:00"


def test_no_dclg_obligation_after_30_september_2018_and_nothing_new_raised_after(tmp_path):
    rep = report(bundled(), tmp_path, "2018-10-01")
    bv = [f for f in rep.findings if f.direction == "bv-2017"]
    assert bv, "the DCLG direction should still report its past obligations"
    assert max(f.due for f in bv) <= "2018-09-30T23:59:59+01:00"
    assert not [f for f in bv if f.status in ("due_soon", "upcoming")]
    # the last quarterly report is the one due on 30 September 2018 at 10:00
    assert finding(rep, f"{TH}/bv-2017.quarterly-report/6").due == "2018-09-30T10:00:00+01:00"
    assert not [f for f in bv if f.id == f"{TH}/bv-2017.quarterly-report/7"]


def csib_meeting(key: str, when: str, items=None, items_known=True) -> dict:
    return {
        "key": key,
        "board": "csib",
        "starts_at": when,
        "status": "held",
        "items_known": items_known,
        "items": items or [],
        "source": "test",
    }


DCS_REPORT = {"item": "dcs-progress-report", "presented_by": "director-of-childrens-services"}


def with_adviser(data, member_until=None) -> None:
    """An Intervention Adviser named on 1 June 2017 and appointed to the CSIB that day."""
    data["people"].append({"key": "ia", "name": "The Intervention Adviser", "source": "test"})
    data["roles"].append(
        {
            "person": "ia",
            "role": "intervention-adviser",
            "from": "2017-06-01",
            "named_on": "2017-06-01",
            "source": "test",
        }
    )
    row = {
        "board": "csib",
        "person": "ia",
        "capacity": "intervention-adviser",
        "external": True,
        "from": "2017-06-01",
        "source": "test",
    }
    if member_until:
        row["to"] = member_until
    data["memberships"].append(row)
    data["meetings"].append(csib_meeting("csib-2017-07-20", "2017-07-20T16:00", [DCS_REPORT]))
    complete_records(data, "memberships:csib")


def test_the_adviser_on_the_board_meets_5d(tmp_path):
    data = bundled()
    with_adviser(data)
    f = finding(report(data, tmp_path, "2017-08-01"), f"{TH}/dfe-2017.5d/csib-2017-07-20")
    assert f.status == "met"


def test_removing_the_intervention_adviser_from_the_csib_breaches_5d(tmp_path):
    data = bundled()
    with_adviser(data, member_until="2017-07-01")
    f = finding(report(data, tmp_path, "2017-08-01"), f"{TH}/dfe-2017.5d/csib-2017-07-20")
    assert f.status == "breached"


def test_5d_is_unknown_while_the_papers_do_not_name_the_adviser(tmp_path):
    f = finding(report(bundled(), tmp_path, "2017-07-01"), f"{TH}/dfe-2017.5d/csib-2017-06-12")
    assert f.status == "unknown"
    assert "named" in f.explanation.reason


def test_a_csib_meeting_without_the_dcs_progress_report_breaches_5e(tmp_path):
    data = bundled()
    data["meetings"].append(
        csib_meeting("csib-2017-07-20", "2017-07-20T16:00", [{"item": "review-of-risk", "presented_by": "csib-chair"}])
    )
    rep = report(data, tmp_path, "2017-08-01")
    assert finding(rep, f"{TH}/dfe-2017.5e/csib-2017-07-20").status == "breached"
    assert finding(rep, f"{TH}/csib-tor.dcs-progress-report/csib-2017-07-20").status == "breached"


def test_a_csib_meeting_with_the_dcs_progress_report_meets_5e(tmp_path):
    data = bundled()
    data["meetings"].append(csib_meeting("csib-2017-07-20", "2017-07-20T16:00", [DCS_REPORT]))
    f = finding(report(data, tmp_path, "2017-08-01"), f"{TH}/dfe-2017.5e/csib-2017-07-20")
    assert f.status == "met"
    assert f.evidence == ["meeting:csib-2017-07-20"]


def test_a_gap_of_more_than_six_weeks_between_csib_meetings_breaches_the_frequency_rule(tmp_path):
    data = bundled()
    data["meetings"].append(csib_meeting("csib-2017-07-31", "2017-07-31T16:00", [DCS_REPORT]))  # 7 weeks after 12 June
    complete_records(data, "meetings:csib")
    rep = report(data, tmp_path, "2017-08-15")
    f = finding(rep, f"{TH}/csib-tor.six-weekly-meetings/after-csib-2017-06-12")
    assert f.status == "breached"
    assert f.due.startswith("2017-07-24")


def test_a_csib_meeting_within_six_weeks_meets_the_frequency_rule(tmp_path):
    data = bundled()
    data["meetings"].append(csib_meeting("csib-2017-07-20", "2017-07-20T16:00", [DCS_REPORT]))
    complete_records(data, "meetings:csib")
    f = finding(report(data, tmp_path, "2017-08-15"), f"{TH}/csib-tor.six-weekly-meetings/after-csib-2017-06-12")
    assert f.status == "met"


def test_a_bvib_without_a_member_of_a_political_group_breaches_cross_party_representation(tmp_path):
    data = bundled()
    # the Conservative group's only members of the board: its leader and his substitute
    data["memberships"] = [
        m for m in data["memberships"] if not (m["board"] == "bvib" and m["person"] in ("peter-golds", "andrew-wood"))
    ]
    complete_records(data, "memberships:bvib")
    rep = report(data, tmp_path, "2017-07-01")
    f = finding(rep, f"{TH}/bv-2017.board-composition/bvib-2017-06-14:group:conservative")
    assert f.status == "breached"
    assert finding(rep, f"{TH}/bv-2017.board-composition/bvib-2017-06-14:group:labour").status == "met"


def test_a_bvib_not_chaired_by_the_mayor_breaches_the_chair_rule(tmp_path):
    data = bundled()
    meeting = edit(data, "meetings", lambda m: m["key"] == "bvib-2017-06-14")[0]
    meeting["chair"] = "sirajul-islam"
    f = finding(report(data, tmp_path, "2017-07-01"), f"{TH}/bv-2017.board-composition/bvib-2017-06-14:chair")
    assert f.status == "breached"


def test_the_bundled_first_bvib_meeting_was_chaired_by_the_mayor(tmp_path):
    f = finding(report(bundled(), tmp_path, "2017-07-01"), f"{TH}/bv-2017.board-composition/bvib-2017-06-14:chair")
    assert f.status == "met"
    assert f.evidence == ["role:john-biggs.mayor"]


def test_a_revoked_direction_raises_nothing_new_and_later_obligations_lapse(tmp_path):
    data = bundled()
    data["direction_status"] = [
        {"direction": "dfe-2017", "status": "revoked", "effective": "2018-01-01", "source": "test"}
    ]
    rep = report(data, tmp_path, "2018-02-01")
    dfe = [f for f in rep.findings if f.direction == "dfe-2017"]
    assert not [f for f in dfe if f.status in ("due_soon", "upcoming")]
    assert finding(rep, f"{TH}/dfe-2017.5g/3").status == "lapsed"  # due 7 January 2018
    assert finding(rep, f"{TH}/dfe-2017.5g/2").status != "lapsed"  # due 7 October 2017
    # before the revocation takes effect, the same obligation is simply upcoming
    (tmp_path / "before").mkdir()
    before = report(data, tmp_path / "before", "2017-11-01")
    assert finding(before, f"{TH}/dfe-2017.5g/3").status in ("upcoming", "due_soon")


def test_finding_ids_are_stable_across_runs(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    a = report(bundled(), tmp_path / "one", "2017-10-01")
    b = report(bundled(), tmp_path / "two", "2017-10-01")
    assert [f.id for f in a.findings] == [f.id for f in b.findings]
    assert len({f.id for f in a.findings}) == len(a.findings)


def test_every_due_date_carries_its_offset_and_every_finding_explains_itself(tmp_path):
    import re

    rep = report(bundled(), tmp_path, "2018-01-15")
    assert len(rep.findings) > 50
    for f in rep.findings:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", f.due), f.due
        assert f.explanation.clause_text and f.explanation.source and f.explanation.due_computation
        assert f.explanation.facts and f.explanation.reason


def test_as_of_before_a_direction_was_made_raises_nothing_under_it(tmp_path):
    rep = report(bundled(), tmp_path, "2017-04-01")
    assert not [f for f in rep.findings if f.direction == "dfe-2017"]
    assert dt.date.fromisoformat(rep.as_of[:10]) == dt.date(2017, 4, 1)


def test_a_meeting_whose_time_is_not_recorded_is_counted_from_the_end_of_its_day(tmp_path):
    """The papers give only the day of the CSIB meeting of 12 June 2017: six weeks from it runs to
    the end of 24 July, so a meeting at 10:00 that day is in time, and the due date says why."""
    data = bundled()
    data["meetings"].append(csib_meeting("csib-2017-07-24", "2017-07-24T10:00", [DCS_REPORT]))
    complete_records(data, "meetings:csib")
    f = finding(report(data, tmp_path, "2017-08-15"), f"{TH}/csib-tor.six-weekly-meetings/after-csib-2017-06-12")
    assert f.status == "met"
    assert f.due == "2017-07-24T23:59:59+01:00"
    assert any("time is not recorded" in step for step in f.explanation.due_computation)
