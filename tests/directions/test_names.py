"""The names a direction file gives for scenarios: `called:` on the instrument and each clause,
`roles:`, `items:` and `requests:` (directions/README.md, "Names for scenarios")."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from engine.cli.app import REPO_ROOT
from engine.cli.shared import BUNDLED_DATA
from engine.core.yamlfile import FileError
from engine.directions.model import ROLE_FIELDS, load_direction, load_directions

HEAD = """\
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
"""


def clause(key: str, called: str, rule: str = "{kind: deadline, due: {date: 2017-05-01}}") -> str:
    return (
        f"  - key: {key}\n    called: {called}\n    title: T\n    text: Do it.\n"
        "    source: {file: 001_df0266235ab592d9.txt, section: para 1}\n"
        f"    duty_holder: {{kind: council, name: The council}}\n    rule: {rule}\n"
    )


def load(tmp_path: Path, text: str, name: str = "d.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_direction(path)


def test_every_bundled_clause_and_instrument_is_called_something_and_every_role_it_refers_to_is_named():
    for d in load_directions(REPO_ROOT / "directions"):
        assert d.called, f"{d.id} has no `called:`"
        assert d.roles or not any(getattr(c.rule, f, None) for c in d.clauses for f in ROLE_FIELDS), d.id
        for c in d.clauses:
            assert c.called, f"{d.clause_id(c)} has no `called:`"


def test_every_role_of_the_bundled_facts_has_a_name_in_the_direction_files():
    facts = yaml.safe_load(BUNDLED_DATA.read_text(encoding="utf-8"))
    used = {r["role"] for r in facts["roles"]} | {m["capacity"] for m in facts["memberships"]}
    named = {slug for d in load_directions(REPO_ROOT / "directions") for slug in d.roles}
    assert used - named == set(), f"roles of the facts with no name under any direction file's `roles:`: {used - named}"
    for kind in ("boards", "people", "political_groups"):
        assert all(row["name"].strip() for row in facts[kind]), kind


def test_names_are_read_trimmed(tmp_path):
    d = load(tmp_path, HEAD + "called: ['  the test   direction ']\nclauses:\n" + clause("one", "['the  first duty']"))
    assert d.called == ["the test direction"] and d.clauses[0].called == ["the first duty"]


def test_an_empty_name_is_refused_naming_the_line_and_field(tmp_path):
    with pytest.raises(FileError) as err:
        load(tmp_path, HEAD + "clauses:\n" + clause("one", "['the duty', '  ']"))
    assert "d.yaml" in str(err.value) and "line 14" in str(err.value) and "clauses[0].called[1]" in str(err.value)
    assert "got an empty string" in str(err.value)


def test_a_phrase_used_by_two_clauses_is_refused_naming_the_second(tmp_path):
    text = HEAD + "clauses:\n" + clause("one", "['the report']") + clause("two", "['The Report']")
    with pytest.raises(FileError) as err:
        load(tmp_path, text)
    assert "line 21, clauses[1].called[0]" in str(err.value)
    assert "'The Report' already names clause 'one'" in str(err.value)


COMPOSITION = "{kind: composition, board: bvib, chair_role: mayor, required_roles: [chief-executive]}"


def test_a_file_that_names_roles_names_every_role_its_clauses_refer_to(tmp_path):
    text = HEAD + "roles:\n  mayor: {name: Mayor}\nclauses:\n" + clause("one", "['the board']", COMPOSITION)
    with pytest.raises(FileError) as err:
        load(tmp_path, text)
    assert "clauses[0].rule.required_roles" in str(err.value)
    assert "the role 'chief-executive' has no name under `roles:` (named: mayor)" in str(err.value)
    ok = text.replace(
        "  mayor: {name: Mayor}\n", "  mayor: {name: Mayor}\n  chief-executive: {name: Chief Executive}\n"
    )
    d = load(tmp_path, ok)
    assert d.roles["chief-executive"].name == "Chief Executive" and d.roles["mayor"].external is False


def test_a_role_named_differently_by_two_files_is_refused(tmp_path):
    one = HEAD + "roles:\n  mayor: {name: Mayor}\nclauses:\n" + clause("one", "['a']")
    two = one.replace("id: test-direction", "id: zz-other").replace("{name: Mayor}", "{name: Elected Mayor}")
    (tmp_path / "a.yaml").write_text(one, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(two, encoding="utf-8")
    with pytest.raises(FileError) as err:
        load_directions(tmp_path)
    assert "b.yaml" in str(err.value) and "roles.mayor.name" in str(err.value)
    assert "'Elected Mayor': the role 'mayor' is named 'Mayor' in test-direction" in str(err.value)


def test_an_unknown_field_under_a_role_is_refused(tmp_path):
    with pytest.raises(FileError) as err:
        load(tmp_path, HEAD + "roles:\n  mayor: {name: Mayor, outside: true}\nclauses:\n" + clause("one", "['a']"))
    assert "roles.mayor.outside" in str(err.value)
