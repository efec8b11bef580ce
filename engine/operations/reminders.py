"""The owners' reminders of the nightly run: each owner is emailed their duties that fall due within 30,
7 and 1 working days, and their new breaches; the Monitoring Officer (the digest's recipients) is
emailed every new breach.

Why a module of its own, and why a table (reminders_sent, schema 11): a reminder is worth something only
once, when its threshold is crossed; sent every night it would be ignored. So the run looks at what it
found, works out which reminders are now due, leaves out those already sent (the same finding, threshold,
address and due date: a due date that moves is a new reminder) and sends the rest, one email to each
address, through the digest's SMTP path (engine.outputs.digest.send). Only what was sent is stored, each
address's reminders in one transaction after its email has gone: an email that fails leaves its
reminders unstored, so the next night sends them again while they still apply. A finding met meanwhile is
no longer owed, so nothing is reminded of it.

Working days are counted as the constructs count them (engine.core.calendar.count_days: not a Saturday, a
Sunday or an England and Wales bank holiday, the as-of day itself not counted): a duty is "due within 7
working days" when its due day is no later than the 7th working day after the as-of day. Where a due date
is known only to a range, its earliest day is what is counted to (reminding early is the safe side).
A duty is reminded once at the tightest threshold crossed (a duty first found 5 working days away is
reminded at 7, not at 30 and 7 the same night).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from pendulum import DateTime

from engine.core import calendar, clock, status
from engine.directions.model import Clause, Direction, Enforcement
from engine.model.findings import Finding
from engine.operations.jsonlog import event as _log
from engine.outputs import digest
from engine.outputs.desk_links import finding_url
from engine.outputs.templating import render
from engine.outputs.worklist import due_words
from engine.store import owners
from engine.store.sqlite import Store, instant_text

__all__ = ["THRESHOLDS", "Reminder", "Outcome", "due_reminders", "sent_keys", "send_reminders", "working_days_to"]

#: the working days before a due date at which its owner is reminded, widest first
THRESHOLDS: tuple[int, ...] = calendar.REMINDER_WORKING_DAYS  # (30, 7, 1): the calendar feed uses them too
#: the threshold of a new breach (the reminders_sent.threshold column)
BREACH = "breach"

Key = tuple[str, str, str, str, str]  # (authority, finding id, threshold, recipient, due): reminders_sent's key


@dataclass(frozen=True)
class Reminder:
    """One reminder for one address: a finding at a threshold ('30', '7', '1' or 'breach'), with the clause
    it is of and what follows a breach of it (None: the direction says nothing), the desk's link to the
    finding (None: no desk URL configured), and the due date in words with how it was computed."""

    finding: Finding
    threshold: str
    recipient: str
    owner: str | None  # the desk user whose duty it is (None: the Monitoring Officer's copy of a breach)
    clause: Clause | None
    direction: Direction | None
    enforcement: Enforcement | None
    link: str | None
    due_words: str
    within: str  # 'Due within 7 working days', or 'Breached'

    @property
    def key(self) -> Key:
        """Its key in reminders_sent."""
        return (self.finding.authority, self.finding.id, self.threshold, self.recipient, self.finding.due)


@dataclass
class Outcome:
    """What the reminders of one run did: how many were sent to how many addresses, the emails that failed
    (their reminders are not stored, so they are sent again the next night), and what could not be sent at
    all (no SMTP configured, an owner with no email address)."""

    sent: int = 0
    emails: int = 0
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def words(self) -> str:
        """One line for the terminal: 'reminders: 3 sent in 2 emails; 1 email FAILED ...'."""
        line = f"reminders: {self.sent} sent in {self.emails} email{'s' if self.emails != 1 else ''}"
        if self.failed:
            line += f"; {len(self.failed)} email(s) FAILED (sent again next night): " + "; ".join(self.failed)
        if self.skipped:
            line += "; not sent: " + "; ".join(self.skipped)
        return line


def working_days_to(as_of_day: dt.date, threshold: int) -> dt.date:
    """The `threshold`-th working day after `as_of_day` (the day itself not counted): a duty due on or
    before it is due within `threshold` working days."""
    return calendar.count_days(as_of_day, threshold, "working_days", "after")


def _threshold(f: Finding, as_of_day: dt.date) -> tuple[int, dt.date] | None:
    """The tightest threshold a still-owed, not yet late finding has crossed, with the working day it is
    counted to; None when it is further off than the widest, has no due date, or is not owed."""
    info = status.info(f.status)
    if not info.owed or info.past_due or not info.dated or f.open_since is not None:
        return None
    due_day = calendar.parse_instant(f.due_earliest or f.due).in_timezone(calendar.LONDON).date()
    crossed = [(t, working_days_to(as_of_day, t)) for t in THRESHOLDS if due_day <= working_days_to(as_of_day, t)]
    return min(crossed) if crossed else None


def due_reminders(
    findings: list[Finding],
    directions: list[Direction],
    owned: dict[str, dict[str, str]],
    addresses: dict[str, str],
    monitoring_officer: tuple[str, ...],
    as_of: DateTime,
    already: set[Key],
    desk_url: str | None = None,
) -> tuple[dict[str, list[Reminder]], list[str]]:
    """The reminders now due and not yet sent, by address (each address's in the findings' order, one per
    finding and threshold), and why some could not be addressed ('owner x has no email address').

    `owned`: authority -> engine.store.owners.owners(...); `addresses`: user name -> email
    (owners.emails); `monitoring_officer`: the digest's recipients, sent every new breach; `already`: the
    keys of reminders_sent (sent_keys). Pure: reads and writes nothing."""
    as_of_day = as_of.in_timezone(calendar.LONDON).date()
    clauses = {d.clause_id(c): (d, c) for d in directions for c in d.clauses}
    boards = {cid: getattr(c.rule, "board", None) for cid, (d, c) in clauses.items()}
    out: dict[str, dict[tuple[str, str], Reminder]] = {}
    unaddressed: set[str] = set()
    for f in findings:
        if f.status == "breached":
            threshold, within = BREACH, "Breached"
        else:
            crossed = _threshold(f, as_of_day)
            if crossed is None:
                continue
            n, _ = crossed
            threshold = str(n)
            within = f"Due within {n} working day{'s' if n != 1 else ''}"
        d, c = clauses.get(f.clause, (None, None))
        owner = owners.owner_of(owned.get(f.authority, {}), f.clause, boards.get(f.clause))
        recipients: list[tuple[str, str | None]] = []
        if owner is not None:
            if owner in addresses:
                recipients.append((addresses[owner], owner))
            else:
                unaddressed.add(f"owner {owner!r} has no email address (or is disabled)")
        if threshold == BREACH:
            recipients += [(a, None) for a in monitoring_officer]
        for address, whose in recipients:
            r = Reminder(
                f,
                threshold,
                address,
                whose or owner,
                c,
                d,
                d.enforcement_of(c) if d is not None and c is not None else None,
                finding_url(desk_url, f.id, as_of_day),
                due_words(f),
                within,
            )
            if r.key not in already:
                out.setdefault(address, {}).setdefault((f.id, threshold), r)
    return {a: list(rs.values()) for a, rs in out.items()}, sorted(unaddressed)


def sent_keys(store: Store) -> set[Key]:
    """The key of every reminder already sent (reminders_sent)."""
    rows = store.conn.execute("SELECT authority, finding_id, threshold, recipient, due FROM reminders_sent")
    return {(r["authority"], r["finding_id"], r["threshold"], r["recipient"], r["due"]) for r in rows}


def subject(reminders: list[Reminder], as_of_day: dt.date, not_compared: bool = False) -> str:
    """'[comply] 1 new breach, 2 duties due soon (as of 1 December 2017)'; with `not_compared` (the run was not
    compared with the last: its findings have another form, so a breach's id may be new and the breach not),
    '[comply] 1 breach not told under this version's ids, ...': never called new."""
    breaches = sum(r.threshold == BREACH for r in reminders)
    soon = len(reminders) - breaches
    parts = []
    if breaches and not_compared:
        parts.append(f"{breaches} breach{'es' if breaches != 1 else ''} not told under this version's ids")
    elif breaches:
        parts.append(f"{breaches} new breach{'es' if breaches != 1 else ''}")
    if soon:
        parts.append(f"{soon} dut{'ies' if soon != 1 else 'y'} due soon")
    return f"[comply] {', '.join(parts)} (as of {calendar.day_words(as_of_day)})"


def _store_sent(store: Store, reminders: list[Reminder], run_id: int | None) -> None:
    """Record the reminders of one email that has gone, in one transaction."""
    now = instant_text(clock.now())
    with store.transaction("the reminders sent were not recorded: they will be sent again"):
        store.conn.executemany(
            "INSERT OR IGNORE INTO reminders_sent (authority, finding_id, threshold, recipient, due, sent_at, run_id) "
            "VALUES (?,?,?,?,?,?,?)",
            [(*r.key, now, run_id) for r in reminders],
        )


def send_reminders(
    store: Store,
    run_id: int | None,
    findings: list[Finding],
    directions: list[Direction],
    cfg: digest.MailConfig | None,
    as_of: DateTime,
    log: logging.Logger,
    not_compared: str | None = None,
) -> Outcome:
    """Work out the reminders due (due_reminders, with the store's owners, addresses and reminders sent),
    send one email to each address (plain text and HTML, templates reminders/), and record each email's
    reminders once it has gone. Never raises for a mail failure: it is in the Outcome and the log (the
    reminders are not stored, and are sent again the next night). `not_compared`: why the run was not compared
    with the last (engine.evaluation.diffs.Diff.not_compared: made by a version of comply whose findings have
    another form): a breach is then told as one not told under this version's ids, never as new, saying why."""
    result = Outcome()
    as_of_day = as_of.in_timezone(calendar.LONDON).date()
    owned = {a: owners.owners(store, a) for a in sorted({f.authority for f in findings})}
    by_address, unaddressed = due_reminders(
        findings,
        directions,
        owned,
        owners.emails(store),
        cfg.recipients if cfg is not None else (),
        as_of,
        sent_keys(store),
        cfg.desk_url if cfg is not None else None,
    )
    result.skipped += unaddressed
    if not by_address:  # nothing to say: the log's last word stays the digest's
        return result
    if cfg is None:
        result.skipped.append(f"{sum(map(len, by_address.values()))} reminder(s): no SMTP host configured")
        _log(log, "reminders not sent: no SMTP host configured", logging.WARNING, run=run_id)
        return result
    for address, reminders in sorted(by_address.items()):
        line = subject(reminders, as_of_day, not_compared is not None)
        context = {
            "reminders": reminders,
            "as_of_day": calendar.day_words(as_of_day),
            "address": address,
            "not_compared": not_compared,
        }
        try:
            msg = digest.build_message(
                cfg,
                line,
                render("reminders/email.txt.j2", **context),
                render("reminders/email.html.j2", title=line.removeprefix("[comply] "), **context),
            )
            del msg["To"]
            msg["To"] = address
            digest.send(cfg, msg, to=[address])
        except Exception as exc:  # noqa: BLE001 - smtplib.SMTPException, OSError, ssl errors: sent again next night
            why = f"to {address}: {type(exc).__name__}: {exc}"
            result.failed.append(why)
            _log(log, "reminder email failed", logging.ERROR, run=run_id, to=address, error=why)
            continue
        _store_sent(store, reminders, run_id)
        result.sent += len(reminders)
        result.emails += 1
        _log(
            log,
            "reminder email sent",
            run=run_id,
            to=address,
            subject=line,
            reminders=[f"{r.finding.id} ({r.threshold})" for r in reminders],
        )
    return result
