-- Foundation: registry, dossier, accounts, ledger. Kept textually parallel to ../sqlite/0001_foundation.sql:
-- the same tables, columns and indexes; only types differ (see docs/adr/0001-one-query-two-databases.md).
-- Types used: TEXT, BIGINT, BYTEA. Dates are ISO text (YYYY-MM-DD), times RFC 3339 UTC text, flags 0/1.

CREATE TABLE ledger (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    detail TEXT NOT NULL,
    rules TEXT NOT NULL,
    policy_version TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX ledger_subject ON ledger (subject_kind, subject_id, seq);

CREATE TABLE ledger_head (
    id BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO ledger_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE orgs (
    id TEXT PRIMARY KEY,
    number BIGINT NOT NULL UNIQUE,
    parent_id TEXT REFERENCES orgs (id),
    path TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    level TEXT NOT NULL,
    sort BIGINT NOT NULL,
    -- Cadres whose org is this one (not the subtree): kept in the transaction of every cadre write,
    -- so a subtree's total is a sum over its orgs instead of a count over its cadres.
    cadre_count BIGINT NOT NULL DEFAULT 0,
    updated_seq BIGINT NOT NULL
);
CREATE INDEX orgs_parent ON orgs (parent_id, sort);
CREATE UNIQUE INDEX orgs_name_under_parent ON orgs (parent_id, name);

CREATE TABLE posts (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs (id),
    title TEXT NOT NULL,
    rank TEXT NOT NULL,
    leadership BIGINT NOT NULL,
    middle_level BIGINT NOT NULL,
    key_post BIGINT NOT NULL,
    authorised BIGINT NOT NULL,
    updated_seq BIGINT NOT NULL
);
CREATE INDEX posts_org ON posts (org_id, title);

CREATE TABLE cadres (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    gender TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    ethnicity TEXT NOT NULL,
    native_place TEXT NOT NULL,
    birthplace TEXT NOT NULL,
    id_number TEXT NOT NULL UNIQUE,
    political_status TEXT NOT NULL,
    party_entry_date TEXT,
    work_start_date TEXT,
    health TEXT NOT NULL,
    speciality TEXT NOT NULL,
    org_id TEXT NOT NULL REFERENCES orgs (id),
    org_path TEXT NOT NULL,
    rank TEXT,
    rank_level BIGINT NOT NULL,
    leadership BIGINT NOT NULL,
    current_post TEXT NOT NULL,
    created_seq BIGINT NOT NULL,
    updated_seq BIGINT NOT NULL
);
CREATE INDEX cadres_path_name ON cadres (org_path, name, id);
CREATE INDEX cadres_path_birth ON cadres (org_path, birth_date, id);
CREATE INDEX cadres_path_rank ON cadres (org_path, rank_level, id);
CREATE INDEX cadres_name ON cadres (name, id);

-- Name search: every character and adjacent pair of each name, with the name itself so that a
-- token's entries come out of the key in name order (the search result's order), and the
-- cadre's org path so a search within a subtree needs no other table.
CREATE TABLE cadre_name_tokens (
    token TEXT NOT NULL,
    name TEXT NOT NULL,
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    org_path TEXT NOT NULL,
    -- INCLUDE keeps the org path in the key's index, so a search within a subtree is an
    -- index-only scan (SQLite's WITHOUT ROWID table holds it in the key's B-tree already).
    PRIMARY KEY (token, name, cadre_id) INCLUDE (org_path)
);

CREATE TABLE educations (
    id TEXT PRIMARY KEY,
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    mode TEXT NOT NULL,
    level TEXT NOT NULL,
    degree TEXT,
    school TEXT NOT NULL,
    major TEXT NOT NULL,
    start_date TEXT,
    end_date TEXT
);
CREATE INDEX educations_cadre ON educations (cadre_id);

CREATE TABLE tenures (
    id TEXT PRIMARY KEY,
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    org_id TEXT NOT NULL REFERENCES orgs (id),
    post_id TEXT REFERENCES posts (id),
    title TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT,
    document_number TEXT NOT NULL
);
CREATE INDEX tenures_cadre ON tenures (cadre_id, start_date);
CREATE INDEX tenures_post ON tenures (post_id, end_date);

CREATE TABLE annual_grades (
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    year BIGINT NOT NULL,
    grade TEXT NOT NULL,
    PRIMARY KEY (cadre_id, year)
);

CREATE TABLE rewards_sanctions (
    id TEXT PRIMARY KEY,
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    category TEXT NOT NULL,
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    authority TEXT NOT NULL,
    document_number TEXT NOT NULL,
    reason TEXT NOT NULL,
    influence_until TEXT,
    rule TEXT
);
CREATE INDEX rewards_sanctions_cadre ON rewards_sanctions (cadre_id, date);

CREATE TABLE family_members (
    id TEXT PRIMARY KEY,
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    relation TEXT NOT NULL,
    name TEXT NOT NULL,
    birth_date TEXT,
    political_status TEXT,
    work_unit_and_post TEXT NOT NULL,
    abroad BIGINT NOT NULL
);
CREATE INDEX family_members_cadre ON family_members (cadre_id);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    org_id TEXT NOT NULL REFERENCES orgs (id),
    cadre_id TEXT REFERENCES cadres (id),
    active BIGINT NOT NULL,
    updated_seq BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    username TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_user ON login_failures (username, at);
