"""The compliance rules, evaluated by durable-rules' Rete engine.

Every clause of every direction is reduced, by engine/obligations.py, to two kinds of fact:

- an **obligation**: something must happen (a report received, a member on a board at a meeting,
  a meeting held) in a window from `opens` to `due`; after `due`, evidence up to `late_until`
  makes it late rather than missing; `certain` says whether a missing record proves a breach
  (1) or only leaves it unknown (0, where the records are known to be incomplete);
- an **evidence** fact: something that happened, known to lie between `earliest` and `latest`
  and, for a state such as a membership, to hold until `until`. `match` ties it to obligations.

and one **clock** fact: the as-of instant `now`, the end of the due-soon window `horizon`, and
`ends`, the instant the direction stops binding (its end date or a recorded revocation).

The rules below decide each obligation's status. All instants are integer epoch seconds.
They follow what we measured of durable-rules (../shared/DURABLE_RULES.md): the clock is
asserted last and is the first condition of every rule, positive joins come next and `none(...)`
last, so that every rule fires only once all the state is present; no field is named `id`; no
arithmetic on the left-hand side. The rules are mutually exclusive: an obligation gets one
status, with every piece of evidence that supports it.

Reading aid (the same in words):
- met:       evidence that certainly happened in the window, by the due instant.
- unknown:   evidence that may have happened by the due instant or after it (its time is not known
             precisely), and no evidence certainly in time.
- met_late:  evidence after the due instant (and by `late_until`), and none that may be in time.
- breached:  the due instant has passed, no evidence at all, and the records are complete.
- unknown:   the due instant has passed, no evidence, and the records are not known to be complete.
- due_soon:  not yet due, due within the warning window, no evidence yet.
- upcoming:  due after the warning window, no evidence yet.
- lapsed:    due after the direction stopped binding.
"""

from __future__ import annotations

from typing import Callable

from durable.lang import c, m, none, ruleset, when_all

RULESET = "comply_obligations"

#: (status, obligation key, evidence key or None) per firing, appended by the actions below.
Sink = Callable[[str, str, str | None], None]


def define(sink: Sink) -> tuple[str, dict]:
    """Build the ruleset definition; actions report each firing to `sink`. Register it once."""

    def fire(status: str, with_evidence: bool):
        def action(cx):
            sink(status, cx.o.ok, cx.e.ek if with_evidence else None)
        return action

    # evidence that relates to this obligation and is known by the as-of instant
    def related():
        return ((m.t == "evidence") & (m.match == c.o.match) & (m.earliest >= c.o.opens)
                & (m.until >= c.o.due) & (m.earliest <= c.clock.now))

    rs = ruleset(RULESET)
    with rs:
        @when_all(c.clock << (m.t == "clock"),
                  c.o << (m.t == "obligation") & (m.due <= c.clock.ends),
                  c.e << related() & (m.latest <= c.o.due))
        def met(cx):
            fire("met", True)(cx)

        @when_all(c.clock << (m.t == "clock"),
                  c.o << (m.t == "obligation") & (m.due <= c.clock.ends),
                  c.e << related() & (m.earliest <= c.o.due) & (m.latest > c.o.due),
                  none(related() & (m.latest <= c.o.due)))
        def unknown_time(cx):
            fire("unknown", True)(cx)

        @when_all(c.clock << (m.t == "clock"),
                  c.o << (m.t == "obligation") & (m.due <= c.clock.ends),
                  c.e << related() & (m.earliest > c.o.due) & (m.earliest <= c.o.late_until),
                  none(related() & (m.earliest <= c.o.due)))
        def met_late(cx):
            fire("met_late", True)(cx)

        @when_all(c.clock << (m.t == "clock"),
                  c.o << (m.t == "obligation") & (m.due <= c.clock.ends) & (m.due < c.clock.now) & (m.certain == 1),
                  none(related() & (m.earliest <= c.o.late_until)))
        def breached(cx):
            fire("breached", False)(cx)

        @when_all(c.clock << (m.t == "clock"),
                  c.o << (m.t == "obligation") & (m.due <= c.clock.ends) & (m.due < c.clock.now) & (m.certain == 0),
                  none(related() & (m.earliest <= c.o.late_until)))
        def unproven(cx):
            fire("unknown", False)(cx)

        @when_all(c.clock << (m.t == "clock"),
                  c.o << (m.t == "obligation") & (m.due <= c.clock.ends) & (m.due >= c.clock.now)
                  & (m.due <= c.clock.horizon),
                  none(related()))
        def due_soon(cx):
            fire("due_soon", False)(cx)

        @when_all(c.clock << (m.t == "clock"),
                  c.o << (m.t == "obligation") & (m.due <= c.clock.ends) & (m.due > c.clock.horizon),
                  none(related()))
        def upcoming(cx):
            fire("upcoming", False)(cx)

        @when_all(c.clock << (m.t == "clock"),
                  c.o << (m.t == "obligation") & (m.due > c.clock.ends))
        def lapsed(cx):
            fire("lapsed", False)(cx)

    name, definition = rs.define()
    return name, definition
