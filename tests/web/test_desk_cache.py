"""What the desk keeps between requests (engine/operations/desk_cache.py) and how it stays right: a page asked again is
answered without a new evaluation, and anything recorded in the store, from the desk or from outside it, shows on
the very next page (the key holds `Store.facts_generation`, which every kind of write changes)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from desk_client import csrf_token
from flask import Flask
from flask.testing import FlaskClient
from helpers import bundled_store
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from engine.core.ids import fact_id
from engine.model import facts as F
from engine.operations.desk_cache import DeskCache
from engine.store import history as H
from engine.store.sqlite import Store
from engine.web.request import cache_of, workers_of

A = "tower-hamlets"
AS_OF = "2018-02-01"
Q2 = "tower-hamlets/bv-2017.quarterly-report/2"
#: the quarterly reports' records complete to the end of January 2018: Q2 (due in January) is then breached
COVERAGE = F.Coverage(subject="bv-2017.quarterly-report", complete_until="2018-01-31")


def coverage_id(fact: F.Coverage) -> str:
    return fact_id("coverage", fact.model_dump(mode="json"))


def page(client: FlaskClient, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200, (path, answer.status_code, answer.get_data(as_text=True)[-500:])
    return answer.get_data(as_text=True)


@contextmanager
def counted_evaluations(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every task the desk's evaluation workers are given, by its description, while the block runs."""
    pool = workers_of(app)
    given_tasks: list[str] = []
    real = pool.call

    def call(func, *args, describe: str = ""):  # noqa: ANN001, ANN202 - the pool's own signature
        given_tasks.append(describe)
        return real(func, *args, describe=describe)

    monkeypatch.setattr(pool, "call", call)
    yield given_tasks


def breached_section(html: str) -> str:
    """The worklist's breaches, or "" when it shows none."""
    if 'id="section-breached"' not in html:
        return ""
    return html.split('id="section-breached"', 1)[1].split('id="section-unknown"', 1)[0]


def test_a_page_asked_again_is_not_evaluated_again(desk_app, signed_in, monkeypatch):
    client = signed_in("vi")
    with counted_evaluations(desk_app, monkeypatch) as tasks:
        first = page(client, f"/?as_of={AS_OF}")
        again = page(client, f"/?as_of={AS_OF}")
        page(client, f"/finding/{Q2}?as_of={AS_OF}")  # the same findings: no evaluation either
        page(client, "/?as_of=2018-03-01")  # another day: evaluated
    assert same_page(first) == same_page(again)
    assert len(tasks) == 2 and "2018-03-01" in tasks[1]


def same_page(html: str) -> str:
    """A page without what is drawn afresh for every response: the Content-Security-Policy nonce and the
    CSRF token (signed with the time)."""
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', html)
    return re.sub(r'name="csrf_token" (type="hidden" )?value="[^"]*"', 'name="csrf_token"', html)


def test_a_fact_recorded_from_outside_the_desk_shows_on_the_next_page(desk_app, signed_in, monkeypatch):
    client = signed_in("vi")
    with counted_evaluations(desk_app, monkeypatch) as tasks:
        assert Q2 not in breached_section(page(client, f"/?as_of={AS_OF}"))  # no complete records: unknown
        page(client, f"/?as_of={AS_OF}")
        assert len(tasks) == 1
        # as `comply record coverage` would, through a store connection of its own
        with Store.open(desk_app.config["DESK_STORE"]) as s:
            s.write(A, [("coverage", COVERAGE)], "t")
        assert Q2 in breached_section(page(client, f"/?as_of={AS_OF}"))
        assert len(tasks) == 2
        # a withdrawal is a write too: the duty is unknown again on the next page
        with Store.open(desk_app.config["DESK_STORE"]) as s:
            H.withdraw(s, A, coverage_id(COVERAGE), "entered by mistake", "t")
        assert Q2 not in breached_section(page(client, f"/?as_of={AS_OF}"))
        assert len(tasks) == 3


def test_a_fact_recorded_on_the_desk_shows_on_the_next_page(desk_app, signed_in):
    client = signed_in("ed")
    assert Q2 not in breached_section(page(client, f"/?as_of={AS_OF}"))
    path = "/record/coverage"
    form = {"subject": "bv-2017.quarterly-report", "complete_until": ["31", "1", "2018"]}
    done = client.post(path, data={**form, "csrf_token": csrf_token(client, path)})
    assert done.status_code == 302, done.get_data(as_text=True)[-800:]
    assert Q2 in breached_section(page(client, f"/?as_of={AS_OF}"))


def test_every_kind_of_write_changes_the_generation(tmp_path: Path):
    """Recording, an unchanged re-recording (nothing stored: same generation), a correction, a withdrawal and a
    redaction: each write gives a generation not seen before; the other authority's generation is untouched."""
    with bundled_store(tmp_path) as s:
        seen = [s.facts_generation(A)]
        assert s.facts_generation("nowhere") == (0, 0, 0, 0)

        def wrote() -> None:
            now = s.facts_generation(A)
            assert now not in seen
            seen.append(now)

        s.write(A, [("coverage", COVERAGE)], "t")
        wrote()
        s.write(A, [("coverage", COVERAGE)], "t")  # unchanged: nothing stored
        assert s.facts_generation(A) == seen[-1]
        fid = coverage_id(COVERAGE)
        H.correct(s, A, fid, {"note": "from the clerk's register"}, "the source was missing", "t")
        wrote()
        H.redact(s, A, fid, "note", "erasure", "admin")
        wrote()
        H.withdraw(s, A, fid, "entered by mistake", "t")
        wrote()


@settings(max_examples=examples(60), deadline=None)
@given(
    entries=st.integers(1, 5),
    asked=st.lists(st.tuples(st.integers(0, 7), st.booleans()), max_size=40),
)
def test_the_cache_answers_as_its_maker_would_and_keeps_at_most_its_entries(entries, asked):
    """Against a model: a value made for a key is the value answered for that key while it is kept (a key's maker
    gives a fresh object each time, so an answer from the cache is the very object made before); a maker that
    raises keeps nothing; never more than `entries` are kept, the least recently used going first."""
    cache = DeskCache(entries)
    kept: list[int] = []  # the model: keys, least recently used first
    made: dict[int, object] = {}
    for key, fails in asked:

        def make(key: int = key, fails: bool = fails) -> object:
            if fails:
                raise RuntimeError("the evaluation failed")
            made[key] = object()
            return made[key]

        if key in kept:
            assert cache.get(key, make) is made[key]
            kept.remove(key)
            kept.append(key)
        elif fails:
            with pytest.raises(RuntimeError):
                cache.get(key, make)
        else:
            assert cache.get(key, make) is made[key]
            kept.append(key)
            del kept[:-entries]
        assert len(cache) == len(kept) <= entries


def test_a_cache_keeps_at_least_one_entry():
    with pytest.raises(ValueError, match="at least 1"):
        DeskCache(0)


def test_the_desk_keeps_findings_apart_by_authority_and_day(desk_app: Flask, signed_in: Callable[[str], FlaskClient]):
    client = signed_in("vi")
    page(client, f"/?as_of={AS_OF}")
    page(client, "/timeline?as_of=2018-03-01")
    keys = set(cache_of(desk_app)._kept)
    assert {k[0] for k in keys} == {"state", "findings"}
    assert {k[3] for k in keys if k[0] == "findings"} == {"2018-02-01T00:00:00+00:00", "2018-03-01T00:00:00+00:00"}
