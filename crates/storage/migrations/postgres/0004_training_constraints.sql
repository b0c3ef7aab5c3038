-- A completed course writes one training record per trainee: a second completion (a double
-- click, two staff at once) cannot credit anyone twice. Records entered from elsewhere have no
-- course (NULL) and are not constrained. Kept textually the same for SQLite and PostgreSQL.
CREATE UNIQUE INDEX training_records_course_once ON training_records (cadre_id, course_id);
