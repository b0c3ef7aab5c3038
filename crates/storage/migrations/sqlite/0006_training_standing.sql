-- Each cadre's training totals as of a day, kept so that the compliance report of a province reads
-- one narrow row per cadre instead of joining millions of records (docs/performance.md).
--
-- Derived data: every value here is recomputed from `training_records` whenever a row is not
-- valid for the report's day. A row is valid on day D when `window_months` is the policy's
-- window and `valid_from <= D < valid_until`; the totals are the same on every day of that span
-- (crates/domain/src/training/standing.rs). Writing a record empties `valid_until` and raises
-- `version` in the same transaction; a refresh writes back only over the version it read.
-- `org_path` and `rank_level` follow the cadre's row in the transaction that changes it.
-- Clustered by path: a subtree is one range and its units come out grouped.
CREATE TABLE training_standing (
    org_path TEXT NOT NULL,
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    rank_level INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    window_months INTEGER NOT NULL DEFAULT 0,
    valid_from TEXT NOT NULL DEFAULT '',
    valid_until TEXT NOT NULL DEFAULT '',
    window_hours INTEGER NOT NULL DEFAULT 0,
    window_days INTEGER NOT NULL DEFAULT 0,
    year_hours INTEGER NOT NULL DEFAULT 0,
    year_days INTEGER NOT NULL DEFAULT 0,
    year_credits_centi INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org_path, cadre_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX training_standing_cadre ON training_standing (cadre_id);

INSERT INTO training_standing (org_path, cadre_id, rank_level) SELECT org_path, id, rank_level FROM cadres;
