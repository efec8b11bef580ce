-- schema version 7: a record that keeps its history (issue 12). Every fact of every kind is a row
-- of fact_versions: its stable id (engine/core/ids.py fact_id), a version number, when it was
-- recorded (UTC, to the microsecond: text order is time order), by whom, the operation (assert: the
-- first version; correct: a new content with a reason; withdraw: no longer asserted, with a reason)
-- and the fact's fields as JSON (by field name, as engine.model.facts validates them). Nothing is
-- updated or deleted, except that a lawful redaction (fact_redactions says who, when, why and which
-- field) replaces a field's value in every version of its fact.
--
-- The facts of the tables of schema 1-6 are copied in, one version each, in the order they were
-- stored; a meeting's tabled items and attendance become part of the meeting fact; a submission
-- whose earliest and latest receipt are the same instant was recorded with `received` (schema 6
-- kept only the window), and is stored so, so that importing its file again finds it unchanged. Their recorded_at
-- is 0001-01-01 (known since the beginning: nothing says when they were recorded) and recorded_by
-- says they came from before history was kept. Rows with the same id (possible before: roles,
-- responses, memberships, direction statuses and coverage had no key) keep apart with `#2`, `#3`.
-- The old tables are then dropped; `authorities` keeps only the key (the facts' own register, which
-- the improvement plan's tables refer to). All of it runs in one transaction (Store._migrate).

CREATE TABLE fact_versions (
    authority TEXT NOT NULL REFERENCES authorities(key),
    kind TEXT NOT NULL,               -- a key of engine.model.facts.KINDS
    fact_id TEXT NOT NULL,            -- submission:bv-q1, membership:csib.jo.2017-06-12 ...
    version INTEGER NOT NULL,         -- 1, 2, ... per fact
    recorded_at TEXT NOT NULL,        -- UTC, 2026-11-30T11:40:00.123456+00:00
    recorded_by TEXT NOT NULL,        -- desk user mo; import facts.yaml sha256:...; comply record (OS user ...)
    operation TEXT NOT NULL CHECK (operation IN ('assert', 'correct', 'withdraw')),
    reason TEXT,                      -- why a correction or withdrawal was made
    body TEXT NOT NULL,               -- the fact's fields as JSON (for a withdrawal: the content withdrawn)
    PRIMARY KEY (authority, fact_id, version)
);
CREATE INDEX fact_versions_by_kind ON fact_versions (authority, kind);
CREATE TABLE fact_redactions (
    authority TEXT NOT NULL REFERENCES authorities(key),
    fact_id TEXT NOT NULL,
    field TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX fact_redactions_by_fact ON fact_redactions (authority, fact_id);

CREATE TEMP TABLE migrated (authority TEXT, kind TEXT, fact_id TEXT, body TEXT, n INTEGER PRIMARY KEY);

INSERT INTO migrated (authority, kind, fact_id, body)
SELECT key, 'authority', 'authority:' || key, json_object('key', key, 'name', name,
    'absence_proves_breach', json(CASE WHEN absence_proves_breach THEN 'true' ELSE 'false' END),
    'source', source, 'note', note)
FROM authorities ORDER BY rowid;

INSERT INTO migrated (authority, kind, fact_id, body)
SELECT authority, 'political_groups', 'group:' || key, json_object('key', key, 'name', name, 'start', start,
    'until', until, 'source', source, 'note', note)
FROM political_groups ORDER BY rowid;

INSERT INTO migrated (authority, kind, fact_id, body)
SELECT authority, 'people', 'person:' || key, json_object('key', key, 'name', name, 'group', "group",
    'source', source, 'note', note)
FROM people ORDER BY rowid;

INSERT INTO migrated (authority, kind, fact_id, body)
SELECT authority, 'roles', 'role:' || person || '.' || role || COALESCE('.' || start, ''), json_object(
    'person', person, 'role', role, 'start', start, 'until', until, 'named_on', named_on,
    'source', source, 'note', note)
FROM roles ORDER BY rowid;

INSERT INTO migrated (authority, kind, fact_id, body)
SELECT authority, 'boards', 'board:' || key, json_object('key', key, 'name', name, 'source', source, 'note', note)
FROM boards ORDER BY rowid;

INSERT INTO migrated (authority, kind, fact_id, body)
SELECT authority, 'memberships', 'membership:' || board || '.' || person || '.' || start || '.' || capacity, json_object(
    'board', board, 'person', person, 'capacity', capacity,
    'external', json(CASE WHEN external THEN 'true' ELSE 'false' END), 'start', start, 'until', until,
    'source', source, 'note', note)
FROM memberships ORDER BY rowid;

INSERT INTO migrated (authority, kind, fact_id, body)
SELECT m.authority, 'meetings', 'meeting:' || m.key, json_object(
    'key', m.key, 'board', m.board, 'starts_at', m.starts_at,
    'public', json(CASE WHEN m.public THEN 'true' ELSE 'false' END), 'status', m.status, 'chair', m.chair,
    'time_known', json(CASE WHEN m.time_known THEN 'true' ELSE 'false' END),
    'items_known', json(CASE WHEN m.items_known THEN 'true' ELSE 'false' END),
    'items', json((SELECT json_group_array(json_object('meeting', t.meeting, 'item', t.item,
        'presented_by', t.presented_by, 'source', t.source, 'note', t.note))
        FROM (SELECT * FROM tabled WHERE authority = m.authority AND meeting = m.key ORDER BY rowid) t)),
    'attendance', json((SELECT json_group_array(json_object('meeting', x.meeting, 'person', x.person,
        'status', x.status, 'substitute_for', x.substitute_for, 'source', x.source, 'note', x.note))
        FROM (SELECT * FROM attendance WHERE authority = m.authority AND meeting = m.key ORDER BY rowid) x)),
    'source', m.source, 'note', m.note)
FROM meetings m ORDER BY m.rowid;

INSERT INTO migrated (authority, kind, fact_id, body)
SELECT authority, 'submissions', 'submission:' || key, json_object('key', key, 'what', what, 'clause', clause,
    'occurrence', occurrence, 'recipient', recipient,
    'received', CASE WHEN received_earliest = received_latest THEN received_earliest END,
    'received_between', json(CASE WHEN received_earliest = received_latest THEN 'null'
        ELSE json_array(received_earliest, received_latest) END),
    'source', source, 'note', note)
FROM submissions ORDER BY rowid;

INSERT INTO migrated (authority, kind, fact_id, body)
SELECT authority, 'requests', 'request:' || key, json_object('key', key, 'type', type, 'made_at', made_at,
    'made_by', made_by, 'source', source, 'note', note)
FROM requests ORDER BY rowid;

INSERT INTO migrated (authority, kind, fact_id, body)
SELECT authority, 'responses', 'response:' || request || '.' || responded_at, json_object('request', request,
    'responded_at', responded_at, 'source', source, 'note', note)
FROM responses ORDER BY rowid;

INSERT INTO migrated (authority, kind, fact_id, body)
SELECT authority, 'direction_status', 'direction-status:' || direction || '.' || effective, json_object(
    'direction', direction, 'status', status, 'effective', effective, 'source', source, 'note', note)
FROM direction_status ORDER BY rowid;

INSERT INTO migrated (authority, kind, fact_id, body)
SELECT authority, 'coverage', 'coverage:' || subject || '.' || complete_until, json_object('subject', subject,
    'complete_until', complete_until, 'source', source, 'note', note)
FROM coverage ORDER BY rowid;

INSERT INTO fact_versions (authority, kind, fact_id, version, recorded_at, recorded_by, operation, reason, body)
SELECT authority, kind,
    fact_id || CASE WHEN ROW_NUMBER() OVER (PARTITION BY authority, fact_id ORDER BY n) > 1
        THEN '#' || ROW_NUMBER() OVER (PARTITION BY authority, fact_id ORDER BY n) ELSE '' END,
    1, '0001-01-01T00:00:00.000000+00:00', 'before history was kept (migrated from store schema 6)',
    'assert', NULL, body
FROM migrated ORDER BY n;

DROP TABLE migrated;
DROP TABLE tabled;
DROP TABLE attendance;
DROP TABLE memberships;
DROP TABLE roles;
DROP TABLE responses;
DROP TABLE meetings;
DROP TABLE requests;
DROP TABLE people;
DROP TABLE boards;
DROP TABLE political_groups;
DROP TABLE submissions;
DROP TABLE direction_status;
DROP TABLE coverage;
ALTER TABLE authorities DROP COLUMN name;
ALTER TABLE authorities DROP COLUMN absence_proves_breach;
ALTER TABLE authorities DROP COLUMN source;
ALTER TABLE authorities DROP COLUMN note;

-- a nightly run keeps what it read, so that it can be replayed exactly: the known-at instant of the
-- facts (UTC, as fact_versions.recorded_at) and the text of each direction file ({name: text});
-- runs before this version have neither and cannot be replayed.
ALTER TABLE nightly_runs ADD COLUMN known_at TEXT;
ALTER TABLE nightly_runs ADD COLUMN direction_texts TEXT;
