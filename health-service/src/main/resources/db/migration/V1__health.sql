-- Schema "health", owned by the health-service alone (DESIGN §2).

-- Checks created through the API. Checks of the file are not stored: the file is their truth.
CREATE TABLE health.checks (
    name        text PRIMARY KEY,
    -- The check as ConfigWriter.check writes it (secrets included: this schema is the service's own).
    definition  jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text
);

-- The secret part of each push check's URL (/api/heartbeats/{token}), made once and kept, so a
-- restart or a redeploy does not break the jobs that call it. A token from the file wins.
CREATE TABLE health.heartbeat_tokens (
    check_name  text PRIMARY KEY,
    token       text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- What push checks last heard, so that a restart neither forgets a heartbeat nor invents one.
CREATE TABLE health.heartbeats (
    check_name      text PRIMARY KEY,
    -- The last call (heartbeat) or report (duplicati).
    last_ping_at    timestamptz,
    -- duplicati: the last report that counted as a successful backup.
    last_success_at timestamptz,
    -- duplicati: the fields of the last report (result, duration, size, warnings, errors).
    last_report     jsonb
);

-- Recent results: a ring of health.results-kept rows per check (slot = sequence mod size), so the
-- table stays checks x size rows without any pruning job.
CREATE TABLE health.results (
    check_name  text        NOT NULL,
    slot        integer     NOT NULL,
    seq         bigint      NOT NULL,
    checked_at  timestamptz NOT NULL,
    status      text        NOT NULL,
    latency_ms  bigint      NOT NULL,
    message     text        NOT NULL,
    details     jsonb       NOT NULL,
    PRIMARY KEY (check_name, slot)
);
