-- schema version 8: the desk hardened (issue 13). Server-side sessions, so that signing out or a
-- new password ends a session even where its cookie was copied: the cookie carries a random token,
-- the store only its SHA-256 (a copy of the store does not sign anyone in), whose user, when it was
-- made and when it ends. And the failed sign-ins of each account name and each address, so that
-- guessing is slowed and then locked out for a while (engine/store/users.py says how), across a
-- restart of the desk.
CREATE TABLE desk_sessions (
    token_hash TEXT PRIMARY KEY,      -- hex SHA-256 of the token in the session cookie
    user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    created_at TEXT NOT NULL,         -- UTC, engine.store.sqlite.instant_text
    expires_at TEXT NOT NULL          -- UTC; the session ends then at the latest
);
CREATE INDEX desk_sessions_by_user ON desk_sessions (user_name);
CREATE TABLE sign_in_failures (
    scope TEXT NOT NULL CHECK (scope IN ('account', 'address')),
    key TEXT NOT NULL,                -- the name tried (any name, known or not) or the client's address
    failures INTEGER NOT NULL,        -- failures in a row, each within LOCK of the previous one
    last_failure_at TEXT NOT NULL,    -- UTC
    blocked_until TEXT NOT NULL,      -- UTC; no password is checked for this key before then
    PRIMARY KEY (scope, key)
);
