-- Grain state (AddAdoNetGrainStorage). Orleans sends the grain key as two hashes
-- plus the natural key (N0, N1, type string, optional string extension), the
-- ServiceId, the etag it holds (@GrainStateVersion, NULL = never read a row) and
-- the serialized state (@PayloadBinary). The etag is our integer version.

CREATE TABLE IF NOT EXISTS orleansstorage
(
    grainidhash            integer     NOT NULL,
    graintypehash          integer     NOT NULL,
    grainidn0              bigint      NOT NULL,
    grainidn1              bigint      NOT NULL,
    graintypestring        text        NOT NULL,
    -- '' stands for "no extension" so the key can be a plain primary key
    grainidextensionstring text        NOT NULL,
    serviceid              text        NOT NULL,
    payloadbinary          bytea       NULL,       -- NULL after ClearStateAsync
    modifiedon             timestamptz NOT NULL DEFAULT now(),
    version                integer     NOT NULL,

    -- hashes first: they are the selective part of every lookup
    CONSTRAINT orleansstorage_pk PRIMARY KEY
        (grainidhash, graintypehash, grainidn0, grainidn1,
         graintypestring, grainidextensionstring, serviceid)
);

-- Earlier versions flagged stored outboxes here for the outbox recovery, which now reads admission_outbox:
-- the flag cost a scan of every payload written, for nothing.
ALTER TABLE orleansstorage DROP COLUMN IF EXISTS hasoutbox;
DROP INDEX IF EXISTS orleansstorage_modified;

-- Returns the new version, or NULL when the caller's etag does not match
-- (Orleans turns NULL into an InconsistentStateException). Always one row.
CREATE OR REPLACE FUNCTION orleans_storage_write(
    p_grainidhash            integer,
    p_grainidn0              bigint,
    p_grainidn1              bigint,
    p_graintypehash          integer,
    p_graintypestring        text,
    p_grainidextensionstring text,
    p_serviceid              text,
    p_version                integer,
    p_payloadbinary          bytea)
RETURNS integer
LANGUAGE plpgsql AS
$fn$
DECLARE
    v_new integer;
BEGIN
    IF p_version IS NULL THEN
        -- First write of this grain: loses if another activation got there first.
        INSERT INTO orleansstorage
            (grainidhash, graintypehash, grainidn0, grainidn1, graintypestring,
             grainidextensionstring, serviceid, payloadbinary, version)
        VALUES
            (p_grainidhash, p_graintypehash, p_grainidn0, p_grainidn1, p_graintypestring,
             COALESCE(p_grainidextensionstring, ''), p_serviceid, p_payloadbinary, 1)
        ON CONFLICT (grainidhash, graintypehash, grainidn0, grainidn1,
                     graintypestring, grainidextensionstring, serviceid) DO NOTHING
        RETURNING version INTO v_new;
    ELSE
        UPDATE orleansstorage
           SET payloadbinary = p_payloadbinary,
               modifiedon = now(),
               version = version + 1
         WHERE grainidhash = p_grainidhash
           AND graintypehash = p_graintypehash
           AND grainidn0 = p_grainidn0
           AND grainidn1 = p_grainidn1
           AND graintypestring = p_graintypestring
           AND grainidextensionstring = COALESCE(p_grainidextensionstring, '')
           AND serviceid = p_serviceid
           AND version = p_version
        RETURNING version INTO v_new;
    END IF;
    RETURN v_new;
END
$fn$;

INSERT INTO orleansquery (querykey, querytext) VALUES
(
    'ReadFromStorageKey',
    $q$
    SELECT payloadbinary, version
      FROM orleansstorage
     WHERE grainidhash = @GrainIdHash
       AND graintypehash = @GrainTypeHash
       AND grainidn0 = @GrainIdN0
       AND grainidn1 = @GrainIdN1
       AND graintypestring = @GrainTypeString
       AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '')
       AND serviceid = @ServiceId;
    $q$
),
(
    'WriteToStorageKey',
    $q$
    SELECT orleans_storage_write(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)
        AS newgrainstateversion;
    $q$
),
(
    -- Keeps the row (payload NULL, version bumped) so the etag keeps growing.
    -- The outer SELECT always yields one row: NULL means etag mismatch; an empty
    -- result would be taken as success by the provider.
    'ClearStorageKey',
    $q$
    WITH cleared AS (
        UPDATE orleansstorage
           SET payloadbinary = NULL,
               modifiedon = now(),
               version = version + 1
         WHERE grainidhash = @GrainIdHash
           AND graintypehash = @GrainTypeHash
           AND grainidn0 = @GrainIdN0
           AND grainidn1 = @GrainIdN1
           AND graintypestring = @GrainTypeString
           AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '')
           AND serviceid = @ServiceId
           AND version = @GrainStateVersion
        RETURNING version
    )
    SELECT (SELECT version FROM cleared) AS newgrainstateversion;
    $q$
),
(
    -- Used instead of ClearStorageKey when DeleteStateOnClear = true.
    -- Answers "old version + 1" so the provider sees the etag change.
    'DeleteStorageKey',
    $q$
    WITH deleted AS (
        DELETE FROM orleansstorage
         WHERE grainidhash = @GrainIdHash
           AND graintypehash = @GrainTypeHash
           AND grainidn0 = @GrainIdN0
           AND grainidn1 = @GrainIdN1
           AND graintypestring = @GrainTypeString
           AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '')
           AND serviceid = @ServiceId
           AND version = @GrainStateVersion
        RETURNING version + 1 AS version
    )
    SELECT (SELECT version FROM deleted) AS newgrainstateversion;
    $q$
)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
