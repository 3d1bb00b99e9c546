-- Moonbase local database, version 2: lessons (a class session with its join code), who
-- played in them, rosters, ratings, achievements, the chat log and anti-cheat flags.
-- Timestamps are integer microseconds since the Unix epoch, UTC. Nothing of version 1 is
-- dropped or rewritten; rounds only gain columns.

-- A lesson: one sitting of a class; its join code is valid while ended_at is NULL.
CREATE TABLE lessons (
    id          INTEGER PRIMARY KEY,
    class_id    INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    join_code   TEXT    NOT NULL CHECK (length(join_code) BETWEEN 1 AND 32),
    started_at  INTEGER NOT NULL,
    ended_at    INTEGER
);
CREATE INDEX lessons_by_class ON lessons (class_id, started_at);
CREATE INDEX lessons_open_by_code ON lessons (join_code) WHERE ended_at IS NULL;

-- Who took part in a lesson, their room, and whether they are barred from it.
CREATE TABLE session_players (
    lesson_id     INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    student_id    INTEGER NOT NULL REFERENCES students (id) ON DELETE CASCADE,
    room          TEXT,
    joined_at     INTEGER NOT NULL,
    barred_at     INTEGER,
    bar_lifted_at INTEGER,
    PRIMARY KEY (lesson_id, student_id)
) WITHOUT ROWID;
CREATE INDEX session_players_by_student ON session_players (student_id);

-- The nicknames a teacher allowed to join (no roster rows: anyone with the code may join).
CREATE TABLE rosters (
    class_id    INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    folded      TEXT    NOT NULL,
    nickname    TEXT    NOT NULL CHECK (length(nickname) BETWEEN 1 AND 32),
    line        INTEGER NOT NULL,
    PRIMARY KEY (class_id, folded)
) WITHOUT ROWID;

-- Glicko-2 per student and game; matches counts rated rounds (10 before it is shown).
CREATE TABLE ratings (
    student_id  INTEGER NOT NULL REFERENCES students (id) ON DELETE CASCADE,
    game        TEXT    NOT NULL,
    rating      REAL    NOT NULL,
    rd          REAL    NOT NULL CHECK (rd > 0),
    volatility  REAL    NOT NULL CHECK (volatility > 0),
    matches     INTEGER NOT NULL CHECK (matches >= 0),
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (student_id, game)
) WITHOUT ROWID;

CREATE TABLE achievements (
    id          INTEGER PRIMARY KEY,
    student_id  INTEGER NOT NULL REFERENCES students (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    flight_id   INTEGER REFERENCES flights (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    UNIQUE (student_id, kind)
);

-- Every chat line: filtered text as shown; delivered = 0 when the sender was muted.
CREATE TABLE chat_log (
    id          INTEGER PRIMARY KEY,
    lesson_id   INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    room        TEXT    NOT NULL,
    student_id  INTEGER REFERENCES students (id) ON DELETE CASCADE,
    sender      TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    filtered    INTEGER NOT NULL CHECK (filtered IN (0, 1)),
    delivered   INTEGER NOT NULL CHECK (delivered IN (0, 1)),
    created_at  INTEGER NOT NULL
);
CREATE INDEX chat_log_by_lesson ON chat_log (lesson_id, id);
CREATE INDEX chat_log_by_student ON chat_log (student_id);

-- Anti-cheat flags from the netcode and the host (rate, range, malformed, anomaly).
CREATE TABLE flags (
    id          INTEGER PRIMARY KEY,
    student_id  INTEGER NOT NULL REFERENCES students (id) ON DELETE CASCADE,
    lesson_id   INTEGER REFERENCES lessons (id) ON DELETE SET NULL,
    kind        TEXT    NOT NULL,
    detail      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX flags_by_student ON flags (student_id, created_at);

ALTER TABLE rounds ADD COLUMN lesson_id INTEGER REFERENCES lessons (id) ON DELETE SET NULL;
ALTER TABLE rounds ADD COLUMN team_score INTEGER;
ALTER TABLE rounds ADD COLUMN end_state TEXT;
CREATE INDEX rounds_by_lesson ON rounds (lesson_id, id);
