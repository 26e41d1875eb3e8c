"""The app in Streamlit's AppTest with a query cache of its own (dashboard.memo), for tests that
count or inspect what the pages computed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import ui
from dashboard.auth import User
from dashboard.memo import Memo

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def app_with_cache(monkeypatch: pytest.MonkeyPatch, db: Path, user: User,
                   cache: Memo | None = None) -> tuple[AppTest, Memo]:
    """The app logged in as ``user`` on ``db`` (reference day 31/12/2025), run once; ``ui.DATA``
    is ``cache`` (a fresh one by default) for the test's duration."""
    cache = cache if cache is not None else Memo(max_entries=1024, ttl=3600)
    monkeypatch.setattr(ui, "DATA", cache)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["_db_path"] = str(db)
    at.session_state["_today"] = date(2025, 12, 31)
    at.session_state["user"] = user
    at.run()
    return at, cache
