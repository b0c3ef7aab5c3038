-- At most one attempt in progress per cadre and exam, whatever the isolation level: a second
-- start racing the first fails here and is answered with the attempt already running.
-- Kept textually the same for SQLite and PostgreSQL.
CREATE UNIQUE INDEX exam_attempts_one_open ON exam_attempts (exam_id, cadre_id) WHERE status = 'in_progress';
