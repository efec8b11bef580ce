"""A member leaving a board (engine/store/amend.py): the form's problems by field, then one UPDATE of
that membership only, with who recorded it in its note."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import bundled_store

from engine.store.amend import check_end, end_membership, membership_choice, open_memberships
from engine.store.sqlite import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = bundled_store(tmp_path)
    yield s
    s.close()


def test_a_member_leaving_sets_the_last_day_of_that_membership_only(store: Store):
    state = store.load("tower-hamlets")
    ms = open_memberships(state)[0]
    errors, _, _ = check_end(state, None, "2018-01-01")
    assert set(errors) == {"membership"}
    errors, _, _ = check_end(state, membership_choice(ms), "first of March")
    assert set(errors) == {"to"} and "is not a date this reads" in errors["to"][0]
    errors, _, _ = check_end(state, membership_choice(ms), "2000-01-01")
    assert set(errors) == {"to"} and "before the membership began" in errors["to"][0]
    errors, chosen, day = check_end(state, membership_choice(ms), "2018-03-31")
    assert not errors and chosen == ms
    before = store.counts()
    end_membership(store, "tower-hamlets", chosen, day, "recorded on the desk by mo", "desk user mo")
    after = store.load("tower-hamlets")
    changed = [m for m in after.memberships if m.until is not None and m.until.isoformat() == "2018-03-31"]
    assert [(m.board, m.person, m.start) for m in changed] == [(ms.board, ms.person, ms.start)]
    assert "recorded on the desk by mo" in changed[0].note
    # a new version of the membership, not an overwrite: the old one is still there, with who and why;
    # and, as every correction, an entry in the log (engine/store/audit.py)
    assert store.counts() == {
        **before,
        "fact_versions": before["fact_versions"] + 1,
        "audit_log": before["audit_log"] + 1,
    }
    versions = store.versions(
        "tower-hamlets", f"membership:{ms.board}.{ms.person}.{ms.start.isoformat()}.{ms.capacity}"
    )
    assert [v.operation for v in versions] == ["assert", "correct"] and versions[0].body["until"] is None
    assert versions[1].recorded_by == "desk user mo" and "2018-03-31" in (versions[1].reason or "")
    with pytest.raises(ValueError, match="^membership: .* no longer a current membership"):
        end_membership(store, "tower-hamlets", chosen, day, "again", "desk user mo")
