-- Candidates' and formations' state, written by what changed (grains/MonMaster.Grains/Stored): a version per grain,
-- its parts (head, ranking, one row per application, one per inbox sender), its outbox as rows. A commit writes
-- the changed parts, the messages sent, the deliveries acknowledged and its history lines in one transaction.
CREATE TABLE IF NOT EXISTS admission_grain
(
    serviceid text   NOT NULL,
    kind      text   NOT NULL,   -- 'candidate', 'formation'
    key       text   NOT NULL,
    version   bigint NOT NULL,   -- checked and bumped by every commit: two activations never both write
    CONSTRAINT admission_grain_pk PRIMARY KEY (serviceid, kind, key)
) WITH (fillfactor = 70);

-- Rewritten in place: room on each page keeps updates HOT (no index entry, less WAL).
CREATE TABLE IF NOT EXISTS admission_part
(
    serviceid text  NOT NULL,
    kind      text  NOT NULL,
    key       text  NOT NULL,
    part      text  NOT NULL,
    body      bytea NOT NULL,    -- UTF-8 JSON (AdmissionJson)
    CONSTRAINT admission_part_pk PRIMARY KEY (serviceid, kind, key, part)
) WITH (fillfactor = 70);

-- A message waits here from the commit that sends it until its receiver acknowledged it; the outbox recovery
-- wakes the grains whose messages are still here after a quiet period.
CREATE TABLE IF NOT EXISTS admission_outbox
(
    serviceid text        NOT NULL,
    kind      text        NOT NULL,
    key       text        NOT NULL,
    seq       bigint      NOT NULL,
    receiver  text        NOT NULL,
    message   bytea       NOT NULL,
    queued_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT admission_outbox_pk PRIMARY KEY (serviceid, kind, key, seq)
);
