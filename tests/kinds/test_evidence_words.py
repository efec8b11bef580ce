"""Evidence says what happened, when and on what source: the words a finding shows as its facts.

The bundled papers record no tabled item and no response that any duty matches, so the recorded
findings of the bundled data cannot catch a change in these words; these examples do.
"""

from __future__ import annotations

import datetime as dt

from helpers import DIRECTIONS

from engine.core import calendar
from engine.kinds import evidence
from engine.kinds.base import Context
from engine.model import facts as F
from engine.model.state import AuthorityState

DFE = next(d for d in DIRECTIONS if d.id == "dfe-2017")
CSIB = next(d for d in DIRECTIONS if d.id == "csib-tor")


def context(direction, **lists) -> Context:
    state = AuthorityState(authority=F.AuthorityFact(key="tower-hamlets", name="LBTH"), **lists)
    return Context(direction, state, calendar.as_of_instant("2018-01-01"))


def test_a_tabled_item_says_who_presented_it_when_and_the_source():
    meeting = F.Meeting(
        key="csib-2017-07-20", board="csib", starts_at=calendar.local(2017, 7, 20, 16), source="minutes, item 4",
        items=[F.Tabled(item="dcs-progress-report", presented_by="director-of-childrens-services", source="agenda item 4")],
    )  # fmt: skip
    ctx = context(CSIB, meetings=[meeting], boards=[F.Board(key="csib", name="CSIB")])
    clause = next(c for c in CSIB.clauses if c.rule.kind == "per_meeting")
    obs, evs = clause.rule.obligations(ctx, clause)
    assert [ob.match for ob in obs] == [f"tabled:csib-2017-07-20:{clause.rule.item}:{clause.rule.presented_by}"]
    (ev,) = evs
    assert ev.facts == ["meeting:csib-2017-07-20"] and ev.earliest == ev.latest == meeting.starts_at.int_timestamp
    assert ev.words == (
        "'dcs-progress-report' presented by 'director-of-childrens-services' at csib-2017-07-20 "
        "(16:00 BST on 20 July 2017) [source: agenda item 4]"
    )


def test_a_response_says_when_and_the_source():
    request = F.Request(key="rq-1", type="access", made_at=calendar.local(2017, 7, 3, 9))
    response = F.Response(request="rq-1", responded_at=calendar.local(2017, 7, 5, 11, 30), source="email of 5 July")
    ctx = context(DFE, requests=[request], responses=[response])
    clause = next(c for c in DFE.clauses if c.rule.kind == "request_response")
    _, evs = clause.rule.obligations(ctx, clause)
    (ev,) = evs
    assert ev.facts == ["request:rq-1"] and ev.match == "response:rq-1"
    assert ev.words == "a response to rq-1 at 11:30 BST on 5 July 2017 [source: email of 5 July]"


def test_a_membership_and_a_role_say_whose_and_for_how_long():
    people = [F.Person(key="jb", name="John Biggs", group="labour")]
    ms = F.Membership(board="bvib", person="jb", capacity="mayor", start=dt.date(2017, 6, 1), until=dt.date(2018, 5, 6))
    role = F.RoleHeld(person="jb", role="mayor", start=dt.date(2015, 6, 11), source="election result")
    ctx = context(CSIB, people=people, memberships=[ms], roles=[role])
    (cap, group) = evidence.memberships(ctx, "bvib")
    assert cap.match == "member:bvib:capacity:mayor" and group.match == "member:bvib:group:labour"
    assert cap.words == "John Biggs a member of the bvib as mayor from 1 June 2017 to 6 May 2018"
    assert cap.until == calendar.end_of_day_instant(dt.date(2018, 5, 6)).int_timestamp
    (held,) = evidence.roles(ctx)
    assert held.words == "John Biggs held the role mayor from 11 June 2015 [source: election result]"
    assert held.facts == ["role:jb.mayor"]
