-- Selection & appointment (选拔任用): cases (纪实) and every step of them. Kept textually parallel
-- to ../postgres/0007_selection.sql (INTEGER here is BIGINT there; WITHOUT ROWID is SQLite's).
-- Dates are ISO text, flags 0/1, lists and tallies JSON text. Each table's `*_seq` columns name
-- the ledger entry that wrote the row.

-- The last case number (纪实〔year〕N号) given out in each year; taken by one conditional update.
CREATE TABLE selection_case_numbers (
    year INTEGER PRIMARY KEY,
    last_seq INTEGER NOT NULL
);

CREATE TABLE selection_cases (
    id TEXT PRIMARY KEY,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    post_id TEXT NOT NULL REFERENCES posts (id),
    post_title TEXT NOT NULL,
    org_id TEXT NOT NULL REFERENCES orgs (id),
    org_path TEXT NOT NULL,
    method TEXT NOT NULL,
    proposer TEXT NOT NULL,
    work_plan TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    state TEXT NOT NULL,
    paused INTEGER NOT NULL,
    ended_because TEXT,
    -- The passed agenda item publicised, and the cadre appointed.
    decision_item_id TEXT,
    appointee_id TEXT REFERENCES cadres (id),
    created_seq INTEGER NOT NULL,
    updated_seq INTEGER NOT NULL,
    UNIQUE (year, seq)
);
CREATE INDEX selection_cases_path ON selection_cases (org_path, year, seq);
CREATE INDEX selection_cases_post ON selection_cases (post_id, state);

-- A democratic-recommendation round. Its electorate and candidates are sealed when it opens.
CREATE TABLE selection_rounds (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES selection_cases (id),
    number INTEGER NOT NULL,
    kind TEXT NOT NULL,
    voting TEXT NOT NULL,
    targeted INTEGER NOT NULL,
    max_choices INTEGER NOT NULL,
    status TEXT NOT NULL,
    held_on TEXT,
    present_count INTEGER NOT NULL,
    tally TEXT,
    ballots_digest TEXT,
    created_seq INTEGER NOT NULL,
    updated_seq INTEGER NOT NULL,
    UNIQUE (case_id, number)
);

CREATE TABLE selection_round_electors (
    round_id TEXT NOT NULL REFERENCES selection_rounds (id),
    name TEXT NOT NULL,
    present INTEGER NOT NULL,
    PRIMARY KEY (round_id, name)
) WITHOUT ROWID;

CREATE TABLE selection_round_candidates (
    round_id TEXT NOT NULL REFERENCES selection_rounds (id),
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    votes INTEGER,
    reaches INTEGER,
    PRIMARY KEY (round_id, cadre_id)
) WITHOUT ROWID;

-- One-time voter codes, stored as SHA-256 digests. A code is spent by one conditional update
-- (`spent = 0` → 1): whatever the concurrency, a code votes once.
CREATE TABLE selection_voter_codes (
    code_hash TEXT PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES selection_rounds (id),
    spent INTEGER NOT NULL CHECK (spent IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX selection_voter_codes_round ON selection_voter_codes (round_id, spent);

-- Ballots with no link to a code or voter; random IDs and no row order, so neither the order
-- of voting nor the voter can be read back. The tally is recomputed from these rows.
CREATE TABLE selection_ballots (
    round_id TEXT NOT NULL REFERENCES selection_rounds (id),
    id TEXT NOT NULL,
    marks TEXT NOT NULL,
    PRIMARY KEY (round_id, id)
) WITHOUT ROWID;

-- Paper counts, one per teller account; two different tellers must agree.
CREATE TABLE selection_teller_counts (
    round_id TEXT NOT NULL REFERENCES selection_rounds (id),
    teller_id TEXT NOT NULL REFERENCES users (id),
    counts TEXT NOT NULL,
    entered_seq INTEGER NOT NULL,
    PRIMARY KEY (round_id, teller_id)
) WITHOUT ROWID;

-- Competitive appointment and open selection (SEL-COMPETITIVE): the announcement with its
-- weights and qualification rules, and each applicant's review and scores (hundredths of a point).
CREATE TABLE selection_exams (
    case_id TEXT PRIMARY KEY REFERENCES selection_cases (id),
    written_weight INTEGER NOT NULL,
    interview_weight INTEGER NOT NULL,
    qualifications TEXT NOT NULL,
    announced_on TEXT NOT NULL,
    recorded_seq INTEGER NOT NULL
);

CREATE TABLE selection_applicants (
    case_id TEXT NOT NULL REFERENCES selection_cases (id),
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    qualified INTEGER,
    review_reason TEXT NOT NULL,
    written_centi INTEGER,
    written_by TEXT,
    interview_centi INTEGER,
    interview_by TEXT,
    updated_seq INTEGER NOT NULL,
    PRIMARY KEY (case_id, cadre_id)
) WITHOUT ROWID;

-- The people a case considers after nomination, with the facts the gate reads that have no
-- module of their own yet, the gate's last verdict and an exceptional promotion (破格).
CREATE TABLE selection_candidates (
    case_id TEXT NOT NULL REFERENCES selection_cases (id),
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    source TEXT NOT NULL,
    round_id TEXT,
    votes INTEGER,
    base INTEGER,
    reaches INTEGER,
    status TEXT NOT NULL,
    low_public_recognition INTEGER NOT NULL,
    canvassing_findings INTEGER NOT NULL,
    personal_matters_concealment INTEGER NOT NULL,
    gate TEXT,
    exception TEXT,
    gated_on TEXT,
    updated_seq INTEGER NOT NULL,
    PRIMARY KEY (case_id, cadre_id)
) WITHOUT ROWID;
CREATE INDEX selection_candidates_cadre ON selection_candidates (cadre_id);

-- 凡提四必: each check with who, when and what was found.
CREATE TABLE selection_must_checks (
    case_id TEXT NOT NULL REFERENCES selection_cases (id),
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    check_code TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    date TEXT NOT NULL,
    result TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_seq INTEGER NOT NULL,
    PRIMARY KEY (case_id, cadre_id, check_code)
) WITHOUT ROWID;

CREATE TABLE selection_inspectors (
    case_id TEXT NOT NULL REFERENCES selection_cases (id),
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    inspector_id TEXT NOT NULL REFERENCES users (id),
    letter_accepted_on TEXT,
    letter_seq INTEGER,
    PRIMARY KEY (case_id, cadre_id, inspector_id)
) WITHOUT ROWID;
CREATE INDEX selection_inspectors_user ON selection_inspectors (inspector_id);

CREATE TABLE selection_interviews (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES selection_cases (id),
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    inspector_id TEXT NOT NULL REFERENCES users (id),
    date TEXT NOT NULL,
    count INTEGER NOT NULL,
    summary TEXT NOT NULL,
    recorded_seq INTEGER NOT NULL
);
CREATE INDEX selection_interviews_subject ON selection_interviews (case_id, cadre_id, date);

CREATE TABLE selection_inspection_reports (
    case_id TEXT NOT NULL REFERENCES selection_cases (id),
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    concluded_by TEXT NOT NULL REFERENCES users (id),
    concluded_on TEXT NOT NULL,
    conclusion TEXT NOT NULL,
    interviewed INTEGER NOT NULL,
    recorded_seq INTEGER NOT NULL,
    PRIMARY KEY (case_id, cadre_id)
) WITHOUT ROWID;

-- A committee meeting (常委会) deciding appointments: planned, then open (agenda sealed).
CREATE TABLE selection_meetings (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs (id),
    org_path TEXT NOT NULL,
    title TEXT NOT NULL,
    held_on TEXT NOT NULL,
    status TEXT NOT NULL,
    created_seq INTEGER NOT NULL,
    updated_seq INTEGER NOT NULL
);
CREATE INDEX selection_meetings_path ON selection_meetings (org_path, held_on);

CREATE TABLE selection_meeting_members (
    meeting_id TEXT NOT NULL REFERENCES selection_meetings (id),
    member_id TEXT NOT NULL REFERENCES users (id),
    present INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
) WITHOUT ROWID;
CREATE INDEX selection_meeting_members_user ON selection_meeting_members (member_id);

CREATE TABLE selection_agenda_items (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES selection_meetings (id),
    number INTEGER NOT NULL,
    case_id TEXT NOT NULL REFERENCES selection_cases (id),
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    reconsideration_of TEXT,
    status TEXT NOT NULL,
    result TEXT,
    passed INTEGER,
    registered_seq INTEGER NOT NULL,
    decided_seq INTEGER,
    UNIQUE (meeting_id, number)
);
CREATE INDEX selection_agenda_items_case ON selection_agenda_items (case_id);

CREATE TABLE selection_recusals (
    item_id TEXT NOT NULL REFERENCES selection_agenda_items (id),
    member_id TEXT NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    recorded_seq INTEGER NOT NULL,
    PRIMARY KEY (item_id, member_id)
) WITHOUT ROWID;

-- Each member's vote on an item, once (the key).
CREATE TABLE selection_votes (
    item_id TEXT NOT NULL REFERENCES selection_agenda_items (id),
    member_id TEXT NOT NULL REFERENCES users (id),
    vote TEXT NOT NULL,
    recorded_seq INTEGER NOT NULL,
    PRIMARY KEY (item_id, member_id)
) WITHOUT ROWID;

-- Consent to reconsider (复议) a decided item; `used_by` is the item of the later agenda.
CREATE TABLE selection_reconsiderations (
    item_id TEXT PRIMARY KEY REFERENCES selection_agenda_items (id),
    consenting TEXT NOT NULL,
    agreed_on TEXT NOT NULL,
    used_by TEXT,
    recorded_seq INTEGER NOT NULL
);

-- A pre-appointment publicity notice (任前公示), as published: what the public page shows.
CREATE TABLE selection_notices (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL UNIQUE REFERENCES selection_cases (id),
    item_id TEXT NOT NULL REFERENCES selection_agenda_items (id),
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    org_path TEXT NOT NULL,
    name TEXT NOT NULL,
    gender TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    current_post TEXT NOT NULL,
    proposed_post TEXT NOT NULL,
    published_on TEXT NOT NULL,
    period_end TEXT NOT NULL,
    working_days INTEGER NOT NULL,
    where_to_object TEXT NOT NULL,
    created_seq INTEGER NOT NULL
);
CREATE INDEX selection_notices_period ON selection_notices (period_end, published_on);

-- Objections during publicity, named or anonymous (followed by a receipt code, kept as a digest).
CREATE TABLE selection_objections (
    id TEXT PRIMARY KEY,
    notice_id TEXT NOT NULL REFERENCES selection_notices (id),
    number INTEGER NOT NULL,
    named INTEGER NOT NULL,
    objector_name TEXT NOT NULL,
    contact TEXT NOT NULL,
    text TEXT NOT NULL,
    raised_on TEXT NOT NULL,
    receipt_hash TEXT NOT NULL UNIQUE,
    finding TEXT,
    finding_on TEXT,
    finding_note TEXT NOT NULL,
    finding_by TEXT,
    created_seq INTEGER NOT NULL,
    updated_seq INTEGER NOT NULL,
    UNIQUE (notice_id, number)
);
CREATE INDEX selection_objections_open ON selection_objections (finding, notice_id);

CREATE TABLE selection_appointments (
    case_id TEXT PRIMARY KEY REFERENCES selection_cases (id),
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    document_number TEXT NOT NULL,
    basis TEXT NOT NULL,
    tenure_start TEXT NOT NULL,
    tenure_id TEXT NOT NULL,
    probation_end TEXT,
    obligations TEXT NOT NULL,
    appointed_on TEXT NOT NULL,
    recorded_seq INTEGER NOT NULL
);
