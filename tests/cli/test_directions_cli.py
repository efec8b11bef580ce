"""`comply directions --coverage`: per direction, every paragraph of its text and what became of it
(issue 15 item 10), as a table and as JSON; a file that does not account for its text is exit 2."""

from __future__ import annotations

import json
import shutil

from helpers import DIRECTIONS, comply

from engine.cli.app import REPO_ROOT


def test_coverage_lists_every_paragraph_of_every_direction_with_what_became_of_it(tmp_path):
    run = comply("directions", "--coverage", store=tmp_path / "c.db", init=False)
    assert run.returncode == 0, run.stderr
    text = run.stdout
    for d in DIRECTIONS:
        n = d.coverage_counts()
        assert f"{n['paragraphs']} paragraphs, {n['encoded']} encoded, {n['not_encoded']} not encoded" in text
        assert n["paragraphs"] == n["encoded"] + n["not_encoded"] > 0
    assert "encoded by bv-2017.board-set-up," in text and "bv-2017.board-composition" in text
    assert "not encoded: a recital (why the" in text
    assert "only a summary is available: The DCLG directions of 28 March 2017 are not among the seed papers" in text
    # the words are shortened to the width (160 columns when not a terminal), the fate is given in full
    assert "All members of the Tower Hamlets Best Value Improvement Board present during…" in text
    assert "must sign their names" not in text
    assert text.count("not encoded: not yet encoded (issue 15, item 9)") == sum(
        p.not_encoded == "not yet encoded (issue 15, item 9)" for d in DIRECTIONS for p in d.paragraphs
    )


def test_coverage_as_json_gives_each_paragraph_its_clause_ids_or_its_reason(tmp_path):
    run = comply("directions", "--coverage", "--format", "json", store=tmp_path / "c.db", init=False)
    assert run.returncode == 0, run.stderr
    by_id = {d["id"]: d for d in json.loads(run.stdout)["directions"]}
    assert set(by_id) == {d.id for d in DIRECTIONS}
    dfe = by_id["dfe-2017"]
    assert dfe["paragraphs_from"]["form"] == "full" and dfe["paragraphs_from"]["source"]["file"].startswith("001_")
    five_a = next(p for p in dfe["paragraphs"] if p["ref"] == "5a")
    assert five_a["encoded_by"] == ["dfe-2017.5a"] and five_a["not_encoded"] is None
    six = next(p for p in dfe["paragraphs"] if p["ref"] == "6")
    assert six["encoded_by"] is None and "in force" in six["not_encoded"]
    assert six["text"] == "This Direction will remain in force until it is revoked by the Secretary of State."
    for d in by_id.values():
        counts = d["counts"]
        assert counts["paragraphs"] == len(d["paragraphs"])
        assert counts["encoded"] == sum(1 for p in d["paragraphs"] if p["encoded_by"])
    assert by_id["bv-2017"]["paragraphs_from"]["form"] == "summary"


def test_the_plain_listing_as_json_and_a_wrong_format(tmp_path):
    run = comply("directions", "--format", "json", store=tmp_path / "c.db", init=False)
    assert run.returncode == 0, run.stderr
    listed = {d["id"]: d for d in json.loads(run.stdout)["directions"]}
    assert listed["bv-2017"]["clauses"][0] == {
        "id": "bv-2017.quarterly-report",
        "title": "Quarterly reports to the Secretary of State",
        "kind": "recurring",
    }
    wrong = comply("directions", "--coverage", "--format", "csv", store=tmp_path / "c.db", init=False)
    assert wrong.returncode == 2 and wrong.stdout == ""
    assert "error: --format: expected 'table' or 'json'" in wrong.stderr


def test_a_direction_with_a_paragraph_neither_encoded_nor_marked_is_exit_2_naming_file_and_line(tmp_path):
    folder = tmp_path / "directions"
    shutil.copytree(REPO_ROOT / "directions", folder, ignore=shutil.ignore_patterns("*.md"))
    path = folder / "dfe-2017.yaml"
    text = path.read_text(encoding="utf-8")
    marked = '    not_encoded: "a recital (why the direction is made), not a duty"\n'
    assert text.count(marked) == 1
    path.write_text(text.replace(marked, ""), encoding="utf-8")
    line = text.splitlines().index('  - ref: "recital 1"') + 1  # the paragraph's first line
    run = comply("directions", "--coverage", store=tmp_path / "c.db", init=False, directions=folder)
    assert run.returncode == 2 and run.stdout == ""
    assert f"dfe-2017.yaml, line {line}, paragraphs[0]: neither `encoded_by` nor `not_encoded`" in run.stderr
