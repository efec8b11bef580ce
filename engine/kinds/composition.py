"""`composition`: who must sit on a board, checked at each of its meetings.

    rule:
      kind: composition
      board: bvib
      chair_role: mayor                        # optional: the chair holds this role
      required_roles: [corporate-director-resources, monitoring-officer]   # a member sits as each
      every_political_group: true              # a member of every political group on the council that day
      external_members: 2                      # optional: at least this many external members
      reading: "..."

At each meeting of the board that has started by the as-of instant (who sat on a board is judged at
meetings that took place, not predicted), one obligation per requirement; a meeting not recorded as
held gives one unknown obligation. Evidence: the board's memberships (by capacity, political group,
external) and the roles held. Coverage subject: `memberships:<board>`.

Two things the records may not say, which make a requirement unknown, never met:

- who sat on the board at the meeting: a held meeting with `attendance_known: false` (no minutes or
  attendance record, only an agenda or a mention elsewhere) gives every requirement as unknown, since
  a standing membership list is what was planned, not a record of that day;
- which political groups there are: "every political group" reads the groups recorded, and unless the
  authority's records are complete (`absence_proves_breach`, or a `coverage` fact on the subject
  `political_groups` reaching the meeting day) one more requirement, `groups:all`, reads unknown: the
  groups recorded may not be all the groups on the council (a councillor whose group no paper states
  belongs to no recorded group).

`external_members: N` means at least N: one obligation per place (`external`, `external-2`, ...
`external-N`), each matched by a different external member. At each meeting the board's external
memberships that include its day are numbered by their start and person, the k-th becoming evidence
for place k only, so that N places need N different people (the rules still check that each
membership holds at the meeting's instant).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field

from engine.core import calendar, ids
from engine.core.calendar import FOREVER
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
    external_members: int = Field(0, ge=0)
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = (
        "boards", "meetings", "people", "roles", "memberships", "political_groups", "coverage", "direction_status",
    )  # fmt: skip
    answered_by: ClassVar[str] = "membership"

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        board = ctx.board_name(self.board)
        obs: list[Obligation] = []
        for mt in ctx.meetings_started(self.board):
            when = calendar.day_words(mt.starts_at.date())
            for disc, what, match, certain, why, expects in self._requirements(ctx, mt, board, when):
                obs.append(
                    ctx.obligation(
                        clause,
                        f"{mt.key}:{disc}",
                        label=f"meeting of {when}: {what}",
                        match=match,
                        certain=certain,
                        certain_why=why,
                        expects=expects,
                        due=evidence.meeting_due(mt, board),
                        late_until=calendar.epoch(mt.starts_at),
                        readings=self.rule_readings(),
                        at_instant=True,
                    )
                )
        return obs, evidence.memberships(ctx, self.board) + evidence.roles(ctx) + self._external_places(ctx)

    def _external_places(self, ctx: Context) -> list[Evidence]:
        """The external members at each meeting held, the k-th (by start, then person) as evidence for
        place k (`member:<board>:external@<meeting>:<k>`), for k up to `external_members`."""
        if not self.external_members:
            return []
        out = []
        externals = sorted(
            (ms for ms in ctx.state.memberships if ms.board == self.board and ms.external),
            key=lambda ms: (ms.start, ms.person),
        )
        for mt in ctx.meetings_started(self.board):
            day = mt.starts_at.in_timezone(calendar.LONDON).date()
            there = [ms for ms in externals if ms.start <= day and (ms.until is None or ms.until >= day)]
            for k, ms in enumerate(there[: self.external_members], start=1):
                start = calendar.epoch(calendar.start_of_day_instant(ms.start))
                until = calendar.epoch(calendar.end_of_day_instant(ms.until)) if ms.until else FOREVER
                person = ctx.state.person(ms.person)
                fid = ids.membership_id(self.board, ms.person, ms.start)
                span = f"from {calendar.day_words(ms.start)}" + (
                    f" to {calendar.day_words(ms.until)}" if ms.until else ""
                )
                words = (
                    f"{person.name if person else ms.person} an external member of the {ctx.board_name(self.board)} "
                    f"as {ms.capacity} {span}{evidence.source_words(ms.source)}"
                )
                match = f"member:{self.board}:external@{mt.key}:{k}"
                out.append(Evidence.held(f"{fid}:{match}", match, start, until, fid, words))
        return out

    def _requirements(
        self, ctx: Context, mt: F.Meeting, board: str, when: str
    ) -> list[tuple[str, str, str, bool, str, str]]:
        """What the clause requires at one meeting: (discriminator, what in words, match key,
        certain, why, what satisfies it), one per requirement."""
        if mt.status != "held":  # nothing can be proven of a meeting not recorded as held
            why = f"the meeting is recorded as {mt.status}, not as held"
            held = f"a record that the meeting of {when} was held, and who sat on the {board}"
            return [("held", "composition", f"not-held:{mt.key}", False, why, held)]
        out = self._each(ctx, mt, board, when)
        if not mt.attendance_known:  # a standing list of members is a plan, not a record of who sat that day
            why = f"the record of the meeting of {when} does not say who attended it (attendance not recorded)"
            return [
                (
                    disc,
                    what,
                    f"attendance-not-recorded:{mt.key}",
                    False,
                    why,
                    f"{expects}, shown by a record of the meeting",
                )
                for disc, what, _match, _certain, _why, expects in out
            ]
        return out

    def _each(self, ctx: Context, mt: F.Meeting, board: str, when: str) -> list[tuple[str, str, str, bool, str, str]]:
        """Every requirement at a held meeting, judged from the board's memberships and roles."""
        out = []
        if self.chair_role and mt.chair:
            chair = ctx.state.person(mt.chair)
            who = chair.name if chair else mt.chair
            out.append(
                ("chair", "chair", f"role:{mt.chair}:{self.chair_role}", True, "the record names who chaired",
                 f"the chair, {who}, holding the role {self.chair_role} at the meeting")
            )  # fmt: skip
        elif self.chair_role:
            out.append(
                ("chair", "chair", "chair-not-recorded", False, "the record of the meeting does not say who chaired",
                 f"a chair holding the role {self.chair_role}")
            )  # fmt: skip
        certain, why = ctx.certain(ids.memberships_subject(self.board), calendar.epoch(mt.starts_at))
        member = f"member:{self.board}"
        for role in self.required_roles:
            out.append(
                (f"role:{role}", role, f"{member}:capacity:{role}", certain, why,
                 f"a member of the {board} sitting as {role} on {when}")
            )  # fmt: skip
        if self.every_political_group:
            groups = groups_at(ctx, mt.starts_at.date())
            for g in groups:
                out.append(
                    (f"group:{g.key}", f"{g.name} represented", f"{member}:group:{g.key}", certain, why,
                     f"a member of the {g.name} group on the {board} on {when}")
                )  # fmt: skip
            complete, _ = ctx.certain(ids.POLITICAL_GROUPS_SUBJECT, calendar.epoch(mt.starts_at))
            if not complete:
                named = ", ".join(g.name for g in groups) or "none"
                out.append(
                    ("groups:all", "every political group known", f"groups-not-known:{mt.key}", False,
                     "the records do not say which political groups were on the council that day "
                     f"(groups recorded: {named}; no coverage of {ids.POLITICAL_GROUPS_SUBJECT} reaches it)",
                     f"a record of every political group on the council on {when}, each with a member on the {board}")
                )  # fmt: skip
        for k in range(1, self.external_members + 1):
            nth = "" if k == 1 else f"-{k}"
            out.append(
                (f"external{nth}", "external member" + (f" {k}" if k > 1 else ""),
                 f"member:{self.board}:external@{mt.key}:{k}", certain, why,
                 f"at least one external member of the {board} on {when}" if self.external_members == 1 else
                 f"at least {self.external_members} external members of the {board} on {when} "
                 f"(place {k}: a different person from the other places)")
            )  # fmt: skip
        return out

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        parts = []
        if self.chair_role:
            parts.append(f"chaired by the holder of the role {quoted(self.chair_role)}")
        if self.required_roles:
            parts.append("with a member sitting as each of " + ", ".join(quoted(r) for r in self.required_roles))
        if self.every_political_group:
            parts.append(
                "with a member of every political group on the council that day (unknown where the records do "
                "not say which groups there were)"
            )
        if self.external_members:
            n = self.external_members
            parts.append(f"with at least {n} external member{'s' if n != 1 else ''}")
        return Reading(
            [
                f"Checked at every meeting of the board {quoted(self.board)} held while the direction is in force "
                f"({ctx.direction.in_force_words()}): " + "; ".join(parts or ["(no requirement given)"]) + ". "
                "At a meeting whose attendance is not recorded, every requirement reads unknown."
            ],
            readings=self.rule_readings(),
        )
