"""A write in bulk stores exactly what the same facts written one at a time store (issue 19).

Why: Store.write reads what is stored once, compares canonical JSON before fields and inserts every new
version with one executemany (engine/store/sqlite.py); the reference is the same store written one fact per
call, where nothing is held over between facts. Whatever was stored before (facts, corrections, withdrawals,
redactions) and whatever the batch holds (new facts, unchanged ones, changed ones, one fact twice), the two
must agree row for row: the same versions, in the same order, or the same refusal with nothing stored.
"""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from engine.core import clock, ids
from engine.core.errors import StoreError
from engine.model import facts as F
from engine.store import history as H
from engine.store.importer import parse_yaml
from engine.store.sqlite import Store, body_of, normalised

A = "tower-hamlets"
NOW = pendulum.datetime(2026, 1, 5, 12, tz="UTC")


def _rows() -> tuple[F.AuthorityFact, list[tuple[str, F.Fact]]]:
    from engine.cli.shared import BUNDLED_DATA

    authority, rows, problems = parse_yaml(BUNDLED_DATA)
    assert not problems and isinstance(authority, F.AuthorityFact)
    return authority, [(r.kind, r.fact) for r in rows]


AUTHORITY, ROWS = _rows()


def _changed(i: int) -> tuple[str, F.Fact]:
    """Fact i with other content under the same id (its source: not a field of any id)."""
    kind, fact = ROWS[i]
    return kind, fact.model_copy(update={"source": f"changed {i}"})


def _fid(i: int) -> str:
    kind, fact = ROWS[i]
    return ids.fact_id(kind, body_of(normalised(kind, fact)))


def _table(store: Store) -> list[tuple]:
    return [
        tuple(r)
        for r in store.conn.execute(
            "SELECT authority, kind, fact_id, version, recorded_at, recorded_by, operation, reason, body "
            "FROM fact_versions ORDER BY rowid"
        )
    ]


#: a dozen facts of the bundled data's kinds, spread through the file: few enough that a batch often names a fact
#: stored before, withdrawn, corrected, or twice
INDEX = st.sampled_from(range(0, len(ROWS), max(1, len(ROWS) // 12)))
BATCH = st.lists(st.tuples(INDEX, st.booleans()), min_size=1, max_size=30)  # (fact, changed?)


@settings(max_examples=examples(80), deadline=None)
@given(
    stored=st.lists(INDEX, max_size=30, unique=True),
    withdrawn=st.lists(INDEX, max_size=3, unique=True),
    corrected=st.lists(INDEX, max_size=3, unique=True),
    redacted=st.booleans(),
    batch=BATCH,
    source_of_record=st.booleans(),
)
def test_a_write_in_bulk_stores_what_one_fact_a_write_stores(
    stored, withdrawn, corrected, redacted, batch, source_of_record
):
    """The same history, then the same batch: in one write, or one write per fact. Both stores end with the
    same rows; or, when a fact of the batch is refused, the bulk write refuses with the message of the first
    refusal and stores nothing."""
    stores = [Store.open(":memory:"), Store.open(":memory:")]
    with clock.frozen(NOW):
        for store in stores:
            store.write(A, [("authority", AUTHORITY)] + [ROWS[i] for i in sorted(stored)], "before")
            for i in stored:
                if i in corrected:
                    store.write(A, [_changed(i)], "a sync", source_of_record=True)
                if i in withdrawn:
                    H.withdraw(store, A, _fid(i), "no longer so", "test")
            if redacted and stored and ROWS[stored[0]][1].source is not None:
                H.redact(store, A, _fid(stored[0]), "source", "erasure", "test")
        assert _table(stores[0]) == _table(stores[1])
        items = [_changed(i) if changed else ROWS[i] for i, changed in batch]
        bulk, single = stores
        before = _table(bulk)
        refused: list[str] = []
        for item in items:
            try:
                single.write(A, [item], "the batch", source_of_record=source_of_record)
            except StoreError as exc:
                refused.append(str(exc))
        if refused:
            with pytest.raises(StoreError) as caught:
                bulk.write(A, items, "the batch", source_of_record=source_of_record)
            assert str(caught.value) == refused[0]
            assert _table(bulk) == before  # nothing stored
        else:
            written = bulk.write(A, items, "the batch", source_of_record=source_of_record)
            assert _table(bulk) == _table(single)
            assert written.stored + written.unchanged == len(items)
            assert written.stored == len(_table(bulk)) - len(before)
    for store in stores:
        store.close()


def test_stored_keys_are_the_keys_a_load_gives(tmp_path):
    """Store.stored_keys (what an import checks references against, in one query) names the facts of each kind
    that a load gives: a withdrawn fact is left out, a fact withdrawn and asserted again by its source is in."""
    with clock.frozen(NOW), Store.open(tmp_path / "s.db") as store:
        store.write(A, [("authority", AUTHORITY), *ROWS], "test")
        person = next(i for i, (kind, _) in enumerate(ROWS) if kind == "people")
        H.withdraw(store, A, _fid(person), "not a member", "test")
        kinds = ("boards", "people", "meetings", "requests", "political_groups")
        state = store.load(A)
        assert store.stored_keys(A, kinds) == {k: {x.key for x in getattr(state, k)} for k in kinds}
        assert ROWS[person][1].key not in store.stored_keys(A, ["people"])["people"]  # type: ignore[attr-defined]
        store.write(A, [ROWS[person]], "its source", source_of_record=True)
        assert ROWS[person][1].key in store.stored_keys(A, ["people"])["people"]  # type: ignore[attr-defined]
