"""`composition`: who must sit on a board, checked at each of its meetings.

    rule:
      kind: composition
      board: bvib
      chair_role: mayor                        # optional: the chair holds this role
      required_roles: [corporate-director-resources, monitoring-officer]   # a member sits as each
      every_political_group: true              # a member of every political group on the council that day
      external_members: 1                      # optional: at least one external member
      reading: "..."

At each meeting of the board that has started by the as-of instant (who sat on a board is judged at
meetings that took place, not predicted), one obligation per requirement; a meeting not recorded as
held gives one unknown obligation. Evidence: the board's memberships (by capacity, political group,
external) and the roles held. Coverage subject: `memberships:<board>`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from engine.core import calendar, ids
from engine.kinds import evidence
from engine.kinds.base import Context, Evidence, Obligation, Reading, RuleKind, quoted
from engine.kinds.registry import register
from engine.model import facts as F
from engine.model.specs import Slug

if TYPE_CHECKING:
    from engine.directions.model import Clause


def groups_at(ctx: Context, day: dt.date) -> list[F.PoliticalGroup]:
    """The political groups on the council on a day."""
    return [
        g
        for g in ctx.state.political_groups
        if (g.start is None or g.start <= day) and (g.until is None or g.until >= day)
    ]


@register
class Composition(RuleKind):
    """Who must sit on a board, checked at each of its meetings: the chair's role, required
    roles (as the capacity in which a member sits), every political group on the council, and a
    minimum number of external members."""

    kind: Literal["composition"]
    board: Slug
    chair_role: Slug | None = None
    required_roles: list[Slug] = []
    every_political_group: bool = False
    external_members: int = 0
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = (
        "boards", "meetings", "people", "roles", "memberships", "political_groups", "coverage", "direction_status",
    )  # fmt: skip
    answered_by: ClassVar[str] = "membership"

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        board = ctx.board_name(self.board)
        obs: list[Obligation] = []
        readings = self.rule_readings()
        for mt in ctx.meetings_started(self.board):
            t = mt.starts_at.int_timestamp
            when = calendar.day_words(mt.starts_at.date())
            base: dict[str, Any] = dict(
                due=evidence.meeting_due(mt, board), late_until=t, readings=readings, at_instant=True
            )
            if mt.status != "held":  # nothing can be proven of a meeting not recorded as held
                obs.append(
                    ctx.obligation(
                        clause,
                        f"{mt.key}:held",
                        label=f"meeting of {when}: composition",
                        match=f"not-held:{mt.key}",
                        certain=False,
                        certain_why=f"the meeting is recorded as {mt.status}, not as held",
                        expects=f"a record that the meeting of {when} was held, and who sat on the {board}",
                        **base,
                    )
                )
                continue
            if self.chair_role:
                if mt.chair:
                    chair = ctx.state.person(mt.chair)
                    obs.append(
                        ctx.obligation(
                            clause,
                            f"{mt.key}:chair",
                            label=f"meeting of {when}: chair",
                            match=f"role:{mt.chair}:{self.chair_role}",
                            certain=True,
                            certain_why="the record names who chaired",
                            expects=f"the chair, {chair.name if chair else mt.chair}, holding the role "
                            f"{self.chair_role} at the meeting",
                            **base,
                        )
                    )
                else:
                    obs.append(
                        ctx.obligation(
                            clause,
                            f"{mt.key}:chair",
                            label=f"meeting of {when}: chair",
                            match="chair-not-recorded",
                            certain=False,
                            certain_why="the record of the meeting does not say who chaired",
                            expects=f"a chair holding the role {self.chair_role}",
                            **base,
                        )
                    )
            certain, why = ctx.certain(ids.memberships_subject(self.board), t)
            for role in self.required_roles:
                obs.append(
                    ctx.obligation(
                        clause,
                        f"{mt.key}:role:{role}",
                        label=f"meeting of {when}: {role}",
                        match=f"member:{self.board}:capacity:{role}",
                        certain=certain,
                        certain_why=why,
                        expects=f"a member of the {board} sitting as {role} on {when}",
                        **base,
                    )
                )
            if self.every_political_group:
                for g in groups_at(ctx, mt.starts_at.date()):
                    obs.append(
                        ctx.obligation(
                            clause,
                            f"{mt.key}:group:{g.key}",
                            label=f"meeting of {when}: {g.name} represented",
                            match=f"member:{self.board}:group:{g.key}",
                            certain=certain,
                            certain_why=why,
                            expects=f"a member of the {g.name} group on the {board} on {when}",
                            **base,
                        )
                    )
            if self.external_members:
                obs.append(
                    ctx.obligation(
                        clause,
                        f"{mt.key}:external",
                        label=f"meeting of {when}: external member",
                        match=f"member:{self.board}:external",
                        certain=certain,
                        certain_why=why,
                        expects=f"at least one external member of the {board} on {when}",
                        **base,
                    )
                )
        return obs, evidence.memberships(ctx, self.board) + evidence.roles(ctx)

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        parts = []
        if self.chair_role:
            parts.append(f"chaired by the holder of the role {quoted(self.chair_role)}")
        if self.required_roles:
            parts.append("with a member sitting as each of " + ", ".join(quoted(r) for r in self.required_roles))
        if self.every_political_group:
            parts.append("with a member of every political group on the council that day")
        if self.external_members:
            n = self.external_members
            parts.append(f"with at least {n} external member{'s' if n != 1 else ''}")
        return Reading(
            [
                f"Checked at every meeting of the board {quoted(self.board)} held while the direction is in force "
                f"({ctx.direction.in_force_words()}): " + "; ".join(parts or ["(no requirement given)"]) + "."
            ],
            readings=self.rule_readings(),
        )
