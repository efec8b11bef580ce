"""A deterministic generator of synthetic authorities for the national-scale benchmark.

Why synthetic: the benchmark needs hundreds of councils under intervention, year after year, and
the seed papers describe one council for one year. Each generated authority is placed under the
four seed directions (directions/*.yaml) with every date shifted by a per-authority number of days
(engine/operations/bench/template.py), and gets Y years of board meetings with attendance and items,
submissions (most on time, some late, some with only a window, some missing), membership changes
with gaps, role changes, requests and responses, coverage and the odd revocation: enough variety
that every status occurs.

Deterministic: authority i draws from `random.Random(f"{seed}:{i}")`, so the same N, Y and seed
give the same facts, byte for byte, whatever the order or process they are generated in. Facts
are written through engine/store/sqlite.py as validated models, into a temporary file renamed into place
only when every authority is written: a failed generation leaves no half-written store.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from engine.core import calendar, clock
from engine.core.errors import InputError
from engine.core.files import write_atomically
from engine.model import facts as F
from engine.store.sqlite import Store

#: The seed directions' own reference date (bv-2017's date): every authority is shifted from it.
BASE_DAY = dt.date(2017, 3, 28)
#: Bumped whenever the generator's output changes, so that a cached store is never reused stale.
GENERATOR_VERSION = 1

GROUPS = ["labour", "conservative", "independent-group", "green"]

#: capacities on each board (the seed terms of reference's required roles, plus group leaders)
BVIB_CAPACITIES = [
    "mayor",
    "statutory-deputy-mayor",
    "cabinet-member-education-childrens-services",
    "cabinet-member-resources",
    "osc-chair",
    "csib-chair",
    "lga-representative",
    "external-representative",
    "chief-executive",
    "dd-strategy-policy-partnership",
]
CSIB_CAPACITIES = [
    "csib-chair",
    "mayor",
    "cabinet-member-education-childrens-services",
    "chief-executive",
    "director-of-childrens-services",
    "dd-strategy-policy-partnership",
    "ccg-chief-officer",
    "borough-commander",
    "lead-scrutiny-childrens",
]
EXTERNAL = {"external-representative", "lga-representative", "csib-chair", "ccg-chief-officer", "borough-commander"}
#: roles held (the roles table) by whoever sits in these capacities
ROLE_CAPACITIES = ["mayor", "csib-chair", "director-of-childrens-services", "chief-executive"]
REQUEST_TYPES = ["instruction", "access", "support", "review-information"]
REQUEST_DAYS = {"instruction": 28, "access": 5, "support": 10, "review-information": 10}


@dataclass(frozen=True)
class Plan:
    """What to generate: N authorities over Y years from a seed, and the as-of date to check."""

    authorities: int
    years: int
    seed: int = 1

    @property
    def as_of(self) -> dt.date:
        """The common as-of day: Y years after the seed directions' date. Authorities are shifted
        0-364 days later, so each has between Y-1 and Y years of history and some meetings still
        scheduled after it."""
        return _add_years(BASE_DAY, self.years)

    def key(self, index: int) -> str:
        return f"council-{index + 1:04d}"

    def shift(self, index: int) -> int:
        """Days by which authority `index`'s directions and facts are later than the seed's."""
        return random.Random(f"{self.seed}:{index}:shift").randrange(0, 365)

    def manifest(self) -> dict:
        """Written beside the store: what it holds, and each authority's shift (read by the
        direction template to give each authority its own dated copy of the seed directions)."""
        return {
            "generator_version": GENERATOR_VERSION,
            "authorities": self.authorities,
            "years": self.years,
            "seed": self.seed,
            "as_of": self.as_of.isoformat(),
            "shifts": {self.key(i): self.shift(i) for i in range(self.authorities)},
        }


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _at(day: dt.date, hhmm: str) -> str:
    return f"{day.isoformat()}T{hhmm}"


class _Authority:
    """The facts of one synthetic authority, drawn from its own random stream."""

    def __init__(self, plan: Plan, index: int):
        self.plan = plan
        self.rng = random.Random(f"{plan.seed}:{index}")
        self.key = plan.key(index)
        self.shift = plan.shift(index)
        self.start = BASE_DAY + dt.timedelta(days=self.shift)
        self.end = _add_years(self.start, plan.years)
        self.as_of = plan.as_of
        self.people: list[F.Person] = []
        self.holders: dict[str, list[tuple[str, dt.date, dt.date | None]]] = {}  # capacity -> (person, from, to)

    def day(self, offset: int) -> dt.date:
        return self.start + dt.timedelta(days=offset)

    def facts(self) -> Iterator[tuple[str, F.Fact]]:
        rng = self.rng
        proves = rng.random() < 0.8
        yield (
            "authority",
            F.AuthorityFact(
                key=self.key,
                name=f"Synthetic Borough Council {self.key[-4:]}",
                absence_proves_breach=proves,
                source="synthetic (comply bench)",
            ),
        )
        groups = GROUPS[:3] + (["green"] if rng.random() < 0.5 else [])
        green_from = self.day(rng.randrange(200, 900))
        for g in groups:
            yield (
                "political_groups",
                F.PoliticalGroup(key=g, name=g.replace("-", " ").title(), start=green_from if g == "green" else None),
            )
        for b, name in (("bvib", "Best Value Improvement Board"), ("csib", "Children's Services Improvement Board")):
            yield "boards", F.Board(key=b, name=name)
        self._people(groups, green_from)
        yield from (("people", p) for p in self.people)
        yield from self._roles()
        yield from self._memberships(groups, green_from)
        yield from self._meetings()
        yield from self._submissions()
        yield from self._requests()
        if not proves:
            for subject in ("bv-2017.quarterly-report", "meetings:csib", "memberships:csib", "dfe-2017.5g"):
                if rng.random() < 0.6:
                    yield "coverage", F.Coverage(subject=subject, complete_until=self.day(rng.randrange(300, 1500)))
        if rng.random() < 0.05:
            yield (
                "direction_status",
                F.DirectionStatus(direction="dfe-2017", status="revoked", effective=self.day(rng.randrange(700, 1400))),
            )

    # -- people and who sits where ----------------------------------------------------------

    def _people(self, groups: list[str], green_from: dt.date) -> None:
        """Successive holders of every capacity: tenures of one to three years, sometimes with a
        gap of a few weeks before the next holder (a composition breach)."""
        rng = self.rng
        capacities = list(dict.fromkeys(BVIB_CAPACITIES + CSIB_CAPACITIES + ["intervention-adviser"]))
        capacities += [f"group-leader-{g}" for g in groups]
        for cap in capacities:
            t = self.day(-30) if cap != "intervention-adviser" else self.day(rng.randrange(40, 120))
            if cap == "group-leader-green":
                t = green_from
            n = 0
            spans = []
            while t < self.end:
                n += 1
                tenure = rng.randrange(365, 3 * 365)
                until = t + dt.timedelta(days=tenure)
                person = f"{cap}-{n}"
                spans.append((person, t, until if until < self.end else None))
                group = None
                if cap.startswith("group-leader-"):
                    group = cap.removeprefix("group-leader-")
                elif cap in (
                    "mayor",
                    "statutory-deputy-mayor",
                    "cabinet-member-education-childrens-services",
                    "cabinet-member-resources",
                ):
                    group = "labour"
                elif cap in ("osc-chair", "lead-scrutiny-childrens"):
                    group = rng.choice(groups[:3])
                self.people.append(F.Person(key=person, name=f"{cap.replace('-', ' ').title()} {n}", group=group))
                gap = 0 if rng.random() < 0.8 else rng.randrange(14, 75)
                t = until + dt.timedelta(days=1 + gap)
            self.holders[cap] = spans

    def holder(self, cap: str, day: dt.date) -> str | None:
        for person, start, until in self.holders.get(cap, []):
            if start <= day and (until is None or day <= until):
                return person
        return None

    def _roles(self) -> Iterator[tuple[str, F.Fact]]:
        for cap in ROLE_CAPACITIES + ["intervention-adviser"]:
            for person, start, until in self.holders[cap]:
                named = start - dt.timedelta(days=self.rng.randrange(0, 20)) if cap == "intervention-adviser" else None
                yield "roles", F.RoleHeld(person=person, role=cap, start=start, until=until, named_on=named)

    def _memberships(self, groups: list[str], green_from: dt.date) -> Iterator[tuple[str, F.Fact]]:
        rng = self.rng
        seats = [("bvib", c) for c in BVIB_CAPACITIES + [f"group-leader-{g}" for g in groups]]
        seats += [("csib", c) for c in CSIB_CAPACITIES + ["intervention-adviser"]]
        for board, cap in seats:
            for person, start, until in self.holders[cap]:
                if rng.random() < 0.03:
                    continue  # never recorded on this board: a missing member
                joined = start + dt.timedelta(days=rng.randrange(0, 40) if rng.random() < 0.15 else 0)
                if until is not None and joined > until:
                    continue
                yield (
                    "memberships",
                    F.Membership(
                        board=board, person=person, capacity=cap, external=cap in EXTERNAL, start=joined, until=until
                    ),
                )

    # -- meetings ---------------------------------------------------------------------------

    def _meetings(self) -> Iterator[tuple[str, F.Fact]]:
        rng = self.rng
        # the BVIB: about once a quarter, at 18:00
        day = self.day(rng.randrange(60, 80))
        while day < self.end:
            if rng.random() >= 0.08:  # sometimes a quarter passes with no meeting
                yield (
                    "meetings",
                    self._meeting(
                        "bvib",
                        day,
                        "18:00",
                        "mayor",
                        [("bv-progress-report", "dd-strategy-policy-partnership")],
                        BVIB_CAPACITIES,
                    ),
                )
            day += dt.timedelta(days=rng.choice([84, 91, 91, 91, 98, 105]))
        # the CSIB: about every six weeks, at 16:00
        day = self.day(rng.randrange(76, 90))
        while day < self.end:
            yield (
                "meetings",
                self._meeting(
                    "csib",
                    day,
                    "16:00",
                    "csib-chair",
                    [
                        ("dcs-progress-report", "director-of-childrens-services"),
                        ("performance-scorecard", "dd-strategy-policy-partnership"),
                    ],
                    CSIB_CAPACITIES,
                ),
            )
            day += dt.timedelta(days=rng.choice([35, 42, 42, 42, 42, 42, 49, 56]))

    def _meeting(
        self, board: str, day: dt.date, hhmm: str, chair_cap: str, items: list[tuple[str, str]], caps: list[str]
    ) -> F.Meeting:
        rng = self.rng
        past = day < self.as_of
        status = "scheduled" if not past else ("cancelled" if rng.random() < 0.03 else "held")
        time_known = rng.random() >= 0.05
        chair = self.holder(chair_cap, day) if rng.random() < 0.95 else self.holder(caps[1], day)
        tabled, attendance = [], []
        if status == "held":
            tabled = [F.Tabled(item=item, presented_by=by) for item, by in items if rng.random() < 0.92]
            for cap in caps:
                person = self.holder(cap, day)
                if person and person not in {a.person for a in attendance}:
                    attendance.append(
                        F.Attendance(
                            person=person, status=rng.choices(["present", "apologies", "absent"], [85, 10, 5])[0]
                        )
                    )
        return F.Meeting(
            key=f"{board}-{day.isoformat()}",
            board=board,
            starts_at=_at(day, hhmm if time_known else "00:00"),
            time_known=time_known,
            public=board == "bvib" and rng.random() < 0.9,
            status=status,
            chair=chair if status == "held" else None,
            items_known=status != "held" or rng.random() >= 0.04,
            items=tabled,
            attendance=attendance,
        )

    # -- submissions, requests ------------------------------------------------------------

    def _submission(self, clause: str, occurrence: int, due: dt.date, hhmm: str) -> Iterator[tuple[str, F.Fact]]:
        """One answer to a due date: on time, late, a window straddling the due day, or missing."""
        rng = self.rng
        kind = rng.choices(["on_time", "late", "window", "missing"], [75, 10, 5, 10])[0]
        if kind == "missing":
            return
        key = f"{clause.replace('.', '-')}-{occurrence}"
        what = f"{clause} occurrence {occurrence}"
        if kind == "window":
            lo, hi = due - dt.timedelta(days=rng.randrange(1, 10)), due + dt.timedelta(days=rng.randrange(1, 10))
            if hi >= self.as_of:
                return
            yield (
                "submissions",
                F.Submission(
                    key=key,
                    what=what,
                    clause=clause,
                    occurrence=occurrence,
                    received_between=(_at(lo, "00:00"), _at(hi, "23:59")),
                ),
            )
            return
        day = (
            due - dt.timedelta(days=rng.randrange(0, 12))
            if kind == "on_time"
            else due + dt.timedelta(days=rng.randrange(1, 25))
        )
        at = "09:00" if kind == "on_time" else "14:00"
        if day >= self.as_of:
            return
        yield (
            "submissions",
            F.Submission(key=key, what=what, clause=clause, occurrence=occurrence, received=_at(day, at)),
        )

    def _submissions(self) -> Iterator[tuple[str, F.Fact]]:
        bv_end = BASE_DAY.replace(year=2018, month=9, day=30) + dt.timedelta(days=self.shift)
        first = dt.date(2017, 6, 30) + dt.timedelta(days=self.shift)
        n = 0
        while (due := _add_months(first, 3 * n)) <= bv_end:
            n += 1
            yield from self._submission("bv-2017.quarterly-report", n, due, "10:00")
        yield from self._submission(
            "bv-2017.independent-review", 1, dt.date(2018, 8, 1) + dt.timedelta(days=self.shift), "23:59"
        )
        dfe = dt.date(2017, 4, 7) + dt.timedelta(days=self.shift)
        for clause, months in (("dfe-2017.5g", 3), ("dfe-2017.annex-a.reviews", 6)):
            n = 0
            while (due := _add_months(dfe, months * (n + 1))) < self.as_of:
                n += 1
                yield from self._submission(clause, n, due, "23:59")

    def _requests(self) -> Iterator[tuple[str, F.Fact]]:
        rng = self.rng
        day, n = self.day(rng.randrange(20, 60)), 0
        while day < self.as_of:
            n += 1
            rtype = rng.choice(REQUEST_TYPES)
            key = f"request-{n}"
            yield "requests", F.Request(key=key, type=rtype, made_at=_at(day, "11:00"), made_by="synthetic")
            answer = rng.choices(["in_time", "late", "none"], [80, 10, 10])[0]
            if answer != "none":
                limit = REQUEST_DAYS[rtype]
                delay = rng.randrange(0, limit) if answer == "in_time" else limit + rng.randrange(1, 20)
                when = day + dt.timedelta(days=delay)
                if when < self.as_of:
                    yield "responses", F.Response(request=key, responded_at=_at(when, "15:00"))
            day += dt.timedelta(days=rng.randrange(20, 90))


def authority_facts(plan: Plan, index: int) -> list[tuple[str, F.Fact]]:
    """Every fact of authority `index` of the plan, in a fixed order."""
    return list(_Authority(plan, index).facts())


def store_path(work_dir: Path, plan: Plan) -> Path:
    return work_dir / f"bench-n{plan.authorities}-y{plan.years}-s{plan.seed}.db"


def manifest_path(store: Path) -> Path:
    return store.with_suffix(".json")


def generate(plan: Plan, path: Path) -> int:
    """Write the plan's authorities into a new SQLite store at `path` (replacing any file there)
    and its manifest beside it; return the number of facts written. All or nothing: the store
    is written under a temporary name and renamed into place once complete."""
    if plan.authorities < 1 or plan.years < 1:
        raise InputError(f"bench: expected at least 1 authority and 1 year, got {plan.authorities} and {plan.years}")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    tmp.unlink(missing_ok=True)
    total = 0
    try:
        # recorded "as of" the plan's day, so that the same plan gives the same file
        with Store.open(tmp) as store, clock.frozen(calendar.as_of_instant(plan.as_of.isoformat())):
            store.conn.execute("PRAGMA journal_mode = OFF")  # a scratch file: renamed only once whole
            store.conn.execute("PRAGMA synchronous = OFF")
            for i in range(plan.authorities):
                total += store.write(plan.key(i), authority_facts(plan, i), "comply bench (generated)").stored
        manifest = manifest_path(path)
        manifest.unlink(missing_ok=True)  # no manifest: the store is not trusted as a cache
        # not engine.core.files.write_atomically, which writes bytes held in memory: SQLite writes this
        # file itself, at a path, so the same idea (a scratch name, one rename) is done here by hand
        os.replace(tmp, path)
        text = json.dumps(plan.manifest(), indent=1, sort_keys=True)
        write_atomically(manifest, text.encode("utf-8"), option="--work-dir")
    finally:
        tmp.unlink(missing_ok=True)
    return total


def ensure(plan: Plan, work_dir: Path) -> tuple[Path, bool]:
    """The plan's store in `work_dir`, generated unless an identical one is already there.
    Returns (path, generated now?)."""
    path = store_path(work_dir, plan)
    manifest = manifest_path(path)
    if path.exists() and manifest.exists():
        try:
            if json.loads(manifest.read_text(encoding="utf-8")) == plan.manifest():
                return path, False
        except ValueError:
            pass
    generate(plan, path)
    return path, True
