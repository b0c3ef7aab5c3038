-- The ledger page's filters (who, what kind, when), each answered through an index on a ledger
-- of 10^8 entries: by account, newest first; by action, newest first (a kind is a few actions,
-- read as one indexed range each and merged); and by time, to turn a date range into the range
-- of sequence numbers it covers. The subject filter uses ledger_subject (0001).
CREATE INDEX ledger_actor ON ledger (actor, seq);
CREATE INDEX ledger_action ON ledger (action, seq);
CREATE INDEX ledger_at ON ledger (at, seq);
