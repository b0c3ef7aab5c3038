-- How a tenure came to be (SEL-COLLECTIVE): a selection case's committee vote (with the case),
-- or another body's decision recorded with its document number and date. NULL for tenures
-- entered for the résumé (ended before they were entered) and for those registered with a
-- cadre before this migration. Kept textually parallel between the two engines.
ALTER TABLE tenures ADD COLUMN decided_by TEXT;
ALTER TABLE tenures ADD COLUMN decided_on TEXT;
ALTER TABLE tenures ADD COLUMN case_id TEXT REFERENCES selection_cases (id);

-- Tenures that selection cases' appointments wrote before this migration.
UPDATE tenures SET decided_by = 'selection_case',
    case_id = (SELECT a.case_id FROM selection_appointments a WHERE a.tenure_id = tenures.id)
WHERE id IN (SELECT tenure_id FROM selection_appointments);
