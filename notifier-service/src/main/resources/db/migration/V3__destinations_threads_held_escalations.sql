-- Issue 10: a notification can go to several destinations (a route's destinations, routes reached by
-- continue), so the delivery log claims (notification, destination). Rows from before keep destination ''.
ALTER TABLE notifier.delivery_log DROP CONSTRAINT delivery_log_pkey;
ALTER TABLE notifier.delivery_log
    ADD COLUMN destination      text NOT NULL DEFAULT '',
    ADD COLUMN destination_name text,
    -- First attempt to outcome, for GET /api/deliveries.
    ADD COLUMN latency_ms       bigint;
ALTER TABLE notifier.delivery_log ADD PRIMARY KEY (notification_id, destination);
-- held: a mute window of its route is open; notifier.held has it until the window closes.
ALTER TABLE notifier.delivery_log DROP CONSTRAINT delivery_log_status_check;
ALTER TABLE notifier.delivery_log ADD CONSTRAINT delivery_log_status_check
    CHECK (status IN ('pending', 'delivered', 'dead', 'unrouted', 'held'));
CREATE INDEX delivery_log_created_idx ON notifier.delivery_log (created_at DESC);

-- Bot mode: the root post of each open incident per destination (a hash of server and channel, no
-- secret). A reply goes under root_post_id and the root is edited to show the state; the row goes
-- when the incident resolves, so the next one starts a new thread.
CREATE TABLE notifier.threads (
    destination  text        NOT NULL,
    incident     text        NOT NULL,
    root_post_id text        NOT NULL,
    -- The root's props as first posted (attachments), which an edit changes the state of.
    root_props   text        NOT NULL,
    opened_at    timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (destination, incident)
);

-- Posts held by a mute window, in arrival order (id); released when the window closes. claimed_until
-- is the lease of the process releasing it, so a crash mid-release lets another one take it over.
CREATE TABLE notifier.held (
    id               bigserial   PRIMARY KEY,
    notification_id  uuid        NOT NULL,
    destination      text        NOT NULL,
    destination_name text        NOT NULL,
    route            text        NOT NULL,
    notification     text        NOT NULL,
    held_at          timestamptz NOT NULL DEFAULT now(),
    claimed_until    timestamptz,
    UNIQUE (notification_id, destination)
);

-- Escalation steps waiting for their time: an incident (group key or fingerprint) posted on a route
-- with escalate: gets one row per step; an acknowledgement or the resolution deletes them.
CREATE TABLE notifier.escalations (
    route         text        NOT NULL,
    incident      text        NOT NULL,
    step          integer     NOT NULL,
    due_at        timestamptz NOT NULL,
    notification  text        NOT NULL,
    claimed_until timestamptz,
    PRIMARY KEY (route, incident, step)
);
CREATE INDEX escalations_due_idx ON notifier.escalations (due_at);

-- Destinations that refused posts for good (404, 401, 403): told once on the fallback route, and
-- again (resolved) when a post goes through.
CREATE TABLE notifier.failing_channels (
    destination      text        PRIMARY KEY,
    destination_name text        NOT NULL,
    route            text        NOT NULL,
    since            timestamptz NOT NULL DEFAULT now(),
    detail           text
);
