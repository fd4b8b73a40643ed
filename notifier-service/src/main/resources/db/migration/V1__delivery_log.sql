-- One row per notification id (Notification.eventId): the claim that makes delivery idempotent
-- across Kafka redeliveries and re-sent notifications (DESIGN §7).
CREATE TABLE notifier.delivery_log (
    notification_id uuid        PRIMARY KEY,
    fingerprint     text        NOT NULL,
    rule            text,
    kind            text        NOT NULL,
    route           text,
    -- pending: claimed, being delivered (or interrupted by a crash; picked up again on redelivery).
    status          text        NOT NULL CHECK (status IN ('pending', 'delivered', 'dead', 'unrouted')),
    attempts        integer     NOT NULL DEFAULT 0,
    -- Why the last attempt failed; never the webhook URL.
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);

-- For "what failed recently" queries and a later clean-up of old rows.
CREATE INDEX delivery_log_status_updated_idx ON notifier.delivery_log (status, updated_at);
