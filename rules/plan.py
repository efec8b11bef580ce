"""The council's milestone statuses as rules, evaluated by durable-rules' Rete engine.

The Best Value Improvement Plan 2017-18 defines four statuses (seed 002_7d5881941015d02d.txt,
lines 450-453): On Target (will be achieved by the deadline), Completed (achieved by the
deadline), Delayed (not yet completed, will be within a month of the original deadline),
Overdue (delayed by more than a month from the original deadline). As of an instant T, these
rules derive each milestone's status from facts prepared in Python (engine/plan/rules_runner.py):

- `complete`: 1 when % complete is 100, 0 when it is less, -1 when the plan leaves it blank;
- `dated`: 1 when the deadline reads as an instant (engine/plan/deadlines.py), else 0;
- `due`: that instant D (epoch seconds); `grace`: D plus one calendar month (for a month
  deadline, the end of the following month);
- `reported`: the status the council reported.

Derivation (each milestone gets exactly one):
- Completed:      complete (the table gives no completion date: see docs/improvement-plan.md on "achieved by the deadline");
- On Target:      not complete and T <= D;
- Delayed:        not complete and D < T <= D + 1 month;
- Overdue:        not complete and T > D + 1 month;
- not derivable:  not complete and no deadline instant (On-going, Quarterly, 'July 17 onwards',
                  unreadable), or % complete not given.
A contradiction is a milestone whose reported status differs from a derivable derived status;
a rule of its own flags each kind.

Written for this durable-rules build (docs/durable-rules.md, rules/obligations.py): one rule
per ruleset, every condition a flat chain of comparisons, the clock asserted last and matched
first, no arithmetic on the left, conditions built afresh for each rule.
"""

from __future__ import annotations

from collections.abc import Callable

from durable.lang import c, m

from rules.one_rule_each import rulesets

PREFIX = "comply_plan_"

#: (kind 'derived' or 'contradiction', milestone key, status) per firing.
Sink = Callable[[str, str, str], None]


def _clock():
    return c.clock << (m.t == "clock")


def _milestone(*atoms):
    cond = m.t == "milestone"
    for atom in atoms:
        cond = cond & atom
    return c.ms << cond


def _conditions(status: str) -> tuple:
    """The atoms that give a milestone `status`, built afresh on every call."""
    return {
        "Completed": lambda: (m.complete == 1,),
        "On Target": lambda: (m.complete == 0, m.dated == 1, m.due >= c.clock.now),
        "Delayed": lambda: (m.complete == 0, m.dated == 1, m.due < c.clock.now, m.grace >= c.clock.now),
        "Overdue": lambda: (m.complete == 0, m.dated == 1, m.grace < c.clock.now),
        "not derivable (no deadline)": lambda: (m.complete == 0, m.dated == 0),
        "not derivable (no % complete)": lambda: (m.complete == -1,),
    }[status]()


DERIVED = (
    "Completed",
    "On Target",
    "Delayed",
    "Overdue",
    "not derivable (no deadline)",
    "not derivable (no % complete)",
)
CONTRADICTABLE = ("Completed", "On Target", "Delayed", "Overdue")


def _rules() -> dict[str, tuple[str, str, tuple]]:
    """rule name -> (kind, status, conditions)."""
    out: dict[str, tuple[str, str, tuple]] = {}
    for status in DERIVED:
        name = "derive_" + status.lower().replace(" ", "_").replace("(", "").replace(")", "").replace("%", "pct")
        out[name] = ("derived", status, (_clock(), _milestone(*_conditions(status))))
    for status in CONTRADICTABLE:
        name = "contradicts_" + status.lower().replace(" ", "_")
        out[name] = ("contradiction", status, (_clock(), _milestone(*_conditions(status), m.reported != status)))
    return out


def define(sink: Sink, prefix: str = "") -> dict[str, dict]:
    """One ruleset definition per rule, named PREFIX + prefix + rule; actions report to `sink`."""

    def reporter(kind: str, status: str):
        def action(cx):  # durable-rules requires an action of exactly one argument
            sink(kind, cx.ms.mk, status)

        return action

    return rulesets(
        PREFIX + prefix,
        {name: (conditions, reporter(kind, status)) for name, (kind, status, conditions) in _rules().items()},
    )
