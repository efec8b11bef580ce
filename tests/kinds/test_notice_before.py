"""`notice_before` and `notified_within` (issue 15 item 6): periods counted back from a decision or a
meeting, and an interest's notification; what the rule refuses, and what time lets be known."""

from __future__ import annotations

import pendulum
import pytest
from helpers import DIRECTIONS

from engine.core import calendar
from engine.core.errors import InputError
from engine.evaluation.known import known_by
from engine.kinds.base import Context
from engine.kinds.notice_before import NoticeBefore
from engine.model import facts as F
from engine.model.state import AuthorityState

ATI = next(d for d in DIRECTIONS if d.id == "access-to-information")


def clause(key: str):
    return next(c for c in ATI.clauses if c.key == key)


def state(**lists) -> AuthorityState:
    return AuthorityState(authority=F.AuthorityFact(key="tower-hamlets", name="Tower Hamlets"), **lists)


def decision(**kw) -> F.Decision:
    base = {"key": "d1", "what": "a decision", "decided_at": "19/12/2018 17:30", "decided_by": "cabinet"}
    return F.Decision.model_validate(base | kw)


def obligations(key: str, st: AuthorityState, as_of: str = "2019-01-01"):
    ctx = Context(direction=ATI, state=known_by(st, calendar.as_of_instant(as_of)), as_of=calendar.as_of_instant(as_of))
    return clause(key).rule.obligations(ctx, clause(key))


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ({"before": "meeting", "notice": "papers_published", "period": {"days": 5}}, "needs `board:`"),
        ({"before": "decision", "board": "cabinet", "notice": "notice_published", "period": {"days": 5}}, "board"),
        ({"before": "meeting", "board": "cabinet", "notice": "notice_published", "period": {"days": 5}}, "papers"),
        ({"before": "decision", "notice": "notice_published", "period": {"days": 5, "working_days": 5}}, "exactly one"),
        ({"before": "decision", "notice": "notice_published", "period": {}}, "exactly one"),
    ],
)
def test_a_rule_that_cannot_be_read_is_refused(rule, words) -> None:
    with pytest.raises((InputError, ValueError), match=words):
        NoticeBefore.model_validate({"kind": "notice_before"} | rule)


def test_only_key_decisions_owe_notice_and_an_unrecorded_one_is_uncertain() -> None:
    st = state(
        decisions=[
            decision(key="key", key_decision=True, notice_published="21/11/2018 09:00"),
            decision(key="not-key", key_decision=False),
            decision(key="unsaid"),
        ]
    )
    obs, evs = obligations("key-decision-notice", st)
    by = {o.discriminator: o for o in obs}
    assert set(by) == {"key", "unsaid"}
    assert by["key"].due.iso == "2018-11-21T23:59:59+00:00" and by["key"].certain
    assert by["key"].late_until == by["key"].due.epoch  # a late notice is short notice, not met late
    assert not by["unsaid"].certain and "whether it was a key decision" in by["unsaid"].certain_why
    assert [e.match for e in evs] == [by["key"].match]


def test_an_urgency_decision_is_due_at_itself_and_says_so() -> None:
    st = state(decisions=[decision(key_decision=True, procedure="urgency")])
    (ob,), (ev,) = obligations("key-decision-notice", st)
    assert ob.due.instant == pendulum.datetime(2018, 12, 19, 17, 30, tz="Europe/London")
    assert "taken under the urgency procedure" in ob.due.account and "urgency procedure" in ob.label
    assert ev.earliest == ob.due.epoch


def test_private_notice_is_owed_for_cabinet_business_only() -> None:
    st = state(
        decisions=[
            decision(key="cab", private=True, private_notice_published="20/11/2018 09:00"),
            decision(key="imd", private=True, decided_by="mayor"),
            decision(key="who", private=True, decided_by=None),
        ]
    )
    obs, _ = obligations("private-business-notice", st)
    assert {o.discriminator: o.certain for o in obs} == {"cab": True, "who": False}


def test_time_runs_forward_for_decisions_and_interests() -> None:
    """A decision not yet taken and with no notice yet is not known; a notice published after the
    as-of date is not known either; an interest is known from its disclosure."""
    d = decision(key_decision=True, notice_published="22/11/2018 09:00")
    assert known_by(state(decisions=[d]), calendar.as_of_instant("2018-11-01")).decisions == []
    early = known_by(state(decisions=[d]), calendar.as_of_instant("2018-12-20")).decisions
    assert early == [d]
    mid = decision(key_decision=True, notice_published="01/12/2018 09:00", decided_at="19/12/2018 17:30")
    (seen,) = known_by(state(decisions=[mid]), calendar.as_of_instant("2018-12-05")).decisions
    assert seen.notice_published is not None
    it = F.Interest.model_validate(
        {"key": "i1", "person": "p", "what": "x", "disclosed_at": "14/06/2017 18:00", "notified_at": "20/07/2017 12:00"}
    )
    assert known_by(state(interests=[it]), calendar.as_of_instant("2017-06-01")).interests == []
    (later,) = known_by(state(interests=[it]), calendar.as_of_instant("2017-07-01")).interests
    assert later.notified_at is None


def test_an_interest_is_due_28_days_after_its_meeting() -> None:
    it = F.Interest.model_validate({"key": "i1", "person": "p", "what": "x", "disclosed_at": "14/06/2017 18:00"})
    registered = it.model_copy(update={"key": "i2", "registered": True})
    (ob,), evs = obligations("dpi-notification", state(interests=[it, registered]), "2017-09-01")
    assert ob.due.iso == "2017-07-12T23:59:59+01:00" and evs == []
