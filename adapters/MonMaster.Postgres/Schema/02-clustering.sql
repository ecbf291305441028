-- Membership (UseAdoNetClustering on silos and clients).
-- Orleans' optimistic concurrency: every membership change must carry the
-- table version it was based on and bumps it; a stale version must change nothing.
-- SiloStatus values used below: 3 = Active, 6 = Dead.

-- One row per cluster (Orleans calls the ClusterId "DeploymentId" here).
CREATE TABLE IF NOT EXISTS orleansmembershipversiontable
(
    deploymentid varchar(150) NOT NULL,
    lastupdated  timestamptz  NOT NULL DEFAULT now(),
    version      integer      NOT NULL DEFAULT 0,

    CONSTRAINT orleansmembershipversiontable_pk PRIMARY KEY (deploymentid)
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE IF NOT EXISTS orleansmembershiptable
(
    deploymentid varchar(150) NOT NULL,
    address      varchar(45)  NOT NULL,
    port         integer      NOT NULL,
    generation   integer      NOT NULL,
    siloname     varchar(150) NOT NULL,
    hostname     varchar(150) NOT NULL,
    status       integer      NOT NULL,
    proxyport    integer      NULL,
    suspecttimes text         NULL,   -- "silo,time|silo,time", written and parsed by Orleans
    starttime    timestamptz  NOT NULL,
    iamalivetime timestamptz  NOT NULL,

    CONSTRAINT orleansmembershiptable_pk PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT orleansmembershiptable_version_fk FOREIGN KEY (deploymentid)
        REFERENCES orleansmembershipversiontable (deploymentid)
);

-- Inserts a silo row if the caller's table version is still current.
-- Returns 1 on success, 0 when the version is stale or the row already exists.
-- Locking the version row first (and re-checking it after any wait) serialises
-- writers without ASSERT or exception blocks, so nothing needs rolling back.
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deploymentid text,
    p_address      text,
    p_port         integer,
    p_generation   integer,
    p_siloname     text,
    p_hostname     text,
    p_status       integer,
    p_proxyport    integer,
    p_starttime    timestamptz,
    p_iamalivetime timestamptz,
    p_version      integer)
RETURNS integer
LANGUAGE plpgsql AS
$fn$
BEGIN
    PERFORM 1
      FROM orleansmembershipversiontable
     WHERE deploymentid = p_deploymentid
       AND version = p_version
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname,
         status, proxyport, starttime, iamalivetime)
    VALUES
        (p_deploymentid, p_address, p_port, p_generation, p_siloname, p_hostname,
         p_status, p_proxyport, p_starttime, p_iamalivetime)
    ON CONFLICT (deploymentid, address, port, generation) DO NOTHING;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershipversiontable
       SET version = version + 1,
           lastupdated = now()
     WHERE deploymentid = p_deploymentid;
    RETURN 1;
END
$fn$;

-- Updates a silo row under the same version rule as the insert.
CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deploymentid text,
    p_address      text,
    p_port         integer,
    p_generation   integer,
    p_status       integer,
    p_suspecttimes text,
    p_iamalivetime timestamptz,
    p_version      integer)
RETURNS integer
LANGUAGE plpgsql AS
$fn$
BEGIN
    PERFORM 1
      FROM orleansmembershipversiontable
     WHERE deploymentid = p_deploymentid
       AND version = p_version
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershiptable
       SET status = p_status,
           suspecttimes = p_suspecttimes,
           -- heartbeats race with updates; never move liveness backwards
           iamalivetime = GREATEST(iamalivetime, p_iamalivetime)
     WHERE deploymentid = p_deploymentid
       AND address = p_address
       AND port = p_port
       AND generation = p_generation;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershipversiontable
       SET version = version + 1,
           lastupdated = now()
     WHERE deploymentid = p_deploymentid;
    RETURN 1;
END
$fn$;

INSERT INTO orleansquery (querykey, querytext) VALUES
(
    'InsertMembershipVersionKey',
    -- returns 1 when this call created the row, 0 when it already existed
    $q$
    WITH created AS (
        INSERT INTO orleansmembershipversiontable (deploymentid)
        VALUES (@DeploymentId)
        ON CONFLICT (deploymentid) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer FROM created;
    $q$
),
(
    'InsertMembershipKey',
    $q$
    SELECT orleans_membership_insert(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
    $q$
),
(
    'UpdateMembershipKey',
    $q$
    SELECT orleans_membership_update(
        @DeploymentId, @Address, @Port, @Generation,
        @Status, @SuspectTimes, @IAmAliveTime, @Version);
    $q$
),
(
    -- Heartbeat: deliberately leaves the table version alone.
    'UpdateIAmAlivetimeKey',
    $q$
    UPDATE orleansmembershiptable
       SET iamalivetime = GREATEST(iamalivetime, @IAmAliveTime)
     WHERE deploymentid = @DeploymentId
       AND address = @Address
       AND port = @Port
       AND generation = @Generation;
    $q$
),
(
    -- The version row comes back even when the silo row is missing:
    -- Orleans needs the table version in every answer.
    'MembershipReadRowKey',
    $q$
    SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname,
           m.status, m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime,
           v.version
      FROM orleansmembershipversiontable v
      LEFT JOIN orleansmembershiptable m
        ON m.deploymentid = v.deploymentid
       AND m.address = @Address
       AND m.port = @Port
       AND m.generation = @Generation
     WHERE v.deploymentid = @DeploymentId;
    $q$
),
(
    'MembershipReadAllKey',
    $q$
    SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname,
           m.status, m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime,
           v.version
      FROM orleansmembershipversiontable v
      LEFT JOIN orleansmembershiptable m
        ON m.deploymentid = v.deploymentid
     WHERE v.deploymentid = @DeploymentId;
    $q$
),
(
    'GatewaysQueryKey',
    $q$
    SELECT address, proxyport, generation
      FROM orleansmembershiptable
     WHERE deploymentid = @DeploymentId
       AND status = @Status
       AND proxyport > 0;
    $q$
),
(
    'DeleteMembershipTableEntriesKey',
    $q$
    DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
    DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;
    $q$
),
(
    -- Bulk form, used by providers that do not find the per-row key below.
    -- Only rows of dead silos that started and last beat before the cut-off go.
    'CleanupDefunctSiloEntriesKey',
    $q$
    DELETE FROM orleansmembershiptable
     WHERE deploymentid = @DeploymentId
       AND status = 6
       AND iamalivetime < @IAmAliveTime
       AND starttime < @IAmAliveTime;
    $q$
),
(
    -- Per-row form (10.4+): Orleans decides in .NET which dead rows are old
    -- enough and deletes each one only if it still holds the values it read.
    'CleanupDefunctSiloEntryKey',
    $q$
    DELETE FROM orleansmembershiptable
     WHERE deploymentid = @DeploymentId
       AND address = @Address
       AND port = @Port
       AND generation = @Generation
       AND status = 6
       AND starttime = @StartTime
       AND iamalivetime = @IAmAliveTime
       AND COALESCE(suspecttimes, '') = COALESCE(@SuspectTimes, '');
    $q$
)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
