"""The current-state tables after every load equal the rule of contract §2 computed from every
stored row, whatever the order of the uploads.

The loader keeps them two ways: a return that is the newest of its unit and replaces nothing
only puts its rows in place of the current rows with the same keys (``_advance_current``); any
other (an older period sent late, a corrected return, a restore) recomputes the unit
(``refresh_current``). Both must give what the rule gives."""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import pytest

from bench import make_scale
from etl.deadlines import RuleSet
from etl.holidays import WorkCalendar
from etl.load import _CURRENT, restore, store_parsed, withdraw

ROWS = {"cases": 40, "sessions": 12, "models": 8, "courses": 4, "activities": 6}


def rule(rows: str, key: tuple[str, ...]) -> str:
    """The current rows by the rule, computed from every stored row (as migration 003 does)."""
    return f"""
        SELECT s.unit_code, s.period_code AS last_period_code, s.submission_id, r.* EXCLUDE (submission_id),
               FALSE AS taken_over  -- no unit of these worlds merged into another
        FROM {rows} r JOIN submissions s USING (submission_id)
        WHERE s.status = 'active'
        QUALIFY row_number() OVER (PARTITION BY s.unit_code, {", ".join(f"r.{k}" for k in key)}
                                   ORDER BY s.period_end DESC, s.uploaded_at DESC, s.submission_id DESC) = 1"""


def differences(db: Path) -> dict[str, tuple[int, int, int]]:
    """Per current table: (rows kept, rows missing from it, rows it has that the rule does not)."""
    found = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for table, rows, key in _CURRENT:
            columns = ", ".join(c[0] for c in con.execute(f"DESCRIBE {table}").fetchall())
            expected = f"SELECT {columns} FROM ({rule(rows, key)})"
            kept = f"SELECT {columns} FROM {table}"
            found[table] = (
                con.execute(f"SELECT count(*) FROM {table}").fetchone()[0],
                con.execute(f"SELECT count(*) FROM (({expected}) EXCEPT ALL ({kept}))").fetchone()[0],
                con.execute(f"SELECT count(*) FROM (({kept}) EXCEPT ALL ({expected}))").fetchone()[0],
            )
    return found


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory):
    catalog = make_scale.scale_catalog(tmp_path_factory.mktemp("catalog"), 2, 2024)
    units = [u for u in catalog.units if u.reports][:2]
    cal, rules = WorkCalendar.from_csv(), RuleSet.from_csv()
    return catalog, [make_scale._World(u, [2024, 2025], 5, ROWS, cal, rules, catalog, {}) for u in units]


def uploads(worlds, seed: int) -> list[tuple[object, object]]:
    """Every return of both units, each period once or twice (a corrected version), shuffled."""
    rng = random.Random(seed)
    order = []
    for world in worlds:
        for year in (2024, 2025):
            for period in make_scale._periods(year):
                order += [(world, period, 1)] if rng.random() < 0.3 else []
                order.append((world, period, 2))
    rng.shuffle(order)
    return order


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_upload_order_keeps_the_rule(worlds, tmp_path: Path, seed: int) -> None:
    catalog, units = worlds
    db = tmp_path / "current.duckdb"
    rng = random.Random(seed)
    order = uploads(units, seed)
    advanced = 0
    i = 0
    while i < len(order):
        batch = order[i:i + rng.choice((1, 1, 1, 3))]  # now and then several returns in one transaction
        i += len(batch)
        outcomes = store_parsed(db, [world.parsed(period, version) for world, period, version in batch],
                                "test", catalog=catalog)
        assert all(o.status == "loaded" for o in outcomes)
        advanced += sum(1 for o in outcomes if o.superseded_id is None)
        found = differences(db)
        assert all(missing == 0 and extra == 0 for _, missing, extra in found.values()), (i, found)
    assert found["current_petitions"][0] > 0 and found["current_models"][0] > 0
    assert advanced < len(order)  # some uploads replaced an earlier version: both paths ran


def test_withdraw_and_restore_keep_the_rule(worlds, tmp_path: Path) -> None:
    catalog, units = worlds
    db = tmp_path / "status.duckdb"
    world = units[0]
    periods = make_scale._periods(2025)
    outcomes = store_parsed(db, [world.parsed(p, 2) for p in periods], "test", catalog=catalog)
    latest = outcomes[-1].submission_id
    before = differences(db)["current_petitions"][0]
    withdraw(db, latest, "test")
    assert all(m == e == 0 for _, m, e in differences(db).values())
    restore(db, latest, "test")
    found = differences(db)
    assert all(m == e == 0 for _, m, e in found.values())
    assert found["current_petitions"][0] == before
    # a late upload of an older period after the newest: it is not the newest, the unit is recomputed
    store_parsed(db, [world.parsed(periods[0], 1)], "test", catalog=catalog)
    assert all(m == e == 0 for _, m, e in differences(db).values())


def test_a_key_repeated_within_a_return_is_kept_once(worlds, tmp_path: Path) -> None:
    """Rows that do not come through the validator (bench/make_scale.py) may repeat a key in one
    return: the current state keeps one row per key, as the rule's window does."""
    catalog, units = worlds
    db = tmp_path / "repeated.duckdb"
    parsed, data = units[1].parsed(make_scale._periods(2025)[-1], 2)
    models = parsed.rows["models"]
    parsed.rows = {**parsed.rows, "models": [*models, {**models[0], "_row": models[-1]["_row"] + 1}]}
    assert store_parsed(db, [(parsed, data)], "test", catalog=catalog)[0].superseded_id is None
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*), count(DISTINCT model_key) FROM current_models").fetchone() == (
            len(models), len(models))
        assert con.execute("SELECT count(*) FROM model_rows").fetchone() == (len(models) + 1,)
