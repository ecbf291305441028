-- Reminders (UseAdoNetReminderService). Orleans 10.4 sends and reads only
-- ServiceId, GrainId, ReminderName, StartTime, Period (milliseconds, int or
-- bigint), GrainHash and Version (the etag). GrainHash is Orleans' uint ring
-- hash cast to a signed int; ring ranges are compared on that signed value.

CREATE TABLE IF NOT EXISTS orleansreminderstable
(
    serviceid    text        NOT NULL,
    grainid      text        NOT NULL,
    remindername text        NOT NULL,
    starttime    timestamptz NOT NULL,
    period       bigint      NOT NULL,
    grainhash    integer     NOT NULL,
    version      integer     NOT NULL,

    CONSTRAINT orleansreminderstable_pk PRIMARY KEY (serviceid, grainid, remindername)
);

-- Each silo loads the reminders of its ring range by hash.
CREATE INDEX IF NOT EXISTS orleansreminderstable_grainhash_ix
    ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES
(
    -- Returns the new etag.
    'UpsertReminderRowKey',
    $q$
    INSERT INTO orleansreminderstable
        (serviceid, grainid, remindername, starttime, period, grainhash, version)
    VALUES
        (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
       SET starttime = excluded.starttime,
           period = excluded.period,
           grainhash = excluded.grainhash,
           version = orleansreminderstable.version + 1
    RETURNING version;
    $q$
),
(
    'ReadReminderRowsKey',
    $q$
    SELECT grainid, remindername, starttime, period, version
      FROM orleansreminderstable
     WHERE serviceid = @ServiceId
       AND grainid = @GrainId;
    $q$
),
(
    'ReadReminderRowKey',
    $q$
    SELECT grainid, remindername, starttime, period, version
      FROM orleansreminderstable
     WHERE serviceid = @ServiceId
       AND grainid = @GrainId
       AND remindername = @ReminderName;
    $q$
),
(
    -- Range (BeginHash, EndHash] that does not wrap around.
    'ReadRangeRows1Key',
    $q$
    SELECT grainid, remindername, starttime, period, version
      FROM orleansreminderstable
     WHERE serviceid = @ServiceId
       AND grainhash > @BeginHash
       AND grainhash <= @EndHash;
    $q$
),
(
    -- Range that wraps around the end of the ring.
    'ReadRangeRows2Key',
    $q$
    SELECT grainid, remindername, starttime, period, version
      FROM orleansreminderstable
     WHERE serviceid = @ServiceId
       AND (grainhash > @BeginHash OR grainhash <= @EndHash);
    $q$
),
(
    -- 1 when the row with that etag was removed, else 0.
    'DeleteReminderRowKey',
    $q$
    WITH deleted AS (
        DELETE FROM orleansreminderstable
         WHERE serviceid = @ServiceId
           AND grainid = @GrainId
           AND remindername = @ReminderName
           AND version = @Version
        RETURNING 1
    )
    SELECT count(*)::integer FROM deleted;
    $q$
),
(
    'DeleteReminderRowsKey',
    $q$
    DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId;
    $q$
)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
