"""Extract the Best Value Improvement Plan 2017-18 delivery table from the seed into the bundled CSV.

Why a script rather than a hand-typed CSV: the bundled copy must be checkable against its source.
Every row is taken from the seed's tab-separated text (lines 559-759 of the seed paper
002_7d5881941015d02d.txt, the Board's agenda pack of 11 September 2017, given as SEED), with its
line number; the only changes are the few listed in CORRECTIONS below, each of which the row's
`transcription_note` states. Any line the script does not recognise stops it, so nothing is
silently dropped.

Run from the repository root:  python -m engine.plan.extract_seed_table SEED OUT.csv
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from engine.plan.importer import COLUMNS

FIRST, LAST = 559, 759  # the delivery table (Appendix 2), inclusive
AREAS = {"Elections", "Communications", "Property", "Grants", "Organisational Culture"}

#: seed line -> (field, value as corrected or None to keep, note). The note is written to the row.
CORRECTIONS: dict[int, tuple[str, str | None, str]] = {
    578: (
        "lead_officer",
        "Andreas Christophorou/Kelly Powell",
        "lead officer cut off in the seed ('Andreas Christophorou/Kelly'); completed from the same "
        "leads' row at seed line 582 ('Andreas Christophorou/Kelly Powell')",
    ),
    602: (
        "lead_officer",
        "Andreas Christophorou",
        "lead officer given as 'Andreas' in the seed; completed from the same action's rows at seed "
        "lines 604-605 ('Andreas Christophorou')",
    ),
    603: (
        "lead_officer",
        "Andreas Christophorou",
        "lead officer given as 'Andreas' in the seed; completed from the same action's rows at seed "
        "lines 604-605 ('Andreas Christophorou')",
    ),
    660: (
        "lead_officer",
        "Steve Hill / Emily Fieran-Reed",
        "lead officer cut off in the seed ('Steve Hill / Emily'); completed from the same action's "
        "row at seed line 662 ('Steve Hill / Emily Fieran-Reed')",
    ),
    661: (
        "lead_officer",
        "Steve Hill / Emily Fieran-Reed",
        "lead officer cut off in the seed ('Steve Hill / Emily'); completed from the same action's "
        "row at seed line 662 ('Steve Hill / Emily Fieran-Reed')",
    ),
    697: (
        "reported_status",
        "On Target",
        "status written 'On target' in the seed; read as the council's 'On Target' (seed line 450)",
    ),
    595: (
        "comment",
        None,
        "comment ends mid-sentence in the seed ('... continuing as'); kept as written, not completed: "
        "the neighbouring summary (seed line 511) says only 'Progress on intelligent newsletter and "
        "new intranet site is continuing.'",
    ),
    724: (
        "percent_complete",
        None,
        "% complete is blank in the seed; kept blank (not read as 100%, although the comment says "
        "'Work completed with on-going monitoring in place'), so the status cannot be derived",
    ),
    706: (
        "action_ref",
        None,
        "this row stands alone on its own page of the seed, after action 19's milestones and before "
        "action 20's heading; kept under action 19 by the table's order",
    ),
    566: (
        "deadline_as_written",
        None,
        "deadline 'Jun-17' as written, although the milestone speaks of May 2018; not corrected (the "
        "seed has no other copy of this row)",
    ),
}


def extract(seed: Path) -> list[dict[str, str]]:
    lines = seed.read_text(encoding="utf-8").splitlines()
    rows: list[dict[str, str]] = []
    area = action_ref = action = ""
    per_action = 0
    for number in range(FIRST, LAST + 1):
        line = lines[number - 1]
        cells = [c.strip() for c in line.split("\t")]
        text = [c for c in cells if c]
        if not text or text[0] in ("Activities", "Key Milestones"):
            continue
        if len(text) == 1 and text[0] in AREAS:
            area = text[0]
            continue
        if len(text) == 1 and (m := re.fullmatch(r"(\d+)\. (.+)", text[0])):
            action_ref, action, per_action = m.group(1), m.group(2), 0
            continue
        if len(cells) != 6 or not cells[0] or not cells[1]:
            raise SystemExit(f"{seed}:{number}: not a heading, an action or a milestone row: {line!r}")
        per_action += 1
        row = {
            "area": area,
            "action_ref": action_ref,
            "action": action,
            "milestone_ref": f"{action_ref}.{per_action}",
            "milestone": cells[0],
            "lead_officer": cells[1],
            "deadline_as_written": cells[2],
            "reported_status": cells[3],
            "percent_complete": cells[4].rstrip("%"),
            "comment": cells[5],
            "source_line": str(number),
            "transcription_note": "",
        }
        if number in CORRECTIONS:
            field, value, note = CORRECTIONS[number]
            if value is not None:
                row[field] = value
            row["transcription_note"] = note
        rows.append(row)
    return rows


def main(seed: str, out: str) -> None:
    rows = extract(Path(seed))
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    actions = {r["action_ref"] for r in rows}
    print(f"{out}: {len(rows)} milestones in {len(actions)} actions")


if __name__ == "__main__":
    main(*sys.argv[1:])
