#!/usr/bin/env python3
"""The helpdesk example (examples/helpdesk/api.yaml), its hooks included, written in Django + DRF: the twin the
differential test (tests/drf/run.py) compares it with."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
