"""A record that keeps its history: versions, corrections, withdrawals, redaction, known-at, re-import.

Real SQLite files, the real models; the clock is set with engine.core.clock.frozen so that "known at"
is exact. The command-line side (exit codes, messages) is in tests/cli/test_history_cli.py.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pendulum
import pytest
import yaml
from helpers import DIRECTIONS, REPO_ROOT, bundled, comply, store_from
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from engine.cli.shared import BUNDLED_DATA
from engine.core import clock
from engine.core.errors import InputError, StoreError
from engine.model import facts as F
from engine.store import history as H
from engine.store.importer import import_file, parse_yaml
from engine.store.sqlite import REDACTED, SCHEMA_VERSION, Store, Written

A = "tower-hamlets"
DATA = Path(__file__).resolve().parents[1] / "data"
T = [pendulum.datetime(2026, 1, d, 12, tz="UTC") for d in range(1, 8)]  # instants the tests record at


def _authority_and_rows() -> tuple[F.AuthorityFact, list[tuple[str, F.Fact]]]:
    authority, rows, problems = parse_yaml(BUNDLED_DATA)
    assert not problems and isinstance(authority, F.AuthorityFact)
    return authority, [(r.kind, r.fact) for r in rows]


AUTHORITY, ROWS = _authority_and_rows()


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=st.lists(st.integers(0, len(ROWS) - 1), min_size=1, max_size=40, unique=True), data=st.data())
def test_an_unchanged_re_import_stores_nothing(tmp_path_factory, chosen, data):
    """Any set of facts, written again in any order (the same or a part of them), stores nothing:
    no row is added and the loaded state is the same."""
    path = tmp_path_factory.mktemp("reimport") / "s.db"
    items = [("authority", AUTHORITY)] + [ROWS[i] for i in sorted(chosen)]
    with Store.open(path) as store:
        first = store.write(A, items, "test")
        assert first == Written(stored=len(items), unchanged=0)
        before, state = store.counts(), store.load(A)
        again = (
            data.draw(st.permutations(items))
            if data.draw(st.booleans())
            else items[: data.draw(st.integers(1, len(items)))]
        )
        assert store.write(A, again, "test again") == Written(stored=0, unchanged=len(again))
        assert store.counts() == before and store.load(A) == state


def test_importing_the_same_file_twice_stores_nothing_the_second_time(tmp_path):
    with store_from(bundled(), tmp_path) as store:
        before = store.counts()
        again = import_file(store, BUNDLED_DATA, DIRECTIONS)
        assert again.stored == 0 and again.unchanged == 101
        assert store.counts() == before


def test_every_version_says_when_by_whom_and_how(tmp_path):
    with store_from(bundled(), tmp_path) as store:
        v = store.versions(A, "submission:bv-2017-q1-report")
    assert len(v) == 1 and v[0].operation == "assert" and v[0].version == 1
    assert v[0].recorded_by.startswith("import ") and " sha256:" in v[0].recorded_by
    assert v[0].recorded_at.endswith("+00:00") and len(v[0].recorded_at) == len("2026-01-01T12:00:00.000000+00:00")


def _stored(tmp_path: Path) -> Store:
    with clock.frozen(T[0]):
        return store_from(bundled(), tmp_path)


def _q1(state) -> F.Submission:
    return next(s for s in state.submissions if s.key == "bv-2017-q1-report")


def test_a_correction_is_a_new_version_seen_at_known_at_after_it_and_not_before(tmp_path):
    with _stored(tmp_path) as store:
        with clock.frozen(T[2]):
            H.correct(
                store,
                A,
                "submission:bv-2017-q1-report",
                {"received": "2017-07-05T10:00", "received_between": None},
                "the covering letter is dated 5 July",
                "test user",
            )
        before, after, now = (store.load(A, known_at=t) for t in (T[1], T[3], None))
        versions = store.versions(A, "submission:bv-2017-q1-report")
    assert _q1(before).received is None and _q1(before).received_between is not None
    assert _q1(after).received.isoformat() == "2017-07-05T10:00:00+01:00" and _q1(now) == _q1(after)
    assert [v.operation for v in versions] == ["assert", "correct"]
    assert versions[1].reason == "the covering letter is dated 5 July" and versions[1].recorded_by == "test user"
    assert versions[0].body["received"] is None  # the first version is kept as it was


def test_a_withdrawal_hides_the_fact_after_it_and_not_before(tmp_path):
    with _stored(tmp_path) as store:
        with clock.frozen(T[2]):
            H.withdraw(store, A, "meeting:bvib-2017-06-14", "recorded twice by mistake", "test user")
        before, after = store.load(A, known_at=T[1]), store.load(A)
        with pytest.raises(InputError, match="already withdrawn"):
            H.withdraw(store, A, "meeting:bvib-2017-06-14", "again", "test user")
        # re-importing the file that asserted it does not quietly bring it back (nor is it refused)
        assert import_file(store, BUNDLED_DATA, DIRECTIONS).stored == 0
        assert "bvib-2017-06-14" not in {m.key for m in store.load(A).meetings}
        with clock.frozen(T[4]):  # a correction asserts it again
            H.correct(store, A, "meeting:bvib-2017-06-14", {}, "it was not a duplicate", "test user")
        again = store.load(A)
    assert "bvib-2017-06-14" in {m.key for m in before.meetings}
    assert "bvib-2017-06-14" not in {m.key for m in after.meetings}
    assert next(m for m in again.meetings if m.key == "bvib-2017-06-14") == next(
        m for m in before.meetings if m.key == "bvib-2017-06-14"
    )


def test_a_fact_recorded_later_is_not_known_before(tmp_path):
    with _stored(tmp_path) as store:
        new = F.Submission(
            key="q5", what="Q5 report", clause="bv-2017.quarterly-report", occurrence=5, received="2018-07-01T09:00"
        )
        with clock.frozen(T[3]):
            store.write(A, [("submissions", new)], "test")
        assert "q5" not in {s.key for s in store.load(A, known_at=T[2]).submissions}
        assert "q5" in {s.key for s in store.load(A, known_at=T[3]).submissions}
        with pytest.raises(StoreError, match="nothing about 'tower-hamlets' had been recorded"):
            store.load(A, known_at=pendulum.datetime(2025, 1, 1, tz="UTC"))


def test_a_correction_is_validated_through_the_facts_model_and_stores_nothing_when_refused(tmp_path):
    with _stored(tmp_path) as store:
        before = store.counts()
        fid = "submission:bv-2017-q1-report"
        with pytest.raises(InputError, match="--set colour: no field 'colour'"):
            H.correct(store, A, fid, {"colour": "red"}, "why", "t")
        with pytest.raises(InputError, match="--set occurrence: .*integer.*given 'zero'"):
            H.correct(store, A, fid, {"occurrence": "zero"}, "why", "t")
        with pytest.raises(InputError, match="key is part of the fact's id"):
            H.correct(store, A, fid, {"key": "other"}, "why", "t")
        with pytest.raises(InputError, match="exactly one of `received`"):
            H.correct(store, A, fid, {"received": "2017-07-05T10:00"}, "why", "t")
        with pytest.raises(InputError, match="--reason"):
            H.correct(store, A, fid, {"occurrence": "2"}, " ", "t")
        with pytest.raises(InputError, match="changes nothing"):
            H.correct(store, A, fid, {"occurrence": "1"}, "why", "t")
        with pytest.raises(StoreError, match="no such fact"):
            H.correct(store, A, "submission:nope", {"occurrence": "1"}, "why", "t")
        assert store.counts() == before


def test_a_redaction_erases_the_field_in_every_version_and_says_so(tmp_path):
    with _stored(tmp_path) as store:
        fid = "person:john-biggs"
        with clock.frozen(T[1]):
            H.correct(store, A, fid, {"note": "Mayor of Tower Hamlets"}, "shorter note", "test user")
        with clock.frozen(T[2]):
            H.redact(store, A, fid, "name", "erasure request under UK GDPR art. 17", "admin")
        raw = [r[0] for r in store.conn.execute("SELECT body FROM fact_versions WHERE fact_id=?", (fid,))]
        assert len(raw) == 2 and not any("Biggs" in body for body in raw)
        assert all(json.loads(body)["name"] == REDACTED for body in raw)
        assert store.redactions(A, fid) == [
            {
                "field": "name",
                "recorded_at": "2026-01-03T12:00:00.000000+00:00",
                "recorded_by": "admin",
                "reason": "erasure request under UK GDPR art. 17",
            }
        ]
        assert store.load(A).person("john-biggs").name == REDACTED
        assert store.load(A, known_at=T[0]).person("john-biggs").name == REDACTED  # the past too
        # the file that brought the name in does not bring it back, and is not refused for it (its
        # note is the first version's: corrected since, not news)
        assert import_file(store, BUNDLED_DATA, DIRECTIONS) == Written(stored=0, unchanged=101)
        assert store.load(A).person("john-biggs").name == REDACTED
        # an optional field that is not text reads as empty; a field the fact needs cannot be erased
        H.redact(store, A, "meeting:bvib-2017-06-14", "chair", "test", "admin")
        assert next(m for m in store.load(A).meetings if m.key == "bvib-2017-06-14").chair is None
        with pytest.raises(InputError, match="cannot be without its starts_at"):
            H.redact(store, A, "meeting:bvib-2017-06-14", "starts_at", "test", "admin")
        with pytest.raises(InputError, match="part of the fact's id"):
            H.redact(store, A, fid, "key", "test", "admin")


def test_a_source_of_record_changes_a_fact_by_a_new_version(tmp_path):
    with _stored(tmp_path) as store:
        data = bundled()
        meeting = next(m for m in data["meetings"] if m["key"] == "bvib-2017-06-14")
        meeting["starts_at"] = "2017-06-14T18:30"
        path = tmp_path / "sync.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        before = store.counts()
        with pytest.raises(Exception, match=r"comply correct meeting:bvib-2017-06-14 --set 'starts_at="):
            import_file(store, path, DIRECTIONS)
        assert store.counts() == before
        with clock.frozen(T[3]):
            assert import_file(store, path, DIRECTIONS, source_of_record=True) == Written(stored=1, unchanged=100)
        versions = store.versions(A, "meeting:bvib-2017-06-14")
    assert [v.operation for v in versions] == ["assert", "correct"]
    assert versions[1].body["starts_at"] == "2017-06-14T18:30:00+01:00"
    assert "changed by its source of record" in (versions[1].reason or "")


def test_a_role_cited_for_every_period_names_each_stored_period(tmp_path):
    with _stored(tmp_path) as store:
        assert H.stored_ids(store, A, "role:john-biggs.mayor") == ["role:john-biggs.mayor.2017-04-07"]
        found = H.history(store, A, "membership:bvib.sirajul-islam.2017-06-14")
    assert sorted(found) == [
        "membership:bvib.sirajul-islam.2017-06-14.cabinet-member-housing",
        "membership:bvib.sirajul-islam.2017-06-14.statutory-deputy-mayor",
    ]


# -- the migration of a store written by the release before (schema 6) ---------------------------------


def test_a_schema_6_store_is_migrated_in_place_to_the_same_state(tmp_path):
    path = tmp_path / "old.db"
    path.write_bytes((DATA / "store-schema-6.db").read_bytes())
    with Store.open(path) as store:
        assert store.version() == SCHEMA_VERSION  # 7, and every migration after it
        state = store.load(A)
        versions = store.versions(A, "submission:bv-q5-2018")
        runs = store.conn.execute("SELECT id, status, known_at FROM nightly_runs").fetchall()
    doc = {
        name: (value.model_dump(mode="json") if name == "authority" else [m.model_dump(mode="json") for m in value])
        for name, value in vars(state).items()
    }
    expected = json.loads((DATA / "store-schema-6.state.json").read_text(encoding="utf-8"))
    # the state main's code loaded from the same file (before the change), but for one thing: schema 6
    # kept a submission's receipt only as a window (read back as received_between, even for one
    # recorded with `received`); the migrated store says `received` when the window is one instant.
    # What the rules read, the window, is the same.
    # and for what later releases added with a default (a list of announcements, a meeting's
    # attendance_known, a list of decisions, a meeting's papers_published, lists of adoptions and approvals):
    # absent from a schema-6 store, and read as their defaults
    assert doc.pop("announcements") == []
    assert doc.pop("decisions") == []
    assert doc.pop("adoptions") == [] and doc.pop("approvals") == []
    assert doc.pop("interests") == []
    for m in doc["meetings"]:
        assert m.pop("attendance_known") is True
        assert m.pop("papers_published") is None
    for d in (doc, expected):
        for s in d["submissions"]:
            received, between = s.pop("received"), s.pop("received_between")
            s["window"] = [received, received] if received else between
    assert doc == expected
    q5 = next(s for s in state.submissions if s.key == "bv-q5-2018")
    assert q5.received is not None and q5.received_between is None
    assert versions[0].recorded_by.startswith("before history was kept")
    assert [tuple(r) for r in runs] == [(1, "completed", None)]  # the run is kept (not replayable)


def test_a_migrated_store_gives_the_findings_it_gave_before(tmp_path):
    """`check --format json` on the migrated store equals the findings recorded for it (first by the
    release before the change, which printed the same; re-recorded when issue 12 changed what the
    rules find on purpose: the board set-up, the first meeting, `groups:all`). The state test above
    proves the facts came through the migration unchanged. Re-recorded when issue 15 added the JSON fields
    `due_earliest` and `open_since` (null here) and the CSIB's frequency reading (which of two seed papers it
    follows): every status, due date and piece of evidence stayed the same. Re-recorded when the field
    `due_time_known` was added (false for the 18 duties of the CSIB meeting of 12 June 2017, recorded with
    its day only; every other field of every finding unchanged, checked as it was re-recorded)."""
    path = tmp_path / "old.db"
    path.write_bytes((DATA / "store-schema-6.db").read_bytes())
    # the instruments that store was checked against: the access-to-information rules came later (and
    # read a Cabinet board the old store does not hold)
    then = tmp_path / "directions"
    then.mkdir()
    for name in ("bv-2017.yaml", "dfe-2017.yaml", "bvib-tor.yaml", "csib-tor.yaml"):
        (then / name).write_bytes((REPO_ROOT / "directions" / name).read_bytes())
    # the clauses added since (issue 15: the Boards' standard items, the officers' meetings with the Mayor)
    # read a board the old store does not hold: it is recorded, and the findings of the clauses the store
    # was checked against must be exactly those recorded; the new clauses only add findings of their own
    board = tmp_path / "board.yaml"
    board.write_text(
        "authority: tower-hamlets\nboards:\n  - {key: bvib-officers-mayor, name: Officers' meeting with the Mayor}\n",
        encoding="utf-8",
    )
    assert comply("import", str(board), store=path, directions=then).returncode == 0
    before = path.read_bytes()
    result = comply("check", "--as-of", "2018-08-01", "--format", "json", store=path, directions=then)
    assert result.returncode in (0, 1), result.stderr
    expected = json.loads((DATA / "store-schema-6.check-2018-08-01.json").read_text(encoding="utf-8"))
    clauses_then = {f["id"].split("/")[1] for f in expected["findings"]}
    found = json.loads(result.stdout)
    kept = [f for f in found["findings"] if f["id"].split("/")[1] in clauses_then]
    assert kept == expected["findings"]
    assert {k: found[k] for k in ("as_of", "authority", "due_soon_days")} == {
        k: expected[k] for k in ("as_of", "authority", "due_soon_days")
    }
    # and importing today's bundled file, which says less than the file the store was loaded from
    # (issue 12: only what the papers say), is refused fact by fact, naming the correction, and
    # stores nothing: a changed fact is never overwritten
    again = comply("import", str(BUNDLED_DATA), store=path)
    assert again.returncode == 2 and "comply correct" in again.stderr and "(nothing was stored)" in again.stderr
    assert path.read_bytes() == before


def test_a_failed_migration_leaves_the_old_store_as_it_was(tmp_path):
    path = tmp_path / "broken.db"
    path.write_bytes((DATA / "store-schema-6.db").read_bytes())
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE coverage")  # the migration reads it: it fails part-way
    conn.commit()
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    with pytest.raises(StoreError, match="no such table: coverage"):  # exit 2 on the command line, naming it
        Store.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 6
    assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")} == tables
    conn.close()


_OPS = st.lists(
    st.tuples(st.sampled_from(["record", "correct", "withdraw"]), st.integers(0, 2), st.integers(1, 6)),
    min_size=1,
    max_size=12,
)


@settings(max_examples=examples(40), deadline=None)
@given(ops=_OPS, probe=st.integers(0, 13))
def test_known_at_gives_exactly_what_had_been_recorded_by_then(ops, probe):
    """Random records, corrections and withdrawals of three submissions, one a day: a load known at
    any instant equals a plain replay of the operations made by then (the rules of the store, said
    again in a few lines: a record of a new fact asserts it, of content already recorded does
    nothing, of other content is refused; a correction must change something or assert a withdrawn
    fact again; a withdrawal needs a fact not yet withdrawn)."""
    instants = [pendulum.datetime(2026, 2, 1, 12, tz="UTC").add(days=i) for i in range(len(ops) + 1)]
    seen: dict[str, list[int]] = {}  # key -> every occurrence recorded for it
    live: dict[str, int] = {}  # key -> occurrence, for the facts not withdrawn
    expected_at: list[dict[str, int]] = [{}]
    with Store.open(":memory:") as store:
        with clock.frozen(instants[0]):
            store.write(A, [("authority", AUTHORITY)], "test")
        for n, (op, k, occurrence) in enumerate(ops, start=1):
            key, fid = f"s{k}", f"submission:s{k}"
            with clock.frozen(instants[n]):
                if op == "record":
                    sub = F.Submission(key=key, what="a report", occurrence=occurrence, received="2017-07-01T09:00")
                    if key not in seen:
                        store.write(A, [("submissions", sub)], "test")
                        seen[key], live[key] = [occurrence], occurrence
                    elif occurrence in seen[key]:
                        assert store.write(A, [("submissions", sub)], "test") == Written(0, 1)
                    else:
                        with pytest.raises(StoreError, match="comply correct"):
                            store.write(A, [("submissions", sub)], "test")
                elif op == "correct":
                    if key in seen and (key not in live or live[key] != occurrence):
                        H.correct(store, A, fid, {"occurrence": str(occurrence)}, "why", "test")
                        seen[key].append(occurrence)
                        live[key] = occurrence
                    else:
                        with pytest.raises((InputError, StoreError)):
                            H.correct(store, A, fid, {"occurrence": str(occurrence)}, "why", "test")
                elif key in live:
                    H.withdraw(store, A, fid, "why", "test")
                    del live[key]
                else:
                    with pytest.raises((InputError, StoreError)):
                        H.withdraw(store, A, fid, "why", "test")
            expected_at.append(dict(live))
        at = min(probe, len(ops))
        state = store.load(A, known_at=instants[at].add(hours=1))
    assert {s.key: s.occurrence for s in state.submissions} == expected_at[at]
