#!/bin/sh
# Runs once, on an empty data volume: the services connect as their own login role,
# which owns only the schemas Flyway creates for them (no superuser at runtime).
set -eu
psql -v ON_ERROR_STOP=1 -v pw="$BB_SERVICES_DB_PASSWORD" --username postgres --dbname behavioral_biometrics <<'SQL'
CREATE ROLE bb_services LOGIN PASSWORD :'pw';
GRANT CONNECT, CREATE ON DATABASE behavioral_biometrics TO bb_services;
SQL
