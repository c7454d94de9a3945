#!/usr/bin/env python3
"""The reference app (examples/profiles/api.yaml) written in Django + DRF, for bench/run.sh."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
