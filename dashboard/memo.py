"""Query results and figures kept in this server process, shared by every session.

``st.cache_data`` pickles what it stores and unpickles a fresh copy on every read, and hashes its
arguments with Streamlit's hasher on every call: with 5-10 queries and 1-3 figures a page, that was
15-20 ms of every page switch (docs/PERFORMANCE.md, round 4). Here a hit is one dictionary lookup
and returns the stored object itself, so the rule is the one of ``st.cache_resource``: **what
``ui.data`` returns is shared, never modify it in place** (pandas' copy-on-write makes every derived
frame, ``frame[...]``, ``assign``, ``rename``, safe; ``tests/test_memo.py`` runs every page and
checks that no cached frame changed).

Keys carry the database's content version (``etl.db.content_version``), so a load shows on the
next interaction without clearing anything; old versions age out of the LRU. Two sessions asking for
the same missing key wait for one computation instead of running the same province-scale query
twice.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import pandas as pd


class Memo:
    """A thread-safe LRU with a time to live; ``get(key, compute)`` runs ``compute`` once per key."""

    def __init__(self, max_entries: int, ttl: float) -> None:
        self.max_entries, self.ttl = max_entries, ttl
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._key_of: dict[int, Hashable] = {}  # id(stored frame) -> its key, for figures built on it
        self._lock = threading.Lock()
        self._pending: dict[Hashable, threading.Lock] = {}

    def _hit(self, key: Hashable) -> tuple[bool, Any]:
        entry = self._entries.get(key)
        if entry is None:
            return False, None
        if time.monotonic() - entry[0] > self.ttl:
            self._drop(key)
            return False, None
        self._entries.move_to_end(key)
        return True, entry[1]

    def _drop(self, key: Hashable) -> None:
        _, value = self._entries.pop(key)
        if self._key_of.get(id(value)) == key:
            del self._key_of[id(value)]

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            found, value = self._hit(key)
            if found:
                return value
            gate = self._pending.setdefault(key, threading.Lock())
        with gate:  # one computation per key; the others wait for it and read the result
            with self._lock:
                found, value = self._hit(key)
            if found:
                return value
            try:
                value = compute()
                with self._lock:
                    if key in self._entries:
                        self._drop(key)
                    self._entries[key] = (time.monotonic(), value)
                    if isinstance(value, pd.DataFrame):
                        self._key_of[id(value)] = key
                    while len(self._entries) > self.max_entries:
                        self._drop(next(iter(self._entries)))
            finally:
                with self._lock:
                    self._pending.pop(key, None)
        return value

    def key_of(self, value: Any) -> Hashable | None:
        """The key under which this very object is stored, or ``None``."""
        with self._lock:
            key = self._key_of.get(id(value))
            if key is None:
                return None
            entry = self._entries.get(key)
            return key if entry is not None and entry[1] is value else None

    def recent_keys(self, wanted: Callable[[Hashable], bool], limit: int) -> list[Hashable]:
        """Up to ``limit`` live keys for which ``wanted(key)``, the most recently used first."""
        now, found = time.monotonic(), []
        with self._lock:
            for key in reversed(self._entries):
                if now - self._entries[key][0] <= self.ttl and wanted(key):
                    found.append(key)
                    if len(found) >= limit:
                        break
        return found

    def __len__(self) -> int:
        return len(self._entries)


def fingerprint(frame: pd.DataFrame) -> tuple:
    """A frame's content as a short key: columns, types, index and every value, in order."""
    try:
        hashed = pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes()
    except TypeError:  # unhashable cells (lists, dicts)
        hashed = pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)
    digest = hashlib.blake2b(hashed, digest_size=16).hexdigest()
    return ("frame", tuple(map(str, frame.columns)), tuple(map(str, frame.dtypes)), len(frame), digest)


def arg_key(arg: Any, memo: Memo) -> Hashable:
    """A hashable stand-in for a figure builder's argument: a frame ``memo`` holds is named by its
    query's key (no hashing at all), any other frame by its content."""
    if isinstance(arg, pd.DataFrame):
        return memo.key_of(arg) or fingerprint(arg)
    if isinstance(arg, (list, tuple)):
        return (type(arg).__name__, tuple(arg_key(a, memo) for a in arg))
    if isinstance(arg, dict):
        return ("dict", tuple((k, arg_key(v, memo)) for k, v in arg.items()))
    if isinstance(arg, pd.Series):
        return arg_key(arg.to_frame(), memo)
    try:
        hash(arg)
    except TypeError:
        return ("pickle", hashlib.blake2b(pickle.dumps(arg), digest_size=16).hexdigest())
    return (type(arg).__name__, arg)
