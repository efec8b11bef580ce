"""The step library of the Gherkin scenarios in features/*.feature.

Every step is written in the language of the council papers ("the first quarterly report",
"paragraph 5e", "the Children's Services Improvement Board met on 20 July 2017 with the Director
of Children's Services's progress report"). The plain-English names are mapped to clause ids,
store facts and finding ids here, never in the feature files, so that a lawyer reads and writes
the scenarios without code words (features/README.md lists the steps).

How a scenario runs (no mocks of the engine):

- the Given steps edit a copy of the bundled Tower Hamlets facts (engine/store/data/tower-hamlets-2017.yaml,
  as `tests/helpers.bundled()` gives them), and may vary a direction file (its date) or record a
  revocation;
- the When step writes the facts as a YAML file, imports it into a new SQLite store in pytest's
  `tmp_path` (`engine.store.importer.import_file`, as `comply import` does), loads the authority's state
  and calls `engine.evaluation.check.check`, the evaluation `comply check` uses;
- the Then steps read the findings of that report.

pytest-bdd 9: step arguments are not fixtures, so everything a scenario builds lives on one
mutable `world` fixture. Every step uses `parsers.re`, which must match the whole step text.
Each clause id of every direction file is registered as a pytest marker (pytest_configure below),
so that scenario tags such as `@bv-2017.quarterly-report` pass `--strict-markers`.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from pytest_bdd import given, parsers, then, when

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "tests") not in sys.path:  # `pytest features` alone does not load tests/conftest.py
    sys.path.insert(0, str(ROOT / "tests"))

from helpers import bundled, complete_records  # noqa: E402  (tests/helpers.py)

from engine.core import calendar  # noqa: E402
from engine.core.status import STATUSES  # noqa: E402
from engine.directions.model import Direction, load_directions  # noqa: E402
from engine.evaluation.check import check  # noqa: E402
from engine.model.findings import Finding, Report  # noqa: E402
from engine.store.importer import import_file  # noqa: E402
from engine.store.sqlite import Store  # noqa: E402

DIRECTIONS_DIR = ROOT / "directions"
DIRECTIONS = load_directions(DIRECTIONS_DIR)
AUTHORITY = "tower-hamlets"


def pytest_configure(config: pytest.Config) -> None:
    """Register every clause id as a marker: a scenario's tags become markers in pytest-bdd, and
    pyproject sets --strict-markers, so a tag that is not a clause id fails the run."""
    for direction in load_directions(DIRECTIONS_DIR):
        for clause in direction.clauses:
            config.addinivalue_line("markers", f"{direction.clause_id(clause)}: {direction.title}: {clause.title}")


#: test modules after which no evaluation can run in the same process (see below)


# --------------------------------------------------------------------------------------------
# The plain-English vocabulary
# --------------------------------------------------------------------------------------------

DATE = r"\d{1,2} [A-Z][a-z]+ \d{4}"
TIME = r"\d{1,2}:\d{2}"

ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
]
ORD = "|".join(ORDINALS)

#: how the scenarios name the instruments
DIRECTION_NAMES = {
    "the best value directions": "bv-2017",
    "the children's services direction": "dfe-2017",
    "the best value improvement board's terms of reference": "bvib-tor",
    "the children's services improvement board's terms of reference": "csib-tor",
}

#: how the scenarios name the boards
BOARD_NAMES = {
    "best value improvement board": "bvib",
    "children's services improvement board": "csib",
}
BOARD = r"(?:the )?(?P<board>Best Value Improvement Board|Children's Services Improvement Board)"

#: the capacities in which members sit, as the terms of reference name them
ROLE_NAMES = {
    "mayor": "mayor",
    "statutory deputy mayor": "statutory-deputy-mayor",
    "cabinet member for education and children's services": "cabinet-member-education-childrens-services",
    "cabinet member for children's services": "cabinet-member-education-childrens-services",
    "cabinet member for resources": "cabinet-member-resources",
    "chair of the overview and scrutiny committee": "osc-chair",
    "independent chair of the children's services improvement board": "csib-chair",
    "chair of the children's services improvement board": "csib-chair",
    "local government association representative": "lga-representative",
    "external representative": "external-representative",
    "chief executive": "chief-executive",
    "divisional director of strategy, policy and partnership": "dd-strategy-policy-partnership",
    "director of children's services": "director-of-childrens-services",
    "chief officer of the ccg": "ccg-chief-officer",
    "borough commander": "borough-commander",
    "lead scrutiny councillor for children's services": "lead-scrutiny-childrens",
    "intervention adviser": "intervention-adviser",
}
#: capacities held by people from outside the council
EXTERNAL_ROLES = {
    "csib-chair",
    "lga-representative",
    "external-representative",
    "intervention-adviser",
    "ccg-chief-officer",
    "borough-commander",
}

#: the statuses in words: the one table's words (engine/core/status.py), and the two ways a sentence
#: says "breached": "is in breach", and "is overdue" of a duty that is not the council's
STATUS_WORDS = {s.word: s.key for s in STATUSES} | {"in breach": "breached", "overdue": "breached"}
STATUS = "|".join(sorted(STATUS_WORDS, key=len, reverse=True))

#: what a request is, from how a scenario describes it
REQUEST_KINDS = [
    ("instruction", "instruction"),
    ("access", "access"),
    ("information", "review-information"),
    ("support", "support"),
    ("office space", "support"),
    ("meeting room", "support"),
]

QUARTERS = {"january to march": 1, "april to june": 4, "july to september": 7, "october to december": 10}


def day(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text.strip(), "%d %B %Y").date()
    except ValueError:
        raise AssertionError(f"expected a date such as 30 June 2017, got {text!r}") from None


def wall_clock(date_text: str, time_text: str) -> str:
    """A London wall-clock time as the import format takes it."""
    hour, minute = (int(x) for x in time_text.split(":"))
    return f"{day(date_text).isoformat()}T{hour:02d}:{minute:02d}"


def ordinal(word: str) -> int:
    return ORDINALS.index(word.lower()) + 1


def direction_id(words: str) -> str:
    key = words.strip().lower()
    assert key in DIRECTION_NAMES, f"unknown instrument {words!r}; the scenarios know {sorted(DIRECTION_NAMES)}"
    return DIRECTION_NAMES[key]


def board_key(words: str) -> str:
    key = words.strip().lower().removeprefix("the ")
    assert key in BOARD_NAMES, f"unknown board {words!r}; the scenarios know {sorted(BOARD_NAMES)}"
    return BOARD_NAMES[key]


def role_key(words: str) -> str:
    key = words.strip().lower().removeprefix("the ").removeprefix("an ").removeprefix("a ")
    assert key in ROLE_NAMES, f"unknown capacity {words!r}; the scenarios know {sorted(ROLE_NAMES)}"
    return ROLE_NAMES[key]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --------------------------------------------------------------------------------------------
# The world a scenario builds
# --------------------------------------------------------------------------------------------

_BUNDLED = bundled()  # read once; every scenario starts from its own deep copy


def the_papers() -> dict[str, Any]:
    """The bundled Tower Hamlets facts, as `tests/helpers.bundled()` gives them, fresh for a scenario."""
    return copy.deepcopy(_BUNDLED)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]  # libyaml when present
    """The same YAML, faster; a value shared by two places is written twice (comply refuses anchors and aliases)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


#: facts file text (hash) -> a store built by importing exactly that file, in this test session
_STORES: dict[str, Path] = {}


@dataclass
class World:
    tmp_path: Path
    data: dict[str, Any] = field(default_factory=the_papers)
    direction_edits: dict[str, dict[str, Any]] = field(default_factory=dict)  # direction id -> top-level changes
    rule_edits: dict[str, dict[str, Any]] = field(default_factory=dict)  # clause id -> changes to its rule
    versions: dict[str, dict[str, Any]] = field(default_factory=dict)  # direction id -> its new version's changes
    directions: list[Direction] = field(default_factory=lambda: list(DIRECTIONS))
    report: Report | None = None
    finding: Finding | None = None  # the finding the last Then step looked at
    last_request: str | None = None
    runs: int = 0

    def clause(self, clause_id: str):
        for d in self.directions:
            c = d.clause(clause_id)
            if c is not None:
                return d, c
        raise AssertionError(f"no clause {clause_id} in the direction files")

    # ---- facts -------------------------------------------------------------------------------

    def rows(self, kind: str) -> list[dict[str, Any]]:
        return self.data.setdefault(kind, [])

    def person(self, name: str, create: bool = False) -> str:
        """A person's key from the name the papers use ("Alan Wood", "Councillor Sirajul Islam")."""
        people = self.rows("people")
        exact = [p for p in people if p["name"].lower() == name.lower()]
        found = exact or [p for p in people if p["name"].lower().endswith(" " + name.lower())]
        if len(found) == 1:
            return found[0]["key"]
        assert not found, f"more than one person is called {name!r}: {[p['name'] for p in found]}"
        assert create, f"no person called {name!r} in the records; have {[p['name'] for p in people]}"
        key = slug(name)
        people.append({"key": key, "name": name, "source": "scenario"})
        return key

    def group_key(self, words: str) -> str:
        w = words.strip().lower().removeprefix("the ")
        for g in self.rows("political_groups"):
            n = g["name"].lower()
            if w in (n, n + " group") or w.removesuffix(" group") == n.removesuffix(" group"):
                return g["key"]
        raise AssertionError(
            f"no political group called {words!r}; have {[g['name'] for g in self.rows('political_groups')]}"
        )

    def meetings_on(self, board: str, when: dt.date) -> list[dict[str, Any]]:
        return [
            m
            for m in self.rows("meetings")
            if m["board"] == board and calendar.parse_instant(m["starts_at"]).date() == when
        ]

    def meeting_key(self, board: str, when: dt.date) -> str:
        found = self.meetings_on(board, when)
        assert len(found) == 1, f"expected one meeting of the {board} on {when}, found {[m['key'] for m in found]}"
        return found[0]["key"]

    def request_key(self, request_type: str, when: dt.date) -> str:
        found = [
            r["key"]
            for r in self.rows("requests")
            if r["type"] == request_type and calendar.parse_instant(r["made_at"]).date() == when
        ]
        assert len(found) == 1, f"expected one request of type {request_type} made on {when}, found {found}"
        return found[0]

    # ---- the evaluation ----------------------------------------------------------------------

    def load_directions(self) -> list[Direction]:
        """The direction files, with any change a scenario made written into copies of the files."""
        if not self.direction_edits and not self.rule_edits and not self.versions:
            return list(DIRECTIONS)
        folder = self.tmp_path / f"directions-{self.runs}"
        folder.mkdir()
        for path in sorted(DIRECTIONS_DIR.glob("*.yaml")):
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            for key, value in self.direction_edits.get(doc["id"], {}).items():
                if key == "rule parameters":  # each clause whose rule states the parameter
                    for clause in doc["clauses"]:
                        clause["rule"].update({k: v for k, v in value.items() if k in clause["rule"]})
                elif isinstance(value, dict):
                    doc.setdefault(key, {}).update(value)
                else:
                    doc[key] = value
            for clause in doc["clauses"]:
                clause["rule"].update(self.rule_edits.get(f"{doc['id']}.{clause['key']}", {}))
            (folder / path.name).write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
            if doc["id"] in self.versions:  # a variation: a new version of the file that supersedes it
                version = {**doc, **self.versions[doc["id"]], "id": f"{doc['id']}-v2"}
                end = str(version["in_force"]["until"])
                version["clauses"] = [  # a fixed deadline after the varied end goes with the variation
                    c for c in doc["clauses"] if str(c["rule"].get("due", {}).get("date", "")) <= end
                ]
                (folder / f"{doc['id']}-v2.yaml").write_text(
                    yaml.safe_dump(version, sort_keys=False, allow_unicode=True), encoding="utf-8"
                )
        return load_directions(folder)

    def check(self, as_of: str) -> Report:
        """Import the facts into a new SQLite store, as `comply import` does, and run the check
        `comply check` runs.

        Importing the whole bundled file takes about half a second (the importer keeps the line
        of every value), so a store built from exactly the same facts file is built once per
        test session and copied: the copy is the store that import made, opened and read here.
        """
        self.runs += 1
        self.directions = self.load_directions()
        text = yaml.dump(self.data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
        db = self.tmp_path / f"comply-{self.runs}.db"
        cache_key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if cache_key in _STORES:
            shutil.copyfile(_STORES[cache_key], db)
        else:
            source = self.tmp_path / f"facts-{self.runs}.yaml"
            source.write_text(text, encoding="utf-8")
            with Store.open(db) as store:
                import_file(store, source, self.directions)
            _STORES[cache_key] = self.tmp_path / f"built-{self.runs}.db"
            shutil.copyfile(db, _STORES[cache_key])
        with Store.open(db) as store:
            state = store.load(AUTHORITY)
        self.report = check(state, self.directions, calendar.as_of_instant(as_of))
        return self.report

    # ---- reading findings --------------------------------------------------------------------

    def findings(self) -> list[Finding]:
        assert self.report is not None, (
            "no compliance check yet: add a step such as 'When compliance is checked on 1 July 2017'"
        )
        return self.report.findings

    def find(self, finding_id: str) -> Finding | None:
        return next((f for f in self.findings() if f.id == finding_id), None)

    def get(self, duty: str) -> Finding:
        fid = finding_id(self, duty)
        f = self.find(fid)
        if f is None:
            near = sorted(x.id for x in self.findings() if x.id.startswith(fid.rsplit("/", 1)[0]))
            raise AssertionError(f"no finding for {duty!r} (looked for {fid}); findings of that clause: {near}")
        self.finding = f
        return f


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


# --------------------------------------------------------------------------------------------
# From the name of a duty to a finding id
# --------------------------------------------------------------------------------------------

Resolver = Callable[[World, "re.Match[str]"], str]
DUTIES: list[tuple[re.Pattern[str], Resolver]] = []


def duty(pattern: str) -> Callable[[Resolver], Resolver]:
    def register(fn: Resolver) -> Resolver:
        DUTIES.append((re.compile(pattern, re.IGNORECASE), fn))
        return fn

    return register


def fid(clause_id: str, which: str) -> str:
    return f"{AUTHORITY}/{clause_id}/{which}"


@duty(rf"the (?P<n>{ORD}) quarterly report")
def _quarterly_report(w: World, m: re.Match[str]) -> str:
    return fid("bv-2017.quarterly-report", str(ordinal(m["n"])))


@duty(r"the independent review")
def _independent_review(w: World, m: re.Match[str]) -> str:
    return fid("bv-2017.independent-review", "1")


@duty(rf"the chair's (?P<n>{ORD}) quarterly report")
def _chair_report(w: World, m: re.Match[str]) -> str:
    return fid("dfe-2017.5g", str(ordinal(m["n"])))


@duty(rf"the Intervention Adviser's (?P<n>{ORD}) review")
def _adviser_review(w: World, m: re.Match[str]) -> str:
    return fid("dfe-2017.annex-a.reviews", str(ordinal(m["n"])))


@duty(rf"paragraph (?P<p>5[a-g]) for the (?:request|instruction) (?:made |given )?on (?P<date>{DATE})")
def _request_paragraph(w: World, m: re.Match[str]) -> str:
    cid = f"dfe-2017.{m['p'].lower()}"
    _, clause = w.clause(cid)
    assert clause.rule.kind == "request_response", f"paragraph {m['p']} is not about requests"
    return fid(cid, w.request_key(clause.rule.request_type, day(m["date"])))


@duty(rf"paragraph (?P<p>5[a-g]) for the meeting of (?P<date>{DATE})")
def _meeting_paragraph(w: World, m: re.Match[str]) -> str:
    cid = f"dfe-2017.{m['p'].lower()}"
    _, clause = w.clause(cid)
    assert hasattr(clause.rule, "board"), f"paragraph {m['p']} is not about meetings"
    return fid(cid, w.meeting_key(clause.rule.board, day(m["date"])))


@duty(rf"the standing progress report item for the meeting of (?P<date>{DATE})")
def _standing_item(w: World, m: re.Match[str]) -> str:
    return fid("csib-tor.dcs-progress-report", w.meeting_key("csib", day(m["date"])))


@duty(rf"the next meeting after the meeting of (?P<date>{DATE})")
def _six_weekly(w: World, m: re.Match[str]) -> str:
    return fid("csib-tor.six-weekly-meetings", "after-" + w.meeting_key("csib", day(m["date"])))


@duty(r"the first meeting of the Children's Services Improvement Board")
def _six_weekly_first(w: World, m: re.Match[str]) -> str:
    return fid("csib-tor.six-weekly-meetings", "first")


@duty(r"the setting up of the Best Value Improvement Board")
def _set_up(w: World, m: re.Match[str]) -> str:
    return fid("bv-2017.board-set-up", "set-up")


@duty(r"the public meeting for the quarter (?P<q>[A-Za-z]+ to [A-Za-z]+) (?P<year>\d{4})")
def _quarter(w: World, m: re.Match[str]) -> str:
    month = QUARTERS.get(m["q"].lower())
    assert month, f"a quarter is one of {sorted(QUARTERS)}, got {m['q']!r}"
    return fid("bvib-tor.quarterly-public-meetings", f"quarter-{int(m['year']):04d}-{month:02d}-01")


COMPOSITION_CLAUSES = {
    "bv-2017": "bv-2017.board-composition",
    "bvib-tor": "bvib-tor.membership",
    "csib-tor": "csib-tor.membership",
}


@duty(
    rf"the requirement of (?P<inst>.+?) for (?P<req>the chair|an external member|external member (?P<k>\d+)"
    rf"|every political group on the council|the meeting being held|a member of (?P<group>.+?)"
    rf"|a member sitting as (?P<role>.+?)) at the meeting of (?P<date>{DATE})"
)
def _composition(w: World, m: re.Match[str]) -> str:
    did = direction_id(m["inst"])
    assert did in COMPOSITION_CLAUSES, f"{m['inst']} sets no requirement on who sits on a board"
    cid = COMPOSITION_CLAUSES[did]
    _, clause = w.clause(cid)
    key = w.meeting_key(clause.rule.board, day(m["date"]))
    if m["req"] == "the chair":
        which = "chair"
    elif m["req"] == "an external member":
        which = "external"
    elif m["req"] == "every political group on the council":
        which = "groups:all"
    elif m["req"] == "the meeting being held":
        which = "held"
    elif m["k"]:
        which = "external" if m["k"] == "1" else f"external-{m['k']}"
    elif m["group"]:
        which = f"group:{w.group_key(m['group'])}"
    else:
        which = f"role:{role_key(m['role'])}"
    return fid(cid, f"{key}:{which}")


@duty(r"(?P<inner>.+) under the new version")
def _new_version(w: World, m: re.Match[str]) -> str:
    authority, clause_id, disc = finding_id(w, m["inner"]).split("/", 2)
    direction, key = clause_id.split(".", 1)
    return f"{authority}/{direction}-v2.{key}/{disc}"


def finding_id(w: World, words: str) -> str:
    for pattern, resolve in DUTIES:
        m = pattern.fullmatch(words.strip())
        if m:
            return resolve(w, m)
    raise AssertionError(f"the step library does not know the duty {words!r} (see features/README.md)")


#: what a submission answers, from how a scenario names it: (clause id, occurrence)
def submission_target(words: str) -> tuple[str, int]:
    w = words.strip()
    for pattern, clause_id in (
        (rf"the (?P<n>{ORD}) quarterly report", "bv-2017.quarterly-report"),
        (rf"the chair's (?P<n>{ORD}) quarterly report", "dfe-2017.5g"),
        (rf"the Intervention Adviser's (?P<n>{ORD}) review", "dfe-2017.annex-a.reviews"),
    ):
        m = re.fullmatch(pattern, w, re.IGNORECASE)
        if m:
            return clause_id, ordinal(m["n"])
    if w.lower() == "the independent review":
        return "bv-2017.independent-review", 1
    raise AssertionError(f"the step library does not know the report {words!r} (see features/README.md)")


SUBMISSION_WORDS = {
    "bv-2017.quarterly-report": "quarterly report to the Secretary of State on the Best Value plans",
    "bv-2017.independent-review": "independent review of achievement against the Best Value plans",
    "dfe-2017.5g": "report of the Chair of the Children's Services Improvement Board to the Secretary of State",
    "dfe-2017.annex-a.reviews": "six-monthly review by the Intervention Adviser",
}


def replace_submission(w: World, words: str, **when: Any) -> None:
    clause_id, n = submission_target(words)
    d, _ = w.clause(clause_id)
    subs = w.rows("submissions")
    subs[:] = [s for s in subs if not (s.get("clause") == clause_id and (s.get("occurrence") or 1) == n)]
    if when:
        row = {
            "key": f"{slug(clause_id)}-{n}-scenario",
            "what": f"{SUBMISSION_WORDS[clause_id]}, number {n}",
            "clause": clause_id,
            "recipient": "Secretary of State",
            "source": "scenario",
        }
        if d.clause(clause_id).rule.kind == "recurring":
            row["occurrence"] = n
        row.update(when)
        subs.append(row)


# --------------------------------------------------------------------------------------------
# Given: the records
# --------------------------------------------------------------------------------------------


@given(parsers.re(r"the records of Tower Hamlets as the council papers state them"))
def _bundled(world: World) -> None:
    world.data = the_papers()


@given(parsers.re(r"the council's records are complete"))
def _all_complete(world: World) -> None:
    world.data["authority"]["absence_proves_breach"] = True


COMPLETE_SUBJECTS = {
    "quarterly reports": ["bv-2017.quarterly-report"],
    "the independent review": ["bv-2017.independent-review"],
    "the chair's quarterly reports": ["dfe-2017.5g"],
    "the intervention adviser's reviews": ["dfe-2017.annex-a.reviews"],
}


@given(parsers.re(r"the council's records of (?P<subject>.+) are complete"))
def _complete(world: World, subject: str) -> None:
    s = subject.strip()
    m = re.fullmatch(r"(?P<what>meetings|membership) of the (?P<board>.+)", s, re.IGNORECASE)
    p = re.fullmatch(r"requests and responses under paragraph (?P<p>5[a-g])", s, re.IGNORECASE)
    if m:
        kind = "meetings" if m["what"].lower() == "meetings" else "memberships"
        subjects = [f"{kind}:{board_key(m['board'])}"]
    elif p:
        cid = f"dfe-2017.{p['p'].lower()}"
        world.clause(cid)
        subjects = [cid]
    else:
        assert s.lower() in COMPLETE_SUBJECTS, f"unknown records {subject!r} (see features/README.md)"
        subjects = COMPLETE_SUBJECTS[s.lower()]
    complete_records(world.data, *subjects)


# ---- submissions


@given(parsers.re(rf"(?P<what>.+) was received by the Secretary of State at (?P<time>{TIME}) on (?P<date>{DATE})"))
def _received_at(world: World, what: str, time: str, date: str) -> None:
    replace_submission(world, what, received=wall_clock(date, time))


@given(
    parsers.re(
        rf"(?P<what>.+) was received by the Secretary of State on (?P<date>{DATE}), "
        r"at a time the papers do not give"
    )
)
def _received_on_day(world: World, what: str, date: str) -> None:
    d = day(date).isoformat()
    replace_submission(world, what, received_between=[f"{d}T00:00", f"{d}T23:59:59"])


@given(parsers.re(r"there is no record of (?P<what>.+)"))
def _no_submission(world: World, what: str) -> None:
    replace_submission(world, what)


# ---- meetings


@given(
    parsers.re(
        rf"{BOARD} met(?P<public> in public| in private)?(?: at (?P<time>{TIME}))? on (?P<date>{DATE})"
        r"(?P<rest>(?:,? (?:with|without) the Director of Children's Services's progress report"
        r"|,? chaired by [A-Z][A-Za-z' .-]+?|, and the papers do not say what was tabled)*)"
    )
)
def _met(world: World, board: str, public: str | None, time: str | None, date: str, rest: str) -> None:
    key_board = board_key(board)
    when = day(date)
    existing = world.meetings_on(key_board, when)
    if existing:
        mt = existing[0]
    else:
        mt = {
            "key": f"{key_board}-{when.isoformat()}",
            "board": key_board,
            "starts_at": "",
            "status": "held",
            "items_known": True,
            "items": [],
            "source": "scenario",
        }
        world.rows("meetings").append(mt)
    mt["status"] = "held"
    if time or not existing:
        mt["starts_at"] = wall_clock(date, time or "16:00")
    if public:
        mt["public"] = public.strip() == "in public"
    dcs = {"item": "dcs-progress-report", "presented_by": "director-of-childrens-services"}
    if re.search(r"\bwithout the Director", rest):
        mt["items_known"] = True
        mt["items"] = [{"item": "review-of-risk", "presented_by": "csib-chair"}]
    elif re.search(r"\bwith the Director", rest):
        mt["items_known"] = True
        mt["items"] = [i for i in mt.get("items", []) if i["item"] != "dcs-progress-report"] + [dcs]
    if "the papers do not say what was tabled" in rest:
        mt["items_known"] = False
        mt["items"] = []
    chair = re.search(r"chaired by (?P<who>[A-Z][A-Za-z' .-]+?)(?:,|$)", rest)
    if chair:
        mt["chair"] = world.person(chair["who"])


@given(parsers.re(rf"the meeting of {BOARD} on (?P<date>{DATE}) was chaired by (?P<who>.+)"))
def _chaired(world: World, board: str, date: str, who: str) -> None:
    mt = world.meetings_on(board_key(board), day(date))
    assert mt, f"no meeting of the {board} on {date} in the records"
    mt[0]["chair"] = world.person(who)


@given(parsers.re(rf"the meeting of {BOARD} on (?P<date>{DATE}) was (?P<how>held in private|held in public|cancelled)"))
def _meeting_how(world: World, board: str, date: str, how: str) -> None:
    mt = world.meetings_on(board_key(board), day(date))
    assert mt, f"no meeting of the {board} on {date} in the records"
    if how == "cancelled":
        mt[0]["status"] = "cancelled"
    else:  # held (a meeting known from its agenda alone is recorded as scheduled), in public or not
        mt[0]["status"] = "held"
        mt[0]["public"] = how == "held in public"


# ---- membership


@given(parsers.re(rf"the (?P<group>.+?) had no member on {BOARD}"))
def _no_group_member(world: World, group: str, board: str) -> None:
    g = world.group_key(group)
    b = board_key(board)
    members = {p["key"] for p in world.rows("people") if p.get("group") == g}
    world.data["memberships"] = [
        ms for ms in world.rows("memberships") if not (ms["board"] == b and ms["person"] in members)
    ]


@given(parsers.re(rf"{BOARD} had no member sitting as (?P<role>.+)"))
def _no_role_member(world: World, board: str, role: str) -> None:
    b, r = board_key(board), role_key(role)
    world.data["memberships"] = [
        ms for ms in world.rows("memberships") if not (ms["board"] == b and ms["capacity"] == r)
    ]


@given(parsers.re(rf"{BOARD} never met"))
def _never_met(world: World, board: str) -> None:
    b = board_key(board)
    gone = {mt["key"] for mt in world.rows("meetings") if mt["board"] == b}
    world.data["meetings"] = [mt for mt in world.rows("meetings") if mt["board"] != b]
    for kind in ("tabled", "attendance"):
        if kind in world.data:
            world.data[kind] = [row for row in world.rows(kind) if row.get("meeting") not in gone]


@given(parsers.re(rf"{BOARD} first met on (?P<date>{DATE})"))
def _first_met(world: World, board: str, date: str) -> None:
    b, d = board_key(board), day(date)
    world.data["meetings"] = [
        mt for mt in world.rows("meetings") if mt["board"] != b or str(mt["starts_at"])[:10] >= d.isoformat()
    ]
    for mt in world.rows("meetings"):  # a meeting on that day known only from its agenda: now known held
        if mt["board"] == b and str(mt["starts_at"])[:10] == d.isoformat():
            mt["status"] = "held"
    if not any(mt["board"] == b and str(mt["starts_at"])[:10] == d.isoformat() for mt in world.rows("meetings")):
        world.rows("meetings").append(
            {"key": f"{b}-{d.isoformat()}", "board": b, "starts_at": f"{d.isoformat()}T18:00", "status": "held",
             "public": True, "source": "scenario"}
        )  # fmt: skip


@given(parsers.re(rf"{BOARD} had no external member"))
def _no_external(world: World, board: str) -> None:
    b = board_key(board)
    world.data["memberships"] = [
        ms for ms in world.rows("memberships") if not (ms["board"] == b and ms.get("external"))
    ]


@given(parsers.re(rf"(?P<who>[A-Z][A-Za-z' .-]+?) joined {BOARD} as (?P<role>.+) on (?P<date>{DATE})"))
def _joined(world: World, who: str, board: str, role: str, date: str) -> None:
    r = role_key(role)
    world.rows("memberships").append(
        {
            "board": board_key(board),
            "person": world.person(who, create=True),
            "capacity": r,
            "external": r in EXTERNAL_ROLES,
            "from": day(date).isoformat(),
            "source": "scenario",
        }
    )


@given(parsers.re(rf"(?P<who>[A-Z][A-Za-z' .-]+?) left {BOARD} on (?P<date>{DATE})"))
def _left(world: World, who: str, board: str, date: str) -> None:
    person, b = world.person(who), board_key(board)
    mine = [ms for ms in world.rows("memberships") if ms["board"] == b and ms["person"] == person]
    assert mine, f"{who} is not a member of the {board} in the records"
    for ms in mine:
        ms["to"] = day(date).isoformat()


@given(parsers.re(rf"the Intervention Adviser, (?P<who>[A-Z][A-Za-z' .-]+?), was named on (?P<date>{DATE})"))
def _adviser_named(world: World, who: str, date: str) -> None:
    d = day(date).isoformat()
    world.rows("roles").append(
        {
            "person": world.person(who, create=True),
            "role": "intervention-adviser",
            "from": d,
            "named_on": d,
            "source": "scenario",
        }
    )


# ---- requests and responses


@given(
    parsers.re(
        rf"the (?P<who>Intervention Adviser|Secretary of State) (?P<what>.+) at (?P<time>{TIME}) on (?P<date>{DATE})"
    )
)
def _request(world: World, who: str, what: str, time: str, date: str) -> None:
    kinds = [k for words, k in REQUEST_KINDS if words in what.lower()]
    assert kinds, (
        f"cannot tell what kind of request {what!r} is: say instruction, access, information, support or office space"
    )
    at = wall_clock(date, time)
    key = f"{kinds[0]}-{at.replace(':', '').replace('T', '-').lower()}"
    world.rows("requests").append({"key": key, "type": kinds[0], "made_at": at, "made_by": who, "source": "scenario"})
    world.last_request = key


@given(parsers.re(rf"the council (?:responded|gave it|gave access|complied) at (?P<time>{TIME}) on (?P<date>{DATE})"))
def _response(world: World, time: str, date: str) -> None:
    assert world.last_request, "no request yet: say first what the Intervention Adviser or the Secretary of State asked"
    world.rows("responses").append(
        {"request": world.last_request, "responded_at": wall_clock(date, time), "source": "scenario"}
    )


# ---- the directions themselves


@given(parsers.re(rf"(?P<inst>the .+?) bears the date (?P<date>{DATE})"))
def _dated(world: World, inst: str, date: str) -> None:
    did = direction_id(inst)
    d = day(date).isoformat()
    world.direction_edits.setdefault(did, {}).update({"date": d, "in_force": {"from": d}})


#: other readings of open points a scenario can try, in words, and the rule parameter and value each
#: sets (directions/README.md, "Readings as parameters")
READINGS = {
    "later reports counted from the first due date": ("count_from", "first_due"),
    "later reports counted from the previous due date": ("count_from", "previous_due"),
    "later reports counted from the unclipped anchor": ("count_from", "unclipped_anchor"),
    "periods counted to the same time of day": ("counting", "same_time"),
    "periods counted to the end of their last day": ("counting", "end_of_last_day"),
    "late evidence counted as met late": ("late_evidence", "counts"),
    "late evidence not counted": ("late_evidence", "not_counted"),
}


@given(parsers.re(r"(?P<inst>the .+?) (?:is|are) read with (?P<reading>" + "|".join(map(re.escape, READINGS)) + ")"))
def _read_with(world: World, inst: str, reading: str) -> None:
    """Another reading of an open point: every clause of the instrument whose rule states the
    parameter takes the value given."""
    param, value = READINGS[reading]
    world.direction_edits.setdefault(direction_id(inst), {}).setdefault("rule parameters", {})[param] = value


@given(parsers.re(r"(?P<inst>the .+?) (?:are|is) read as requiring at least (?P<n>\d+) external members"))
def _external_members(world: World, inst: str, n: str) -> None:
    did = direction_id(inst)
    assert did in COMPOSITION_CLAUSES, f"{inst} sets no requirement on who sits on a board"
    world.rule_edits.setdefault(COMPOSITION_CLAUSES[did], {})["external_members"] = int(n)


@given(parsers.re(rf"the Secretary of State revoked (?P<inst>the .+?) with effect from (?P<date>{DATE})"))
def _revoked(world: World, inst: str, date: str) -> None:
    world.rows("direction_status").append(
        {"direction": direction_id(inst), "status": "revoked", "effective": day(date).isoformat(), "source": "scenario"}
    )


@given(
    parsers.re(
        rf"the Secretary of State varied (?P<inst>the .+?) with effect from (?P<date>{DATE}), made on (?P<made>{DATE}),"
        rf" so that (?:it|they) end(?:s)? on (?P<until>{DATE})"
    )
)
def _varied(world: World, inst: str, date: str, made: str, until: str) -> None:
    did, effective = direction_id(inst), day(date).isoformat()
    world.versions[did] = {
        "in_force": {"from": effective, "until": day(until).isoformat(), "reading": "scenario: the varied end"},
        "supersedes": {"direction": did, "effective": effective, "made": day(made).isoformat()},
    }


@given(parsers.re(rf"the Secretary of State reinstated (?P<inst>the .+?) with effect from (?P<date>{DATE})"))
def _reinstated(world: World, inst: str, date: str) -> None:
    world.rows("direction_status").append(
        {
            "direction": direction_id(inst),
            "status": "in_force",
            "effective": day(date).isoformat(),
            "source": "scenario",
        }
    )


# --------------------------------------------------------------------------------------------
# When: the compliance check
# --------------------------------------------------------------------------------------------


@when(parsers.re(rf"compliance is checked on (?P<date>{DATE})"))
def _check_on(world: World, date: str) -> None:
    world.check(day(date).isoformat())


@when(parsers.re(rf"compliance is checked at (?P<time>{TIME}) on (?P<date>{DATE})"))
def _check_at(world: World, time: str, date: str) -> None:
    world.check(wall_clock(date, time))


# --------------------------------------------------------------------------------------------
# Then: the findings
# --------------------------------------------------------------------------------------------


def expect_status(world: World, duty_words: str, status_words: str) -> Finding:
    f = world.get(duty_words)
    want = STATUS_WORDS[status_words]
    assert f.status == want, (
        f"{duty_words}: expected {status_words} ({want}), the engine says {f.status}; "
        f"due {f.due}; {f.explanation.reason} Facts: {f.explanation.facts}"
    )
    if status_words == "overdue":
        assert f.duty_holder.kind != "council", (
            f"'overdue' is said of a duty that is not the council's; {duty_words} is the council's"
        )
    return f


@then(parsers.re(rf"(?P<duty_words>.+?) is (?P<status_words>{STATUS})"))
def _status(world: World, duty_words: str, status_words: str) -> None:
    expect_status(world, duty_words, status_words)


@then(parsers.re(r"the Council is in breach of (?P<duty_words>.+)"))
def _council_breach(world: World, duty_words: str) -> None:
    f = expect_status(world, duty_words, "in breach")
    assert f.duty_holder.kind == "council", f"the duty is not the council's: {f.duty_holder}"


@then(parsers.re(r"the Council has met (?P<duty_words>.+)"))
def _council_met(world: World, duty_words: str) -> None:
    f = expect_status(world, duty_words, "met")
    assert f.duty_holder.kind == "council", f"the duty is not the council's: {f.duty_holder}"


@then(parsers.re(rf"(?P<duty_words>.+?) falls due at (?P<time>{TIME}) (?P<zone>BST|GMT) on (?P<date>{DATE})"))
def _due_at(world: World, duty_words: str, time: str, zone: str, date: str) -> None:
    f = world.get(duty_words)
    hour, minute = (int(x) for x in time.split(":"))
    want = calendar.local(day(date).year, day(date).month, day(date).day, hour, minute)
    assert calendar.zone_name(want) == zone, f"{time} on {date} in London is {calendar.zone_name(want)}, not {zone}"
    assert f.due == calendar.iso(want), f"{duty_words}: expected due {calendar.human(want)}, the engine says {f.due}"


@then(parsers.re(rf"(?P<duty_words>.+?) falls due at the end of (?P<date>{DATE})"))
def _due_end_of_day(world: World, duty_words: str, date: str) -> None:
    f = world.get(duty_words)
    want = calendar.end_of_day_instant(day(date))
    assert f.due == calendar.iso(want), (
        f"{duty_words}: expected due at the end of {date} ({calendar.iso(want)}), the engine says {f.due}"
    )


@then(parsers.re(r"the computation of the due date says \"(?P<words>[^\"]+)\""))
def _computation(world: World, words: str) -> None:
    assert world.finding is not None, "say first which finding (a step naming the duty)"
    steps = world.finding.explanation.due_computation
    assert any(words in s for s in steps), f"no step of the computation says {words!r}: {steps}"


@then(parsers.re(r"the reason given is that (?P<words>.+)"))
def _reason(world: World, words: str) -> None:
    assert world.finding is not None, "say first which finding (a step naming the duty)"
    reason = world.finding.explanation.reason
    assert words.lower().rstrip(".") in reason.lower(), f"the reason given is {reason!r}, not {words!r}"


@then(parsers.re(r"the finding rests on no record"))
def _no_evidence(world: World) -> None:
    assert world.finding is not None, "say first which finding (a step naming the duty)"
    assert world.finding.evidence == [], f"the finding rests on {world.finding.evidence}"
    assert world.finding.explanation.facts[0].startswith("no record of")


@then(parsers.re(r"the duty is the Intervention Adviser's, not the council's"))
def _adviser_duty(world: World) -> None:
    f = world.finding
    assert f is not None, "say first which finding (a step naming the duty)"
    assert f.duty_holder.kind == "third_party", f"the duty holder is {f.duty_holder}"
    assert "Intervention Adviser" in f.duty_holder.name, f"the duty holder is {f.duty_holder.name}"
    assert "not of the council" in f.explanation.reason, f"the finding does not say so: {f.explanation.reason!r}"


@then(parsers.re(r"the duty is the council's"))
def _council_duty(world: World) -> None:
    f = world.finding
    assert f is not None, "say first which finding (a step naming the duty)"
    assert f.duty_holder.kind == "council", f"the duty holder is {f.duty_holder}"
    assert "not of the council" not in f.explanation.reason


@then(parsers.re(r"the duty holder named is the (?P<name>.+)"))
def _holder(world: World, name: str) -> None:
    f = world.finding
    assert f is not None, "say first which finding (a step naming the duty)"
    assert f.duty_holder.name.lower().removeprefix("the ") == name.lower(), f"the duty holder is {f.duty_holder.name!r}"


@then(parsers.re(r"there is no (?:finding for )?(?P<duty_words>.+)"))
def _absent(world: World, duty_words: str) -> None:
    words = duty_words if duty_words.lower().startswith(("the ", "paragraph ")) else "the " + duty_words
    target = finding_id(world, words)
    f = world.find(target)
    assert f is None, f"there is a finding for {duty_words}: {f.status}, due {f.due}"


@then(parsers.re(r"nothing under (?P<inst>the .+?) is due soon or upcoming"))
def _nothing_ahead(world: World, inst: str) -> None:
    did = direction_id(inst)
    ahead = [
        f"{f.id} ({f.status})" for f in world.findings() if f.direction == did and f.status in ("due_soon", "upcoming")
    ]
    assert not ahead, f"still ahead under {inst}: {ahead}"


@then(parsers.re(rf"nothing under (?P<inst>the .+?) falls due after (?P<date>{DATE})"))
def _nothing_after(world: World, inst: str, date: str) -> None:
    did = direction_id(inst)
    limit = calendar.end_of_day_instant(day(date)).int_timestamp
    late = [
        f"{f.id} (due {f.due})"
        for f in world.findings()
        if f.direction == did and calendar.parse_instant(f.due).int_timestamp > limit
    ]
    assert not late, f"falling due after {date} under {inst}: {late}"


@then(parsers.re(rf"(?P<inst>the .+?) say nothing about the meeting of {BOARD} on (?P<date>{DATE})"))
def _silent_on_meeting(world: World, inst: str, board: str, date: str) -> None:
    did = direction_id(inst)
    key = world.meeting_key(board_key(board), day(date))
    about = [
        f.id
        for f in world.findings()
        if f.direction == did and f.id.rsplit("/", 1)[1].split(":")[0] in (key, f"after-{key}")
    ]
    assert not about, f"{inst} still give findings for that meeting: {about}"


@then(parsers.re(rf"(?P<inst>the .+?) give findings for the meeting of {BOARD} on (?P<date>{DATE})"))
def _speaks_on_meeting(world: World, inst: str, board: str, date: str) -> None:
    did = direction_id(inst)
    key = world.meeting_key(board_key(board), day(date))
    about = [f.id for f in world.findings() if f.direction == did and f.id.rsplit("/", 1)[1].split(":")[0] == key]
    assert about, f"{inst} give no finding for the meeting {key}"


# The improvement plan's steps (features/improvement-plan.feature) live in their own module.
from plan_steps import *  # noqa: E402,F401,F403
