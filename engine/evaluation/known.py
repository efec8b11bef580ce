"""Time only runs forward: the authority's state as it could be known at an instant.

Why one module, before the rules: every rule kind reads the authority's state (engine/kinds/), and
a fact dated after the as-of instant must be invisible to all of them at once, including those that
compute due dates from facts (a recurring duty anchored on the previous event, an appointment
counted from when a person was named) where the rules engine never sees the fact itself. Filtering
here, once, in `known_by`, means that `check_direction` (engine/evaluation/check.py) gives the same
filtered state to durable-rules (engine/evaluation/rete.py, rules/obligations.py) and to the
plain-Python oracle (engine/evaluation/oracle.py): neither can leak the future, and neither needs a
rule about it. tests/evaluation/test_time_forward.py checks the property on random states.

What each fact kind's instant is (T is the as-of instant, London):

- a submission is known from when it was received; one received within a window is known from the
  window's end. One whose window straddles T (it may or may not have arrived by T) is kept as
  *possibly received*: its window is opened to "not known to have arrived" (NOT_YET_KNOWN), which
  engine/kinds/evidence.py hands to the rules as possibly at any time, so the duty it answers
  reads unknown: never met, nor met late, nor breached;
- a meeting is known held from its start (from the end of its day when its time is not recorded);
  a meeting later than that is at most scheduled at T, whatever its stored status, and nothing
  recorded of it (items, attendance, chair) is known;
- a role from its first day and the day its holder was named (`from`, `named_on`); a membership and
  a political group from their first day; their end (`to`) only once it has come: before then they
  are open-ended;
- a request when it was made, a response when it was given;
- a decision once it is taken, or earlier once a notice of it (or its papers) is published; its
  notices, papers and agreement only once each is given (an instant after T is left out); a meeting's
  `papers_published` likewise;
- an interest when it is disclosed, its notification to the Monitoring Officer once given;
- an adoption (a plan in effect) from when it was adopted, its withdrawal only once it has come (before
  then it is in effect as far as can be known); an approval from when it was given;
- a direction status (revoked, varied) from the day it takes effect;
- a coverage claim (records complete until a day) is a statement about a span of time, not an
  event: at T it holds for the part of the span that has passed, so it is read as complete until
  the last day that has ended by T (or its own day, if earlier). When the claim was *recorded* is
  another question, the store's (the record's history), not the as-of date's.

People, boards and the authority itself carry no date and are always known.
"""

from __future__ import annotations

import datetime as dt

import pendulum
from pendulum import DateTime

from engine.core import calendar
from engine.core.calendar import FOREVER
from engine.kinds.evidence import meeting_window
from engine.model import facts as F
from engine.model.state import AuthorityState

__all__ = ["known_by", "NOT_YET_KNOWN"]

#: The end of the window of a submission that may or may not have arrived by the as-of instant.
NOT_YET_KNOWN: DateTime = pendulum.from_timestamp(FOREVER, tz=calendar.LONDON)


def _started(day: dt.date | None, as_of: DateTime) -> bool:
    """Whether a day-dated fact has begun by the as-of instant (a day begins at 00:00 London)."""
    return day is None or calendar.start_of_day_instant(day) <= as_of


def _open_end(until: dt.date | None, as_of: DateTime) -> dt.date | None:
    """An end date as known at the as-of instant: only an end that has come is known."""
    if until is None or calendar.end_of_day_instant(until) > as_of:
        return None
    return until


def _submission(s: F.Submission, as_of: DateTime) -> F.Submission | None:
    lo, hi = s.window()
    if lo > as_of:
        return None
    if hi <= as_of:
        return s
    return s.model_copy(update={"received": None, "received_between": (lo, NOT_YET_KNOWN)})


def _meeting(mt: F.Meeting, as_of: DateTime) -> F.Meeting:
    if mt.papers_published is not None and mt.papers_published > as_of:
        mt = mt.model_copy(update={"papers_published": None})
    if meeting_window(mt)[1] <= calendar.epoch(as_of) or mt.status == "scheduled":
        return mt
    status = "cancelled" if mt.status == "cancelled" and mt.starts_at <= as_of else "scheduled"
    return mt.model_copy(update={"status": status, "items": [], "attendance": [], "chair": None})


#: the instants a decision records, each known only once it has come
_DECISION_INSTANTS = ("notice_published", "private_notice_published", "papers_published")


def _decision(d: F.Decision, as_of: DateTime) -> F.Decision | None:
    published = [getattr(d, f) for f in _DECISION_INSTANTS if getattr(d, f) is not None]
    if d.decided_at > as_of and not any(p <= as_of for p in published):
        return None
    update: dict[str, object] = {f: None for f in _DECISION_INSTANTS if (v := getattr(d, f)) is not None and v > as_of}
    if d.agreed_at is not None and d.agreed_at > as_of:
        update.update(agreed_at=None, agreed_by=None)
    return d.model_copy(update=update) if update else d


def _interest(it: F.Interest, as_of: DateTime) -> F.Interest | None:
    if it.disclosed_at > as_of:
        return None
    if it.notified_at is not None and it.notified_at > as_of:
        return it.model_copy(update={"notified_at": None})
    return it


def _role(r: F.RoleHeld, as_of: DateTime) -> F.RoleHeld | None:
    if not _started(r.start, as_of) or (r.start is None and not _started(r.named_on, as_of)):
        return None
    named_on = r.named_on if _started(r.named_on, as_of) else None
    return r.model_copy(update={"named_on": named_on, "until": _open_end(r.until, as_of)})


def known_by(state: AuthorityState, as_of: DateTime) -> AuthorityState:
    """The state as it could be known at `as_of` (a London instant): every fact dated after it left
    out, every state that ends after it open-ended, every meeting after it at most scheduled, and a
    submission that may or may not have arrived by then only possibly received (see the module
    docstring for each kind's instant). The state given is not changed; the facts kept are the same
    objects where nothing about them changes. Raises nothing."""
    submissions = [k for s in state.submissions if (k := _submission(s, as_of)) is not None]
    roles = [k for r in state.roles if (k := _role(r, as_of)) is not None]
    return AuthorityState(
        authority=state.authority,
        political_groups=[
            g.model_copy(update={"until": _open_end(g.until, as_of)})
            for g in state.political_groups
            if _started(g.start, as_of)
        ],
        people=state.people,
        roles=roles,
        boards=state.boards,
        memberships=[
            ms.model_copy(update={"until": _open_end(ms.until, as_of)})
            for ms in state.memberships
            if _started(ms.start, as_of)
        ],
        meetings=[_meeting(mt, as_of) for mt in state.meetings],
        submissions=submissions,
        requests=[rq for rq in state.requests if rq.made_at <= as_of],
        responses=[rs for rs in state.responses if rs.responded_at <= as_of],
        decisions=[k for d in state.decisions if (k := _decision(d, as_of)) is not None],
        interests=[k for it in state.interests if (k := _interest(it, as_of)) is not None],
        direction_status=[ds for ds in state.direction_status if _started(ds.effective, as_of)],
        coverage=[_coverage(cov, as_of) for cov in state.coverage],
        announcements=[a for a in state.announcements if _started(a.announced_on, as_of)],
        adoptions=[_adoption(a, as_of) for a in state.adoptions if a.adopted_at <= as_of],
        approvals=[a for a in state.approvals if a.approved_at <= as_of],
    )


def _adoption(a: F.Adoption, as_of: DateTime) -> F.Adoption:
    """An adoption is known from when it was adopted; its withdrawal only once it has come."""
    if a.withdrawn_at is None or a.withdrawn_at <= as_of:
        return a
    return a.model_copy(update={"withdrawn_at": None})


def _last_day_ended(as_of: DateTime) -> dt.date:
    """The last London day that has ended by the as-of instant."""
    local = as_of.in_timezone(calendar.LONDON)
    day = dt.date(local.year, local.month, local.day)
    return day if calendar.end_of_day_instant(day) <= as_of else day - dt.timedelta(days=1)


def _coverage(cov: F.Coverage, as_of: DateTime) -> F.Coverage:
    last = _last_day_ended(as_of)
    return cov if cov.complete_until <= last else cov.model_copy(update={"complete_until": last})
