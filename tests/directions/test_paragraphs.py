"""Paragraph coverage (issue 15 item 10): a direction file accounts for every paragraph of the text it
encodes, each encoded by named clauses or marked `not_encoded:` with the reason; anything else is
refused naming the file, the line and the field (directions/README.md, Paragraphs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from engine.cli.app import REPO_ROOT
from engine.core.errors import FileError
from engine.directions.model import load_direction, load_directions

HEAD = """\
id: test-direction
title: A test direction
issuer: Someone
legal_basis: s.1
date: 2017-04-07
in_force: {from: 2017-04-07}
authority: tower-hamlets
source: {file: 001_df0266235ab592d9.txt, section: para 1}
"""

FROM = "paragraphs_from: {form: full, source: {file: 001_df0266235ab592d9.txt, section: paras 1-2}}\n"

CLAUSES = """\
clauses:
  - key: one
    title: One
    text: Do it.
    source: {file: 001_df0266235ab592d9.txt, section: para 1}
    duty_holder: {kind: council, name: The council}
    rule: {kind: deadline, due: {date: 2017-05-01}}
  - key: two
    title: Two
    text: Do that.
    source: {file: 001_df0266235ab592d9.txt, section: para 2}
    duty_holder: {kind: council, name: The council}
    rule: {kind: deadline, due: {date: 2017-06-01}}
"""

GOOD = """\
paragraphs:
  - ref: "1"
    text: Do it.
    encoded_by: [one]
  - ref: "2"
    text: Do that, and the other.
    encoded_by: [two]
  - ref: "3"
    text: The public may attend.
    not_encoded: a right of the public, not a duty of the council
"""


def load(tmp_path: Path, text: str):
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    return load_direction(path)


def refused(tmp_path: Path, text: str) -> str:
    with pytest.raises(FileError) as err:
        load(tmp_path, text)
    message = str(err.value)
    assert "d.yaml" in message, message
    return message


def test_a_file_that_accounts_for_every_paragraph_is_read(tmp_path):
    d = load(tmp_path, HEAD + FROM + GOOD + CLAUSES)
    assert d.paragraphs_from.form == "full" and [p.ref for p in d.paragraphs] == ["1", "2", "3"]
    assert d.paragraphs[1].text == "Do that, and the other." and d.paragraphs[2].encoded_by is None
    assert [p.ref for p in d.encoding("two")] == ["2"]


def test_a_file_without_paragraphs_is_refused_saying_how_to_add_them(tmp_path):
    message = refused(tmp_path, HEAD + CLAUSES)
    assert "paragraphs_from: missing" in message
    assert "before `clauses:` (line 9)" in message and "directions/README.md, Paragraphs" in message
    message = refused(tmp_path, HEAD + FROM + CLAUSES)
    assert "paragraphs: missing or empty" in message


def test_a_paragraph_with_neither_encoded_by_nor_not_encoded_is_refused(tmp_path):
    text = HEAD + FROM + GOOD.replace("    not_encoded: a right of the public, not a duty of the council\n", "")
    message = refused(tmp_path, text + CLAUSES)
    assert "line 17, paragraphs[2]: neither `encoded_by` nor `not_encoded`" in message


def test_a_paragraph_with_both_is_refused(tmp_path):
    text = HEAD + FROM + GOOD.replace("    encoded_by: [two]\n", "    encoded_by: [two]\n    not_encoded: hard\n")
    message = refused(tmp_path, text + CLAUSES)
    assert "line 14, paragraphs[1]: both `encoded_by` and `not_encoded`" in message


def test_an_empty_encoded_by_is_refused(tmp_path):
    message = refused(tmp_path, HEAD + FROM + GOOD.replace("[two]", "[]") + CLAUSES)
    assert "line 14, paragraphs[1]: `encoded_by: []`: expected the key of at least one clause" in message


def test_an_encoded_by_key_that_is_no_clause_of_the_file_is_refused(tmp_path):
    message = refused(tmp_path, HEAD + FROM + GOOD.replace("[two]", "[two, three]") + CLAUSES)
    assert "line 16, paragraphs[1].encoded_by[1]: 'three' is no clause of this file: expected one of one, two" in (
        message
    )


def test_a_clause_named_by_no_paragraph_is_refused(tmp_path):
    message = refused(tmp_path, HEAD + FROM + GOOD.replace("[two]", "[one]") + CLAUSES)
    assert "line 27, clauses[1].key: the clause 'two' is named by no paragraph's `encoded_by`" in message


def test_a_ref_used_twice_is_refused_naming_both_lines(tmp_path):
    message = refused(tmp_path, HEAD + FROM + GOOD.replace('ref: "3"', 'ref: "1"') + CLAUSES)
    assert "line 17, paragraphs[2].ref: '1' is already the ref of paragraphs[0] (line 11)" in message


def test_a_ref_written_as_a_number_is_refused_asking_for_quotes(tmp_path):
    message = refused(tmp_path, HEAD + FROM + GOOD.replace('ref: "2"', "ref: 5.10") + CLAUSES)
    assert "line 14, paragraphs[1].ref: got the number 5.1: expected the ref in quotes" in message


def test_a_summary_needs_a_reading(tmp_path):
    summary = FROM.replace("form: full", "form: summary")
    message = refused(tmp_path, HEAD + summary + GOOD + CLAUSES)
    assert "line 9, paragraphs_from: `form: summary` without a `reading`" in message
    with_reading = summary.replace("}}\n", "}, reading: the council's report summarises it}\n")
    assert load(tmp_path, HEAD + with_reading + GOOD + CLAUSES).paragraphs_from.form == "summary"


def test_an_unknown_form_and_an_empty_text_are_refused(tmp_path):
    message = refused(tmp_path, HEAD + FROM.replace("form: full", "form: partial") + GOOD + CLAUSES)
    assert "line 9, paragraphs_from.form: Input should be 'full' or 'summary', got 'partial'" in message
    message = refused(tmp_path, HEAD + FROM + GOOD.replace("text: Do it.", "text: '  '") + CLAUSES)
    assert "line 12, paragraphs[0].text" in message and "empty" in message


def test_every_bundled_instrument_accounts_for_its_text():
    """The validation itself, on the bundled files: each loads (every paragraph encoded or marked, every
    clause named), and each says where its paragraphs come from. Read from the YAML too, so that a file
    whose paragraphs were dropped (which the model would refuse) cannot pass by a default."""
    directions = load_directions(REPO_ROOT / "directions")
    assert {d.id for d in directions} >= {"bv-2017", "dfe-2017", "bvib-tor", "csib-tor"}
    for d in directions:
        raw = yaml.safe_load((REPO_ROOT / "directions" / f"{d.id}.yaml").read_text(encoding="utf-8"))
        assert raw["paragraphs"] and raw["paragraphs_from"]["source"]["file"], d.id
        named = {key for p in d.paragraphs for key in p.encoded_by or []}
        assert named == {c.key for c in d.clauses}, d.id
        assert all(bool(p.encoded_by) != bool(p.not_encoded) for p in d.paragraphs), d.id
    bv = next(d for d in directions if d.id == "bv-2017")
    assert bv.paragraphs_from.form == "summary" and bv.paragraphs_from.reading


def test_the_paragraphs_sit_between_the_names_and_the_clauses_in_every_bundled_file():
    """So that helpers appending clauses at the end of a file do not touch the paragraphs."""
    for path in sorted((REPO_ROOT / "directions").glob("*.yaml")):
        keys = [k for k in yaml.safe_load(path.read_text(encoding="utf-8"))]
        assert keys.index("paragraphs_from") + 1 == keys.index("paragraphs") == keys.index("clauses") - 1, path.name


SEEDS = REPO_ROOT.parent / "shared" / "seeds"


def _words(text: str) -> list[str]:
    """Lower-case words, the typographic quotes and dashes of the PDF copies read as plain ones."""
    for fancy, plain in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2013", "-")):
        text = text.replace(fancy, plain)
    text = re.sub(r"(\d) (st|nd|rd|th)\b", r"\1\2", text)  # the PDF copies' "1 st Aug" is "1st Aug"
    return re.findall(r"[a-z0-9]+", text.lower())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed papers are not beside the checkout")
def test_every_bundled_paragraph_is_quoted_from_its_source():
    """Each paragraph's words, piece by piece (split at '...', ';' and ':', where the files join the
    rows of a table or leave words out), stand in that order in the seed paper it is taken from (for
    the CSIB terms, the agreed copy or the April draft; a paragraph naming its own `source:`, that
    paper): the text is quoted, not paraphrased."""
    for d in load_directions(REPO_ROOT / "directions"):
        for p in d.paragraphs:
            files = [p.source.file] if p.source else [d.paragraphs_from.source.file]
            files += ["001_df0266235ab592d9.txt"] if d.id == "csib-tor" and not p.source else []
            papers = [" " + " ".join(_words((SEEDS / f).read_text(encoding="utf-8"))) + " " for f in files]
            for piece in re.split(r"\.\.\.|[;:]", p.text):
                words = _words(piece)
                if len(words) > 1:
                    assert any(f" {' '.join(words)} " in paper for paper in papers), (d.id, p.ref, piece)
