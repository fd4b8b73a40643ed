-- Crash safety (issue 5). PostgreSQL is the source of truth for what must be published and for how
-- far the metrics stream has been applied.

-- Which partition of `metrics` an alert's series arrives on: an instance that is assigned that
-- partition loads the alert, one that loses it drops it. Alerts from before this version were all
-- evaluated by one consumer of a one-partition topic.
ALTER TABLE alerts ADD COLUMN source_partition integer NOT NULL DEFAULT 0;
CREATE INDEX alerts_open_partition ON alerts (source_partition) WHERE state <> 'RESOLVED';
-- Retention deletes resolved alerts by age.
CREATE INDEX alerts_resolved_at ON alerts (resolved_at) WHERE state = 'RESOLVED';

-- Why a transition happened when no sample caused it (a rule removed from the config file).
ALTER TABLE alert_events ADD COLUMN reason text;
-- Deleting an old alert takes its history with it.
ALTER TABLE alert_events DROP CONSTRAINT alert_events_alert_id_fkey;
ALTER TABLE alert_events ADD CONSTRAINT alert_events_alert_id_fkey
    FOREIGN KEY (alert_id) REFERENCES alerts (id) ON DELETE CASCADE;

-- Transactional outbox: written in the same transaction as the transitions; the relay publishes
-- rows in id order and deletes them once Kafka acknowledged them.
CREATE TABLE outbox (
    id          bigserial   PRIMARY KEY,
    topic       text        NOT NULL,
    record_key  text        NOT NULL,
    payload     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The next offset to apply per consumed partition, advanced in the same transaction as the
-- transitions it caused. `epoch` fences an instance that lost the partition: its commit must name
-- the epoch it claimed, and a newer claim makes that commit fail.
CREATE TABLE partition_state (
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    next_offset bigint      NOT NULL,
    owner       text        NOT NULL,
    epoch       bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, partition)
);
