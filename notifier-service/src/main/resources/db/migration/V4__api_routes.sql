-- Routes added through POST /api/routes (admin), after the file's routes in the order they were
-- added. definition is the body as received (JSON), checked by the config loader; it holds the
-- destination's webhook URL or bot token, which only this schema's role reads.
CREATE TABLE notifier.api_routes (
    name        text        PRIMARY KEY,
    definition  text        NOT NULL,
    created_by  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
