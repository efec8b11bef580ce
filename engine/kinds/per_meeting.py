"""`per_meeting`: at every meeting of a board, an item must be presented by a role.

    rule:
      kind: per_meeting
      board: csib                                   # the board's key in the facts
      item: dcs-progress-report                     # the agenda item's key
      presented_by: director-of-childrens-services  # optional: the role that presents it
      after: 2017-06-14                             # optional: only meetings after the end of this day
      reading: "..."

One obligation per meeting of the board (not cancelled) while the direction binds, due at its
start; evidence: the items recorded as tabled at held meetings. A meeting whose items are not
recorded leaves it unknown. Without `presented_by` (terms of reference that list standard agenda
items and name no presenter: "Review of risks") the item counts whoever presented it. With `after`, meetings on or before that day owe nothing ("a
standing item ... at future meetings", agreed at a meeting on that day).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from engine.core import calendar, ids
from engine.kinds import evidence
from engine.kinds.base import Context, Evidence, Obligation, Reading, RuleKind, quoted
from engine.kinds.registry import register
from engine.model.specs import Day, Slug

if TYPE_CHECKING:
    from engine.directions.model import Clause


@register
class PerMeeting(RuleKind):
    """Every meeting of a board must have an item (presented by a role, where one is named)."""

    kind: Literal["per_meeting"]
    board: Slug
    item: Slug
    presented_by: Slug | None = None  # None: whoever presents it
    after: Day | None = None  # only meetings after the end of this day (London)
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = ("boards", "meetings", "direction_status")
    answered_by: ClassVar[str] = "meeting"

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        board = ctx.board_name(self.board)
        obs, evs = [], []
        anyone = self.presented_by is None
        for mt in ctx.meetings(self.board):
            if self.after is not None and mt.starts_at.date() <= self.after:
                continue  # before the duty applies: the meeting owes nothing
            match = f"tabled:{mt.key}:{self.item}:{'*' if anyone else self.presented_by}"
            by = "" if anyone else f" presented by {self.presented_by!r}"
            if mt.status == "held":
                certain, why = (
                    (True, "the record of the meeting lists what was tabled")
                    if mt.items_known
                    else (False, "the papers do not record what was tabled at this meeting")
                )
            else:
                certain, why = False, f"the meeting is recorded as {mt.status}, not as held"
            obs.append(
                ctx.meeting_duty(
                    clause,
                    mt,
                    match=match,
                    due=evidence.meeting_due(mt, board),
                    late_until=calendar.epoch(mt.starts_at),
                    certain=certain,
                    certain_why=why,
                    readings=self.rule_readings(),
                    expects=f"item {self.item!r}{by} at the meeting {mt.key}",
                )
            )
            if mt.status == "held":
                for it in mt.items:
                    key = f"tabled:{mt.key}:{it.item}:{it.presented_by}"
                    words = (
                        f"{it.item!r} presented by {it.presented_by!r} at {mt.key} "
                        f"({calendar.human(mt.starts_at)})" + evidence.source_words(it.source)
                    )
                    at, fid = calendar.epoch(mt.starts_at), ids.meeting_id(mt.key)
                    evs.append(Evidence.event(key, key, at, fid, words))
                    if anyone:  # the same item, matched whoever presented it
                        wild = f"tabled:{mt.key}:{it.item}:*"
                        evs.append(Evidence.event(f"{key}>{wild}", wild, at, fid, words))
        return obs, evs

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        return Reading(
            [
                f"At every meeting of the board {quoted(self.board)} while the direction is in force "
                f"({ctx.direction.in_force_words()}): the item {quoted(self.item)} is "
                + (
                    "tabled (by whoever presents it: no presenter is named)."
                    if self.presented_by is None
                    else f"presented by the {quoted(self.presented_by)}."
                ),
                "Due at the start of each meeting; a meeting recorded as cancelled is not counted."
                + (
                    f" Only meetings after {calendar.day_words(self.after)} (after: {self.after.isoformat()})."
                    if self.after is not None
                    else ""
                ),
            ],
            readings=self.rule_readings(),
        )
