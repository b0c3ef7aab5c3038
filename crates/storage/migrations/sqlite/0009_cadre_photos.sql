-- A cadre's photo (照片): one image per cadre, JPEG or PNG as checked by the domain
-- (crates/domain/src/registry/photo.rs), shown on the dossier and the 任免审批表 and carried as
-- base64 in LRMX. Replaced whole; every replacement is a ledger entry naming the image's SHA-256.
-- Kept textually parallel to ../postgres/0009_cadre_photos.sql: only the type names differ.
CREATE TABLE cadre_photos (
    cadre_id TEXT PRIMARY KEY REFERENCES cadres (id),
    content_type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    updated_seq INTEGER NOT NULL
);
