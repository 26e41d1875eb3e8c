"""bench/make_scale.py at a tiny scale: the views show exactly what was generated, and the
current-state tables the loader keeps agree with the rule of contract §2 computed from every row."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import duckdb
import pytest

from bench import make_scale

SMALL = {"units": 3, "years": 1, "cases": 600, "sessions": 90, "models": 30, "seed": 3}


def counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        def one(sql: str) -> int:
            return int(con.execute(sql).fetchone()[0])

        return {
            "units": one("SELECT count(DISTINCT unit_code) FROM v_submissions"),
            "returns": one("SELECT count(*) FROM v_submissions WHERE is_active"),
            "superseded": one("SELECT count(*) FROM v_submissions WHERE status = 'superseded'"),
            "petitions": one("SELECT count(*) FROM v_petitions"),
            "resolved": one("SELECT count(*) FROM v_petitions WHERE is_resolved"),
            "sessions": one("SELECT count(*) FROM v_reception_sessions"),
            "models": one("SELECT count(*) FROM v_models"),
            "courses": one("SELECT count(*) FROM v_training_courses"),
            "activities": one("SELECT count(*) FROM v_dissemination"),
        }


@pytest.fixture(scope="module")
def scale(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, make_scale.Generated]:
    db = tmp_path_factory.mktemp("scale") / "scale.duckdb"
    return db, make_scale.build(db, progress=lambda _: None, **SMALL)


def test_the_views_count_what_was_generated(scale) -> None:
    db, out = scale
    assert out.units == 3 and out.years == [2025]
    assert out.petitions == 600 and out.sessions == 90 and out.models == 30
    expected = {key: value for key, value in asdict(out).items() if key in counts(db)}
    assert counts(db) == expected


def test_every_return_went_through_the_loader(scale) -> None:
    db, out = scale
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM audit_log WHERE action = 'load'").fetchone() == (
            out.returns + out.superseded,)
        assert con.execute("SELECT DISTINCT uploaded_by, file_format FROM submissions").fetchall() == [
            ("bench", "synthetic")]
        # periods: Quý I, 6 tháng, Quý III, 9 tháng, Quý IV, Năm for each unit (a few quarters missing)
        periods = {r[0] for r in con.execute("SELECT period_code FROM submissions").fetchall()}
        assert periods <= {"2025-Q1", "2025-H1", "2025-Q3", "2025-9M", "2025-Q4", "2025"}
        assert {"2025-H1", "2025-9M", "2025"} <= periods


def test_current_state_tables_follow_the_rule(scale) -> None:
    """Per entity, the row of the active return with the latest period end (ties: later upload),
    computed here from every stored row, equals what the loader kept."""
    db, _ = scale
    rule = """
        SELECT s.unit_code, r.ref_key, r.status, r.resolved_date, s.submission_id
        FROM petition_rows r JOIN submissions s USING (submission_id)
        WHERE s.status = 'active'
        QUALIFY row_number() OVER (PARTITION BY s.unit_code, r.ref_key
                                   ORDER BY s.period_end DESC, s.uploaded_at DESC, s.submission_id DESC) = 1"""
    kept = """
        SELECT v.unit_code, p.ref_key, v.status, v.resolved_date, v.submission_id
        FROM v_petitions v JOIN petition_rows p ON p.submission_id = v.submission_id AND p.excel_row = v.excel_row"""
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(f"SELECT count(*) FROM (({rule}) EXCEPT ({kept}))").fetchone() == (0,)
        assert con.execute(f"SELECT count(*) FROM (({kept}) EXCEPT ({rule}))").fetchone() == (0,)
        # a cumulative return repeats its cases, so more rows are stored than there are cases
        assert con.execute("SELECT count(*) FROM petition_rows").fetchone()[0] > 600


def test_the_same_arguments_give_the_same_rows(scale, tmp_path: Path) -> None:
    db, out = scale
    again = make_scale.build(tmp_path / "again.duckdb", progress=lambda _: None, **SMALL)
    assert {**asdict(again), "seconds": 0} == {**asdict(out), "seconds": 0}
    digest = "SELECT sum(hash(unit_code, petition_ref, status, due_date, resolved_date)) FROM v_petitions"
    with duckdb.connect(str(db), read_only=True) as one, duckdb.connect(str(tmp_path / "again.duckdb"),
                                                                        read_only=True) as two:
        assert one.execute(digest).fetchone() == two.execute(digest).fetchone()
