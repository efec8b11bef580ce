"""engine/core/status.py `counts_words`: the counts of findings in words, as the nightly run and its history say them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engine.core.status import STATUS_ORDER, counts_words, word


def test_counts_in_words_in_the_order_of_the_statuses_with_the_empty_ones_left_out():
    assert counts_words({"met": 25, "unknown": 178, "met_late": 1, "breached": 0}) == "178 unknown, 1 met late, 25 met"
    assert counts_words({}) == "" and counts_words({"breached": 0}) == ""


@given(st.dictionaries(st.sampled_from(STATUS_ORDER), st.integers(min_value=0, max_value=10**6)))
def test_every_count_is_said_once_and_only_the_ones_above_zero(counts: dict[str, int]):
    said = counts_words(counts)
    parts = said.split(", ") if said else []
    assert parts == [f"{counts[k]} {word(k)}" for k in STATUS_ORDER if counts.get(k)]
