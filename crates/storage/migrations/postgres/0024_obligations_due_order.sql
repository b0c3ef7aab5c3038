-- Open obligations in due order, with the path to filter on inside the index: the 工作台's
-- overdue list of a large subtree (a city, the province) reads its first rows from here
-- instead of sorting every open obligation of the subtree (storage::workbench::obligations_due).
CREATE INDEX obligations_open_due ON obligations (status, due_date, org_path);
