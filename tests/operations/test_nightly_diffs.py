"""The comparison of two runs (engine/evaluation/diffs.py): on random pairs of runs built from real findings,
every obligation that differs is listed in exactly one category, and nothing that is the same is."""

from __future__ import annotations

import pytest
from helpers import bundled, report
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from engine.core.status import STATUS_ORDER
from engine.evaluation.diffs import Diff, compare
from engine.model.findings import Finding

_POOL: list[Finding] = []


@pytest.fixture(scope="module", autouse=True)
def pool(tmp_path_factory) -> None:
    """Real findings from the bundled data (83 obligations as of 1 December 2017)."""
    _POOL[:] = report(bundled(), tmp_path_factory.mktemp("pool"), "2017-12-01").findings
    assert len(_POOL) > 50


runs = st.lists(st.tuples(st.integers(0, 82), st.sampled_from(STATUS_ORDER)), max_size=40, unique_by=lambda t: t[0])


def build(picks: list[tuple[int, str]]) -> list[Finding]:
    return [_POOL[i].model_copy(update={"status": s}) for i, s in picks if i < len(_POOL)]


@settings(max_examples=examples(300), deadline=None)
@given(runs, runs)
def test_every_difference_is_in_exactly_one_category(old_picks, new_picks):
    old, new = build(old_picks), build(new_picks)
    d = compare(old, new, 1, 2)
    was = {f.id: f.status for f in old}
    now = {f.id: f.status for f in new}
    differing = {k for k in was.keys() | now.keys() if was.get(k) != now.get(k)}
    listed = [c.id for cat in Diff.CATEGORIES for c in getattr(d, cat)]
    assert sorted(listed) == sorted(differing)  # each once, and only what differs
    for cat in Diff.CATEGORIES:
        for c in getattr(d, cat):
            assert (c.before, c.after) == (was.get(c.id), now.get(c.id))
    assert all(c.after == "breached" and c.before != "breached" for c in d.new_breaches)
    assert all(c.before == "breached" and c.after not in (None, "breached") for c in d.resolved_breaches)
    assert all(c.after == "due_soon" and c.before != "due_soon" for c in d.newly_due_soon)
    assert all(c.after is None for c in d.vanished) and all(c.before is None for c in d.new_obligations)
    assert d.changed == bool(differing)


def test_a_first_run_is_the_baseline_and_counts_as_changed():
    d = compare(None, build([(0, "met")]), None, 1)
    assert d.changed and not any(d.counts().values())


@settings(max_examples=examples(50), deadline=None)
@given(st.integers(0, 82), st.booleans())
def test_a_change_says_its_due_date_in_words_and_keeps_iso_in_json(i, time_known):
    """The nightly run's comparison lines say the due date as every other output does (Finding.due_words: GOV.UK
    style, a day whose time is not recorded said so), never as ISO 8601; the JSON form keeps the ISO instant."""
    f = _POOL[i % len(_POOL)].model_copy(update={"status": "breached", "due_time_known": time_known})
    (c,) = compare([], [f], 1, 2).new_breaches
    assert f"due {f.due_words()}): absent -> breached" in c.words(), c.words()
    assert f.due[:10] not in c.words().split(", due ")[-1]  # (an id may name a meeting's day in ISO)
    assert ("(time not recorded)" in c.words()) == (not time_known and f.open_since is None and f.due_earliest is None)
    assert c.to_json()["due"] == f.due and "due_said" not in c.to_json()
