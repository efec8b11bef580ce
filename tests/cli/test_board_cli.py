"""`comply report` and `comply calendar` as a user runs them: a real process, a real SQLite file,
exit codes, and errors that name the option at fault and leave no file behind."""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path

import icalendar
import pypdf
import pytest
from helpers import init_demo, run_comply

from engine.cli.app import REPO_ROOT


def comply(*args: str, store: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    if not store.exists():
        init_demo(store)  # as `comply init --demo` makes it
    env = {**{k: v for k, v in os.environ.items() if k != "COMPLY_DESK_URL"}, "COMPLY_STORE": str(store), **(env or {})}
    return run_comply(args, env=env, timeout=180)


def test_comply_calendar_writes_a_feed_and_prints_its_path(tmp_path):
    out = tmp_path / "obligations.ics"
    run = comply("calendar", "--as-of", "2017-12-01", "--out", str(out), store=tmp_path / "c.db")
    assert run.returncode == 0, run.stderr
    assert run.stdout == f"{out.resolve()}\n"
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    n = len(cal.walk("VEVENT"))
    assert n > 0 and f"wrote {n} events for London Borough of Tower Hamlets" in run.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # the temporary file was renamed
    kept = json.loads((tmp_path / "obligations.ics.state.json").read_text(encoding="utf-8"))
    assert len(kept["events"]) == n and not any(e["left"] for e in kept["events"].values())


def test_comply_calendar_cancels_what_its_last_feed_published_and_is_no_longer_owed(tmp_path):
    """The state file beside the feed remembers what it published; an obligation gone since is sent as
    cancelled, and a desk address from COMPLY_DESK_URL gives each event its link."""
    out = tmp_path / "obligations.ics"
    first = comply("calendar", "--as-of", "2017-12-01", "--out", str(out), store=tmp_path / "c.db")
    assert first.returncode == 0, first.stderr
    kept = tmp_path / "obligations.ics.state.json"
    state = json.loads(kept.read_text(encoding="utf-8"))
    # an obligation the store no longer gives (as if its direction had been withdrawn)
    state["events"]["gone@comply"] = {"finding_id": "tower-hamlets/withdrawn.clause/1", "summary": "A withdrawn duty",
                                      "start": "2018-01-31", "left": None}  # fmt: skip
    kept.write_text(json.dumps(state), encoding="utf-8")
    run = comply("calendar", "--as-of", "2017-12-01", "--out", str(out), store=tmp_path / "c.db",
                 env={"COMPLY_DESK_URL": "https://comply.example.org"})  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "and 1 cancelled (no longer owed)" in run.stderr
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    assert str(events["gone@comply"]["STATUS"]) == "CANCELLED"
    assert all(str(e["URL"]).startswith("https://comply.example.org/finding/tower-hamlets/") for u, e in
               events.items() if u != "gone@comply")  # fmt: skip
    assert json.loads(kept.read_text(encoding="utf-8"))["events"]["gone@comply"]["left"]


@pytest.mark.parametrize(
    "args, env, message",
    [
        (["--desk-url", "comply.example.org"], {}, "error: --desk-url: expected the desk's address"),
        ([], {"COMPLY_DESK_URL": "ftp://x"}, "error: --desk-url: expected the desk's address"),
        ([], {}, "obligations.ics.state.json: not a calendar state file written by comply"),
    ],
)
def test_a_bad_desk_address_or_state_file_is_refused_and_nothing_is_written(tmp_path, args, env, message):
    out = tmp_path / "obligations.ics"
    if not args and not env:
        (tmp_path / "obligations.ics.state.json").write_text("not json", encoding="utf-8")
    run = comply("calendar", "--as-of", "2017-12-01", "--out", str(out), *args, store=tmp_path / "c.db", env=env)
    assert run.returncode == 2 and message in run.stderr.strip().splitlines()[-1], run.stderr
    assert not out.exists()


def test_comply_report_writes_the_html_and_prints_its_path(tmp_path):
    out = tmp_path / "board.html"
    run = comply("report", "--as-of", "2017-12-01", "--out", str(out), "--due-soon-days", "45", store=tmp_path / "c.db")
    assert run.returncode == 0, run.stderr
    assert run.stdout == f"{out.resolve()}\n"
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "No breach is proven" in html
    assert "warning window 45 days" in html and "<code>c.db</code>" in html
    assert str(tmp_path) not in html  # the store's name, never its path on the server


@pytest.mark.parametrize("command", ["report", "calendar"])
@pytest.mark.parametrize(
    "case, option, message",
    [
        ("missing-folder", "--out", "does not exist"),
        ("folder", "--out", "is a folder"),
        ("bad-date", "--as-of", "is not a date this reads"),
        ("no-authority", "--authority", "no-such-council"),
    ],
)
def test_bad_options_fail_cleanly_naming_the_option(tmp_path, command, case, option, message):
    store = tmp_path / "c.db"
    out = tmp_path / ("out.ics" if command == "calendar" else "out.html")
    args = {
        "missing-folder": ["--out", str(tmp_path / "no" / "such" / out.name)],
        "folder": ["--out", str(tmp_path)],
        "bad-date": ["--out", str(out), "--as-of", "2017-13-45"],
        "no-authority": ["--out", str(out), "--authority", "no-such-council"],
    }[case]
    run = comply(command, *args, store=store)
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert run.stdout == ""
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and message in last
    if option != "--authority":
        assert last.startswith(f"error: {option}:")
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_failed_run_leaves_an_earlier_file_as_it_was(tmp_path):
    out = tmp_path / "board.html"
    out.write_text("the earlier report", encoding="utf-8")
    run = comply("report", "--as-of", "not-a-date", "--out", str(out), store=tmp_path / "c.db")
    assert run.returncode == 2
    assert out.read_text(encoding="utf-8") == "the earlier report"


def test_a_write_that_fails_midway_leaves_the_earlier_file_and_no_temporary_file(tmp_path, monkeypatch):
    """The failure happens in the write itself (the disk fills, say): the rename never happens."""
    import os

    import pytest

    from engine.core.files import write_atomically

    out = tmp_path / "board.html"
    out.write_text("the earlier report", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(out, b"the new report, half written")
    assert out.read_text(encoding="utf-8") == "the earlier report"
    assert [p.name for p in tmp_path.iterdir()] == ["board.html"]


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("board.pdf", [], "for a PDF add --format pdf"),  # never HTML in a file named .pdf
        ("board.PDF", ["--format", "html"], "for a PDF add --format pdf"),
        ("board.html", ["--format", "pdf"], "name it"),  # nor a PDF in a file named .html
        ("board.pdf", ["--format", "docx"], "--format: expected 'html' or 'pdf'"),
    ],
)
def test_a_pdf_is_asked_for_with_format_pdf_and_nothing_is_written_otherwise(tmp_path, name, args, message):
    out = tmp_path / name
    run = comply("report", "--as-of", "2017-12-01", "--out", str(out), *args, store=tmp_path / "c.db")
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert run.stdout == ""
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and message in last
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_comply_report_format_pdf_writes_a_pdf_with_no_path_in_it(tmp_path):
    """A real run: as of 1 May 2017 (a short paper, so the test is quick), the PDF's path printed."""
    out = tmp_path / "board.pdf"
    run = comply("report", "--as-of", "2017-05-01", "--format", "pdf", "--out", str(out), store=tmp_path / "c.db")
    assert run.returncode == 0, run.stderr
    assert run.stdout == f"{out.resolve()}\n"
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Compliance with Secretary of State directions" in text and "from the store c.db" in text
    assert str(tmp_path) not in text and str(REPO_ROOT) not in text
    assert "/StructTreeRoot" in reader.trailer["/Root"] and reader.trailer["/Root"]["/Lang"] == "en-GB"
