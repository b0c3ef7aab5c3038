-- What a bulk write (an xlsx import, the demo loader) stored in each row it wrote, as a digest
-- of the row's core fields, beside the ledger entry that records the write. The entry's detail
-- commits to all of them (cadres_root), so these rows cannot be changed without breaking the
-- chain, and `jianquan ledger audit` compares each row still stamped with the entry against
-- its digest. Kept textually parallel between the two engines (only the integer type differs).
CREATE TABLE ledger_rows (
    seq BIGINT NOT NULL,
    row_id TEXT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (seq, row_id)
);
