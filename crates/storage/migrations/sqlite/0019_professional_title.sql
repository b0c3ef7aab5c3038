-- 专业技术职务 (professional title, e.g. 高级经济师) is a field of the cadre record, edited with the
-- rest of the basic data and written by imports; it was kept only among an LRMX file's form texts.
-- Kept textually parallel between the two engines.
ALTER TABLE cadres ADD COLUMN professional_title TEXT NOT NULL DEFAULT '';
UPDATE cadres SET professional_title = (SELECT f.professional_title FROM cadre_forms f WHERE f.cadre_id = cadres.id)
WHERE id IN (SELECT cadre_id FROM cadre_forms);
ALTER TABLE cadre_forms DROP COLUMN professional_title;
