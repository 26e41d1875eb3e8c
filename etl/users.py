"""Local accounts: argon2 password hashes in the database, lockout, and the audit of every change.

The app logs people in with :func:`authenticate`; the command line (``python -m etl user ...``) and
the admin page manage accounts with :func:`add_user`, :func:`set_password` and :func:`set_active`.
A password never leaves this module other than as an argon2id hash, and never reaches a log.
"""

from __future__ import annotations

import argparse
import functools
import getpass
import os
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import duckdb
import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from etl.audit import audit, reads_audit_log, record
from etl.db import reading, writing
from etl.errors import NotAllowed, NotFound
from etl.settings import LOCKOUT_MINUTES, MAX_LOGIN_FAILURES

ROLES = {"lanh_dao": "Lãnh đạo Sở", "van_phong": "Văn phòng Sở", "quan_tri": "Quản trị"}
MIN_PASSWORD = 8
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Only the demo database carries these (``python -m etl demo``); their presence shows the banner.
DEMO_ACCOUNTS = [
    ("lanhdao", "Lãnh đạo Sở (tài khoản mẫu)", "lanh_dao", "lanhdao2025"),
    ("vanphong", "Văn phòng Sở (tài khoản mẫu)", "van_phong", "vanphong2025"),
    ("quantri", "Quản trị (tài khoản mẫu)", "quan_tri", "quantri2025"),
]
DEMO_USERNAMES = tuple(a[0] for a in DEMO_ACCOUNTS)

# argon2id with OWASP's recommended parameters (Password Storage Cheat Sheet: m=19 MiB, t=2, p=1).
# The library default (RFC 9106 low-memory profile) takes 64 MiB per login: twenty people logging
# in at once would ask the server for 1.3 GB, and each login was the server's memory peak. Stored
# hashes keep their own parameters; an older one is re-hashed with these at its next login.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@functools.cache
def _dummy_hash() -> str:
    """Checked against for unknown names, so they cost the same time as real ones (no timing oracle)."""
    return _HASHER.hash("dvcq-no-such-user")

WRONG_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: str
    active: bool
    failed_count: int
    locked_until: datetime | None
    created_at: datetime
    password_changed_at: datetime
    email: str | None = None
    last_login_at: datetime | None = None

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    def locked(self, at: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > at


_COLUMNS = ("username, display_name, role, active, failed_count, locked_until, created_at, "
            "password_changed_at, email, last_login_at")


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _account(row: tuple) -> Account:
    return Account(*row)


# -- checks ------------------------------------------------------------------------------------


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def check_username(username: str) -> str:
    name = normalise_username(username)
    if not USERNAME.match(name):
        raise NotAllowed(
            f"Tên đăng nhập '{username}' không hợp lệ: dùng 2-64 ký tự chữ thường không dấu, số, "
            "dấu chấm, gạch dưới hoặc gạch ngang (ví dụ: nguyenvana, vp.ketoan).",
            username=username,
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        allowed = ", ".join(f"{code} ({label})" for code, label in ROLES.items())
        raise NotAllowed(f"Vai trò '{role}' không hợp lệ. Chọn một trong: {allowed}.", role=role)
    return role


def check_password(password: str, username: str = "") -> None:
    if len(password or "") < MIN_PASSWORD:
        raise NotAllowed(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")
    if username and password.strip().lower() == username.lower():
        raise NotAllowed("Mật khẩu không được trùng với tên đăng nhập.")
    if password != password.strip():
        raise NotAllowed("Mật khẩu không được bắt đầu hay kết thúc bằng dấu cách.")


def check_email(email: str | None) -> str | None:
    email = (email or "").strip().lower() or None
    if email and not EMAIL.match(email):
        raise NotAllowed(f"Địa chỉ email '{email}' không hợp lệ.")
    return email


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


# -- reading -----------------------------------------------------------------------------------


def _has_users_table(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'users' AND schema_name = 'main'"
    ).fetchone()[0])


def list_users(db: Path) -> list[Account]:
    """Every account (never the hashes), by role then name; [] when there is no users table yet."""
    if not Path(db).exists():
        return []
    with reading(db) as con:
        if not _has_users_table(con):
            return []
        rows = con.execute(f"SELECT {_COLUMNS} FROM users ORDER BY role, username").fetchall()
    return [_account(r) for r in rows]


def users_frame(db: Path) -> pd.DataFrame:
    """The accounts as a table for the admin page (no hashes)."""
    now = _now()
    rows = [
        {"username": a.username, "display_name": a.display_name, "role": a.role_label,
         "email": a.email or "", "status": _status_label(a, now), "failed_count": a.failed_count,
         "last_login_at": a.last_login_at, "password_changed_at": a.password_changed_at,
         "created_at": a.created_at}
        for a in list_users(db)
    ]
    columns = ["username", "display_name", "role", "email", "status", "failed_count", "last_login_at",
               "password_changed_at", "created_at"]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("last_login_at", "password_changed_at", "created_at"):
        frame[column] = pd.to_datetime(frame[column])  # a missing time shows blank, not "None"
    return frame


def _status_label(a: Account, now: datetime) -> str:
    if not a.active:
        return "Đã vô hiệu"
    if a.locked(now):
        return f"Tạm khoá đến {a.locked_until:%H:%M %d/%m/%Y}"
    return "Đang dùng"


def get_user(db: Path, username: str) -> Account | None:
    name = normalise_username(username)
    if not Path(db).exists():
        return None
    with reading(db) as con:
        if not _has_users_table(con):
            return None
        row = con.execute(f"SELECT {_COLUMNS} FROM users WHERE username = ?", [name]).fetchone()
    return _account(row) if row else None


def _with_hash(db: Path, name: str) -> tuple[Account | None, str | None]:
    if not Path(db).exists():
        return None, None
    with reading(db) as con:
        if not _has_users_table(con):
            return None, None
        row = con.execute(f"SELECT {_COLUMNS}, password_hash FROM users WHERE username = ?", [name]).fetchone()
    return (_account(row[:-1]), row[-1]) if row else (None, None)


def count_users(db: Path) -> int:
    """How many accounts exist (0 when the database or the table does not exist yet)."""
    if not Path(db).exists():
        return 0
    with reading(db) as con:
        if not _has_users_table(con):
            return 0
        return int(con.execute("SELECT count(*) FROM users").fetchone()[0])


def demo_accounts_present(db: Path) -> bool:
    """True while any demo account (lanhdao, vanphong, quantri) exists and is active."""
    if not Path(db).exists():
        return False
    with reading(db) as con:
        if not _has_users_table(con):
            return False
        placeholders = ", ".join("?" for _ in DEMO_USERNAMES)
        return bool(con.execute(
            f"SELECT count(*) FROM users WHERE active AND username IN ({placeholders})", list(DEMO_USERNAMES)
        ).fetchone()[0])


def account_by_email(db: Path, email: str) -> Account | None:
    """The active account whose e-mail matches an OIDC identity (case-insensitive)."""
    email = (email or "").strip().lower()
    if not email or not Path(db).exists():
        return None
    with reading(db) as con:
        if not _has_users_table(con):
            return None
        row = con.execute(
            f"SELECT {_COLUMNS} FROM users WHERE lower(email) = ? AND active ORDER BY username LIMIT 1", [email]
        ).fetchone()
    return _account(row) if row else None


# -- logging in --------------------------------------------------------------------------------


def authenticate(db: Path, username: str, password: str, at: datetime | None = None) -> Account:
    """The account when the password matches; otherwise NotAllowed with a Vietnamese message.

    Every attempt is audited (``login`` / ``login_failed`` with the reason). After
    ``MAX_LOGIN_FAILURES`` wrong passwords in a row the account is locked for ``LOCKOUT_MINUTES``;
    while locked, even the right password is refused. The argon2 check runs outside any lock.
    """
    at = at or _now()
    if not Path(db).exists():
        raise NotFound(f"Chưa có cơ sở dữ liệu tại {db}. Hãy chạy 'python -m etl init'.", path=str(db))
    name = normalise_username(username)[:64]
    account, stored = _with_hash(db, name) if name else (None, None)
    if account is None or not account.active:
        _verify(_dummy_hash(), password or "")
        reason = "unknown_user" if account is None else "disabled"
        _log(db, name or "(trống)", "login_failed", {"reason": reason}, ok=False)
        raise NotAllowed(WRONG_LOGIN, reason=reason)
    if account.locked(at):
        _log(db, name, "login_failed", {"reason": "locked"}, ok=False)
        raise NotAllowed(_locked_message(account.locked_until), reason="locked")
    if not _verify(stored, password or ""):
        limit = max(1, int(MAX_LOGIN_FAILURES.get()))
        minutes = int(LOCKOUT_MINUTES.get())
        with writing(db, data=False) as con:  # accounts and audit log only
            con.execute("BEGIN TRANSACTION")
            count = con.execute(
                "UPDATE users SET failed_count = failed_count + 1 WHERE username = ? RETURNING failed_count", [name]
            ).fetchone()[0]
            locked_until = None
            if count >= limit:
                locked_until = at + timedelta(minutes=minutes)
                con.execute("UPDATE users SET failed_count = 0, locked_until = ? WHERE username = ?",
                            [locked_until, name])
            audit(con, name, "login_failed", "", {"reason": "bad_password", "failures": count}, ok=False)
            if locked_until:
                audit(con, name, "account_locked", name, {"until": locked_until, "failures": count}, ok=False)
            con.execute("COMMIT")
        if locked_until:
            raise NotAllowed(_locked_message(locked_until), reason="locked")
        raise NotAllowed(WRONG_LOGIN, reason="bad_password")
    with writing(db, data=False) as con:  # accounts and audit log only
        con.execute("BEGIN TRANSACTION")
        if _HASHER.check_needs_rehash(stored):
            con.execute("UPDATE users SET password_hash = ? WHERE username = ?", [hash_password(password), name])
        con.execute(
            "UPDATE users SET failed_count = 0, locked_until = NULL, last_login_at = ? WHERE username = ?", [at, name]
        )
        audit(con, name, "login", "", {"method": "password", "role": account.role})
        con.execute("COMMIT")
    return account


def _verify(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _locked_message(until: datetime | None) -> str:
    when = f" đến {until:%H:%M} ngày {until:%d/%m/%Y}" if until else ""
    return (f"Tài khoản đang tạm khoá{when} vì nhập sai mật khẩu quá {MAX_LOGIN_FAILURES.get()} lần. "
            "Hãy thử lại sau, hoặc nhờ quản trị đặt lại mật khẩu.")


def _log(db: Path, user: str | None, action: str, details: dict, target: str = "", ok: bool = True) -> None:
    record(db, user, action, target, details, ok)  # the audit log only


def record_login(db: Path, account: Account, method: str) -> None:
    """A login that did not go through :func:`authenticate` (OIDC via ``st.login``)."""
    with writing(db, data=False) as con:  # accounts and audit log only
        con.execute("UPDATE users SET last_login_at = ? WHERE username = ?", [_now(), account.username])
        audit(con, account.username, "login", "", {"method": method, "role": account.role})


def record_logout(db: Path, username: str, reason: str = "user") -> None:
    """``reason``: user (the button) | timeout (no activity for SESSION_MINUTES) | account (disabled)."""
    _log(db, username, "logout", {"reason": reason})


def record_denied(db: Path, username: str, url_path: str) -> None:
    _log(db, username, "access_denied", {}, target=url_path, ok=False)


# -- managing accounts ---------------------------------------------------------------------------


def add_user(db: Path, username: str, password: str, role: str, display_name: str | None = None,
             email: str | None = None, actor: str = "cli") -> Account:
    name = check_username(username)
    check_role(role)
    check_password(password, name)
    email = check_email(email)
    display = (display_name or "").strip() or name
    at = _now()
    digest = hash_password(password)
    with writing(db, data=False) as con:  # accounts and audit log only
        if con.execute("SELECT 1 FROM users WHERE username = ?", [name]).fetchone():
            raise NotAllowed(f"Tài khoản '{name}' đã có. Để đổi mật khẩu, dùng mục 'Đặt lại mật khẩu' ở trang Quản trị "
                             f"(hoặc: python -m etl user passwd {name}).")
        con.execute("BEGIN TRANSACTION")
        con.execute(
            "INSERT INTO users (username, display_name, role, password_hash, active, failed_count, created_at, "
            "password_changed_at, email) VALUES (?, ?, ?, ?, TRUE, 0, ?, ?, ?)",
            [name, display, role, digest, at, at, email],
        )
        audit(con, actor, "user_add", name, {"role": role, "display_name": display, "email": email})
        con.execute("COMMIT")
    account = get_user(db, name)
    assert account is not None
    return account


def _require(con: duckdb.DuckDBPyConnection, name: str) -> tuple:
    row = con.execute("SELECT username, active FROM users WHERE username = ?", [name]).fetchone()
    if row is None:
        raise NotFound(f"Không có tài khoản '{name}'. Xem danh sách: python -m etl user list", username=name)
    return row


def set_password(db: Path, username: str, password: str, actor: str = "cli") -> None:
    """A new password (also unlocks a locked account)."""
    name = normalise_username(username)
    check_password(password, name)
    digest = hash_password(password)
    with writing(db, data=False) as con:  # accounts and audit log only
        _require(con, name)
        con.execute("BEGIN TRANSACTION")
        con.execute(
            "UPDATE users SET password_hash = ?, password_changed_at = ?, failed_count = 0, locked_until = NULL "
            "WHERE username = ?", [digest, _now(), name],
        )
        audit(con, actor, "user_passwd", name, {})
        con.execute("COMMIT")


def set_active(db: Path, username: str, active: bool, actor: str = "cli") -> None:
    """Disable (the account can no longer log in; open sessions end) or enable again."""
    name = normalise_username(username)
    with writing(db, data=False) as con:  # accounts and audit log only
        _, was = _require(con, name)
        if was == active:
            state = "đang dùng" if active else "đã bị vô hiệu"
            raise NotAllowed(f"Tài khoản '{name}' {state}; không có gì thay đổi.")
        if not active:
            admins = con.execute(
                "SELECT count(*) FROM users WHERE role = 'quan_tri' AND active AND username <> ?", [name]
            ).fetchone()[0]
            role = con.execute("SELECT role FROM users WHERE username = ?", [name]).fetchone()[0]
            if role == "quan_tri" and admins == 0:
                raise NotAllowed(
                    f"'{name}' là quản trị cuối cùng còn hoạt động; hãy tạo một quản trị khác trước khi vô hiệu."
                )
        con.execute("BEGIN TRANSACTION")
        con.execute("UPDATE users SET active = ?, failed_count = 0, locked_until = NULL WHERE username = ?",
                    [active, name])
        audit(con, actor, "user_enable" if active else "user_disable", name, {})
        con.execute("COMMIT")


def is_active(db: Path, username: str) -> bool:
    account = get_user(db, username)
    return bool(account and account.active)


def create_demo_accounts(db: Path) -> list[str]:
    """The demo accounts, only in a database marked as the demo one (``etl demo``)."""
    from etl.load import is_demo_db

    if not is_demo_db(db):
        raise NotAllowed(f"{db} không phải cơ sở dữ liệu mẫu: không tạo tài khoản mẫu trong dữ liệu thật.")
    made = []
    for username, display, role, password in DEMO_ACCOUNTS:
        if get_user(db, username) is None:
            add_user(db, username, password, role, display, actor="demo")
            made.append(username)
    return made


# -- the audit log (read side, for the admin page) ---------------------------------------------------

ACTION_LABEL = {
    "login": "Đăng nhập", "login_failed": "Đăng nhập thất bại", "logout": "Đăng xuất",
    "account_locked": "Tạm khoá tài khoản", "access_denied": "Mở trang không được phép",
    "user_add": "Tạo tài khoản", "user_passwd": "Đặt lại mật khẩu", "user_disable": "Vô hiệu tài khoản",
    "user_enable": "Kích hoạt tài khoản", "load": "Nạp báo cáo", "load_unchanged": "Nạp lại (không đổi)",
    "reject": "Từ chối tệp", "restore": "Khôi phục lần nộp", "withdraw": "Rút lần nộp",
    "export": "Xuất dữ liệu", "download": "Tải tệp", "backup": "Sao lưu", "restore_backup": "Phục hồi bản sao lưu",
    "remask": "Ẩn lại thông tin cá nhân",
}


@reads_audit_log
def audit_options(db: Path) -> dict[str, list]:
    """Users and actions present in the audit log (for the filters) and its first and last day."""
    with reading(db) as con:
        users = [r[0] for r in con.execute(
            "SELECT DISTINCT username FROM audit_log WHERE username IS NOT NULL ORDER BY 1").fetchall()]
        actions = [r[0] for r in con.execute("SELECT DISTINCT action FROM audit_log ORDER BY 1").fetchall()]
        first, last = con.execute("SELECT min(logged_at)::DATE, max(logged_at)::DATE FROM audit_log").fetchone()
    return {"users": users, "actions": actions, "first": first, "last": last}


@reads_audit_log
def audit_entries(db: Path, users: tuple[str, ...] = (), actions: tuple[str, ...] = (),
                  start: date | None = None, end: date | None = None, limit: int = 100_000) -> pd.DataFrame:
    """The audit log, newest first, filtered by user, action and day (inclusive)."""
    where, params = audit_filter(users, actions, start, end)
    params.append(int(limit))
    with reading(db) as con:
        frame = con.execute(
            f"SELECT audit_id, logged_at, username, action, target, details, ok FROM audit_log "
            f"WHERE {where} ORDER BY audit_id DESC LIMIT ?", params,
        ).df()
    return with_action_labels(frame)


def with_action_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Audit log rows (as selected by the queries here) with the Vietnamese ``action_label`` as 5th column."""
    frame.insert(4, "action_label", frame["action"].map(lambda a: ACTION_LABEL.get(a, a)))
    return frame


def audit_filter(users: tuple[str, ...] = (), actions: tuple[str, ...] = (), start: date | None = None,
                 end: date | None = None) -> tuple[str, list[object]]:
    """The ``WHERE`` condition (bound parameters) of the audit log's filters: users, actions, days."""
    where, params = ["TRUE"], []
    if users:
        where.append(f"username IN ({', '.join('?' for _ in users)})")
        params += list(users)
    if actions:
        where.append(f"action IN ({', '.join('?' for _ in actions)})")
        params += list(actions)
    if start:
        where.append("logged_at >= ?")
        params.append(datetime.combine(start, time.min))
    if end:
        where.append("logged_at < ?")
        params.append(datetime.combine(end + timedelta(days=1), time.min))
    return " AND ".join(where), params


# -- command line: python -m etl user add|passwd|disable|enable|list ----------------------------------


def _read_password(args: argparse.Namespace, confirm: bool = True) -> str:
    """--password-stdin (one line), else DVCQ_PASSWORD, else asked twice with getpass."""
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if os.environ.get("DVCQ_PASSWORD"):
        return os.environ["DVCQ_PASSWORD"]
    if not sys.stdin.isatty():
        raise NotAllowed(
            "Không có mật khẩu: hãy chạy trong cửa sổ lệnh để nhập, hoặc dùng --password-stdin, "
            "hoặc biến môi trường DVCQ_PASSWORD."
        )
    first = getpass.getpass("Mật khẩu: ")
    if confirm and getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise NotAllowed("Hai lần nhập mật khẩu không khớp; chưa có gì thay đổi.")
    return first


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name in some containers
        return "cli"


def _db(args: argparse.Namespace) -> Path:
    from etl.settings import db_path

    return db_path(args.db)


def cmd_user_add(args: argparse.Namespace) -> int:
    account = add_user(_db(args), args.username, _read_password(args), args.role, args.name, args.email, _actor())
    print(f"Đã tạo tài khoản '{account.username}' ({account.role_label}).", flush=True)
    return 0


def cmd_user_passwd(args: argparse.Namespace) -> int:
    db = _db(args)
    name = normalise_username(args.username)
    if get_user(db, name) is None:
        raise NotFound(f"Không có tài khoản '{name}'. Xem danh sách: python -m etl user list")
    set_password(db, name, _read_password(args), _actor())
    print(f"Đã đổi mật khẩu của '{name}' (và mở khoá nếu đang bị khoá).", flush=True)
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    set_active(_db(args), args.username, False, _actor())
    print(f"Đã vô hiệu tài khoản '{normalise_username(args.username)}'.", flush=True)
    return 0


def cmd_user_enable(args: argparse.Namespace) -> int:
    set_active(_db(args), args.username, True, _actor())
    print(f"Đã kích hoạt lại tài khoản '{normalise_username(args.username)}'.", flush=True)
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    now = _now()
    accounts = list_users(_db(args))
    if not accounts:
        print("Chưa có tài khoản nào. Tạo quản trị: python -m etl user add TÊN --role quan_tri", flush=True)
    for a in accounts:
        print(f"{a.username}\t{a.role}\t{a.display_name}\t{_status_label(a, now)}", flush=True)
    return 0


def register(sub, add) -> None:
    """Add ``user`` with its verbs to the ``python -m etl`` parser (see etl/cli.py EXTRA_COMMANDS)."""
    parser = add("user", "quản lý tài khoản đăng nhập (thêm, đổi mật khẩu, vô hiệu, liệt kê)", None, db=False)
    verbs = parser.add_subparsers(dest="user_command", required=True, metavar="VIỆC")

    def verb(name: str, help_text: str, func, username: bool = True) -> argparse.ArgumentParser:
        p = verbs.add_parser(name, help=help_text, description=help_text)
        if username:
            p.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP")
        p.add_argument("--db", help="tệp cơ sở dữ liệu (mặc định: biến DVCQ_DB, hoặc data/dvcq.duckdb)")
        p.set_defaults(func=func)
        return p

    password_help = "đọc mật khẩu từ dòng đầu của đầu vào chuẩn (cho kịch bản); hoặc đặt biến DVCQ_PASSWORD"
    p = verb("add", "tạo tài khoản", cmd_user_add)
    p.add_argument("--role", required=True, choices=list(ROLES), help="lanh_dao | van_phong | quan_tri")
    p.add_argument("--name", help="tên hiển thị, ví dụ 'Nguyễn Văn A - Văn phòng'")
    p.add_argument("--email", help="email dùng khi đăng nhập bằng tài khoản tổ chức (OIDC), nếu có")
    p.add_argument("--password-stdin", action="store_true", help=password_help)
    p = verb("passwd", "đặt mật khẩu mới (và mở khoá)", cmd_user_passwd)
    p.add_argument("--password-stdin", action="store_true", help=password_help)
    verb("disable", "vô hiệu tài khoản (không đăng nhập được nữa)", cmd_user_disable)
    verb("enable", "kích hoạt lại tài khoản", cmd_user_enable)
    verb("list", "liệt kê tài khoản", cmd_user_list, username=False)

