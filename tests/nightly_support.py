"""Helpers for the nightly-run tests: a real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what
it receives, `comply` run as a real process, and a run paused at one of the stages of
engine/operations/nightly.py (the test installs a pausing stage hook in the process it starts)."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from helpers import run_comply

from engine.cli.app import REPO_ROOT
from engine.evaluation.rete import evaluate as rete_evaluate
from engine.operations import nightly

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
    """aiosmtpd handler: parses every DATA with the stdlib email parser and keeps it; while `refusing` holds an SMTP
    reply (such as '554 5.3.0 mailbox unavailable'), answers every message with it and keeps nothing."""

    messages: list[Received] = field(default_factory=list)
    refusing: str | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refusing:
            return self.refusing
        msg = BytesParser(policy=policy.default).parsebytes(envelope.original_content or envelope.content)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), msg))  # type: ignore[arg-type]
        return "250 OK"


@dataclass
class Authenticator:
    """aiosmtpd authenticator accepting one login and password, noting every attempt."""

    login: str
    password: str
    attempts: list[tuple[str, bool]] = field(default_factory=list)

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == self.login
            and auth_data.password.decode() == self.password
        )
        self.attempts.append((auth_data.login.decode() if isinstance(auth_data, LoginPassword) else "?", ok))
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself


class SmtpServer:
    """A real SMTP server on 127.0.0.1 at a free port, for the length of a test.

    tls="starttls" requires STARTTLS before AUTH and mail; tls="ssl" speaks TLS from the first
    byte; both present a certificate for 127.0.0.1 from a throwaway CA (trustme), whose
    certificate `ca_file` holds for the client to trust. `auth` requires that login/password.
    """

    def __init__(self, tls: str = "none", auth: tuple[str, str] | None = None, ca_dir: Path | None = None) -> None:
        self.handler = Collector()
        self.port = free_port()
        self.tls = tls
        self.authenticator = Authenticator(*auth) if auth else None
        kwargs: dict[str, Any] = {}
        self.ca_file: Path | None = None
        if tls != "none":
            ca = trustme.CA()
            server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ca.issue_cert("127.0.0.1").configure_cert(server_ctx)
            assert ca_dir is not None, "give ca_dir to write the CA certificate into"
            self.ca_file = ca_dir / "test-ca.pem"
            ca.cert_pem.write_to_path(str(self.ca_file))
            if tls == "starttls":
                kwargs.update(tls_context=server_ctx, require_starttls=True)
            else:
                kwargs.update(ssl_context=server_ctx, server_hostname="127.0.0.1")
        if self.authenticator:
            # aiosmtpd counts only STARTTLS as TLS for auth_require_tls; with ssl the whole session is TLS
            kwargs.update(authenticator=self.authenticator, auth_required=True, auth_require_tls=tls == "starttls")
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.controller.stop()

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages

    def env(self, to: str = "monitoring.officer@example.org,chief.executive@example.org") -> dict[str, str]:
        env = {
            "COMPLY_SMTP_HOST": "127.0.0.1",
            "COMPLY_SMTP_PORT": str(self.port),
            "COMPLY_SMTP_TLS": self.tls,
            "COMPLY_MAIL_FROM": "comply@example.org",
            "COMPLY_MAIL_TO": to,
        }
        if self.ca_file:
            env["COMPLY_SMTP_CAFILE"] = str(self.ca_file)
        return env


def comply(
    *args: str, store: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """`comply ARGS` on the store given by $COMPLY_STORE, in this process (helpers.run_comply); `env` added to
    this process's environment without its mail settings."""
    full = {k: v for k, v in os.environ.items() if not k.startswith(("COMPLY_SMTP_", "COMPLY_MAIL_"))}
    full.update({"COMPLY_STORE": str(store), **(env or {})})
    return run_comply(args, env=full, timeout=timeout)


def pause_at(stage: str, folder: Path) -> None:
    """Install, in this process, a stage hook that stops the nightly run at `stage`: it writes
    <folder>/<stage>.reached (holding the pid), then waits until <folder>/<stage>.go exists."""

    def hook(reached: str) -> None:
        if reached != stage:
            return
        (folder / f"{stage}.reached").write_text(str(os.getpid()))
        deadline = time.monotonic() + 300
        while not (folder / f"{stage}.go").exists():
            if time.monotonic() > deadline:
                raise RuntimeError(f"test pause at {stage}: {folder / (stage + '.go')} never appeared")
            time.sleep(0.05)

    assert stage in nightly.STAGES, stage
    nightly.stage_hook = hook


#: `comply` in a process that first installs the pausing stage hook (argv[1], argv[2]: stage, folder)
PAUSED_COMPLY = [
    sys.executable,
    "-c",
    "import sys; sys.path.insert(0, sys.argv.pop(1)); "
    "from nightly_support import pause_at; from pathlib import Path; "
    "pause_at(sys.argv.pop(1), Path(sys.argv.pop(1))); "
    "from engine.cli.main import app; app(prog_name='comply')",
    str(Path(__file__).resolve().parent),
]


def start_paused(
    stage: str, pause_dir: Path, *args: str, store: Path, env: dict[str, str] | None = None
) -> subprocess.Popen:
    """Start `comply nightly ...` that stops at `stage` until released; wait until it is there."""
    pause_dir.mkdir(parents=True, exist_ok=True)
    full = {k: v for k, v in os.environ.items() if not k.startswith(("COMPLY_SMTP_", "COMPLY_MAIL_"))}
    full.update({"COMPLY_STORE": str(store), **(env or {})})
    proc = subprocess.Popen(
        [*PAUSED_COMPLY, stage, str(pause_dir), "nightly", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=full,
        cwd=REPO_ROOT,
    )
    reached = pause_dir / f"{stage}.reached"
    deadline = time.monotonic() + 60
    while not reached.exists():
        if proc.poll() is not None:
            raise AssertionError(f"the run ended before reaching {stage}: {proc.communicate()}")
        assert time.monotonic() < deadline, f"the run never reached {stage}"
        time.sleep(0.05)
    while not reached.read_text():  # created, not yet written
        time.sleep(0.01)
    pid = int(reached.read_text())
    # "evaluating" is reached in the process of the run's batch, forked by a worker of the run's process pool
    # (engine/operations/executors.py): a grandchild of the run's process
    assert pid == proc.pid or parent_of(parent_of(pid)) == proc.pid, (pid, proc.pid)
    return proc


def parent_of(pid: int) -> int:
    """The parent process id of a living process (from /proc/PID/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat[stat.rindex(")") + 2 :].split()[1])


def release(stage: str, pause_dir: Path) -> None:
    (pause_dir / f"{stage}.go").write_text("go")


def refusing_evaluator(obligations, evidence, clock):
    """The real rules engine, whose answer then loses one status: the self-check must refuse it."""
    return rete_evaluate(obligations, evidence, clock)[1:]
