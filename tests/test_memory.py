"""dashboard.memory: long-lived objects are frozen out of the cyclic collector once, after a run
that imported modules, and only after that run's garbage is collected."""

from __future__ import annotations

import gc
import sys
import tomllib
import types
import weakref
from pathlib import Path

import pytest

from dashboard import memory


@pytest.fixture
def thawed():
    yield
    gc.unfreeze()  # the rest of the test process sees the collector as usual


def test_freezes_after_new_imports_only(thawed, monkeypatch):
    monkeypatch.setattr(memory, "_modules_seen", 0)
    assert memory.freeze_new_modules() is True
    frozen = gc.get_freeze_count()
    assert frozen > 1000  # the modules already imported: pandas, streamlit, duckdb …
    assert memory.freeze_new_modules() is False  # nothing imported since: no collection, no freeze
    # nothing more frozen; a frozen object freed meanwhile by reference counting (another test's
    # leftovers, on another thread) lowers the count: CI saw 244.063 after 244.068
    assert gc.get_freeze_count() <= frozen

    monkeypatch.setitem(sys.modules, "dvcq_test_new_module", types.ModuleType("dvcq_test_new_module"))
    assert memory.freeze_new_modules() is True
    assert gc.get_freeze_count() >= frozen


def test_garbage_cycles_are_collected_not_frozen(thawed, monkeypatch):
    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle only the cyclic collector can free
    alive = weakref.ref(a)
    del a, b
    assert alive() is not None
    monkeypatch.setattr(memory, "_modules_seen", 0)
    assert memory.freeze_new_modules() is True
    assert alive() is None  # collected before the freeze; a frozen cycle would still be alive


def test_streamlit_does_not_collect_after_every_run():
    config = Path(memory.__file__).resolve().parent.parent / ".streamlit" / "config.toml"
    with config.open("rb") as fh:
        assert tomllib.load(fh)["runner"]["postScriptGC"] is False
