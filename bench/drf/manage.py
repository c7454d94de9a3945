#!/usr/bin/env python3
"""The reference app (examples/profiles/api.yaml) written in Django + DRF, for bench/run.sh.

The app itself is the differential test's twin (tests/drf/twins/profiles/profiles); this
project only adds the benchmark's settings (no throttling, statement counting)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "drf", "twins", "profiles"))

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
