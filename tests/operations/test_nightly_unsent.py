"""A night whose email failed is never the baseline of the next night's news. Found by a newcomer's trial: night 2's
email failed (exit 2, recorded), night 3 compared with night 2, saw no change and said "nothing new" (or sent
nothing), so the Monitoring Officer was never told of night 2's new breaches. Now each night is compared with the last
run whose digest was told (engine/store/runs.baseline), and says it covers the nights between whose email failed.
Real `comply nightly` processes, a SQLite file and a real SMTP server on 127.0.0.1 (aiosmtpd) that refuses, or is
down, on night 2."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from helpers import bundled_store
from nightly_support import SmtpServer, comply, free_port

from engine.model import facts as F
from engine.store.sqlite import Store

Q1_5G = "tower-hamlets/dfe-2017.5g/1"  # the CSIB chair's first quarterly report: breached once records are complete
Q2_5G = "tower-hamlets/dfe-2017.5g/2"
COUNCIL = "London Borough of Tower Hamlets"


def night(store: Path, out: Path, as_of: str, env: dict[str, str]) -> tuple[int, str, dict]:
    run = comply("nightly", "--as-of", as_of, "--out", str(out), store=store, env=env)
    assert run.returncode in (0, 1, 2), run.stderr
    doc = json.loads(next(out.glob(f"run-*-{as_of}.json")).read_text())
    return run.returncode, run.stdout, doc


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("failure", ["refused", "down"])
def test_the_news_of_a_night_whose_email_failed_is_told_the_next_night(tmp_path, failure):
    with bundled_store(tmp_path) as s:
        store = s.path
    out = tmp_path / "runs"
    with SmtpServer() as smtp:
        code1, _, n1 = night(store, out, "2017-12-01", smtp.env())
        assert code1 == 0 and len(smtp.messages) == 1  # night 1: the baseline digest, sent
        with Store.open(store) as st:  # the DfE's records of the chair's reports are known complete: two breaches
            st.write(
                "tower-hamlets",
                [("coverage", F.Coverage(subject="dfe-2017.5g", complete_until="2017-12-31", source="test"))],
                "test",
            )
        if failure == "refused":
            smtp.handler.refusing = "554 5.3.0 the relay refuses mail tonight"
            env2 = smtp.env()
        else:
            env2 = {**smtp.env(), "COMPLY_SMTP_PORT": str(free_port())}  # nothing listens there
        code2, _, n2 = night(store, out, "2017-12-02", env2)
        assert code2 == 2 and {c["id"] for c in n2["diff"]["new_breaches"]} == {Q1_5G, Q2_5G}
        assert len(smtp.messages) == 1  # nothing reached anyone
        smtp.handler.refusing = None

        # night 3: the relay is back and nothing has changed since night 2
        code3, stdout3, n3 = night(store, out, "2017-12-03", smtp.env())
        assert code3 == 1
        d3 = n3["diff"]
        assert d3["before"] == n1["run"]["id"]  # compared with the last run whose digest was told, not night 2
        assert {c["id"] for c in d3["new_breaches"]} == {Q1_5G, Q2_5G}
        ((covered),) = d3["also_covers"]
        assert covered["run"] == n2["run"]["id"] and covered["as_of_date"] == "2017-12-02"
        why = "SMTPDataError" if failure == "refused" else "ConnectionRefusedError"
        assert covered["why"].startswith(why)
        digests = [m for m in smtp.messages if COUNCIL in m.subject]
        assert len(digests) == 2
        mail = digests[1]
        subject = one_line(mail.subject)
        assert subject.startswith("[comply] 2 new breaches (") and "also covers run #2, whose email failed" in subject
        for body in (one_line(mail.text()), one_line(mail.html())):
            assert (
                "This email also covers the run of 2 December 2017 (#2), whose email could not be sent: " + why in body
            )
            assert "New breaches since run #1" in body or "CHANGES SINCE RUN #1" in body
            assert Q1_5G in body and Q2_5G in body
        assert "NEW BREACHES (2)" in mail.text()
        # the terminal says what it was compared with and what it covers
        said = one_line(stdout3)
        assert "since run #1 (the last run whose digest was told): 2 new breaches" in said
        assert "this also covers run #2 of 2 December 2017, whose email could not be sent (" + why in said
        # the failed night stays recorded as it was
        con = sqlite3.connect(store)
        try:
            rows = con.execute("SELECT id, status, previous_run, substr(mail, 1, 8) FROM nightly_runs ORDER BY id")
            assert rows.fetchall() == [
                (1, "completed", None, "sent to "),
                (2, "completed", 1, "failed: "),
                (3, "completed", 1, "sent to "),
            ]
        finally:
            con.close()

        # night 4: night 3 was told, so it is the baseline again; nothing changed and no email failed since
        code4, _, n4 = night(store, out, "2017-12-04", smtp.env())
        assert code4 == 1 and n4["diff"]["before"] == n3["run"]["id"] and n4["diff"]["also_covers"] == []
        assert n4["diff"]["new_breaches"] == []


def test_a_night_skipped_after_a_failed_email_is_not_a_baseline(tmp_path):
    """History made before this fix: night 2's email failed and night 3, compared with it, was skipped as unchanged.
    Night 3 was never told either, so night 4 is compared with night 1 and covers night 2."""
    with bundled_store(tmp_path) as s:
        store = s.path
    out = tmp_path / "runs"
    with SmtpServer() as smtp:
        night(store, out, "2017-12-01", smtp.env())
        # 1 -> 2 December: two duties newly due soon, no breach; the relay is down
        code2, _, n2 = night(store, out, "2017-12-02", {**smtp.env(), "COMPLY_SMTP_PORT": str(free_port())})
        assert code2 == 2 and len(n2["diff"]["newly_due_soon"]) == 2
        night(store, out, "2017-12-03", smtp.env())
    con = sqlite3.connect(store)
    try:  # what the earlier version recorded: night 3 compared with night 2 and skipped
        con.execute("UPDATE nightly_runs SET previous_run=2, mail='skipped: no change and no breach' WHERE id=3")
        con.commit()
    finally:
        con.close()
    with SmtpServer() as smtp:
        _, _, n4 = night(store, out, "2017-12-08", smtp.env())
    assert n4["diff"]["before"] == 1 and [u["run"] for u in n4["diff"]["also_covers"]] == [2]
    assert len(n4["diff"]["newly_due_soon"]) >= 2  # night 2's news, told at last
    assert len(smtp.messages) == 1 and "also covers run #2" in one_line(smtp.messages[0].subject)
