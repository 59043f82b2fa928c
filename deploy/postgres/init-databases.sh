#!/usr/bin/env bash
# One database per service, each owned by a role of the same name that is that service's login: a service cannot
# read another service's data. The postgres image runs this once, when it starts on an empty data volume
# (/docker-entrypoint-initdb.d); docker-compose.yml passes the passwords as environment variables.
#
#   identity, advice_requests, committees,  IDENTITY_DB_PASSWORD, ADVICE_REQUESTS_DB_PASSWORD, COMMITTEES_DB_PASSWORD,
#   publication, briefings                  PUBLICATION_DB_PASSWORD, BRIEFINGS_DB_PASSWORD
#
# A database whose password variable is empty gets a role without login. The script is idempotent: run it again
# (docker-compose exec postgres bash /docker-entrypoint-initdb.d/10-init-databases.sh) to add a database, to let a
# role log in, or to set a changed password (see docs/operations.md).
#
# Runs in a subshell so that it behaves the same whether the image's entrypoint executes or sources it.
(
  set -euo pipefail

  databases=(identity advice_requests committees briefings publication)

  for db in "${databases[@]}"; do
    password_variable="${db^^}_DB_PASSWORD"
    password="${!password_variable:-}"
    # Values reach SQL only as psql variables, quoted by format(%I / %L): no quoting mistakes, no injection.
    psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet \
         --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-${POSTGRES_USER:-postgres}}" \
         --set=db="$db" --set=password="$password" <<'SQL'
SELECT format('CREATE ROLE %I', :'db')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'db')\gexec
SELECT CASE WHEN :'password' = '' THEN format('ALTER ROLE %I NOLOGIN', :'db')
            ELSE format('ALTER ROLE %I LOGIN PASSWORD %L', :'db', :'password') END\gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'db')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db')\gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db')\gexec
SQL
    if [ -n "$password" ]; then
      echo "init-databases: database $db, owned by role $db (login)"
    else
      echo "init-databases: database $db, owned by role $db (no login until $password_variable is set)"
    fi
  done
)
