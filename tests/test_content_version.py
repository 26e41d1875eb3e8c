"""A login, an export or an account change writes the audit log, not the returns: the version the
dashboards cache by (etl.db.content_version) stays, so nobody's cached pages are thrown away;
a load, or any write from outside the app (a DuckDB shell), changes it."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from dashboard.auth import User
from etl import users
from etl.audit import record
from etl.db import content_version, data_version
from etl.load import load_bytes
from tests.apptest import app_with_cache
from tests.workbooks import build_return, petition

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TODAY = date(2025, 4, 20)


def test_audit_and_account_writes_keep_the_content_version(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    load_bytes(db, build_return(petitions=[petition("01", "15/01/2025")]), "vp.xlsx", "vp", today=TODAY)
    shown, every = content_version(db), data_version(db)

    record(db, "vp", "export", "petitions", {"rows": 1})
    users.add_user(db, "cb", "mat-khau-dai", "van_phong", actor="qt")
    assert users.authenticate(db, "cb", "mat-khau-dai").username == "cb"
    with pytest.raises(users.NotAllowed):
        users.authenticate(db, "cb", "sai-mat-khau")
    assert data_version(db) != every  # the file did change …
    assert content_version(db) == shown  # … but not what the dashboards show

    load_bytes(db, build_return(unit="TTR", petitions=[petition("02", "16/01/2025")]), "ttr.xlsx", "vp",
               today=TODAY)
    loaded = content_version(db)
    assert loaded != shown
    record(db, "vp", "login")
    assert content_version(db) == loaded

    with duckdb.connect(str(db)) as con:  # a shell, past the app's write path: always a new version
        con.execute("INSERT INTO audit_log (logged_at, username, action, target, details, ok) "
                    "VALUES (now(), 'shell', 'x', '', '{}', true)")
    assert content_version(db) not in (shown, loaded)


def test_a_login_does_not_empty_the_cache_but_the_audit_page_sees_it(fixture_db: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    db = Path(shutil.copy(fixture_db, tmp_path / "f.duckdb"))
    at, fresh = app_with_cache(monkeypatch, db, User("qt", "quan_tri", "Quản trị"))
    at.switch_page("pages/targets.py").run()
    assert not at.exception
    cached = len(fresh)
    assert cached >= 2

    record(db, "lanhdao", "login")  # someone logs in
    at.run()
    assert len(fresh) == cached  # every query of the page answered from the cache

    at.switch_page("pages/admin.py").run()  # the audit log is read by the file's version: the login is there
    (log,) = [d.value for d in at.dataframe]
    assert log.iloc[0][["Người dùng", "Hoạt động"]].tolist() == ["lanhdao", users.ACTION_LABEL["login"]]
    record(db, "lanhdao", "export", "petitions")
    at.run()
    (log,) = [d.value for d in at.dataframe]
    assert log.iloc[0][["Người dùng", "Hoạt động", "Đối tượng"]].tolist() == [
        "lanhdao", users.ACTION_LABEL["export"], "Dữ liệu: Đơn thư"]
