-- Education & training, integrity education: courses, sessions, enrolments, attendance, training
-- records (the dossier's 培训 section, A11), obligations, integrity events, talks, the question
-- bank, exams and attempts. Kept textually parallel to ../sqlite/0002_training.sql.

CREATE TABLE courses (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    organiser TEXT NOT NULL,
    org_id TEXT NOT NULL REFERENCES orgs (id),
    org_path TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    class_hours BIGINT NOT NULL,
    capacity BIGINT,
    enrolment TEXT NOT NULL,
    full_time BIGINT NOT NULL,
    -- planned → completed (credits written to the dossiers).
    status TEXT NOT NULL,
    enrolled_count BIGINT NOT NULL DEFAULT 0,
    created_seq BIGINT NOT NULL,
    updated_seq BIGINT NOT NULL
);
CREATE INDEX courses_path_start ON courses (org_path, start_date);

CREATE TABLE course_sessions (
    id TEXT PRIMARY KEY,
    course_id TEXT NOT NULL REFERENCES courses (id),
    date TEXT NOT NULL,
    topic TEXT NOT NULL,
    class_hours BIGINT NOT NULL
);
CREATE INDEX course_sessions_course ON course_sessions (course_id, date);

CREATE TABLE enrolments (
    course_id TEXT NOT NULL REFERENCES courses (id),
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    -- enrolled → completed, or withdrawn (TRN-LEAVE-CAP, or by staff).
    status TEXT NOT NULL,
    missed_hours BIGINT NOT NULL DEFAULT 0,
    result TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    updated_seq BIGINT NOT NULL,
    PRIMARY KEY (course_id, cadre_id)
);
CREATE INDEX enrolments_cadre ON enrolments (cadre_id, status);

CREATE TABLE attendance (
    session_id TEXT NOT NULL REFERENCES course_sessions (id),
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    course_id TEXT NOT NULL REFERENCES courses (id),
    status TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (session_id, cadre_id)
);
CREATE INDEX attendance_course_cadre ON attendance (course_id, cadre_id);

CREATE TABLE training_records (
    id TEXT PRIMARY KEY,
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    course_id TEXT REFERENCES courses (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    organiser TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    class_hours BIGINT NOT NULL,
    full_time_days BIGINT NOT NULL,
    -- Full-time at a party school, administrative college or training base (TRN-COUNTY-5Y).
    institutional BIGINT NOT NULL,
    credits_centi BIGINT NOT NULL,
    recorded_seq BIGINT NOT NULL
);
-- Covers the requirement report: one range per cadre, no table lookups.
CREATE INDEX training_records_cadre ON training_records (cadre_id, end_date, institutional, class_hours, full_time_days, credits_centi);

CREATE TABLE obligations (
    id TEXT PRIMARY KEY,
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    org_path TEXT NOT NULL,
    rule TEXT NOT NULL,
    kind TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    source_id TEXT NOT NULL,
    source_date TEXT NOT NULL,
    due_date TEXT NOT NULL,
    interval_months BIGINT,
    -- open → fulfilled | closed; "overdue" is open past due_date, computed on read.
    status TEXT NOT NULL,
    fulfilled_kind TEXT,
    fulfilled_id TEXT,
    fulfilled_on TEXT,
    note TEXT NOT NULL,
    created_seq BIGINT NOT NULL,
    updated_seq BIGINT NOT NULL
);
CREATE INDEX obligations_status_path_due ON obligations (status, org_path, due_date);
CREATE INDEX obligations_cadre ON obligations (cadre_id, status, kind);

CREATE TABLE integrity_events (
    id TEXT PRIMARY KEY,
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    org_path TEXT NOT NULL,
    trigger_kind TEXT NOT NULL,
    date TEXT NOT NULL,
    basis TEXT NOT NULL,
    created_seq BIGINT NOT NULL
);
CREATE INDEX integrity_events_cadre ON integrity_events (cadre_id, date);

CREATE TABLE talks (
    id TEXT PRIMARY KEY,
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    org_path TEXT NOT NULL,
    kind TEXT NOT NULL,
    talker TEXT NOT NULL,
    date TEXT NOT NULL,
    content TEXT NOT NULL,
    document_number TEXT NOT NULL,
    acknowledged_at TEXT,
    acknowledgement TEXT NOT NULL DEFAULT '',
    created_seq BIGINT NOT NULL
);
CREATE INDEX talks_path_date ON talks (org_path, date);
CREATE INDEX talks_cadre ON talks (cadre_id, date);

CREATE TABLE questions (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    stem TEXT NOT NULL,
    -- JSON array of option texts.
    options TEXT NOT NULL,
    answer TEXT NOT NULL,
    topic TEXT NOT NULL,
    active BIGINT NOT NULL,
    created_seq BIGINT NOT NULL
);
CREATE INDEX questions_topic ON questions (active, topic, id);

CREATE TABLE exams (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    org_id TEXT NOT NULL REFERENCES orgs (id),
    org_path TEXT NOT NULL,
    topic TEXT NOT NULL,
    question_count BIGINT NOT NULL,
    time_limit_minutes BIGINT NOT NULL,
    pass_mark BIGINT NOT NULL,
    enrolment TEXT NOT NULL,
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    -- INT-EXAM-ATTEMPTS in force when the exam was set.
    max_attempts BIGINT NOT NULL,
    created_seq BIGINT NOT NULL
);
CREATE INDEX exams_path_opens ON exams (org_path, opens_on);

CREATE TABLE exam_enrolments (
    exam_id TEXT NOT NULL REFERENCES exams (id),
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    active BIGINT NOT NULL,
    updated_seq BIGINT NOT NULL,
    PRIMARY KEY (exam_id, cadre_id)
);
CREATE INDEX exam_enrolments_cadre ON exam_enrolments (cadre_id);

CREATE TABLE exam_attempts (
    id TEXT PRIMARY KEY,
    exam_id TEXT NOT NULL REFERENCES exams (id),
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    number BIGINT NOT NULL,
    started_at TEXT NOT NULL,
    deadline_at TEXT NOT NULL,
    -- JSON array of the drawn question IDs, in paper order.
    question_ids TEXT NOT NULL,
    -- JSON array of given answers (null for unanswered), set on submission.
    answers TEXT,
    submitted_at TEXT,
    correct BIGINT,
    total BIGINT,
    score BIGINT,
    passed BIGINT,
    -- in_progress → submitted | expired.
    status TEXT NOT NULL,
    -- The attempt number is unique per cadre and exam: two concurrent starts cannot both be "the 3rd".
    UNIQUE (exam_id, cadre_id, number)
);
CREATE INDEX exam_attempts_cadre ON exam_attempts (cadre_id, exam_id);
