"""Findings on a terminal of ordinary width: one line per finding, and the short references that
`comply explain` accepts.

Why a module of its own: a table of six columns at 80-100 columns folds every cell, so a finding id
(up to 98 characters) breaks over three to five lines and cannot be copied into `comply explain`
(issue 17). Here each finding is one line, never wider than the terminal, in this order:

    breached  10am on 30 December 2017  bv-2017.quarterly-report/3  Quarterly report: quarter 3 (Oc…

the status (its word and colour from engine/core/status.py), the due date in GOV.UK's words
(engine.core.calendar.govuk_words), the finding's *reference*, printed whole, then the clause's title
and subject, shortened with "…" to what is left of the width.

A reference is stable: it depends on the finding's id alone, never on the other findings of a run,
so it reads the same tomorrow and in a nightly log. It is

- the id without its authority (`bv-2017.quarterly-report/3`) when the store holds one authority,
  else the whole id (`tower-hamlets/bv-2017.quarterly-report/3`);
- when that is longer than the room the width leaves, its beginning followed by `~` and the first
  seven hexadecimal digits of the SHA-256 of the whole id (`bvib-tor.membership/bvib-2017-0~1c0f3e2`):
  the digits pick the finding, the beginning is there to be read. The `~` never begins a reference,
  so an unquoted shell word keeps it (no tilde expansion).

`resolve` reads any of these back (and the whole id, and a unique beginning of either form, as
`explain` always accepted); `comply check --wide` prints the full table as before.
"""

from __future__ import annotations

import hashlib
import re

from rich.cells import cell_len
from rich.text import Text

from engine.core import calendar
from engine.core.status import STATUS_ORDER, colour, word
from engine.model.findings import Finding

__all__ = [
    "by_status",
    "MIN_REF",
    "compact_due",
    "finding_lines",
    "id_hash",
    "line_reference",
    "reference",
    "resolve",
    "short_id",
]

#: hexadecimal digits of the SHA-256 of the id in a shortened reference
HASH_DIGITS = 7
#: the shortest reference: at least four characters of the id, `~` and the digits
MIN_REF = 4 + 1 + HASH_DIGITS
#: the gap between columns
GAP = "  "
#: the status column: the longest status word ('breached', 'due soon', 'met late', 'upcoming'), whatever is listed
STATUS_WIDTH = max(len(word(s)) for s in STATUS_ORDER)
#: due dates are aligned up to this many columns ('midday on 30 September 2017' is 27)
DUE_COLUMN = 27
#: the room the title is given before a reference is shortened to make space for it (columns)
MIN_TITLE = 24
#: a shortened reference: its head, `~`, then the digits (groups 1 and 2)
_SHORTENED = re.compile(r"(.+)~([0-9a-f]{" + str(HASH_DIGITS) + "})")


def id_hash(finding_id: str) -> str:
    """The first HASH_DIGITS hexadecimal digits of the SHA-256 of a finding id (UTF-8)."""
    return hashlib.sha256(finding_id.encode("utf-8")).hexdigest()[:HASH_DIGITS]


def short_id(finding_id: str, one_authority: bool) -> str:
    """The id without its authority (`bv-2017.quarterly-report/3`) when the store holds one authority
    (`one_authority`), else the whole id."""
    return finding_id.split("/", 1)[1] if one_authority and "/" in finding_id else finding_id


def _telling(finding_id: str, one_authority: bool) -> str:
    """The most telling part of an id, from the clause's own name on (`agenda-action-plans/csib-2017-06-12`
    for `tower-hamlets/csib-tor.agenda-action-plans/csib-2017-06-12`), after its authority when the
    store holds several: the head of a shortened reference is its beginning."""
    authority, _, rest = finding_id.partition("/")
    clause, slash, occurrence = rest.partition("/")
    telling = clause.split(".", 1)[-1] + slash + occurrence
    return telling if one_authority else f"{authority}/{telling}"


def reference(finding_id: str, one_authority: bool, room: int | None = None) -> str:
    """The reference printed for a finding: `short_id`, or, when that is longer than `room` columns
    (at least MIN_REF), the beginning of its most telling part (from the clause's own name on), `~`
    and the id's id_hash digits, `room` characters in all: `agenda-action-plans/csib-2~4a01fd4`."""
    base = short_id(finding_id, one_authority)
    if room is None or len(base) <= room:
        return base
    room = max(room, MIN_REF)
    return _telling(finding_id, one_authority)[: room - 1 - HASH_DIGITS] + "~" + id_hash(finding_id)


def resolve(ref: str, findings: list[Finding]) -> list[Finding]:
    """The findings a reference names: a whole id or a short id (one finding); a shortened reference
    (`head~digits`: the id's digits, and a head that begins the id's telling part, short id or whole
    id); else every finding whose whole id, short id or telling part begins with `ref`, so that a printed
    reference typed up to its `~` names its finding (empty when none: the caller says so)."""
    ref = ref.strip()
    exact = [f for f in findings if ref in (f.id, short_id(f.id, True))]
    if exact:
        return exact
    m = _SHORTENED.fullmatch(ref)
    if m:
        head, digits = m.group(1), m.group(2)
        hashed = [
            f
            for f in findings
            if id_hash(f.id) == digits
            and any(
                form.startswith(head)
                for form in (f.id, short_id(f.id, True), _telling(f.id, True), _telling(f.id, False))
            )
        ]
        if hashed:
            return hashed
    return [
        f
        for f in findings
        if any(
            form.startswith(ref) for form in (f.id, short_id(f.id, True), _telling(f.id, True), _telling(f.id, False))
        )
    ]


def compact_due(f: Finding) -> str:
    """When a finding falls due, in GOV.UK's words, short for a column: '10am on 30 December 2017', '30
    June 2017' (a whole day), '12 June 2017 (time not recorded)' (a meeting whose time is not recorded),
    'between 1 July 2017 and 30 September 2017' (known only to a range), 'owed since 1 July 2017' (no
    due date). Finding.due_words is the same in a sentence."""
    if f.open_since is not None:
        return "owed since " + calendar.day_words(
            calendar.parse_instant(f.open_since).in_timezone(calendar.LONDON).date()
        )
    due = calendar.govuk_words(calendar.parse_instant(f.due), f.due_time_known)
    if f.due_earliest is not None:
        return f"between {calendar.govuk_words(calendar.parse_instant(f.due_earliest))} and {due}"
    return due


def _fit(text: str, room: int) -> str:
    """`text` in at most `room` columns, its end replaced by '…' when cut ('' when there is no room)."""
    if cell_len(text) <= room:
        return text
    if room <= 0:
        return ""
    out = ""
    for ch in text:
        if cell_len(out + ch) > room - 1:
            break
        out += ch
    return out + "…"


def _ref_room(base: int, rest: int) -> int:
    """The room for a reference of `base` characters when `rest` columns are left for it and the title:
    whole when MIN_TITLE columns are left beside it, else what leaves the title MIN_TITLE or two fifths
    of the rest, whichever is more for the reference (at least MIN_REF)."""
    if base + len(GAP) + MIN_TITLE <= rest:
        return base
    return max(MIN_REF, rest - len(GAP) - MIN_TITLE, (rest * 2) // 5)


def finding_lines(findings: list[Finding], width: int, one_authority: bool) -> list[Text]:
    """One line per finding, in the order given, none wider than `width` columns (at least 40):
    status, due date in words, reference (whole: never cut), then clause title and subject cut to
    what is left. The due dates are aligned up to DUE_COLUMN columns (a longer one pushes the rest of
    its line right, taking the title's room first) and the references to the longest.

    A finding's reference depends on its id, the width and `one_authority` alone (`line_reference`),
    never on the other findings listed: `check` and `due` print the same reference for a finding at
    the same width (they gave `monitoring-visits/1~2edd280` and the whole id before, as the due dates
    beside it were longer or shorter)."""
    width = max(width, 40)
    if not findings:
        return []
    dues = [compact_due(f) for f in findings]
    due_w = min(max(cell_len(d) for d in dues), DUE_COLUMN)
    rows = []
    for f, due in zip(findings, dues):
        ref = line_reference(f.id, width, one_authority)
        # the due date is cut only when the reference would not fit beside it
        due = _fit(due, width - STATUS_WIDTH - 2 * len(GAP) - len(ref))
        due = due + " " * (due_w - cell_len(due))
        rest = width - STATUS_WIDTH - cell_len(due) - 2 * len(GAP)
        rows.append((f, due, ref, rest))
    # the references of the lines whose due date is in its column are aligned (padded to the longest)
    ref_w = max((len(ref) for _, due, ref, _ in rows if cell_len(due) == due_w), default=0)
    lines = []
    for f, due, ref, rest in rows:
        pad = ref_w - len(ref) if cell_len(due) == due_w else 0
        title = _fit(f"{f.clause_title}: {f.subject}", rest - len(ref) - pad - len(GAP))
        line = Text(no_wrap=True, overflow="ignore")
        line.append(word(f.status).ljust(STATUS_WIDTH), style=colour(f.status))
        line.append(GAP + due + GAP)
        line.append(ref, style="bold")
        if title:
            line.append(" " * pad + GAP + title)
        lines.append(line)
    return lines


def line_reference(finding_id: str, width: int, one_authority: bool) -> str:
    """The reference a line of `width` columns (at least 40) prints for a finding: `reference` with the
    room a line leaves it beside a status word and a due date of DUE_COLUMN columns. The same for a
    finding whatever else is listed."""
    rest = max(width, 40) - STATUS_WIDTH - DUE_COLUMN - 2 * len(GAP)
    return reference(finding_id, one_authority, _ref_room(len(short_id(finding_id, one_authority)), rest))


def by_status(findings: list[Finding]) -> list[Finding]:
    """The findings in the status table's order (what needs action first), then by due date and id."""
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    return sorted(findings, key=lambda f: (rank[f.status], f.due, f.id))
