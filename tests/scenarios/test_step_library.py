"""The step library of features/steps/: generic over the data, listed in the lawyers' guide, and
enough to write scenarios for a new direction with no Python.

1. The guide in features/README.md is the library's own list (`steps.sentences.guide()`); run this
   file with `--write` to rewrite it after changing a sentence.
2. Every example of the guide is understood by exactly one sentence.
3. No clause id, board key or role slug of the bundled data appears in the step code.
4. Proof: a copy of a direction file under a new id and authority, a facts file for that authority
   and a feature file written only with existing sentences run in a pytest subprocess (the folders
   given by $COMPLY_DIRECTIONS, $COMPLY_FACTS, $COMPLY_FEATURES); the scenarios expected to pass
   pass, and the two written wrong fail in words a lawyer can act on.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ROOT / "features"
if str(FEATURES) not in sys.path:
    sys.path.insert(0, str(FEATURES))

import plan_steps  # noqa: E402,F401
from steps import checks, givens, thens  # noqa: E402,F401  (registering every sentence)
from steps.sentences import SENTENCES, guide, ordered  # noqa: E402

from engine.cli.shared import BUNDLED_DATA  # noqa: E402
from engine.directions.model import ROLE_FIELDS, load_directions  # noqa: E402
from engine.outputs.docs_features import GUIDE_BEGIN, GUIDE_END, read_guide  # noqa: E402

README = FEATURES / "README.md"
STEP_CODE = sorted([*FEATURES.glob("*.py"), *(FEATURES / "steps").glob("*.py")])


def readme_with_guide(text: str) -> str:
    """The README's text with the guide between its markers replaced by the library's."""
    before, rest = text.split(GUIDE_BEGIN, 1)
    after = rest.split(GUIDE_END, 1)[1]
    return f"{before}{GUIDE_BEGIN}\n{guide()}{GUIDE_END}{after}"


# ---------------------------------------------------------------------------------------------
# 1-2. The guide
# ---------------------------------------------------------------------------------------------


def test_the_guide_in_the_readme_is_the_step_librarys_own_list():
    text = README.read_text(encoding="utf-8")
    assert readme_with_guide(text) == text, (
        "features/README.md lists other sentences than the step library: run "
        "`bash .ci/venv python tests/scenarios/test_step_library.py --write`"
    )


def test_the_guide_comply_docs_shows_lists_every_sentence_of_the_library():
    shown = [(s.keyword, s.example) for s in read_guide(FEATURES)]
    assert shown == [(s.keyword, s.example) for s in ordered()]
    assert len(shown) >= 40


def test_every_example_is_understood_by_exactly_one_sentence():
    for s in SENTENCES:
        matching = [o.pattern for o in SENTENCES if o.keyword == s.keyword and re.fullmatch(o.pattern, s.example)]
        assert matching == [s.pattern], f"{s.keyword} {s.example!r} is matched by {matching}"


#: the scenarios of the worked examples (directions/README.md), run against their own directions by a test
#: of their own (tests/kinds/test_decision_kinds.py): their sentences are known to run too
EXAMPLE_FEATURES = sorted((ROOT / "docs" / "examples").glob("*/features/*.feature"))

#: scenarios kept beside their own instrument (tests/scenarios/test_continuing_scenarios.py runs them): the
#: continuing duties and approvals, which no bundled direction holds
OTHER_FEATURES = ROOT / "tests" / "scenarios" / "continuing" / "features"


def bundled_steps() -> list[tuple[str, str]]:
    """(Given/When/Then, text) of every step line of the bundled feature files, of the worked examples' and
    of those run against their own instrument (OTHER_FEATURES) (And/But take the keyword before)."""
    out, keyword = [], "Given"
    for path in sorted(FEATURES.glob("*.feature")) + EXAMPLE_FEATURES + sorted(OTHER_FEATURES.glob("*.feature")):
        for line in path.read_text(encoding="utf-8-sig").splitlines():
            m = re.match(r"\s*(Given|When|Then|And|But) (.*)", line)
            if m:
                keyword = m[1] if m[1] in ("Given", "When", "Then") else keyword
                out.append((keyword, m[2].strip()))
    return out


def test_every_sentence_of_the_guide_runs_in_a_bundled_scenario():
    steps = bundled_steps()
    unused = [
        f"{s.keyword} {s.example}"
        for s in SENTENCES
        if not any(k == s.keyword and re.fullmatch(s.pattern, text) for k, text in steps)
    ]
    assert not unused, (
        f"sentences no bundled scenario uses (add one, so that the guide's example is known to run): {unused}"
    )


# ---------------------------------------------------------------------------------------------
# 3. No names of the data in the step code
# ---------------------------------------------------------------------------------------------


def names_of_the_data() -> set[str]:
    """Every clause id, board key and role slug of the bundled directions and facts."""
    directions = load_directions(ROOT / "directions")
    facts = yaml.safe_load(BUNDLED_DATA.read_text(encoding="utf-8"))
    out = {d.clause_id(c) for d in directions for c in d.clauses}
    out |= {b["key"] for b in facts["boards"]}
    out |= {r["role"] for r in facts.get("roles", [])} | {m["capacity"] for m in facts.get("memberships", [])}
    for d in directions:
        out |= set(d.roles)
        for c in d.clauses:
            for field in ROLE_FIELDS:
                value = getattr(c.rule, field, None)
                out |= {value} if isinstance(value, str) else set(value or [])
    return out


def names_in(text: str, names: set[str]) -> list[str]:
    return sorted(n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text))


def test_no_clause_id_board_key_or_role_slug_appears_in_the_step_code():
    names = names_of_the_data()
    assert {"bv-2017.quarterly-report", "csib", "mayor", "intervention-adviser"} <= names
    found = {p.relative_to(ROOT).as_posix(): names_in(p.read_text(encoding="utf-8"), names) for p in STEP_CODE}
    assert not {k: v for k, v in found.items() if v}, f"names of the data in the step code: {found}"


def test_the_name_check_would_find_a_name():
    assert names_in('fid("bv-2017.quarterly-report", n); board = "csib"', {"bv-2017.quarterly-report", "csib"}) == [
        "bv-2017.quarterly-report",
        "csib",
    ]
    assert names_in("the mayoral decision", {"mayor"}) == []


# ---------------------------------------------------------------------------------------------
# 4. Proof: a new direction, a new authority, no Python
# ---------------------------------------------------------------------------------------------

FEATURE = """\
Feature: The Newham improvement directions

  Background:
    Given the records of Newham as the council papers state them

  @nh-2019.quarterly-report
  Scenario: The first progress report received before 10am is met
    Given the first progress report was received by the Secretary of State at 09:00 on 30 June 2017
    When compliance is checked on 1 July 2017
    Then the first progress report is met
    And the duty is the council's

  @nh-2019.quarterly-report
  Scenario Outline: The progress reports named by their due dates
    When compliance is checked on 1 October 2018
    Then the progress report due on <due> falls due at <time> on <due>

    Examples:
      | due              | time      |
      | 30 December 2017 | 10:00 GMT |
      | 30 March 2018    | 10:00 BST |

  @nh-2019.quarterly-report
  Scenario: No report at all, the records being complete, is a breach
    Given there is no record of the second progress report
    And the council's records of progress reports are complete
    When compliance is checked on 1 October 2017
    Then the Council is in breach of the second progress report
    And the finding rests on no record

  @nh-2019.board-composition
  Scenario: A meeting chaired by someone who is not the Mayor breaches the direction
    Given the meeting of the Newham Improvement Board on 14 June 2017 was chaired by Councillor Sirajul Islam
    When compliance is checked on 1 July 2017
    Then the requirement of the Newham directions for the chair at the meeting of 14 June 2017 is in breach
    And the requirement of the Newham directions for an external member at the meeting of 14 June 2017 is met

  @nh-2019.board-set-up
  Scenario: The Board's first meeting proves it was set up
    When compliance is checked on 1 July 2017
    Then the setting up of the Newham Improvement Board is met

  @nh-2019.independent-review
  Scenario: A misspelt duty fails in words
    When compliance is checked on 1 July 2018
    Then the fourth progres report is upcoming

  @nh-2019.independent-review
  Scenario: A sentence the library does not know fails in words
    When compliance is checked on 1 July 2018
    Then the independent review is on its way
"""


def newham(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of bv-2017.yaml as nh-2019 for Newham, Newham's facts, and a feature file for it."""
    directions, facts_dir, features = (tmp_path / n for n in ("directions", "facts", "features"))
    for folder in (directions, facts_dir, features):
        folder.mkdir()
    text = (ROOT / "directions" / "bv-2017.yaml").read_text(encoding="utf-8")
    text = text.replace("id: bv-2017", "id: nh-2019").replace("authority: tower-hamlets", "authority: newham")
    text = text.replace("the Best Value directions", "the Newham directions")
    text = text.replace("the quarterly report", "the progress report")
    text = text.replace(
        "the setting up of the Best Value Improvement Board", "the setting up of the Newham Improvement Board"
    )
    (directions / "nh-2019.yaml").write_text(text, encoding="utf-8")
    data = yaml.safe_load(BUNDLED_DATA.read_text(encoding="utf-8"))
    board = "bvib"  # the board the copied clauses name
    keep = {
        "authority": {**data["authority"], "key": "newham", "name": "London Borough of Newham"},
        "political_groups": data["political_groups"],
        "boards": [{**b, "name": "Newham Improvement Board"} for b in data["boards"] if b["key"] == board],
        "people": data["people"],
        "roles": data["roles"],
        "memberships": [m for m in data["memberships"] if m["board"] == board],
        "meetings": [m for m in data["meetings"] if m["board"] == board],
    }
    (facts_dir / "newham.yaml").write_text(yaml.safe_dump(keep, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (features / "nh-2019.feature").write_bytes(b"\xef\xbb\xbf" + FEATURE.encode("utf-8"))  # saved by Notepad
    return directions, facts_dir, features


def test_a_new_direction_for_a_new_authority_runs_with_the_existing_sentences_and_no_python(tmp_path):
    directions, facts_dir, features = newham(tmp_path)
    env = {**os.environ, "COMPLY_DIRECTIONS": str(directions), "COMPLY_FACTS": str(facts_dir)}
    env["COMPLY_FEATURES"] = str(features)
    # -n 0: not the checkout's `-n auto` (pyproject.toml addopts), which would start xdist workers of its own
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "features/test_features.py", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "-n", "0",
         "-rf", "--no-header"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    out = proc.stdout + proc.stderr
    assert "6 passed" in out and "2 failed" in out, out[-4000:]
    failed = sorted(re.findall(r"^FAILED \S+::(\w+)", out, re.M))
    assert failed == ["test_a_misspelt_duty_fails_in_words", "test_a_sentence_the_library_does_not_know_fails_in_words"]
    assert "no duty is called 'the fourth progres report'" in out, out[-4000:]
    assert "Did you mean 'the fourth progress report'" in out
    assert "The duties of the Newham directions (nh-2019) are called: 'the progress report'" in out
    assert "This sentence is not understood: 'Then the independent review is on its way'" in out
    assert "The nearest sentences the library knows:" in out
    assert "nh-2019.feature, line" in out


if __name__ == "__main__":  # python tests/scenarios/test_step_library.py --write
    if sys.argv[1:] == ["--write"]:
        README.write_text(readme_with_guide(README.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"wrote the guide of {len(SENTENCES)} sentences into {README}")
    else:
        sys.exit("usage: python tests/scenarios/test_step_library.py --write")
