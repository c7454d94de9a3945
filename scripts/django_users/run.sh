#!/usr/bin/env bash
# Writes tests/fixtures/django_users/db.sqlite3: a SQLite database made by real Django 5.2 (with
# DRF's authtoken table), holding users created by Django's own `create_user`, and a session
# made by Django's test client logging in. restforge's end-to-end test serves this very file
# (tests/e2e/auth.rs, `django_database_*`). Also refreshes Django's list of common passwords,
# which restforge ships as data (runtime/src/auth/common-passwords.txt.gz).
#
#   scripts/django_users/run.sh          # needs python3 and network access to PyPI
#
# Only the outputs are committed; the virtualenv lives under /tmp.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${VENV:-/tmp/restforge-django-users-venv}"
out="$root/tests/fixtures/django_users/db.sqlite3"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet "Django==5.2.*" "djangorestframework==3.16.*"

mkdir -p "$(dirname "$out")"
rm -f "$out"
"$venv/bin/python" "$here/make_users.py" "$out"

common="$("$venv/bin/python" -c 'import django.contrib.auth, os; print(os.path.join(os.path.dirname(django.contrib.auth.__file__), "common-passwords.txt.gz"))')"
cp "$common" "$root/runtime/src/auth/common-passwords.txt.gz"
echo "wrote $out"
