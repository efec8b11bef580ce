"""Legal reviews of clauses, kept in the store (schema version 9), and whether each clause as it now
stands was reviewed.

Why in the store: a lawyer's sign-off is a record like any fact, kept with the facts it is about,
never in the direction file (which would change the file it signs) and never overwritten. Each
review names the clause and the content hash of the clause as it was reviewed
(engine/directions/content_hash.py: its words, rule, readings and scenarios, and its direction's
particulars). The table is append-only (its triggers refuse an update or a delete): signing a
clause again adds a row.

A clause as it now stands is `reviewed` when a review's hash is its hash now (the latest such review
says by whom and when), `changed` (changed since review) when it was reviewed but no review has its
hash now (the latest review says who signed what, and the part hashes which parts changed since),
and `unreviewed` when no review of it was ever recorded. docs/legal-review.md is the user's page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pendulum import DateTime

from engine.core import calendar
from engine.core.errors import InputError
from engine.directions.content_hash import PART_WORDS, ClauseHash, changed_parts, clause_hashes
from engine.directions.model import Direction
from engine.store.sqlite import Store

__all__ = [
    "MAX_NOTE",
    "MAX_REVIEWER",
    "REVIEW_STATES",
    "Review",
    "ReviewState",
    "reviews_by_clause",
    "record_reviews",
    "review_state",
    "review_states",
    "clause_review_states",
    "reviews_of",
]

#: the longest reviewer ("Name, role") and note accepted, in characters
MAX_REVIEWER = 200
MAX_NOTE = 2000

#: what a clause as it now stands can be, and each in words
REVIEW_STATES: dict[str, str] = {
    "reviewed": "reviewed",
    "changed": "changed since review",
    "unreviewed": "not reviewed",
}

State = Literal["reviewed", "changed", "unreviewed"]


@dataclass(frozen=True)
class Review:
    """One recorded review: of which clause, at which content hash (and part hashes), by whom, when
    (ISO 8601, London time with its offset), with what note, recorded by which command and OS user."""

    id: int
    direction: str
    clause: str  # the clause key
    content_hash: str
    parts: dict[str, str]
    reviewer: str
    reviewed_at: str
    note: str | None
    recorded_by: str

    @property
    def clause_id(self) -> str:
        """'<direction id>.<clause key>'."""
        return f"{self.direction}.{self.clause}"

    def when_words(self) -> str:
        """When it was reviewed, as a lawyer says it: '14:05 GMT on 30 November 2026'."""
        return calendar.human(calendar.parse_instant(self.reviewed_at))

    def to_json(self) -> dict[str, Any]:
        """The review as JSON: reviewer, reviewed_at, note, content_hash, recorded_by."""
        return {
            "reviewer": self.reviewer,
            "reviewed_at": self.reviewed_at,
            "note": self.note,
            "content_hash": self.content_hash,
            "recorded_by": self.recorded_by,
        }


@dataclass(frozen=True)
class ReviewState:
    """Whether a clause as it now stands was reviewed: `state` (REVIEW_STATES); `review`, the review
    that signed it as it stands (reviewed) or the latest review of it (changed), None when unreviewed;
    `changed`, the parts (content_hash.PARTS) that differ from that latest review; `content_hash`, the
    clause's hash now."""

    clause: str  # the clause id
    state: State
    content_hash: str
    review: Review | None = None
    changed: list[str] = field(default_factory=list)

    def words(self) -> str:
        """One sentence: 'Reviewed by Jane Smith, Monitoring Officer at 14:05 GMT on 30 November 2026.',
        'Changed since review: last signed by ... at ...; since then the readings of open points changed.'
        or 'Not reviewed: no legal review of this clause is recorded.'"""
        r = self.review
        if self.state == "reviewed" and r is not None:
            return f"Reviewed by {r.reviewer} at {r.when_words()}." + (f' Note: "{r.note}"' if r.note else "")
        if self.state == "changed" and r is not None:
            parts = _and([PART_WORDS[p] for p in self.changed]) or "its content"
            return (
                f"Changed since review: last signed by {r.reviewer} at {r.when_words()}; since then {parts} "
                f"changed. It is unreviewed until signed again."
            )
        return "Not reviewed: no legal review of this clause is recorded."

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form (docs/statuses-and-json.md): state, content_hash, changed (parts), and the
        review (reviewer, reviewed_at, note, content_hash, recorded_by) or null, and the sentence."""
        return {
            "state": self.state,
            "content_hash": self.content_hash,
            "changed": list(self.changed),
            "review": self.review.to_json() if self.review else None,
            "words": self.words(),
        }


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _clean(value: str | None, name: str, longest: int, required: bool) -> str | None:
    """A reviewer or note as given, its whitespace runs made single spaces; InputError naming the option
    when it is empty (and required), too long, or holds control characters."""
    if value is None or not value.strip():
        if required:
            raise InputError(f"{name}: expected who reviewed it, as 'Name, role' (for example 'Jane Smith, solicitor')")
        return None
    if any(ord(ch) < 32 and ch not in "\t\n\r" or ord(ch) == 127 for ch in value):
        raise InputError(f"{name}: control characters are not allowed, got {value!r}")
    text = " ".join(value.split())
    if len(text) > longest:
        raise InputError(f"{name}: at most {longest} characters, got {len(text)}")
    return text


def record_reviews(
    store: Store,
    hashes: Iterable[ClauseHash],
    reviewer: str,
    note: str | None,
    recorded_by: str,
    at: DateTime,
) -> list[Review]:
    """Record one review per clause hash, all in one transaction (all or none), reviewed at `at`
    (written in London time with its offset). Raises InputError naming `--reviewer` or `--note`
    (nothing stored) for an empty, overlong or control-character value; StoreFailure as
    Store.transaction."""
    who = _clean(reviewer, "--reviewer", MAX_REVIEWER, required=True)
    said = _clean(note, "--note", MAX_NOTE, required=False)
    when = calendar.iso(at)
    items = list(hashes)
    if not items:
        raise InputError("no clause to review: name one with --clause, or give --all")
    out = []
    with store.transaction("no review was recorded") as conn:
        for h in items:
            cur = conn.execute(
                "INSERT INTO legal_reviews (direction, clause, content_hash, parts, reviewer, reviewed_at, note, "
                "recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (h.direction, h.clause, h.digest, json.dumps(h.parts, sort_keys=True), who, when, said, recorded_by),
            )
            out.append(
                Review(
                    int(cur.lastrowid or 0),
                    h.direction,
                    h.clause,
                    h.digest,
                    dict(h.parts),
                    str(who),
                    when,
                    said,
                    recorded_by,
                )
            )
    return out


def reviews_of(store: Store) -> list[Review]:
    """Every recorded review, oldest first."""
    rows = store.conn.execute(
        "SELECT id, direction, clause, content_hash, parts, reviewer, reviewed_at, note, recorded_by "
        "FROM legal_reviews ORDER BY id"
    ).fetchall()
    return [
        Review(
            r["id"],
            r["direction"],
            r["clause"],
            r["content_hash"],
            json.loads(r["parts"]),
            r["reviewer"],
            r["reviewed_at"],
            r["note"],
            r["recorded_by"],
        )
        for r in rows
    ]


def reviews_by_clause(store: Store) -> dict[str, list[Review]]:
    """{clause id: its reviews, oldest first}."""
    out: dict[str, list[Review]] = {}
    for r in reviews_of(store):
        out.setdefault(r.clause_id, []).append(r)
    return out


def review_state(reviews: list[Review], now: ClauseHash) -> ReviewState:
    """The review state of a clause as it now stands (hash `now`), from its reviews (oldest first)."""
    if not reviews:
        return ReviewState(now.clause_id, "unreviewed", now.digest)
    signed = [r for r in reviews if r.content_hash == now.digest]
    if signed:
        return ReviewState(now.clause_id, "reviewed", now.digest, signed[-1])
    last = reviews[-1]
    return ReviewState(now.clause_id, "changed", now.digest, last, changed_parts(last.parts, now.parts))


def review_states(store: Store, hashes: dict[str, ClauseHash]) -> dict[str, ReviewState]:
    """{clause id: ReviewState} of every clause of `hashes` (content_hash.clause_hashes), from the
    store's reviews."""
    by_clause = reviews_by_clause(store)
    return {cid: review_state(by_clause.get(cid, []), h) for cid, h in hashes.items()}


def clause_review_states(
    store: Store, directions: list[Direction], features_dir: Path | None
) -> dict[str, ReviewState]:
    """{clause id: ReviewState} of every clause of the directions as they now stand, with the scenarios
    under `features_dir` (content_hash.clause_hashes; its InputError and FileError for a feature file
    that cannot be read)."""
    return review_states(store, clause_hashes(directions, features_dir))
