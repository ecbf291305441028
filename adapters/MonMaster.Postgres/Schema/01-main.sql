-- Shared table of the Orleans ADO.NET providers (invariant "Npgsql").
-- Each provider reads its queries from here at start-up with
--   SELECT QueryKey, QueryText FROM OrleansQuery
-- and then only runs those texts. Query keys, @parameter names and result
-- column names are the providers' contract; everything else is ours.
--
-- All files in this folder are idempotent: scripts/postgres.sh applies them
-- on every start, in name order, in one transaction.
-- Unquoted identifiers fold to lower case; Npgsql matches result columns
-- case-insensitively, so "Version" finds the column version.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,

    CONSTRAINT orleansquery_pk PRIMARY KEY (querykey)
);
