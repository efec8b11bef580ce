"""The world a scenario builds: the facts of an authority, the direction files, the check it runs.

- A Given step edits a copy of the facts of an authority (a facts file: the bundled Tower Hamlets
  data, or any file in the folder `$COMPLY_FACTS` names), and may vary a direction file (its date, a
  reading, a new version) or record a revocation;
- the When step writes the facts as a YAML file, imports it into a new SQLite store in pytest's
  `tmp_path` (`engine.store.importer.import_file`, as `comply import` does), loads the authority's
  state and calls `engine.evaluation.check.check`, the evaluation `comply check` uses;
- the Then steps read the findings of that report.

The direction files are those of `$COMPLY_DIRECTIONS`, or the bundled directions/ folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from engine.cli.shared import BUNDLED_DATA
from engine.core import calendar
from engine.core.dates import LONDON
from engine.directions.model import Direction, load_directions
from engine.evaluation.check import check
from engine.model.findings import Finding, Report
from engine.store.importer import import_file
from engine.store.sqlite import Store

ROOT = Path(__file__).resolve().parents[2]


def directions_dir() -> Path:
    """The folder of direction files the scenarios run against: `$COMPLY_DIRECTIONS`, or directions/."""
    return Path(os.environ.get("COMPLY_DIRECTIONS") or ROOT / "directions")


def facts_files() -> list[Path]:
    """The facts files a scenario may start from: the bundled data and every *.yaml of `$COMPLY_FACTS`."""
    extra = os.environ.get("COMPLY_FACTS")
    return [BUNDLED_DATA] + (sorted(Path(extra).glob("*.yaml")) if extra else [])


_DIRECTIONS: dict[Path, list[Direction]] = {}
#: the direction files as a scenario varied them (the hash of the files) -> the directions read from them
_VARIED: dict[str, list[Direction]] = {}
#: the facts files and the direction files as data, read once per session and kept pickled: each scenario
#: unpickles its own copy to edit (a deep copy, five times faster than copy.deepcopy)
_FACTS: dict[Path, bytes] = {}
_DIRECTION_DOCS: dict[Path, bytes] = {}
#: libyaml's loader when present: the same data as yaml.SafeLoader, ten times faster than the pure-Python one
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def directions() -> list[Direction]:
    """The direction files, read once per session."""
    folder = directions_dir()
    if folder not in _DIRECTIONS:
        _DIRECTIONS[folder] = load_directions(folder)
    return list(_DIRECTIONS[folder])


def facts(path: Path) -> dict[str, Any]:
    """A facts file as data, read once per session; each scenario gets its own deep copy."""
    if path not in _FACTS:
        _FACTS[path] = pickle.dumps(yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader))
    return pickle.loads(_FACTS[path])


def direction_docs() -> list[tuple[str, dict[str, Any]]]:
    """The direction files as data (file name, document), read once per session; each call gets its own deep
    copy, for a scenario that varies them (World.load_directions)."""
    folder = directions_dir()
    if folder not in _DIRECTION_DOCS:
        docs = [
            (p.name, yaml.load(p.read_text(encoding="utf-8"), Loader=_Loader)) for p in sorted(folder.glob("*.yaml"))
        ]
        _DIRECTION_DOCS[folder] = pickle.dumps(docs)
    return pickle.loads(_DIRECTION_DOCS[folder])


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]  # libyaml when present
    """The same YAML, faster; a value shared by two places is written twice (comply refuses anchors and aliases)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: Any) -> str:
    """A facts or direction file's data as YAML text, keys in their order (libyaml's emitter when present)."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


#: facts (the hash of their pickle) and the direction files the import read -> a store built by importing exactly
#: those facts against those files, in this test session
_STORES: dict[str, Path] = {}
#: an empty store with every migration applied, made once per session (in the tmp_path of the first scenario
#: that imports): each import copies it rather than run the eleven migrations again in a new file
_EMPTY: list[Path] = []


def _empty_store(folder: Path) -> Path:
    """The session's empty, migrated store (made in `folder` on first use): copy it, then import into the copy."""
    if not _EMPTY:
        path = folder / "empty.db"
        Store.open(path).close()  # creates and migrates
        _EMPTY.append(path)
    return _EMPTY[0]


@dataclass
class World:
    """Everything one scenario builds (pytest-bdd 9 step arguments are not fixtures, so the steps
    share this one mutable object)."""

    tmp_path: Path
    data: dict[str, Any] = field(default_factory=lambda: facts(BUNDLED_DATA))
    direction_edits: dict[str, dict[str, Any]] = field(default_factory=dict)  # direction id -> top-level changes
    rule_edits: dict[str, dict[str, Any]] = field(default_factory=dict)  # clause id -> changes to its rule
    versions: dict[str, dict[str, Any]] = field(default_factory=dict)  # direction id -> its new version's changes
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # clause id -> a whole rule written instead
    version_rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # clause id -> its rule in the new version
    directions: list[Direction] = field(default_factory=directions)
    report: Report | None = None
    finding: Finding | None = None  # the finding the last Then step looked at
    last_request: str | None = None
    last_decision: dict[str, Any] | None = None  # the decision the last sentence recorded
    last_interest: str | None = None
    runs: int = 0
    directions_key: str = ""  # the direction files of the last load_directions (their folder, or a hash if varied)

    @property
    def authority(self) -> str:
        """The key of the authority whose facts the scenario holds."""
        return self.data["authority"]["key"]

    # ---- facts -------------------------------------------------------------------------------

    def rows(self, kind: str) -> list[dict[str, Any]]:
        """The facts of one kind (a list the steps edit in place)."""
        return self.data.setdefault(kind, [])

    def meetings_on(self, board: str, when: dt.date) -> list[dict[str, Any]]:
        """The board's meetings on a day."""
        return [
            m
            for m in self.rows("meetings")
            if m["board"] == board and calendar.parse_instant(m["starts_at"]).date() == when
        ]

    def meeting_key(self, board: str, when: dt.date) -> str:
        """The key of the board's one meeting on a day."""
        found = self.meetings_on(board, when)
        name = next((b["name"] for b in self.rows("boards") if b["key"] == board), board)
        assert len(found) == 1, f"expected one meeting of the {name} on {calendar.day_words(when)}, found {len(found)}"
        return found[0]["key"]

    def fact_keys_on(self, kind: str, field: str, when: dt.date) -> list[str]:
        """The keys of the facts of a kind ("decisions", "interests") whose instant `field` falls on a day."""
        found = [r["key"] for r in self.rows(kind) if calendar.parse_instant(r[field]).date() == when]
        assert found, f"no {kind} on {calendar.day_words(when)} in the records"
        return found

    def request_key(self, request_type: str, when: dt.date) -> str:
        """The key of the one request of that kind made on a day."""
        found = [
            r["key"]
            for r in self.rows("requests")
            if r["type"] == request_type and calendar.parse_instant(r["made_at"]).date() == when
        ]
        assert len(found) == 1, (
            f"expected one request ({request_type}) made on {calendar.day_words(when)}, found {found}"
        )
        return found[0]

    def decision_key(self, when: dt.date) -> str:
        """The key of the one decision recorded as taken on a day."""
        found = [
            d["key"] for d in self.rows("decisions") if calendar.parse_instant(str(d["decided_at"])).date() == when
        ]
        assert len(found) == 1, f"expected one decision taken on {calendar.day_words(when)}, found {len(found)}"
        return found[0]

    def complete(self, *subjects: str, until: str = "2018-12-31") -> None:
        """Say the records of these subjects are complete, so that absence proves a breach."""
        self.rows("coverage").extend(
            {"subject": s, "complete_until": until, "source": "scenario: records taken as complete"} for s in subjects
        )

    # ---- the evaluation ----------------------------------------------------------------------

    def load_directions(self) -> list[Direction]:
        """The direction files, with any change a scenario made written into copies of the files (a file the
        scenario leaves as it is copied as it is)."""
        if not self.direction_edits and not self.rule_edits and not self.versions and not self.rules:
            self.directions_key = str(directions_dir())
            return directions()
        folder = self.tmp_path / f"directions-{self.runs}"
        folder.mkdir()
        for (name, doc), (_, original) in zip(direction_docs(), direction_docs()):
            for key, value in self.direction_edits.get(doc["id"], {}).items():
                if key == "rule parameters":  # each clause whose rule states the parameter
                    for clause in doc["clauses"]:
                        clause["rule"].update({k: v for k, v in value.items() if k in clause["rule"]})
                elif isinstance(value, dict) and isinstance(doc.get(key, {}), dict):  # a mapping such as in_force
                    doc.setdefault(key, {}).update(value)
                else:
                    doc[key] = value
            for clause in doc["clauses"]:
                clause["rule"] = self.rules.get(f"{doc['id']}.{clause['key']}", clause["rule"])
                clause["rule"].update(self.rule_edits.get(f"{doc['id']}.{clause['key']}", {}))
            if doc == original:
                shutil.copyfile(directions_dir() / name, folder / name)
            else:
                (folder / name).write_text(_dump(doc), encoding="utf-8")
            if doc["id"] in self.versions:  # a variation: a new version of the file that supersedes it
                version = {**doc, **self.versions[doc["id"]], "id": f"{doc['id']}-v2"}
                end = str(version["in_force"]["until"])
                version["clauses"] = [  # a fixed deadline after the varied end goes with the variation
                    {**c, "rule": self.version_rules.get(f"{doc['id']}.{c['key']}", c["rule"])}
                    for c in doc["clauses"]
                    if str(self.version_rules.get(f"{doc['id']}.{c['key']}", c["rule"]).get("due", {}).get("date", ""))
                    <= end
                ]
                kept = {c["key"] for c in version["clauses"]}
                version["paragraphs"] = [_without_dropped(p, kept) for p in doc.get("paragraphs", [])]
                (folder / f"{doc['id']}-v2.yaml").write_text(_dump(version), encoding="utf-8")
        files = hashlib.sha256()
        for path in sorted(folder.glob("*.yaml")):
            files.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
        key = files.hexdigest()
        self.directions_key = key
        if key not in _VARIED:  # the same files as an earlier scenario's (an outline's rows): validated once
            _VARIED[key] = load_directions(folder)
        return list(_VARIED[key])

    def check(self, as_of: str) -> Report:
        """Import the facts into a new SQLite store, as `comply import` does, and run the check
        `comply check` runs.

        Importing the whole bundled file takes about half a second (the importer keeps the line
        of every value), so a store built from exactly the same facts file is built once per
        test session and copied: the copy is the store that import made, opened and read here.
        The same facts are known by their pickle (equal pickles are equal facts, so equal files;
        forty times cheaper than writing the YAML only to compare it), and written as YAML only
        when they are new. The import reads the directions (the authority's, to check what the facts
        name), so the store is reused only for the same facts imported against the same direction files.
        """
        self.runs += 1
        self.directions = self.load_directions()
        mine = [d for d in self.directions if d.authority == self.authority]
        db = self.tmp_path / f"comply-{self.runs}.db"
        # the import reads the directions too (mine), so a store is reused only for the same facts and the same files
        cache_key = hashlib.sha256(self.directions_key.encode("utf-8") + b"\0" + pickle.dumps(self.data)).hexdigest()
        if cache_key in _STORES:
            shutil.copyfile(_STORES[cache_key], db)
        else:
            source = self.tmp_path / f"facts-{self.runs}.yaml"
            source.write_text(_dump(self.data), encoding="utf-8")
            shutil.copyfile(_empty_store(self.tmp_path), db)
            with Store.open(db) as store:
                import_file(store, source, mine)
            _STORES[cache_key] = self.tmp_path / f"built-{self.runs}.db"
            shutil.copyfile(db, _STORES[cache_key])
        with Store.open(db) as store:
            state = store.load(self.authority)
        self.report = check(state, mine, calendar.as_of_instant(as_of))
        return self.report

    # ---- reading findings --------------------------------------------------------------------

    def findings(self) -> list[Finding]:
        """The findings of the last check."""
        assert self.report is not None, (
            "no compliance check yet: add a step such as 'When compliance is checked on 1 July 2017'"
        )
        return self.report.findings

    def findings_of(self, clause_id: str) -> list[Finding]:
        """The findings of one clause (by its id, as findings carry it)."""
        return [f for f in self.findings() if f.id.split("/")[1] == clause_id]

    def find(self, finding_id: str) -> Finding | None:
        """The finding with this id, or None."""
        return next((f for f in self.findings() if f.id == finding_id), None)

    @staticmethod
    def due_day(f: Finding) -> dt.date:
        """The London day a finding falls due."""
        return calendar.parse_instant(f.due).in_timezone(LONDON).date()


def _without_dropped(paragraph: dict, kept: set[str]) -> dict:
    """A paragraph of a variation's file: its `encoded_by` keeps the clauses the variation kept; one
    whose clauses all went with the variation is marked not encoded, saying why (directions/README.md,
    Paragraphs: every paragraph encoded or marked)."""
    if "encoded_by" not in paragraph:
        return paragraph
    keys = [k for k in paragraph["encoded_by"] if k in kept]
    if keys:
        return {**paragraph, "encoded_by": keys}
    rest = {k: v for k, v in paragraph.items() if k != "encoded_by"}
    return {**rest, "not_encoded": "its deadline falls after the varied end: the clause went with the variation"}
