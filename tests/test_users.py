"""etl/users.py: accounts, argon2 hashes, lockout, the audit of every change, the `user` verbs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from etl import users
from etl.cli import main
from etl.db import reading, writing
from etl.errors import NotAllowed, NotFound
from etl.load import init_db, mark_demo_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "users.duckdb"
    init_db(path)
    return path


def audit_rows(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT username, action, target, details, ok FROM audit_log ORDER BY audit_id").fetchall()
    finally:
        con.close()


def test_add_list_and_authenticate(db: Path) -> None:
    users.add_user(db, "  NguyenVanA ", "mat-khau-dai", "van_phong", "Nguyễn Văn A", "A@Example.vn", actor="qt")
    [account] = users.list_users(db)
    assert (account.username, account.display_name, account.role, account.active, account.failed_count,
            account.email) == ("nguyenvana", "Nguyễn Văn A", "van_phong", True, 0, "a@example.vn")
    assert users.authenticate(db, "NGUYENVANA", "mat-khau-dai").username == "nguyenvana"
    assert users.get_user(db, "nguyenvana").last_login_at is not None
    assert users.account_by_email(db, "a@EXAMPLE.vn").username == "nguyenvana"
    assert users.count_users(db) == 1


def stored_hash(db: Path, username: str) -> str:
    with reading(db) as con:
        return con.execute("SELECT password_hash FROM users WHERE username = ?", [username]).fetchone()[0]


def test_passwords_use_owasp_argon2_parameters_and_old_hashes_are_upgraded_at_login(db: Path) -> None:
    from argon2 import PasswordHasher

    users.add_user(db, "vp", "mat-khau-dai", "van_phong")
    assert stored_hash(db, "vp").startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    # an account hashed with the library's defaults before (64 MiB a login) still logs in, once re-hashed
    old = PasswordHasher().hash("mat-khau-dai")
    assert old.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    with writing(db) as con:
        con.execute("UPDATE users SET password_hash = ? WHERE username = 'vp'", [old])
    assert users.authenticate(db, "vp", "mat-khau-dai").username == "vp"
    assert stored_hash(db, "vp").startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert users.authenticate(db, "vp", "mat-khau-dai").username == "vp"


def test_wrong_and_unknown_give_the_same_message(db: Path) -> None:
    users.add_user(db, "vp", "mat-khau-dai", "van_phong")
    for name, password in [("vp", "sai-mat-khau"), ("khong-co", "mat-khau-dai"), ("vp", "")]:
        with pytest.raises(NotAllowed) as caught:
            users.authenticate(db, name, password)
        assert caught.value.message == "Tên đăng nhập hoặc mật khẩu không đúng."


def test_lockout_after_max_failures_then_expiry(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DVCQ_MAX_LOGIN_FAILURES", "3")
    monkeypatch.setenv("DVCQ_LOCKOUT_MINUTES", "15")
    users.add_user(db, "vp", "mat-khau-dai", "van_phong")
    at = datetime(2025, 6, 2, 8, 0, 0)
    for _ in range(2):
        with pytest.raises(NotAllowed, match="không đúng"):
            users.authenticate(db, "vp", "sai", at=at)
    with pytest.raises(NotAllowed) as caught:
        users.authenticate(db, "vp", "sai", at=at)
    assert caught.value.message == (
        "Tài khoản đang tạm khoá đến 08:15 ngày 02/06/2025 vì nhập sai mật khẩu quá 3 lần. "
        "Hãy thử lại sau, hoặc nhờ quản trị đặt lại mật khẩu.")
    assert users.get_user(db, "vp").locked_until == at + timedelta(minutes=15)
    with pytest.raises(NotAllowed, match="tạm khoá"):  # even the right password, while locked
        users.authenticate(db, "vp", "mat-khau-dai", at=at + timedelta(minutes=14))
    assert users.authenticate(db, "vp", "mat-khau-dai", at=at + timedelta(minutes=16)).username == "vp"
    account = users.get_user(db, "vp")
    assert (account.failed_count, account.locked_until) == (0, None)
    reasons = [(a, json.loads(d).get("reason"), ok) for _, a, _, d, ok in audit_rows(db) if a.startswith(("login", "acc"))]
    assert reasons == [
        ("login_failed", "bad_password", False), ("login_failed", "bad_password", False),
        ("login_failed", "bad_password", False), ("account_locked", None, False),
        ("login_failed", "locked", False), ("login", None, True),
    ]


def test_reset_password_unlocks(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DVCQ_MAX_LOGIN_FAILURES", "1")
    users.add_user(db, "vp", "mat-khau-dai", "van_phong")
    with pytest.raises(NotAllowed, match="tạm khoá"):
        users.authenticate(db, "vp", "sai")
    users.set_password(db, "vp", "mat-khau-moi", actor="qt")
    assert users.authenticate(db, "vp", "mat-khau-moi").username == "vp"
    with pytest.raises(NotAllowed):
        users.authenticate(db, "vp", "mat-khau-dai")


def test_disabled_cannot_log_in_and_last_admin_stays(db: Path) -> None:
    users.add_user(db, "qt", "mat-khau-dai", "quan_tri")
    users.add_user(db, "vp", "mat-khau-dai", "van_phong")
    users.set_active(db, "vp", False, actor="qt")
    with pytest.raises(NotAllowed, match="không đúng"):
        users.authenticate(db, "vp", "mat-khau-dai")
    with pytest.raises(NotAllowed) as caught:
        users.set_active(db, "qt", False)
    assert caught.value.message == (
        "'qt' là quản trị cuối cùng còn hoạt động; hãy tạo một quản trị khác trước khi vô hiệu.")
    users.set_active(db, "vp", True, actor="qt")
    assert users.authenticate(db, "vp", "mat-khau-dai").username == "vp"


@pytest.mark.parametrize(("username", "password", "role", "message"), [
    ("a", "mat-khau-dai", "van_phong", "Tên đăng nhập 'a' không hợp lệ"),
    ("Nguyễn", "mat-khau-dai", "van_phong", "Tên đăng nhập 'Nguyễn' không hợp lệ"),
    ("vp", "ngan", "van_phong", "Mật khẩu phải có ít nhất 8 ký tự."),
    ("vanphong1", "vanphong1", "van_phong", "Mật khẩu không được trùng với tên đăng nhập."),
    ("vp", "mat-khau-dai", "admin", "Vai trò 'admin' không hợp lệ."),
])
def test_bad_input_is_refused(db: Path, username: str, password: str, role: str, message: str) -> None:
    with pytest.raises(NotAllowed) as caught:
        users.add_user(db, username, password, role)
    assert caught.value.message.startswith(message)
    assert users.count_users(db) == 0


def test_duplicate_and_unknown(db: Path) -> None:
    users.add_user(db, "vp", "mat-khau-dai", "van_phong")
    with pytest.raises(NotAllowed, match="đã có"):
        users.add_user(db, "VP", "mat-khau-khac", "lanh_dao")
    with pytest.raises(NotFound, match="Không có tài khoản 'khong-co'"):
        users.set_password(db, "khong-co", "mat-khau-dai")


def test_no_plain_text_password_anywhere(db: Path) -> None:
    secrets = ["Mat-Khau-Bi-Mat-1", "Mat-Khau-Bi-Mat-2", "Mat-Khau-Sai-3"]
    users.add_user(db, "vp", secrets[0], "van_phong")
    users.set_password(db, "vp", secrets[1])
    with pytest.raises(NotAllowed):
        users.authenticate(db, "vp", secrets[2])
    users.authenticate(db, "vp", secrets[1])
    con = duckdb.connect(str(db), read_only=True)
    try:
        hashes = [r[0] for r in con.execute("SELECT password_hash FROM users").fetchall()]
        text_columns = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE data_type = 'VARCHAR' "
            "AND schema_name = 'main' AND table_name NOT LIKE 'v\\_%' ESCAPE '\\'").fetchall()
        values = [str(v) for table, column in text_columns
                  for (v,) in con.execute(f'SELECT "{column}" FROM "{table}"').fetchall() if v is not None]
    finally:
        con.close()
    assert all(h.startswith("$argon2id$") for h in hashes)
    for secret in secrets:
        assert not any(secret in v for v in values), secret
        assert secret.encode() not in db.read_bytes()
        wal = Path(str(db) + ".wal")
        assert not wal.exists() or secret.encode() not in wal.read_bytes()


def test_audit_row_for_each_account_change(db: Path) -> None:
    users.add_user(db, "qt", "mat-khau-dai", "quan_tri", actor="cli:root")
    users.add_user(db, "vp", "mat-khau-dai", "van_phong", "Văn phòng", actor="qt")
    users.set_password(db, "vp", "mat-khau-moi", actor="qt")
    users.set_active(db, "vp", False, actor="qt")
    users.set_active(db, "vp", True, actor="qt")
    users.authenticate(db, "vp", "mat-khau-moi")
    with pytest.raises(NotAllowed):
        users.authenticate(db, "nobody", "whatever1")
    users.record_logout(db, "vp", "user")
    users.record_denied(db, "vp", "quan-tri")
    rows = [(u, a, t, json.loads(d), ok) for u, a, t, d, ok in audit_rows(db)]
    assert rows == [
        ("cli:root", "user_add", "qt", {"role": "quan_tri", "display_name": "qt", "email": None}, True),
        ("qt", "user_add", "vp", {"role": "van_phong", "display_name": "Văn phòng", "email": None}, True),
        ("qt", "user_passwd", "vp", {}, True),
        ("qt", "user_disable", "vp", {}, True),
        ("qt", "user_enable", "vp", {}, True),
        ("vp", "login", "", {"method": "password", "role": "van_phong"}, True),
        ("nobody", "login_failed", "", {"reason": "unknown_user"}, False),
        ("vp", "logout", "", {"reason": "user"}, True),
        ("vp", "access_denied", "quan-tri", {}, False),
    ]


def test_audit_entries_filters(db: Path) -> None:
    users.add_user(db, "qt", "mat-khau-dai", "quan_tri", actor="cli")
    users.authenticate(db, "qt", "mat-khau-dai")
    today = datetime.now().date()
    frame = users.audit_entries(db, users=("qt",), actions=("login",), start=today, end=today)
    assert frame[["username", "action", "action_label"]].values.tolist() == [["qt", "login", "Đăng nhập"]]
    assert users.audit_entries(db, start=today + timedelta(days=1)).empty
    assert users.audit_options(db)["actions"] == ["login", "user_add"]


def test_demo_accounts_only_in_the_demo_database(db: Path) -> None:
    with pytest.raises(NotAllowed, match="không phải cơ sở dữ liệu mẫu"):
        users.create_demo_accounts(db)
    assert not users.demo_accounts_present(db)
    mark_demo_db(db)
    assert users.create_demo_accounts(db) == ["lanhdao", "vanphong", "quantri"]
    assert users.demo_accounts_present(db)
    for username, _, role, password in users.DEMO_ACCOUNTS:
        assert users.authenticate(db, username, password).role == role
    assert users.create_demo_accounts(db) == []  # idempotent


def test_missing_database_or_table(tmp_path: Path) -> None:
    nowhere = tmp_path / "none.duckdb"
    assert (users.count_users(nowhere), users.list_users(nowhere), users.demo_accounts_present(nowhere)) == (0, [], False)


# -- command line ----------------------------------------------------------------------------------


def run_cli(*args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "DVCQ_PASSWORD"}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, env=full_env, timeout=120)


def test_cli_user_verbs(db: Path) -> None:
    done = run_cli("user", "add", "quantri1", "--role", "quan_tri", "--name", "Quản trị", "--password-stdin",
                   "--db", str(db), stdin="mat-khau-dai\n")
    assert (done.returncode, done.stdout, done.stderr) == (0, "Đã tạo tài khoản 'quantri1' (Quản trị).\n", "")
    done = run_cli("user", "add", "vp", "--role", "van_phong", "--db", str(db), env={"DVCQ_PASSWORD": "mat-khau-env"})
    assert done.returncode == 0, done.stderr
    assert users.authenticate(db, "vp", "mat-khau-env").role == "van_phong"
    done = run_cli("user", "passwd", "vp", "--password-stdin", "--db", str(db), stdin="mat-khau-moi\n")
    assert done.stdout == "Đã đổi mật khẩu của 'vp' (và mở khoá nếu đang bị khoá).\n"
    done = run_cli("user", "passwd", "vp", "--db", str(db))  # no TTY, no stdin flag, no env
    assert (done.returncode, done.stderr) == (1, "Lỗi: Không có mật khẩu: hãy chạy trong cửa sổ lệnh để nhập, "
                                                 "hoặc dùng --password-stdin, hoặc biến môi trường DVCQ_PASSWORD.\n")
    done = run_cli("user", "disable", "vp", "--db", str(db))
    assert (done.returncode, done.stdout) == (0, "Đã vô hiệu tài khoản 'vp'.\n")
    done = run_cli("user", "list", "--db", str(db))
    assert done.stdout == "quantri1\tquan_tri\tQuản trị\tĐang dùng\nvp\tvan_phong\tvp\tĐã vô hiệu\n"
    assert [a for _, a, *_ in audit_rows(db)] == ["user_add", "user_add", "login", "user_passwd", "user_disable"]


def test_cli_in_process_add(db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("DVCQ_PASSWORD", "mat-khau-dai")
    assert main(["user", "add", "vp", "--role", "van_phong", "--db", str(db)]) == 0
    assert main(["user", "add", "vp", "--role", "van_phong", "--db", str(db)]) == 1
    assert "Lỗi: Tài khoản 'vp' đã có." in capsys.readouterr().err


def test_the_audit_log_is_read_a_page_at_a_time(db: Path) -> None:
    from dashboard.queries.audit import audit_page
    from etl.audit import record

    for i in range(23):
        record(db, "vp" if i % 2 else "qt", "export", f"bang-{i}")
    first = audit_page(db, limit=10)
    assert (first.total, first.offset, len(first.rows)) == (23, 0, 10)
    assert first.rows["target"].tolist()[:3] == ["bang-22", "bang-21", "bang-20"]  # newest first
    last = audit_page(db, offset=20, limit=10)
    assert last.rows["target"].tolist() == ["bang-2", "bang-1", "bang-0"]
    mine = audit_page(db, users=("vp",), actions=("export",), limit=5)
    assert mine.total == 11 and set(mine.rows["username"]) == {"vp"}
    assert mine.rows["action_label"].iloc[0] == users.ACTION_LABEL["export"]
    assert len(users.audit_entries(db, users=("vp",))) == 11  # the export: every row of the filter
