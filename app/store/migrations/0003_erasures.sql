-- Students erased on request (COPPA/GDPR). The cloud knows a student by a pseudonym of the
-- local id: each erasure waits here until the next sync has told the cloud to erase it too
-- (sent_at), and an erased id is never given to another student.
CREATE TABLE erasures (
    student_id  INTEGER PRIMARY KEY,
    erased_at   INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    sent_at     INTEGER
);
CREATE INDEX erasures_pending ON erasures (student_id) WHERE sent_at IS NULL;
