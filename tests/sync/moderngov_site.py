"""A ModernGov site on 127.0.0.1 for tests: a real HTTP server (http.server in a thread) answering the recorded
responses in tests/sync/responses/ the way the public service answers them, with any answer replaceable by a
failure (a status, an HTML page, truncated XML, a pause longer than the client waits)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

RESPONSES = Path(__file__).parent / "responses"

#: the query parameter that picks a recorded response of a call
KEYED = {"GetMeetings": "lCommitteeId", "GetMeeting": "lMeetingId"}


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/xml; charset=utf-8"
    delay: float = 0.0


class Site:
    """The server: `url` is the site's base URL; `answers[(call, key)]` replaces a recorded response (key: the
    committee or meeting id as text, or "" for a call without one); `requests` lists the paths asked for."""

    def __init__(self) -> None:
        self.answers: dict[tuple[str, str], Answer] = {}
        self.requests: list[str] = []
        self.agents: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the standard library's name
                url = urlparse(self.path)
                site.requests.append(self.path)
                site.agents.append(self.headers.get("User-Agent", ""))
                call = url.path.rsplit("/", 1)[-1]
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                key = query.get(KEYED.get(call, ""), "")
                answer = site.answers.get((call, key)) or site.answers.get((call, "*")) or site.recorded(call, key)
                if answer.delay:
                    time.sleep(answer.delay)
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", answer.content_type)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def recorded(self, call: str, key: str) -> Answer:
        path = RESPONSES / (f"{call}-{key}.xml" if key else f"{call}.xml")
        if not path.exists():
            return Answer(500, b"<html><body>Web Service method name is not valid.</body></html>", "text/html")
        return Answer(body=path.read_bytes())

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
