"""The owners' reminders of the nightly run, night after night: real `comply nightly` processes on a SQLite
file, a real SMTP server (aiosmtpd on 127.0.0.1). The owner of the Best Value quarterly report is reminded of
its third report (due 10am on Saturday 30 December 2017) 30, 7 and 1 working days before, each once, at the
night its threshold is crossed (25 and 26 December are bank holidays); when the report is breached, the owner
and the Monitoring Officer are each told once, with what follows a breach; a night run twice sends nothing
the second time; an email that fails is not recorded, and is sent the next night."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from helpers import bundled_store
from nightly_support import SmtpServer, comply

from engine.model import facts as F
from engine.store import owners, users
from engine.store.sqlite import Store

Q3 = "tower-hamlets/bv-2017.quarterly-report/3"
OWNER, OWNER_MAIL = "report-owner", "report.owner@example.org"
MO = "monitoring.officer@example.org"
DESK = "https://desk.example.org"


def reminders_in(smtp: SmtpServer, since: int) -> list[tuple[str, str, str]]:
    """(recipient, finding id, 'breach' or 'soon') of every reminder in the reminder emails received after the
    first `since` messages (the digests, whose subject names the authority, are left out)."""
    out = []
    for m in smtp.messages[since:]:
        if "London Borough" in m.subject:  # the digest
            continue
        assert len(m.rcpt_tos) == 1, m.rcpt_tos
        text = m.text()
        for block in re.split(r"\n(?=\d+\. )", text)[1:]:
            kind = "breach" if block.split(": ", 1)[0].endswith("BREACHED") else "soon"
            fid = re.search(r"Finding: (\S+)", block).group(1)
            out.append((m.rcpt_tos[0], fid, kind))
    return out


def night(store: Path, out: Path, as_of: str, smtp: SmtpServer, expect: int = 0) -> str:
    env = {**smtp.env(to=MO), "COMPLY_DESK_URL": DESK}
    run = comply("nightly", "--as-of", as_of, "--out", str(out), store=store, env=env)
    assert run.returncode in (0, 1) if expect == 0 else run.returncode == expect, run.stderr
    return run.stdout


def test_each_threshold_and_each_breach_is_emailed_once(tmp_path):
    with bundled_store(tmp_path) as s:
        users.add_user(s, OWNER, "editor", "a long password")
        s.conn.execute("UPDATE users SET email=? WHERE name=?", (OWNER_MAIL, OWNER))
        owners.set_owner(s, "tower-hamlets", "clause:bv-2017.quarterly-report", OWNER, "test")
        store = s.path
    out = tmp_path / "runs"
    with SmtpServer() as smtp:
        seen = len(smtp.messages)
        stdout = night(store, out, "2017-12-01", smtp)  # 30 December is within 30 working days of 1 December
        assert "reminders: 1 sent in 1 email" in stdout
        got = reminders_in(smtp, seen)
        assert got == [(OWNER_MAIL, Q3, "soon")]
        mail = next(m for m in smtp.messages[seen:] if "London Borough" not in m.subject)
        assert mail.subject == "[comply] 1 duty due soon (as of 1 December 2017)"
        text = mail.text()
        assert "Quarterly reports to the Secretary of State" in text  # the clause's title
        assert "Due within 30 working days" in text and "Due: 10am on 30 December 2017." in text
        assert "Duty holder: London Borough of Tower Hamlets" in text
        assert "Source: 004_52c33124d78cd148.txt, report para 1.2, first bullet" in text
        assert "How the due date was computed:" in text
        assert f"On the desk: {DESK}/finding/{Q3}?as_of=2017-12-01" in text
        assert "What follows a breach" not in text  # only for a breach
        html = mail.html()
        assert f'href="{DESK}/finding/{Q3}?as_of=2017-12-01"' in html and "10am on 30 December 2017" in html

        for as_of in ("2017-12-02", "2017-12-18"):  # still within 30, not yet within 7: nothing
            seen = len(smtp.messages)
            night(store, out, as_of, smtp)
            assert reminders_in(smtp, seen) == [], as_of

        seen = len(smtp.messages)
        night(store, out, "2017-12-19", smtp)  # the 7th working day after 19 December is 2 January
        assert reminders_in(smtp, seen) == [(OWNER_MAIL, Q3, "soon")]
        assert "Due within 7 working days" in smtp.messages[-1].text()

        seen = len(smtp.messages)
        night(store, out, "2017-12-19", smtp)  # the same night again: nothing is sent twice
        assert reminders_in(smtp, seen) == []

        seen = len(smtp.messages)
        night(store, out, "2017-12-28", smtp)  # 29 December is the next working day: not yet within 1
        assert reminders_in(smtp, seen) == []
        night(store, out, "2017-12-29", smtp)
        assert reminders_in(smtp, seen) == [(OWNER_MAIL, Q3, "soon")]
        assert "Due within 1 working day." in smtp.messages[-1].text()

        # the DCLG's records are complete: the third report, not received, is breached
        with Store.open(store) as s:
            s.write(
                "tower-hamlets",
                [
                    (
                        "coverage",
                        F.Coverage(
                            subject="bv-2017.quarterly-report",
                            complete_until="2018-01-31",
                            source="test: DCLG confirms its records",
                        ),
                    )
                ],
                "test",
            )
        seen = len(smtp.messages)
        night(store, out, "2018-01-02", smtp)
        got = reminders_in(smtp, seen)
        assert (OWNER_MAIL, Q3, "breach") in got and (MO, Q3, "breach") in got
        assert all(
            fid.startswith("tower-hamlets/bv-2017.quarterly-report/") for who, fid, _ in got if who == OWNER_MAIL
        )
        to_mo = next(m for m in smtp.messages[seen:] if m.rcpt_tos == [MO] and "London Borough" not in m.subject)
        text = to_mo.text()
        assert "BREACHED: Quarterly reports to the Secretary of State" in text
        assert (
            'What follows a breach: "The new directions are enforceable by the Secretary of State, who may seek '
            'an order in the High Court requiring the Council to remedy any breach." (004_52c33124d78cd148.txt, '
            "legal comments 5.5 (directions under section 15 of the Local Government Act 1999))" in text
        )
        assert "What follows a breach" in to_mo.html()

        seen = len(smtp.messages)
        night(store, out, "2018-01-03", smtp)  # the breach stands: not told again
        assert [r for r in reminders_in(smtp, seen) if r[1] == Q3] == []

    # every reminder went once: no (recipient, finding, kind) twice except the three thresholds of Q3
    with sqlite3.connect(store) as db:
        rows = db.execute(
            "SELECT threshold FROM reminders_sent WHERE finding_id=? AND recipient=? ORDER BY sent_at", (Q3, OWNER_MAIL)
        ).fetchall()
    assert [r[0] for r in rows] == ["30", "7", "1", "breach"]


def test_a_failed_email_is_not_recorded_and_goes_the_next_night(tmp_path):
    with bundled_store(tmp_path) as s:
        users.add_user(s, OWNER, "editor", "a long password")
        s.conn.execute("UPDATE users SET email=? WHERE name=?", (OWNER_MAIL, OWNER))
        owners.set_owner(s, "tower-hamlets", "board:bvib", OWNER, "test")
        owners.set_owner(s, "tower-hamlets", "clause:bv-2017.quarterly-report", OWNER, "test")
        store = s.path
    out = tmp_path / "runs"
    with SmtpServer() as smtp:
        env = {**smtp.env(to=MO), "COMPLY_SMTP_PORT": "1"}  # nothing listens there: every email fails
    run = comply("nightly", "--as-of", "2017-12-01", "--out", str(out), store=store, env=env)
    assert run.returncode == 2
    assert "reminder emails were not sent" in run.stderr
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT count(*) FROM reminders_sent").fetchone()[0] == 0
    with SmtpServer() as smtp:
        night(store, out, "2017-12-02", smtp)
        got = reminders_in(smtp, 0)
        assert (OWNER_MAIL, Q3, "soon") in got
        # the board's owner answers for the board's clauses that have no owner of their own
        assert any(fid.startswith("tower-hamlets/bvib-tor.") for _, fid, _ in got)
