-- The admin API (issue 6): rules and maintenance windows added through the API next to those
-- provisioned from the config file, silences, and what the alert list filters on.

-- Rules added through the API. `definition` is the rule in the config file's shape (as JSON), so the
-- one loader reads both; the name is also in it and must agree with the key.
CREATE TABLE rules (
    name        text        PRIMARY KEY,
    definition  jsonb       NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Maintenance windows added through the API, in the config file's shape.
CREATE TABLE maintenance (
    name        text        PRIMARY KEY,
    definition  jsonb       NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Silences: one-off, with a start and an end. Expiring one sets its end to now and keeps the row, so
-- history shows who silenced what and for how long. `matchers` is a JSON array of matchers as
-- written (`host=~"web-.*"`).
CREATE TABLE silences (
    id          uuid        PRIMARY KEY,
    matchers    jsonb       NOT NULL,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    comment     text        NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- who last changed or expired it, and when (null: never)
    updated_by  text,
    updated_at  timestamptz,
    CHECK (ends_at >= starts_at)
);
-- The engine reads the silences that have not ended yet.
CREATE INDEX silences_ends_at ON silences (ends_at);

-- The alert list filters on label equality (jsonb containment) and pages by (updated_at, id).
CREATE INDEX alerts_labels ON alerts USING gin (labels jsonb_path_ops);
CREATE INDEX alerts_updated_at_id ON alerts (updated_at DESC, id DESC);
DROP INDEX alerts_updated_at;
-- Statistics read the alerts that fired in a time range.
CREATE INDEX alerts_fired_at ON alerts (fired_at) WHERE fired_at IS NOT NULL;
