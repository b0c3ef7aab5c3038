-- Each cadre's training totals as of a day, kept so that the compliance report of a province reads
-- one narrow row per cadre instead of joining millions of records (docs/performance.md).
--
-- Derived data: every value here is recomputed from `training_records` whenever a row is not
-- valid for the report's day. A row is valid on day D when `window_months` is the policy's
-- window and `valid_from <= D < valid_until`; the totals are the same on every day of that span
-- (crates/domain/src/training/standing.rs). Writing a record empties `valid_until` and raises
-- `version` in the same transaction; a refresh writes back only over the version it read.
-- `org_path` and `rank_level` follow the cadre's row in the transaction that changes it.
CREATE TABLE training_standing (
    cadre_id TEXT PRIMARY KEY REFERENCES cadres (id),
    org_path TEXT NOT NULL,
    rank_level BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 0,
    window_months BIGINT NOT NULL DEFAULT 0,
    valid_from TEXT NOT NULL DEFAULT '',
    valid_until TEXT NOT NULL DEFAULT '',
    window_hours BIGINT NOT NULL DEFAULT 0,
    window_days BIGINT NOT NULL DEFAULT 0,
    year_hours BIGINT NOT NULL DEFAULT 0,
    year_days BIGINT NOT NULL DEFAULT 0,
    year_credits_centi BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX training_standing_path ON training_standing (org_path);

INSERT INTO training_standing (cadre_id, org_path, rank_level) SELECT id, org_path, rank_level FROM cadres;
