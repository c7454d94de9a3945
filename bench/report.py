#!/usr/bin/env python3
"""Turns the raw results bench/run.sh collected in WORK into Markdown tables.

    python3 bench/report.py WORK ROUNDS DURATION WARMUP CONNECTIONS USERS STATUSES HAVE_PG

Each figure is the median over the rounds; req/s also shows the lowest and highest round.
"""
import statistics
import sys

ENDPOINTS = {
    "list": "GET /api/status/ (page of 20)",
    "detail": "GET /api/status/50/",
    "search": "GET /api/profiles/?search=lon",
    "patch": "PATCH /api/status/1/",
    "create": "POST /api/status/",
}
SERVERS = [
    "app-sqlite", "app-postgres", "restforge-sqlite", "restforge-postgres", "independent-sqlite",
    "baseline-sqlite", "baseline-postgres", "drf-sqlite",
]
# What each server is, for the reader of the tables.
LEGEND = {
    "app": "the app users run: `restforge new` from the reference spec (throttling removed from "
           "the spec), `cargo build --release`, `profiles_api serve`",
    "restforge": "bench/server: the same generated code in a bench binary (axum::serve, no "
                 "logging, a statement counter)",
    "independent": "../shared/baseline: list and detail written by hand without looking at "
                   "restforge (its own Cargo.lock)",
    "baseline": "bench/baseline: the project's hand-written axum + sqlx server",
    "drf": "Django + DRF under gunicorn (2 workers)",
}


def rows(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("|") for line in f if line.strip()]


def main() -> None:
    work, rounds, duration, warmup, connections, users, statuses, have_pg = sys.argv[1:9]
    raw = {}
    for r in rows(f"{work}/load"):
        raw.setdefault((r[0], r[1]), []).append([float(x) for x in r[3:]])
    # Per server and endpoint: median req/s, p50, p99; requests and errors summed; req/s range.
    load = {}
    for key, runs in raw.items():
        column = lambda i: [run[i] for run in runs]
        load[key] = [
            statistics.median(column(0)), statistics.median(column(1)),
            statistics.median(column(2)), sum(column(3)), sum(column(4)), sum(column(5)),
            min(column(0)), max(column(0)),
        ]
    statements = {(r[0], r[1]): r[2] for r in rows(f"{work}/statements")}
    rss = {}
    for r in rows(f"{work}/rss"):
        rss[r[0]] = max(rss.get(r[0], 0.0), float(r[2]))
    mismatches = rows(f"{work}/mismatches")
    servers = [s for s in SERVERS if any(k[0] == s for k in load)]

    print(f"Data set: {users} users (each with a profile and a token), {statuses} statuses. "
          f"wrk, 1 thread, {connections} connections, {warmup} s warm-up then {duration} s per "
          f"endpoint, on 127.0.0.1; wrk shares the 2 cores with the server. {rounds} rounds, the "
          f"servers taking turns (a fresh copy of the data and a fresh process each time); "
          f"figures are medians over the rounds, with the lowest and highest req/s.")
    print()
    for prefix, text in LEGEND.items():
        if any(server.startswith(prefix + "-") for server in servers):
            print(f"- `{prefix}-…`: {text}.")
    if have_pg != "1":
        print("\nPostgreSQL was not reachable: restforge-postgres and baseline-postgres were skipped.")
    print()
    print("| endpoint | server | req/s (median) | req/s range | p50 ms | p99 ms | SQL statements / request | non-2xx |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for key, label in ENDPOINTS.items():
        for server in servers:
            if (server, key) not in load:
                continue
            rps, p50, p99, total, bad, socket, low, high = load[(server, key)]
            errors = f"{bad:.0f}" if socket == 0 else f"{bad:.0f} (+{socket:.0f} socket errors)"
            print(f"| {label} | {server} | {rps:,.0f} | {low:,.0f}–{high:,.0f} | {p50:.2f} | {p99:.2f} "
                  f"| {statements.get((server, key), '?')} | {errors} |")
    print()
    print("| server | peak RSS (VmHWM, MiB, highest round) |")
    print("|---|---:|")
    for server in servers:
        note = " (gunicorn master + 2 workers, summed)" if server.startswith("drf") else ""
        print(f"| {server}{note} | {rss.get(server, 0.0):.1f} |")
    print()
    if mismatches:
        print("**Bodies that differ from restforge's:** "
              + ", ".join(f"{s} {r}" for s, r in mismatches) + " (see the run's log).")
    else:
        print("Check before measuring: every server returned the same bodies as restforge's bench "
              "binary for every request it serves (write timestamps normalised).")
    print()

    def ratio(a, b, index=0, invert=False):
        if a not in load or b not in load:
            return None
        x, y = float(load[a][index]), float(load[b][index])
        if invert:
            x, y = y, x
        return x / y if y else None

    print("| endpoint | app/independent req/s (SQLite) | app/baseline req/s (SQLite) "
          "| app/baseline req/s (PostgreSQL) | app/bench binary req/s (SQLite) "
          "| app/DRF req/s (SQLite) | DRF p99 / app p99 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for key, label in ENDPOINTS.items():
        independent = ratio(("app-sqlite", key), ("independent-sqlite", key))
        base = ratio(("app-sqlite", key), ("baseline-sqlite", key))
        pg = ratio(("app-postgres", key), ("baseline-postgres", key))
        bench = ratio(("app-sqlite", key), ("restforge-sqlite", key))
        drf = ratio(("app-sqlite", key), ("drf-sqlite", key))
        p99 = ratio(("app-sqlite", key), ("drf-sqlite", key), index=2, invert=True)
        fmt = lambda v, pct=False: "–" if v is None else (f"{v:.0%}" if pct else f"{v:.1f}×")
        print(f"| {label} | {fmt(independent, True)} | {fmt(base, True)} | {fmt(pg, True)} "
              f"| {fmt(bench, True)} | {fmt(drf)} | {fmt(p99)} |")


if __name__ == "__main__":
    main()
