"""Three nights in a row: the state changes between nights; each night's
diff, the emails a real SMTP server receives, the files written, `comply history`, `comply diff`
and the structured log are checked. Everything is real: `comply` processes, a SQLite file,
aiosmtpd on 127.0.0.1."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from helpers import bundled_store, run_comply
from nightly_support import SmtpServer, comply

from engine.core.status import STATUS_ORDER
from engine.core.status import word as status_word
from engine.model import facts as F
from engine.store.sqlite import Store

Q1_5G = "tower-hamlets/dfe-2017.5g/1"  # the CSIB chair's first quarterly report: nothing recorded
Q2_5G = "tower-hamlets/dfe-2017.5g/2"


def add(store_path: Path, *facts: tuple[str, F.Fact]) -> None:
    with Store.open(store_path) as store:
        store.write("tower-hamlets", list(facts), "test")


def night(store: Path, out: Path, as_of: str, smtp: SmtpServer) -> tuple[int, dict]:
    run = comply("nightly", "--as-of", as_of, "--out", str(out), store=store, env=smtp.env())
    assert run.returncode in (0, 1), run.stderr
    doc = json.loads(next(out.glob(f"run-*-{as_of}.json")).read_text())
    assert f"nightly run #{doc['run']['id']} as of {as_of}" in run.stdout
    return run.returncode, doc


def digests(smtp: SmtpServer) -> list:
    """The digests received (the Monitoring Officer's new-breach emails, engine/operations/reminders.py, left out)."""
    return [m for m in smtp.messages if "London Borough of Tower Hamlets" in m.subject]


def ids(changes: list[dict]) -> set[str]:
    return {c["id"] for c in changes}


def test_three_nights_with_changes_between_them(tmp_path):
    with bundled_store(tmp_path) as s:  # the bundled Tower Hamlets facts, imported as a user would
        store = s.path
    out = tmp_path / "runs"
    with SmtpServer() as smtp:
        # night 1: the baseline; no breach (the papers are not known complete), first run -> digest
        code1, n1 = night(store, out, "2017-12-01", smtp)
        assert code1 == 0
        assert n1["diff"]["before"] is None and n1["run"]["status"] == "completed"
        assert n1["run"]["counts"]["breached"] == 0
        assert next(f for f in n1["findings"] if f["id"] == Q1_5G)["status"] == "unknown"
        assert len(smtp.messages) == 1
        assert "first run" in digests(smtp)[0].subject

        # day 2: the DfE's records of the chair's reports are now known complete -> two breaches appear
        add(
            store,
            (
                "coverage",
                F.Coverage(
                    subject="dfe-2017.5g",
                    complete_until="2017-12-31",
                    source="test: DfE confirms its records are complete",
                ),
            ),
        )
        code2, n2 = night(store, out, "2017-12-02", smtp)
        assert code2 == 1
        d2 = n2["diff"]
        assert d2["before"] == n1["run"]["id"]
        assert ids(d2["new_breaches"]) == {Q1_5G, Q2_5G}
        assert all(c["before"] == "unknown" and c["after"] == "breached" for c in d2["new_breaches"])
        assert d2["resolved_breaches"] == [] and d2["vanished"] == []
        # 1 December -> 2 December moves the BVIB's quarterly public meeting into the 30-day window
        assert ids(d2["newly_due_soon"]) == {
            "tower-hamlets/bvib-tor.quarterly-public-meetings/quarter-2017-10-01",
            "tower-hamlets/csib-tor.report-to-cabinet/2",  # the CSIB's second quarterly report to Cabinet
        }
        mail2 = digests(smtp)[1]
        # the subject says what needs doing (stdlib's parser keeps the space of a folded header's first line)
        assert mail2.subject.strip() == (
            "[comply] 2 new breaches (2 newly due soon): London Borough of Tower Hamlets, 2 December 2017"
        )
        assert sorted(mail2.rcpt_tos) == ["chief.executive@example.org", "monitoring.officer@example.org"]
        assert mail2.mail_from == "comply@example.org"
        html2 = mail2.html()
        assert "New breaches since run #1 (2)" in html2 and Q1_5G in html2 and Q2_5G in html2
        assert 'id="todo-breaches">New breaches (2)</h3>' in html2
        assert html2.index('id="todo-breaches"') < html2.index('id="new_breaches"') < html2.index('id="counts"')
        assert Q1_5G in mail2.text()

        # day 3: the first report is found (received 2 December: late), and a revocation of the DfE
        # direction with effect from 1 September 2017 is recorded: what fell due after that is no
        # longer owed (lapsed), and the obligations furthest ahead are no longer generated at all
        add(
            store,
            (
                "submissions",
                F.Submission(
                    key="csib-chair-q1",
                    what="CSIB chair's first quarterly report",
                    clause="dfe-2017.5g",
                    occurrence=1,
                    received="2017-12-02T11:00",
                    recipient="Secretary of State for Education",
                    source="test",
                ),
            ),
            (
                "direction_status",
                F.DirectionStatus(
                    direction="dfe-2017", status="revoked", effective="2017-09-01", source="test: revocation letter"
                ),
            ),
        )
        code3, n3 = night(store, out, "2017-12-03", smtp)
        assert code3 == 0  # no breach stands
        d3 = n3["diff"]
        assert d3["before"] == n2["run"]["id"]
        resolved = {c["id"]: c["after"] for c in d3["resolved_breaches"]}
        assert resolved == {Q1_5G: "met_late", Q2_5G: "lapsed"}
        assert d3["new_breaches"] == []
        vanished = ids(d3["vanished"])
        assert {"tower-hamlets/dfe-2017.5g/6", "tower-hamlets/dfe-2017.annex-a.reviews/3"} <= vanished
        assert all(v.startswith("tower-hamlets/dfe-2017") for v in vanished)
        after3 = {f["id"]: f["status"] for f in n3["findings"]}
        assert not vanished & set(after3)
        assert {c["after"] for c in d3["other_changes"] if c["id"].startswith("tower-hamlets/dfe-2017")} == {"lapsed"}
        # something changed, so the digest goes out even with no breach standing
        mail3 = digests(smtp)[2]
        assert mail3.subject.strip().startswith("[comply] Nothing new to do; ")
        assert "2 breaches resolved" in mail3.subject
        assert f"{len(vanished)} obligations vanished" in mail3.subject
        html3 = mail3.html()
        assert "Breaches resolved (and what they became) since run #2 (2)" in html3
        assert "Still standing from earlier nights: 0 breached," in html3 and 'id="nothing-new"' in html3
        assert f"Obligations that vanished since run #2 ({len(vanished)})" in html3
        assert len(digests(smtp)) == 3
        # the digest's recipients (the Monitoring Officer) were each told of the two new breaches once, on day 2
        told = [m for m in smtp.messages if m not in digests(smtp)]
        assert sorted(m.rcpt_tos[0] for m in told) == ["chief.executive@example.org", "monitoring.officer@example.org"]
        assert all(m.subject == "[comply] 2 new breaches (as of 2 December 2017)" for m in told)
        assert all(Q1_5G in m.text() and Q2_5G in m.text() for m in told)

    # the files of every night, self-contained HTML
    for doc in (n1, n2, n3):
        stem = out / f"run-{doc['run']['id']}-{doc['run']['as_of_date']}"
        page = stem.with_suffix(".html").read_text()
        assert page.startswith("<!doctype html>")
        assert not any(tag in page for tag in ("<link", "<script", "src=", "@import"))  # self-contained
        assert doc["run"]["code_version"].startswith("0.1.0")
        assert set(doc["run"]["direction_hashes"]) == {
            "access-to-information.yaml",
            "bv-2017.yaml",
            "bvib-tor.yaml",
            "csib-tor.yaml",
            "dfe-2017.yaml",
            "lga-peer-challenge.yaml",
            "ofsted-monitoring.yaml",
        }

    # comply history: three completed runs with their counts
    hist = comply("history", "--format", "json", store=store)
    assert hist.returncode == 0, hist.stderr
    rows = json.loads(hist.stdout)
    assert [(r["id"], r["status"], r["counts"]["breached"]) for r in rows] == [
        (3, "completed", 0),
        (2, "completed", 2),
        (1, "completed", 0),
    ]
    assert all(r["mail"].startswith("sent to ") for r in rows)
    table = comply("history", store=store)
    assert table.returncode == 0 and "completed" in table.stdout
    # every count in words, in a cron email's 100 columns and a terminal's 80 (a column a status showed them only
    # at 200: at 100, empty cells and no sign of them)
    said = [", ".join(f"{r['counts'][k]} {status_word(k)}" for k in STATUS_ORDER if r["counts"].get(k)) for r in rows]
    for columns in ("80", "100"):
        run = run_comply(["history"], env={**os.environ, "COMPLY_STORE": str(store), "COLUMNS": columns})
        lines = run.stdout.splitlines()
        assert run.returncode == 0 and lines[0] == f"Nightly runs in {store}", run.stdout  # the path never broken
        assert max(len(line) for line in lines[1:]) <= int(columns), run.stdout
        header = next(line for line in lines if "findings" in line).split("┃")
        at = [cell.strip() for cell in header].index("findings")
        cells = [line.split("│")[at].strip() for line in lines if line.startswith("│")]
        assert " ".join(" ".join(cells).split()) == " ".join(said), (columns, run.stdout)

    # comply diff A B gives the same comparison the nightly run made, in both forms
    diff = comply("diff", "2", "3", "--format", "json", store=store)
    assert diff.returncode == 0, diff.stderr
    assert json.loads(diff.stdout)["counts"] == d3["counts"]
    text = comply("diff", "2", "3", store=store)
    assert f"{Q1_5G} " in text.stdout and "breached -> met_late" in text.stdout
    assert f"Obligations that vanished ({len(vanished)})" in text.stdout
    unknown = comply("diff", "2", "9", store=store)
    assert (
        unknown.returncode == 2
        and unknown.stderr.strip() == f"error: {store}: no nightly run #9 (see `comply history`)"
    )

    # no duplicates: each run's findings are stored once, and only for completed runs
    con = sqlite3.connect(store)
    per_run = dict(con.execute("SELECT run, COUNT(*) FROM nightly_findings GROUP BY run").fetchall())
    assert per_run == {1: len(n1["findings"]), 2: len(n2["findings"]), 3: len(n3["findings"])}

    # the structured log tells what each run did
    events = [json.loads(line) for line in (out / "nightly.log").read_text().splitlines()]
    names = [e["event"] for e in events]
    assert names.count("run started") == 3 and names.count("run committed") == 3 and names.count("email sent") == 3
    evaluated = [e for e in events if e["event"] == "authority evaluated"]
    assert all(e["authority"] == "tower-hamlets" and e["seconds"] >= 0 and e["findings"] > 0 for e in evaluated)
    assert evaluated[1]["by_direction"]["dfe-2017"]["breached"] == 2
    diffs = [e for e in events if e["event"] == "diff"]
    assert diffs[2]["counts"]["resolved_breaches"] == 2 and diffs[2]["compared_with"] == 2
