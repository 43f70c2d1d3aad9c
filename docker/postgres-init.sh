#!/bin/sh
# Runs once, on an empty data volume. Each service connects as its own login role, which
# owns only its own schema (no superuser at runtime, no access to another service's data):
# a compromised service cannot read password hashes, add a signing key or rewrite models.
# The risk engine may also read events.behavioral_events, granted by the event logger's
# migrations (afterMigrate.sql) once the table exists.
set -eu
psql -v ON_ERROR_STOP=1 \
    -v identity_pw="$BB_IDENTITY_DB_PASSWORD" \
    -v event_logger_pw="$BB_EVENT_LOGGER_DB_PASSWORD" \
    -v risk_engine_pw="$BB_RISK_ENGINE_DB_PASSWORD" \
    --username postgres --dbname behavioral_biometrics <<'SQL'
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
CREATE ROLE bb_identity LOGIN PASSWORD :'identity_pw';
CREATE ROLE bb_event_logger LOGIN PASSWORD :'event_logger_pw';
CREATE ROLE bb_risk_engine LOGIN PASSWORD :'risk_engine_pw';
GRANT CONNECT ON DATABASE behavioral_biometrics TO bb_identity, bb_event_logger, bb_risk_engine;
CREATE SCHEMA identity AUTHORIZATION bb_identity;
CREATE SCHEMA events AUTHORIZATION bb_event_logger;
CREATE SCHEMA risk AUTHORIZATION bb_risk_engine;
SQL
