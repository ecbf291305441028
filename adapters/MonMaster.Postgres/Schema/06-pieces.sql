-- The pieces of candidate files (CV, letters, certificates…): at most 2 MB each, kept with their SHA-256 so that
-- what is served back is what was uploaded. One row per candidate and kind of piece; a new upload replaces it.
CREATE TABLE IF NOT EXISTS candidate_pieces
(
    serviceid   text        NOT NULL,
    candidate   text        NOT NULL,
    kind        text        NOT NULL,
    file_name   text        NOT NULL,
    media_type  text        NOT NULL,
    size        integer     NOT NULL,
    sha256      text        NOT NULL,
    content     bytea       NOT NULL,
    uploaded_at timestamptz NOT NULL,
    CONSTRAINT candidate_pieces_pk PRIMARY KEY (serviceid, candidate, kind)
);
