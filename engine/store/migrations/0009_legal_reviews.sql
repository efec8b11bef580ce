-- schema version 9: legal review recorded (issue 14). A lawyer's sign-off of a clause is data: who
-- reviewed which clause of which direction, at which content hash (engine/directions/content_hash.py:
-- the clause's words, rule, readings and scenarios, and the direction's particulars), when, and who
-- recorded it. Append-only: a review is never changed or removed; a clause signed again has a later
-- row, and the latest row of a clause is its review (engine/store/reviews.py, docs/legal-review.md).
CREATE TABLE legal_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    direction TEXT NOT NULL,          -- the direction file's id (bv-2017)
    clause TEXT NOT NULL,             -- the clause key (quarterly-report)
    content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),  -- hex SHA-256 of the clause as reviewed
    parts TEXT NOT NULL,              -- JSON {part: hex SHA-256}: text, rule, readings, scenarios, instrument
    reviewer TEXT NOT NULL CHECK (length(trim(reviewer)) > 0),     -- "Name, role" as the reviewer gave it
    reviewed_at TEXT NOT NULL,        -- ISO 8601, Europe/London with its offset, to the second
    note TEXT,                        -- what the reviewer added, if anything
    recorded_by TEXT NOT NULL         -- the command and OS user that recorded it
);
CREATE INDEX legal_reviews_by_clause ON legal_reviews (direction, clause, id);
CREATE TRIGGER legal_reviews_never_updated BEFORE UPDATE ON legal_reviews
BEGIN
    SELECT RAISE(ABORT, 'legal_reviews is append-only: a review is never changed (sign the clause again)');
END;
CREATE TRIGGER legal_reviews_never_deleted BEFORE DELETE ON legal_reviews
BEGIN
    SELECT RAISE(ABORT, 'legal_reviews is append-only: a review is never removed');
END;
