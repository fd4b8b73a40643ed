-- Schema "domain", owned by the domain-service alone (DESIGN §2).

-- Domains created through the API. Domains of the file are not stored: the file is their truth.
CREATE TABLE domain.domains (
    name        text PRIMARY KEY,
    -- The domain as ConfigWriter.domain writes it.
    definition  jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text
);

-- The latest finding per subject (a record type on a resolver, a TLS endpoint, the DDNS name):
-- one row each, replaced every run, so the table is as big as what is watched.
CREATE TABLE domain.findings (
    domain      text        NOT NULL,
    kind        text        NOT NULL,
    subject     text        NOT NULL,
    checked_at  timestamptz NOT NULL,
    -- When the status last changed: "FAIL since ...".
    since       timestamptz NOT NULL,
    status      text        NOT NULL,
    code        text        NOT NULL,
    message     text        NOT NULL,
    details     jsonb       NOT NULL,
    PRIMARY KEY (domain, kind, subject)
);

-- The certificate inventory: every certificate of every chain seen, where it was seen (the
-- domain and the endpoint or file), replaced with each run of that endpoint.
CREATE TABLE domain.certificates (
    domain         text        NOT NULL,
    location       text        NOT NULL,
    position       integer     NOT NULL,
    sha256         text        NOT NULL,
    subject        text        NOT NULL,
    sans           text[]      NOT NULL,
    issuer         text        NOT NULL,
    serial         text,
    not_before     timestamptz NOT NULL,
    not_after      timestamptz NOT NULL,
    key_algorithm  text,
    key_bits       integer     NOT NULL,
    self_signed    boolean     NOT NULL,
    seen_at        timestamptz NOT NULL,
    PRIMARY KEY (domain, location, position)
);

CREATE INDEX certificates_not_after ON domain.certificates (not_after);
