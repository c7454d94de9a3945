#!/usr/bin/env python3
"""Prints the SQL that seeds the benchmark's data set, identical for every server.

USERS users (`user1`…, each with a profile and a token) and STATUSES statuses, spread over
the users in turn; fixed timestamps (one minute apart) and fixed token keys, so every server
answers with the same bytes. Some statuses carry non-ASCII text (written raw in JSON).

    python3 bench/seed.py sqlite 50 1000 | python3 -c 'import sqlite3,sys; ...'
    python3 bench/seed.py postgres 50 1000 | psql -q DATABASE

The token of user N is sha1("restforge-bench-token-N") in hex.
"""
import hashlib
import sys
from datetime import datetime, timedelta, timezone

CITIES = ["London", "Paris", "Berlin", "Lisbon", "Oslo", "Boston", "Lyon", "Tokyo", "Cairo", "Lima"]
START = datetime(2024, 1, 1, tzinfo=timezone.utc)


def token(n: int) -> str:
    return hashlib.sha1(f"restforge-bench-token-{n}".encode()).hexdigest()


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def stamp(moment: datetime, dialect: str) -> str:
    # Django's SQLite format is naive UTC text; PostgreSQL takes an explicit offset.
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    return quote(text + ("+00" if dialect == "postgres" else ""))


def main() -> None:
    dialect, users, statuses = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    true = "true" if dialect == "postgres" else "1"
    false = "false" if dialect == "postgres" else "0"
    out = ["BEGIN;"]
    joined = stamp(START, dialect)
    for n in range(1, users + 1):
        out.append(
            "INSERT INTO auth_user (id, password, last_login, is_superuser, username, last_name,"
            " email, is_staff, is_active, date_joined, first_name) VALUES"
            f" ({n}, '!unusable', NULL, {false}, 'user{n}', '', 'user{n}@example.com', {false},"
            f" {true}, {joined}, '');"
        )
        out.append(
            f"INSERT INTO authtoken_token (key, created, user_id) VALUES ({quote(token(n))}, {joined}, {n});"
        )
        out.append(
            "INSERT INTO profiles_profile (id, bio, city, avatar, user_id) VALUES"
            f" ({n}, {quote(f'Bio of user{n}')}, {quote(CITIES[n % len(CITIES)])}, NULL, {n});"
        )
    for i in range(1, statuses + 1):
        owner = (i - 1) % users + 1
        text = f"Status {i} from user{owner}"
        if i % 7 == 0:
            text += " — naïve café ☕"
        moment = stamp(START + timedelta(minutes=i), dialect)
        out.append(
            "INSERT INTO profiles_profilestatus (id, status_content, created_at, updated_at,"
            f" user_profile_id) VALUES ({i}, {quote(text)}, {moment}, {moment}, {owner});"
        )
    if dialect == "postgres":
        for table in ["auth_user", "profiles_profile", "profiles_profilestatus"]:
            out.append(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}));"
            )
    out.append("COMMIT;")
    print("\n".join(out))


if __name__ == "__main__":
    main()
