"""The desk's overview says when each board was last synced from the committee system (`comply moderngov sync`),
and says nothing of it before any sync."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

import pendulum
from flask import Flask
from flask.testing import FlaskClient

from engine.core import clock
from engine.store.sqlite import Store
from engine.sync.client import Service
from engine.sync.mapping import load_mapping
from engine.sync.moderngov import sync

SYNC_TESTS = Path(__file__).parents[1] / "sync"
sys.path.insert(0, str(SYNC_TESTS))

from moderngov_site import Site  # noqa: E402


def test_the_overview_shows_when_each_board_was_last_synced(desk_app: Flask, signed_in: Callable[[str], FlaskClient]):
    client = signed_in("vi")
    assert 'id="synced"' not in client.get("/?as_of=2017-10-01").get_data(as_text=True)
    with Site() as site, Store.open(desk_app.config["DESK_STORE"]) as store:
        with clock.frozen(pendulum.datetime(2026, 11, 30, 6, 15, tz="Europe/London")):
            sync(
                store,
                load_mapping(SYNC_TESTS / "mapping.yaml"),
                site.url,
                dt.date(2017, 4, 1),
                dt.date(2018, 3, 31),
                service=lambda url: Service(url, timeout=5, retries=0),
            )
    page = client.get("/?as_of=2017-10-01").get_data(as_text=True)
    panel = page[page.index('id="synced"') :].split("</p>")[0]
    assert "Tower Hamlets Best Value Improvement Board last synced 06:15 GMT on 30 November 2026" in panel
    assert "Children&#39;s Services Improvement Board last synced 06:15 GMT on 30 November 2026" in panel
