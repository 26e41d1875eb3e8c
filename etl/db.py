"""The one place that opens DuckDB.

DuckDB lets one process hold a read-write handle, or many processes read-only handles, never
both. So nobody keeps the file open: readers open read-only for one query batch, writers open
read-write for one load, and both wait (with backoff) while another process holds it. Inside one
process a readers-writer lock keeps reads and writes apart, because DuckDB refuses a read-only
and a read-write handle to the same file in one process.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from etl.errors import DatabaseBusy, NotFound
from etl.settings import LOCK_TIMEOUT

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VIEWS_SQL = Path(__file__).resolve().parent / "views.sql"


class _ReadersWriterLock:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writer:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            while self._writer or self._readers:
                self._cond.wait()
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


_LOCKS: dict[str, _ReadersWriterLock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(path: Path) -> _ReadersWriterLock:
    key = str(path.resolve())
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, _ReadersWriterLock())


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text or "lock on file" in text


def _open(path: Path, read_only: bool, timeout: float | None) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + (float(LOCK_TIMEOUT.get()) if timeout is None else timeout)
    delay = 0.02
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc) or time.monotonic() >= deadline:
                if _is_lock_error(exc):
                    raise DatabaseBusy(
                        "Cơ sở dữ liệu đang được một tiến trình khác ghi quá lâu. "
                        "Hãy thử lại sau ít phút; nếu vẫn lỗi, báo quản trị hệ thống.",
                        path=str(path),
                    ) from exc
                raise
            time.sleep(delay + random.uniform(0, delay))
            delay = min(delay * 1.6, 0.5)


@contextmanager
def reading(path: Path, timeout: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for one batch of queries; closed at the end."""
    path = Path(path)
    if not path.exists():
        raise NotFound(
            f"Chưa có cơ sở dữ liệu tại {path}. Hãy chạy 'python -m etl init' hoặc 'python -m etl demo'.",
            path=str(path),
        )
    with _lock_for(path).read():
        con = _open(path, read_only=True, timeout=timeout)
        try:
            yield con
        finally:
            con.close()


@contextmanager
def writing(path: Path, timeout: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection (migrated) for one unit of work; closed (and checkpointed) at the end."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock_for(path).write():
        con = _open(path, read_only=False, timeout=timeout)
        try:
            migrate(con)
            yield con
        finally:
            con.close()


def data_version(path: Path) -> tuple[int, int, int, int]:
    """Changes whenever a write lands: the file's and its WAL's modification time and size."""
    path = Path(path)
    parts: list[int] = []
    for candidate in (path, Path(str(path) + ".wal")):
        try:
            stat = os.stat(candidate)
            parts += [stat.st_mtime_ns, stat.st_size]
        except FileNotFoundError:
            parts += [0, 0]
    return tuple(parts)  # type: ignore[return-value]


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the named, ordered migrations not yet recorded, then (re)create the views."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied: list[str] = []
    for file in sorted(MIGRATIONS_DIR.glob("*.sql")):
        version = int(file.name.split("_", 1)[0])
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(file.read_text(encoding="utf-8"))
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, current_timestamp::TIMESTAMP)",
                [version, file.stem],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(file.stem)
    current_views = VIEWS_SQL.read_text(encoding="utf-8")
    stored = con.execute("SELECT value FROM meta WHERE key = 'views_sql'").fetchone()
    if applied or stored is None or stored[0] != current_views:
        con.execute("BEGIN TRANSACTION")
        con.execute(current_views)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('views_sql', ?)", [current_views])
        con.execute("COMMIT")
    return applied
