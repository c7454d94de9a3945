#!/usr/bin/env bash
# Makes bench/drf/.venv with the pinned requirements (pip), once.
#
#   bench/drf/setup.sh
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/gunicorn ] || ! cmp -s requirements.txt .venv/requirements.txt; then
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
  cp requirements.txt .venv/requirements.txt
fi
