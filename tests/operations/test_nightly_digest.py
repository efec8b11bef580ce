"""The nightly digest leads with what to do: the bundled Tower Hamlets data run by real `comply nightly` processes on
a SQLite file, the digest received by a real SMTP server (aiosmtpd on 127.0.0.1). On a first run every unknown
standing is to do (nothing has been told yet), each with why it is unknown and what would resolve it, in the desk
worklist's words; on the next night one new breach leads, with why it is breached, before what still stands, what
falls due and the counts; the findings link to the desk when its address is configured, and name the finding's id
when it is not."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import bundled_store
from nightly_support import SmtpServer, comply

from engine.model import facts as F
from engine.model.findings import Finding
from engine.outputs.worklist import hints, why_unknown
from engine.store.sqlite import Store

DESK = "https://desk.example.org"
COUNCIL = "London Borough of Tower Hamlets"
Q2 = "tower-hamlets/bv-2017.quarterly-report/2"  # the Best Value quarterly report: unknown, then breached
CHAIR_Q1 = "tower-hamlets/dfe-2017.5g/1"  # the CSIB chair's first quarterly report: a role's duty


def night(store: Path, out: Path, as_of: str, smtp: SmtpServer, desk: str | None) -> tuple[str, dict]:
    env = {**smtp.env(to="monitoring.officer@example.org"), **({"COMPLY_DESK_URL": desk} if desk else {})}
    run = comply("nightly", "--as-of", as_of, "--out", str(out), store=store, env=env)
    assert run.returncode in (0, 1), run.stderr
    doc = json.loads(next(out.glob(f"run-*-{as_of}.json")).read_text())
    return run.stdout, doc


def in_order(text: str, *parts: str) -> None:
    """Each part is in `text`, each after the one before."""
    at = -1
    for part in parts:
        found = text.find(part, at + 1)
        assert found > at, f"{part!r} is missing or out of order"
        at = found


def test_a_first_run_lists_every_unknown_to_resolve_with_its_reason_and_desk_link(tmp_path):
    with bundled_store(tmp_path) as s:
        store = s.path
    with SmtpServer() as smtp:
        stdout, doc = night(store, tmp_path / "runs", "2017-12-01", smtp, DESK)
        (digest,) = [m for m in smtp.messages if COUNCIL in m.subject]
    findings = [Finding.model_validate(f) for f in doc["findings"]]
    unknowns = [f for f in findings if f.status == "unknown"]
    assert len(unknowns) == doc["run"]["counts"]["unknown"] > 10
    assert doc["run"]["counts"]["breached"] == 0
    # the subject says what needs doing, not "0 breached; first run"
    assert (
        digest.subject.strip()
        == f"[comply] {len(unknowns)} unknowns to resolve (first run): {COUNCIL}, 1 December 2017"
    )
    text, html = digest.text().replace("\r\n", "\n"), digest.html()
    in_order(
        text,
        f"WHAT TO DO: {len(unknowns)} unknowns to resolve",
        f"UNKNOWNS TO RESOLVE ({len(unknowns)})",
        "FALLING DUE IN THE NEXT 30 DAYS (8)",
        "No earlier completed run to compare with",
        "Counts: 0 breached, 41 unknown,",
    )
    assert "STILL STANDING" not in text and "Nothing new" not in text  # on a first run, everything is new
    for f in unknowns:  # each: why unknown, what would resolve it (the desk worklist's words), its link on the desk
        link = f"{DESK}/finding/{f.id.replace(':', '%3A')}?as_of=2017-12-01"
        block = text[text.index(f"{f.clause_title} ({f.subject})\n") :]
        block = block[: block.index(link) + len(link)]
        assert f"Why unknown: {why_unknown(f)}" in block
        assert all(f"To resolve: {h.words}" in block for h in hints(f)) and hints(f)
        assert f'href="{link}"' in html
    chair = next(f for f in unknowns if f.id == CHAIR_Q1)
    assert chair.duty_holder.name == "the Chair of the Children's Services Improvement Board"  # the role's name
    in_order(
        text,
        "The Board chair's quarterly report to the Secretary of State (occurrence 1)",
        "Duty holder: the Chair of the Children's Services Improvement Board",
        "Due: 7 July 2017",
        "To resolve: Declare the records of dfe-2017.5g complete, so that a missing record proves a breach",
        f"On the desk: {DESK}/finding/{CHAIR_Q1}?as_of=2017-12-01",
    )
    in_order(html, 'id="to-do"', 'id="todo-unknowns"', 'id="falling-due"', 'id="counts"')
    # the terminal leads with the same
    in_order(
        " ".join(stdout.split()),  # lines of words wrap at the terminal's width
        "nightly run #1 as of 2017-12-01",
        f"to do: {len(unknowns)} unknowns to resolve (first run: everything standing is new)",
        f"unknown: {unknowns[0].clause_title}",
        f"{DESK}/finding/{unknowns[0].id}?as_of=2017-12-01",
        f"... and {len(unknowns) - 10} more in the digest",
        "falling due in the next 30 days: 8",
        "counts: 41 unknown, 8 due soon",
    )
    events = [json.loads(line) for line in (tmp_path / "runs" / "nightly.log").read_text().splitlines()]
    todo = next(e for e in events if e["event"] == "what to do")
    assert todo["first_run"] and sorted(todo["new_unknowns"]) == sorted(f.id for f in unknowns)


def test_one_new_breach_leads_the_next_nights_digest_before_the_counts_and_without_a_desk_url_names_the_id(tmp_path):
    with bundled_store(tmp_path) as s:
        store = s.path
    out = tmp_path / "runs"
    with SmtpServer() as smtp:
        night(store, out, "2017-12-01", smtp, None)
        with Store.open(store) as s:  # the DCLG confirms its records: the second quarterly report was never received
            cover = F.Coverage(subject="bv-2017.quarterly-report", complete_until="2018-01-31", source="test: DCLG")
            s.write("tower-hamlets", [("coverage", cover)], "test")
        stdout, doc = night(store, out, "2017-12-02", smtp, None)
        digests = [m for m in smtp.messages if COUNCIL in m.subject]
    assert len(digests) == 2
    digest = digests[1]
    assert [c["id"] for c in doc["diff"]["new_breaches"]] == [Q2]
    breach = next(Finding.model_validate(f) for f in doc["findings"] if f["id"] == Q2)
    standing = doc["run"]["counts"]["unknown"]
    assert digest.subject.strip() == f"[comply] 1 new breach (2 newly due soon): {COUNCIL}, 2 December 2017"
    text, html = digest.text().replace("\r\n", "\n"), digest.html()
    in_order(
        text,
        "WHAT TO DO: 1 new breach",
        "NEW BREACHES (1)",
        "1. Quarterly reports to the Secretary of State (occurrence 2)",
        "   Duty holder: London Borough of Tower Hamlets",
        "   Due: 10am on 30 September 2017 (was unknown)",
        f"   Why breached: {breach.explanation.reason}",
        f"   Finding: {Q2}",
        f"STILL STANDING FROM EARLIER NIGHTS: 0 breached, {standing} unknown",
        "FALLING DUE IN THE NEXT 30 DAYS",
        "CHANGES SINCE RUN #1",
        "  New breaches: 1",
        "Counts: 1 breached,",
    )
    assert "The due time has passed and nothing in the records satisfies it" in breach.explanation.reason
    assert f"... and {standing - 5} more unknown" in text
    assert "/finding/" not in text and "href=" not in html and "On the desk" not in text  # no desk URL: no links
    in_order(html, 'id="to-do"', 'id="todo-breaches"', "Why breached", Q2, 'id="standing"', 'id="counts"')
    assert 'id="todo-unknowns"' not in html  # nothing new is unknown
    in_order(
        " ".join(stdout.split()),
        "nightly run #2 as of 2017-12-02",
        "to do: 1 new breach",
        f"new breach: Quarterly reports to the Secretary of State (occurrence 2), due 10am on 30 September 2017 {Q2}",
        f"still standing from earlier nights: {standing} unknowns",
        "since run #1: 1 new breaches",
        "counts: 1 breached",
    )


def test_a_night_with_nothing_new_says_so_and_still_reads(tmp_path):
    with bundled_store(tmp_path) as s:
        store = s.path
    out = tmp_path / "runs"
    with SmtpServer() as smtp:
        night(store, out, "2017-12-01", smtp, DESK)
        stdout, doc = night(store, out, "2017-12-02", smtp, DESK)  # two duties newly due soon: a digest, nothing new
        digest = [m for m in smtp.messages if COUNCIL in m.subject][1]
    standing = doc["run"]["counts"]["unknown"]
    assert digest.subject.strip() == (
        f"[comply] Nothing new to do; {standing} unknowns standing (2 newly due soon): {COUNCIL}, 2 December 2017"
    )
    in_order(
        digest.text(),
        "WHAT TO DO: nothing new to do;",
        "Nothing new since run #1.",
        f"STILL STANDING FROM EARLIER NIGHTS: 0 breached, {standing} unknown",
        "  - Unknown: ",
        f"{DESK}/finding/",
        "FALLING DUE IN THE NEXT 30 DAYS",
        "  Newly due soon: 2",
        "Counts:",
    )
    assert 'id="nothing-new">Nothing new since run #1.</p>' in digest.html()
    assert "to do: nothing new to do;" in stdout
