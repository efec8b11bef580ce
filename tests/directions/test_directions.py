"""Direction files: the bundled ones are valid and cite their sources; bad ones fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli.app import REPO_ROOT
from engine.core.yamlfile import FileError
from engine.directions.model import load_direction, load_directions

SEEDS = REPO_ROOT.parent / "shared" / "seeds"


def test_every_bundled_direction_loads_and_every_clause_cites_a_seed_paper():
    directions = load_directions(REPO_ROOT / "directions")
    assert {d.id for d in directions} == {
        "bv-2017",
        "dfe-2017",
        "bvib-tor",
        "csib-tor",
        "ofsted-monitoring",
        "lga-peer-challenge",
        "access-to-information",
    }
    for d in directions:
        for clause in d.clauses:
            assert clause.source.file.endswith(".txt") and clause.source.section
            assert clause.text.strip()
            if SEEDS.exists():
                assert (SEEDS / clause.source.file).exists(), clause.source.file


def test_the_dfe_direction_has_paragraphs_5a_to_5g_and_annex_a():
    dfe = next(d for d in load_directions(REPO_ROOT / "directions") if d.id == "dfe-2017")
    assert [c.key for c in dfe.clauses] == ["5a", "5b", "5c", "5d", "5e", "5f", "5g", "annex-a.reviews"]
    assert dfe.in_force.until is None  # until revoked


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "d.yaml"
    path.write_text(text)
    return path


BASE = """\
id: test-direction
title: A test direction
issuer: Someone
legal_basis: s.1
date: 2017-04-07
in_force: {from: 2017-04-07}
authority: tower-hamlets
source: {file: 001_df0266235ab592d9.txt, section: para 1}
paragraphs_from: {form: full, source: {file: 001_df0266235ab592d9.txt, section: para 1}}
paragraphs:
  - {ref: "1", text: Do it., encoded_by: [one]}
clauses:
  - key: one
    title: One
    text: Do it.
    source: {file: 001_df0266235ab592d9.txt, section: para 1}
    duty_holder: {kind: council, name: The council}
    rule:
"""


def test_an_unknown_rule_kind_names_the_line(tmp_path):
    path = write(tmp_path, BASE + "      kind: sometimes\n")
    with pytest.raises(FileError) as err:
        load_direction(path)
    assert "d.yaml" in str(err.value) and "line 19" in str(err.value) and "clauses[0].rule" in str(err.value)


def test_a_missing_field_names_the_clause(tmp_path):
    path = write(tmp_path, BASE + "      kind: deadline\n")
    with pytest.raises(FileError) as err:
        load_direction(path)
    assert "clauses[0].rule.due: this field is required" in str(err.value)


def test_a_due_date_needs_exactly_one_of_date_or_after(tmp_path):
    path = write(tmp_path, BASE + "      kind: deadline\n      due: {date: 2017-06-30, after: {months: 3}}\n")
    with pytest.raises(FileError, match="exactly one of `date`"):
        load_direction(path)


def test_a_bad_time_of_day_is_refused(tmp_path):
    path = write(tmp_path, BASE + "      kind: deadline\n      due: {date: 2017-06-30, time: '10am'}\n")
    with pytest.raises(FileError, match=r"line 20, clauses\[0\]\.rule\.due\.time"):
        load_direction(path)


def test_a_valid_new_direction_needs_no_python(tmp_path):
    path = write(tmp_path, BASE + "      kind: deadline\n      due: {after: {months: 3}, from: direction_date}\n")
    d = load_direction(path)
    assert d.clause_id(d.clauses[0]) == "test-direction.one"


# -- no silent all-clear: what cannot be right is refused with the file, line and field --------------


def test_until_before_from_is_refused_naming_the_line(tmp_path):
    text = BASE.replace("in_force: {from: 2017-04-07}", "in_force:\n  from: 2017-04-07\n  until: 2017-04-06")
    with pytest.raises(FileError) as err:
        load_direction(write(tmp_path, text + "      kind: deadline\n      due: {date: 2017-05-01}\n"))
    assert "line 6, in_force:" in str(err.value)
    assert "`until` (2017-04-06) is before `from` (2017-04-07)" in str(err.value)


@pytest.mark.parametrize(
    ("due", "words"),
    [
        ("{date: 2017-04-06}", "before the direction's date (7 April 2017)"),
        ("{date: 2017-04-07, time: start_of_day}", None),  # the direction's own day is accepted
    ],
)
def test_a_deadline_before_the_direction_date_is_refused(tmp_path, due, words):
    path = write(tmp_path, BASE + f"      kind: deadline\n      due: {due}\n")
    if words is None:
        assert load_direction(path).id == "test-direction"
        return
    with pytest.raises(FileError) as err:
        load_direction(path)
    assert "line 20, clauses[0].rule.due" in str(err.value) and words in str(err.value)


def test_a_deadline_after_the_direction_ends_is_refused(tmp_path):
    text = BASE.replace("in_force: {from: 2017-04-07}", "in_force: {from: 2017-04-07, until: 2018-09-30}")
    with pytest.raises(FileError) as err:
        load_direction(write(tmp_path, text + "      kind: deadline\n      due: {after: {months: 18}}\n"))
    assert "clauses[0].rule.due" in str(err.value) and "after the direction ends" in str(err.value)
    assert "7 October 2018" in str(err.value)


def test_a_then_offset_before_the_first_due_date_is_refused(tmp_path):
    rule = "      kind: recurring\n      first: {after: {months: 6}}\n      then: [{months: 3}]\n      every: {months: 6}\n"
    with pytest.raises(FileError) as err:
        load_direction(write(tmp_path, BASE + rule))
    assert "clauses[0].rule.then[0]" in str(err.value) and "line 21" in str(err.value)
    assert "not after the first due date (7 October 2017)" in str(err.value)
    ok = rule.replace("then: [{months: 3}]", "then: [{months: 12}]")
    assert load_direction(write(tmp_path, BASE + ok)).clauses[0].rule.then[0].months == 12


def test_then_offsets_out_of_order_are_refused(tmp_path):
    rule = "      kind: recurring\n      first: {after: {months: 3}}\n      then: [{months: 9}, {months: 6}]\n"
    with pytest.raises(FileError) as err:
        load_direction(write(tmp_path, BASE + rule + "      every: {months: 6}\n"))
    assert "clauses[0].rule.then[1]" in str(err.value) and "not after then[0]" in str(err.value)


def test_a_recurring_duty_starting_after_the_end_is_refused(tmp_path):
    text = BASE.replace("in_force: {from: 2017-04-07}", "in_force: {from: 2017-04-07, until: 2017-05-31}")
    rule = "      kind: recurring\n      first: {date: 2017-06-30}\n      every: {months: 3}\n"
    with pytest.raises(FileError) as err:
        load_direction(write(tmp_path, text + rule))
    assert "clauses[0].rule.first" in str(err.value) and "could never be owed" in str(err.value)


def test_occurrences_count_the_whole_in_force_period():
    by_id = {d.id: d for d in load_directions(REPO_ROOT / "directions")}
    bv, dfe = by_id["bv-2017"], by_id["dfe-2017"]
    assert bv.clause("bv-2017.quarterly-report").rule.occurrences(bv, bv.clause("bv-2017.quarterly-report")) == 6
    assert bv.clause("bv-2017.independent-review").rule.occurrences(bv, bv.clause("bv-2017.independent-review")) == 1
    assert dfe.clause("dfe-2017.5g").rule.occurrences(dfe, dfe.clause("dfe-2017.5g")) is None  # until revoked


# -- variations: a new version of the file with `supersedes:` --------------------------------------


def _version(tmp_path, supersedes: str, in_force: str = "{from: 2017-09-01}") -> Path:
    folder = tmp_path / "dirs"
    folder.mkdir(exist_ok=True)
    rule = "      kind: deadline\n      due: {date: 2017-12-01}\n"
    (folder / "a.yaml").write_text(BASE + rule)
    v2 = BASE.replace("id: test-direction", "id: test-direction-v2").replace(
        "in_force: {from: 2017-04-07}", f"in_force: {in_force}"
    )
    (folder / "b.yaml").write_text(v2 + rule + f"supersedes: {supersedes}\n")
    return folder


def test_a_new_version_supersedes_another_direction_from_its_effective_date(tmp_path):
    by_id = {d.id: d for d in load_directions(_version(tmp_path, "{direction: test-direction, effective: 2017-09-01}"))}
    v2 = by_id["test-direction-v2"]
    assert v2.supersedes.direction == "test-direction" and v2.made_on().isoformat() == "2017-09-01"


@pytest.mark.parametrize(
    ("supersedes", "in_force", "words"),
    [
        ("{direction: nothing, effective: 2017-09-01}", "{from: 2017-09-01}", "no other direction 'nothing'"),
        (
            "{direction: test-direction, effective: 2017-09-01}",
            "{from: 2017-10-01}",
            "must be the variation's effective date",
        ),
        ("{direction: test-direction, effective: 2017-04-07}", "{from: 2017-04-07}", "after its first day"),
    ],
)
def test_a_bad_variation_is_refused_naming_the_field(tmp_path, supersedes, in_force, words):
    with pytest.raises(FileError) as err:
        load_directions(_version(tmp_path, supersedes, in_force))
    assert words in str(err.value) and "b.yaml" in str(err.value)
