#!/usr/bin/env bash
# Prepares a PostgreSQL server (15 or newer) for Frontdesk: a database, an
# owner role that runs the migrations, and the least-privilege role every
# workstation connects with (it reads and writes rows; it cannot create, alter
# or drop anything). Run it once, as a PostgreSQL superuser, on the server:
#
#   sudo -u postgres bash scripts/setup-postgres.sh
#   sudo -u postgres bash scripts/setup-postgres.sh --database frontdesk \
#        --owner frontdesk_owner --app frontdesk_app
#
# Passwords are asked for (or taken from FRONTDESK_OWNER_PASSWORD and
# FRONTDESK_APP_PASSWORD) and sent to the server as SCRAM-SHA-256 verifiers;
# they are never written to a file. Connection settings come from the usual
# PG* variables (PGHOST, PGPORT, PGUSER, PGPASSWORD). Running it again changes
# nothing but the passwords. docs/SHARED_DATABASE.md walks through the rest.
set -euo pipefail

database=frontdesk
owner=frontdesk_owner
app=frontdesk_app

usage() {
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --database) database="${2:?--database needs a name}"; shift 2 ;;
    --owner) owner="${2:?--owner needs a role name}"; shift 2 ;;
    --app) app="${2:?--app needs a role name}"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "setup-postgres: unknown argument \"$1\"" >&2; usage 2 >&2 ;;
  esac
done

for name in "$database" "$owner" "$app"; do
  if ! [[ "$name" =~ ^[a-z_][a-z0-9_]{0,62}$ ]]; then
    echo "setup-postgres: \"$name\" is not a plain lower-case name (letters, digits, _)" >&2
    exit 2
  fi
done
if [ "$owner" = "$app" ]; then
  echo "setup-postgres: the owner and the app role must be two different roles" >&2
  exit 2
fi

ask_password() {
  local variable="$1" who="$2" first second
  if [ -n "${!variable:-}" ]; then
    printf '%s' "${!variable}"
    return
  fi
  read -r -s -p "Password for $who: " first </dev/tty
  echo >/dev/tty
  read -r -s -p "Again: " second </dev/tty
  echo >/dev/tty
  if [ "$first" != "$second" ] || [ -z "$first" ]; then
    echo "setup-postgres: the passwords were empty or did not match" >&2
    exit 2
  fi
  printf '%s' "$first"
}

owner_password=$(ask_password FRONTDESK_OWNER_PASSWORD "$owner (runs migrations)")
app_password=$(ask_password FRONTDESK_APP_PASSWORD "$app (every workstation)")

version=$(psql -X -A -t -d postgres -c 'SHOW server_version_num')
if [ "${version:-0}" -lt 150000 ]; then
  echo "setup-postgres: Frontdesk needs PostgreSQL 15 or newer (this server: $version)" >&2
  exit 1
fi

# Roles (cluster-wide) and the database. psql's :'var' and :"var" quote the
# values, so names and passwords never become SQL.
psql -X -q -v ON_ERROR_STOP=1 -d postgres \
  -v owner="$owner" -v app="$app" -v database="$database" \
  -v owner_password="$owner_password" -v app_password="$app_password" <<'SQL'
SET password_encryption = 'scram-sha-256';
SELECT format('CREATE ROLE %I LOGIN', :'owner')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'app')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app') \gexec
ALTER ROLE :"owner" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
ALTER ROLE :"app" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'database', :'owner', 'UTF8')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'database') \gexec
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO :"app";
SQL

# Inside the database: the owner owns the schema; the app role may use it and
# read and write the rows of every table the owner creates (now or later).
psql -X -q -v ON_ERROR_STOP=1 -d "$database" -v owner="$owner" -v app="$app" <<'SQL'
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO :"app";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app";
SQL

host=${PGHOST:-localhost}
case "$host" in /*) host=localhost ;; esac
cat <<EOF
Frontdesk's database "$database" is ready on this server.
Next:
  1. Create the schema as the owner:
       frontdesk-cli migrate --db postgres://$owner@$host:${PGPORT:-5432}/$database
  2. Point every workstation at it (Start page → Shared clinic database, or
     frontdesk-cli --db postgres://$app@<server>:${PGPORT:-5432}/$database).
  3. Require TLS and SCRAM in pg_hba.conf and set up backups:
     docs/SHARED_DATABASE.md.
EOF
