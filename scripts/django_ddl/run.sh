#!/usr/bin/env bash
# Produces the reference DDL that restforge's migrations are compared with
# (generator/tests/migrations.rs): what Django 5.2 itself emits for models equivalent to
# examples/profiles/api.yaml and examples/bookshop/api.yaml.
#
#   scripts/django_ddl/run.sh        # needs python3, PyPI, PostgreSQL on 127.0.0.1:5432
#                                    # (user postgres, trust auth, database `test`) and
#                                    # MariaDB/MySQL on 127.0.0.1:3306 (user root, no password)
#
# Writes generator/tests/fixtures/django_ddl/:
#   <app>.<dialect>.sql   `sqlmigrate <app> 0001` for profiles, catalog and cycles (the
#                         corners of makemigrations' ordering), sqlite, postgresql and mysql
#                         (MySQL through PyMySQL: mysqlclient needs the MySQL C headers)
#   auth.<dialect>.sql    the final auth_user, authtoken_token and django_session schema after `migrate`
#                         (Django reaches it through 12 auth migrations, so a dump is the
#                         readable reference): sqlite_master on SQLite, pg_dump on PostgreSQL
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../generator/tests/fixtures/django_ddl"
venv="${DJANGO_DDL_VENV:-/tmp/restforge-django-ddl-venv}"
work="$(mktemp -d /tmp/restforge-django-ddl.XXXXXX)"
pg_scratch="restforge_django_ddl_$$"
psql_admin=(psql -X -q -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1)
mysql_admin=(mysql -h 127.0.0.1 -P 3306 -u root)

cleanup() {
    "${psql_admin[@]}" -c "DROP DATABASE IF EXISTS $pg_scratch" >/dev/null 2>&1 || true
    "${mysql_admin[@]}" -e "DROP DATABASE IF EXISTS $pg_scratch" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check \
    "Django==5.2.*" "djangorestframework==3.16.*" "psycopg[binary]" "Pillow" "PyMySQL"
py="$venv/bin/python"
django_version="$("$py" -c 'import django; print(django.get_version())')"

cp -r "$here/project/." "$work/"
cd "$work"
export DDL_SQLITE_PATH="$work/db.sqlite3"
DDL_DB=sqlite "$py" manage.py makemigrations profiles catalog cycles >/dev/null

mkdir -p "$out"
header() {
    printf -- '-- Reference DDL from Django %s (%s), written by scripts/django_ddl/run.sh.\n' \
        "$django_version" "$1"
}

auto_field() {
    case "$1" in
        catalog) echo django.db.models.AutoField ;;
        *) echo django.db.models.BigAutoField ;;
    esac
}
# sqlmigrate on MySQL asks the server its version (it decides the DDL), so it needs a database.
"${mysql_admin[@]}" -e "CREATE DATABASE $pg_scratch"
export DDL_MYSQL_NAME=$pg_scratch
for app in profiles catalog cycles; do
    for db in sqlite postgresql mysql; do
        {
            header "sqlmigrate $app 0001, $db"
            DDL_DB=$db DDL_DEFAULT_AUTO_FIELD="$(auto_field "$app")" \
                "$py" manage.py sqlmigrate "$app" 0001
        } >"$out/$app.$db.sql"
    done
done

# SQLite: the schema as SQLite stores it, in creation order.
DDL_DB=sqlite "$py" manage.py migrate --verbosity 0
{
    header "migrate, then sqlite_master for auth_user, authtoken_token and django_session"
    "$py" - "$DDL_SQLITE_PATH" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute(
    "SELECT sql FROM sqlite_master WHERE tbl_name IN ('auth_user', 'authtoken_token', 'django_session') "
    "AND sql IS NOT NULL ORDER BY rowid"
)
for (sql,) in rows:
    print(sql + ";")
PY
} >"$out/auth.sqlite.sql"

# PostgreSQL: migrate a scratch database and dump the two tables. pg_dump's session settings,
# comments and `\restrict` guards are dropped so the file is plain, appliable DDL.
"${psql_admin[@]}" -c "CREATE DATABASE $pg_scratch"
DDL_DB=postgresql DDL_PG_NAME=$pg_scratch "$py" manage.py migrate --verbosity 0
{
    header "migrate, then pg_dump of auth_user, authtoken_token and django_session"
    pg_dump -h 127.0.0.1 -U postgres --schema-only --no-owner --no-privileges \
        -t public.auth_user -t public.authtoken_token -t public.django_session "$pg_scratch" |
        grep -v -E '^(SET |SELECT pg_catalog\.set_config|\\restrict|\\unrestrict|--)' |
        cat -s
} >"$out/auth.postgresql.sql"

echo "wrote $(ls "$out" | wc -l) files to $out (Django $django_version)"
