"""Keep Python's cyclic garbage collector off the path of every page.

Streamlit runs ``gc.collect(2)`` after every script run by default (``runner.postScriptGC``). With
pandas, DuckDB, pyarrow and plotly loaded that is a full scan of ~150.000 long-lived objects,
65-120 ms on this machine, and it holds the GIL while the server is sending the page to the
browser: every page switch waited for it (docs/PERFORMANCE.md, round 4). ``.streamlit/config.toml``
turns it off; Python's own generational collection still runs.

What keeps the automatic collections cheap too is :func:`gc.freeze`: objects that live as long as
the process (modules, classes, the libraries' tables) are moved out of the collector's sight. They
are frozen after a run that imported new modules, once that run's garbage has been collected, so
nothing collectable is ever frozen by mistake. Frozen objects are still freed by reference counting;
only cycles among them would stay, and module-level objects do not die anyway.
"""

from __future__ import annotations

import gc
import sys
import threading

_lock = threading.Lock()
_modules_seen = 0


def freeze_new_modules() -> bool:
    """Collect and freeze if modules were imported since the last call; ``True`` if it did."""
    global _modules_seen
    if len(sys.modules) == _modules_seen:  # the usual run: nothing new, nothing to do
        return False
    with _lock:
        if len(sys.modules) == _modules_seen:
            return False
        gc.collect()
        gc.freeze()
        _modules_seen = len(sys.modules)
    return True
