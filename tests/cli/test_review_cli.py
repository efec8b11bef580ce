"""`comply review` and `comply reviews`, run as a user runs them (a real process, a real SQLite file):
a review recorded, then a changed reading or a changed scenario, shows the clause as changed since
review; a change of layout only leaves it reviewed; a refusal stores nothing; `comply explain` and
`comply docs` say whether the clause as it now stands was reviewed."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from helpers import comply

from engine.cli.app import REPO_ROOT

QR = "bv-2017.quarterly-report"
READING = "Read as: each later report falls due a quarter after the one"
SCENARIO = "A first quarterly report received at 10:15 on 30 June 2017 is met late"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the bundled directions/ and features/ side by side (the features beside the directions
    are the scenarios reviewed), and a demo store; returns the copy's directions folder."""
    shutil.copytree(REPO_ROOT / "directions", tmp_path / "directions")
    shutil.copytree(REPO_ROOT / "features", tmp_path / "features", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path / "directions"


def states(store: Path, directions: Path, *args: str) -> dict[str, dict]:
    run = comply("reviews", *args, "--format", "json", store=store, directions=directions)
    assert run.returncode == 0, run.stderr
    return {c["clause"]: c for c in json.loads(run.stdout)["clauses"]}


def rows(store: Path) -> int:
    with sqlite3.connect(store) as conn:
        return conn.execute("SELECT count(*) FROM legal_reviews").fetchone()[0]


def test_a_review_then_a_changed_reading_shows_the_clause_as_changed_since_review(copy, tmp_path):
    store = tmp_path / "c.db"
    before = states(store, copy)
    assert {s["state"] for s in before.values()} == {"unreviewed"} and before[QR]["review"] is None
    done = comply("review", "bv-2017", "--clause", "quarterly-report", "--clause", "board-set-up",
                  "--reviewer", "Jane Smith, solicitor", "--note", "read with paper 004", store=store, directions=copy)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"recorded the review of {QR} by Jane Smith, solicitor" in done.stderr
    now = states(store, copy)
    assert now[QR]["state"] == "reviewed" and now["bv-2017.board-set-up"]["state"] == "reviewed"
    assert (
        now[QR]["review"]["reviewer"] == "Jane Smith, solicitor" and now[QR]["review"]["note"] == "read with paper 004"
    )
    assert now[QR]["review"]["reviewed_at"].endswith(("+00:00", "+01:00"))  # London time with its offset
    assert now[QR]["review"]["content_hash"] == now[QR]["content_hash"]
    assert now["bv-2017.independent-review"]["state"] == "unreviewed"

    path = copy / "bv-2017.yaml"
    text = path.read_text(encoding="utf-8")
    assert READING in text
    path.write_text(text.replace(READING, READING.replace("a quarter", "three months")), encoding="utf-8")
    changed = states(store, copy)
    assert changed[QR]["state"] == "changed" and changed[QR]["changed"] == ["readings"]
    assert changed[QR]["review"]["reviewer"] == "Jane Smith, solicitor"  # who signed it last, and when
    assert "Changed since review: last signed by Jane Smith, solicitor" in changed[QR]["words"]
    assert "the readings of open points changed" in changed[QR]["words"]
    assert changed["bv-2017.board-set-up"]["state"] == "reviewed"  # the other clause is as it was signed
    table = comply("review", "--list", store=store, directions=copy)
    assert table.returncode == 0 and "changed since review" in table.stdout and "not reviewed" in table.stdout

    # signed again, it is reviewed; the reading put back is the content the first review signed
    again = comply("review", "bv-2017", "--clause", QR, "--reviewer", "Sam Lee, Monitoring Officer",
                   store=store, directions=copy)  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert states(store, copy)[QR]["review"]["reviewer"] == "Sam Lee, Monitoring Officer"
    path.write_text(text, encoding="utf-8")
    assert states(store, copy)[QR]["review"]["reviewer"] == "Jane Smith, solicitor"


def test_a_changed_scenario_shows_the_clause_as_changed_since_review(copy, tmp_path):
    store = tmp_path / "c.db"
    assert comply("review", "bv-2017", "--all", "--reviewer", "J. Smith", store=store, directions=copy).returncode == 0
    feature = copy.parent / "features" / "bv-2017.feature"
    text = feature.read_text(encoding="utf-8")
    assert SCENARIO in text
    # the same scenario saved by Windows Notepad (a byte-order mark, CRLF) and re-indented: still reviewed
    relaid = text.replace("\n    Given", "\n      Given").replace("\n", "\r\n")
    feature.write_bytes(b"\xef\xbb\xbf" + relaid.encode("utf-8"))
    assert {s["state"] for s in states(store, copy, "bv-2017").values()} == {"reviewed"}
    feature.write_text(text.replace(SCENARIO, SCENARIO.replace("10:15", "10:16")), encoding="utf-8")
    now = states(store, copy, "bv-2017")
    assert now[QR]["state"] == "changed" and now[QR]["changed"] == ["scenarios"]
    assert "the scenarios changed" in now[QR]["words"]
    assert now["bv-2017.independent-review"]["state"] == "reviewed"


def test_a_whitespace_and_comment_only_change_of_the_yaml_leaves_the_clause_reviewed(copy, tmp_path):
    store = tmp_path / "c.db"
    assert comply("review", "bv-2017", "--all", "--reviewer", "J. Smith", store=store, directions=copy).returncode == 0
    path = copy / "bv-2017.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    relaid = "# a comment added by a clerk\n\n" + "\n".join(
        line.rstrip() + "   " if line.strip() else "" for line in lines
    )
    path.write_text(relaid + "\n\n\n", encoding="utf-8")
    assert {s["state"] for s in states(store, copy, "bv-2017").values()} == {"reviewed"}
    # a direction file named by its path is the same direction
    by_path = states(store, copy, str(path))
    assert set(by_path) == {s for s in states(store, copy, "bv-2017")} and by_path[QR]["state"] == "reviewed"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bv-2018", "--all"], "error: DIRECTION: no direction 'bv-2018' in"),
        (["bv-2017", "--clause", "quarterly-reports"], "error: --clause: no clause 'quarterly-reports' in bv-2017: did you mean 'quarterly-report'? (known: "),
        (["bv-2017"], "error: --clause: name the clauses reviewed (of bv-2017: quarterly-report,"),
        (["bv-2017", "--all", "--clause", "board-set-up"], "error: give either --clause (one or more) or --all, not both"),
        (["directions/none.yaml", "--all"], "error: DIRECTION: no direction file directions/none.yaml"),
        (["--all"], "error: DIRECTION: name the direction reviewed"),
    ],
)  # fmt: skip
def test_an_unknown_direction_or_clause_is_exit_2_with_one_line_and_nothing_stored(tmp_path, args, message):
    store = tmp_path / "c.db"
    run = comply("review", *args, "--reviewer", "J. Smith", store=store)
    assert run.returncode == 2 and run.stderr.startswith(message), run.stderr
    assert run.stdout == "" and rows(store) == 0


@pytest.mark.parametrize(
    ("reviewer", "message"),
    [("  ", "error: --reviewer: expected who reviewed it"), ("J\x07 Smith", "error: --reviewer: control characters")],
)
def test_no_reviewer_is_refused_and_nothing_stored(tmp_path, reviewer, message):
    store = tmp_path / "c.db"
    run = comply("review", "bv-2017", "--all", "--reviewer", reviewer, store=store)
    assert run.returncode == 2 and run.stderr.startswith(message), run.stderr
    assert rows(store) == 0


def test_the_reviews_are_append_only(tmp_path):
    store = tmp_path / "c.db"
    assert comply("review", "bv-2017", "--all", "--reviewer", "J. Smith", store=store).returncode == 0
    assert rows(store) == 4
    with sqlite3.connect(store) as conn:
        for sql in ("UPDATE legal_reviews SET reviewer = 'someone else'", "DELETE FROM legal_reviews"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)
    assert rows(store) == 4


def test_explain_says_whether_the_clause_as_it_now_stands_was_reviewed(copy, tmp_path):
    store = tmp_path / "c.db"
    finding = f"tower-hamlets/{QR}/1"
    text = comply("explain", finding, "--as-of", "2017-07-01", store=store, directions=copy)
    assert text.returncode == 0, text.stderr
    assert "Legal review: Not reviewed: no legal review of this clause is recorded." in text.stdout
    assert comply("review", "bv-2017", "--clause", "quarterly-report", "--reviewer", "Jane Smith, solicitor",
                  store=store, directions=copy).returncode == 0  # fmt: skip
    text = comply("explain", finding, "--as-of", "2017-07-01", store=store, directions=copy)
    assert "Legal review: Reviewed by Jane Smith, solicitor at " in text.stdout
    path = copy / "bv-2017.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(READING, READING + " (varied)"), encoding="utf-8")
    doc = json.loads(comply("explain", finding, "--as-of", "2017-07-01", "--format", "json", store=store,
                            directions=copy).stdout)  # fmt: skip
    assert doc["id"] == finding and doc["review"]["state"] == "changed" and doc["review"]["changed"] == ["readings"]
    assert doc["review"]["review"]["reviewer"] == "Jane Smith, solicitor"


def test_the_living_documentation_says_whether_each_clause_was_reviewed(copy, tmp_path):
    store = tmp_path / "c.db"
    assert comply("review", "bv-2017", "--clause", "independent-review", "--reviewer", "Jane Smith, solicitor",
                  store=store, directions=copy).returncode == 0  # fmt: skip
    results = tmp_path / "results.json"
    results.write_text("[]", encoding="utf-8")
    site = tmp_path / "site"
    run = comply("docs", "--out", str(site), "--results", str(results), "--features", str(copy.parent / "features"),
                 store=store, directions=copy)  # fmt: skip
    assert run.returncode == 0, run.stderr
    page = (site / "bv-2017.html").read_text(encoding="utf-8")
    assert f"Legal reviews as recorded in {store}" in page
    assert (
        'id="bv-2017.independent-review--review"><strong>Legal review:</strong> Reviewed by Jane Smith, solicitor at'
        in page
    )
    assert 'id="bv-2017.quarterly-report--review"><strong>Legal review:</strong> Not reviewed' in page
