"""The living documentation's results (engine/outputs/docs_results.py): pytest-bdd's cucumber JSON laid
over the scenarios read from the `.feature` files, an outline's rows each given their own run."""

from __future__ import annotations

from pathlib import Path

from engine.outputs.docs_features import load_features
from engine.outputs.docs_results import apply_results, element_result


def test_outline_rows_with_the_same_values_are_matched_in_order(tmp_path: Path):
    """pytest de-duplicates equal ids (`[1_0]`, `[1_1]`) and the JSON gives one line for all rows."""
    features = tmp_path / "features"
    features.mkdir()
    (features / "x.feature").write_text(
        "Feature: x\n  Scenario Outline: o\n    Given <n>\n\n    Examples:\n      | n |\n      | 1 |\n      | 1 |\n"
        "      | 2 |\n",
        encoding="utf-8",
    )
    feats = load_features(features)

    def el(pid: str, status: str) -> dict:
        return {
            "id": f"test_o[{pid}]",
            "name": "o",
            "line": 2,
            "steps": [{"keyword": "Given", "name": "n", "line": 3, "result": {"status": status}}],
        }

    unmatched = apply_results(
        feats,
        [
            {"uri": "features/x.feature", "elements": [el("1_0", "passed"), el("1_1", "failed"), el("2", "passed")]},
            {"uri": "features/gone.feature", "elements": [el("1", "passed")]},
        ],
    )
    assert [r.status for r in feats[0].scenarios[0].runs] == ["passed", "failed", "passed"]
    assert unmatched == 1  # a run of a feature file that is not there is counted, not silently dropped


def test_a_run_that_stops_before_a_step_is_not_a_pass():
    """pytest-bdd reports only the steps it reached: a step with no definition leaves no failed step."""
    element = {"line": 3, "steps": [{"line": 4, "result": {"status": "passed"}}]}
    result = element_result(element, [4, 5])
    assert result.status == "failed" and "line 5" in result.detail
