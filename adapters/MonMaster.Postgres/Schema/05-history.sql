-- MonMaster's campaign history: every action with its time (apply, ranking, offer, accept, refuse,
-- renounce, release, expire). Lines come from the actors' outboxes, delivered at least once: the key
-- (service, source, seq) makes a redelivery a no-op.
CREATE TABLE IF NOT EXISTS admission_history
(
    serviceid  text        NOT NULL,
    source     text        NOT NULL,   -- "candidate/C1", "formation/F1"
    seq        bigint      NOT NULL,
    at         timestamptz NOT NULL,
    action     text        NOT NULL,
    candidate  text        NULL,
    formation  text        NULL,
    detail     text        NULL,
    CONSTRAINT admission_history_pk PRIMARY KEY (serviceid, source, seq)
);

CREATE INDEX IF NOT EXISTS admission_history_formation ON admission_history (serviceid, formation, at);
CREATE INDEX IF NOT EXISTS admission_history_candidate ON admission_history (serviceid, candidate, at);
