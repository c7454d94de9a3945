#!/usr/bin/env bash
# Makes bench/drf/.venv with the differential test's pinned requirements
# (tests/drf/requirements.txt: the same Django and DRF the twins are checked against), once.
#
#   bench/drf/setup.sh
set -euo pipefail
cd "$(dirname "$0")"
requirements=../../tests/drf/requirements.txt
if [ ! -x .venv/bin/gunicorn ] || ! cmp -s "$requirements" .venv/requirements.txt; then
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r "$requirements"
  cp "$requirements" .venv/requirements.txt
fi
