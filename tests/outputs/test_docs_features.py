"""The living documentation's reading of `.feature` files (engine/outputs/docs_features.py): what the
cucumber JSON leaves out (data tables, docstrings, Rules, the tags of Examples) is read from the files."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.core.errors import InputError
from engine.outputs.docs_features import load_features

FEATURE = '''\
@x
Feature: a fixture

  Background:
    Given the bundled directions

  Rule: the review
    @x.review
    Scenario: with a table and a docstring
      Given these submissions
        | key   | received         |
        | bv-q1 | 2017-06-29T09:00 |
      Then the finding reads
        """
        met
        """

    Scenario Outline: an outline
      Given the review was received at <received>

      @edge
      Examples: either side of midnight
        | received         |
        | 2018-08-01T23:00 |
        | 2018-08-02T00:01 |
'''


def test_a_feature_file_is_read_with_its_tables_docstrings_rules_and_examples(tmp_path: Path):
    features = tmp_path / "features"
    (features / "sub").mkdir(parents=True)
    (features / "sub" / "x.feature").write_text(FEATURE, encoding="utf-8")
    [feat] = load_features(features)
    assert feat.display == "features/sub/x.feature" and feat.tags == ["x"]
    plain, outline = feat.scenarios
    assert [s.text for s in plain.background] == ["the bundled directions"]
    assert plain.rule == "Rule: the review" and plain.tags == ["x.review"]
    assert plain.steps[0].datatable == [["key", "received"], ["bv-q1", "2017-06-29T09:00"]]
    assert plain.steps[1].docstring == "met" and plain.steps[1].docstring_delimiter == '"""'
    assert plain.expected_step_lines() == [5, 10, 13]
    assert outline.is_outline and not plain.is_outline
    [examples] = outline.examples
    assert examples.name == "either side of midnight" and examples.header == ["received"]
    assert [row.values for row in examples.rows] == [["2018-08-01T23:00"], ["2018-08-02T00:01"]]
    assert outline.all_tags == ["x", "edge"]  # the feature's, then the Examples'
    assert [r.status for r in outline.runs] == ["not run", "not run"]  # until results are laid over them


def test_a_file_that_does_not_parse_names_the_file_and_the_line(tmp_path: Path):
    features = tmp_path / "features"
    features.mkdir()
    (features / "broken.feature").write_text(
        "Feature: broken\n  Scenario: s\n    Given x\n  Whatever this is\n", encoding="utf-8"
    )
    with pytest.raises(
        InputError, match="features/broken.feature, line 4: not a Gherkin feature: .*got 'Whatever this is'"
    ):
        load_features(features)
    with pytest.raises(InputError, match="does not exist"):
        load_features(tmp_path / "nowhere")
