from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# No background refresh after loads in the test processes (AppTest runs a Streamlit runtime too):
# tests/test_refresh.py drives dashboard.refresh by hand; servers started by tests keep it on.
os.environ.setdefault("DVCQ_REFRESH_SECONDS", "0")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fixtures import build_fixture_db  # noqa: E402


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small hand-checked database of tests/fixtures.py (built once per worker; read-only use)."""
    return build_fixture_db(tmp_path_factory.mktemp("fixture") / "fixture.duckdb")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database exactly as `python -m etl demo` builds it (with the demo accounts)."""
    import subprocess

    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    done = subprocess.run([sys.executable, "-m", "etl", "demo", "--db", str(db)], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return db
