"""Light findings (engine/model/findings.py): made without validation, explained when first read,
validated against the JSON contract where they leave (`model_dump`) or enter (`model_validate`).

The properties, on the bundled data at random as-of dates: an evaluation builds no explanation; an
explanation built late is the one a finding shows in its JSON; a finding survives the contract, a
pickle (worker processes return findings) and a deep copy unchanged; the JSON keys are in the
contract's order; and a finding the contract refuses is refused on the way out, not passed on.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import pickle

import pydantic
import pytest
from helpers import DIRECTIONS, bundled, store_from
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.core import calendar
from engine.evaluation import check as check_module
from engine.evaluation.check import check
from engine.model.findings import Finding, FindingRecord, Report, ReportRecord
from engine.model.state import AuthorityState


@functools.cache
def _state() -> AuthorityState:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder, store_from(bundled(), Path(folder)) as store:
        return store.load("tower-hamlets")


DAYS = st.dates(dt.date(2017, 4, 1), dt.date(2019, 6, 30))
SLOW = settings(
    max_examples=max(10, settings.default.max_examples // 10),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _check(day: dt.date) -> Report:
    return check(_state(), DIRECTIONS, calendar.as_of_instant(day.isoformat()))


@SLOW
@given(day=DAYS)
def test_an_evaluation_builds_no_explanation_until_one_is_read(day, monkeypatch):
    built: list[str] = []
    real = check_module.explain
    monkeypatch.setattr(check_module, "explain", lambda ob, *a, **k: built.append(ob.ok) or real(ob, *a, **k))
    rep = _check(day)
    assert built == []
    if rep.findings:
        first = rep.findings[0]
        assert first.explanation is first.explanation  # built once, then kept
        assert len(built) == 1


@SLOW
@given(day=DAYS)
def test_a_finding_read_back_through_the_contract_is_the_same_finding(day):
    rep = _check(day)
    doc = rep.model_dump(mode="json")
    assert list(doc) == list(ReportRecord.model_fields)
    for f, out in zip(rep.findings, doc["findings"], strict=True):
        assert list(out) == list(FindingRecord.model_fields)  # the JSON keys in the contract's order
        back = Finding.model_validate(out)
        assert back == f and back.model_dump(mode="json") == out
        assert Finding.model_validate_json(json.dumps(out)).model_dump() == f.model_dump()
    assert pickle.loads(pickle.dumps(rep)).model_dump() == rep.model_dump()
    assert rep.model_copy(deep=True) == rep


def test_an_explanation_built_late_is_the_one_the_json_shows():
    lazy = _check(dt.date(2017, 12, 1))
    eager = _check(dt.date(2017, 12, 1))
    for f in eager.findings:
        f.explanation  # noqa: B018 - built at once
    assert json.dumps(lazy.model_dump(mode="json")) == json.dumps(eager.model_dump(mode="json"))
    reasons = {f.explanation.reason for f in lazy.findings}
    assert "Evidence shows it was done by the due time." in reasons


def test_a_finding_the_contract_refuses_is_refused_on_the_way_out():
    f = _check(dt.date(2017, 7, 1)).findings[0]
    bad = f.model_copy(update={"status": "probably_fine"})
    assert bad.status == "probably_fine"  # made without validation, as the evaluation makes them
    with pytest.raises(pydantic.ValidationError, match="status"):
        bad.model_dump(mode="json")
    with pytest.raises(pydantic.ValidationError):
        Finding.model_validate({**f.model_dump(mode="json"), "due": None})


def test_a_finding_needs_its_explanation_or_a_way_to_build_it():
    values = _check(dt.date(2017, 7, 1)).findings[0].model_dump()
    explanation = values.pop("explanation")
    with pytest.raises(TypeError, match="exactly one"):
        Finding(**values)
    with pytest.raises(TypeError, match="exactly one"):
        Finding(**values, explanation=explanation, explain=lambda: explanation)
