-- schema version 11: the desk an officer uses every day (issue 16).
-- users: two more roles (administrator: an editor who also manages users and reads the log; department: reads
-- every authority in the store, records nothing), an email address (for the reminders to a duty's owner) and
-- disabled_at (a disabled user cannot sign in; disabling ends their sessions). The table is rebuilt to change the
-- role CHECK; live sessions are kept.
CREATE TEMP TABLE kept_sessions AS SELECT * FROM desk_sessions;
CREATE TABLE users_new (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'administrator', 'department')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    email TEXT,                       -- where the owner's reminders go; NULL: none given
    disabled_at TEXT                  -- UTC, engine.store.sqlite.instant_text; NULL: may sign in
);
INSERT INTO users_new (name, role, password_hash, created_at) SELECT name, role, password_hash, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
INSERT INTO desk_sessions SELECT * FROM kept_sessions;
DROP TABLE kept_sessions;

-- audit_log: who signed in (or was refused) and who recorded, corrected, withdrew or attached what, and every
-- change to a user; append-only, read by administrators (engine/store/audit.py).
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,                 -- UTC, engine.store.sqlite.instant_text
    actor TEXT NOT NULL,              -- the desk user's name, or how the command line was run (comply user ... (OS user x))
    action TEXT NOT NULL,             -- engine.store.audit.ACTIONS
    authority TEXT,                   -- for what is recorded of an authority; NULL for users and sign-ins
    subject TEXT,                     -- a fact id, a user's name, a file's SHA-256, a clause or board
    detail TEXT                       -- in words: the reason, the new role, the client's address ...
);
CREATE INDEX audit_log_by_actor ON audit_log (actor, at);

-- evidence files: each file's bytes are stored once, by SHA-256, beside the store (STORE.files/ab/abcdef...);
-- fact_files attaches a stored file to a fact of an authority (a file may prove several facts).
CREATE TABLE evidence_files (
    sha256 TEXT PRIMARY KEY,          -- hex
    size INTEGER NOT NULL,            -- bytes
    media_type TEXT NOT NULL,         -- as detected from the content (application/pdf, message/rfc822 ...)
    stored_at TEXT NOT NULL           -- UTC
);
CREATE TABLE fact_files (
    authority TEXT NOT NULL REFERENCES authorities(key),
    fact_id TEXT NOT NULL,            -- as findings cite it: submission:bv-q1, meeting:bvib-2017-06-14 ...
    sha256 TEXT NOT NULL REFERENCES evidence_files(sha256),
    filename TEXT NOT NULL,           -- the name it was uploaded under (the download's name)
    attached_at TEXT NOT NULL,        -- UTC
    attached_by TEXT NOT NULL,
    PRIMARY KEY (authority, fact_id, sha256)
);
CREATE INDEX fact_files_by_sha ON fact_files (sha256);

-- owners: the desk user who owns a clause ('clause:bv-2017.quarterly-report') or a board ('board:bvib') of an
-- authority; a clause's own owner wins over its board's (engine/store/owners.py).
CREATE TABLE owners (
    authority TEXT NOT NULL REFERENCES authorities(key),
    target TEXT NOT NULL,             -- clause:<direction>.<clause key> or board:<board key>
    user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    assigned_at TEXT NOT NULL,        -- UTC
    assigned_by TEXT NOT NULL,
    PRIMARY KEY (authority, target)
);

-- reminders_sent: each reminder the nightly run emailed (a threshold of working days before a due date, or a new
-- breach), so that each is sent once when its threshold is crossed, not every night; a changed due date is a new
-- reminder.
CREATE TABLE reminders_sent (
    authority TEXT NOT NULL,
    finding_id TEXT NOT NULL,
    threshold TEXT NOT NULL,          -- '30', '7', '1' (working days before the due date) or 'breach'
    recipient TEXT NOT NULL,          -- the email address it went to
    due TEXT NOT NULL,                -- the due instant it was for (ISO, London)
    sent_at TEXT NOT NULL,            -- UTC
    run_id INTEGER,                   -- the nightly run that sent it
    PRIMARY KEY (authority, finding_id, threshold, recipient, due)
);
