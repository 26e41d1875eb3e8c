"""etl/backup.py: consistent copies while the app reads and loads, and guarded restores."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest

from etl import backup as bk
from etl.errors import NotAllowed
from etl.load import init_db, load_bytes, mark_demo_db
from tests.test_concurrency import ROWS_PER_FILE, Readers, returns, snapshot

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "live" / "dvcq.duckdb"
    init_db(path)
    for name, data in returns(range(1, 2)):
        assert load_bytes(db_path := path, data, name, "vp").status == "loaded"
    return db_path


def counts(path: Path) -> tuple[int, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return (con.execute("SELECT count(*) FROM submissions").fetchone()[0],
                con.execute("SELECT count(*) FROM petition_rows").fetchone()[0])


def test_backup_is_one_consistent_file_and_audited(db: Path, tmp_path: Path) -> None:
    out, info = bk.backup(db, tmp_path / "b.duckdb", user="qt")
    assert (info["submissions"], info["demo"]) == (4, False)
    assert counts(out) == (4, 4 * ROWS_PER_FILE)
    assert not Path(str(out) + ".wal").exists()
    with pytest.raises(NotAllowed, match="đã có"):
        bk.backup(db, out)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT username, action, target FROM audit_log ORDER BY audit_id DESC LIMIT 1").fetchone() \
            == ("qt", "backup", str(out))


def test_backups_while_loads_and_reads_run(db: Path, tmp_path: Path) -> None:
    files = returns(range(2, 5))
    loaded: list[str] = []

    def load_all() -> None:
        for name, data in files:
            loaded.append(load_bytes(db, data, name, "vp").status)

    with Readers(db, threads=2) as readers:
        loader = threading.Thread(target=load_all)
        loader.start()
        taken = [bk.backup(db, tmp_path / f"b{i}.duckdb")[0] for i in range(3)]
        loader.join(timeout=600)
    assert readers.errors == [] and loaded == ["loaded"] * 12
    for out in taken:
        submissions, rows = counts(out)
        assert rows == submissions * ROWS_PER_FILE  # never half a file
        assert 4 <= submissions <= 16


def test_restore_refuses_without_force_keeps_bak(db: Path, tmp_path: Path) -> None:
    out, _ = bk.backup(db, tmp_path / "b.duckdb")
    for name, data in returns(range(2, 3)):
        load_bytes(db, data, name, "vp")
    assert snapshot(db)[0] == 8
    with pytest.raises(NotAllowed) as caught:
        bk.restore_backup(out, db)
    assert caught.value.message == (
        f"{db} đang có dữ liệu (8 lần nộp). Phục hồi sẽ thay thế nó; nếu chắc chắn, chạy lại với --force "
        "(tệp cũ được giữ lại dạng .bak).")
    kept, info = bk.restore_backup(out, db, force=True, user="qt")
    assert info["submissions"] == 4 and snapshot(db) == (4, [ROWS_PER_FILE] * 4)
    assert kept is not None and kept.name.endswith(".bak") and counts(kept) == (8, 8 * ROWS_PER_FILE)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT action FROM audit_log ORDER BY audit_id DESC LIMIT 1").fetchone() == ("restore_backup",)


def test_demo_and_real_never_mixed(db: Path, tmp_path: Path) -> None:
    demo = tmp_path / "demo" / "dvcq-demo.duckdb"
    init_db(demo)
    mark_demo_db(demo)
    demo_backup, _ = bk.backup(demo, tmp_path / "demo-b.duckdb")
    real_backup, _ = bk.backup(db, tmp_path / "real-b.duckdb")
    with pytest.raises(NotAllowed, match="bản sao của CSDL mẫu"):
        bk.restore_backup(demo_backup, db, force=True)
    with pytest.raises(NotAllowed, match="là CSDL mẫu"):
        bk.restore_backup(real_backup, demo, force=True)
    fresh = tmp_path / "fresh.duckdb"
    bk.restore_backup(real_backup, fresh)  # a new path needs no --force
    assert counts(fresh) == (4, 4 * ROWS_PER_FILE)


def test_not_a_database(db: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database at all")
    with pytest.raises(Exception, match="không phải cơ sở dữ liệu"):
        bk.restore_backup(junk, db, force=True)
    assert snapshot(db)[0] == 4


def test_command_line(db: Path, tmp_path: Path) -> None:
    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "etl", *args, "--db", str(db)], cwd=ROOT,
                              capture_output=True, text=True, timeout=300)

    out = tmp_path / "cli-b.duckdb"
    done = cli("backup", "-o", str(out))
    assert done.returncode == 0 and done.stdout.startswith(f"Đã sao lưu vào {out} ("), done.stderr
    done = cli("restore-backup", str(out))
    assert done.returncode == 1 and done.stderr.startswith(f"Lỗi: {db} đang có dữ liệu (4 lần nộp).")
    done = cli("restore-backup", str(out), "--force")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"Đã phục hồi {db} từ {out} (4 lần nộp)."
    assert done.stdout.splitlines()[1].startswith(f"Tệp cũ được giữ tại {db}.")
