"""Backups: ``python -m etl backup [-o FILE]`` and ``python -m etl restore-backup FILE [--force]``.

A backup is a consistent, single-file copy taken while the app keeps running: the copy is made
under the shared (read) lock of ``etl.db`` — loads wait, readers go on — together with the WAL if
a crash left one; the copy is then checkpointed on its own and checked by opening it.
Restoring replaces the database under the exclusive lock, keeps the old file as ``.bak`` and
refuses to overwrite without ``--force``, or to mix the demo database and a real one.
"""

from __future__ import annotations

import argparse
import os
import shutil
from datetime import datetime
from pathlib import Path

import duckdb

from etl.audit import audit
from etl.db import exclusive, reading, writing
from etl.errors import NotAllowed, NotFound, UnreadableFile
from etl.settings import BACKUP_DIR, DB_PATH, DEMO_DB_PATH, db_path


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def _wal(path: Path) -> Path:
    return Path(str(path) + ".wal")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def describe(path: Path, live: bool = False) -> dict[str, object]:
    """What a database file holds: migrations, submissions, users, demo flag (raises if unreadable).

    ``live``: the database in use (opened through the locks of etl.db), else a private file.
    """
    if live:
        with reading(path) as con:
            return _describe(con, path)
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise UnreadableFile(f"Tệp {path} không phải cơ sở dữ liệu DuckDB đọc được ({exc}).") from exc
    try:
        return _describe(con, path)
    finally:
        con.close()


def _describe(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, object]:
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "schema_migrations" not in tables or "submissions" not in tables:
        raise UnreadableFile(f"Tệp {path} không phải cơ sở dữ liệu của bảng điều khiển (thiếu bảng submissions).")
    demo = con.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
    return {
        "migrations": con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0],
        "submissions": con.execute("SELECT count(*) FROM submissions").fetchone()[0],
        "users": con.execute("SELECT count(*) FROM users").fetchone()[0] if "users" in tables else 0,
        "audit_rows": con.execute("SELECT count(*) FROM audit_log").fetchone()[0],
        "demo": bool(demo and demo[0] == "1"),
    }


def backup(db: Path, output: Path | None = None, user: str = "cli") -> tuple[Path, dict[str, object]]:
    """Write a consistent copy of ``db``; returns (file, what it holds). Never overwrites a file."""
    db = Path(db)
    if not db.exists():
        raise NotFound(f"Không có cơ sở dữ liệu tại {db} để sao lưu.")
    output = Path(output) if output else Path(BACKUP_DIR.get()) / f"{db.stem}-{_stamp()}.duckdb"
    if output.exists() or _wal(output).exists():
        raise NotAllowed(f"Tệp {output} đã có; hãy chọn tên khác (không ghi đè bản sao lưu).")
    if output.resolve() == db.resolve():
        raise NotAllowed("Tệp sao lưu phải khác tệp cơ sở dữ liệu.")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    for stale in (partial, _wal(partial)):
        stale.unlink(missing_ok=True)
    try:
        with reading(db):  # loads wait while we copy; a read-only handle also keeps foreign writers out
            shutil.copyfile(db, partial)
            if _wal(db).exists():
                shutil.copyfile(_wal(db), _wal(partial))
        con = duckdb.connect(str(partial))  # private copy: fold any WAL in, leave one file
        try:
            con.execute("CHECKPOINT")
        finally:
            con.close()
        info = describe(partial)
        _fsync(partial)
        os.replace(partial, output)
    finally:
        for leftover in (partial, _wal(partial)):
            leftover.unlink(missing_ok=True)
    with writing(db) as con:
        audit(con, user, "backup", str(output), {"bytes": output.stat().st_size, **info})
    return output, info


def _is_real_default(path: Path) -> bool:
    return path.resolve() == Path(DB_PATH.default).resolve()


def restore_backup(source: Path, db: Path, force: bool = False, user: str = "cli") -> tuple[Path | None, dict]:
    """Put ``source`` in place of ``db``; returns (where the old file was kept, what the backup holds)."""
    source, db = Path(source), Path(db)
    if not source.is_file():
        raise NotFound(f"Không thấy tệp sao lưu {source}.")
    if source.resolve() == db.resolve():
        raise NotAllowed("Tệp sao lưu và cơ sở dữ liệu là một; không có gì để phục hồi.")
    info = describe(source)
    current = describe(db, live=True) if db.exists() else None
    if info["demo"] and (_is_real_default(db) or (current is not None and not current["demo"])):
        raise NotAllowed(
            f"{source} là bản sao của CSDL mẫu (demo); không phục hồi đè lên cơ sở dữ liệu thật {db}. "
            f"Hãy chỉ định --db {DEMO_DB_PATH.get()}."
        )
    if not info["demo"] and current is not None and current["demo"]:
        raise NotAllowed(
            f"{db} là CSDL mẫu (demo) còn {source} là dữ liệu thật; không trộn lẫn. Hãy chỉ định --db tệp khác."
        )
    if current is not None and not force:
        raise NotAllowed(
            f"{db} đang có dữ liệu ({current['submissions']} lần nộp). Phục hồi sẽ thay thế nó; "
            "nếu chắc chắn, chạy lại với --force (tệp cũ được giữ lại dạng .bak)."
        )
    db.parent.mkdir(parents=True, exist_ok=True)
    incoming = db.with_name(db.name + ".incoming")
    shutil.copyfile(source, incoming)
    _fsync(incoming)
    kept: Path | None = None
    with exclusive(db):
        if db.exists():
            kept = db.with_name(f"{db.name}.{_stamp()}.bak")
            os.replace(db, kept)
            if _wal(db).exists():
                os.replace(_wal(db), _wal(kept))
        os.replace(incoming, db)
    with writing(db) as con:  # migrates an older backup to the current schema
        audit(con, user, "restore_backup", str(source), {"kept": str(kept) if kept else None, **info})
    return kept, info


# -- command line -------------------------------------------------------------------------------------


def _user(args: argparse.Namespace) -> str:
    from etl.cli import _user as cli_user

    return cli_user(args)


def cmd_backup(args: argparse.Namespace) -> int:
    out, info = backup(db_path(args.db), Path(args.output) if args.output else None, _user(args))
    print(f"Đã sao lưu vào {out} ({out.stat().st_size / 1048576:.1f} MB; {info['submissions']} lần nộp, "
          f"{info['users']} tài khoản).", flush=True)
    return 0


def cmd_restore_backup(args: argparse.Namespace) -> int:
    db = db_path(args.db)
    kept, info = restore_backup(Path(args.file), db, args.force, _user(args))
    print(f"Đã phục hồi {db} từ {args.file} ({info['submissions']} lần nộp).", flush=True)
    if kept:
        print(f"Tệp cũ được giữ tại {kept}.", flush=True)
    return 0


def register(sub, add) -> None:
    p = add("backup", "sao lưu cơ sở dữ liệu (được cả khi ứng dụng đang chạy)", cmd_backup)
    p.add_argument("-o", "--output", help="tệp sao lưu (mặc định: data/backups/<tên>-<thời điểm>.duckdb)")
    p.add_argument("--user")
    p = add("restore-backup", "phục hồi cơ sở dữ liệu từ một bản sao lưu", cmd_restore_backup)
    p.add_argument("file", metavar="TỆP_SAO_LƯU")
    p.add_argument("--force", action="store_true", help="thay thế cơ sở dữ liệu đang có (tệp cũ giữ lại .bak)")
    p.add_argument("--user")
