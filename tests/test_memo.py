"""dashboard.memo: the process-wide cache of query results and figures (an LRU with a time to live,
one computation per key), and the rule it relies on: no page modifies a shared result in place."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from dashboard import memo
from dashboard.auth import User
from dashboard.memo import Memo, arg_key, fingerprint
from tests.apptest import app_with_cache

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TABS = {  # page -> its lazy tabs' session key (ui.lazy_tabs)
    "pages/overview.py": "ov_tab", "pages/targets.py": "chi_tieu_tab", "pages/petitions.py": "don_thu_tab",
    "pages/reception.py": "tcd_tab", "pages/models.py": "dvk_tab", "pages/reporting.py": "nop_bao_cao_tab",
    "pages/upload.py": None, "pages/history.py": None, "pages/explore.py": None, "pages/report.py": None,
    "pages/admin.py": "quan_tri_tab",
}


def test_a_hit_returns_the_stored_object_and_computes_once() -> None:
    cache, calls = Memo(max_entries=4, ttl=60), []
    frame = cache.get("k", lambda: calls.append(1) or pd.DataFrame({"a": [1, 2]}))
    assert cache.get("k", lambda: calls.append(1) or pd.DataFrame()) is frame
    assert calls == [1]
    assert cache.key_of(frame) == "k"
    assert cache.key_of(frame.copy()) is None  # an equal frame is not the stored one


def test_least_recently_used_entries_leave_first() -> None:
    cache = Memo(max_entries=2, ttl=60)
    a = cache.get("a", lambda: pd.DataFrame({"x": [1]}))
    cache.get("b", lambda: 2)
    cache.get("a", lambda: None)  # "a" used again: "b" is now the oldest
    cache.get("c", lambda: 3)
    assert len(cache) == 2
    assert cache.get("b", lambda: "again") == "again"
    assert cache.key_of(a) is None  # evicted with "a" when "b" came back
    assert cache.get("c", lambda: None) == 3


def test_entries_expire(monkeypatch: pytest.MonkeyPatch) -> None:
    cache, now = Memo(max_entries=8, ttl=10), [1000.0]
    monkeypatch.setattr(memo.time, "monotonic", lambda: now[0])
    assert cache.get("k", lambda: "old") == "old"
    now[0] += 9
    assert cache.get("k", lambda: "new") == "old"
    now[0] += 2
    assert cache.get("k", lambda: "new") == "new"


def test_concurrent_misses_run_one_computation_and_failures_are_not_kept() -> None:
    cache, calls, results = Memo(max_entries=8, ttl=60), [], []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 42

    threads = [threading.Thread(target=lambda: results.append(cache.get("k", slow))) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [42] * 5 and calls == [1]

    with pytest.raises(ZeroDivisionError):
        cache.get("bad", lambda: 1 / 0)
    assert cache.get("bad", lambda: "fine") == "fine"


def test_figure_arguments_are_named_by_query_or_content() -> None:
    cache = Memo(max_entries=8, ttl=60)
    stored = cache.get(("q", 2025), lambda: pd.DataFrame({"a": [1, 2]}))
    assert arg_key(stored, cache) == ("q", 2025)
    same = pd.DataFrame({"a": [1, 2]})
    assert arg_key(same, cache) == fingerprint(same) == fingerprint(stored)
    assert fingerprint(same) != fingerprint(pd.DataFrame({"a": [2, 1]}))  # order matters to a chart
    assert fingerprint(same) != fingerprint(pd.DataFrame({"b": [1, 2]}))
    assert arg_key({"limit": 15, "rows": same}, cache) != arg_key({"limit": 30, "rows": same}, cache)
    assert arg_key([{"x": 1}], cache)  # unhashable values still get a key


class RecordingMemo(Memo):
    """Remembers each stored frame's content as computed."""

    def __init__(self) -> None:
        super().__init__(max_entries=4096, ttl=3600)
        self.computed: list[tuple[object, tuple]] = []

    def get(self, key, compute):
        def record():
            value = compute()
            for frame in frames_in(value):
                self.computed.append((frame, fingerprint(frame)))
            return value
        return super().get(key, record)


def frames_in(value) -> list[pd.DataFrame]:
    if isinstance(value, pd.DataFrame):
        return [value]
    if isinstance(value, dict):
        return [f for v in value.values() for f in frames_in(v)]
    if isinstance(value, (list, tuple)):
        return [f for v in value for f in frames_in(v)]
    return [f for f in vars(value).values() if isinstance(f, pd.DataFrame)] if hasattr(value, "__dict__") else []


def test_no_page_modifies_a_shared_result(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page and every tab, twice: each frame the cache handed out is as its query returned it."""
    at, recording = app_with_cache(monkeypatch, demo_db, User("quantri", "quan_tri", "Quản trị"), RecordingMemo())
    opened = 0
    for _ in range(2):
        for page, key in TABS.items():
            at.switch_page(page)
            at.run()
            assert not at.exception, page
            labels = [t.label for t in at.tabs] if key else []
            for label in labels[1:]:
                at.session_state[key] = label
                at.run()
                assert not at.exception, (page, label)
                opened += 1
            if labels:
                at.session_state[key] = labels[0]
    assert opened >= 2 * 15  # the tabs beyond the first of 7 pages, each drawn on both passes
    assert len(recording.computed) >= 30  # the frames of every query the pages ran
    changed = [fp[1] for frame, fp in recording.computed if fingerprint(frame) != fp]
    assert changed == []
