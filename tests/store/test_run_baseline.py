"""Property: whatever befell each night's email, the next night is compared with the last run whose digest was told,
and every night whose email failed since then is one it covers (engine/store/runs.baseline; docs/nightly.md, "When an
email fails"). Nights are recorded as the nightly run records them (runs.start, runs.complete with the run compared
with, runs.set_mail), with the email sent, not configured, failed, skipped (nothing changed since a told run), or
skipped as an earlier version did after a failed night (compared with it), in any order."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from engine.store import runs
from engine.store.sqlite import Store

OUTCOMES = ("sent", "not configured", "failed", "skipped", "skipped after a failed night")
MAIL = {
    "sent": runs.MAIL_SENT + "mo@example.org",
    "not configured": runs.MAIL_NOT_CONFIGURED,
    "failed": runs.MAIL_FAILED + "ConnectionRefusedError: [Errno 111] Connection refused (via 127.0.0.1:25)",
    "skipped": runs.MAIL_SKIPPED,
    "skipped after a failed night": runs.MAIL_SKIPPED,
}


def told(outcomes: list[str], compared: list[int | None], i: int) -> bool:
    """The oracle: night i's news reached its readers (sent or nothing to send), or it was skipped as equal to a night
    that did."""
    if outcomes[i] in ("sent", "not configured"):
        return True
    if outcomes[i] == "failed" or compared[i] is None:
        return False
    return told(outcomes, compared, compared[i])


@settings(max_examples=examples(100))
@given(st.lists(st.sampled_from(OUTCOMES), min_size=1, max_size=8))
def test_each_night_is_compared_with_the_last_told_night_and_covers_every_failed_one_since(drawn):
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "c.db") as store:
        outcomes: list[str] = []
        compared: list[int | None] = []  # index of the night each was compared with
        for n, outcome in enumerate([*drawn, "sent"]):
            day = f"2017-12-{n + 1:02d}"
            run_id = runs.start(store, f"{day}T00:00:00+00:00", day, 30, "t", {})
            base = runs.baseline(store, day, run_id)
            told_before = [i for i in range(n) if told(outcomes, compared, i)]
            expected = told_before[-1] if told_before else None
            assert (base.run.id - 1 if base.run else None) == expected
            after = expected + 1 if expected is not None else 0
            assert [u.run - 1 for u in base.unsent] == [i for i in range(after, n) if outcomes[i] == "failed"]
            assert all(u.why.startswith("ConnectionRefusedError") for u in base.unsent)
            if outcome == "skipped" and (base.unsent or base.run is None):
                outcome = "failed"  # the nightly run never skips a night that covers a failed one, or a first one
            previous = n - 1 if outcome == "skipped after a failed night" and n else expected
            if outcome == "skipped after a failed night" and not n:
                outcome, previous = "sent", None
            runs.complete(store, run_id, [], previous + 1 if previous is not None else None)
            runs.set_mail(store, run_id, MAIL[outcome])
            outcomes.append(outcome)
            compared.append(previous)
