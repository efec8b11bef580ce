"""The content hash of a clause: what a lawyer's sign-off (`comply review`) is a sign-off of.

Why: a legal review is worth something only for the clause as it was reviewed. A review records a
hash of everything that gives the clause its meaning; when any of it changes, the hash changes and
the clause reads as changed since review until someone signs it again (docs/legal-review.md).

What is hashed, in five parts, each hashed on its own so that a changed review can say which part
changed:

- `text`: every field of the clause except its rule: key, title, the quoted text, source, duty
  holder, recipient (and any field a later release adds beside them, such as how lawyers call
  its duties), and the paragraphs of the instrument's text that the clause encodes (each one's ref,
  words and, where they are quoted from another paper, that paper: the paragraphs naming the clause
  in `encoded_by`);
- `rule`: the rule's kind and parameters, without its `reading:` fields;
- `readings`: every `reading:` of the rule (at any depth, such as a due date's), by where it sits;
- `scenarios`: the text of every scenario of the feature files tagged `@<direction id>.<clause key>`
  (a tag of its feature, its rule, itself or one of its Examples): the feature's and the rule's
  Background steps, the scenario's keyword, name, description and steps (with their data tables
  and docstrings) and its Examples (name, header and rows); comments and tags are left out;
- `instrument`: the direction's own particulars that every clause hangs on (its id, kind, title,
  issuer, legal basis, date and its reading, in-force period and its reading, authority, source,
  `supersedes:`, where its paragraphs come from (`paragraphs_from:`) and the paragraphs it leaves
  not encoded with the reason for each: what the rules of the instrument do not check is part of
  what a lawyer signs for every clause of it), not its other clauses nor the paragraphs they encode.

The clause is read as the direction file states it, parsed and validated: values as the model reads
them (a date is its ISO form whichever way it was written), a parameter left at its default is the
same as one not written, and in every string every run of whitespace (spaces, tabs, line breaks) is
one space, with none at either end. Each part is canonical JSON (sorted keys, no spaces, UTF-8); its
hash is SHA-256; the clause's hash is the SHA-256 of the canonical JSON of its five part hashes and
the scheme's name (HASH_SCHEME). So the YAML's layout, comments, key order, quoting and line wrapping
do not matter, and any change of a word, a value or a scenario does. Scenarios are read as UTF-8,
with or without a byte-order mark, by Cucumber's own Gherkin parser (the one pytest-bdd uses;
engine/directions/feature_files.py); their
order and the file they sit in do not matter.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.core.errors import InputError
from engine.directions.feature_files import read_feature
from engine.directions.model import Clause, Direction

__all__ = [
    "HASH_SCHEME",
    "PARTS",
    "PART_WORDS",
    "ClauseHash",
    "canonical_json",
    "changed_parts",
    "clause_content",
    "clause_hash",
    "clause_hashes",
    "default_features_dir",
    "scenario_texts",
]

#: the name of this way of hashing, part of every clause hash: a later, different scheme gives other hashes
HASH_SCHEME = "comply-clause-content/1"

#: the parts of a clause's content, in the order they are named
PARTS: tuple[str, ...] = ("text", "rule", "readings", "scenarios", "instrument")

#: each part in words, for "changed since review: <part> changed"
PART_WORDS: dict[str, str] = {
    "text": "the clause's words (title, text, source, duty holder, recipient, the paragraphs it encodes)",
    "rule": "the rule's parameters",
    "readings": "the readings of open points",
    "scenarios": "the scenarios",
    "instrument": "the direction's particulars (date, in-force period, authority, source, paragraphs not encoded)",
}


@dataclass(frozen=True)
class ClauseHash:
    """A clause's content hash: `digest` (64 hex digits, SHA-256) and the hash of each part (PARTS)."""

    direction: str
    clause: str  # the clause key
    digest: str
    parts: dict[str, str]

    @property
    def clause_id(self) -> str:
        """'<direction id>.<clause key>'."""
        return f"{self.direction}.{self.clause}"


def _normalised(value: Any) -> Any:
    """Every string of a JSON-able value with its whitespace runs made one space and its ends stripped."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    return value


def canonical_json(value: Any) -> str:
    """One text for one content: JSON with sorted keys and no spaces, non-ASCII kept as it is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _sha256(value: Any) -> str:
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def _split_readings(value: Any, path: str, readings: dict[str, str]) -> Any:
    """The value without its `reading` keys (at any depth); each reading put into `readings` by its path."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            where = f"{path}.{k}" if path else k
            if k == "reading" and (v is None or isinstance(v, str)):
                if v is not None:
                    readings[where] = v
            else:
                out[k] = _split_readings(v, where, readings)
        return out
    if isinstance(value, list):
        return [_split_readings(v, f"{path}[{i}]", readings) for i, v in enumerate(value)]
    return value


def clause_content(direction: Direction, clause: Clause, scenarios: Iterable[str]) -> dict[str, Any]:
    """The content of each part of a clause (PARTS; the module docstring says what each holds), as
    JSON-able data with whitespace normalised: what `clause_hash` hashes. `scenarios` are the texts of
    the scenarios tagged with the clause (`scenario_texts`), in any order."""
    dumped = clause.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    rule_dumped = clause.rule.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    rule_dumped["kind"] = clause.rule.kind  # the kind is what the rule is, even where it is a default
    readings: dict[str, str] = {}
    rule = _split_readings(rule_dumped, "", readings)
    dumped.pop("rule", None)
    # a paragraph's words and, where they are quoted from another paper than the file's, that paper (left out
    # when absent, so that the hash of a paragraph without one is what it was before `source` was hashed)
    dumped["paragraphs"] = [
        p.model_dump(mode="json", include={"ref", "text", "source"}, exclude_none=True)
        for p in direction.encoding(clause.key)
    ]
    instrument = direction.model_dump(
        mode="json", by_alias=True, exclude_defaults=True, exclude={"clauses", "paragraphs"}
    )
    instrument.setdefault("kind", direction.kind)
    instrument["not_encoded"] = [
        p.model_dump(mode="json", include={"ref", "text", "source", "not_encoded"}, exclude_none=True)
        for p in direction.paragraphs
        if p.not_encoded
    ]
    return _normalised(
        {
            "text": dumped,
            "rule": rule,
            "readings": readings,
            "scenarios": sorted(" ".join(s.split()) for s in scenarios),
            "instrument": instrument,
        }
    )


def clause_hash(direction: Direction, clause: Clause, scenarios: Iterable[str]) -> ClauseHash:
    """The content hash of a clause of `direction` with the texts of its scenarios (`scenario_texts`)."""
    content = clause_content(direction, clause, scenarios)
    parts = {p: _sha256(content[p]) for p in PARTS}
    return ClauseHash(direction.id, clause.key, _sha256({"scheme": HASH_SCHEME, "parts": parts}), parts)


def clause_hashes(directions: list[Direction], features_dir: Path | None) -> dict[str, ClauseHash]:
    """{clause id: ClauseHash} of every clause of the directions, with the scenarios of the feature files
    under `features_dir` (none when it is None). Raises InputError or FileError as `scenario_texts`."""
    texts = scenario_texts(features_dir) if features_dir is not None else {}
    return {d.clause_id(c): clause_hash(d, c, texts.get(d.clause_id(c), [])) for d in directions for c in d.clauses}


def changed_parts(reviewed: dict[str, str], now: dict[str, str]) -> list[str]:
    """The parts (PARTS order) whose hashes differ between a review's and the clause's as it now stands."""
    return [p for p in PARTS if reviewed.get(p) != now.get(p)]


def default_features_dir(directions_dir: Path) -> Path | None:
    """Where the scenarios of a folder of direction files are: $COMPLY_FEATURES when set, else the
    `features` folder beside the directions folder (the bundled directions/ and features/); None when
    that folder does not exist (its clauses then have no scenarios). Raises InputError when
    $COMPLY_FEATURES names no folder."""
    named = os.environ.get("COMPLY_FEATURES")
    if named:
        path = Path(named)
        if not path.is_dir():
            raise InputError(f"$COMPLY_FEATURES: {path} is not a folder of .feature files")
        return path
    path = Path(directions_dir).resolve().parent / "features"
    return path if path.is_dir() else None


def scenario_texts(features_dir: Path) -> dict[str, list[str]]:
    """{tag without '@': [text of each scenario tagged with it]} for every *.feature file under
    `features_dir` (recursively). A scenario's text is described in the module docstring, its
    whitespace normalised. Raises InputError when the folder does not exist; FileError naming the file
    (and line) for a file that is not UTF-8 text or does not parse as Gherkin."""
    if not features_dir.is_dir():
        raise InputError(f"{features_dir}: the features folder does not exist")
    out: dict[str, list[str]] = {}
    for path in sorted(features_dir.rglob("*.feature")):
        for tags, text in _scenarios(path):
            for tag in dict.fromkeys(tags):
                out.setdefault(tag, []).append(text)
    return out


def _scenarios(path: Path) -> list[tuple[list[str], str]]:
    """(tags, normalised text) of each scenario of one feature file."""
    doc = read_feature(path)
    feature = doc.get("feature")
    if not feature:
        return []
    out: list[tuple[list[str], str]] = []
    _walk(feature.get("children", []), [], _tags(feature), out)
    return out


def _tags(node: dict[str, Any]) -> list[str]:
    return [t["name"].lstrip("@") for t in node.get("tags", [])]


def _walk(children: list[dict[str, Any]], background: list[str], inherited: list[str], out: list) -> None:
    for child in children:
        if "background" in child:
            background = background + ["Background:", *_steps(child["background"].get("steps", []))]
        elif "rule" in child:
            rule = child["rule"]
            _walk(rule.get("children", []), background, inherited + _tags(rule), out)
        elif "scenario" in child:
            sc = child["scenario"]
            tags = inherited + _tags(sc)
            lines = [*background, f"{sc['keyword']}: {sc.get('name', '')}", sc.get("description", "")]
            lines += _steps(sc.get("steps", []))
            for ex in sc.get("examples", []):
                tags += _tags(ex)
                lines.append(f"{ex['keyword']}: {ex.get('name', '')}")
                lines.append(ex.get("description", ""))
                for row in [ex["tableHeader"]] if ex.get("tableHeader") else []:
                    lines.append(_row(row))
                lines += [_row(row) for row in ex.get("tableBody", [])]
            out.append((tags, " ".join("\n".join(lines).split())))


def _steps(steps: list[dict[str, Any]]) -> list[str]:
    lines = []
    for s in steps:
        lines.append(f"{s['keyword'].strip()} {s['text']}")
        if s.get("dataTable"):
            lines += [_row(row) for row in s["dataTable"].get("rows", [])]
        if s.get("docString"):
            lines += ['"""', s["docString"].get("content", ""), '"""']
    return lines


def _row(row: dict[str, Any]) -> str:
    return "| " + " | ".join(c["value"].replace("|", "\\|") for c in row.get("cells", [])) + " |"
