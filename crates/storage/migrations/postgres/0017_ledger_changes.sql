-- A record's history of changes without its views (查阅登记): every dossier open appends a view
-- entry, so a much-read dossier has thousands of them; its changes are found through this
-- index without stepping over the views, which are shown apart (the latest few).
CREATE INDEX ledger_subject_changes ON ledger (subject_kind, subject_id, seq) WHERE action <> 'registry.dossier.view';
