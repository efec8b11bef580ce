"""`notified_within`: a disclosable pecuniary interest not in the register, disclosed at a meeting, must be
notified to the Monitoring Officer within a period of the meeting.

    rule:
      kind: notified_within
      within: {days: 28}                 # or {working_days: N}: England and Wales bank holidays not counted
      late_evidence: counts              # optional: or not_counted, or {within: {days: 14}}
      reading: "..."

Why a kind of its own: the guidance the council's meetings papers print (seed 002_7d5881941015d02d.txt:
"Where you have a DPI in any business of the authority which is not included in the Member's register of
interests and you attend a meeting of the authority at which the business is considered, in addition to
disclosing the interest to that meeting, you must also within 28 days notify the Monitoring Officer of the
interest for inclusion in the Register") counts from a disclosure the store records as an `interests` fact
(engine.model.facts.Interest), not from a request or a submission. One obligation per recorded interest
not already registered, disclosed while the instrument binds; due at the end of the period's last day (the
day of the disclosure not counted); evidence: the notification the interest records (`notified_at`). With
no notification recorded, it reads as unknown unless the records of the clause are complete.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from engine.core import calendar, ids
from engine.kinds.base import Context, Evidence, Obligation, Reading, RuleKind
from engine.kinds.notice_before import NoticePeriod
from engine.kinds.registry import register
from engine.model.specs import LATE_EVIDENCE_PHRASES, LateEvidence, late_until, late_words

if TYPE_CHECKING:
    from engine.directions.model import Clause


@register
class NotifiedWithin(RuleKind):
    """Each recorded unregistered interest is notified to the Monitoring Officer within a period of its disclosure."""

    kind: Literal["notified_within"]
    within: NoticePeriod
    late_evidence: LateEvidence = "counts"
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = ("interests", "coverage", "direction_status")
    reading_phrases: ClassVar[dict[str, tuple[str, str]]] = {**LATE_EVIDENCE_PHRASES}
    answered_by: ClassVar[str] = "interest"

    def _period_words(self) -> str:
        return calendar.period_words(self.within.n, self.within.unit, False)

    def computed_readings(self) -> list[str]:
        out = [
            f"Within {self._period_words()} of the disclosure: the day of the meeting at which it was disclosed is "
            "not counted, and the period ends at the end of its last day (23:59:59 London time)."
        ]
        if self.within.unit == "working_days":
            out.append(
                f"Working days exclude weekends and England and Wales bank holidays ({calendar.bank_holidays().name})."
            )
        return out + [late_words(self.late_evidence)]

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        cid = ctx.direction.clause_id(clause)
        obs, evs = [], []
        for it in ctx.state.interests:
            t = it.disclosed_at.int_timestamp
            if it.registered or not ctx.start <= t <= ctx.generate_until:
                continue
            match = f"{cid}#{it.key}"
            where = f" at the meeting {it.meeting}" if it.meeting else ""
            due = calendar.due_around_event(
                it.disclosed_at, f"the interest {it.key} ({it.what}) was disclosed by {it.person}{where}",
                self.within.n, self.within.unit, False, "after", "notification due",
            )  # fmt: skip
            if it.notified_at is not None:
                certain, why = True, "the interest records when the Monitoring Officer was notified"
                evs.append(
                    Evidence.event(
                        f"{match}:notified", match, it.notified_at.int_timestamp, ids.fact_id("interests", {"key": it.key}),
                        f"the Monitoring Officer notified of the interest {it.key} {calendar.human(it.notified_at)}",
                    )
                )  # fmt: skip
            else:
                certain, why = ctx.certain(cid, due.epoch)
            obs.append(
                ctx.obligation(
                    clause, it.key, label=f"interest {it.key}", match=match, opens=t, due=due,
                    late_until=late_until(self.late_evidence, due), certain=certain, certain_why=why,
                    readings=self.rule_readings(),
                    expects=f"the Monitoring Officer notified of the interest {it.key} within {self._period_words()} "
                    f"of its disclosure, by {calendar.human(due.instant)}",
                )
            )  # fmt: skip
        return obs, evs

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        return Reading(
            [
                "Each disclosable pecuniary interest disclosed at a meeting and not in the register (a recorded "
                f"interest) is notified to the Monitoring Officer within {self._period_words()} of the disclosure; "
                f"interests disclosed while the instrument is in force ({ctx.direction.in_force_words()})."
            ],
            readings=self.rule_readings(),
        )
