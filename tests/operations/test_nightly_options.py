"""`comply nightly --batch-time-limit SECONDS`: the seconds one batch of authorities may run before the run stops and
fails (engine/operations/nightly.py, BATCH_TIME_LIMIT_S its default), checked where it is given, one line naming the
option and the value, and carried to the run (its log's "run started" event says the limit it ran under)."""

from __future__ import annotations

import json
import math

import pytest
from helpers import bundled, store_from
from hypothesis import given
from hypothesis import strategies as st
from nightly_support import comply

from engine.core.errors import InputError
from engine.operations import nightly


@pytest.mark.parametrize("given_", ["0", "-5", "nan", "inf", "-inf"])
def test_a_limit_not_above_zero_is_exit_2_naming_the_option_and_the_value(tmp_path, given_):
    with store_from(bundled(), tmp_path) as s:
        store = s.path
    done = comply("nightly", "--as-of", "2017-12-01", "--batch-time-limit", given_, "--out", str(tmp_path), store=store)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"--batch-time-limit: expected a number of seconds above 0 (default 3600), got {given_}\n" in done.stderr
    assert not (tmp_path / nightly.LOG_NAME).exists()  # refused before any run was started


def test_a_limit_that_is_not_a_number_is_refused_naming_the_option(tmp_path):
    with store_from(bundled(), tmp_path) as s:
        store = s.path
    done = comply("nightly", "--batch-time-limit", "an hour", "--out", str(tmp_path), store=store)
    assert done.returncode == 2
    assert "--batch-time-limit: expected a number of seconds above 0 (default 3600), got 'an hour'\n" in done.stderr


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_the_check_takes_exactly_the_finite_numbers_above_zero(seconds):
    if math.isfinite(seconds) and seconds > 0:
        assert nightly.check_batch_time_limit(seconds) == seconds
    else:
        with pytest.raises(InputError, match=r"^--batch-time-limit: expected a number of seconds above 0"):
            nightly.check_batch_time_limit(seconds)


def test_the_run_takes_the_limit_given_and_logs_it(tmp_path):
    with store_from(bundled(), tmp_path) as s:
        store = s.path
    out = tmp_path / "runs"
    done = comply("nightly", "--as-of", "2017-12-01", "--batch-time-limit", "90", "--out", str(out), store=store)
    assert done.returncode in (0, 1), done.stderr
    events = [json.loads(line) for line in (out / nightly.LOG_NAME).read_text().splitlines()]
    (started,) = [e for e in events if e["event"] == "run started"]
    assert started["batch_time_limit_s"] == 90.0
    again = comply("nightly", "--as-of", "2017-12-02", "--out", str(out), store=store)
    assert again.returncode in (0, 1), again.stderr
    events = [json.loads(line) for line in (out / nightly.LOG_NAME).read_text().splitlines()]
    assert [e["batch_time_limit_s"] for e in events if e["event"] == "run started"] == [
        90.0,
        nightly.BATCH_TIME_LIMIT_S,
    ]
