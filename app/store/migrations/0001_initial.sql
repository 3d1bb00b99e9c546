-- Moonbase local database, version 1: classes, students, rounds, flights, progress, history,
-- and the cloud outbox. Timestamps are integer microseconds since the Unix epoch, UTC.
-- JSON columns hold objects written by app/store with sorted keys.

CREATE TABLE classes (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    join_code   TEXT    NOT NULL CHECK (length(join_code) BETWEEN 1 AND 32),
    created_at  INTEGER NOT NULL
);

CREATE TABLE students (
    id          INTEGER PRIMARY KEY,
    class_id    INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    nickname    TEXT    NOT NULL CHECK (length(nickname) BETWEEN 1 AND 32),
    created_at  INTEGER NOT NULL,
    UNIQUE (class_id, nickname)
);

-- A round ("session" in DESIGN.md): one game in one room of one class.
CREATE TABLE rounds (
    id          INTEGER PRIMARY KEY,
    class_id    INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    game        TEXT    NOT NULL,
    world       TEXT    NOT NULL,
    mode        TEXT    NOT NULL,
    seed        INTEGER NOT NULL,
    room        TEXT    NOT NULL,
    params      TEXT    NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX rounds_by_class ON rounds (class_id, started_at);

-- class_id and game are copied from the round so the leaderboard index covers its query.
CREATE TABLE flights (
    id            INTEGER PRIMARY KEY,
    result_uid    TEXT    NOT NULL UNIQUE,
    round_id      INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    student_id    INTEGER NOT NULL REFERENCES students (id) ON DELETE CASCADE,
    class_id      INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    game          TEXT    NOT NULL,
    world         TEXT    NOT NULL,
    outcome       TEXT    NOT NULL,
    reason_code   TEXT    NOT NULL,
    reason        TEXT    NOT NULL,
    score         INTEGER NOT NULL,
    stars         INTEGER NOT NULL CHECK (stars BETWEEN 0 AND 3),
    breakdown     TEXT    NOT NULL,
    flight_time_s REAL    NOT NULL,
    fuel_used     REAL    NOT NULL,
    params        TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX flights_board ON flights (class_id, game, created_at, score, student_id, stars);
CREATE INDEX flights_by_round ON flights (round_id, score);
CREATE INDEX flights_by_student ON flights (student_id, created_at);

-- Telemetry and inputs, zlib-compressed, apart from the narrow rows leaderboards scan.
CREATE TABLE flight_data (
    flight_id   INTEGER PRIMARY KEY REFERENCES flights (id) ON DELETE CASCADE,
    codec       TEXT    NOT NULL DEFAULT 'zlib',
    telemetry   BLOB    NOT NULL,
    inputs      BLOB    NOT NULL
);

-- Per-game progress of a student: plays, best score and the stars of that flight, most stars.
CREATE TABLE progress (
    student_id      INTEGER NOT NULL REFERENCES students (id) ON DELETE CASCADE,
    game            TEXT    NOT NULL,
    class_id        INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    plays           INTEGER NOT NULL,
    best_score      INTEGER NOT NULL,
    best_stars      INTEGER NOT NULL,
    max_stars       INTEGER NOT NULL,
    best_flight_id  INTEGER NOT NULL,
    best_at         INTEGER NOT NULL,
    last_played_at  INTEGER NOT NULL,
    PRIMARY KEY (student_id, game)
) WITHOUT ROWID;
CREATE INDEX progress_board ON progress (class_id, game, best_score, best_at);

CREATE TABLE score_history (
    id          INTEGER PRIMARY KEY,
    student_id  INTEGER NOT NULL REFERENCES students (id) ON DELETE CASCADE,
    flight_id   INTEGER NOT NULL REFERENCES flights (id) ON DELETE CASCADE,
    game        TEXT    NOT NULL,
    score       INTEGER NOT NULL,
    stars       INTEGER NOT NULL,
    new_best    INTEGER NOT NULL CHECK (new_best IN (0, 1)),
    created_at  INTEGER NOT NULL
);
CREATE INDEX score_history_by_student ON score_history (student_id, game, created_at);
CREATE INDEX score_history_by_flight ON score_history (flight_id);

-- One row per result for the cloud; result_uid lets the cloud drop duplicates.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    result_uid  TEXT    NOT NULL UNIQUE,
    flight_id   INTEGER REFERENCES flights (id) ON DELETE CASCADE,
    payload     TEXT    NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER
);
CREATE INDEX outbox_pending ON outbox (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_by_flight ON outbox (flight_id);
