"""The `dutyroom` commands an operator uses besides serve: user add and demo."""
import sqlite3

from test_audit_tamper import binary, prepare, run, sqlite_db  # noqa: F401  (fixtures)


def test_user_add_creates_an_account_that_can_log_in(binary, sqlite_db):
    path, url = sqlite_db
    r = run(binary, ["user", "add", "--username", "yuzhou.duty", "--name", "王海", "--unit", "411081",
                     "--roles", "duty_officer"], url, DUTYROOM_PASSWORD="Yu#Zhou2026a")
    assert r.status == 0, str(r)
    assert "禹州市应急管理局" in r.stdout
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT display_name, roles, password_hash FROM user_accounts WHERE username = 'yuzhou.duty'").fetchone()
        audit = conn.execute("SELECT count(*) FROM audit_entries WHERE action = 'user.create' AND actor = 'cli' AND detail LIKE '%yuzhou.duty%'").fetchone()[0]
    assert row[0] == "王海" and row[1] == "duty_officer"
    assert row[2].startswith("$2"), "bcrypt, never the password itself"
    assert audit == 1
    assert run(binary, ["audit", "verify"], url).status == 0


def test_user_add_refuses_what_would_break_the_rules(binary, sqlite_db):
    _, url = sqlite_db
    weak = run(binary, ["user", "add", "--username", "a.b", "--name", "王海", "--unit", "411081",
                        "--roles", "duty_officer", "--password", "short"], url)
    assert weak.status != 0 and "密码" in weak.output
    both = run(binary, ["user", "add", "--username", "a.c", "--name", "王海", "--unit", "411081",
                        "--roles", "unit_admin,auditor", "--password", "Yu#Zhou2026a"], url)
    assert both.status != 0 and "三员分立" in both.output
    nowhere = run(binary, ["user", "add", "--username", "a.d", "--name", "王海", "--unit", "999999",
                           "--roles", "duty_officer", "--password", "Yu#Zhou2026a"], url)
    assert nowhere.status != 0 and "999999" in nowhere.output
    taken = run(binary, ["user", "add", "--username", "xuchang.duty", "--name", "王海", "--unit", "411081",
                         "--roles", "duty_officer", "--password", "Yu#Zhou2026a"], url)
    assert taken.status != 0 and "用户名 xuchang.duty 已存在" in taken.output


def test_demo_refuses_to_overwrite_and_reset_keeps_the_audit_trail(binary, sqlite_db):
    path, url = sqlite_db
    again = run(binary, ["demo"], url)
    assert again.status != 0 and "--reset" in again.output
    with sqlite3.connect(path) as conn:
        before = conn.execute("SELECT count(*) FROM audit_entries").fetchone()[0]
    reset = run(binary, ["demo", "--reset"], url)
    assert reset.status == 0, str(reset)
    with sqlite3.connect(path) as conn:
        after = conn.execute("SELECT count(*) FROM audit_entries").fetchone()[0]
        units = conn.execute("SELECT count(*) FROM units WHERE code = '411000'").fetchone()[0]
    assert after > before, "the trail is kept and the reload is recorded"
    assert units == 1
    assert run(binary, ["audit", "verify"], url).status == 0
