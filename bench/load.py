#!/usr/bin/env python3
"""Nothing lost under load: concurrent writers against the bookshop app, then a reconciliation
of what the clients were told with what the database holds.

    python3 bench/load.py [--seconds 60] [--writers 32] [--setups sqlite,postgres,replicas]

Setups:
  sqlite    one process on a SQLite file;
  postgres  one process on PostgreSQL (127.0.0.1:5432, user postgres, trust auth);
  replicas  two processes sharing one PostgreSQL database and one Redis (127.0.0.1:6379),
            the writers split between them.

Each writer creates publishers named `w<writer>-<n>` (the name is unique) for the given time.
Afterwards the script reads the table directly and reports, per setup: writes answered 201,
rows in the table, rows lost (a 201 whose row is missing), duplicates (a name or an id twice),
rows nobody was told about (a write whose answer never arrived), 5xx answers, other answers,
and connection errors. It exits 1 unless every setup has 0 lost, 0 duplicated and 0 5xx.

The app is built as its users build it (`cargo build --release` in examples/bookshop, target
folder target/examples). This is a correctness check under load, not a speed measurement;
BENCHMARKS.md records its results with the command that made them.
"""

import argparse
import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(ROOT, "target", "examples")
BINARY = os.path.join(TARGET, "release", "bookshop_api")
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(database, sql):
    return subprocess.run(["psql", "-X", "-q", "-At", "-h", "127.0.0.1", "-U", "postgres",
                           "-d", database, "-c", sql], check=True, capture_output=True,
                          text=True).stdout


class Setup:
    def __init__(self, name, workdir):
        self.name = name
        self.processes = []
        self.env = dict(os.environ, SECRET_KEY="load-test-secret", RUST_LOG="warn",
                        MEDIA_ROOT=os.path.join(workdir, "media"))
        self.pg_database = None
        if name == "sqlite":
            self.sqlite = os.path.join(workdir, "db.sqlite3")
            self.env["DATABASE_URL"] = f"sqlite://{self.sqlite}"
        else:
            self.pg_database = f"restforge_load_{os.getpid()}"
            psql("test", f"DROP DATABASE IF EXISTS {self.pg_database}")
            psql("test", f"CREATE DATABASE {self.pg_database}")
            self.env["DATABASE_URL"] = f"{POSTGRES}/{self.pg_database}"
        if name == "replicas":
            self.env["REDIS_URL"] = REDIS
        self.run(["migrate"])
        self.token = self.run(["createuser", "loader", "--password", "a long passphrase"]).strip()
        self.ports = [free_port() for _ in range(2 if name == "replicas" else 1)]
        for port in self.ports:
            self.processes.append(subprocess.Popen(
                [BINARY, "serve", "--addr", f"127.0.0.1:{port}"], env=self.env,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for port in self.ports:
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)

    def run(self, args):
        return subprocess.run([BINARY, *args], env=self.env, check=True, capture_output=True,
                              text=True).stdout

    def rows(self):
        sql = "SELECT id, name FROM catalog_publisher"
        if self.pg_database is None:
            with sqlite3.connect(self.sqlite) as connection:
                return connection.execute(sql).fetchall()
        out = psql(self.pg_database, sql)
        return [(int(line.split("|", 1)[0]), line.split("|", 1)[1])
                for line in out.splitlines() if line]

    def stop(self):
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            process.wait(timeout=60)
        if self.pg_database:
            psql("test", f"DROP DATABASE IF EXISTS {self.pg_database}")


def writer(number, port, token, deadline, results):
    confirmed, statuses, errors = [], {}, 0
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    n = 0
    while time.time() < deadline:
        name = f"w{number}-{n}"
        n += 1
        body = json.dumps({"name": name})
        try:
            connection.request("POST", "/api/publishers/", body=body, headers={
                "Authorization": f"Token {token}", "Content-Type": "application/json"})
            response = connection.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        statuses[response.status] = statuses.get(response.status, 0) + 1
        if response.status == 201:
            confirmed.append((json.loads(payload)["id"], name))
    results[number] = (confirmed, statuses, errors, n)


def run_setup(name, seconds, writers):
    workdir = tempfile.mkdtemp(prefix=f"restforge-load-{name}-")
    setup = Setup(name, workdir)
    try:
        results = {}
        deadline = time.time() + seconds
        threads = [threading.Thread(target=writer, args=(
            w, setup.ports[w % len(setup.ports)], setup.token, deadline, results))
            for w in range(writers)]
        started = time.time()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.time() - started
        rows = setup.rows()
    finally:
        setup.stop()
    confirmed = [row for result in results.values() for row in result[0]]
    statuses, errors, sent = {}, 0, 0
    for _, result_statuses, result_errors, result_sent in results.values():
        errors += result_errors
        sent += result_sent
        for status, count in result_statuses.items():
            statuses[status] = statuses.get(status, 0) + count
    by_id = {}
    for row_id, row_name in rows:
        by_id.setdefault(row_id, []).append(row_name)
    names = [row_name for _, row_name in rows]
    lost = sum(1 for row_id, row_name in confirmed if by_id.get(row_id) != [row_name])
    duplicated = (len(rows) - len(by_id)) + (len(names) - len(set(names)))
    told = {row_name for _, row_name in confirmed}
    untold = sum(1 for row_name in names if row_name not in told)
    server_errors = sum(count for status, count in statuses.items() if status >= 500)
    others = {status: count for status, count in statuses.items()
              if status != 201 and status < 500}
    return {
        "setup": name, "writers": writers, "seconds": round(elapsed, 1), "sent": sent,
        "created": len(confirmed), "rows": len(rows), "lost": lost, "duplicated": duplicated,
        "untold": untold, "5xx": server_errors, "other": others, "errors": errors,
        "per_second": round(len(confirmed) / elapsed),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--writers", type=int, default=32)
    parser.add_argument("--setups", default="sqlite,postgres,replicas")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"],
                   cwd=os.path.join(ROOT, "examples", "bookshop"),
                   env=dict(os.environ, CARGO_TARGET_DIR=TARGET), check=True)
    print("| setup | writers | seconds | requests | 201 | rows | lost | duplicated | "
          "rows without a 201 | 5xx | other answers | connection errors | 201/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    ok = True
    for name in args.setups.split(","):
        r = run_setup(name, args.seconds, args.writers)
        print(f"| {r['setup']} | {r['writers']} | {r['seconds']} | {r['sent']} | {r['created']} "
              f"| {r['rows']} | {r['lost']} | {r['duplicated']} | {r['untold']} | {r['5xx']} "
              f"| {r['other'] or '-'} | {r['errors']} | {r['per_second']} |", flush=True)
        ok &= r["lost"] == 0 and r["duplicated"] == 0 and r["5xx"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
