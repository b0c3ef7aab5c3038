-- The proof-of-work challenges already used (SEC-PROOF-OF-WORK). Challenges are issued without
-- storing anything (they carry an HMAC); each is spent here, by its SHA-256, in the write
-- transaction of the submission it allowed, so it is accepted once. A row is needed only until
-- the challenge expires: the spender deletes expired rows as it goes (by the expiry index).
-- Kept textually parallel to ../sqlite/0010_spent_challenges.sql: only the type names differ.
CREATE TABLE spent_challenges (
    digest TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX spent_challenges_expiry ON spent_challenges (expires_at);
