"""`scheduled_return`: a plug-in rule kind (a test fixture) that reads its due days from a CSV file while it
evaluates, so that a bad cell in that file is found inside the worker process that evaluates.

    rule:
      kind: scheduled_return
      schedule: /path/to/schedule.csv   # a header `due`, then one day a row (31/03/2018)

Used by tests/operations/test_worker_errors.py: the error (a FileError naming the file, the row and the field) must
come back from the worker as it was raised, and `comply` must report it with exit 2 and one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from engine.core import calendar, csvfile, dates
from engine.core.errors import FileError
from engine.kinds import evidence
from engine.kinds.base import Context, Evidence, Obligation, Occurrence, Reading, RuleKind
from engine.kinds.registry import register

if TYPE_CHECKING:
    from engine.directions.model import Clause


@register
class ScheduledReturn(RuleKind):
    """A return received by the end of every day the schedule file lists."""

    kind: Literal["scheduled_return"]
    schedule: str
    reading: str | None = None

    reads: ClassVar[tuple[str, ...]] = ("submissions", "coverage", "direction_status")
    answered_by: ClassVar[str] = "submission"

    def _dues(self) -> list[calendar.Due]:
        out = []
        for row, _line, cells in csvfile.read_rows(Path(self.schedule)):
            if row == 1:
                continue
            try:
                day = dates.read_date(cells[0])
            except ValueError as exc:
                raise FileError(self.schedule, f"row {row}", f"due: {exc}") from None
            out.append(calendar.due_on(day, "end_of_day", "a day the schedule file lists"))
        return out

    def obligations(self, ctx: Context, clause: Clause) -> tuple[list[Obligation], list[Evidence]]:
        cid = ctx.direction.clause_id(clause)
        obs = ctx.submission_duties(
            clause,
            self._dues(),
            label=lambda n: f"return {n}",
            expects=lambda n, due: f"return {n} answering {cid}, received by {calendar.human(due.instant)}",
            readings=self.rule_readings(),
        )
        return obs, evidence.submissions(ctx, cid, None)

    def describe(self, ctx: Context, clause: Clause, show: int) -> Reading:
        return Reading(
            [f"A return by the end of every day listed in {self.schedule}."],
            [Occurrence.of("return 1", due) for due in self._dues()[:show]],
            readings=self.rule_readings(),
        )
