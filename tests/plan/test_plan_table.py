"""The bundled improvement plan is the whole delivery table of the seed, and nothing else."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from engine.plan.importer import BUNDLED_PLAN, read_plan_file

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "002_7d5881941015d02d.txt"
if not SEED.is_file():  # the worktree layout: /work/wt/<name>; the seeds are in /work/shared
    SEED = Path("/work/shared/seeds/002_7d5881941015d02d.txt")


def _norm(text: str) -> str:
    return " ".join(text.split())


def _seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()


def test_counts_26_actions_115_milestones_5_areas() -> None:
    rows = read_plan_file(BUNDLED_PLAN)
    assert len(rows) == 115  # "progress against the 115 milestones" (seed line 448)
    actions = {r.action_ref for r in rows}
    assert actions == {str(n) for n in range(1, 27)}  # "26 strategic actions" (seed line 434)
    assert list(dict.fromkeys(r.area for r in rows)) == [
        "Elections",
        "Communications",
        "Property",
        "Grants",
        "Organisational Culture",
    ]
    assert len({r.milestone_ref for r in rows}) == 115


def test_every_milestone_row_of_the_seed_is_in_the_csv_once() -> None:
    """Found independently of the extraction script: every seed line in the delivery table with a
    milestone, a lead officer and a status cell."""
    lines = _seed_lines()
    statuses = {"on target", "completed", "delayed", "overdue"}
    milestone_lines = {
        n
        for n in range(559, 760)
        if len(cells := lines[n - 1].split("\t")) == 6 and cells[1].strip() and cells[3].strip().lower() in statuses
    }
    rows = read_plan_file(BUNDLED_PLAN)
    assert sorted(int(r.source_line) for r in rows) == sorted(milestone_lines)
    assert len(milestone_lines) == 115


def test_each_row_text_is_in_the_seed_unless_its_note_says_why() -> None:
    lines = _seed_lines()
    with BUNDLED_PLAN.open(newline="", encoding="utf-8") as fh:
        raw = list(csv.DictReader(fh))
    corrected = 0
    for row in raw:
        line = _norm(lines[int(row["source_line"]) - 1])
        cells = [_norm(c) for c in lines[int(row["source_line"]) - 1].split("\t")]
        checks = {
            "milestone": cells[0],
            "lead_officer": cells[1],
            "deadline_as_written": cells[2],
            "reported_status": cells[3],
            "percent_complete": cells[4].rstrip("%"),
            "comment": cells[5],
        }
        for field, seed_value in checks.items():
            if _norm(row[field]) != seed_value:
                assert row["transcription_note"], (
                    f"seed line {row['source_line']}: {field} differs and no note says why"
                )
                corrected += 1
        assert _norm(row["milestone"]) in line
        # the action heading is in the seed above the row
        heading = f"{row['action_ref']}. {row['action']}"
        above = [_norm(x) for x in lines[558 : int(row["source_line"])]]
        assert heading in above, f"action heading {heading!r} not above seed line {row['source_line']}"
    assert corrected == 6  # 5 lead officers completed from neighbouring rows, 1 'On target' spelling


def test_notes_name_the_neighbouring_line_they_used() -> None:
    for row in read_plan_file(BUNDLED_PLAN):
        if row.transcription_note and "completed from" in row.transcription_note:
            used = re.search(r"seed line[s]? (\d+)", row.transcription_note)
            assert used, row.transcription_note
            neighbour = _seed_lines()[int(used.group(1)) - 1].split("\t")[1].strip()
            assert neighbour == row.lead_officer


def test_the_extraction_script_reproduces_the_bundled_csv(tmp_path: Path) -> None:
    """The bundled CSV is exactly what engine/plan/extract_seed_table.py makes of the seed: no hand edits."""
    from engine.plan import extract_seed_table

    out = tmp_path / "plan.csv"
    extract_seed_table.main(str(SEED), str(out))
    assert out.read_text(encoding="utf-8") == BUNDLED_PLAN.read_text(encoding="utf-8")
