"""The ModernGov sync against a real HTTP server on 127.0.0.1 serving recorded responses: what it records, that a
second sync of the same answers stores nothing, that a change is a new version, and that every failure of the
site is one clear error with the store left as it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from moderngov_site import RESPONSES, Answer, Site

from engine.core.errors import FileError, InputError, SourceError
from engine.store import syncs
from engine.store.sqlite import Store
from engine.sync.client import Service, day_of, time_of
from engine.sync.mapping import load_mapping
from engine.sync.moderngov import RECORDED_BY, sync

HERE = Path(__file__).parent
FROM, TO = dt.date(2017, 4, 1), dt.date(2018, 3, 31)


def run(store: Store, site: Site, timeout: float = 5.0, retries: int = 1):
    """A sync of the test site, quick to give up (a short timeout, one retry after 10 ms)."""

    def service(url: str) -> Service:
        return Service(url, timeout=timeout, retries=retries, backoff=0.01)

    return sync(store, load_mapping(HERE / "mapping.yaml"), site.url, FROM, TO, service=service)


def versions(store: Store) -> int:
    return store.conn.execute("SELECT COUNT(*) FROM fact_versions").fetchone()[0]


def test_a_sync_records_meetings_items_attendance_and_members_from_the_service(store: Store, site: Site):
    result = run(store, site)
    state = store.load("tower-hamlets")
    meetings = {m.key: m for m in state.meetings}
    assert set(meetings) == {"bvib-mg8001", "bvib-mg8002", "csib-mg9001", "csib-mg9002", "csib-mg9003"}
    first = meetings["bvib-mg8001"]
    assert (first.starts_at.in_timezone("Europe/London").isoformat(), first.status, first.public) == (
        "2017-06-14T17:30:00+01:00",
        "held",
        True,
    )
    assert first.chair == "john-biggs" and first.attendance_known
    assert {a.person: a.status for a in first.attendance} == {
        "john-biggs": "present",
        "sirajul-islam": "present",
        "peter-golds": "apologies",
        "mg-305": "substitute",
        "alan-wood-csib": "present",
        "steve-bullock": "present",
        "will-tuckley": "present",
        "heather-wills": "present",
    }
    assert meetings["bvib-mg8002"].status == "cancelled"  # cancelled, as the service says
    assert [(i.item, i.presented_by) for i in meetings["csib-mg9001"].items] == [
        ("dcs-progress-report", "director-of-childrens-services")
    ]
    assert meetings["csib-mg9002"].items_known and meetings["csib-mg9002"].items == []
    # minutes not yet published: attendance not yet known, never absent
    later = meetings["csib-mg9003"]
    assert later.starts_at.date() == dt.date(2017, 8, 4)  # 04/08/2017 read day first
    assert not later.attendance_known and later.attendance == [] and not later.time_known
    assert "attendance not yet published" in later.note
    caps = {(ms.board, ms.person, ms.capacity, ms.start.isoformat()) for ms in state.memberships}
    assert ("bvib", "john-biggs", "mayor", "2017-06-14") in caps
    assert ("bvib", "will-tuckley", "chief-executive", "2017-06-14") in caps  # by the role pattern
    assert ("csib", "debbie-jones", "director-of-childrens-services", "2017-08-04") in caps
    assert all(ms.until == ms.start for ms in state.memberships)  # listed at that meeting, that day
    # the source names the site, the call, the meeting and the answer's SHA-256; recorded by the sync
    v = store.versions("tower-hamlets", "meeting:csib-mg9001")[-1]
    assert v.recorded_by == RECORDED_BY and f"{site.url}, GetMeeting?lMeetingId=9001 (sha256:" in v.body["source"]
    # unmapped things are reported, not guessed
    assert any("'Councillor Andrew Wood' (member id 305" in u for u in result.unmapped)
    assert any("'Ofsted improvement plan'" in u for u in result.unmapped)
    assert any("'Independent'" in u for u in result.unmapped) is False  # Ann Other is on no board read: not recorded
    assert any("Licensing Sub Committee" in n for n in result.notes)
    assert result.boards == {"bvib": 501, "csib": 502}
    assert [b.board for b in syncs.board_syncs(store, "tower-hamlets")] == ["bvib", "csib"]
    assert all("comply-moderngov-sync" in a for a in site.agents)  # the client says who it is


def test_political_groups_are_valid_from_the_sync_date_never_back_dated(store: Store, site: Site):
    run(store, site)
    state = store.load("tower-hamlets")
    groups = {g.key: g for g in state.political_groups}
    assert set(groups) == {
        "labour",
        "conservative",
        "path",
    }  # Ann Other (Independent) is neither mapped nor at a meeting
    assert all(g.start is not None and g.start > dt.date(2026, 1, 1) for g in groups.values())
    assert {p.key: p.group for p in state.people}["sirajul-islam"] == "labour"


def test_a_second_sync_of_the_same_answers_stores_nothing(store: Store, site: Site):
    first = run(store, site)
    before = versions(store)
    second = run(store, site)
    assert first.stored > 0 and second.stored == 0 and versions(store) == before
    assert second.unchanged == first.stored + first.unchanged


def test_a_changed_meeting_becomes_a_new_version_and_a_vanished_one_is_reported(store: Store, site: Site):
    run(store, site)
    changed = (
        (RESPONSES / "GetMeeting-9002.xml")
        .read_text()
        .replace("Ofsted improvement plan", "Comprehensive progress report of the Director of Children&apos;s Services")
    )
    site.answers[("GetMeeting", "9002")] = Answer(body=changed.encode())
    listing = (RESPONSES / "GetMeetings-502.xml").read_text()
    cut = (
        listing[: listing.index("<meeting>\n        <meetingid>9003")]
        + "</committeemeetings></committee></getmeetings>"
    )
    site.answers[("GetMeetings", "502")] = Answer(body=cut.encode())
    result = run(store, site)
    history = store.versions("tower-hamlets", "meeting:csib-mg9002")
    assert [v.operation for v in history] == ["assert", "correct"]
    assert history[-1].body["items"][0]["item"] == "dcs-progress-report"
    assert result.stored == 1  # the one meeting that changed
    assert any(d.startswith("meeting:csib-mg9003") for d in result.disappeared)
    assert "csib-mg9003" in {m.key for m in store.load("tower-hamlets").meetings}  # kept, never deleted


FAILURES = {
    "refused": (("GetCommittees", ""), Answer(403, b"Forbidden", "text/plain"), "refused the request (HTTP 403"),
    "server error": (("GetMeetings", "502"), Answer(500, b"oops", "text/plain"), "answered HTTP 500"),
    "html page with 200": (
        ("GetMeeting", "9001"),
        Answer(200, b"<!DOCTYPE html><html><body>Site maintenance</body></html>", "text/html; charset=utf-8"),
        "answered an HTML page",
    ),
    "html page labelled xml": (
        ("GetMeeting", "9002"),
        Answer(200, b"<html><head><title>Error</title></head><body>Runtime Error</body></html>"),
        "answered an HTML page",
    ),
    "truncated xml": (
        ("GetMeeting", "8001"),
        Answer(body=(RESPONSES / "GetMeeting-8001.xml").read_bytes()[:700]),
        "not well-formed XML",
    ),
    "malformed xml": (
        ("GetCouncillorsByWard", ""),
        Answer(body=b"<councillorsbyward><wards></ward>"),
        "not well-formed XML",
    ),
    "entity expansion": (
        ("GetCommittees", ""),
        Answer(body=b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaa">]><committees>&a;</committees>'),
        "refused",
    ),
    "wrong document": (
        ("GetMeeting", "9003"),
        Answer(body=b"<error>no such meeting</error>"),
        "expected the service's <meeting>",
    ),
    "day not day first": (
        ("GetMeetings", "501"),
        Answer(body=(RESPONSES / "GetMeetings-501.xml").read_bytes().replace(b"14/06/2017", b"2017-06-14")),
        "expected a date written dd/mm/yyyy",
    ),
    "timeout": (
        ("GetMeeting", "9001"),
        Answer(body=b"<meeting/>", delay=1.5),
        "did not answer within 0.5 s (tried 2 times)",
    ),
}


@pytest.mark.parametrize("case", FAILURES)
def test_every_failure_of_the_site_is_one_clear_error_and_stores_nothing(store: Store, site: Site, case: str):
    where, answer, said = FAILURES[case]
    site.answers[where] = answer
    before = store.counts()
    with pytest.raises(SourceError) as caught:
        run(store, site, timeout=0.5)
    message = str(caught.value)
    assert said in message and message.startswith(f"{site.url}: {where[0]}"), message
    assert "\n" not in message and "nothing was stored" in message
    assert store.counts() == before


def test_a_failure_after_an_earlier_sync_leaves_its_facts_as_they_were(store: Store, site: Site):
    run(store, site)
    before = store.counts()
    site.answers[("GetCouncillorsByWard", "")] = Answer(503, b"busy", "text/plain")
    with pytest.raises(SourceError, match="GetCouncillorsByWard: the site answered HTTP 503"):
        run(store, site)
    assert store.counts() == before


def test_dates_are_read_day_first_and_times_in_the_forms_the_service_writes():
    assert day_of("04/06/2017", "x") == dt.date(2017, 6, 4)
    assert day_of("4/6/2017 00:00:00", "x") == dt.date(2017, 6, 4)
    for bad in ("2017-06-04", "31/02/2017", "06/31/2017", ""):
        with pytest.raises(SourceError, match="dd/mm/yyyy"):
            day_of(bad, "site: GetMeeting, meetingdate")
    assert [time_of(t, "x") for t in ("17:30", "17.30", "5.30 pm", "5pm", "12 am", "")] == [
        (17, 30), (17, 30), (17, 30), (17, 0), (0, 0), None,
    ]  # fmt: skip
    with pytest.raises(SourceError):
        time_of("teatime", "x")


def test_a_bad_mapping_file_names_the_file_line_and_field(tmp_path: Path):
    bad = tmp_path / "mapping.yaml"
    bad.write_text(
        "authority: tower-hamlets\ncommittees:\n  - committee_id: 501\n    board: BVIB\nitems:\n"
        "  - pattern: '(unclosed'\n    item: x\n    presented_by: y\npeople:\n  - person: jo\n",
        encoding="utf-8",
    )
    with pytest.raises(FileError) as caught:
        load_mapping(bad)
    text = str(caught.value)
    assert "line 4, committees[0].board" in text
    assert "line 6, items[0].pattern" in text and "not a valid pattern" in text
    assert "line 10, people[0]" in text and "exactly one of `member_id` or `name`" in text


def test_an_authority_missing_from_the_store_is_refused(tmp_path: Path, site: Site):
    with Store.open(tmp_path / "empty.db") as empty:
        with pytest.raises(Exception, match="the mapping's authority: no authority 'tower-hamlets' in the store"):
            run(empty, site)
        assert versions(empty) == 0


def test_the_documented_mapping_for_tower_hamlets_is_a_valid_mapping(tmp_path: Path):
    page = (HERE.parents[1] / "docs" / "moderngov.md").read_text(encoding="utf-8")
    block = page.split("```yaml\n# tower-hamlets-moderngov.yaml", 1)[1].split("```", 1)[0]
    path = tmp_path / "tower-hamlets-moderngov.yaml"
    path.write_text("# tower-hamlets-moderngov.yaml" + block, encoding="utf-8")
    mapping = load_mapping(path)
    assert [c.board for c in mapping.committees] == ["bvib", "csib"]
    assert mapping.item("Comprehensive progress report of the Director of Children's Services", "csib") is not None
    assert mapping.item("Director of Childrens Services: progress report", "bvib") is None  # csib only
    assert mapping.capacity(mapping.person(None, "Will  Tuckley"), "Chief Executive", "bvib") == (
        "chief-executive",
        False,
    )
    assert mapping.capacity(None, "Borough Commander, Metropolitan Police", "csib") == ("borough-commander", True)


def test_a_rescheduled_meeting_is_recorded_as_such_and_a_moved_time_is_a_new_version(store: Store, site: Site):
    run(store, site)
    moved = (
        (RESPONSES / "GetMeeting-9002.xml")
        .read_text()
        .replace("<meetingstatus>confirmed</meetingstatus>", "<meetingstatus>Moved to 21/07/2017</meetingstatus>")
    )
    site.answers[("GetMeeting", "9002")] = Answer(body=moved.encode())
    later = (RESPONSES / "GetMeeting-9001.xml").read_text().replace("<meetingtime>16:00", "<meetingtime>18:30")
    site.answers[("GetMeeting", "9001")] = Answer(body=later.encode())
    run(store, site)
    meetings = {m.key: m for m in store.load("tower-hamlets").meetings}
    assert meetings["csib-mg9002"].status == "cancelled" and "rescheduled" in meetings["csib-mg9002"].note
    assert meetings["csib-mg9001"].starts_at.in_timezone("Europe/London").hour == 18
    assert [v.operation for v in store.versions("tower-hamlets", "meeting:csib-mg9001")] == ["assert", "correct"]


def test_an_answer_wrapped_as_text_in_a_string_element_is_unwrapped(store: Store, site: Site):
    inner = (RESPONSES / "GetCommittees.xml").read_bytes().split(b"?>", 1)[1]
    escaped = inner.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")
    site.answers[("GetCommittees", "")] = Answer(
        body=b'<?xml version="1.0" encoding="utf-8"?><string xmlns="http://tempuri.org/">' + escaped + b"</string>"
    )
    assert run(store, site).boards == {"bvib": 501, "csib": 502}


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)), st.booleans())
def test_any_date_the_service_writes_is_read_day_first(day: dt.date, padded: bool):
    text = day.strftime("%d/%m/%Y") if padded else f"{day.day}/{day.month}/{day.year}"
    assert day_of(text, "x") == day


def test_committee_limits_the_sync_and_a_committee_the_site_does_not_list_is_refused(store: Store, site: Site):
    mapping = load_mapping(HERE / "mapping.yaml")

    def service(url: str) -> Service:
        return Service(url, timeout=5, retries=0)

    only = sync(store, mapping, site.url, FROM, TO, committees=[502], service=service)
    assert only.boards == {"csib": 502} and {m.board for m in store.load("tower-hamlets").meetings} == {"csib"}
    with pytest.raises(InputError, match="--committee 517: not a committee of the mapping"):
        sync(store, mapping, site.url, FROM, TO, committees=[517], service=service)
    listing = (RESPONSES / "GetCommittees.xml").read_text()
    site.answers[("GetCommittees", "")] = Answer(
        body=listing.replace("<committeeid>501<", "<committeeid>601<").encode()
    )
    before = store.counts()
    with pytest.raises(SourceError, match="the mapped committee 501 \\(bvib\\) is not listed by the site"):
        sync(store, mapping, site.url, FROM, TO, service=service)
    assert store.counts() == before
