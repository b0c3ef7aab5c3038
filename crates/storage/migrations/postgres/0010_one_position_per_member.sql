-- A committee member takes one position on an agenda item: a vote or a recusal, never both
-- (SEL-RECUSAL). Both writes insert here first in their transaction, so the key refuses the
-- second whatever raced. (A secret ballot, when one comes, records here that the member voted
-- and nowhere which way.) Kept textually parallel between the two engines.
CREATE TABLE selection_item_positions (
    item_id TEXT NOT NULL REFERENCES selection_agenda_items (id),
    member_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('vote', 'recusal')),
    PRIMARY KEY (item_id, member_id)
);

INSERT INTO selection_item_positions (item_id, member_id, kind)
SELECT item_id, member_id, 'vote' FROM selection_votes;

-- A recusal that raced a vote before this table existed keeps the vote's position; the
-- recusal row stays in selection_recusals as the record of what was asked, and is no longer
-- read as a recusal (storage::selection::meetings::recusals joins the positions), so the item
-- can be decided again.
INSERT INTO selection_item_positions (item_id, member_id, kind)
SELECT r.item_id, r.member_id, 'recusal' FROM selection_recusals r
WHERE NOT EXISTS (SELECT 1 FROM selection_votes v WHERE v.item_id = r.item_id AND v.member_id = r.member_id);
