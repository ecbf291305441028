-- The national catalogue (issue 5): one row per formation sheet, the whole sheet in `document` (System.Text.Json,
-- camelCase, enums kebab-case: see CatalogueJson) and every searchable column derived from it by PostgreSQL
-- (generated columns), so that the columns can never disagree with the sheet. Searched by PostgresCatalogueSearch.
-- Re-running this file changes nothing (IF NOT EXISTS, CREATE OR REPLACE, a DO block for the text search config).
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;

-- unaccent() is only STABLE (its dictionary could change); naming the dictionary makes this wrapper safe to call
-- IMMUTABLE, which indexes and generated columns need.
CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN public.unaccent('public.unaccent'::regdictionary, $1);

-- Accent- and case-folded text. lower() alone leaves « É » as is in a C-locale database: unaccent first.
CREATE OR REPLACE FUNCTION f_norm(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(public.f_unaccent($1));

-- French stemming after unaccent: « Économie », « economie » and « économique » meet on 'econom'.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'fr_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION fr_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION fr_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;

-- A JSON array of strings as text[] ('{}' for null or absent).
CREATE OR REPLACE FUNCTION catalogue_strings(jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce((SELECT array_agg(x) FROM jsonb_array_elements_text(
        CASE WHEN jsonb_typeof($1) = 'array' THEN $1 ELSE '[]'::jsonb END) x), '{}');

-- The same, accent- and case-folded (recommended licences, matched by « mon dernier diplôme »).
CREATE OR REPLACE FUNCTION catalogue_norm_strings(jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce((SELECT array_agg(public.f_norm(x)) FROM jsonb_array_elements_text(
        CASE WHEN jsonb_typeof($1) = 'array' THEN $1 ELSE '[]'::jsonb END) x), '{}');

-- Full text: A mention, B parcours and establishment, C keywords. Built from the folded text (see f_norm).
CREATE OR REPLACE FUNCTION catalogue_search_vector(doc jsonb) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN setweight(to_tsvector('public.fr_unaccent'::regconfig, coalesce(public.f_norm(doc->>'mention'), '')), 'A')
        || setweight(to_tsvector('public.fr_unaccent'::regconfig,
               public.f_norm(concat_ws(' ', doc->>'parcours', doc->>'establishment'))), 'B')
        || setweight(to_tsvector('public.fr_unaccent'::regconfig,
               public.f_norm(array_to_string(public.catalogue_strings(doc->'keywords'), ' '))), 'C');

-- The same words, folded, separated by single spaces: prefix (LIKE) and typo (trigram word_similarity) matching.
CREATE OR REPLACE FUNCTION catalogue_search_text(doc jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN trim(regexp_replace(public.f_norm(concat_ws(' ', doc->>'mention', doc->>'parcours', doc->>'establishment',
        array_to_string(public.catalogue_strings(doc->'keywords'), ' '))), '[^a-z0-9]+', ' ', 'g'));

CREATE SEQUENCE IF NOT EXISTS catalogue_formation_version;

CREATE TABLE IF NOT EXISTS catalogue_formation
(
    id            text        NOT NULL,
    document      jsonb       NOT NULL,
    version       bigint      NOT NULL DEFAULT nextval('catalogue_formation_version'),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    year          int         GENERATED ALWAYS AS ((document->>'year')::int) STORED,
    establishment text        GENERATED ALWAYS AS (document->>'establishment') STORED,
    mention       text        GENERATED ALWAYS AS (document->>'mention') STORED,
    parcours      text        GENERATED ALWAYS AS (document->>'parcours') STORED,
    region        text        GENERATED ALWAYS AS (document->'place'->>'regionCode') STORED,
    departement   text        GENERATED ALWAYS AS (document->'place'->>'departementCode') STORED,
    commune       text        GENERATED ALWAYS AS (document->'place'->>'communeCode') STORED,
    commune_name  text        GENERATED ALWAYS AS (document->'place'->>'commune') STORED,
    latitude      float8      GENERATED ALWAYS AS ((document->'place'->>'latitude')::float8) STORED,
    longitude     float8      GENERATED ALWAYS AS ((document->'place'->>'longitude')::float8) STORED,
    via_platform  bool        GENERATED ALWAYS AS ((document->>'viaPlatform')::bool) STORED,
    -- kebab-case: initial, continuing, apprenticeship, professionalisation-contract
    modalities    text[]      GENERATED ALWAYS AS (catalogue_strings(document->'modalities')) STORED,
    -- recommended licence mentions, folded (f_norm)
    recommended   text[]      GENERATED ALWAYS AS (catalogue_norm_strings(document->'recommendedLicences')) STORED,
    capacity      int         GENERATED ALWAYS AS ((document->>'capacity')::int) STORED,
    access_rate   float8      GENERATED ALWAYS AS ((document->'previous'->>'accessRate')::float8) STORED,
    -- folded (f_norm): the mention, parcours and establishment filters compare these; sorts use them
    mention_key       text    GENERATED ALWAYS AS (f_norm(document->>'mention')) STORED,
    parcours_key      text    GENERATED ALWAYS AS (f_norm(document->>'parcours')) STORED,
    establishment_key text    GENERATED ALWAYS AS (f_norm(document->>'establishment')) STORED,
    search        tsvector    GENERATED ALWAYS AS (catalogue_search_vector(document)) STORED,
    search_text   text        GENERATED ALWAYS AS (catalogue_search_text(document)) STORED,
    CONSTRAINT catalogue_formation_pk PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS catalogue_formation_search ON catalogue_formation USING gin (search);
CREATE INDEX IF NOT EXISTS catalogue_formation_search_text ON catalogue_formation USING gin (search_text gin_trgm_ops);
CREATE INDEX IF NOT EXISTS catalogue_formation_earth ON catalogue_formation USING gist (ll_to_earth(latitude, longitude));
CREATE INDEX IF NOT EXISTS catalogue_formation_year ON catalogue_formation (year);
CREATE INDEX IF NOT EXISTS catalogue_formation_establishment ON catalogue_formation (establishment);
CREATE INDEX IF NOT EXISTS catalogue_formation_version_idx ON catalogue_formation (version);
