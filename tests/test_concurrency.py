"""The app reading while loads run (from a shell, from two office users), and `kill -9` mid-load.

See docs/CONCURRENCY.md for the design these tests hold to.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from dashboard.queries.common import run
import etl.db as db_module
from etl.db import reading, release_readers, writing
from etl.load import init_db, load_bytes
from tests.workbooks import build_return, petition

ROOT = Path(__file__).resolve().parent.parent
UNITS = ["VP", "TTR", "KHTC", "KCHT"]
ROWS_PER_FILE = 3


def returns(months: range, units: list[str] = UNITS) -> list[tuple[str, bytes]]:
    """One return per (unit, month), each with ROWS_PER_FILE petitions of its own."""
    files = []
    for month in months:
        for unit in units:
            cases = [petition(f"{unit}-{month:02d}-{k}", f"{month:02d}/01/2025", "Kiến nghị", "Đang giải quyết")
                     for k in range(ROWS_PER_FILE)]
            files.append((f"{unit}_2025-{month:02d}.xlsx", build_return(unit, f"Tháng {month}/2025", petitions=cases)))
    return files


def snapshot(db: Path) -> tuple[int, list[int]]:
    """(submissions, petition rows per submission) in one read, through the app's query path."""
    frame = run(db, "SELECT s.submission_id, count(p.submission_id) AS n FROM submissions s "
                    "LEFT JOIN petition_rows p USING (submission_id) GROUP BY 1 ORDER BY 1")
    return len(frame), frame["n"].tolist()


class Readers:
    """Threads running the app's query path in a loop, checking every read."""

    def __init__(self, db: Path, threads: int = 3) -> None:
        self.db, self.stop, self.errors, self.reads = db, threading.Event(), [], 0
        self.seen: list[int] = []
        self.threads = [threading.Thread(target=self.loop, daemon=True) for _ in range(threads)]

    def loop(self) -> None:
        last = 0
        while not self.stop.is_set():
            try:
                count, per_submission = snapshot(self.db)
                if count < last:
                    self.errors.append(f"count went down: {last} -> {count}")
                if any(n != ROWS_PER_FILE for n in per_submission):
                    self.errors.append(f"half a file seen: {per_submission}")
                last = count
                self.seen.append(count)
                self.reads += 1
            except Exception as exc:  # any error reaching a reader is a failure of the design
                self.errors.append(repr(exc))

    def __enter__(self) -> Readers:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=120)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "conc.duckdb"
    init_db(path)
    return path


def write_files(folder: Path, files: list[tuple[str, bytes]]) -> list[str]:
    folder.mkdir(exist_ok=True)
    paths = []
    for name, data in files:
        (folder / name).write_bytes(data)
        paths.append(str(folder / name))
    return paths


def test_app_reads_while_a_shell_loads_20_files(db: Path, tmp_path: Path) -> None:
    paths = write_files(tmp_path / "in", returns(range(1, 6)))
    assert len(paths) == 20
    with Readers(db) as readers:
        time.sleep(0.3)
        done = subprocess.run([sys.executable, "-m", "etl", "load", *paths, "--db", str(db), "--user", "shell"],
                              cwd=ROOT, capture_output=True, text=True, timeout=600)
        time.sleep(0.3)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("Đã nạp: mã nộp") == 20
    assert readers.errors == []
    assert snapshot(db) == (20, [ROWS_PER_FILE] * 20)
    assert readers.reads > 20 and max(readers.seen) == 20  # the last append may be a read begun before the end
    assert set(readers.seen) <= set(range(21))  # each thread checks its own reads never go down
    # Not asserted: that a read falls between two of the shell's loads. The loads come back to back
    # (the gap is the next file's validation, ~30 ms) and a waiting writer goes first, so a reader
    # polling the turnstile every 50 ms may see none of the gaps: 2 runs in 6 saw only 0 and 20.


def test_two_office_users_and_a_shell_load_at_once(db: Path, tmp_path: Path) -> None:
    """Two upload-page sessions (threads of the app process) and `etl load` in a shell, all at once."""
    mine, theirs, shell = returns(range(1, 3)), returns(range(3, 5)), returns(range(5, 7))
    paths = write_files(tmp_path / "in", shell)
    outcomes: list = []

    def upload(user: str, files: list[tuple[str, bytes]]) -> None:
        for name, data in files:
            try:
                outcomes.append(load_bytes(db, data, name, user).status)
            except Exception as exc:
                outcomes.append(repr(exc))

    with Readers(db, threads=2) as readers:
        proc = subprocess.Popen([sys.executable, "-m", "etl", "load", *paths, "--db", str(db)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        office = [threading.Thread(target=upload, args=(u, f)) for u, f in (("vp1", mine), ("vp2", theirs))]
        for t in office:
            t.start()
        for t in office:
            t.join(timeout=600)
        out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, out + err
    assert outcomes == ["loaded"] * 16
    assert readers.errors == []
    assert snapshot(db) == (24, [ROWS_PER_FILE] * 24)


def test_a_writer_is_not_starved_by_busy_readers(db: Path) -> None:
    """Six threads reading back to back; a write still gets in within a second or two."""
    with Readers(db, threads=6):
        time.sleep(0.5)
        start = time.monotonic()
        with writing(db, timeout=30) as con:
            con.execute("INSERT INTO meta VALUES ('probe', '1')")
        waited = time.monotonic() - start
    assert waited < 10


def test_nested_reads_in_one_thread_do_not_deadlock(db: Path) -> None:
    with reading(db) as outer:
        with reading(db) as inner:
            assert inner.execute("SELECT 1").fetchone() == outer.execute("SELECT 1").fetchone() == (1,)


def test_reads_share_one_connection_that_closes_when_idle(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DVCQ_READ_LINGER", "0.3")
    shared = db_module._reader_for(db)
    with reading(db) as one:
        assert one.execute("SELECT count(*) FROM submissions").fetchone() == (0,)
        limit = one.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert shared.is_open and _gate_held_shared(db)
    first = shared._con
    with reading(db) as two:
        assert two.execute("SELECT 1").fetchone() == (1,)
    assert shared._con is first  # the second batch paid no connection
    assert limit == "953.6 MiB"  # DVCQ_READ_MEMORY, 1GB, not DuckDB's default of 80% of the RAM
    deadline = time.monotonic() + 10
    while shared.is_open and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not shared.is_open and not _gate_held_shared(db)  # idle: closed, the gate free for anyone
    with reading(db) as three:
        assert three.execute("SELECT count(*) FROM submissions").fetchone() == (0,)
    assert shared.is_open and shared._con is not first


def test_an_idle_app_does_not_keep_a_shell_load_waiting(db: Path, tmp_path: Path) -> None:
    """After a page's queries the shared read connection lingers (DVCQ_READ_LINGER, 10 s by default);
    a shell load that starts waiting makes it close at once, and the next read sees the load."""
    paths = write_files(tmp_path / "in", returns(range(1, 2), ["VP"]))
    assert snapshot(db) == (0, [])
    assert db_module._reader_for(db).is_open
    done = subprocess.run([sys.executable, "-m", "etl", "load", *paths, "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "DVCQ_LOCK_TIMEOUT": "8"})  # fails if it waits for the linger
    assert done.returncode == 0, done.stdout + done.stderr
    assert snapshot(db) == (1, [ROWS_PER_FILE])


def _gate_held_shared(db: Path) -> bool:
    fd = os.open(str(db) + ".lock", os.O_RDONLY | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def _gate_held_exclusively(db: Path) -> bool:
    fd = os.open(str(db) + ".lock", os.O_RDONLY | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


KILLED_CHILD = r"""
import sys, time
sys.path.insert(0, sys.argv[3])
from pathlib import Path
import etl.load as load
real_audit = load.audit
def slow_audit(con, user, action, *args, **kwargs):
    real_audit(con, user, action, *args, **kwargs)
    if action == "load":  # every row is inserted; the COMMIT comes next
        Path(sys.argv[2]).write_text("inside")
        time.sleep(600)
load.audit = slow_audit
data = Path(sys.argv[4]).read_bytes()
load.load_bytes(Path(sys.argv[1]), data, "VP_2025-02.xlsx", "shell")
"""


def test_kill_9_inside_the_load_transaction_leaves_the_database_as_it_was(db: Path, tmp_path: Path) -> None:
    (first_name, first), (second_name, second) = returns(range(1, 3), ["VP"])
    assert load_bytes(db, first, first_name, "vp").status == "loaded"
    before = snapshot(db)
    marker, data = tmp_path / "inside", tmp_path / "second.xlsx"
    data.write_bytes(second)
    child = subprocess.Popen([sys.executable, "-c", KILLED_CHILD, str(db), str(marker), str(ROOT), str(data)])
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert child.poll() is None and time.monotonic() < deadline, "the child never reached the transaction"
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert snapshot(db) == before == (1, [ROWS_PER_FILE])
    release_readers()  # this process's shared read connection: DuckDB allows no second configuration
    with duckdb.connect(str(db)) as con:  # opens read-write too, and nothing of the second file is there
        assert con.execute("SELECT count(*) FROM petition_rows WHERE petition_ref LIKE 'VP-02-%'").fetchone() == (0,)
    assert load_bytes(db, second, second_name, "vp").status == "loaded"  # and the next load works
    assert snapshot(db) == (2, [ROWS_PER_FILE] * 2)


def test_kill_9_during_a_shell_load_of_many_files(db: Path, tmp_path: Path) -> None:
    paths = write_files(tmp_path / "in", returns(range(1, 6)))
    child = subprocess.Popen([sys.executable, "-m", "etl", "load", *paths, "--db", str(db)], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, hits = time.monotonic() + 300, 0
    while hits < 3:  # let a few files land, then kill while a write is under way
        assert child.poll() is None and time.monotonic() < deadline
        if _gate_held_exclusively(db):
            hits += 1
            if hits < 3:
                while _gate_held_exclusively(db) and time.monotonic() < deadline:
                    time.sleep(0.005)
        else:
            time.sleep(0.005)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    count, per_submission = snapshot(db)
    assert 1 <= count < 20
    assert per_submission == [ROWS_PER_FILE] * count  # whole files only
    done = subprocess.run([sys.executable, "-m", "etl", "load", *paths, "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert snapshot(db) == (20, [ROWS_PER_FILE] * 20)


EXIT_CHILD = r"""
import sys, time
sys.path.insert(0, sys.argv[3])
from pathlib import Path
from etl.db import reading
with reading(Path(sys.argv[1])) as con:
    con.execute("SELECT count(*) FROM submissions").fetchall()
time.sleep(float(sys.argv[2]))  # exit around the moment the watcher closes the idle connection
"""


def test_a_process_that_exits_while_its_reader_closes_exits_cleanly(db: Path) -> None:
    """Python ending its threads while the watcher is inside DuckDB's close used to abort the process
    ("terminate called ... exception not rethrown", status 134); the connection is closed at exit."""
    outcomes = []
    for delay in (0.03, 0.04, 0.05, 0.055, 0.06, 0.065, 0.07, 0.08):
        done = subprocess.run([sys.executable, "-c", EXIT_CHILD, str(db), str(delay), str(ROOT)],
                              capture_output=True, text=True, timeout=120, env={**os.environ, "DVCQ_READ_LINGER": "0"})
        outcomes.append((done.returncode, "terminate" in done.stderr))
    assert outcomes == [(0, False)] * 8


def test_a_writer_stores_row_groups_of_65536_rows_and_spills_beside_the_file(tmp_path: Path) -> None:
    """Writers attach the file with ROW_GROUP_SIZE 65.536 (DuckDB's default would cut 200.000 rows
    in two groups, this in four), spill into <file>.tmp as DuckDB does for a file it opens, and a
    nested writing() of the same file in the same thread shares the outer one's database."""
    path = tmp_path / "groups.duckdb"
    with writing(path) as con:
        assert con.execute("SELECT current_setting('temp_directory')").fetchone()[0] == f"{path}.tmp"
        con.execute("CREATE TABLE t AS SELECT range AS i FROM range(200000)")
        with writing(path) as inner:
            assert inner.execute("SELECT count(*), max(i) FROM t").fetchone() == (200000, 199999)
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('t')").fetchone() == (4,)
        assert con.execute("SELECT count(*) FROM t").fetchone() == (200000,)
