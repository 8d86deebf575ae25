"""The dutyroom command line, run as a user would: the audit trail must notice tampering.

Runs the built binary ($DUTYROOM_BIN, set by scripts/test) on a fresh SQLite file per test, and
on PostgreSQL when $DUTYROOM_PG_URL names a database (scripts/test starts one).
"""

import os
import pathlib
import re
import shutil
import sqlite3
import subprocess
import time

import pytest

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
COMMANDS = ["serve", "migrate", "demo", "user", "audit", "backup"]


@pytest.fixture(scope="session")
def binary() -> pathlib.Path:
    value = os.environ.get("DUTYROOM_BIN")
    path = pathlib.Path(value) if value else REPO_ROOT / ".build" / "debug" / "dutyroom"
    if not path.is_file():
        pytest.fail(
            f"dutyroom binary not found at {path}: run scripts/test, or set DUTYROOM_BIN "
            "to $(swift build --show-bin-path)/dutyroom",
            pytrace=False,
        )
    return path


class Result:
    def __init__(self, proc: subprocess.CompletedProcess):
        self.status = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.output = proc.stdout + proc.stderr

    def __str__(self):
        return f"exit status {self.status}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


def run(binary, args, database_url, timeout=180, **extra_env) -> Result:
    env = dict(os.environ)
    env.pop("PORT", None)
    env["DATABASE_URL"] = database_url
    env.update(extra_env)
    proc = subprocess.run(
        [str(binary), *args],
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Result(proc)


def prepare(binary, database_url):
    """migrate --yes, then demo: a database full of demo data and its audit trail."""
    for args in (["migrate", "--yes"], ["demo"]):
        r = run(binary, args, database_url)
        assert r.status == 0, f"dutyroom {' '.join(args)} failed: {r}"


def assert_intact(binary, database_url):
    r = run(binary, ["audit", "verify"], database_url)
    assert r.status == 0, f"audit verify on an untouched trail should succeed: {r}"
    assert "intact" in r.stdout.lower(), f"audit verify should say the trail is intact: {r}"


def assert_detects(binary, database_url, entry, word):
    r = run(binary, ["audit", "verify"], database_url)
    assert r.status != 0, f"audit verify should fail on a tampered trail: {r}"
    assert entry in r.output, f"audit verify should name entry {entry}: {r}"
    assert word in r.output.lower(), f"audit verify should say the entry was {word}: {r}"


@pytest.fixture
def sqlite_db(binary, tmp_path):
    path = tmp_path / "t.sqlite"
    url = f"sqlite:///{path}"
    prepare(binary, url)
    return path, url


def sqlite_exec(path, sql):
    with sqlite3.connect(path) as conn:
        changed = conn.execute(sql).rowcount
    conn.close()
    assert changed == 1, f"{sql!r} changed {changed} rows, expected 1"


def test_an_edited_entry_is_detected(binary, sqlite_db):
    path, url = sqlite_db
    assert_intact(binary, url)
    sqlite_exec(path, "UPDATE audit_entries SET detail = 'tampered' WHERE seq = 3")
    assert_detects(binary, url, "#3", "edited")


def test_a_deleted_entry_is_detected(binary, sqlite_db):
    path, url = sqlite_db
    assert_intact(binary, url)
    sqlite_exec(path, "DELETE FROM audit_entries WHERE seq = 5")
    # The gap shows at the entry after it.
    assert_detects(binary, url, "#6", "deleted")


def psql(url, sql):
    proc = subprocess.run(
        ["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, f"psql {sql!r} failed:\n{proc.stdout}\n{proc.stderr}"


@pytest.mark.parametrize(
    "tamper, entry, word",
    [
        ("UPDATE audit_entries SET detail = 'tampered' WHERE seq = 3", "#3", "edited"),
        ("DELETE FROM audit_entries WHERE seq = 5", "#6", "deleted"),
    ],
    ids=["edited", "deleted"],
)
def test_tampering_is_detected_on_postgresql(binary, tamper, entry, word):
    url = os.environ.get("DUTYROOM_PG_URL")
    if not url:
        pytest.skip("DUTYROOM_PG_URL is not set (scripts/test sets it)")
    if shutil.which("psql") is None:
        pytest.fail("psql is needed for the PostgreSQL test (install postgresql-client-15)")
    psql(url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    prepare(binary, url)
    assert_intact(binary, url)
    psql(url, tamper)
    assert_detects(binary, url, entry, word)


def test_help_lists_the_commands(binary, tmp_path):
    r = run(binary, ["--help"], f"sqlite:///{tmp_path}/help.sqlite", timeout=30)
    assert r.status == 0, f"dutyroom --help should succeed: {r}"
    for command in COMMANDS:
        assert re.search(rf"\b{command}\b", r.output), f"dutyroom --help should list {command}: {r}"


@pytest.mark.parametrize(
    "args",
    [["serve"], ["migrate"], ["demo"], ["user", "add"], ["audit", "verify"], ["backup"]],
    ids=lambda args: "-".join(args),
)
def test_each_command_has_help(binary, tmp_path, args):
    r = run(binary, [*args, "--help"], f"sqlite:///{tmp_path}/help.sqlite", timeout=30)
    assert r.status == 0, f"dutyroom {' '.join(args)} --help should succeed: {r}"
    assert r.output.strip(), f"dutyroom {' '.join(args)} --help printed nothing"


def count_audit_entries(path):
    with sqlite3.connect(path) as conn:
        (n,) = conn.execute("SELECT count(*) FROM audit_entries").fetchone()
    conn.close()
    return n


def test_backup_makes_a_sound_copy(binary, sqlite_db, tmp_path):
    path, url = sqlite_db
    copy = tmp_path / "copy.sqlite"
    r = run(binary, ["backup", str(copy)], url)
    assert r.status == 0, f"dutyroom backup failed: {r}"
    assert copy.is_file() and copy.stat().st_size > 0, f"backup wrote no file at {copy}: {r}"

    check = subprocess.run(
        ["sqlite3", str(copy), "PRAGMA integrity_check;"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode == 0 and check.stdout.strip() == "ok", (
        f"sqlite3 integrity_check of the backup: status {check.returncode}\n"
        f"{check.stdout}\n{check.stderr}"
    )

    original = count_audit_entries(path)
    copied = count_audit_entries(copy)
    assert original > 0, "the demo data should have left entries in the audit trail"
    assert copied == original, f"the backup has {copied} audit entries, the database {original}"

    # The copy is a working database whose audit trail still verifies.
    assert_intact(binary, f"sqlite:///{copy}")


def test_a_bad_port_fails_fast_and_names_it(binary, tmp_path):
    started = time.monotonic()
    try:
        r = run(binary, ["serve"], f"sqlite:///{tmp_path}/bad.sqlite", timeout=10, PORT="abc",
                HOST="127.0.0.1")
    except subprocess.TimeoutExpired:
        pytest.fail("PORT=abc dutyroom serve was still running after 10 s: it should refuse to start")
    assert r.status != 0, f"PORT=abc dutyroom serve should fail: {r}"
    assert "PORT" in r.output, f"the error should name PORT: {r}"
    assert time.monotonic() - started < 10
