"""The morning digest of a nightly run: a self-contained HTML summary, its plain-text twin, and
the email that carries both.

Why stdlib (smtplib, email.message.EmailMessage, tomllib, html.escape): sending one multipart
message through a configured relay needs nothing more, and each piece is maintained with Python.
The HTML has its styles inline in one <style> block and no external resources, so it reads the
same in a browser, a mail client or an archive years later.

Mail configuration comes from a TOML file (`[smtp]` table) and/or environment variables, the
environment winning: COMPLY_SMTP_HOST, COMPLY_SMTP_PORT, COMPLY_SMTP_TLS (none|starttls|ssl),
COMPLY_SMTP_USER, COMPLY_SMTP_PASSWORD, COMPLY_MAIL_FROM, COMPLY_MAIL_TO (comma-separated), and
COMPLY_SMTP_CAFILE (a CA bundle to trust, e.g. a council's internal CA; default: the system's).
TLS always verifies the relay's certificate and host name.
"""

from __future__ import annotations

import html
import os
import smtplib
import ssl
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from engine.core.errors import InputError
from engine.core.status import STATUS_ORDER, STATUS_WORDS
from engine.evaluation.diffs import Change, Diff
from engine.model.findings import Finding
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
}


@dataclass(frozen=True)
class MailConfig:
    host: str
    port: int
    tls: str
    user: str | None
    password: str | None
    sender: str
    recipients: tuple[str, ...]
    cafile: str | None = None
    timeout: float = 30.0


def load_mail_config(path: Path | None, env: Mapping[str, str] = os.environ) -> MailConfig | None:
    """The SMTP settings, or None when no host is configured (mail is then not sent, and the log
    says so). A bad value raises ValueError naming the file or variable and the field."""
    values: dict[str, Any] = {}
    where: dict[str, str] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(f"--config: {path} does not exist") from None
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"{path}: not valid TOML ({exc})") from None
        smtp = data.get("smtp")
        if not isinstance(smtp, dict):
            raise InputError(f"{path}: expected an [smtp] table with host, port, tls, user, password, from, to")
        unknown = sorted(set(smtp) - set(_ENV))
        if unknown:
            raise InputError(f"{path}: [smtp] {unknown[0]}: unknown setting (expected one of {', '.join(_ENV)})")
        for k, v in smtp.items():
            values[k], where[k] = v, f"{path}: [smtp] {k}"
    for k, var in _ENV.items():
        if env.get(var):
            values[k], where[k] = env[var], var
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
    )


# -- the summary ----------------------------------------------------------------------------------

_LABELS = {
    "new_breaches": "New breaches",
    "resolved_breaches": "Breaches resolved (and what they became)",
    "newly_due_soon": "Newly due soon",
    "vanished": "Obligations that vanished",
    "new_obligations": "New obligations",
    "other_changes": "Other changes of status",
}


def subject(run: Run, diff: Diff | None, authority_names: list[str]) -> str:
    who = ", ".join(authority_names) or "no authority"
    if run.status != "completed":
        return f"[comply] nightly run #{run.id} FAILED ({run.as_of_date}, {who}): no results"
    c = run.counts
    parts = [f"{c.get('breached', 0)} breached"]
    if diff is not None and diff.before is not None:
        d = diff.counts()
        parts.append(
            f"{d['new_breaches']} new breaches, {d['resolved_breaches']} resolved, "
            f"{d['newly_due_soon']} newly due soon, {d['vanished']} vanished"
        )
    else:
        parts.append("first run")
    return f"[comply] {who} as of {run.as_of_date}: " + "; ".join(parts)


def text_summary(run: Run, diff: Diff | None, current: list[Finding]) -> str:
    lines = [
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
    lines.append(
        "Counts: " + ", ".join(f"{run.counts.get(s, 0)} {STATUS_WORDS[s].split(' (')[0]}" for s in STATUS_ORDER)
    )
    if diff is None or diff.before is None:
        lines.append("No earlier completed run to compare with: this run is the baseline.")
    else:
        lines.append(f"Compared with run #{diff.before}:")
        for cat in Diff.CATEGORIES:
            items: list[Change] = getattr(diff, cat)
            lines.append(f"  {_LABELS[cat]}: {len(items)}")
            lines += [f"    - {c.words()}" for c in items]
    breached = [f for f in current if f.status == "breached"]
    lines.append(f"Breaches standing: {len(breached)}")
    lines += [f"  - {f.id}: {f.clause_title} ({f.subject}), due {f.due}" for f in breached]
    return "\n".join(lines) + "\n"


_CSS = """body{font-family:system-ui,-apple-system,Segoe UI,Arial,sans-serif;max-width:60rem;margin:1.5rem auto;
padding:0 1rem;color:#1b1b1b}h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;
text-align:left;vertical-align:top}th{background:#f2f2f2}.failed{background:#fde2e2;border:2px solid #b00;
padding:.8rem}.breached{color:#b00;font-weight:bold}.meta{color:#555;font-size:.85rem}code{font-size:.85rem}"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _changes_table(items: list[Change]) -> str:
    if not items:
        return "<p>None.</p>"
    rows = "".join(
        f"<tr><td><code>{_e(c.id)}</code></td><td>{_e(c.clause)}</td><td>{_e(c.subject)}</td>"
        f"<td>{_e(c.due)}</td><td>{_e(c.before or 'absent')}</td><td>{_e(c.after or 'absent')}</td></tr>"
        for c in items
    )
    return (
        "<table><tr><th>finding</th><th>clause</th><th>subject</th><th>due</th><th>before</th><th>now</th></tr>"
        f"{rows}</table>"
    )


def html_summary(run: Run, diff: Diff | None, current: list[Finding], authority_names: list[str]) -> str:
    """A self-contained HTML page (no external resources) summarising one run."""
    title = subject(run, diff, authority_names).removeprefix("[comply] ")
    meta = (
        f"<p class='meta'>Run #{run.id}, as of {_e(run.as_of)}; started {_e(run.started_at)}, ended "
        f"{_e(run.ended_at or '-')}; code {_e(run.code_version)}; host {_e(run.host)}</p>"
    )
    body = [f"<h1>{_e(title)}</h1>", meta]
    if run.status != "completed":
        body.append(
            f"<div class='failed'><strong>The run FAILED.</strong> These are not results, and nothing "
            f"here is an all clear.<br>Reason: {_e(run.error)}</div>"
        )
    else:
        counts = "".join(
            f"<tr><th>{_e(STATUS_WORDS[s])}</th><td>{run.counts.get(s, 0)}</td></tr>" for s in STATUS_ORDER
        )
        body.append(f"<h2>Findings by status</h2><table id='counts'>{counts}</table>")
        if diff is None or diff.before is None:
            body.append("<h2>Changes</h2><p>No earlier completed run to compare with: this run is the baseline.</p>")
        else:
            for cat in Diff.CATEGORIES:
                items = getattr(diff, cat)
                body.append(f"<h2 id='{cat}'>{_e(_LABELS[cat])} since run #{diff.before} ({len(items)})</h2>")
                body.append(_changes_table(items))
        breached = [f for f in current if f.status == "breached"]
        body.append(f"<h2 id='standing'>Breaches standing ({len(breached)})</h2>")
        if breached:
            rows = "".join(
                f"<tr><td class='breached'><code>{_e(f.id)}</code></td><td>{_e(f.clause_title)}</td>"
                f"<td>{_e(f.subject)}</td><td>{_e(f.due)}</td><td>{_e(f.explanation.reason)}</td></tr>"
                for f in breached
            )
            body.append(
                f"<table><tr><th>finding</th><th>clause</th><th>subject</th><th>due</th><th>why</th></tr>{rows}</table>"
            )
        else:
            body.append("<p>None.</p>")
        body.append(
            "<p class='meta'>Explain any finding with <code>comply explain &lt;finding id&gt; --as-of "
            f"{_e(run.as_of_date)}</code>.</p>"
        )
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{_e(title)}</title>"
        f"<style>{_CSS}</style></head><body>{''.join(body)}</body></html>\n"
    )


# -- the email ------------------------------------------------------------------------------------


def build_message(cfg: MailConfig, subject_line: str, text: str, html_page: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject_line
    msg["From"] = cfg.sender
    msg["To"] = ", ".join(cfg.recipients)
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    msg["Message-ID"] = make_msgid(domain="comply.local")
    msg.set_content(text)
    msg.add_alternative(html_page, subtype="html")
    return msg


def send(cfg: MailConfig, msg: EmailMessage) -> None:
    """Send through the configured relay; any failure raises OSError/smtplib.SMTPException."""
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
        client.send_message(msg, from_addr=cfg.sender, to_addrs=list(cfg.recipients))
