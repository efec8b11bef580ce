-- schema version 10: the ModernGov sync (issue 18). Each sync that stored (all of it, in the same transaction as
-- its facts) is a row of moderngov_syncs: when, which site and window, what it stored, and what it reported
-- (unmapped committees, items, people and groups; meetings the service no longer lists). moderngov_board_syncs
-- holds, per authority and board, the latest sync that read the board, for the desk ("last synced"). A failed
-- sync stores nothing, here or in fact_versions.
CREATE TABLE moderngov_syncs (
    id INTEGER PRIMARY KEY,
    authority TEXT NOT NULL,
    site TEXT NOT NULL,               -- the service's base URL, as called
    finished_at TEXT NOT NULL,        -- UTC, engine.store.sqlite.instant_text
    from_day TEXT NOT NULL,           -- the window of meetings read (ISO dates, London)
    to_day TEXT NOT NULL,
    stored INTEGER NOT NULL,          -- fact versions stored
    unchanged INTEGER NOT NULL,       -- facts already stored unchanged
    report TEXT NOT NULL              -- JSON: {"unmapped": [...], "disappeared": [...], "notes": [...]}
);
CREATE TABLE moderngov_board_syncs (
    authority TEXT NOT NULL,
    board TEXT NOT NULL,
    committee_id INTEGER NOT NULL,
    site TEXT NOT NULL,
    synced_at TEXT NOT NULL,          -- UTC: when the board was last read from the service
    sync_id INTEGER NOT NULL REFERENCES moderngov_syncs(id),
    PRIMARY KEY (authority, board)
);
