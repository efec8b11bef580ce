-- Indexes on the authority of the fact tables whose primary key does not start with it, so that
-- loading one authority (store.load, the incremental re-check after a new fact) reads its own rows
-- rather than scanning every authority's: at 1,000 authorities a load without them read every
-- row of attendance (5 million) each time. (Issue 7, the national-scale benchmark.)
CREATE INDEX IF NOT EXISTS roles_by_authority ON roles (authority);
CREATE INDEX IF NOT EXISTS memberships_by_authority ON memberships (authority);
CREATE INDEX IF NOT EXISTS tabled_by_authority ON tabled (authority);
CREATE INDEX IF NOT EXISTS attendance_by_authority ON attendance (authority);
CREATE INDEX IF NOT EXISTS responses_by_authority ON responses (authority);
CREATE INDEX IF NOT EXISTS direction_status_by_authority ON direction_status (authority);
CREATE INDEX IF NOT EXISTS coverage_by_authority ON coverage (authority);
