-- schema version 3: the Monitoring Officer's desk (comply serve). Users who may sign in, with a
-- role (viewer reads; editor also records facts) and an Argon2 password hash (never the password);
-- and the desk's settings, such as the secret key that signs its session cookies and CSRF tokens,
-- generated once on first serve and kept with the store.
CREATE TABLE users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'editor')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE desk_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
