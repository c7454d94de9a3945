#!/usr/bin/env python3
"""The differential test against real DRF: every example, response by response.

    python3 tests/drf/run.py [EXAMPLE ...]      # default: every example with a script

For each example, the harness
  1. installs Django, DRF and the packages the twins use into tests/drf/.venv (pinned in
     tests/drf/requirements.txt, from PyPI; once, reused while the pins do not change);
  2. builds the example as its users build it (`cargo build` in examples/<name>, target folder
     target/examples, shared with the generated-projects test);
  3. starts the example and its DRF twin (tests/drf/twins/<name>: the same app written with
     Django + DRF) on fresh SQLite databases and media folders, with the same users;
  4. runs the example's request script (tests/drf/scripts/<name>.py) against each, and
  5. compares the transcripts on status, the headers a client reads and the bodies, after
     replacing only what cannot match (tokens, JWTs, timestamps written during the run, UUIDs
     made on insert, the port); HTML bodies are compared on status and content type only.

It prints `<example>: M/N identical` per example and the differences, writes the full report
to target/drf-differential/<example>.txt, and exits 0 only when every response is identical.
Exit 77 means it could not run (no venv could be installed): the caller reports a skip.
"""

import difflib
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VENV = os.path.join(HERE, ".venv")
REQUIREMENTS = os.path.join(HERE, "requirements.txt")
SKIP = 77

sys.path.insert(0, HERE)
from client import Api  # noqa: E402


def log(message):
    print(message, file=sys.stderr, flush=True)


# -- the venv ------------------------------------------------------------------------------------

def venv_python():
    """The venv's python, installing the pinned requirements first when they changed."""
    python = os.path.join(VENV, "bin", "python")
    stamp = os.path.join(VENV, "requirements.txt")
    with open(REQUIREMENTS) as f:
        wanted = f.read()
    if os.path.exists(stamp) and open(stamp).read() == wanted:
        return python
    log("drf: installing tests/drf/requirements.txt into tests/drf/.venv")
    shutil.rmtree(VENV, ignore_errors=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        "-r", REQUIREMENTS], check=True)
    except (subprocess.CalledProcessError, OSError) as error:
        shutil.rmtree(VENV, ignore_errors=True)
        log(f"drf: skipped: the venv could not be installed ({error})")
        sys.exit(SKIP)
    with open(stamp, "w") as f:
        f.write(wanted)
    return python


# -- servers -------------------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, process, what):
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode} before serving")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {port} within 60 s")


def run_checked(command, env, cwd, input_text=None):
    result = subprocess.run(command, env=env, cwd=cwd, input=input_text, capture_output=True,
                            text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


class Server:
    """One running server: restforge's example binary or the DRF twin."""

    def __init__(self, kind, example, script, python=None):
        users = script.USERS
        self.kind = kind
        self.workdir = tempfile.mkdtemp(prefix=f"drf-{example}-{kind}-")
        self.port = free_port()
        self.tokens = {}
        media = os.path.join(self.workdir, "media")
        os.makedirs(media)
        env = dict(os.environ)
        env.update({
            "SECRET_KEY": "restforge-differential-secret-key",
            "MEDIA_ROOT": media,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PYTHONDONTWRITEBYTECODE": "1",
        })
        for name in ("DATABASE_URL", "REDIS_URL", "RUST_LOG"):
            env.pop(name, None)
        database = os.path.join(self.workdir, "db.sqlite3")
        if kind == "restforge":
            binary = example_binary(example)
            env["DATABASE_URL"] = f"sqlite://{database}"
            cwd = self.workdir
            run_checked([binary, "migrate"], env, cwd)
            load_fixtures(database, script)
            for user in users:
                command = [binary, "createuser", user["username"], "--email", user["email"],
                           "--password", user["password"]]
                if user.get("staff"):
                    command.append("--staff")
                self.tokens[user["username"]] = run_checked(command, env, cwd).strip()
            serve = [binary, "serve", "--addr", f"127.0.0.1:{self.port}"]
        else:
            twin = os.path.join(HERE, "twins", example)
            env["DRF_DATABASE"] = database
            env["PYTHONPATH"] = os.path.join(HERE, "twins")
            cwd = twin
            manage = [python, "manage.py"]
            run_checked(manage + ["migrate", "-v", "0"], env, cwd)
            load_fixtures(database, script)
            for user in users:
                command = manage + ["createuser", user["username"], "--email", user["email"],
                                    "--password", user["password"]]
                if user.get("staff"):
                    command.append("--staff")
                self.tokens[user["username"]] = run_checked(command, env, cwd).strip()
            serve = [python, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}",
                     "--workers", "1", "--log-level", "warning", "wsgi:application"]
        self.log = open(os.path.join(self.workdir, "server.log"), "w")
        self.process = subprocess.Popen(serve, env=env, cwd=cwd, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(self.port, self.process, f"the {kind} server of {example}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()
        shutil.rmtree(self.workdir, ignore_errors=True)


def load_fixtures(database, script):
    """Rows the API cannot create (a script's FIXTURE_SQL), inserted after migrating: both
    servers use Django's table and column names."""
    statements = getattr(script, "FIXTURE_SQL", [])
    if statements:
        import sqlite3

        with sqlite3.connect(database) as connection:
            for statement in statements:
                connection.execute(statement)


def package_name(example):
    with open(os.path.join(ROOT, "examples", example, "Cargo.toml")) as f:
        return re.search(r'^name\s*=\s*"([^"]+)"', f.read(), re.M).group(1)


def target_dir():
    return os.environ.get("RESTFORGE_EXAMPLES_TARGET", os.path.join(ROOT, "target", "examples"))


def example_binary(example):
    return os.path.join(target_dir(), "debug", package_name(example))


def build(example):
    log(f"drf: building examples/{example}")
    env = dict(os.environ, CARGO_TARGET_DIR=target_dir())
    cargo = os.environ.get("CARGO", "cargo")
    subprocess.run([cargo, "build", "--quiet"], cwd=os.path.join(ROOT, "examples", example),
                   env=env, check=True)


# -- comparison ----------------------------------------------------------------------------------

TOKEN = re.compile(r"\b[0-9a-f]{40}\b")
JWT = re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
EXPIRES = re.compile(r"expires=[^;]+", re.I)


def normalize(text, port):
    """Replaces what cannot match between two servers, keeping its shape: a timestamp keeps
    its format (precision, zone) with every digit made 0."""
    text = text.replace(f"127.0.0.1:{port}", "testserver")
    text = JWT.sub("<jwt>", text)
    text = TOKEN.sub("<token>", text)
    text = UUID.sub("<uuid>", text)
    return DATETIME.sub(lambda m: re.sub(r"\d", "0", m.group(0)), text)


def comparable(entry, port):
    """What is compared of one transcript entry."""
    headers = []
    for name, value in entry.headers:
        if name == "set-cookie":
            # The cookie's name and attributes; its value and expiry date are per run.
            cookie, _, attributes = value.partition(";")
            cookie_name, _, cookie_value = cookie.partition("=")
            value = f"{cookie_name}={'<value>' if cookie_value.strip(chr(34)) else chr(34) * 2};"
            value += EXPIRES.sub("expires=<date>", attributes)
        headers.append((name, normalize(value, port)))
    headers.sort()
    content_type = dict(entry.headers).get("content-type", "")
    body = entry.body.decode("utf-8", "replace")
    if content_type.startswith("text/html"):
        # The browsable API and Django's pages: status and content type only.
        headers = [("content-type", content_type)]
        body = "<html body not compared>"
    else:
        body = normalize(body, port)
    return {"status": entry.status, "headers": headers, "body": body}


def pretty(body):
    try:
        return json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except ValueError:
        return body


def describe(entry):
    lines = [f"status {entry['status']}"]
    lines += [f"{name}: {value}" for name, value in entry["headers"]]
    lines += pretty(entry["body"]).splitlines()
    return lines


def compare(example, ours, twin):
    report = []
    identical = 0
    total = max(len(ours.transcript), len(twin.transcript))
    for index in range(total):
        if index >= len(ours.transcript) or index >= len(twin.transcript):
            report.append(f"#{index + 1}: one transcript is shorter (the script branched)")
            continue
        a, b = ours.transcript[index], twin.transcript[index]
        left, right = comparable(a, ours.port), comparable(b, twin.port)
        if left == right:
            identical += 1
            continue
        report.append(f"#{index + 1} {a.name}  ({a.method} {a.path})")
        report += [
            "  " + line.rstrip("\n")
            for line in difflib.unified_diff(describe(right), describe(left), "drf", "restforge",
                                             n=2, lineterm="")
        ][2:]
    return identical, total, report


# -- one example ---------------------------------------------------------------------------------

def load_script(example):
    path = os.path.join(HERE, "scripts", f"{example}.py")
    spec = importlib.util.spec_from_file_location(f"script_{example}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_example(example, python):
    script = load_script(example)
    build(example)
    apis = {}
    for kind in ("restforge", "drf"):
        server = Server(kind, example, script, python)
        try:
            api = Api(server.port, server.tokens)
            try:
                script.run(api)
            except Exception as error:  # a step that expected another answer: report it
                last = api.transcript[-1] if api.transcript else None
                api.failure = (
                    f"the script stopped against {kind} after {len(api.transcript)} requests: "
                    f"{error!r}; last answer: {last and last.status} "
                    f"{last and last.body[:500]!r}"
                )
            apis[kind] = api
        finally:
            server.stop()
    identical, total, report = compare(example, apis["restforge"], apis["drf"])
    failures = [api.failure for api in apis.values() if getattr(api, "failure", None)]
    if failures:
        total += 1  # the run did not finish: never all identical
        report = failures + report
    out = os.path.join(ROOT, "target", "drf-differential")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, f"{example}.txt"), "w") as f:
        f.write(f"{example}: {identical}/{total} identical\n" + "\n".join(report) + "\n")
    return identical, total, report


def examples():
    return sorted(name[:-3] for name in os.listdir(os.path.join(HERE, "scripts"))
                  if name.endswith(".py"))


def main(argv):
    chosen = argv or examples()
    unknown = [name for name in chosen if name not in examples()]
    if unknown:
        log(f"drf: no script for {', '.join(unknown)} (scripts: {', '.join(examples())})")
        return 2
    python = venv_python()
    failed = False
    for example in chosen:
        identical, total, report = run_example(example, python)
        print(f"{example}: {identical}/{total} identical", flush=True)
        if identical != total:
            failed = True
            shown = report[:400]
            print("\n".join(shown))
            if len(report) > len(shown):
                print(f"... (full report: target/drf-differential/{example}.txt)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
