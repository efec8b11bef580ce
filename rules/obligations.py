"""The compliance rules, evaluated by durable-rules' Rete engine.

Every clause of every direction is reduced, by engine/evaluation/obligations.py, to two kinds of fact:

- an **obligation**: something must happen (a report received, a member on a board at a meeting,
  a meeting held) in a window from `opens` to `due`; after `due`, evidence up to `late_until`
  makes it late rather than missing; `certain` says whether a missing record proves a breach
  (1) or only leaves it unknown (0, where the records are known to be incomplete); `judged` is
  the instant from which it can be judged at all (a duty about who sits on a board at a meeting
  cannot be met before the meeting, however the membership stands today);
- an **evidence** fact: something that happened, known to lie between `earliest` and `latest`
  and, for a state such as a membership, to hold until `until`. `match` ties it to obligations.

and one **clock** fact: the as-of instant `now`, the end of the due-soon window `horizon`, and
`ends`, the instant the direction stops binding for good (its end date or a revocation in effect).
Each obligation carries its own `ends`: the last instant the direction bound as regards its due
date (a revocation lapses what falls due while it is in effect; a reinstatement restores what falls
due from its effective day), and an obligation due after its `ends` is lapsed.

The rules below decide each obligation's status. All instants are integer epoch seconds.
Beside each rule is its `Route`: which obligations it can match on their own fields (dated or not,
due while the direction bound or after) and whether it reads evidence.
The route builds the rule's obligation pattern; the rules of one route share one ruleset, and
engine/evaluation/rete.py sends each ruleset only the facts its route admits (and evidence sharing
a `match` with one of them). Until issue 19 each rule had a ruleset of its own: with several rules
in one ruleset, durable-rules 2.0.28 had crashed (segmentation fault inside assert_fact) on some
states, as upstream issue #381 reports; that crash was a read past its memory, fixed in our build
(docs/durable-rules.md), and 2,000 random states of up to 700 facts then ran through the rules
grouped by route (five routes, then these three) with no crash and full agreement with the oracle
(tests/evaluation/test_rete_at_national_size.py, docs/performance.md).
They follow what we measured of durable-rules (docs/durable-rules.md): the clock is asserted
last and is the first condition of every rule, positive joins come next and `none(...)` last, so
that every rule fires only once all the state is present; no field is named `id`; no arithmetic
on the left-hand side. The rules are mutually exclusive: an obligation gets one status, with
every piece of evidence that supports it.

Two fields added with issue 15 (both filled in by engine.evaluation.rete.state_facts when a fact
leaves them out, so that a fact written before them reads as an exact, dated obligation):

- `dated` is 1 for a duty with a due date and 0 for one with none ("as soon as practicable",
  "regularly", a one-off with no deadline). An undated duty has no due instant to be late against:
  its `due` is the instant it became owed (the direction's start), and it is `open` until evidence
  arrives (then `met`), or `lapsed` once the direction stopped binding with nothing received. The
  rules for dated duties all carry `dated == 1`, those for undated ones `dated == 0`.
- `due_earliest` is the earliest instant the due time may be, where it is known only to a range
  (a direction "dated March 2017": every due date counted from it is a range); `due` is the latest.
  For an exact due date the two are equal, and every rule then reads exactly as it did before.
  Where the status would differ between the two, it is `unknown`: evidence after the earliest but
  by the latest (or straddling either), or nothing received with the as-of instant between them.
  A duty warns (`due_soon`) by its earliest due time; it is breached only after its latest.

`judged` is either 0 or, for a duty about a state at an instant, the due instant itself; such
duties are built only for meetings that have started by the as-of instant. So `judged <= now`
holds for every obligation the evaluation builds, and no rule covers one not yet judged: it would
get no status, which the evaluation's self-check refuses (engine/evaluation/check.py). The
`judged` conditions stay on the rules below so that each rule says what it means on its own.

Reading aid (the same in words):
- met:       evidence that certainly happened in the window, by the (earliest) due instant (once judged).
- unknown:   evidence that may have happened by the due instant or after it (its time, or the due
             time, is not known precisely), and no evidence certainly in time (once judged).
- met_late:  evidence after the due instant (and by `late_until`), and none that may be in time.
- breached:  the due instant has passed, no evidence at all, and the records are complete.
- unknown:   the due instant has passed, no evidence, and the records are not known to be complete.
- unknown:   no evidence, and the as-of instant lies between the earliest and the latest due time.
- due_soon:  not yet due at the earliest, due (earliest) within the warning window, judged, and no evidence yet.
- upcoming:  due (earliest) after the warning window, judged, and no evidence yet.
- lapsed:    due after the direction stopped binding.
Undated duties (`dated == 0`):
- met:       evidence of it, from when it became owed, up to when the direction stopped binding.
- open:      the direction still binds, and no evidence yet.
- lapsed:    the direction stopped binding before any evidence of it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from durable.lang import c, m, none

from rules.one_rule_each import grouped_rulesets, ruleset_name

PREFIX = "comply_"

#: The one field every rule joins evidence to an obligation on (`_related`): evidence can take
#: part in a rule only alongside an obligation with the same value.
JOIN_KEY = "match"

#: (status, obligation key, evidence key or None) per firing, appended by the actions below.
Sink = Callable[[str, str, str | None], None]


@dataclass(frozen=True)
class Route:
    """Which facts a rule can match, judged on each fact alone (no clock, no other fact).

    engine/evaluation/rete.py sends a rule's ruleset only the obligations its route `admits`, and
    evidence only when the rule reads evidence (`evidence`) and the evidence's JOIN_KEY is that of
    an obligation sent to it; a ruleset that admits none of a state's obligations is left out of
    that state altogether (not even the clock). Why: durable-rules keeps about 6 KB per fact per
    ruleset and works on every fact it is given (docs/performance.md, "Each rule sees only what it
    reads").

    The rules of one route share one ruleset, named after the route (`name`). The same declaration
    builds each rule's obligation pattern (`pattern`), so a route cannot admit fewer obligations
    than its rules match: `dated` is the obligation's `dated` (1 or 0);
    `binding`, for a dated duty, whether it fell due while the direction bound (`due <= ends`,
    True) or after (False), None for either. `define` checks `evidence` against the rules'
    conditions.
    """

    name: str
    dated: int
    binding: bool | None = None
    evidence: bool = True

    def pattern(self, *conditions: Any) -> Any:
        """The rule's obligation pattern (`c.o << ...`): this route's fields, then `conditions`.

        Each condition is a single comparison or a tuple of them; they are chained into one flat
        `$and`: a nested `$and` followed by another condition made durable-rules ignore the later
        condition (measured: two rules whose conditions exclude each other, `due soon` and a
        `due soon, not yet judged` since removed, both fired)."""
        cond = (m.t == "obligation") & (m.dated == self.dated)
        if self.binding is True:
            cond = cond & (m.due <= m.ends)
        elif self.binding is False:
            cond = cond & (m.due > m.ends)
        for extra in conditions:
            for atom in extra if isinstance(extra, tuple) else (extra,):
                cond = cond & atom
        return c.o << cond

    def admits(self, obligation: dict[str, Any]) -> bool:
        """Whether the rule can match this obligation fact (as `rete.state_facts` makes it: `dated`,
        `due` and `ends` present), whatever the clock and the other facts."""
        if obligation["dated"] != self.dated:
            return False
        return self.binding is None or (obligation["due"] <= obligation["ends"]) == self.binding


#: dated duties that fell due while the direction bound; dated duties due after the direction
#: stopped binding; duties with no due date. (Routes by whether the records are complete, which
#: put `breached` and `unknown` for want of records in rulesets of their own, measured 1.3 times
#: the CPU and 1.7 times the memory: docs/performance.md.)
BINDING = Route("binding", dated=1, binding=True)
AFTER_THE_END = Route("after_the_end", dated=1, binding=False, evidence=False)
UNDATED = Route("undated", dated=0)


def _clock():
    return c.clock << (m.t == "clock")


def _related():
    """Evidence that relates to the obligation and is known by the as-of instant. Every evidence
    condition of every rule is built on this join on `match`: engine/evaluation/check.py relies on it to
    leave out evidence that no obligation's match key names."""
    return (
        (m.t == "evidence")
        & (m.match == c.o.match)
        & (m.earliest >= c.o.opens)
        & (m.until >= c.o.due)
        & (m.earliest <= c.clock.now)
    )


def _judged():
    return m.judged <= c.clock.now


def _soon():
    return (m.due_earliest >= c.clock.now), (m.due_earliest <= c.clock.horizon)


def _later():
    return m.due_earliest > c.clock.horizon


def _between():
    """The as-of instant lies after the earliest due time and by the latest: a due time known only
    to a range (never so for an exact one, whose earliest and latest are equal)."""
    return (m.due_earliest < c.clock.now), (m.due >= c.clock.now)


def _overdue():
    return m.due < c.clock.now


def _conditions() -> dict[str, tuple[str, bool, Route, tuple]]:
    """rule name -> (status, reports the evidence?, route, conditions in order: clock, joins, none).

    Each rule's obligation pattern is built from its route (`Route.pattern`), so the facts a rule
    is sent and the facts it matches are declared once, here. Every condition is built afresh for
    each rule: durable-rules' expression objects are mutable, and one shared between two rules
    silently changed the other rule (measured: a `not yet judged` rule, since removed, then fired
    alongside `due soon`).
    """
    return {
        "met": (
            "met",
            True,
            BINDING,
            (_clock(), BINDING.pattern(_judged()), c.e << _related() & (m.latest <= c.o.due_earliest)),
        ),
        "unknown_time": (
            "unknown",
            True,
            BINDING,
            (
                _clock(),
                BINDING.pattern(_judged()),
                c.e << _related() & (m.earliest <= c.o.due) & (m.latest > c.o.due_earliest),
                none(_related() & (m.latest <= c.o.due_earliest)),
            ),
        ),
        "met_late": (
            "met_late",
            True,
            BINDING,
            (
                _clock(),
                BINDING.pattern(),
                c.e << _related() & (m.earliest > c.o.due) & (m.earliest <= c.o.late_until),
                none(_related() & (m.earliest <= c.o.due)),
            ),
        ),
        "breached": (
            "breached",
            False,
            BINDING,
            (_clock(), BINDING.pattern(_overdue(), m.certain == 1), none(_related() & (m.earliest <= c.o.late_until))),
        ),
        "unproven": (
            "unknown",
            False,
            BINDING,
            (_clock(), BINDING.pattern(_overdue(), m.certain == 0), none(_related() & (m.earliest <= c.o.late_until))),
        ),
        "unknown_date": (
            "unknown",
            False,
            BINDING,
            (_clock(), BINDING.pattern(_between(), _judged()), none(_related())),
        ),
        "due_soon": ("due_soon", False, BINDING, (_clock(), BINDING.pattern(_soon(), _judged()), none(_related()))),
        "upcoming": ("upcoming", False, BINDING, (_clock(), BINDING.pattern(_later(), _judged()), none(_related()))),
        "lapsed": ("lapsed", False, AFTER_THE_END, (_clock(), AFTER_THE_END.pattern())),
        "met_undated": (
            "met",
            True,
            UNDATED,
            (_clock(), UNDATED.pattern(_judged()), c.e << _related() & (m.earliest <= c.o.ends)),
        ),
        "open": (
            "open",
            False,
            UNDATED,
            (_clock(), UNDATED.pattern(_judged(), m.ends >= c.clock.now), none(_related())),
        ),
        "lapsed_undated": (
            "lapsed",
            False,
            UNDATED,
            (
                _clock(),
                UNDATED.pattern(m.ends < c.clock.now),
                none(_related() & (m.earliest <= c.o.ends)),
            ),
        ),
    }


def define(sink: Sink, prefix: str = "") -> dict[str, dict]:
    """Build one ruleset definition per route, holding the rules of that route; actions report each
    firing to `sink`.

    Returns {ruleset name: definition}, to be registered once on a host (the names are those of
    `routes(prefix)`). Raises RuntimeError when a route says its rules read no evidence and one of
    them does (it would then be sent none, and fire where it must not).
    """

    def reporter(status: str, with_evidence: bool):
        def action(cx):  # durable-rules requires an action of exactly one argument
            sink(status, cx.o.ok, cx.e.ek if with_evidence else None)

        return action

    groups: dict[str, list[tuple[tuple, Callable]]] = {}
    without_evidence = set()
    for status, evidence, route, conditions in _conditions().values():
        groups.setdefault(route.name, []).append((conditions, reporter(status, evidence)))
        if not route.evidence:
            without_evidence.add(ruleset_name(PREFIX + prefix, route.name))
    definitions = grouped_rulesets(PREFIX + prefix, groups)
    for name in without_evidence:
        if '"evidence"' in json.dumps(definitions[name], default=lambda _action: None):
            raise RuntimeError(f"a rule of ruleset {name} reads evidence but its route says it reads none")
    return definitions


def routes(prefix: str = "") -> dict[str, Route]:
    """{ruleset name: its route}, the names as `define(sink, prefix)` registers them."""
    return {ruleset_name(PREFIX + prefix, route.name): route for _, _, route, _ in _conditions().values()}
