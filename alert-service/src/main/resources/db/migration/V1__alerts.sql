-- Current alerts: one row per incident (rule + labels = fingerprint). A fingerprint that fires
-- again after resolving gets a new row, so history stays intact.
CREATE TABLE alerts (
    id           uuid PRIMARY KEY,
    fingerprint  text             NOT NULL,
    rule         text             NOT NULL,
    state        text             NOT NULL CHECK (state IN ('PENDING', 'FIRING', 'RESOLVED')),
    severity     text             NOT NULL CHECK (severity IN ('WARNING', 'CRITICAL')),
    labels       jsonb            NOT NULL,
    value        double precision NOT NULL,
    summary      text             NOT NULL,
    starts_at    timestamptz      NOT NULL,
    fired_at     timestamptz,
    resolved_at  timestamptz,
    updated_at   timestamptz      NOT NULL,
    sequence     bigint           NOT NULL
);

-- At most one open (pending or firing) alert per fingerprint.
CREATE UNIQUE INDEX alerts_open_fingerprint ON alerts (fingerprint) WHERE state <> 'RESOLVED';
CREATE INDEX alerts_state_severity ON alerts (state, severity);
CREATE INDEX alerts_updated_at ON alerts (updated_at DESC);

-- Every transition of every alert, numbered per alert from 1; the id is derived from
-- (alert, sequence), so storing the same transition twice is refused rather than duplicated.
CREATE TABLE alert_events (
    id           uuid PRIMARY KEY,
    alert_id     uuid             NOT NULL REFERENCES alerts (id),
    sequence     bigint           NOT NULL,
    from_state   text,
    to_state     text             NOT NULL,
    severity     text             NOT NULL,
    value        double precision NOT NULL,
    occurred_at  timestamptz      NOT NULL,
    UNIQUE (alert_id, sequence)
);
