"""Counts the SQL statements of a request into an `X-Bench-Statements` response header.

Only when BENCH_COUNT_STATEMENTS=1: bench/run.sh turns it on to count, and off to measure.
"""
import os

from django.db import connection

ENABLED = os.environ.get("BENCH_COUNT_STATEMENTS") == "1"


class CountStatements:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not ENABLED:
            return self.get_response(request)
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Bench-Statements"] = str(count[0])
        return response
