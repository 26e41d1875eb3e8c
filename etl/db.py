"""The one place that opens DuckDB.

DuckDB lets one process hold a read-write handle, or many processes read-only handles, never
both. So writers open read-write for one load, and readers share one read-only connection per
process (each query batch gets its own cursor) that stays open only while it is used and a few
seconds after, and closes at once when a writer — in this process or another — waits. Both wait
(with backoff) while another process holds the file. Inside one process a readers-writer lock
keeps reads and writes apart, because DuckDB refuses a read-only and a read-write handle to the
same file in one process. See docs/CONCURRENCY.md.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

try:
    import fcntl
except ImportError:  # not on Windows: there only DuckDB's own lock (with retry) keeps order
    fcntl = None  # type: ignore[assignment]

from etl.errors import DatabaseBusy, NotFound, UnusableDatabase
from etl.settings import LOCK_TIMEOUT, READ_LINGER, READ_MEMORY

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VIEWS_SQL = Path(__file__).resolve().parent / "views.sql"


class _ReadersWriterLock:
    """In-process readers-writer lock that prefers writers: once a writer waits, new readers queue
    behind it, so a steady stream of page queries cannot starve an upload."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._waiting_writers = 0

    def _wait(self, ready, deadline: float, path: Path) -> None:
        while not ready():
            left = deadline - time.monotonic()
            if left <= 0:
                raise _busy(path)
            self._cond.wait(min(left, 1.0))

    @contextmanager
    def read(self, deadline: float, path: Path) -> Iterator[None]:
        with self._cond:
            self._wait(lambda: not self._writer and not self._waiting_writers, deadline, path)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self, deadline: float, path: Path) -> Iterator[None]:
        with self._cond:
            self._waiting_writers += 1
            try:
                self._wait(lambda: not self._writer and not self._readers, deadline, path)
            finally:
                self._waiting_writers -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


_LOCKS: dict[str, _ReadersWriterLock] = {}
_LOCKS_GUARD = threading.Lock()
_HELD = threading.local()  # per thread: {database key: "read" | "write"} (nested use re-enters)


def _key(path: Path) -> str:
    return str(Path(path).resolve())


def _lock_for(path: Path) -> _ReadersWriterLock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(_key(path), _ReadersWriterLock())


def _busy(path: Path) -> DatabaseBusy:
    return DatabaseBusy(
        "Cơ sở dữ liệu đang được một tiến trình khác ghi quá lâu. "
        "Hãy thử lại sau ít phút; nếu vẫn lỗi, báo quản trị hệ thống.",
        path=str(path),
    )


def _unusable(path: Path, exc: Exception) -> Exception:
    """DuckDB's refusal to open ``path`` (not a lock) as a sentence the user can act on; any other
    I/O error as it is."""
    text = str(exc)
    if "not a valid DuckDB database file" in text:
        return UnusableDatabase(
            f"Tệp {path} không phải cơ sở dữ liệu DuckDB (tệp khác, hoặc đã hỏng). Hãy kiểm tra đường dẫn "
            "--db (hoặc biến DVCQ_DB); nếu tệp hỏng, phục hồi từ bản sao lưu: python -m etl restore-backup TỆP.",
            path=str(path))
    if "No such file or directory" in text or "does not exist" in text:
        return UnusableDatabase(
            f"Không mở được cơ sở dữ liệu {path}: thư mục hoặc tệp không có. Hãy kiểm tra đường dẫn --db "
            "(hoặc biến DVCQ_DB), hoặc tạo cơ sở dữ liệu bằng: python -m etl init.", path=str(path))
    if "Permission denied" in text:
        return UnusableDatabase(
            f"Không có quyền đọc/ghi cơ sở dữ liệu {path}. Hãy báo quản trị hệ thống cấp quyền cho tài khoản "
            "chạy ứng dụng.", path=str(path))
    return exc


def _deadline(timeout: float | None) -> float:
    return time.monotonic() + (float(LOCK_TIMEOUT.get()) if timeout is None else timeout)


# -- between processes: a writer-preferring gate made of two lock files beside the database ------
#
# ``<db>.lock`` (the gate): readers hold it shared while their connection is open, writers hold it
# exclusive. ``<db>.queue.lock`` (the turnstile): a writer holds it exclusive from the moment it
# starts waiting; a reader must pass it (take and drop it shared) before taking the gate. So once a
# writer waits, no new reader gets in, the open reads finish, and the writer goes next: a shell
# ``etl load`` is never starved by a busy app, and readers never try to open the file while a
# writer holds DuckDB's own lock (which would fail and need retrying). flock() locks belong to the
# open file, so they also order threads of one process, and the kernel drops them when a process
# dies (``kill -9`` leaves no stale lock). Processes that do not use the gate (the DuckDB shell)
# are still handled by retrying DuckDB's own lock.


def _gate_files(path: Path) -> tuple[Path, Path]:
    return Path(str(path) + ".lock"), Path(str(path) + ".queue.lock")


def _flock(file: Path, mode: int, deadline: float, path: Path) -> int | None:
    """An fd holding ``mode`` on ``file``; None when locking is impossible here (read-only folder)."""
    if fcntl is None:
        return None
    try:
        fd = os.open(file, os.O_RDONLY | os.O_CREAT, 0o666)
    except OSError:
        return None
    delay = 0.002
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise _busy(path) from None
            time.sleep(delay)
            delay = min(delay * 1.5, 0.05)
        except OSError:  # a file system without flock: fall back to DuckDB's own lock
            os.close(fd)
            return None


def _unlock(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)  # closing the last descriptor of the open file releases its flock


@contextmanager
def _writer_gate(path: Path, deadline: float) -> Iterator[None]:
    """A writer's turn: the turnstile (so no new reader starts), then the gate exclusive (once the
    shared read connections have closed). Readers take the gate in ``_SharedReader._open``."""
    gate_file, queue_file = _gate_files(path)
    queue = _flock(queue_file, fcntl.LOCK_EX if fcntl else 0, deadline, path)
    try:
        gate = _flock(gate_file, fcntl.LOCK_EX if fcntl else 0, deadline, path)
        try:
            yield
        finally:
            _unlock(gate)
    finally:
        _unlock(queue)


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text or "lock on file" in text


# Rows per row group in what a writer stores (DuckDB's default: 122,880). DuckDB writes a full
# row group to the file while the INSERT runs, compressed by every thread, and compresses the
# rest single-threaded at the commit: with half the default, a big return's rows (100,000 cases,
# stored twice: as submitted and as current state) go out during the inserts, on both cores, and
# the commit has almost nothing left to do (inserts + commit 0.34 s -> 0.22 s; storing the
# return 0.46 s -> 0.34 s, docs/PERFORMANCE.md round 5). Readers and
# queries take row groups of any size; the setting is not kept in the file, so every writer sets it.
WRITE_ROW_GROUP_SIZE = 65_536


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    # The file is attached with a storage option that connect() does not take. The in-memory host
    # is named after the file: a nested writing() of the same file (one thread) gets the same
    # instance, as connect(path) would, where a second instance could not attach the file.
    host = ":memory:writer_" + hashlib.sha256(_key(path).encode()).hexdigest()[:24]
    con = duckdb.connect(host)
    try:
        quoted = str(path).replace("'", "''")
        con.execute(f"ATTACH IF NOT EXISTS '{quoted}' AS dvcq (ROW_GROUP_SIZE {WRITE_ROW_GROUP_SIZE})")
        con.execute("USE dvcq")
        # spill beside the file, as DuckDB does for a file it opens (an in-memory host spills to ./.tmp)
        con.execute(f"SET temp_directory = '{quoted}.tmp'")
    except BaseException:
        con.close()
        raise
    return con


def _open(path: Path, read_only: bool, deadline: float) -> duckdb.DuckDBPyConnection:
    delay = 0.02
    while True:
        try:
            return _connect(path, read_only)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise _unusable(path, exc) from exc
            if time.monotonic() >= deadline:
                raise _busy(path) from exc
            time.sleep(delay + random.uniform(0, delay))
            delay = min(delay * 1.6, 0.5)


@contextmanager
def _held(path: Path, mode: str) -> Iterator[bool]:
    """Whether this thread already holds ``path`` (then the locks are not taken again)."""
    held = getattr(_HELD, "paths", None)
    if held is None:
        held = _HELD.paths = {}
    key = _key(path)
    current = held.get(key)
    if current == "read" and mode == "write":
        raise RuntimeError("writing() inside reading() of the same database would deadlock")
    if current:
        yield True
        return
    held[key] = mode
    try:
        yield False
    finally:
        held.pop(key, None)


@contextmanager
def reading(path: Path, timeout: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only cursor for one batch of queries, on this process's shared read connection.

    It sees whole loads only: a load holds the write lock from its first statement to its commit,
    and the shared connection is closed before any write starts, so it never sees a file older
    than the last committed load.
    """
    path = Path(path)
    if not path.exists():
        raise NotFound(
            f"Chưa có cơ sở dữ liệu tại {path}. Hãy chạy 'python -m etl init' hoặc 'python -m etl demo'.",
            path=str(path),
        )
    deadline = _deadline(timeout)
    with _held(path, "read") as nested:
        if nested:
            con = _open(path, read_only=not _is_writer(path), deadline=deadline)
            try:
                yield con
            finally:
                con.close()
            return
        with _lock_for(path).read(deadline, path):
            _pass_turnstile(path, deadline)
            with _reader_for(path).cursor(deadline) as con:
                yield con


class _SharedReader:
    """One read-only DuckDB connection per database file, shared by the threads of this process.

    Opening a connection costs ~40 ms and starts with a cold cache, and a page runs a dozen
    queries: sharing one makes each query pay only for itself. While open it holds the gate shared
    (``<db>.lock``), exactly as a reader's own connection used to. It closes when nobody has used
    it for ``DVCQ_READ_LINGER`` seconds, when a writer of another process waits at the turnstile
    (checked every ``WATCH_SECONDS``; new readers queue there meanwhile), or when a writer of this
    process closes it (``writing``, ``exclusive``). A writer therefore waits for the reads in
    progress plus at most ``WATCH_SECONDS``.
    """

    WATCH_SECONDS = 0.05

    def __init__(self, path: Path) -> None:
        self.path = path
        self._mutex = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._gate_fd: int | None = None
        self._users = 0
        self._idle_since = 0.0
        self._watching = False

    @contextmanager
    def cursor(self, deadline: float) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._mutex:
            if self._con is None:
                self._open(deadline)
            self._users += 1
            cursor = self._con.cursor()  # type: ignore[union-attr]
        try:
            yield cursor
        finally:
            cursor.close()
            with self._mutex:
                self._users -= 1
                self._idle_since = time.monotonic()

    @property
    def is_open(self) -> bool:
        return self._con is not None

    def close(self) -> None:
        """Close now (the caller made sure no cursor is in use: it holds the in-process write lock)."""
        with self._mutex:
            self._close()

    def _open(self, deadline: float) -> None:
        gate_file, _ = _gate_files(self.path)
        self._gate_fd = _flock(gate_file, fcntl.LOCK_SH if fcntl else 0, deadline, self.path)
        try:
            self._con = _open(self.path, read_only=True, deadline=deadline)
            self._con.execute(f"SET memory_limit = '{_memory_limit()}'")
        except BaseException:
            self._close()
            raise
        self._idle_since = time.monotonic()
        if not self._watching:
            self._watching = True
            threading.Thread(target=self._watch, name=f"dvcq-reader-{self.path.name}", daemon=True).start()

    def _close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
        _unlock(self._gate_fd)
        self._gate_fd = None

    def _watch(self) -> None:
        linger = _linger_seconds()
        while True:
            time.sleep(self.WATCH_SECONDS)
            with self._mutex:
                if self._con is None:
                    self._watching = False
                    return
                if self._users:
                    continue
                if time.monotonic() - self._idle_since >= linger or _writer_waiting(self.path):
                    self._close()
                    self._watching = False
                    return


_READERS: dict[str, _SharedReader] = {}


def _reader_for(path: Path) -> _SharedReader:
    with _LOCKS_GUARD:
        return _READERS.setdefault(_key(path), _SharedReader(Path(path)))


def _close_reader(path: Path) -> None:
    with _LOCKS_GUARD:
        reader = _READERS.get(_key(path))
    if reader is not None:
        reader.close()


def release_readers() -> None:
    """Close every shared read connection of this process now (none may be in use): for code
    that is about to open the file itself, outside this module. Also run at interpreter exit, so
    that no watcher thread is inside DuckDB's C++ code while Python shuts its threads down (that
    ends the process with "terminate called ... exception not rethrown")."""
    with _LOCKS_GUARD:
        readers = list(_READERS.values())
    for reader in readers:
        reader.close()


atexit.register(release_readers)


def _linger_seconds() -> float:
    try:
        return max(0.0, float(READ_LINGER.get()))
    except ValueError:
        return 10.0


def _memory_limit() -> str:
    value = READ_MEMORY.get().strip()
    return value if value.replace(".", "").replace(" ", "").isalnum() else "1GB"


def _writer_waiting(path: Path) -> bool:
    """Whether a writer (of any process) holds the turnstile, i.e. waits for the readers: one
    non-blocking try of what ``_pass_turnstile`` waits for."""
    try:
        _pass_turnstile(path, deadline=0.0)
    except DatabaseBusy:
        return True
    return False


def _pass_turnstile(path: Path, deadline: float) -> None:
    """Wait until no writer waits (take the turnstile shared and drop it at once)."""
    _, queue_file = _gate_files(path)
    _unlock(_flock(queue_file, fcntl.LOCK_SH if fcntl else 0, deadline, path))


def _is_writer(path: Path) -> bool:
    return getattr(_HELD, "paths", {}).get(_key(path)) == "write"


@contextmanager
def writing(path: Path, timeout: float | None = None, *, data: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection (migrated) for one unit of work; closed (and checkpointed) at the end.

    Waits (up to ``DVCQ_LOCK_TIMEOUT`` seconds) for other writers and for the reads in progress;
    new reads wait for it. Then DatabaseBusy with a Vietnamese message.

    ``data=False`` declares a write that touches only accounts and the audit log (a login, an
    export): :func:`content_version` stays as it was, so the dashboards' cached figures stay valid.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = _deadline(timeout)
    with _held(path, "write") as nested:
        if nested:
            con = _open(path, read_only=False, deadline=deadline)
            try:
                yield con
            finally:
                con.close()
            return
        with _lock_for(path).write(deadline, path):
            _close_reader(path)  # no cursor is in use: the in-process write lock excludes readers
            with _writer_gate(path, deadline):
                before = None if data else content_version(path)
                con = _open(path, read_only=False, deadline=deadline)
                try:
                    if migrate(con):
                        before = None  # what is stored changed: the dashboards recompute
                    yield con
                finally:
                    con.close()
                if before is not None:  # only after a write that went through
                    _keep_content_version(path, before)


@contextmanager
def exclusive(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the write lock without opening the database (to replace the file: restore-backup)."""
    path = Path(path)
    deadline = _deadline(timeout)
    with _held(path, "write"), _lock_for(path).write(deadline, path):
        _close_reader(path)
        with _writer_gate(path, deadline):
            yield


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


def _version_file(path: Path) -> Path:
    return Path(str(path) + ".version")


def _keep_content_version(path: Path, version: tuple) -> None:
    """After a write of accounts or the audit log only: the file as it is now still holds ``version``."""
    side = _version_file(path)
    tmp = side.with_name(side.name + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"after": list(data_version(path)), "version": list(version)}))
    os.replace(tmp, side)


def content_version(path: Path) -> tuple[int, ...]:
    """The version of what the dashboards show: :func:`data_version`, except that writes made with
    ``writing(..., data=False)`` (logins, exports, accounts: every few seconds on a busy day) do not
    change it. Any other write, in this process, another one or a DuckDB shell, does."""
    current = data_version(path)
    try:
        kept = json.loads(_version_file(path).read_text())
        return tuple(kept["version"]) if tuple(kept["after"]) == current else current
    except (OSError, ValueError, KeyError, TypeError):
        return current


def latest_migration() -> int:
    """The version of the newest migration this code ships."""
    return max(int(f.name.split("_", 1)[0]) for f in MIGRATIONS_DIR.glob("*.sql"))


def ensure_migrated(path: Path) -> bool:
    """Bring an existing database written by an older version up to this code's schema (the app
    only reads: a database from before migration 007 had no units.sort_order, and every page that
    lists units failed until the next load). A no-op on a current or missing database; True when
    it migrated."""
    path = Path(path)
    if not path.is_file():
        return False
    with reading(path) as con:
        try:
            done = con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] or 0
        except duckdb.CatalogException:
            done = 0
    if done >= latest_migration():
        return False
    from etl.load import init_db  # etl.load builds on this module

    init_db(path)  # migrate() on opening for writing, then the catalogue mirrored (units' order)
    return True


REFRESH_PENDING = "current_state_refresh_pending"  # meta key: the current-state tables await a recompute


def _has_current_state(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'current_petitions'").fetchone()[0])


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the named, ordered migrations not yet recorded, recompute the current state after them,
    then (re)create the views. Returns what was done: the migrations' names, or ``['refresh_current']``
    for a recompute left pending by an earlier call (both change what the dashboards show)."""
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
            if _has_current_state(con):
                # a migration may change stored keys: the current state is to be recomputed from the
                # rows. The mark is committed with the migration, so a recompute that fails (or a
                # process stopped before it) is done again by the next migrate(), never skipped.
                con.execute(f"INSERT OR REPLACE INTO meta VALUES ('{REFRESH_PENDING}', '1')")
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(file.stem)
    if con.execute("SELECT count(*) FROM meta WHERE key = ?", [REFRESH_PENDING]).fetchone()[0]:
        from etl.load import refresh_current  # etl.load builds on this module

        con.execute("BEGIN TRANSACTION")
        try:
            refresh_current(con)
            con.execute("DELETE FROM meta WHERE key = ?", [REFRESH_PENDING])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        if not applied:  # the recompute of an earlier migrate() that did not finish
            applied.append("refresh_current")
    current_views = VIEWS_SQL.read_text(encoding="utf-8")
    stored = con.execute("SELECT value FROM meta WHERE key = 'views_sql'").fetchone()
    if applied or stored is None or stored[0] != current_views:
        con.execute("BEGIN TRANSACTION")
        con.execute(current_views)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('views_sql', ?)", [current_views])
        con.execute("COMMIT")
    return applied
