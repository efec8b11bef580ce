"""Stored facts as evidence for the rules engine: submissions, meetings, memberships and roles held.

Why one module: several kinds read the same facts (a meeting is evidence for a meeting-frequency
duty; a membership for composition and appointment duties), and each fact must become the same
evidence, with the same store fact id (engine.core.ids) and the same words, whichever kind reads it.
"""

from __future__ import annotations

import functools

from pendulum import DateTime

from engine.core import calendar, ids
from engine.core.calendar import FOREVER, Due
from engine.kinds.base import Context, Evidence
from engine.model import facts as F

__all__ = [
    "announced",
    "submissions",
    "attendance_words",
    "meeting_words",
    "meeting_due",
    "meeting_window",
    "meetings",
    "memberships",
    "roles",
    "source_words",
]


def source_words(source: str | None) -> str:
    """' [source: ...]' after a fact's words, or nothing."""
    return f" [source: {source}]" if source else ""


def submissions(ctx: Context, clause_id: str, default_occurrence: int | None) -> list[Evidence]:
    """Every submission naming the clause, matching `<clause id>#<occurrence>` (a submission that names
    no occurrence answers `default_occurrence`)."""
    out = []
    for s in ctx.state.submissions:
        if s.clause != clause_id:
            continue
        occurrence = s.occurrence or default_occurrence
        lo, hi = s.window()
        if lo == hi:
            when = f"received {calendar.human(lo)}"
        elif calendar.epoch(hi) >= FOREVER:  # engine/evaluation/known.py: it may not have arrived by the as-of date
            when = (
                f"possibly received: not before {calendar.human(lo)}, and not known to have arrived by the as-of date"
            )
        else:
            when = f"received at some time between {calendar.human(lo)} and {calendar.human(hi)}"
        fid = ids.submission_id(s.key)
        out.append(
            Evidence(
                ek=fid,
                match=f"{clause_id}#{occurrence}",
                # not known to have arrived by the as-of date: it may have arrived at any time, so
                # for the rules it may be in time and may be late, and reads unknown, never met
                earliest=0 if calendar.epoch(hi) >= FOREVER else calendar.epoch(lo),
                latest=calendar.epoch(hi),
                facts=[fid],
                words=f"{s.what} ({s.key}), {when}" + (f"; {s.note}" if s.note else "") + source_words(s.source),
            )
        )
    return out


def announced(ctx: Context, clause_id: str, occurrence: int | None) -> list[str]:
    """What the papers known by the as-of date announce for one occurrence of a clause, in words.

    An announcement (engine.model.facts.Announcement) is never evidence: these words go beside the
    finding's facts so that a reader sees the plan and that it was not taken as a record. An
    announcement naming no occurrence answers the first. Empty when the duty has no occurrence."""
    if occurrence is None:
        return []
    out = []
    for a in ctx.state.announcements:
        if a.clause != clause_id or (a.occurrence or 1) != occurrence:
            continue
        if calendar.start_of_day_instant(a.announced_on) > ctx.as_of:
            continue  # the paper that announces it is not written yet
        out.append(
            f"announced, not evidence of sending or receipt: {a.what} ({a.key}), said on "
            f"{calendar.day_words(a.announced_on)} to be sent on {calendar.day_words(a.planned_for)}"
            + source_words(a.source)
        )
    return out


def meeting_words(mt: F.Meeting) -> str:
    """When a meeting was, in words ('16:00 BST on 20 July 2017', or the day when its time is not recorded)."""
    return _when(mt.starts_at, mt.time_known)


def _when(starts_at: DateTime, time_known: bool) -> str:
    """`meeting_words` from the meeting's start and whether its time is recorded."""
    if time_known:
        return calendar.human(starts_at)
    return f"on {calendar.day_words(starts_at.date())} (time not recorded)"


def attendance_words(mt: F.Meeting) -> str:
    """' (attendance not recorded)' after a meeting whose attendance is not known, or nothing."""
    return "" if mt.attendance_known else " (attendance not recorded)"


def meeting_due(mt: F.Meeting, board_name: str) -> Due:
    """A duty that attaches to a meeting is due at its start. The same Due (immutable) for every duty
    of the meeting, and at every as-of date of a command while the meeting reads the same (`_meeting_due`)."""
    return _meeting_due(mt.key, mt.starts_at, mt.status, mt.time_known, board_name)


@functools.lru_cache(maxsize=65536)
def _meeting_due(key: str, starts_at: DateTime, status: str, time_known: bool, board_name: str) -> Due:
    """`meeting_due` from what it reads of the meeting: the words of a Due were a tenth of building the
    benchmark's obligations (50 authorities), made again for each clause attached to the meeting (docs/performance.md)."""
    return Due(
        starts_at,
        (
            f"the {status} meeting of the {board_name} ({key}) {'at ' if time_known else ''}{_when(starts_at, time_known)}",
            "the duty attaches to the meeting itself",
        ),
        time_known=time_known,
    )


def meeting_window(mt: F.Meeting) -> tuple[int, int]:
    """When a meeting took place (epoch seconds): its start, or the whole day when only the day is known."""
    if mt.time_known:
        return calendar.epoch(mt.starts_at), calendar.epoch(mt.starts_at)
    day = mt.starts_at.date()
    return (calendar.epoch(calendar.start_of_day_instant(day)), calendar.epoch(calendar.end_of_day_instant(day)))


def meetings(ctx: Context, board: str, public: bool) -> list[Evidence]:
    """Every meeting of a board held (in public, if `public`), matching `meeting:<board>[:public]`."""
    out = []
    for mt in ctx.state.meetings:
        if mt.board != board or mt.status != "held" or (public and not mt.public):
            continue
        t, latest = meeting_window(mt)
        suffix = ":public" if public else ""
        fid = ids.meeting_id(mt.key)
        out.append(
            Evidence(
                ek=f"{fid}{suffix}",
                match=f"meeting:{board}{suffix}",
                earliest=t,
                latest=latest,
                facts=[fid],
                words=f"the {'public ' if mt.public else ''}meeting {mt.key} held {meeting_words(mt)}"
                + attendance_words(mt)
                + source_words(mt.source),
            )
        )
    return out


def memberships(ctx: Context, board: str) -> list[Evidence]:
    """Every membership of a board, as evidence of a member sitting in a capacity, of a political
    group, or as an external member (`member:<board>:capacity:<role>`, `...:group:<group>`, `...:external`),
    from its first day to the end of its last."""
    out = []
    groups = {p.key: p.group for p in ctx.state.people}
    for ms in ctx.state.memberships:
        if ms.board != board:
            continue
        start = calendar.epoch(calendar.start_of_day_instant(ms.start))
        until = calendar.epoch(calendar.end_of_day_instant(ms.until)) if ms.until else FOREVER
        span = f"from {calendar.day_words(ms.start)}" + (f" to {calendar.day_words(ms.until)}" if ms.until else "")
        person = ctx.state.person(ms.person)
        who = person.name if person else ms.person
        fid = ids.membership_id(board, ms.person, ms.start)
        keys = [f"member:{board}:capacity:{ms.capacity}"]
        if groups.get(ms.person):
            keys.append(f"member:{board}:group:{groups[ms.person]}")
        if ms.external:
            keys.append(f"member:{board}:external")
        for key in keys:
            words = f"{who} a member of the {board} as {ms.capacity} {span}{source_words(ms.source)}"
            out.append(Evidence.held(f"{fid}:{key}", key, start, until, fid, words))
    return out


def roles(ctx: Context) -> list[Evidence]:
    """Every role held, matching `role:<person>:<role>`, from its first day to the end of its last."""
    out = []
    for r in ctx.state.roles:
        start = calendar.epoch(calendar.start_of_day_instant(r.start)) if r.start else 0
        until = calendar.epoch(calendar.end_of_day_instant(r.until)) if r.until else FOREVER
        person = ctx.state.person(r.person)
        span = (f" from {calendar.day_words(r.start)}" if r.start else "") + (
            f" to {calendar.day_words(r.until)}" if r.until else ""
        )
        fid = ids.role_id(r.person, r.role)
        words = f"{person.name if person else r.person} held the role {r.role}{span}{source_words(r.source)}"
        out.append(Evidence.held(f"{fid}.{start}", f"role:{r.person}:{r.role}", start, until, fid, words))
    return out
