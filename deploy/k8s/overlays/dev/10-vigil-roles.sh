#!/bin/bash
# Run by the postgres image on the first start of an empty data volume (/docker-entrypoint-initdb.d):
# the roles and schemas of launcher DatabaseRoles. Each storing service logs in as its own role,
# which owns its schema and nothing else; none is superuser. Passwords come from the environment
# (.env) and travel as psql variables, never in a statement's text on the command line.
set -euo pipefail

for var in VIGIL_ALERT_DB_PASSWORD VIGIL_NOTIFIER_DB_PASSWORD VIGIL_HEALTH_DB_PASSWORD VIGIL_DOMAIN_DB_PASSWORD; do
    if [ -z "${!var:-}" ]; then
        echo "10-vigil-roles.sh: $var is not set" >&2
        exit 1
    fi
done

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v db="$POSTGRES_DB" \
    -v alert_pw="$VIGIL_ALERT_DB_PASSWORD" \
    -v notifier_pw="$VIGIL_NOTIFIER_DB_PASSWORD" \
    -v health_pw="$VIGIL_HEALTH_DB_PASSWORD" \
    -v domain_pw="$VIGIL_DOMAIN_DB_PASSWORD" <<'SQL'
-- A failing statement would be logged with its text, passwords included.
SET log_min_error_statement = panic;
SET log_statement = 'none';

CREATE ROLE vigil_alert LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'alert_pw';
CREATE ROLE vigil_notifier LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'notifier_pw';
CREATE ROLE vigil_health LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'health_pw';
CREATE ROLE vigil_domain LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'domain_pw';

-- Unqualified names in a service's SQL resolve in its own schema.
ALTER ROLE vigil_alert IN DATABASE :"db" SET search_path TO "alert";
ALTER ROLE vigil_notifier IN DATABASE :"db" SET search_path TO "notifier";
ALTER ROLE vigil_health IN DATABASE :"db" SET search_path TO "health";
ALTER ROLE vigil_domain IN DATABASE :"db" SET search_path TO "domain";

-- Nobody may connect or create anything unless granted here: PUBLIC is every role.
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
REVOKE ALL ON DATABASE postgres FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

GRANT CONNECT ON DATABASE :"db" TO vigil_alert, vigil_notifier, vigil_health, vigil_domain;
CREATE SCHEMA "alert" AUTHORIZATION vigil_alert;
CREATE SCHEMA "notifier" AUTHORIZATION vigil_notifier;
CREATE SCHEMA "health" AUTHORIZATION vigil_health;
CREATE SCHEMA "domain" AUTHORIZATION vigil_domain;
SQL
