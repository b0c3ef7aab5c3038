-- What a cadre's 任免审批表 (LRMX) said word for word, beside what was read from it: the 简历 as
-- given (exported back as it came), the 奖惩情况 and 年度考核结果 lines not read into entries
-- (narrative, one per line), and the form's own fields. One row per cadre, replaced by each
-- import. Kept textually parallel between the two engines.
CREATE TABLE cadre_forms (
    cadre_id TEXT PRIMARY KEY REFERENCES cadres (id),
    professional_title TEXT NOT NULL DEFAULT '',
    resume TEXT NOT NULL DEFAULT '',
    rewards_kept TEXT NOT NULL DEFAULT '',
    grades_kept TEXT NOT NULL DEFAULT '',
    reporting_unit TEXT NOT NULL DEFAULT '',
    filled_by TEXT NOT NULL DEFAULT '',
    updated_seq BIGINT NOT NULL
);
