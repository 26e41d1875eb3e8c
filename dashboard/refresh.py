"""After a load, compute again what people were looking at, before they ask for it.

A load (from the upload page, the command line, anywhere) changes the database's content version
(``etl.db.content_version``); every cached query result of the previous version is then useless,
and the next visitor of each page would wait for its province-scale queries (0,2-0,5 s a page,
docs/PERFORMANCE.md). The app's server process watches the version of each database it serves
(``os.stat``, every ``INTERVAL`` seconds) and, when it changes, runs again the queries most recently
used under the previous version, with the same arguments, newest first, two at a time, into the
shared cache (``ui.DATA``). A visitor arriving meanwhile waits for that same computation (one per
key), never for a second one. Started only inside the Streamlit server (not in tests or the CLI).
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dashboard.memo import Memo

log = logging.getLogger("dvcq")

INTERVAL = 2.0  # seconds between two looks at the databases' versions
LIMIT = 300  # queries recomputed after a load, at most (the most recently used)
ABSENT = (0, 0, 0, 0)  # etl.db.data_version of a file that does not exist


class Refresher:
    def __init__(self, memo: Memo, version_of: Callable[[Path], tuple], interval: float = INTERVAL,
                 limit: int = LIMIT, threads: int = 2) -> None:
        self.memo, self.version_of, self.interval, self.limit = memo, version_of, interval, limit
        self.threads = threads
        self._seen: dict[str, tuple] = {}  # database -> the content version last refreshed for
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def watch(self, db: Path, version: tuple, background: bool = True) -> None:
        """Follow this database from now on (the version a session just used); with ``background``,
        start the watching thread once."""
        with self._lock:
            self._seen.setdefault(str(db), version)
            if background and self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="dvcq-refresh", daemon=True)
                self._thread.start()

    def _loop(self) -> None:
        while True:
            time.sleep(self.interval)
            try:
                self.check()
            except Exception:  # never let the watcher die: the pages still work without it
                log.exception("refresh after a load failed")

    def check(self) -> int:
        """Refresh every watched database whose version changed; returns the queries computed."""
        done = 0
        for db, old in list(self._seen.items()):
            new = self.version_of(Path(db))
            if new == old:
                continue
            with self._lock:
                self._seen[db] = new
            if tuple(new) != ABSENT:
                done += self._refresh(db, old, new)
        return done

    def _refresh(self, db: str, old: tuple, new: tuple) -> int:
        keys = self.memo.recent_keys(lambda k: _is_query_key(k) and k[2] == db and k[3] == old, self.limit)

        def one(key: tuple) -> int:
            module, qualname, _, _, args, kwargs = key
            if self.version_of(Path(db)) != new:  # a newer load landed: the next check starts over
                return 0
            fn = _resolve(module, qualname)
            if fn is None or getattr(fn, "reads_audit_log", False):
                return 0
            try:
                self.memo.get((module, qualname, db, new, args, kwargs),
                              lambda: fn(Path(db), *args, **dict(kwargs)))
                return 1
            except Exception:  # e.g. the database is being replaced: the page will ask again
                log.warning("refresh of %s.%s failed", module, qualname, exc_info=True)
                return 0

        # two at a time (DuckDB runs a query without the GIL), in the order of the list
        with ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="dvcq-refresh") as pool:
            done = sum(pool.map(one, keys))
        if done:
            log.info("refreshed %d queries of %s after a load", done, db)
        return done


def _is_query_key(key: Hashable) -> bool:
    return isinstance(key, tuple) and len(key) == 6


def _resolve(module: str, qualname: str):
    try:
        target = importlib.import_module(module)
        for part in qualname.split("."):
            target = getattr(target, part)
        return target if callable(target) else None
    except (ImportError, AttributeError):
        return None
