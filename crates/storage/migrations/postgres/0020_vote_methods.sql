-- The committee's voting method per agenda item (SEL-VOTE-METHOD), the principal leader who
-- states last in an open vote (SEL-SECRETARY-LAST), and secret ballots kept apart from their
-- members. Items recorded before this were voted by name, so they read as a show of hands;
-- meetings recorded before this name no principal. Kept textually parallel between the engines.
ALTER TABLE selection_agenda_items ADD COLUMN vote_method TEXT NOT NULL DEFAULT 'show_of_hands'
    CHECK (vote_method IN ('oral', 'show_of_hands', 'secret_ballot'));

ALTER TABLE selection_meetings ADD COLUMN principal_id TEXT REFERENCES users (id);

-- A secret ballot: the item and the vote, under a random ID, and no member. That the member
-- voted is their position in selection_item_positions (kind 'vote'); selection_votes holds
-- only open votes.
CREATE TABLE selection_secret_ballots (
    item_id TEXT NOT NULL REFERENCES selection_agenda_items (id),
    id TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('agree', 'disagree', 'defer')),
    PRIMARY KEY (item_id, id)
);
