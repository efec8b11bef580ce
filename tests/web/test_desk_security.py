"""The desk hardened (issue 13), through Flask's own test client on a real SQLite store: failed
sign-ins throttled per account and per address (the sign-in form and HTTP Basic), sessions that
sign-out and a new password revoke, the security headers on every response, the request size limit
and Secure cookies when configured. Time moves with the one clock (engine.core.clock.frozen), never
by sleeping."""

from __future__ import annotations

import base64
import os
import re
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pendulum
import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from helpers import COMPLY, REPO_ROOT, bundled_store, run_comply

from engine.cli import web as cli_web
from engine.core import clock
from engine.store import users
from engine.store.sqlite import Store
from engine.web import TEMPLATES, create_app
from engine.web.request import workers_of

DIRECTIONS_DIR = REPO_ROOT / "directions"
PASSWORD = "long enough"  # the password of tests/web/conftest.py's users vi and ed

START = pendulum.datetime(2026, 11, 30, 13, 50, tz="Europe/London")


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token of the form on a page."""
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def attempt(client: FlaskClient, name: str, password: str):
    """One sign-in through the form (with its CSRF token)."""
    return client.post("/login", data={"csrf_token": csrf_token(client), "name": name, "password": password})


def failures(desk_app: Flask, scope: str, key: str) -> int | None:
    with Store.open(desk_app.config["DESK_STORE"]) as store:
        row = store.conn.execute(
            "SELECT failures FROM sign_in_failures WHERE scope=? AND key=?", (scope, key)
        ).fetchone()
    return row["failures"] if row else None


def one_argon2_check() -> float:
    """Seconds one Argon2 verification takes on this machine now (the cost a locked attempt must not pay)."""
    hasher = PasswordHasher()
    stored = hasher.hash("something else")
    started = time.perf_counter()
    try:
        hasher.verify(stored, "a wrong password")
    except Exception:
        pass
    return time.perf_counter() - started


@pytest.mark.real_password_hashing  # a locked attempt must cost less than a real Argon2 check (tests/password_hashing.py)
def test_a_hundred_wrong_passwords_are_throttled_and_the_right_one_works_after_the_lock(desk_app: Flask):
    client = desk_app.test_client()
    answers, refused_times = [], []
    for i in range(100):  # three seconds apart
        with clock.frozen(START.add(seconds=3 * i)):
            started = time.perf_counter()
            answer = attempt(client, "vi", f"wrong {i}")
            if i >= 5:
                refused_times.append(time.perf_counter() - started)
        answers.append((answer.status_code, answer.get_data(as_text=True)))
    assert [code for code, _ in answers[:2]] == [401, 401]  # the first two: only "wrong"
    assert "Wrong name or password." in answers[0][1] and "Too many" not in answers[0][1]
    assert "Wrong name or password. Too many failed sign-ins for this account; try again in 1 second." in answers[2][1]
    assert "try again in 2 seconds" in answers[3][1]  # the wait grows
    # the fifth failure locks the account for 15 minutes: 13:50:12 + 15 min, said as the minute it is free
    assert answers[4][0] == 429
    assert "Too many failed sign-ins for this account; try again after 14:06." in answers[4][1]
    for code, page in answers[5:]:
        assert code == 429 and "try again after 14:06" in page and "Wrong name" not in page
    # the 95 attempts while locked were not checked (not counted, and no Argon2 hash each)
    assert failures(desk_app, "account", "vi") == 5
    assert statistics.median(refused_times) < one_argon2_check() / 2, (statistics.median(refused_times),)
    with clock.frozen(START.add(minutes=15, seconds=11)):  # still locked: even the right password
        locked = attempt(client, "vi", PASSWORD)
        assert locked.status_code == 429 and locked.headers["Retry-After"] == "1"
    with clock.frozen(START.add(minutes=15, seconds=12)):  # the lock has passed
        signed_in = attempt(client, "vi", PASSWORD)
        assert signed_in.status_code == 302
        assert client.get("/timeline?as_of=2018-02-01").status_code == 200
    assert failures(desk_app, "account", "vi") is None  # a good sign-in clears the account's failures


def test_failures_from_one_address_lock_it_for_every_name_but_not_other_addresses(desk_app: Flask):
    attacker = desk_app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    for i in range(users.ADDRESS_LIMIT):  # a different name each time: no account reaches its limit
        with clock.frozen(START.add(minutes=i)):
            answer = attempt(attacker, f"guess{i}", "wrong password")
    assert answer.status_code == 429 and "from this address; try again after 14:24" in answer.get_data(as_text=True)
    with clock.frozen(START.add(minutes=users.ADDRESS_LIMIT)):
        refused = attempt(attacker, "vi", PASSWORD)  # the right password, from the locked address
        assert refused.status_code == 429
        assert "Too many failed sign-ins from this address" in refused.get_data(as_text=True)
        colleague = desk_app.test_client()
        colleague.environ_base["REMOTE_ADDR"] = "10.0.0.10"
        assert attempt(colleague, "vi", PASSWORD).status_code == 302


def test_unknown_names_are_throttled_as_known_ones_are(desk_app: Flask):
    """The answers do not tell which names exist: an unknown name locks as a known one does."""
    pages = {}
    for name in ("vi", "nobody"):
        client = desk_app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.1.0.{len(pages)}"
        for i in range(users.ACCOUNT_LIMIT):
            with clock.frozen(START.add(minutes=i)):
                answer = attempt(client, name, "wrong password")
        pages[name] = (answer.status_code, answer.get_data(as_text=True).replace(f'value="{name}"', ""))
        pages[name] = (pages[name][0], re.sub(r'name="csrf_token" value="[^"]+"', "", pages[name][1]))
        pages[name] = (pages[name][0], re.sub(r'nonce="[^"]+"', "", pages[name][1]))  # a fresh one each page
    assert pages["vi"] == pages["nobody"]
    assert pages["vi"][0] == 429 and "for this account; try again after 14:09" in pages["vi"][1]


def test_http_basic_on_the_calendar_feed_is_throttled_as_the_form_is(desk_app: Flask):
    client = desk_app.test_client()

    def basic(password: str):
        token = base64.b64encode(f"vi:{password}".encode()).decode()
        return client.get("/calendar.ics", headers={"Authorization": f"Basic {token}"})

    codes = []
    for i in range(30):
        with clock.frozen(START.add(seconds=3 * i)):
            codes.append(basic(f"wrong {i}"))
    assert [c.status_code for c in codes[:2]] == [401, 401]
    assert all(c.status_code == 429 for c in codes[4:])
    assert codes[-1].get_data(as_text=True) == "Too many failed sign-ins for this account; try again after 14:06.\n"
    assert failures(desk_app, "account", "vi") == 5
    with clock.frozen(START.add(minutes=10)):
        assert basic(PASSWORD).status_code == 429  # locked: the right password is not even checked
    with clock.frozen(START.add(minutes=16)):
        feed = basic(PASSWORD)
        assert feed.status_code == 200 and feed.mimetype == "text/calendar"


def test_a_session_cookie_copied_before_sign_out_no_longer_works_after_it(
    desk_app: Flask, signed_in: Callable[[str], FlaskClient]
):
    mo = signed_in("ed")
    copied = mo.get_cookie("session").value
    thief = desk_app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/timeline?as_of=2018-02-01").status_code == 200  # the copy works while the session lasts
    signed_out = mo.post("/logout", data={"csrf_token": csrf_token(mo, "/timeline?as_of=2018-02-01")})
    assert signed_out.status_code == 302
    thief.set_cookie("session", copied)  # the very cookie, sent again
    after = thief.get("/timeline?as_of=2018-02-01")
    assert after.status_code == 302 and "/login" in after.headers["Location"]
    assert mo.get("/timeline?as_of=2018-02-01").status_code == 302


def test_a_new_password_ends_every_session_of_the_user_and_only_theirs(
    desk_app: Flask, signed_in: Callable[[str], FlaskClient]
):
    office, laptop, other = signed_in("vi"), signed_in("vi"), signed_in("ed")
    for client in (office, laptop, other):
        assert client.get("/timeline?as_of=2018-02-01").status_code == 200
    with Store.open(desk_app.config["DESK_STORE"]) as store:
        users.set_password(store, "vi", "a new long password")
    for client in (office, laptop):
        assert client.get("/timeline?as_of=2018-02-01").status_code == 302
    assert other.get("/timeline?as_of=2018-02-01").status_code == 200
    fresh = desk_app.test_client()
    assert attempt(fresh, "vi", PASSWORD).status_code == 401
    assert attempt(fresh, "vi", "a new long password").status_code == 302


def test_a_session_ends_after_its_hours(desk_app: Flask):
    client = desk_app.test_client()
    with clock.frozen(START):
        assert attempt(client, "vi", PASSWORD).status_code == 302
    with clock.frozen(START.add(hours=users.SESSION_HOURS, seconds=-1)):
        assert client.get("/timeline?as_of=2018-02-01").status_code == 200
    with clock.frozen(START.add(hours=users.SESSION_HOURS)):
        assert client.get("/timeline?as_of=2018-02-01").status_code == 302


def test_comply_user_password_sets_a_new_password_and_lifts_a_lock(tmp_path: Path):
    with bundled_store(tmp_path) as s:
        users.add_user(s, "vi", "viewer", PASSWORD)
        # the failures in the minutes just before now (the command below runs at the real time, so a
        # fixed date would let the 15-minute lock expire by itself on a later day or hour)
        recent = clock.now().subtract(minutes=users.ACCOUNT_LIMIT)
        for i in range(users.ACCOUNT_LIMIT):
            with clock.frozen(recent.add(minutes=i)):
                assert users.sign_in(s, "vi", "wrong password", "10.0.0.1").user is None
        assert users.sign_in(s, "vi", PASSWORD, "10.0.0.2").throttle.locked
    db = tmp_path / "comply.db"
    changed = subprocess.run(
        [*COMPLY, "--store", str(db), "user", "password", "vi", "--password-stdin"],
        input="another long one\n",
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert changed.returncode == 0 and "their sessions have ended" in changed.stderr, changed.stderr
    unknown = subprocess.run(
        [*COMPLY, "--store", str(db), "user", "password", "nobody", "--password-stdin"],
        input="another long one\n",
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert unknown.returncode == 2 and "no user named 'nobody'" in unknown.stderr, unknown.stderr
    with Store.open(db) as s:
        assert users.sign_in(s, "vi", "another long one", "10.0.0.2").user == users.User("vi", "viewer")
        assert users.sign_in(s, "vi", PASSWORD, "10.0.0.2").user is None


def test_every_response_carries_the_security_headers(desk_app: Flask, signed_in: Callable[[str], FlaskClient]):
    client = signed_in("ed")
    anonymous = desk_app.test_client()
    responses = {
        "/login": anonymous.get("/login"),
        "/ (not signed in)": anonymous.get("/"),
        "/static/desk.css": anonymous.get("/static/desk.css"),
        "/": client.get("/?as_of=2018-02-01"),
        "/timeline": client.get("/timeline?as_of=2018-02-01"),
        "/plan": client.get("/plan"),
        "/record/submission": client.get("/record/submission?as_of=2018-02-01"),
        "/report": client.get("/report?as_of=2018-02-01"),
        "/calendar.ics": client.get("/calendar.ics"),
        "404": client.get("/finding/no/such/1"),
    }
    for path, response in responses.items():
        headers = response.headers
        policy = headers.get("Content-Security-Policy", "")
        assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy, path
        assert "unsafe-eval" not in policy, path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "same-origin", path
        assert headers["X-Frame-Options"] == "DENY", path
        assert "Strict-Transport-Security" not in headers, path  # only with Secure cookies
        if path != "/static/desk.css":
            assert headers["Cache-Control"] == "no-store", path
        page = response.get_data(as_text=True)
        if path != "/report":
            # scripts and styles from the desk's own files; the one inline script (GOV.UK Frontend's
            # template marks the body js-enabled) by this response's nonce; nothing else inline
            assert "'unsafe-inline'" not in policy and "'sha256-" not in policy, path
            assert "script-src 'self' 'nonce-" in policy and "style-src 'self';" in policy, path
        if response.status_code in (200, 404) and response.mimetype == "text/html" and path != "/report":
            assert "<style" not in page, path
            nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
            scripts = re.findall(r"<script([^>]*)>", page)
            inline = [attrs for attrs in scripts if "src=" not in attrs]
            assert inline == [f' nonce="{nonce}"'], (path, scripts)
            assert ' type="module" src="/static/desk.js"' in scripts, (path, scripts)
    assert "'unsafe-inline'" in responses["/report"].headers["Content-Security-Policy"]  # its own style sheet


def test_no_template_has_a_script_an_inline_style_or_an_event_handler():
    """What the Content-Security-Policy would block: a page of the desk that needs any of these breaks.
    The one script is base.html's module, from the desk's static files (desk.js)."""
    for template in TEMPLATES.iterdir():
        text = template.read_text(encoding="utf-8").lower()
        scripts = re.findall(r"<script[^>]*>", text)
        if template.name == "base.html":
            assert scripts == ["<script type=\"module\" src=\"{{ url_for('static', filename='desk.js') }}\">"]
        else:
            assert not scripts, template.name
        assert "javascript:" not in text and "<style" not in text, template.name
        assert not re.search(r"\sstyle=", text), template.name
        assert not re.search(r"\son[a-z]+=", text), template.name


def test_a_request_larger_than_the_limit_is_refused_with_413(desk_app: Flask):
    client = desk_app.test_client()
    token = csrf_token(client)
    big = client.post("/login", data={"csrf_token": token, "name": "vi", "password": "x" * (1024 * 1024 + 1)})
    assert big.status_code == 413 and "at most 1,048,576 bytes" in big.get_data(as_text=True)
    assert failures(desk_app, "account", "vi") is None  # refused before any sign-in was tried


@pytest.fixture
def secure_app(tmp_path: Path) -> Iterator[Flask]:
    folder = tmp_path / "secure"
    folder.mkdir()
    with bundled_store(folder) as s:
        users.add_user(s, "vi", "viewer", PASSWORD)
    app = create_app(folder / "comply.db", DIRECTIONS_DIR, secure_cookies=True)
    yield app
    workers_of(app).close()


def test_cookies_are_secure_only_when_configured(desk_app: Flask, secure_app: Flask):
    plain = desk_app.test_client()
    answer = attempt(plain, "vi", PASSWORD)
    assert "Secure" not in answer.headers["Set-Cookie"] and "HttpOnly" in answer.headers["Set-Cookie"]
    secure = secure_app.test_client()
    secure.environ_base["wsgi.url_scheme"] = "https"  # as behind an HTTPS proxy
    answer = attempt(secure, "vi", PASSWORD)
    assert answer.status_code == 302
    assert "Secure" in answer.headers["Set-Cookie"] and "HttpOnly" in answer.headers["Set-Cookie"]
    assert answer.headers["Strict-Transport-Security"] == "max-age=31536000"


@pytest.fixture
def proxied_app(tmp_path: Path) -> Iterator[Flask]:
    """A desk that trusts one reverse proxy (`comply serve --trusted-proxies 1`)."""
    folder = tmp_path / "proxied"
    folder.mkdir()
    with bundled_store(folder) as s:
        users.add_user(s, "vi", "viewer", PASSWORD)
    app = create_app(folder / "comply.db", DIRECTIONS_DIR, trusted_proxies=1)
    yield app
    workers_of(app).close()


def failing_addresses(app: Flask) -> set[str]:
    with Store.open(app.config["DESK_STORE"]) as store:
        return {r["key"] for r in store.conn.execute("SELECT key FROM sign_in_failures WHERE scope='address'")}


def test_x_forwarded_for_is_ignored_unless_proxies_are_trusted(desk_app: Flask, proxied_app: Flask):
    """Off (the default), any client could write X-Forwarded-For, so the throttle counts the socket's
    address; with one trusted proxy, the address that proxy appended (the rightmost), and never one
    further left that the client wrote itself."""
    forwarded = {"X-Forwarded-For": "198.51.100.66, 203.0.113.7"}  # the client's own claim, then the proxy's
    for app in (desk_app, proxied_app):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = "10.0.0.1"  # the proxy, as the server sees it
        token = csrf_token(client)
        with clock.frozen(START):
            answer = client.post(
                "/login", data={"csrf_token": token, "name": "vi", "password": "wrong"}, headers=forwarded
            )
        assert answer.status_code == 401
    assert failing_addresses(desk_app) == {"10.0.0.1"}
    assert failing_addresses(proxied_app) == {"203.0.113.7"}


def test_behind_a_trusted_proxy_one_client_locked_out_leaves_the_others_free(proxied_app: Flask):
    """Every request comes from the proxy's socket: without the proxy trusted, one attacker's failures would lock
    out the whole council; with it, only the attacker's address is locked."""
    proxy = proxied_app.test_client()
    proxy.environ_base["REMOTE_ADDR"] = "10.0.0.1"
    for i in range(users.ADDRESS_LIMIT):
        with clock.frozen(START.add(minutes=i)):
            answer = proxy.post(
                "/login",
                data={"csrf_token": csrf_token(proxy), "name": f"guess{i}", "password": "wrong"},
                headers={"X-Forwarded-For": "203.0.113.7"},
            )
    assert answer.status_code == 429 and "from this address" in answer.get_data(as_text=True)
    with clock.frozen(START.add(minutes=users.ADDRESS_LIMIT)):
        colleague = proxy.post(
            "/login",
            data={"csrf_token": csrf_token(proxy), "name": "vi", "password": PASSWORD},
            headers={"X-Forwarded-For": "192.0.2.20"},
        )
        assert colleague.status_code == 302


def test_trusted_proxies_is_an_option_of_comply_serve_and_out_of_range_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    with bundled_store(tmp_path) as s:
        users.add_user(s, "vi", "viewer", PASSWORD)

    def never_served(*args, **kwargs):
        raise AssertionError("comply serve started a server: the option was not refused")

    monkeypatch.setattr(cli_web, "create_server", never_served)  # run in this process: refused, or fail, never serve
    for how, env in (
        (["--trusted-proxies", "11"], {}),
        (["--trusted-proxies", "-1"], {}),
        ([], {"COMPLY_TRUSTED_PROXIES": "eleven"}),
    ):
        done = run_comply(
            ["--store", str(tmp_path / "comply.db"), "serve", "--port", "0", *how], env={**os.environ, **env}
        )
        assert done.returncode == 2 and "--trusted-proxies" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    with pytest.raises(ValueError, match="--trusted-proxies: expected 0 to 10, got 11"):
        create_app(tmp_path / "comply.db", DIRECTIONS_DIR, trusted_proxies=11)
