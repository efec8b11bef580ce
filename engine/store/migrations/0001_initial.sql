-- comply store, schema version 1. Times are ISO 8601 text with their UTC offset
-- (2017-06-30T10:15:00+01:00); dates are ISO dates. Every fact row keeps its source.

CREATE TABLE authorities (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    absence_proves_breach INTEGER NOT NULL DEFAULT 1,
    source TEXT, note TEXT
);
CREATE TABLE political_groups (
    authority TEXT NOT NULL REFERENCES authorities(key),
    key TEXT NOT NULL, name TEXT NOT NULL, start TEXT, until TEXT,
    source TEXT, note TEXT,
    PRIMARY KEY (authority, key)
);
CREATE TABLE people (
    authority TEXT NOT NULL REFERENCES authorities(key),
    key TEXT NOT NULL, name TEXT NOT NULL, "group" TEXT,
    source TEXT, note TEXT,
    PRIMARY KEY (authority, key)
);
CREATE TABLE roles (
    authority TEXT NOT NULL REFERENCES authorities(key),
    person TEXT NOT NULL, role TEXT NOT NULL, start TEXT, until TEXT, named_on TEXT,
    source TEXT, note TEXT,
    FOREIGN KEY (authority, person) REFERENCES people(authority, key)
);
CREATE TABLE boards (
    authority TEXT NOT NULL REFERENCES authorities(key),
    key TEXT NOT NULL, name TEXT NOT NULL,
    source TEXT, note TEXT,
    PRIMARY KEY (authority, key)
);
CREATE TABLE memberships (
    authority TEXT NOT NULL REFERENCES authorities(key),
    board TEXT NOT NULL, person TEXT NOT NULL, capacity TEXT NOT NULL,
    external INTEGER NOT NULL DEFAULT 0, start TEXT NOT NULL, until TEXT,
    source TEXT, note TEXT,
    FOREIGN KEY (authority, board) REFERENCES boards(authority, key),
    FOREIGN KEY (authority, person) REFERENCES people(authority, key)
);
CREATE TABLE meetings (
    authority TEXT NOT NULL REFERENCES authorities(key),
    key TEXT NOT NULL, board TEXT NOT NULL, starts_at TEXT NOT NULL,
    public INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT 'held',
    chair TEXT, items_known INTEGER NOT NULL DEFAULT 1,
    source TEXT, note TEXT,
    PRIMARY KEY (authority, key),
    FOREIGN KEY (authority, board) REFERENCES boards(authority, key)
);
CREATE TABLE tabled (
    authority TEXT NOT NULL, meeting TEXT NOT NULL, item TEXT NOT NULL, presented_by TEXT NOT NULL,
    source TEXT, note TEXT,
    FOREIGN KEY (authority, meeting) REFERENCES meetings(authority, key)
);
CREATE TABLE attendance (
    authority TEXT NOT NULL, meeting TEXT NOT NULL, person TEXT NOT NULL,
    status TEXT NOT NULL, substitute_for TEXT,
    source TEXT, note TEXT,
    FOREIGN KEY (authority, meeting) REFERENCES meetings(authority, key),
    FOREIGN KEY (authority, person) REFERENCES people(authority, key)
);
CREATE TABLE submissions (
    authority TEXT NOT NULL REFERENCES authorities(key),
    key TEXT NOT NULL, what TEXT NOT NULL, clause TEXT, occurrence INTEGER, recipient TEXT,
    received_earliest TEXT NOT NULL, received_latest TEXT NOT NULL,
    source TEXT, note TEXT,
    PRIMARY KEY (authority, key)
);
CREATE TABLE requests (
    authority TEXT NOT NULL REFERENCES authorities(key),
    key TEXT NOT NULL, type TEXT NOT NULL, made_at TEXT NOT NULL, made_by TEXT,
    source TEXT, note TEXT,
    PRIMARY KEY (authority, key)
);
CREATE TABLE responses (
    authority TEXT NOT NULL, request TEXT NOT NULL, responded_at TEXT NOT NULL,
    source TEXT, note TEXT,
    FOREIGN KEY (authority, request) REFERENCES requests(authority, key)
);
CREATE TABLE direction_status (
    authority TEXT NOT NULL REFERENCES authorities(key),
    direction TEXT NOT NULL, status TEXT NOT NULL, effective TEXT NOT NULL,
    source TEXT, note TEXT
);
CREATE TABLE coverage (
    authority TEXT NOT NULL REFERENCES authorities(key),
    subject TEXT NOT NULL, complete_until TEXT NOT NULL,
    source TEXT, note TEXT
);
