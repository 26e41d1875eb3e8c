"""dashboard.refresh: after a load, the queries in use are computed again for the new version,
before anyone asks; a session arriving later finds them in the cache."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from dashboard.auth import User
from dashboard.memo import Memo
from dashboard.refresh import ABSENT, Refresher
from etl.audit import reads_audit_log
from etl.db import content_version
from etl.load import load_bytes
from tests.apptest import app_with_cache
from tests.workbooks import build_return, petition

APP = str(Path(__file__).resolve().parent.parent / "app.py")
CALLS: list[tuple] = []


def double(db: Path, x: int, scale: int = 2) -> int:
    CALLS.append((db.name, x, scale))
    return x * scale


@reads_audit_log
def log_rows(db: Path) -> int:
    CALLS.append((db.name, "log"))
    return 0


def key(db: str, version: tuple, fn=double, args: tuple = (), kwargs: tuple = ()) -> tuple:
    return (fn.__module__, fn.__qualname__, db, version, args, kwargs)


def test_a_new_version_recomputes_the_queries_in_use_newest_first() -> None:
    CALLS.clear()
    memo, versions = Memo(max_entries=64, ttl=3600), {"a.duckdb": (1,), "b.duckdb": (7,)}
    memo.get(key("a.duckdb", (1,), args=(3,)), lambda: 6)
    memo.get(key("a.duckdb", (1,), args=(4,), kwargs=(("scale", 10),)), lambda: 40)
    memo.get(key("a.duckdb", (1,), fn=log_rows), lambda: 0)  # the audit log follows every write anyway
    memo.get(key("b.duckdb", (7,), args=(5,)), lambda: 10)
    refresher = Refresher(memo, lambda db: versions[db.name], limit=10, threads=1)  # one: a fixed order
    refresher.watch(Path("a.duckdb"), (1,), background=False)
    refresher.watch(Path("b.duckdb"), (7,), background=False)
    assert refresher.check() == 0 and CALLS == []  # nothing changed

    versions["a.duckdb"] = (2,)  # a load
    assert refresher.check() == 2
    assert CALLS == [("a.duckdb", 4, 10), ("a.duckdb", 3, 2)]  # the most recently used first
    assert memo.get(key("a.duckdb", (2,), args=(3,)), lambda: "not again") == 6
    assert memo.get(key("a.duckdb", (2,), args=(4,), kwargs=(("scale", 10),)), lambda: "not again") == 40
    assert refresher.check() == 0  # once per version

    versions["b.duckdb"] = ABSENT  # the file went away (a test's temporary database): nothing to run
    assert refresher.check() == 0 and len(CALLS) == 2


def test_after_a_load_the_next_visit_finds_everything_computed(fixture_db: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    db = Path(shutil.copy(fixture_db, tmp_path / "f.duckdb"))
    at, fresh = app_with_cache(monkeypatch, db, User("lanhdao", "lanh_dao", "Lãnh đạo Sở"))
    refresher = Refresher(fresh, content_version)
    at.switch_page("pages/petitions.py").run()
    assert not at.exception
    before = {m.label: m.value for m in at.metric}
    used = len(fresh)
    refresher.watch(db, content_version(db), background=False)  # what the server's first request does

    new_return = build_return(unit="TTR", period="Quý IV/2025",
                              petitions=[petition("99", "01/10/2025", "Khiếu nại", "Đang giải quyết")])
    outcome = load_bytes(db, new_return, "ttr.xlsx", "vp", today=date(2025, 12, 31))
    assert outcome.status == "loaded"
    assert refresher.check() >= used - 2  # every query of the page (the audit-log ones aside)
    computed = len(fresh)
    at.run()
    assert not at.exception
    assert len(fresh) == computed  # the visit computed nothing: it was all there
    after = {m.label: m.value for m in at.metric}
    assert after != before  # and it shows the new return
