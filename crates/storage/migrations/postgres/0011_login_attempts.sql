-- Sign-in throttling per account and client (SEC-LOGIN-THROTTLE), replacing login_failures.
-- An attempt is reserved (pending) inside the same transaction that counts the earlier ones, so
-- a burst of parallel attempts cannot all pass the count; it stays counted as a failure unless
-- the password matched. Neither table keeps the typed username: `account_key` is a digest of it,
-- so a password typed into the username box is not kept. Rows older than the window are deleted.
-- Kept textually parallel between the two engines.
DROP TABLE login_failures;

CREATE TABLE login_attempts (
    id TEXT PRIMARY KEY,
    account_key TEXT NOT NULL,
    client_key TEXT NOT NULL,
    trusted INTEGER NOT NULL CHECK (trusted IN (0, 1)),
    at TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('pending', 'failed', 'succeeded'))
);
CREATE INDEX login_attempts_account ON login_attempts (account_key, at);
CREATE INDEX login_attempts_at ON login_attempts (at);

-- Browsers an account has signed in from (a device cookie, stored as a digest). Attempts from a
-- known device are counted apart, so a stranger's failures cannot lock the owner out.
CREATE TABLE trusted_devices (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    last_used_at TEXT NOT NULL
);
CREATE INDEX trusted_devices_user ON trusted_devices (user_id);
