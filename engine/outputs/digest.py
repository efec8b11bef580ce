"""The morning digest of a nightly run: a self-contained HTML summary, its plain-text twin, and
the email that carries both.

Why stdlib for the mail (smtplib, email.message.EmailMessage, tomllib): sending one multipart
message through a configured relay needs nothing more, and each piece is maintained with Python.
The HTML is rendered by the outputs' one Jinja environment (engine/outputs/templating.py, template
engine/outputs/templates/digest/summary.html.j2), autoescaped; it has its styles inline in one
<style> block and no external resources, so it reads the same in a browser, a mail client or an
archive years later. Status words, order and colours come from the one table (engine/core/status.py).

Mail configuration comes from a TOML file (`[smtp]` table) and/or environment variables, the
environment winning: COMPLY_SMTP_HOST, COMPLY_SMTP_PORT, COMPLY_SMTP_TLS (none|starttls|ssl),
COMPLY_SMTP_USER, COMPLY_SMTP_PASSWORD, COMPLY_MAIL_FROM, COMPLY_MAIL_TO (comma-separated), and
COMPLY_SMTP_CAFILE (a CA bundle to trust, e.g. a council's internal CA; default: the system's).
TLS always verifies the relay's certificate and host name.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from pendulum import DateTime

from engine.core import calendar, status
from engine.core.errors import InputError
from engine.core.settings import read_settings
from engine.evaluation.diffs import SECTIONS, Diff
from engine.model.findings import Finding
from engine.outputs.desk_links import finding_url
from engine.outputs.templating import render
from engine.outputs.worklist import due_instant, due_words, hints, owed_for, why_unknown
from engine.store.runs import Run

TLS_MODES = ("none", "starttls", "ssl")

_ENV = {
    "host": "COMPLY_SMTP_HOST",
    "port": "COMPLY_SMTP_PORT",
    "tls": "COMPLY_SMTP_TLS",
    "user": "COMPLY_SMTP_USER",
    "password": "COMPLY_SMTP_PASSWORD",
    "from": "COMPLY_MAIL_FROM",
    "to": "COMPLY_MAIL_TO",
    "cafile": "COMPLY_SMTP_CAFILE",
    "desk_url": "COMPLY_DESK_URL",  # the desk's address, for the owners' reminders' links to findings
}


@dataclass(frozen=True)
class MailConfig:
    """Where and how to send the digest: the relay, its TLS mode (none, starttls, ssl), the login,
    the sender and the recipients, a CA bundle to trust, and the timeout in seconds."""

    host: str
    port: int
    tls: str
    user: str | None
    password: str | None
    sender: str
    recipients: tuple[str, ...]
    cafile: str | None = None
    timeout: float = 30.0
    desk_url: str | None = None  # the desk's address (https://comply.example.org): reminders link to findings


def load_mail_config(path: Path | None, env: Mapping[str, str] = os.environ) -> MailConfig | None:
    """The SMTP settings, or None when no host is configured (mail is then not sent, and the log
    says so). A bad value raises ValueError naming the file or variable and the field."""
    settings = read_settings(path, "smtp", _ENV, env)
    if path is not None and not settings.has_table("smtp") and not settings.has_table("moderngov"):
        # a file for the sync alone means no mail; a file with neither table is a mistake
        raise InputError(f"{path}: expected an [smtp] table with host, port, tls, user, password, from, to")
    values, where = settings.values, settings.where
    if not values.get("host"):
        return None
    tls = str(values.get("tls", "starttls")).lower()
    if tls not in TLS_MODES:
        raise InputError(f"{where['tls']}: expected one of none, starttls, ssl, got {values['tls']!r}")
    try:
        port = int(values.get("port", {"none": 25, "starttls": 587, "ssl": 465}[tls]))
    except (TypeError, ValueError):
        raise InputError(f"{where['port']}: expected a port number, got {values['port']!r}") from None
    to = values.get("to")
    recipients = tuple(a.strip() for a in (to.split(",") if isinstance(to, str) else (to or [])) if a and a.strip())
    if not recipients:
        raise InputError(f"{where.get('to', 'COMPLY_MAIL_TO')}: expected at least one recipient address")
    sender = values.get("from")
    if not sender:
        raise InputError("COMPLY_MAIL_FROM (or [smtp] from): expected the sender's address")
    if bool(values.get("user")) != bool(values.get("password")):
        raise InputError(f"{where.get('user') or where.get('password')}: give both user and password, or neither")
    cafile = values.get("cafile") or None
    if cafile and not Path(cafile).is_file():
        raise InputError(f"{where['cafile']}: {cafile} is not a file")
    return MailConfig(
        host=str(values["host"]),
        port=port,
        tls=tls,
        user=values.get("user") or None,
        password=values.get("password") or None,
        sender=str(sender),
        recipients=recipients,
        cafile=str(cafile) if cafile else None,
        desk_url=str(values.get("desk_url") or "").strip() or None,
    )


def load_desk_url(path: Path | None, env: Mapping[str, str] = os.environ) -> str | None:
    """The desk's address (`desk_url` in the `[smtp]` table of `path`, or COMPLY_DESK_URL, which wins), for the
    digest's links to findings, read whether or not mail is configured (the summary page written beside the run
    links to the desk too); None when not set. Raises InputError naming where it came from for an address that is
    not http:// or https://."""
    settings = read_settings(path, "smtp", _ENV, env)
    url = str(settings.values.get("desk_url") or "").strip()
    if not url:
        return None
    if not url.startswith(("https://", "http://")):
        raise InputError(f"{settings.where['desk_url']}: expected the desk's address (https://...), got {url!r}")
    return url


# -- what to do -----------------------------------------------------------------------------------

#: how many of the breaches and unknowns still standing (told on an earlier night) the digest names; the rest are
#: counted
STANDING_NAMED = 5
#: the days ahead whose due dates the digest lists ("what falls due in the next 30 days")
AHEAD_DAYS = 30
#: how many findings to do the terminal summary names, one line each (the digest names them all)
TERMINAL_NAMED = 10


@dataclass(frozen=True)
class Item:
    """One finding as the digest tells it: the finding, its due date in GOV.UK words (or how long a duty with no
    due date has been owed), why it has its status in plain words (a breach: the explanation's reason; an unknown:
    engine.outputs.worklist.why_unknown), what would resolve an unknown (the words of the desk worklist's hints),
    its link on the desk (None: no desk address configured) and its status in the previous run (None: absent, or a
    first run)."""

    finding: Finding
    due: str
    why: str
    resolve: tuple[str, ...]
    link: str | None
    before: str | None = None


@dataclass(frozen=True)
class ToDo:
    """What a completed run asks of its reader, most urgent first: the new breaches and the new unknowns (on a
    first run, every breach and unknown: nothing has been told yet), then those still standing from earlier nights,
    then what falls due in the next AHEAD_DAYS days. Each list by due date (oldest first), then finding id."""

    first_run: bool
    before: int | None  # the run compared with (None: a first run)
    new_breaches: list[Item]
    new_unknowns: list[Item]
    standing_breaches: list[Item]
    standing_unknowns: list[Item]
    falling_due: list[Item]
    ahead_days: int = AHEAD_DAYS
    #: why the run was not compared with the previous completed run (Diff.not_compared: made by a version of comply
    #: whose findings have another form); then, as on a first run, everything standing is listed and none called new
    not_compared: str | None = None

    @property
    def anything_new(self) -> bool:
        """Whether there is a new breach or a new unknown to act on."""
        return bool(self.new_breaches or self.new_unknowns)

    def headline(self) -> str:
        """What needs doing, in a few words: '2 new breaches, 3 unknowns to resolve'; on a first run '1 breach,
        89 unknowns to resolve'; with nothing new, 'nothing new to do; 2 breaches, 86 unknowns standing', or
        'nothing to do' when nothing stands either."""
        parts = []
        if self.new_breaches:
            n = len(self.new_breaches)
            parts.append(f"{n}{'' if self.first_run else ' new'} breach{'es' if n != 1 else ''}")
        if self.new_unknowns:
            n = len(self.new_unknowns)
            parts.append(f"{n} unknown{'s' if n != 1 else ''} to resolve")
        if parts:
            return ", ".join(parts)
        standing = _counted(len(self.standing_breaches), "breach", "breaches") + _counted(
            len(self.standing_unknowns), "unknown", "unknowns"
        )
        return f"nothing new to do; {', '.join(standing)} standing" if standing else "nothing to do"


def _counted(n: int, one: str, many: str) -> list[str]:
    """['3 breaches'], ['1 breach'], or [] for none."""
    return [f"{n} {one if n == 1 else many}"] if n else []


def _item(f: Finding, as_of: DateTime, desk_url: str | None, before: str | None = None) -> Item:
    """A finding as the digest tells it (Item), as of the run's instant."""
    if f.status == "breached":
        why = f.explanation.reason
    elif f.status == "unknown":
        why = why_unknown(f)
    else:
        why = ""
    due = owed_for(f, as_of) if f.open_since is not None else due_words(f)
    day = as_of.in_timezone(calendar.LONDON).date()
    return Item(
        f, due or "no due date", why, tuple(h.words for h in hints(f)), finding_url(desk_url, f.id, day), before
    )


def to_do(
    run: Run, diff: Diff | None, current: list[Finding], desk_url: str | None = None, ahead_days: int = AHEAD_DAYS
) -> ToDo:
    """What the completed run `run` asks of its reader (ToDo), from its findings `current` and its comparison
    `diff` with the previous completed run (None, or `diff.before` None: a first run, or a run not compared with the
    previous one (`diff.not_compared`), whose breaches and unknowns are all listed, none called new). A breach or unknown is new when its status differs from the previous run's (or it was absent);
    what falls due is every finding still owed, not yet due and not past due, whose due instant is within
    `ahead_days` days of the run's as-of instant. `desk_url`: the desk's address, for links (None: no links)."""
    as_of = calendar.parse_instant(run.as_of)
    compared_with = diff.before if diff is not None else None
    first = compared_with is None
    before: dict[str, str | None] = {}
    for section in SECTIONS if diff is not None and not first else ():
        for c in getattr(diff, section.key):
            before[c.id] = c.before
    ordered = sorted(current, key=lambda f: (due_instant(f), f.id))
    lists: dict[str, list[Item]] = {k: [] for k in ("nb", "nu", "sb", "su", "due")}
    horizon = as_of.add(days=ahead_days)
    for f in ordered:
        if f.status in ("breached", "unknown"):
            new = first or f.id in before
            key = ("n" if new else "s") + ("b" if f.status == "breached" else "u")
            lists[key].append(_item(f, as_of, desk_url, before.get(f.id)))
            continue
        info = status.info(f.status)
        if info.owed and info.dated and not info.past_due and f.open_since is None:
            if as_of <= due_instant(f) < horizon:
                lists["due"].append(_item(f, as_of, desk_url))
    return ToDo(
        first_run=first,
        before=compared_with,
        new_breaches=lists["nb"],
        new_unknowns=lists["nu"],
        standing_breaches=lists["sb"],
        standing_unknowns=lists["su"],
        falling_due=lists["due"],
        ahead_days=ahead_days,
        not_compared=diff.not_compared if diff is not None else None,
    )


def covers_words(diff: Diff | None) -> list[str]:
    """One sentence for each earlier run whose email could not be sent and whose news this digest therefore tells
    (Diff.also_covers, oldest first): 'This email also covers the run of 2 December 2017 (#2), whose email could not
    be sent: ConnectionRefusedError: ... (via 127.0.0.1:2525).' Empty when there is none (or no diff)."""
    if diff is None:
        return []
    return [
        f"This email also covers the run of {calendar.day_words(calendar.parse_instant(u.as_of_date).date())} "
        f"(#{u.run}), whose email could not be sent: {u.why}."
        for u in diff.also_covers
    ]


def compared_words(diff: Diff | None) -> str:
    """What a run was compared with, in one line for the terminal: 'since run #1: 2 new breaches, ...', with the runs
    whose email failed that the comparison also covers; a first run, or a run with no digest told before it, or one
    not compared (another version of comply), says so."""
    if diff is not None and diff.not_compared:
        line = f"not compared: {diff.not_compared}; this run is the baseline (nothing called new)"
    elif diff is None or diff.before is None:
        line = (
            "no digest was told before this run: nothing to compare with (this run is the baseline)"
            if diff is not None and diff.also_covers
            else "first run: nothing to compare with (this run is the baseline)"
        )
    else:
        told = " (the last run whose digest was told)" if diff.also_covers else ""
        line = f"since run #{diff.before}{told}: {diff.counted_words()}"
    unsent = [
        f"run #{u.run} of {calendar.day_words(calendar.parse_instant(u.as_of_date).date())}, whose email could not be "
        f"sent ({u.why})"
        for u in (diff.also_covers if diff is not None else [])
    ]
    return line + (f"; this also covers {'; '.join(unsent)}" if unsent else "")


def terminal_lines(todo: ToDo, limit: int = TERMINAL_NAMED) -> list[str]:
    """What `comply nightly` prints after its first line, what to do first: the headline, then the new breaches
    and unknowns (at most `limit`, the rest counted), each in one line of words and one line holding only its desk
    link (else the finding id, for `comply explain`), so that it can be copied whole; then what still stands and
    what falls due soon, counted."""
    if todo.not_compared:
        note = " (not compared with the last run: everything standing is listed, none called new)"
    else:
        note = " (first run: everything standing is new)" if todo.first_run else ""
    lines = [f"to do: {todo.headline()}{note}"]
    named = [("breach", i) for i in todo.new_breaches] + [("unknown", i) for i in todo.new_unknowns]
    for kind, i in named[:limit]:
        f = i.finding
        what = "new breach" if kind == "breach" and not todo.first_run else kind
        lines.append(f"  {what}: {f.clause_title} ({f.subject}), due {i.due}")
        lines.append(f"    {i.link or f.id}")
    if len(named) > limit:
        lines.append(f"  ... and {len(named) - limit} more in the digest")
    standing = _counted(len(todo.standing_breaches), "breach", "breaches") + _counted(
        len(todo.standing_unknowns), "unknown", "unknowns"
    )
    if standing and todo.anything_new:
        lines.append(f"still standing from earlier nights: {', '.join(standing)}")
    lines.append(f"falling due in the next {todo.ahead_days} days: {len(todo.falling_due)}")
    return lines


# -- the summary ----------------------------------------------------------------------------------


def subject(
    run: Run,
    diff: Diff | None,
    authority_names: list[str],
    sync_failure: str | None = None,
    current: list[Finding] | None = None,
) -> str:
    """The email's subject line, what needs doing first (ToDo.headline), then the authorities and the as-of day:
    '[comply] 2 new breaches, 3 unknowns to resolve: London Borough of Tower Hamlets, 1 December 2017'; a first
    run says so, and so does a run not compared with the previous one (made by another version of comply); duties newly due soon, breaches resolved and obligations vanished since the previous run are added
    in brackets; for a
    failed run, that it FAILED; led by "SYNC FAILED" when the committee-system sync before the run failed.
    `current`: the run's findings (None: those of the run are not at hand, and the headline is left out)."""
    if sync_failure:
        return "[comply] SYNC FAILED: " + subject(run, diff, authority_names, None, current).removeprefix("[comply] ")
    who = ", ".join(authority_names) or "no authority"
    day = calendar.day_words(calendar.parse_instant(run.as_of).in_timezone(calendar.LONDON).date())
    if run.status != "completed":
        return f"[comply] nightly run #{run.id} FAILED ({day}, {who}): no results"
    todo = to_do(run, diff, current or [])
    line = todo.headline()
    line = line[:1].upper() + line[1:]
    notes = []
    if diff is not None and diff.before is not None:
        notes += _counted(len(diff.newly_due_soon), "newly due soon", "newly due soon")
        notes += _counted(len(diff.resolved_breaches), "breach resolved", "breaches resolved")
        notes += _counted(len(diff.vanished), "obligation vanished", "obligations vanished")
    elif diff is not None and diff.not_compared_with is not None:
        notes.append(f"not compared with run #{diff.not_compared_with}: another version of comply")
    elif diff is not None and diff.also_covers:
        notes.append("no digest told before")
    else:
        notes.append("first run")
    if diff is not None and diff.also_covers:
        unsent = ", ".join(f"#{u.run}" for u in diff.also_covers)
        notes.append(f"also covers run {unsent}, whose email failed")
    noted = f" ({', '.join(notes)})" if notes else ""
    return f"[comply] {line}{noted}: {who}, {day}"


def text_summary(
    run: Run,
    diff: Diff | None,
    current: list[Finding],
    sync_failure: str | None = None,
    desk_url: str | None = None,
) -> str:
    """The plain-text twin of `html_summary` (template digest/summary.txt.j2): what to do first (the new breaches
    and unknowns, each with its reason, what would resolve it and its desk link), then what still stands, what
    falls due in the next 30 days, the changes since the previous run, and the counts last; for a failed run,
    only the failure and its reason; led by a failed committee-system sync."""
    return render("digest/summary.txt.j2", **_context(run, diff, current, sync_failure, desk_url))


def html_summary(
    run: Run,
    diff: Diff | None,
    current: list[Finding],
    authority_names: list[str],
    sync_failure: str | None = None,
    desk_url: str | None = None,
) -> str:
    """A self-contained HTML page (no external resources) summarising one run, in the order of `text_summary`
    (template digest/summary.html.j2); for a failed run, only the failure; led by a failed committee-system sync.
    `desk_url`: the desk's address, for each finding's link (None: the finding's id and `comply explain`)."""
    return render(
        "digest/summary.html.j2",
        title=subject(run, diff, authority_names, sync_failure, current).removeprefix("[comply] "),
        **_context(run, diff, current, sync_failure, desk_url),
    )


def _context(
    run: Run, diff: Diff | None, current: list[Finding], sync_failure: str | None, desk_url: str | None
) -> dict[str, Any]:
    """What both templates are given."""
    compared = diff is not None and diff.before is not None
    done = run.status == "completed"
    return {
        "sync_failure": sync_failure,
        "run": run,
        "before": diff.before if compared and diff is not None else None,
        "changes": [(s.key, s.heading, getattr(diff, s.key)) for s in SECTIONS] if compared else None,
        "todo": to_do(run, diff, current, desk_url) if done else None,
        "standing_named": STANDING_NAMED,
        "desk_url": desk_url,
        "covers": covers_words(diff) if done else [],
        # the run's instants in GOV.UK words (the JSON keeps them ISO): 'midnight at the start of 2 December 2017'
        "as_of_words": _words(run.as_of),
        "started_words": _words(run.started_at),
        "ended_words": _words(run.ended_at) if run.ended_at else "-",
    }


def _words(instant: str) -> str:
    """A run's ISO instant in GOV.UK words, London time (calendar.govuk_words): '3:05am on 2 December 2017'."""
    return calendar.govuk_words(calendar.parse_instant(instant))


# -- the email ------------------------------------------------------------------------------------


def build_message(cfg: MailConfig, subject_line: str, text: str, html_page: str) -> EmailMessage:
    """One multipart/alternative message: the plain text first, the HTML page as its alternative."""
    msg = EmailMessage()
    msg["Subject"] = subject_line
    msg["From"] = cfg.sender
    msg["To"] = ", ".join(cfg.recipients)
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    msg["Message-ID"] = make_msgid(domain="comply.local")
    msg.set_content(text)
    msg.add_alternative(html_page, subtype="html")
    return msg


def send(cfg: MailConfig, msg: EmailMessage, to: list[str] | None = None) -> None:
    """Send through the configured relay, to `to` (default: the configured recipients); any failure raises
    OSError/smtplib.SMTPException."""
    context = ssl.create_default_context(cafile=cfg.cafile)
    if cfg.tls == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout, context=context)
    else:
        client = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
    with client:
        if cfg.tls == "starttls":
            client.starttls(context=context)
        if cfg.user and cfg.password:
            client.login(cfg.user, cfg.password)
        client.send_message(msg, from_addr=cfg.sender, to_addrs=list(to if to is not None else cfg.recipients))
