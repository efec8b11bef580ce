"""`comply moderngov sync` end to end, in real processes against the site on 127.0.0.1: the sync, then `comply
check` finds the boards' composition and the per-meeting duties met or breached from the synced facts; a failure
is one line on stderr, exit 2, and the store as it was."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import comply
from moderngov_site import Answer, Site

HERE = Path(__file__).parent


def _sync(store: Path, site: Site, *extra: str):
    return comply(
        "moderngov", "sync", "--site", site.url, "--mapping", str(HERE / "mapping.yaml"),
        "--from", "1/4/2017", "--to", "31/3/2018", *extra, store=store, init=False,
    )  # fmt: skip


def _store(tmp_path: Path) -> Path:
    store = tmp_path / "comply.db"
    comply("init", str(store), store=store, check=True)
    comply("import", str(HERE / "authority.yaml"), store=store, check=True, init=False)
    return store


def test_sync_then_check_finds_composition_and_per_meeting_duties_from_the_synced_facts(tmp_path: Path, site: Site):
    store = _store(tmp_path)
    done = _sync(store, site)
    assert done.returncode == 0, done.stderr
    assert "5 meetings of bvib (committee 501), csib (committee 502); stored 34 fact versions" in done.stdout
    assert "not mapped: item: 'Ofsted improvement plan'" in done.stdout
    again = _sync(store, site)
    assert "stored 0 fact versions (36 already stored unchanged)" in again.stdout
    checked = comply("check", "--as-of", "2017-10-01", "--format", "json", store=store, init=False)
    assert checked.returncode == 1, checked.stderr  # a breach stands
    status = {f["id"].removeprefix("tower-hamlets/"): f["status"] for f in json.loads(checked.stdout)["findings"]}
    expected = {
        # per meeting: the DCS's report at each CSIB meeting (direction 5e and the terms of reference)
        "dfe-2017.5e/csib-mg9001": "met",
        "dfe-2017.5e/csib-mg9002": "breached",  # the agenda lists no such report
        "csib-tor.dcs-progress-report/csib-mg9003": "met",  # the agenda is published before the minutes
        # composition, from the members listed at each meeting
        "bvib-tor.membership/bvib-mg8001:chair": "met",
        "bvib-tor.membership/bvib-mg8001:role:mayor": "met",
        "bvib-tor.membership/bvib-mg8001:role:chief-executive": "met",  # by the role pattern of the mapping
        "bvib-tor.membership/bvib-mg8001:external": "met",
        "bvib-tor.membership/bvib-mg8001:role:osc-chair": "breached",  # nobody listed in that capacity
        "csib-tor.membership/csib-mg9001:role:director-of-childrens-services": "met",
        "csib-tor.membership/csib-mg9001:role:borough-commander": "breached",
        # minutes not yet published: who sat is not known, never a breach
        "csib-tor.membership/csib-mg9003:role:mayor": "unknown",
    }
    assert {k: status.get(k) for k in expected} == expected
    assert not any("bvib-mg8002" in k for k in status)  # the cancelled meeting is not held: nothing to check


def test_a_failed_sync_is_one_line_exit_2_and_stores_nothing(tmp_path: Path, site: Site):
    store = _store(tmp_path)
    site.answers[("GetMeeting", "9002")] = Answer(200, b"<!DOCTYPE html><html><body>Sign in</body></html>", "text/html")
    before = store.read_bytes()
    failed = _sync(store, site)
    assert failed.returncode == 2
    lines = failed.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {site.url}: GetMeeting?lMeetingId=9002: "), failed.stderr
    assert "answered an HTML page" in lines[0] and "nothing was stored" in lines[0]
    assert store.read_bytes() == before


def _config(tmp_path: Path, site: str) -> Path:
    config = tmp_path / "comply.toml"
    config.write_text(
        f'[moderngov]\nsite = "{site}"\nmapping = "{HERE / "mapping.yaml"}"\ndays_back = 4000\ntimeout = 2\nretries = 0\n',
        encoding="utf-8",
    )
    return config


def test_nightly_sync_reads_the_site_before_it_evaluates(tmp_path: Path, site: Site):
    store = _store(tmp_path)
    runs = tmp_path / "runs"
    night = comply(
        "nightly", "--sync", "--config", str(_config(tmp_path, site.url)), "--as-of", "2017-10-01", "--out", str(runs),
        store=store, init=False,
    )  # fmt: skip
    assert night.returncode == 1, night.stderr  # a breach stands, found from the synced facts
    assert "moderngov sync of" in night.stdout and "stored 34 fact versions" in night.stdout
    doc = json.loads(next(runs.glob("run-*.json")).read_text(encoding="utf-8"))
    assert doc["sync_failure"] is None
    assert any(
        f["id"] == "tower-hamlets/dfe-2017.5e/csib-mg9002" and f["status"] == "breached" for f in doc["findings"]
    )


def test_a_failed_sync_does_not_stop_the_night_it_leads_the_digest_and_exits_2(tmp_path: Path, site: Site):
    store = _store(tmp_path)
    runs = tmp_path / "runs"
    site.answers[("GetCommittees", "")] = Answer(403, b"Forbidden", "text/plain")
    night = comply(
        "nightly", "--sync", "--config", str(_config(tmp_path, site.url)), "--as-of", "2017-10-01", "--out", str(runs),
        store=store, init=False,
    )  # fmt: skip
    assert night.returncode == 2
    assert f"error: the moderngov sync FAILED: {site.url}: GetCommittees?lDummy=0: the site refused" in night.stderr
    assert "nightly run #1 as of" in night.stdout  # the stored facts were evaluated all the same
    doc = json.loads(next(runs.glob("run-*.json")).read_text(encoding="utf-8"))
    assert doc["run"]["status"] == "completed" and "HTTP 403" in doc["sync_failure"]
    page = next(runs.glob("run-*.html")).read_text(encoding="utf-8")
    assert page.index('id="sync-failure"') < page.index('id="counts"')  # the digest leads with the failure
    assert "<title>SYNC FAILED:" in page
