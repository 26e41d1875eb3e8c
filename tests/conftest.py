from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fixtures import build_fixture_db  # noqa: E402


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small hand-checked database of tests/fixtures.py (built once per worker; read-only use)."""
    return build_fixture_db(tmp_path_factory.mktemp("fixture") / "fixture.duckdb")
