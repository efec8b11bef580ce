-- schema version 2: whether a meeting's start time is known (the papers often give only the day).
ALTER TABLE meetings ADD COLUMN time_known INTEGER NOT NULL DEFAULT 1;
