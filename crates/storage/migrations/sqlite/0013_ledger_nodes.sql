-- The Merkle tree over the ledger (RFC 9162 §2.1), kept as the hashes of its complete subtrees at
-- every eighth level: level 8 holds the root of each 256 consecutive entries, level 16 of each
-- 65,536, and so on. Any subtree's hash is then at most 128 stored hashes away, so a proof of one
-- entry among 10^8 reads a few hundred rows. Derived from the ledger's own hashes and checked
-- against signed checkpoints: not authoritative, so writing it needs no ledger entry.
-- Kept textually parallel between the two engines (only the integer type differs).
CREATE TABLE ledger_nodes (
    level INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (level, idx)
);
