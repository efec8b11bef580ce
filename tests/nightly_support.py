"""Helpers for the nightly-run tests: a real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what
it receives, `comply` run as a real process, and the test-only pause points of engine/nightly.py."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from engine.cli import REPO_ROOT

COMPLY = [sys.executable, "-m", "engine.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    """One message as the server received it: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        assert part is not None, "the message has no HTML part"
        return part.get_content()

    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None, "the message has no plain-text part"
        return part.get_content()


@dataclass
class Collector:
    """aiosmtpd handler: parses every DATA with the stdlib email parser and keeps it."""

    messages: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = BytesParser(policy=policy.default).parsebytes(envelope.original_content or envelope.content)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), msg))  # type: ignore[arg-type]
        return "250 OK"


class SmtpServer:
    """A real SMTP server on 127.0.0.1 at a free port, for the length of a test."""

    def __init__(self) -> None:
        self.handler = Collector()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.controller.stop()

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages

    def env(self, to: str = "monitoring.officer@example.org,chief.executive@example.org") -> dict[str, str]:
        return {"COMPLY_SMTP_HOST": "127.0.0.1", "COMPLY_SMTP_PORT": str(self.port), "COMPLY_SMTP_TLS": "none",
                "COMPLY_MAIL_FROM": "comply@example.org", "COMPLY_MAIL_TO": to}


def comply(*args: str, store: Path, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """`comply` as a user runs it: a real process, the store given by $COMPLY_STORE."""
    full = {k: v for k, v in os.environ.items() if not k.startswith(("COMPLY_SMTP_", "COMPLY_MAIL_", "COMPLY_TEST_"))}
    full.update({"COMPLY_STORE": str(store), **(env or {})})
    return subprocess.run([*COMPLY, *args], capture_output=True, text=True, env=full, cwd=REPO_ROOT, timeout=timeout)


def start_paused(stage: str, pause_dir: Path, *args: str, store: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start `comply nightly ...` that stops at `stage` until released; wait until it is there."""
    pause_dir.mkdir(parents=True, exist_ok=True)
    full = {k: v for k, v in os.environ.items() if not k.startswith(("COMPLY_SMTP_", "COMPLY_MAIL_", "COMPLY_TEST_"))}
    full.update({"COMPLY_STORE": str(store), "COMPLY_TEST_PAUSE_AT": stage, "COMPLY_TEST_PAUSE_DIR": str(pause_dir),
                 **(env or {})})
    proc = subprocess.Popen([*COMPLY, "nightly", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=full, cwd=REPO_ROOT)
    reached = pause_dir / f"{stage}.reached"
    deadline = time.monotonic() + 60
    while not reached.exists():
        if proc.poll() is not None:
            raise AssertionError(f"the run ended before reaching {stage}: {proc.communicate()}")
        assert time.monotonic() < deadline, f"the run never reached {stage}"
        time.sleep(0.05)
    assert reached.read_text() == str(proc.pid)
    return proc


def release(stage: str, pause_dir: Path) -> None:
    (pause_dir / f"{stage}.go").write_text("go")
