-- schema version 4: the nightly run (issue 5). One row per run of `comply nightly`; the findings of
-- a run are written in the same transaction that marks it completed, so a run killed at any moment
-- leaves either its "running" row alone (shown as failed) or a whole completed run.
CREATE TABLE nightly_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    as_of TEXT NOT NULL,              -- the instant evaluated, ISO 8601 with offset
    as_of_date TEXT NOT NULL,         -- its London date: one completed run per date (a re-run replaces)
    due_soon_days INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'replaced')),
    error TEXT,                       -- why it failed
    pid INTEGER NOT NULL,             -- the process that ran it (to tell a killed run)
    host TEXT NOT NULL,
    code_version TEXT NOT NULL,       -- package version + git describe, or "unknown"
    direction_hashes TEXT NOT NULL,   -- JSON {file name: sha256}
    counts TEXT,                      -- JSON {status: n} once completed
    previous_run INTEGER REFERENCES nightly_runs(id),  -- what it was compared with
    replaced_by INTEGER REFERENCES nightly_runs(id),   -- a later run for the same as-of date
    mail TEXT                         -- sent / skipped: ... / failed: ... / not configured
);
CREATE UNIQUE INDEX nightly_one_completed_run_per_date ON nightly_runs(as_of_date) WHERE status = 'completed';
CREATE TABLE nightly_findings (
    run INTEGER NOT NULL REFERENCES nightly_runs(id),
    finding_id TEXT NOT NULL,
    authority TEXT NOT NULL,
    direction TEXT NOT NULL,
    clause TEXT NOT NULL,
    status TEXT NOT NULL,
    due TEXT NOT NULL,
    finding TEXT NOT NULL,            -- the full finding as JSON (engine/findings.py)
    PRIMARY KEY (run, finding_id)
);
