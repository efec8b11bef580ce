-- schema version 7: announced submissions (a paper says something WILL be sent: never evidence) and
-- whether a meeting's attendance is known (an agenda alone does not say who attended).
CREATE TABLE announcements (
    authority TEXT NOT NULL REFERENCES authorities(key),
    key TEXT NOT NULL, what TEXT NOT NULL, clause TEXT, occurrence INTEGER, recipient TEXT,
    announced_on TEXT NOT NULL, planned_for TEXT NOT NULL,
    source TEXT, note TEXT,
    PRIMARY KEY (authority, key)
);
ALTER TABLE meetings ADD COLUMN attendance_known INTEGER NOT NULL DEFAULT 1;
