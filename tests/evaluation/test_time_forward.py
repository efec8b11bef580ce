"""Time only runs forward (engine/evaluation/known.py): a check as of T reads only what had happened by T.

The three leaks the issue found, each with its right value, then the property: for random states
built around the bundled directions and random T, adding facts dated after T (and changing whatever
is recorded of meetings after T) leaves `check(T)` unchanged, and durable-rules agrees with the oracle.

The property runs under the hypothesis profile of tests/conftest.py: `default` in the suite, and
`HYPOTHESIS_PROFILE=heavy bash .ci/venv pytest tests/evaluation/test_time_forward.py` for many more
examples.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import tempfile
from pathlib import Path

import icalendar
from helpers import DIRECTIONS, bundled, finding, report, store_from
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import oracle_evaluate
from pendulum import DateTime

from engine.core import calendar
from engine.evaluation.check import check
from engine.evaluation.known import known_by
from engine.model import facts as F
from engine.model.state import AuthorityState
from engine.outputs.ics import calendar_feed

REVIEWS = "dfe-2017.annex-a.reviews"


def with_rule(clause_id: str, **changes) -> list:
    """The bundled directions with one clause's rule changed (as if its file said so)."""
    out = []
    for d in DIRECTIONS:
        clauses = [
            c.model_copy(update={"rule": c.rule.model_copy(update=changes)}) if d.clause_id(c) == clause_id else c
            for c in d.clauses
        ]
        out.append(d.model_copy(update={"clauses": clauses}))
    return out


def test_a_previous_event_anchor_never_counts_from_a_submission_made_after_the_as_of_date(tmp_path):
    directions = with_rule(REVIEWS, anchor="previous_event")
    data = bundled()
    data["submissions"].append(
        {"key": "ia-review-1", "what": "First review", "clause": REVIEWS, "occurrence": 1,
         "received": "2017-09-01T12:00", "source": "test"}
    )  # fmt: skip
    with store_from(data, tmp_path) as store:
        state = store.load("tower-hamlets")
    before = check(state, directions, calendar.as_of_instant("2017-08-01"))
    # as of 1 August 2017 the review of 1 September has not happened: the schedule holds
    assert finding(before, f"tower-hamlets/{REVIEWS}/2").due == "2018-04-07T23:59:59+01:00"
    assert finding(before, f"tower-hamlets/{REVIEWS}/1").status == "upcoming"
    after = check(state, directions, calendar.as_of_instant("2017-10-01"))
    # once it has happened, the next counts from it: 1 September 2017 + 6 months
    assert finding(after, f"tower-hamlets/{REVIEWS}/2").due == "2018-03-01T23:59:59+00:00"
    assert finding(after, f"tower-hamlets/{REVIEWS}/1").status == "met"


def test_naming_the_adviser_after_the_as_of_date_leaves_the_june_meeting_finding_in_place(tmp_path):
    data = bundled()
    (tmp_path / "a").mkdir()
    plain = report(data, tmp_path / "a", "2017-07-01")
    june = finding(plain, "tower-hamlets/dfe-2017.5d/csib-2017-06-12")
    data["people"].append({"key": "ia", "name": "The Intervention Adviser", "source": "test"})
    data["roles"].append({"person": "ia", "role": "intervention-adviser", "named_on": "2017-08-01", "source": "test"})
    (tmp_path / "b").mkdir()
    named_later = report(data, tmp_path / "b", "2017-07-01")
    assert finding(named_later, june.id).model_dump() == june.model_dump()
    assert named_later.model_dump() == plain.model_dump()
    # and once the adviser has been named, the June meeting (before the naming) no longer owes it
    (tmp_path / "c").mkdir()
    assert june.id not in {f.id for f in report(data, tmp_path / "c", "2017-09-01").findings}


def test_requests_made_later_are_not_upcoming_obligations_nor_in_the_calendar_feed(tmp_path):
    data = bundled()
    data["requests"] = [
        {"key": "feb-access", "type": "access", "made_at": "2018-02-12T09:00", "source": "test"},
        {"key": "feb-support", "type": "support", "made_at": "2018-02-20T14:00", "source": "test"},
    ]
    (tmp_path / "a").mkdir()
    july = report(data, tmp_path / "a", "2017-07-01")
    assert not [f for f in july.findings if f.id.endswith(("/feb-access", "/feb-support"))]
    feed = icalendar.Calendar.from_ical(
        calendar_feed([july], generated_at=dt.datetime(2017, 7, 1, 6, 0, tzinfo=dt.UTC))
    )
    ids = {str(e["X-COMPLY-FINDING-ID"]) for e in feed.walk("VEVENT")}
    assert not [i for i in ids if "feb-" in i]
    # once made, each is owed
    (tmp_path / "b").mkdir()
    march = report(data, tmp_path / "b", "2018-02-13")
    assert finding(march, "tower-hamlets/dfe-2017.5b/feb-access").status == "due_soon"


def test_a_submission_whose_window_straddles_the_as_of_instant_is_at_most_possibly_received(tmp_path):
    clause = "bv-2017.quarterly-report"
    data = bundled()
    data["submissions"] = [s for s in data["submissions"] if s.get("clause") != clause]
    data["submissions"].append(
        {"key": "q1-window", "what": "Q1 report", "clause": clause, "occurrence": 1,
         "received_between": ["2017-06-20T09:00", "2017-06-28T17:00"], "source": "test"}
    )  # fmt: skip
    with store_from(data, tmp_path) as store:
        state = store.load("tower-hamlets")
    q1 = f"tower-hamlets/{clause}/1"
    # due 10:00 on 30 June 2017; as of 24 June it may or may not have arrived: never met
    straddling = finding(check(state, DIRECTIONS, calendar.as_of_instant("2017-06-24")), q1)
    assert straddling.status == "unknown"
    assert "not known to have arrived" in " ".join(straddling.explanation.facts)
    # after the due time, a report whose window (1 to 10 July) straddles the as-of date may have
    # arrived or not: unknown, not met late (and not breached, however complete the records)
    late = [s for s in data["submissions"] if s["key"] == "q1-window"][0]
    late["received_between"] = ["2017-07-01T09:00", "2017-07-10T17:00"]
    data.setdefault("coverage", []).append({"subject": clause, "complete_until": "2017-12-31", "source": "test"})
    (tmp_path / "late").mkdir()
    with store_from(data, tmp_path / "late") as store:
        late_state = store.load("tower-hamlets")
    assert finding(check(late_state, DIRECTIONS, calendar.as_of_instant("2017-07-05")), q1).status == "unknown"
    assert finding(check(late_state, DIRECTIONS, calendar.as_of_instant("2017-07-11")), q1).status == "met_late"
    assert finding(check(late_state, DIRECTIONS, calendar.as_of_instant("2017-07-01")), q1).status == "breached"
    # before its window it is not known at all; after its window it is met
    assert finding(check(state, DIRECTIONS, calendar.as_of_instant("2017-06-19")), q1).status == "due_soon"
    assert finding(check(state, DIRECTIONS, calendar.as_of_instant("2017-06-29")), q1).status == "met"


def test_records_said_complete_to_a_later_day_are_read_as_complete_to_the_as_of_date():
    state = AuthorityState(
        authority=F.AuthorityFact(key="a", name="A"),
        coverage=[F.Coverage(subject="x", complete_until=dt.date(2017, 9, 30))],
    )
    assert known_by(state, calendar.as_of_instant("2017-07-01")).coverage[0].complete_until == dt.date(2017, 6, 30)
    assert known_by(state, calendar.as_of_instant("2017-07-01T23:59:59")).coverage[0].complete_until == dt.date(
        2017, 7, 1
    )
    assert known_by(state, calendar.as_of_instant("2017-10-01")).coverage[0].complete_until == dt.date(2017, 9, 30)


def test_a_meeting_after_the_as_of_date_is_at_most_scheduled(tmp_path):
    data = bundled()
    with store_from(data, tmp_path) as store:
        state = store.load("tower-hamlets")
    as_of = calendar.as_of_instant("2017-07-01")
    known = known_by(state, as_of)
    for before, after in zip(state.meetings, known.meetings, strict=True):
        if before.starts_at > as_of and before.status != "scheduled":
            assert after.status in ("scheduled",) and not after.items and not after.attendance
        elif before.starts_at > as_of:  # already scheduled (an agenda): kept as it is, at most scheduled
            assert after == before
        else:
            assert after == before


# --- the property ---------------------------------------------------------------------------------

#: the as-of instants drawn: from just before the first direction to after the last one ends
FIRST_DAY, LAST_DAY = dt.date(2017, 3, 1), dt.date(2019, 3, 31)
SUBMITTED = [d.clause_id(c) for d in DIRECTIONS for c in d.clauses if c.rule.kind in ("deadline", "recurring")]
BOARDS = ["bvib", "csib"]
ROLES = ["intervention-adviser", "director-of-childrens-services", "csib-chair", "mayor", "chief-executive"]
REQUEST_TYPES = ["access", "support", "instruction", "review-information"]
GROUPS = ["labour", "conservative", "independent", "people-first"]


@functools.cache
def bundled_state() -> AuthorityState:
    """The bundled Tower Hamlets state, loaded once from a real store."""
    with tempfile.TemporaryDirectory() as folder, store_from(bundled(), Path(folder)) as store:
        return store.load("tower-hamlets")


def instants(lo: dt.date, hi: dt.date) -> st.SearchStrategy[DateTime]:
    """London instants between two days, on the quarter hour (some at midnight, as as-of dates are)."""
    days = st.dates(min_value=lo, max_value=hi)
    minutes = st.one_of(st.just(0), st.integers(0, 24 * 4 - 1).map(lambda q: q * 15))
    return st.builds(
        lambda day, m: calendar.local(day.year, day.month, day.day).add(minutes=m).in_timezone(calendar.LONDON),
        days,
        minutes,
    )


def day_after(t: DateTime, extra: int) -> dt.date:
    """A day that begins after the instant t."""
    local = t.in_timezone(calendar.LONDON)
    return dt.date(local.year, local.month, local.day) + dt.timedelta(days=1 + extra)


@st.composite
def facts_dated(draw, lo: DateTime | None, n: int) -> dict[str, list]:
    """Up to n facts of every kind. With `lo`, every one is dated after it (a fact that had not
    happened by lo); without, anywhere in the span."""
    people = [p.key for p in bundled_state().people] + ["ia", "x1"]

    def when() -> DateTime:
        if lo is None:
            return draw(instants(FIRST_DAY, LAST_DAY))
        return draw(instants(day_after(lo, -1), LAST_DAY + dt.timedelta(days=60)).filter(lambda t: t > lo))

    def day() -> dt.date:
        if lo is None:
            return draw(st.dates(FIRST_DAY, LAST_DAY))
        return day_after(lo, draw(st.integers(0, 500)))

    tag = "later" if lo is not None else "any"
    out: dict[str, list] = {k: [] for k in ("submissions", "roles", "memberships", "political_groups", "requests",
                                            "responses", "direction_status", "coverage", "people")}  # fmt: skip
    out["people"] = [F.Person(key="ia", name="The Intervention Adviser"), F.Person(key="x1", name="X", group="labour")]
    for i in range(draw(st.integers(0, n))):
        kind = draw(st.sampled_from(sorted(k for k in out if k != "people" and (lo is None or k != "coverage"))))
        key = f"{tag}-{kind[:3]}-{i}"
        if kind == "submissions":
            start = when()
            windowed = draw(st.booleans())
            end = start.add(days=draw(st.integers(0, 20)))
            out[kind].append(
                F.Submission(
                    key=key, what="a report", clause=draw(st.sampled_from(SUBMITTED)),
                    occurrence=draw(st.integers(1, 6)),
                    received=None if windowed else start, received_between=(start, end) if windowed else None,
                )
            )  # fmt: skip
        elif kind == "roles":
            start = day()
            out[kind].append(
                F.RoleHeld(person=draw(st.sampled_from(people)), role=draw(st.sampled_from(ROLES)),
                           start=draw(st.sampled_from([start, None])) if lo is None else start,
                           named_on=draw(st.sampled_from([start, None])))
            )  # fmt: skip
        elif kind == "memberships":
            start = day()
            out[kind].append(
                F.Membership(board=draw(st.sampled_from(BOARDS)), person=draw(st.sampled_from(people)),
                             capacity=draw(st.sampled_from(ROLES + ["member"])), external=draw(st.booleans()),
                             start=start, until=draw(st.sampled_from([None, start + dt.timedelta(days=90)])))
            )  # fmt: skip
        elif kind == "political_groups":
            out[kind].append(F.PoliticalGroup(key=draw(st.sampled_from(GROUPS)), name="A group", start=day()))
        elif kind == "requests":
            out[kind].append(F.Request(key=key, type=draw(st.sampled_from(REQUEST_TYPES)), made_at=when()))
        elif kind == "responses":
            asked = [r.key for r in bundled_state().requests + out["requests"]] or [key]
            out[kind].append(F.Response(request=draw(st.sampled_from(asked)), responded_at=when()))
        elif kind == "direction_status":
            out[kind].append(
                F.DirectionStatus(direction=draw(st.sampled_from([d.id for d in DIRECTIONS])),
                                  status=draw(st.sampled_from(["revoked", "varied"])), effective=day())
            )  # fmt: skip
        elif lo is None:  # coverage describes a span, not an event: read up to T, so never "later"
            subject = draw(st.sampled_from(SUBMITTED + [f"meetings:{b}" for b in BOARDS] + ["memberships:csib"]))
            out[kind].append(F.Coverage(subject=subject, complete_until=day()))
    return out


#: what makes two facts of a kind the same fact (the store keeps one of each)
IDENTITY = {
    "people": lambda p: p.key,
    "roles": lambda r: (r.person, r.role, r.start),
    "memberships": lambda ms: (ms.board, ms.person, ms.start, ms.capacity),
    "responses": lambda rs: (rs.request, rs.responded_at),
    "political_groups": lambda g: g.key,
}


def extended(state: AuthorityState, extra: dict[str, list]) -> AuthorityState:
    """The state with more facts of each kind, leaving out any that repeats a fact already there."""
    changes = {}
    for kind, more in extra.items():
        have = getattr(state, kind)
        same = IDENTITY.get(kind, id)
        seen = {same(f) for f in have}
        fresh = []
        for f in more:
            if same(f) not in seen:
                seen.add(same(f))
                fresh.append(f)
        changes[kind] = have + fresh
    return dataclasses.replace(state, **changes)


@st.composite
def rewrite_later_meetings(draw, meetings: list[F.Meeting], t: DateTime) -> list[F.Meeting]:
    """Whatever may be recorded of meetings that had not happened by t: any status, items, attendance, chair."""
    out = []
    for mt in meetings:
        if mt.starts_at <= t:
            out.append(mt)
            continue
        out.append(
            mt.model_copy(
                update={
                    "status": draw(st.sampled_from(["held", "scheduled", "cancelled"])),
                    "chair": draw(st.sampled_from([None, "alan-wood-csib", "ia"])),
                    "items": [F.Tabled(item="dcs-progress-report", presented_by="director-of-childrens-services")]
                    if draw(st.booleans())
                    else [],
                    "attendance": [F.Attendance(person="ia")] if draw(st.booleans()) else [],
                    "items_known": draw(st.booleans()),
                }
            )
        )
    return out


@st.composite
def worlds(draw):
    """A random state around the bundled data, a random as-of instant, and facts dated after it."""
    base = extended(bundled_state(), draw(facts_dated(None, 8)))
    t = draw(instants(FIRST_DAY, LAST_DAY))
    later = extended(base, draw(facts_dated(t, 8)))
    later = dataclasses.replace(later, meetings=draw(rewrite_later_meetings(later.meetings, t)))
    return base, t, later


@settings(
    max_examples=max(10, settings.default.max_examples // 2),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(worlds())
def test_facts_dated_after_the_as_of_instant_change_nothing_and_the_rules_agree_with_the_oracle(world):
    base, t, later = world
    seen = check(base, DIRECTIONS, t)
    with_later = check(later, DIRECTIONS, t)
    assert with_later.model_dump() == seen.model_dump()
    assert check(later, DIRECTIONS, t, evaluator=oracle_evaluate).model_dump() == with_later.model_dump()


def test_known_by_says_when_every_list_of_the_state_is_known():
    """A list of AuthorityState that known_by does not read would come back empty from it, and its
    facts would silently vanish from every check: each list needs its own rule of when it is known."""
    read = set(known_by.__code__.co_names)
    missing = [f.name for f in dataclasses.fields(AuthorityState) if f.name not in read]
    assert missing == []
