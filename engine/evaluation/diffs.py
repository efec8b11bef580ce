"""Comparing two runs' findings: what the morning reader needs to know changed overnight.

Findings are matched by their id, which names the same obligation in every run (docs/statuses-and-json.md, "The
JSON form"). Why these categories: a new breach and a breach resolved are what a Monitoring
Officer acts on; "newly due soon" is the warning; a vanished obligation (present before, absent
now, e.g. after a direction was revoked or its file removed) must never disappear silently; new
obligations and every other change of status are listed so that nothing changes unseen.

Matching by id is sound only between runs whose findings have the same form (engine.model.findings.FINDING_FORMAT):
after an upgrade that spells ids anew, every finding would be "new". Such a run is not compared (`not_compared`
says why, engine.store.runs.not_comparable): it is a baseline, as a first run is, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.core import calendar
from engine.model.findings import Finding
from engine.store.runs import Unsent

__all__ = ["Section", "SECTIONS", "Change", "Diff", "compare"]


@dataclass(frozen=True)
class Section:
    """One section of a diff: its key (the Diff attribute and the JSON key), its heading, and the
    few words that count it in a one-line summary ("3 new breaches, 1 resolved, ...")."""

    key: str
    heading: str
    counted: str


#: the sections of a diff, in the order every output lists them, with their words: the one place
#: the command line, the nightly summary page and the digest email take them from
SECTIONS: tuple[Section, ...] = (
    Section("new_breaches", "New breaches", "new breaches"),
    Section("resolved_breaches", "Breaches resolved (and what they became)", "resolved"),
    Section("newly_due_soon", "Newly due soon", "newly due soon"),
    Section("vanished", "Obligations that vanished", "vanished"),
    Section("new_obligations", "New obligations", "new"),
    Section("other_changes", "Other changes of status", "other changes"),
)


@dataclass(frozen=True)
class Change:
    """One obligation in the comparison: its status before and after (None: absent). `due` is the ISO instant (what
    the JSON form keeps); `due_said` the same in words (Finding.due_words: '10am on 30 September 2017', a day whose
    time is not recorded said so), None when made without a finding (then `due` is said with its time)."""

    id: str
    authority: str
    direction: str
    clause: str
    subject: str
    due: str
    before: str | None
    after: str | None
    due_said: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON form: every field but `due_said` (the due date stays ISO 8601)."""
        values = dict(self.__dict__)
        del values["due_said"]
        return values

    def due_words(self) -> str:
        """The due date as people read it: `due_said`, else the ISO `due` in GOV.UK words (calendar.govuk_words)."""
        return self.due_said or calendar.govuk_words(calendar.parse_instant(self.due))

    def words(self) -> str:
        """One line for a person: 'th/dfe-2017.5g/2 (dfe-2017.5g, occurrence 2, due 10am on 30 September 2017):
        due_soon -> breached'."""
        due = self.due_words()
        move = f"{self.before or 'absent'} -> {self.after or 'absent'}"
        return f"{self.id} ({self.clause}, {self.subject}, due {due}): {move}"


@dataclass
class Diff:
    """The differences from run `before` to run `after` (before is None for a first run, and for a run not compared
    with the previous completed run `not_compared_with` for the reason `not_compared`: a baseline, with no section
    filled). `before` is the last run whose digest was told; the runs after it whose email failed are `also_covers`."""

    before: int | None
    after: int | None
    new_breaches: list[Change] = field(default_factory=list)
    resolved_breaches: list[Change] = field(default_factory=list)  # `after` says what each became
    newly_due_soon: list[Change] = field(default_factory=list)
    vanished: list[Change] = field(default_factory=list)
    new_obligations: list[Change] = field(default_factory=list)
    other_changes: list[Change] = field(default_factory=list)
    not_compared_with: int | None = None  # the previous completed run, when its findings were not compared
    not_compared: str | None = None  # why not, in words that follow "not compared: " (runs.not_comparable)
    #: the completed runs between `before` and this one whose email could not be sent (engine.store.runs.baseline):
    #: `before` is the last run whose digest was told, so this comparison holds their news too, and says so
    also_covers: list[Unsent] = field(default_factory=list)

    CATEGORIES = tuple(s.key for s in SECTIONS)

    def counts(self) -> dict[str, int]:
        """{section key: number of changes}, in SECTIONS order."""
        return {c: len(getattr(self, c)) for c in self.CATEGORIES}

    def counted_words(self) -> str:
        """The counts in one line: '2 new breaches, 0 resolved, 1 newly due soon, 0 vanished, 0 new, 3 other changes'."""
        return ", ".join(f"{len(getattr(self, s.key))} {s.counted}" for s in SECTIONS)

    @property
    def changed(self) -> bool:
        """Anything at all differs (a first run, with nothing to compare with, counts as changed)."""
        return self.before is None or any(self.counts().values())

    def to_json(self) -> dict[str, Any]:
        return {
            "before": self.before,
            "after": self.after,
            "not_compared_with": self.not_compared_with,
            "not_compared": self.not_compared,
            "also_covers": [u.to_json() for u in self.also_covers],
            "counts": self.counts(),
            **{c: [x.to_json() for x in getattr(self, c)] for c in self.CATEGORIES},
        }


def _change(f: Finding, before: str | None, after: str | None) -> Change:
    return Change(
        id=f.id,
        authority=f.authority,
        direction=f.direction,
        clause=f.clause,
        subject=f.subject,
        due=f.due,
        before=before,
        after=after,
        due_said=f.due_words(),
    )


def compare(
    old: list[Finding] | None,
    new: list[Finding],
    before: int | None = None,
    after: int | None = None,
    not_compared: tuple[int, str] | None = None,
) -> Diff:
    """The differences between two runs' findings. With `old` None (no earlier run, or `not_compared`: (the earlier
    run's id, why its findings cannot be compared)) nothing is listed as new: the whole run is the baseline, and
    `changed` is true. Raises ValueError for `not_compared` given with findings to compare."""
    if not_compared is not None:
        if old is not None or before is not None:
            raise ValueError("compare: a run not compared has no findings or run to compare with")
        return Diff(before=None, after=after, not_compared_with=not_compared[0], not_compared=not_compared[1])
    diff = Diff(before=before, after=after)
    if old is None:
        return diff
    was = {f.id: f for f in old}
    now = {f.id: f for f in new}
    for fid in sorted(now, key=lambda k: (now[k].due, k)):
        f, prior = now[fid], was.get(fid)
        b = prior.status if prior else None
        a = f.status
        if a == "breached" and b != "breached":
            diff.new_breaches.append(_change(f, b, a))
        elif b == "breached" and a != "breached":
            diff.resolved_breaches.append(_change(f, b, a))
        elif a == "due_soon" and b != "due_soon":
            diff.newly_due_soon.append(_change(f, b, a))
        elif prior is None:
            diff.new_obligations.append(_change(f, b, a))
        elif a != b:
            diff.other_changes.append(_change(f, b, a))
    for fid in sorted(set(was) - set(now), key=lambda k: (was[k].due, k)):
        diff.vanished.append(_change(was[fid], was[fid].status, None))
    return diff
