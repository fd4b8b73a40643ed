-- The rule engine issue: acknowledgement, flapping, grouped dispatch with silences, maintenance and
-- inhibition. Transitions are still written by the pipeline; the dispatcher decides, from the
-- queue below, what people are told and when.

-- Acknowledgement: who, when, why. Kept on the resolved row (mean time to acknowledge); a new
-- breach is a new alert row, so it notifies again.
ALTER TABLE alerts ADD COLUMN acknowledged_by text;
ALTER TABLE alerts ADD COLUMN acknowledged_at timestamptz;
ALTER TABLE alerts ADD COLUMN ack_comment     text;
-- The series changed state too often: its changes are recorded but not notified until stable.
ALTER TABLE alerts ADD COLUMN flapping        boolean NOT NULL DEFAULT false;
-- What people were last told about this alert (FIRING or RESOLVED; null: nothing yet), and when.
ALTER TABLE alerts ADD COLUMN notified_state  text;
ALTER TABLE alerts ADD COLUMN notified_severity text;
ALTER TABLE alerts ADD COLUMN notified_at     timestamptz;
-- Why its last change was not told: inhibited, silenced, in maintenance, flapping (null: it was).
ALTER TABLE alerts ADD COLUMN muted_reason    text;
-- The inhibiting alert, while one holds it back: when that one resolves, this one is told.
ALTER TABLE alerts ADD COLUMN inhibited_by    uuid;
-- The route and group it is notified under, and when its next reminder is due.
ALTER TABLE alerts ADD COLUMN route           text;
ALTER TABLE alerts ADD COLUMN group_key       text;
ALTER TABLE alerts ADD COLUMN next_reminder_at timestamptz;
CREATE INDEX alerts_reminders ON alerts (next_reminder_at) WHERE state = 'FIRING' AND acknowledged_at IS NULL;
CREATE INDEX alerts_inhibited_by ON alerts (inhibited_by) WHERE inhibited_by IS NOT NULL;

-- Who caused a change: null for the engine, the token's user for an acknowledgement.
ALTER TABLE alert_events ADD COLUMN actor text;

-- Changes waiting to be told, written in the same transaction as the change. The dispatcher takes
-- them in id order: inhibit → silence/maintenance → group → dedup → publish (alert.outbox).
CREATE TABLE dispatch_queue (
    id          bigserial   PRIMARY KEY,
    alert_id    uuid        NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    sequence    bigint      NOT NULL,
    kind        text        NOT NULL,
    -- the change as a GroupedAlert (events module), so a post shows what was true at the time
    item        jsonb       NOT NULL,
    group_key   text,
    -- why it is told when that is not the change itself (stable after flapping, inhibitor cleared);
    -- such items are told even when the dedup would drop them
    reason      text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dispatch_queue_group ON dispatch_queue (group_key, id);

-- One row per notification group (route + group-by values): when it may post next.
CREATE TABLE notification_groups (
    key           text        PRIMARY KEY,
    route         text,
    labels        jsonb       NOT NULL,
    flush_at      timestamptz,
    last_flush_at timestamptz,
    flushes       bigint      NOT NULL DEFAULT 0
);

-- The series absence rules watch, per partition of `metrics`: after a restart a host that was seen
-- before and stays away still alerts, a host never seen does not. last_seen is this service's
-- clock when a batch arrived, refreshed every few minutes, not per batch.
CREATE TABLE series_seen (
    rule         text        NOT NULL,
    series_key   text        NOT NULL,
    partition    integer     NOT NULL,
    labels       jsonb       NOT NULL,
    last_seen    timestamptz NOT NULL,
    interval_ms  bigint      NOT NULL,
    PRIMARY KEY (rule, series_key)
);
CREATE INDEX series_seen_partition ON series_seen (partition);
