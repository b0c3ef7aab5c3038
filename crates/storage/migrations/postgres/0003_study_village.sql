-- Theory study-centre groups (理论中心组学习), study records (述学、评学、考学) and village-stationed
-- assistance (驻村帮扶). Kept textually parallel to ../sqlite/0003_study_village.sql: the same
-- tables, columns and indexes; only types differ (see docs/adr/0001-one-query-two-databases.md).
-- Rows carry the org path that scopes them, so a list in a subtree is one index range.

CREATE TABLE study_groups (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs (id),
    org_path TEXT NOT NULL,
    name TEXT NOT NULL,
    created_seq BIGINT NOT NULL
);
CREATE UNIQUE INDEX study_groups_org ON study_groups (org_id);
CREATE INDEX study_groups_path ON study_groups (org_path);

CREATE TABLE study_group_members (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES study_groups (id),
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    role TEXT NOT NULL,
    created_seq BIGINT NOT NULL
);
CREATE UNIQUE INDEX study_group_members_once ON study_group_members (group_id, cadre_id);
CREATE INDEX study_group_members_cadre ON study_group_members (cadre_id);

CREATE TABLE study_sessions (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES study_groups (id),
    date TEXT NOT NULL,
    topic TEXT NOT NULL,
    location TEXT NOT NULL,
    summary TEXT NOT NULL,
    created_seq BIGINT NOT NULL
);
CREATE INDEX study_sessions_group_date ON study_sessions (group_id, date);

CREATE TABLE study_attendance (
    session_id TEXT NOT NULL REFERENCES study_sessions (id),
    member_id TEXT NOT NULL REFERENCES study_group_members (id),
    present BIGINT NOT NULL,
    absence_reason TEXT NOT NULL,
    speaker BIGINT NOT NULL,
    recorded_seq BIGINT NOT NULL,
    PRIMARY KEY (session_id, member_id)
);
CREATE INDEX study_attendance_member ON study_attendance (member_id);

CREATE TABLE study_reports (
    id TEXT PRIMARY KEY,
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    org_path TEXT NOT NULL,
    year BIGINT NOT NULL,
    date TEXT NOT NULL,
    content TEXT NOT NULL,
    created_seq BIGINT NOT NULL
);
CREATE UNIQUE INDEX study_reports_cadre_year ON study_reports (cadre_id, year);
CREATE INDEX study_reports_year_path ON study_reports (year, org_path, date);

-- The evaluator is the signed-in account (or the system for loaded data), hence no reference.
CREATE TABLE study_evaluations (
    id TEXT PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES study_reports (id),
    evaluator_id TEXT NOT NULL,
    evaluator_name TEXT NOT NULL,
    grade TEXT NOT NULL,
    comment TEXT NOT NULL,
    created_seq BIGINT NOT NULL
);
CREATE UNIQUE INDEX study_evaluations_once ON study_evaluations (report_id, evaluator_id);
CREATE INDEX study_evaluations_evaluator ON study_evaluations (evaluator_id);

CREATE TABLE study_exams (
    report_id TEXT PRIMARY KEY REFERENCES study_reports (id),
    date TEXT NOT NULL,
    score BIGINT NOT NULL,
    pass_mark BIGINT NOT NULL,
    passed BIGINT NOT NULL,
    created_seq BIGINT NOT NULL
);

CREATE TABLE village_batches (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs (id),
    org_path TEXT NOT NULL,
    number BIGINT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    created_seq BIGINT NOT NULL
);
CREATE UNIQUE INDEX village_batches_org_number ON village_batches (org_id, number);
CREATE INDEX village_batches_path_start ON village_batches (org_path, start_date);

CREATE TABLE village_assignments (
    id TEXT PRIMARY KEY,
    batch_id TEXT NOT NULL REFERENCES village_batches (id),
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    township_id TEXT NOT NULL REFERENCES orgs (id),
    village TEXT NOT NULL,
    role TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    created_seq BIGINT NOT NULL
);
CREATE INDEX village_assignments_batch ON village_assignments (batch_id, start_date);
CREATE INDEX village_assignments_cadre ON village_assignments (cadre_id, start_date);
CREATE INDEX village_assignments_township ON village_assignments (township_id);

CREATE TABLE village_logs (
    id TEXT PRIMARY KEY,
    assignment_id TEXT NOT NULL REFERENCES village_assignments (id),
    date TEXT NOT NULL,
    content TEXT NOT NULL,
    author_id TEXT NOT NULL,
    created_seq BIGINT NOT NULL
);
CREATE INDEX village_logs_assignment_date ON village_logs (assignment_id, date);

CREATE TABLE village_evaluations (
    assignment_id TEXT PRIMARY KEY REFERENCES village_assignments (id),
    grade TEXT NOT NULL,
    comment TEXT NOT NULL,
    evaluator_id TEXT NOT NULL,
    created_seq BIGINT NOT NULL
);
