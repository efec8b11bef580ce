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

from engine.core import status
from engine.core.errors import InputError
from engine.core.settings import read_settings
from engine.evaluation.diffs import SECTIONS, Change, Diff
from engine.model.findings import Finding
from engine.outputs.templating import render
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


# -- the summary ----------------------------------------------------------------------------------


#: the diff's sections a subject line counts (the rest are in the message)
SUBJECT_SECTIONS = ("new_breaches", "resolved_breaches", "newly_due_soon", "vanished")


def subject(run: Run, diff: Diff | None, authority_names: list[str], sync_failure: str | None = None) -> str:
    """The email's subject line: the authorities, the as-of date, the breaches and the changes since
    the previous completed run ('first run' when there is none); for a failed run, that it FAILED; led by
    "SYNC FAILED" when the committee-system sync before the run failed."""
    if sync_failure:
        return "[comply] SYNC FAILED: " + subject(run, diff, authority_names).removeprefix("[comply] ")
    who = ", ".join(authority_names) or "no authority"
    if run.status != "completed":
        return f"[comply] nightly run #{run.id} FAILED ({run.as_of_date}, {who}): no results"
    c = run.counts
    parts = [f"{c.get('breached', 0)} breached"]
    if diff is not None and diff.before is not None:
        d = diff.counts()
        parts.append(", ".join(f"{d[s.key]} {s.counted}" for s in SECTIONS if s.key in SUBJECT_SECTIONS))
    else:
        parts.append("first run")
    return f"[comply] {who} as of {run.as_of_date}: " + "; ".join(parts)


def text_summary(run: Run, diff: Diff | None, current: list[Finding], sync_failure: str | None = None) -> str:
    """The plain-text twin of `html_summary`: counts by status, each category of change with its
    findings, the breaches standing; for a failed run, only the failure and its reason; led by a failed
    committee-system sync."""
    lines = [
        *(
            [
                "THE COMMITTEE-SYSTEM SYNC FAILED: the findings below are from the facts already stored.",
                f"Reason: {sync_failure}",
                "",
            ]
            if sync_failure
            else []
        ),
        f"Nightly compliance run #{run.id}, as of {run.as_of} ({run.status})",
        f"started {run.started_at}, ended {run.ended_at or '-'}; code {run.code_version}",
    ]
    if run.status != "completed":
        lines += [
            "",
            "THE RUN FAILED: these are not results, and nothing below is an all clear.",
            f"Reason: {run.error}",
        ]
        return "\n".join(lines) + "\n"
    lines.append("Counts: " + ", ".join(f"{run.counts.get(s, 0)} {status.word(s)}" for s in status.STATUS_ORDER))
    if diff is None or diff.before is None:
        lines.append("No earlier completed run to compare with: this run is the baseline.")
    else:
        lines.append(f"Compared with run #{diff.before}:")
        for section in SECTIONS:
            items: list[Change] = getattr(diff, section.key)
            lines.append(f"  {section.heading}: {len(items)}")
            lines += [f"    - {c.words()}" for c in items]
    breached = [f for f in current if f.status == "breached"]
    lines.append(f"Breaches standing: {len(breached)}")
    lines += [f"  - {f.id}: {f.clause_title} ({f.subject}), due {f.due}" for f in breached]
    return "\n".join(lines) + "\n"


def html_summary(
    run: Run, diff: Diff | None, current: list[Finding], authority_names: list[str], sync_failure: str | None = None
) -> str:
    """A self-contained HTML page (no external resources) summarising one run: the counts by
    status, each category of change since the previous completed run, the breaches standing; for
    a failed run, only the failure; led by a failed committee-system sync (template digest/summary.html.j2)."""
    compared = diff is not None and diff.before is not None
    return render(
        "digest/summary.html.j2",
        title=subject(run, diff, authority_names, sync_failure).removeprefix("[comply] "),
        sync_failure=sync_failure,
        run=run,
        before=diff.before if compared else None,
        changes=[(s.key, s.heading, getattr(diff, s.key)) for s in SECTIONS] if compared else None,
        breached=[f for f in current if f.status == "breached"],
    )


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
