-- schema version 12: each nightly run records the form of its findings (engine/model/findings.py FINDING_FORMAT: how a
-- finding id names its obligation, and the fields of a finding), so that the next run compares its findings with this
-- run's only when both have the same form; after an upgrade that changed it, tonight's findings are listed, not
-- called new (docs/nightly.md, "After an upgrade"). NULL: a run recorded before this column, by an earlier version.
ALTER TABLE nightly_runs ADD COLUMN finding_format INTEGER;
