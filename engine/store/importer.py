"""`comply import FILE`: load a YAML or CSV file of facts in one transaction, all or nothing.

Why so strict: the nightly run is trusted without a person watching, so a file with one bad
row must change nothing, and the error must say which file, which line or row, which field and
what was expected. Every row is validated (pydantic), then every reference (board, person,
meeting, request, clause) is checked against the store and the file itself, and only then is
anything written, inside one SQLite transaction. A fact already stored unchanged is left alone, so
importing the same file again stores nothing; a fact stored with other content is refused with
the `comply correct` command to use, unless the importer is the source of record for its facts.
The format is in docs/facts-and-import.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine.core import csvfile
from engine.core.errors import StoreFailure, unknown
from engine.core.yamlfile import FileError, load_with_lines, pydantic_problems
from engine.directions import model as D
from engine.model import facts as F
from engine.store.sqlite import AuthorityState, Store, StoreError, Written

MAX_PROBLEMS_SHOWN = 10

#: where clauses and directions are looked for, and the command that lists them (engine.core.errors.unknown)
IN_DIRECTIONS = " in the direction files"
LIST_CLAUSES = "comply directions"
#: the command that lists the known values of a kind of reference, where one does
LISTED_BY = {"board": "comply owner list"}


class ImportError_(FileError):
    """One or more problems in an import file; nothing was stored."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = f"\n  ... and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
        super().__init__(path, "", "nothing was imported:\n  " + "\n  ".join(shown) + more)


@dataclass
class Row:
    kind: str
    fact: F.Fact
    where: str  # "line 12" or "row 4"


def parse_yaml(path: Path) -> tuple[str | F.AuthorityFact | None, list[Row], list[str]]:
    data, lines = load_with_lines(path)
    if not isinstance(data, dict):
        raise FileError(path, "line 1", "expected a mapping whose keys are fact kinds: " + ", ".join(F.KINDS))
    problems: list[str] = []
    rows: list[Row] = []
    authority: str | F.AuthorityFact | None = None
    for kind, value in data.items():
        line = lines.get((kind,))
        if kind not in F.KINDS:
            problems.append(f"line {line}, {kind}: unknown fact kind; expected one of {', '.join(F.KINDS)}")
            continue
        if kind == "authority":
            if isinstance(value, str):
                authority = value
                continue
            try:
                authority = F.AuthorityFact.model_validate(value)
            except ValidationError as exc:
                problems += [
                    f"line {ln}, {fld}: {msg}" for ln, fld, msg in pydantic_problems(exc, lines, ("authority",))
                ]
            continue
        if not isinstance(value, list):
            problems.append(f"line {line}, {kind}: expected a list of {kind}")
            continue
        for i, item in enumerate(value):
            try:
                rows.append(
                    Row(kind, F.KINDS[kind].model_validate(item), f"line {lines.get((kind, i), line)}, {kind}[{i}]")
                )
            except ValidationError as exc:
                problems += [f"line {ln}, {fld}: {msg}" for ln, fld, msg in pydantic_problems(exc, lines, (kind, i))]
    return authority, rows, problems


#: CSV columns that hold a list, written "a|b"
_CSV_PAIRS = {"received_between"}


def parse_csv(
    path: Path, encoding: str | None = None, notes: list[str] | None = None
) -> tuple[None, list[Row], list[str]]:
    """The rows of a facts CSV (a header with a `kind` column, then one fact a row). A row that does not parse into
    the header's columns (an unclosed quote, too many or too few values), a byte that is not UTF-8 (or not of the
    `encoding` given) or a NUL byte is refused with a FileError naming the row (engine/core/csvfile.py, which also
    reads Excel's byte-order mark and semicolon- or tab-separated files, and says so in `notes` when given); a row
    whose values are wrong is a problem."""
    problems: list[str] = []
    rows: list[Row] = []
    table = csvfile.read_csv(path, encoding=encoding)
    if notes is not None:
        notes.extend(table.notes)
    source = iter(table.rows)
    header = next(source, None)
    fieldnames = [name.strip() for name in header[2]] if header else []
    if "kind" not in fieldnames:
        found = ", ".join(repr(name) for name in fieldnames[:8]) or "nothing"
        raise FileError(
            path,
            f"row {header[0] if header else 1}",
            f"expected a header row with a `kind` column, then the fields of each kind; found {found}",
        )
    for n, _line, cells in source:
        raw: dict[str, Any] = dict(zip(fieldnames, cells, strict=True))
        kind = (raw.pop("kind") or "").strip()
        if kind not in F.KINDS or kind == "authority":
            problems.append(
                f"row {n}, kind: expected one of {', '.join(k for k in F.KINDS if k != 'authority')}, got {kind!r}"
            )
            continue
        item: dict[str, Any] = {}
        for key, value in raw.items():
            value = (value or "").strip()
            if value == "":
                continue
            item[key] = value.split("|") if key in _CSV_PAIRS else value
        try:
            rows.append(Row(kind, F.KINDS[kind].model_validate(item), f"row {n}, {kind}"))
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(str(p) for p in err["loc"]) or "(row)"
                msg = (
                    "this field is required"
                    if err["type"] == "missing"
                    else (
                        "unknown column for this kind"
                        if err["type"] == "extra_forbidden"
                        else str(err["msg"]).removeprefix("Value error, ")
                    )
                )
                problems.append(f"row {n}, {field}: {msg}")
    return None, rows, problems


#: the kinds whose keys other rows name (a person's group, a membership's board and person ...)
REFERENCED = ("boards", "people", "meetings", "requests", "political_groups")


def keys_of(state: AuthorityState | None) -> dict[str, set[str]]:
    """The keys of each kind in REFERENCED of a loaded state (the desk's forms hold one), the shape
    Store.stored_keys gives; empty sets for None (an authority not yet in the store)."""
    return {k: {x.key for x in getattr(state, k)} if state else set() for k in REFERENCED}


def check_references(rows: list[Row], stored: dict[str, set[str]], directions: list[D.Direction]) -> list[str]:
    """Every board, person, meeting, request and clause a row names must exist, in the file or among the
    stored keys of each kind in REFERENCED (Store.stored_keys, one query; keys_of for a loaded state)."""
    in_file: dict[str, set[str]] = {k: set() for k in REFERENCED}
    for r in rows:
        if r.kind in in_file:
            in_file[r.kind].add(r.fact.key)  # type: ignore[attr-defined]
    boards, people, meetings, requests, groups = (stored.get(k, set()) | in_file[k] for k in REFERENCED)
    clauses = {d.clause_id(c): c for d in directions for c in d.clauses}
    owners = {d.clause_id(c): d for d in directions for c in d.clauses}
    direction_ids = {d.id for d in directions}
    problems: list[str] = []

    def at(where: str, field: str) -> str:
        """'line 12, board' in a file; 'board' for a fact from the command line (`where` empty)."""
        return f"{where}, {field}" if where else field

    def need(value: str | None, known: set[str], what: str, where: str, field: str) -> None:
        if value is not None and value not in known:
            among = " in the store or this file" if where else " in the store"
            problems.append(f"{at(where, field)}: {unknown(what, value, known, among, LISTED_BY.get(what))}")

    seen: dict[tuple[str, str], str] = {}
    for r in rows:
        f, w = r.fact, r.where
        key = getattr(f, "key", None)
        if key is not None and r.kind != "authority":
            if (r.kind, key) in seen:
                problems.append(f"{at(w, 'key')}: {key!r} is used twice in this file (also {seen[(r.kind, key)]})")
            seen[(r.kind, key)] = w
        if isinstance(f, F.Person):
            need(f.group, groups, "political group", w, "group")
        elif isinstance(f, F.RoleHeld):
            need(f.person, people, "person", w, "person")
        elif isinstance(f, F.Membership):
            need(f.board, boards, "board", w, "board")
            need(f.person, people, "person", w, "person")
        elif isinstance(f, F.Meeting):
            need(f.board, boards, "board", w, "board")
            need(f.chair, people, "person", w, "chair")
            for a in f.attendance:
                need(a.person, people, "person", w, "attendance.person")
        elif isinstance(f, (F.Tabled, F.Attendance)):
            if f.meeting is None:
                problems.append(f"{at(w, 'meeting')}: this field is required for a {r.kind} row")
            need(f.meeting, meetings, "meeting", w, "meeting")
            if isinstance(f, F.Attendance):
                need(f.person, people, "person", w, "person")
        elif isinstance(f, (F.Submission, F.Announcement)):
            if f.clause is not None:
                clause = clauses.get(f.clause)
                if clause is None:
                    problems.append(
                        f"{at(w, 'clause')}: {unknown('clause', f.clause, clauses, IN_DIRECTIONS, LIST_CLAUSES)}"
                    )
                elif clause.rule.kind == "recurring" and f.occurrence is None:
                    problems.append(
                        f"{at(w, 'occurrence')}: {f.clause} recurs, so say which report this is (1 = the first)"
                    )
                elif f.occurrence is not None:
                    most = clause.rule.occurrences(owners[f.clause], clause)
                    if most is not None and f.occurrence > most:
                        problems.append(
                            f"{at(w, 'occurrence')}: {f.clause} has {most} occurrence{'s' if most != 1 else ''} while "
                            f"{owners[f.clause].id} is in force ({owners[f.clause].in_force_words()}), "
                            f"got {f.occurrence}: expected 1 to {most}"
                        )
        elif isinstance(f, F.Response):
            need(f.request, requests, "request", w, "request")
        elif isinstance(f, (F.Adoption, F.Approval)):
            clause = clauses.get(f.clause)
            wanted = "continuing" if isinstance(f, F.Adoption) else "submit_for_approval"
            if clause is None:
                problems.append(
                    f"{at(w, 'clause')}: {unknown('clause', f.clause, clauses, IN_DIRECTIONS, LIST_CLAUSES)}"
                )
            elif clause.rule.kind != wanted:
                problems.append(
                    f"{at(w, 'clause')}: {f.clause} is a {clause.rule.kind} duty; an {r.kind[:-1]} answers a {wanted} duty"
                )
            elif isinstance(f, F.Approval) and f.by != clause.rule.approver:
                problems.append(
                    f"{at(w, 'by')}: {f.clause} needs the approval of {clause.rule.approver!r}, got {f.by!r}"
                )
        elif isinstance(f, F.Decision):
            need(f.decider, people, "person", w, "decider")
            need(f.meeting, meetings, "meeting", w, "meeting")
        elif isinstance(f, F.Interest):
            need(f.person, people, "person", w, "person")
            need(f.meeting, meetings, "meeting", w, "meeting")
        elif isinstance(f, F.DirectionStatus):
            if f.status == "varied":
                problems.append(
                    f"{at(w, 'status')}: 'varied' would change nothing: a variation is a new version of the direction "
                    "file with `supersedes:` (directions/README.md, Variations); expected in_force or revoked"
                )
            if f.direction not in direction_ids:
                problems.append(
                    f"{at(w, 'direction')}: {unknown('direction', f.direction, direction_ids, IN_DIRECTIONS, LIST_CLAUSES)}"
                )
    return problems


def import_file(
    store: Store,
    path: Path,
    directions: list[D.Direction],
    authority: str | None = None,
    source_of_record: bool = False,
    encoding: str | None = None,
    notes: list[str] | None = None,
) -> Written:
    """Validate a whole file, then store it in one transaction: what was stored and what was
    already stored unchanged (a re-import of the same file stores nothing). A fact stored with
    different content under the same id is refused (ImportError_ naming the fact, the field and
    `comply correct`), unless `source_of_record`: then the change is a new version. The versions
    are recorded as by `import <file> sha256:<its SHA-256>`. `encoding`: a CSV's encoding when it is not UTF-8
    (`cp1252`); `notes`, when given, receives how a CSV was read (its separator or encoding) for the report."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        if encoding is not None:
            raise FileError(path, "", "--encoding is for CSV files: a YAML file is UTF-8")
        file_authority, rows, problems = parse_yaml(path)
    elif path.suffix.lower() == ".csv":
        file_authority, rows, problems = parse_csv(path, encoding, notes)
    else:
        raise FileError(path, "", "expected a .yaml, .yml or .csv file")
    auth_fact = file_authority if isinstance(file_authority, F.AuthorityFact) else None
    key = auth_fact.key if auth_fact else (file_authority or authority)
    if key is None:
        known = store.authorities()
        if len(known) == 1:
            key = known[0]
        else:
            raise FileError(
                path,
                "authority",
                "say which authority these facts are about: an `authority:` key in "
                "the file or --authority (known: " + (", ".join(known) or "none") + ")",
            )
    registered = key in store.authorities()
    existing = store.stored_keys(key, REFERENCED) if registered else keys_of(None)
    if not registered and auth_fact is None:
        problems.insert(0, f"authority: {key!r} is not in the store; give `authority: {{key, name}}` to create it")
    if problems:
        raise ImportError_(path, problems)
    problems = check_references(rows, existing, directions)
    if problems:
        raise ImportError_(path, problems)
    items: list[tuple[str, F.Fact]] = ([("authority", auth_fact)] if auth_fact else []) + [
        (r.kind, r.fact) for r in rows
    ]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    try:
        return store.write(key, items, f"import {path} sha256:{digest}", source_of_record=source_of_record)
    except StoreFailure:  # the store itself failed (read-only, full, locked): not a problem in the file
        raise
    except StoreError as exc:
        raise ImportError_(path, [str(exc)]) from None
