-- Promotions (提拔任职) as facts of their own: who, on which date, from which rank to which (and
-- that rank's common level), and the unit's path at the time. The promotion use-case writes one with
-- the tenure it begins; the outcome figure (the share of a year's promotees rated 优秀 at its end)
-- reads them by date. Until now the rank reached was only in the ledger entry's detail.
-- Kept textually parallel to ../sqlite/0008_promotions.sql: only the type names and the JSON
-- accessor of the backfill differ.

CREATE TABLE promotions (
    id TEXT PRIMARY KEY REFERENCES tenures (id),
    cadre_id TEXT NOT NULL REFERENCES cadres (id),
    org_path TEXT NOT NULL,
    date TEXT NOT NULL,
    from_rank TEXT,
    to_rank TEXT NOT NULL,
    to_level BIGINT NOT NULL,
    created_seq BIGINT NOT NULL
);
CREATE INDEX promotions_date ON promotions (date, org_path);
CREATE INDEX promotions_cadre ON promotions (cadre_id, date);

-- Promotions recorded before this migration, from their ledger entries (the unit as it is now).
INSERT INTO promotions (id, cadre_id, org_path, date, from_rank, to_rank, to_level, created_seq)
SELECT (l.detail::json ->> 'tenure'), l.subject_id, c.org_path, (l.detail::json ->> 'date'), (l.detail::json ->> 'from_rank'), (l.detail::json ->> 'to_rank'),
    CASE (l.detail::json ->> 'to_rank')
        WHEN 'province_principal' THEN 1
        WHEN 'province_deputy' THEN 2
        WHEN 'bureau_principal' THEN 3
        WHEN 'bureau_deputy' THEN 4
        WHEN 'county_principal' THEN 5
        WHEN 'county_deputy' THEN 6
        WHEN 'township_principal' THEN 7
        WHEN 'township_deputy' THEN 8
        WHEN 'inspector_1' THEN 3
        WHEN 'inspector_2' THEN 4
        WHEN 'researcher_1' THEN 5
        WHEN 'researcher_2' THEN 5
        WHEN 'researcher_3' THEN 6
        WHEN 'researcher_4' THEN 6
        WHEN 'principal_staff_1' THEN 7
        WHEN 'principal_staff_2' THEN 7
        WHEN 'principal_staff_3' THEN 8
        WHEN 'principal_staff_4' THEN 8
        WHEN 'staff_1' THEN 9
        WHEN 'staff_2' THEN 9
        ELSE 99
    END,
    l.seq
FROM ledger l
JOIN cadres c ON c.id = l.subject_id
JOIN tenures t ON t.id = (l.detail::json ->> 'tenure')
WHERE l.action = 'registry.cadre.promote';
