"""From the words of a sentence to the things they name, reading only the data.

A duty is named by a phrase of its clause's `called:` list, as the direction file gives it, and may
carry an ordinal ("the third quarterly report": the third occurrence; "the first meeting of ...";
"the next meeting of ... after the meeting of 20 July 2017") or a qualifier after the name:

    <name> due on 30 December 2017                  the occurrence due that day
    <name> for the meeting of 20 July 2017          a duty owed at each meeting of the clause's board
    <name> for the chair at the meeting of 14 June 2017   one requirement of a board's composition
    <name> for the request made on 3 July 2017      a duty answering a request (also "instruction given on")
    <name> after the meeting of 20 July 2017        the meeting due after that one
    <name> for the quarter July to September 2017   the duty of one calendar quarter
    <name> for the decision of 5 March 2015         a duty about the one decision recorded that day
    <name> under the new version                    the same, under a varied version of the direction
    <name> held again after 1 September 2019        a continuing duty after a withdrawal that day
    the submission of <name> / the approval of <name>   one step of a duty to submit for approval

Instruments are named by their direction's `called:`; roles by `roles:` names; agenda items by
`items:`; kinds of request by `requests:`; functions by the words of the slugs the rules' `functions:`
list ("grant making" for `grant-making`); boards, people and political groups by their names in the
facts. Whatever is not found raises an AssertionError that says what the files do call things, with
the nearest names first, so that a lawyer can correct the sentence.
"""

from __future__ import annotations

import calendar as months
import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.directions.model import Clause, Direction, RoleName
from steps.sentences import DATE

if TYPE_CHECKING:
    from steps.world import World

ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
ORDINAL = "|".join(ORDINALS + ["next"])
MONTHS = [m.lower() for m in months.month_name]  # "", "january", ...


def day(text: str) -> dt.date:
    """A day as the papers write it, day first ("30 June 2017")."""
    try:
        return dt.datetime.strptime(text.strip(), "%d %B %Y").date()
    except ValueError:
        raise AssertionError(f"expected a date such as 30 June 2017, got {text!r}") from None


def wall_clock(date_text: str, time_text: str) -> str:
    """A London wall-clock time as the import format takes it: '2017-06-30T10:00'."""
    hour, minute = (int(x) for x in time_text.split(":"))
    return f"{day(date_text).isoformat()}T{hour:02d}:{minute:02d}"


def slug(text: str) -> str:
    """A store key made from words ("Jane Doe" -> "jane-doe")."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _plain(words: str) -> str:
    return " ".join(words.split()).lower()


def _without_article(words: str) -> str:
    w = _plain(words)
    for article in ("the ", "an ", "a "):
        if w.startswith(article):
            return w[len(article) :]
    return w


PLURAL = {"duty": "duties", "person": "people", "kind of request": "kinds of request"}


def unknown(what: str, words: str, known: list[str], where: str = "", listing: str = "") -> AssertionError:
    """The error for a name the files do not define: the words, the nearest names, every name
    (or `listing`, the names said otherwise)."""
    near = difflib.get_close_matches(words, known, n=3, cutoff=0.5)
    hint = f" Did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
    every = listing or f"the {PLURAL.get(what, what + 's')} the files define are called: " + (
        ", ".join(repr(k) for k in known) or "none"
    )
    return AssertionError(f"no {what} is called {words!r}{where}.{hint} {every[0].upper()}{every[1:]}")


# ---------------------------------------------------------------------------------------------
# Instruments, boards, roles, people, groups, items, requests
# ---------------------------------------------------------------------------------------------


def instrument(world: World, words: str) -> Direction:
    """The direction (or terms of reference) a sentence names by its `called:` or its title."""
    w = _plain(words)
    for d in world.directions:
        if w in {_plain(c) for c in d.called} | {_plain(d.title)}:
            return d
    raise unknown("instrument", words, [c for d in world.directions for c in d.called])


def board(world: World, words: str) -> str:
    """A board's key from its name in the facts ("the Best Value Improvement Board" names "Tower
    Hamlets Best Value Improvement Board": the end of a name will do where only one board has it)."""
    w = _without_article(words)
    boards = world.rows("boards")
    found = [b for b in boards if _plain(b["name"]) == w] or [b for b in boards if _plain(b["name"]).endswith(" " + w)]
    if len(found) == 1:
        return found[0]["key"]
    raise unknown("board", words, [b["name"] for b in boards])


def roles(world: World) -> dict[str, RoleName]:
    """Every named role of the direction files, by slug."""
    out: dict[str, RoleName] = {}
    for d in world.directions:
        out.update(d.roles)
    return out


def role(world: World, words: str) -> tuple[str, RoleName]:
    """A role's slug and name from the name a direction file gives it ("Borough Commander")."""
    w = _without_article(words)
    for key, named in roles(world).items():
        if _without_article(named.name) == w:
            return key, named
    raise unknown("role", words, sorted({r.name for r in roles(world).values()}))


def person(world: World, name: str, create: bool = False) -> str:
    """A person's key from the name the facts give ("Councillor Sirajul Islam", or "Sirajul Islam"
    where only one person's name ends so); with `create`, a new person of that name."""
    people = world.rows("people")
    exact = [p for p in people if _plain(p["name"]) == _plain(name)]
    found = exact or [p for p in people if _plain(p["name"]).endswith(" " + _plain(name))]
    if len(found) == 1:
        return found[0]["key"]
    assert not found, f"more than one person is called {name!r}: {[p['name'] for p in found]}"
    if not create:
        raise unknown("person", name, [p["name"] for p in people])
    key = slug(name)
    people.append({"key": key, "name": name, "source": "scenario"})
    return key


def group(world: World, words: str) -> str:
    """A political group's key from its name in the facts ("the Conservative Group")."""
    w = _without_article(words).removesuffix(" group")
    for g in world.rows("political_groups"):
        if _plain(g["name"]).removesuffix(" group") == w:
            return g["key"]
    raise unknown("political group", words, [g["name"] for g in world.rows("political_groups")])


def item(world: World, words: str) -> tuple[str, str]:
    """An agenda item and the role presenting it, from "the <role name>'s <item name>" ("the
    Director of Children's Services's progress report"), by the names of `roles:` and `items:`; an
    item whose clause names no presenter may be presented by any role of its file ("the Mayor's
    review of risks")."""
    known = {}
    for d in world.directions:
        for clause in d.clauses:
            presenter, key = getattr(clause.rule, "presented_by", None), getattr(clause.rule, "item", None)
            if not (isinstance(key, str) and key in d.items):
                continue
            # an item the clause names no presenter for may be presented by any role its file names
            anyone = presenter is None and hasattr(clause.rule, "presented_by")
            for who in [presenter] if isinstance(presenter, str) else list(d.roles) if anyone else []:
                if who in roles(world):
                    known.setdefault(_plain(f"the {roles(world)[who].name}'s {d.items[key]}"), (key, who))
    if _plain(words) in known:
        return known[_plain(words)]
    raise unknown("agenda item", words, sorted(known))


def function(world: World, words: str) -> str:
    """A function (or decision area) from its words: the slug of a rule's `functions:` list that the
    words spell ("grant making", "statutory officer appointments")."""
    known = sorted({f for d in world.directions for c in d.clauses for f in getattr(c.rule, "functions", None) or []})
    if slug(words) in known:
        return slug(words)
    raise unknown("function", words, [k.replace("-", " ") for k in known])


def request_kind(world: World, what: str) -> str:
    """The kind of a request from the words that begin what was asked for or given (`requests:`)."""
    w = _plain(what)
    for d in world.directions:
        for kind, starts in d.requests.items():
            if any(w.startswith(_plain(s)) for s in starts):
                return kind
    known = [s for d in world.directions for starts in d.requests.values() for s in starts]
    raise unknown("kind of request", what, known, " (what was asked for begins with one of the names)")


# ---------------------------------------------------------------------------------------------
# Duties
# ---------------------------------------------------------------------------------------------


@dataclass
class Duty:
    """A duty as a sentence names it: the clause, and which of its findings."""

    words: str
    direction: Direction
    clause: Clause
    ordinal: int | None  # 1 for "first"; None for none or "next"
    qualifier: str  # what follows the name ("" for none)
    new_version: bool

    @property
    def clause_id(self) -> str:
        cid = self.direction.clause_id(self.clause)
        if self.new_version:
            did, key = cid.split(".", 1)
            return f"{did}-v2.{key}"
        return cid

    def occurrence(self) -> int:
        """Which occurrence of a numbered duty the words name: the ordinal's, or 1 for none (the submission
        of a duty to submit for approval is its first occurrence)."""
        assert self.qualifier in ("", STEPS[0]), (
            f"{self.words!r}: say which occurrence with an ordinal ('the first ...')"
        )
        return self.ordinal or 1

    def finding_ids(self, world: World) -> list[str]:
        """The ids of the findings the words can name, most likely first (none: no such finding)."""
        q = self.qualifier
        if not q:  # the occurrence the ordinal names; with none, the first or the clause's only finding
            mine = world.findings_of(self.clause_id)
            if self.ordinal is None and len(mine) == 1:
                return [mine[0].id]
            n = self.ordinal or 1
            # a board's first meeting; a continuing duty's holding from the start
            first = [f.id for f in mine if f.id.endswith(("/first", "/held"))] if n == 1 else []
            return [f.id for f in mine if f.occurrence == n] + first
        return [f"{world.authority}/{self.clause_id}/{disc}" for disc in self._discriminators(world, q)]

    def _discriminators(self, world: World, q: str) -> list[str]:
        if q in STEPS:
            return [q]
        m = re.fullmatch(rf"held again after (?P<date>{DATE})", q)
        if m:
            again = [f for f in world.findings_of(self.clause_id) if f.id.rsplit("/", 1)[1].startswith("again-after-")]
            return [f.id.rsplit("/", 1)[1] for f in again if world.due_day(f) == day(m["date"])]
        m = re.fullmatch(rf"due on (?P<date>{DATE})", q)
        if m:
            return [str(f.occurrence) for f in world.findings_of(self.clause_id) if world.due_day(f) == day(m["date"])]
        m = re.fullmatch(rf"for the meeting of (?P<date>{DATE})", q)
        if m:
            return [self._meeting(world, m["date"])]
        m = re.fullmatch(rf"after the meeting of (?P<date>{DATE})", q)
        if m:
            return ["after-" + self._meeting(world, m["date"])]
        m = re.fullmatch(rf"for the (?:request|instruction) (?:made |given )?on (?P<date>{DATE})", q)
        if m:
            kind = getattr(self.clause.rule, "request_type", None)
            assert kind, f"{self.words!r}: {self.clause.title} is not about requests"
            return [world.request_key(kind, day(m["date"]))]
        m = re.fullmatch(rf"for the (?P<what>decision taken|interest disclosed) on (?P<date>{DATE})", q)
        if m:
            kind, field = (
                ("decisions", "decided_at") if m["what"] == "decision taken" else ("interests", "disclosed_at")
            )
            keys = world.fact_keys_on(kind, field, day(m["date"]))
            # several that day (the papers' own and a scenario's): the one the clause has a finding for
            mine = [k for k in keys if world.find(f"{world.authority}/{self.clause_id}/{k}") is not None]
            assert len(mine) <= 1, f"{self.words!r}: more than one {m['what']} on {m['date']}: {mine}"
            return mine or keys
        m = re.fullmatch(rf"for the decision (?:taken )?on (?P<date>{DATE})|for the decision of (?P<day>{DATE})", q)
        if m:
            assert getattr(self.clause.rule, "functions", None), (
                f"{self.words!r}: {self.clause.title} is not about decisions"
            )
            return [world.decision_key(day(m["date"] or m["day"]))]
        m = re.fullmatch(r"for the quarter (?P<first>[A-Za-z]+) to [A-Za-z]+ (?P<year>\d{4})", q)
        if m:
            assert m["first"].lower() in MONTHS, f"{m['first']!r} is not a month"
            return [f"quarter-{int(m['year']):04d}-{MONTHS.index(m['first'].lower()):02d}-01"]
        m = re.fullmatch(rf"for (?P<req>.+) at the meeting of (?P<date>{DATE})", q)
        if m:
            return [f"{self._meeting(world, m['date'])}:{requirement(world, m['req'])}"]
        raise AssertionError(
            f"{q!r} after {self.words[: len(self.words) - len(q)].strip()!r} is not understood; after a duty's name a "
            "sentence may say: due on <date>, for the meeting of <date>, for <a requirement> at the meeting of <date>, "
            "for the request made on <date>, after the meeting of <date>, for the quarter <month> to <month> <year>, "
            "for the decision of <date>, for the decision taken on <date>, for the interest disclosed on <date>, "
            "held again after <date>"
        )

    def _meeting(self, world: World, date: str) -> str:
        board_key = getattr(self.clause.rule, "board", None)
        assert board_key, f"{self.words!r}: {self.clause.title} is not about the meetings of a board"
        return world.meeting_key(board_key, day(date))


def requirement(world: World, words: str) -> str:
    """One requirement of a board's composition at a meeting, from its words."""
    w = _plain(words)
    fixed = {"the chair": "chair", "an external member": "external", "external member 1": "external"}
    fixed |= {"every political group on the council": "groups:all", "the meeting being held": "held"}
    if w in fixed:
        return fixed[w]
    m = re.fullmatch(r"external member (?P<k>\d+)", w)
    if m:
        return f"external-{m['k']}"
    m = re.fullmatch(r"a member of (?P<group>.+)", words.strip())
    if m:
        return f"group:{group(world, m['group'])}"
    m = re.fullmatch(r"a member sitting as (?P<role>.+)", words.strip())
    if m:
        return f"role:{role(world, m['role'])[0]}"
    raise AssertionError(
        f"the requirement {words!r} is not understood; a requirement of a board's composition is: the chair, "
        "an external member, external member <n>, every political group on the council, the meeting being held, "
        "a member of <a political group>, a member sitting as <a role>"
    )


def _forms(phrase: str) -> list[tuple[str, bool]]:
    """The regular expressions of a called phrase, with an ordinal after 'the' or after a possessive
    ("the chair's third quarterly report"); (pattern, has an ordinal)."""
    words = phrase.split()
    points = [i + 1 for i, w in enumerate(words) if w.lower() == "the" or w.endswith("'s")]
    out = [(re.escape(phrase), False)]
    for i in points[:2]:  # after the first 'the' and the first possessive: where English puts an ordinal
        before, after = " ".join(words[:i]), " ".join(words[i:])
        out.append((rf"{re.escape(before)} (?P<ord>{ORDINAL}) {re.escape(after)}", True))
    return out


def duties(world: World) -> list[tuple[str, Direction, Clause]]:
    """Every called phrase of every clause, longest first."""
    out = [(p, d, c) for d in world.directions for c in d.clauses for p in c.called]
    return sorted(out, key=lambda t: len(t[0]), reverse=True)


#: the steps of a duty to submit for approval, as a sentence names them: "the approval of the improvement plan"
STEPS = ("submission", "approval")


def duty(world: World, words: str) -> Duty:
    """The duty the words name (see the module's docstring). AssertionError naming the duties the
    files define when no clause is called so."""
    text = " ".join(words.split())
    step = re.match(rf"the ({'|'.join(STEPS)}) of (.+)$", text, re.IGNORECASE)
    if step and not _names_a_duty(world, text):
        found = duty(world, step[2])
        assert not found.qualifier, f"{words!r}: a step ({step[1]}) of {step[2]!r} takes nothing after the name"
        return Duty(words, found.direction, found.clause, found.ordinal, step[1].lower(), found.new_version)
    new_version = text.lower().endswith(" under the new version")
    if new_version:
        text = text[: -len(" under the new version")]
    for phrase, d, clause in duties(world):
        for pattern, _ in _forms(phrase):
            m = re.match(rf"(?:{pattern})(?P<rest>(?: .*)?)$", text, re.IGNORECASE)
            if m:
                ordinal = m.groupdict().get("ord")
                n = ORDINALS.index(ordinal.lower()) + 1 if ordinal and ordinal.lower() != "next" else None
                return Duty(words, d, clause, n, m["rest"].strip(), new_version)
    listing = "; ".join(
        f"the duties of {d.called[0] if d.called else d.title} ({d.id}) are called: "
        + ", ".join(repr(p) for c in d.clauses for p in c.called)
        for d in world.directions
    )
    known = [p for p, _d, _c in duties(world)]
    known += [re.sub(r"^the ", f"the {o} ", p) for p in known for o in ORDINALS[:6] if p.startswith("the ")]
    raise unknown("duty", text, known, listing=listing + " (an ordinal or a date may name one occurrence)")


def _names_a_duty(world: World, text: str) -> bool:
    """Whether the words begin with a duty's called phrase as they stand."""
    return any(
        re.match(rf"(?:{pattern})(?: .*)?$", text, re.IGNORECASE)
        for phrase, _d, _c in duties(world)
        for pattern, _ in _forms(phrase)
    )


def records_subject(world: World, words: str) -> list[str]:
    """The coverage subjects of 'the council's records of <words> are complete': a duty's records
    ("quarterly reports", "the independent review"), "meetings of <board>", "membership of <board>",
    "requests and responses under <duty>"."""
    w = " ".join(words.split())
    m = re.fullmatch(r"(?P<what>meetings|membership) of (?P<board>.+)", w, re.IGNORECASE)
    if m:
        kind = "meetings" if m["what"].lower() == "meetings" else "memberships"
        return [f"{kind}:{board(world, m['board'])}"]
    w = re.sub(r"^requests and responses under ", "", w, flags=re.IGNORECASE)
    for phrase, d, clause in duties(world):
        names = {_without_article(phrase), _without_article(phrase) + "s"}
        if _without_article(w) in names:
            return [d.clause_id(clause)]
    raise unknown("record", words, sorted({_without_article(p) + "s" for p, _d, _c in duties(world)}))


def described(world: World, clause: Clause) -> dict[str, Any]:
    """How a scenario's submission describes itself: the clause's title."""
    return {"what": clause.title}
