-- The national catalogue (issue 5): one row per formation sheet, the whole sheet in `document` (System.Text.Json,
-- camelCase, enums kebab-case: see CatalogueJson) and every searchable column derived from it by PostgreSQL
-- (generated columns), so that the columns can never disagree with the sheet; only the text search's words
-- (catalogue_word) are written by the store, cut as the in-memory index cuts them. Searched by PostgresCatalogueSearch.
-- Re-running this file changes nothing (IF NOT EXISTS, CREATE OR REPLACE, DROP … IF EXISTS).
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

-- unaccent() is only STABLE (its dictionary could change); naming the dictionary makes this wrapper safe to call
-- IMMUTABLE, which indexes and generated columns need.
CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN public.unaccent('public.unaccent'::regdictionary, $1);

-- Accent- and case-folded text. lower() alone leaves « É » as is in a C-locale database: unaccent first.
CREATE OR REPLACE FUNCTION f_norm(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(public.f_unaccent($1));

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

-- Great-circle distance in km, the same formula and operations as Distance.Km (haversine on the mean radius
-- 6371.0088 km): a radius and a hit's distance mean exactly what the in-memory search computes. Not STRICT, so that
-- the planner inlines it (least() is not strict).
CREATE OR REPLACE FUNCTION catalogue_km(lat1 float8, lon1 float8, lat2 float8, lon2 float8) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN 2::float8 * 6371.0088::float8 * asin(least(1::float8, sqrt(
        sin((lat2 - lat1) * pi() / 180 / 2) * sin((lat2 - lat1) * pi() / 180 / 2)
        + cos(lat1 * pi() / 180) * cos(lat2 * pi() / 180) * sin((lon2 - lon1) * pi() / 180 / 2) * sin((lon2 - lon1) * pi() / 180 / 2))));

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
    CONSTRAINT catalogue_formation_pk PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS catalogue_formation_earth ON catalogue_formation USING gist (ll_to_earth(latitude, longitude));
CREATE INDEX IF NOT EXISTS catalogue_formation_year ON catalogue_formation (year);
CREATE INDEX IF NOT EXISTS catalogue_formation_establishment ON catalogue_formation (establishment);
CREATE INDEX IF NOT EXISTS catalogue_formation_version_idx ON catalogue_formation (version);
-- The map's point of a commune: its first formation in the default order (ordinal, as the search sorts).
CREATE INDEX IF NOT EXISTS catalogue_formation_commune_first ON catalogue_formation
    (year, commune, (mention_key COLLATE "C"), (establishment_key COLLATE "C"), (id COLLATE "C"));

-- The full-text columns of the first version (tsvector with French stemming, trigrams over the words): the search now
-- matches words as the in-memory index does (catalogue_word below).
ALTER TABLE catalogue_formation DROP COLUMN IF EXISTS search, DROP COLUMN IF EXISTS search_text;
DROP FUNCTION IF EXISTS catalogue_search_vector(jsonb);
DROP FUNCTION IF EXISTS catalogue_search_text(jsonb);
DROP TEXT SEARCH CONFIGURATION IF EXISTS fr_unaccent;

-- The text search's words, as CatalogueText.Words cuts and folds them (same folding, stop words and splitting as the
-- in-memory index, which SQL alone cannot reproduce exactly): one row per word of a sheet's mention, parcours,
-- establishment and keywords (not its domain), with the weight of the best field it appears in (mention 3, parcours
-- and establishment 2, keywords 1). Written by PostgresCatalogueStore with the sheet, in the same transaction.
CREATE TABLE IF NOT EXISTS catalogue_word
(
    word         text COLLATE "C" NOT NULL,
    formation_id text             NOT NULL REFERENCES catalogue_formation (id) ON DELETE CASCADE,
    weight       real             NOT NULL,
    CONSTRAINT catalogue_word_pk PRIMARY KEY (word, formation_id)
);
CREATE INDEX IF NOT EXISTS catalogue_word_formation ON catalogue_word (formation_id);

-- The distinct words of catalogue_word (a few thousand): where a query word's prefixes and typos are looked up.
CREATE TABLE IF NOT EXISTS catalogue_vocabulary
(
    word text COLLATE "C" NOT NULL,
    CONSTRAINT catalogue_vocabulary_pk PRIMARY KEY (word)
);
