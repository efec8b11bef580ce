-- schema version 5: an authority's improvement plan (issue 6). One plan per authority: importing
-- a plan again replaces its rows in one transaction; plan_imports keeps the history of imports.
CREATE TABLE plan_imports (
    import_id INTEGER PRIMARY KEY AUTOINCREMENT,
    authority TEXT NOT NULL REFERENCES authorities(key),
    source TEXT NOT NULL,          -- the file imported
    imported_at TEXT NOT NULL,     -- ISO 8601 with offset, London
    reported_on TEXT NOT NULL,     -- the date (London) that the statuses and % complete describe
    row_count INTEGER NOT NULL
);
CREATE TABLE plan_rows (
    authority TEXT NOT NULL REFERENCES authorities(key),
    import_id INTEGER NOT NULL REFERENCES plan_imports(import_id),
    position INTEGER NOT NULL,     -- order in the file
    area TEXT NOT NULL,
    action_ref TEXT NOT NULL,
    action TEXT NOT NULL,
    milestone_ref TEXT NOT NULL,
    milestone TEXT NOT NULL,
    lead_officer TEXT NOT NULL,
    deadline_as_written TEXT NOT NULL,
    reported_status TEXT NOT NULL,
    percent_complete INTEGER,      -- NULL when the plan leaves it blank
    comment TEXT NOT NULL,
    source_line TEXT NOT NULL,
    transcription_note TEXT NOT NULL,
    PRIMARY KEY (authority, milestone_ref)
);
