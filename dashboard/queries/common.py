"""Running a query: one read-only connection per batch, values always bound as parameters."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.db import reading


def run(db: Path, sql: str, params: list[object] | None = None) -> pd.DataFrame:
    with reading(db) as con:
        return con.execute(sql, params or []).df()


def scalar(db: Path, sql: str, params: list[object] | None = None) -> object:
    with reading(db) as con:
        row = con.execute(sql, params or []).fetchone()
    return row[0] if row else None


def options(db: Path) -> dict[str, object]:
    """What the filters can offer: years with data, periods per year, units."""
    with reading(db) as con:
        years = [r[0] for r in con.execute(
            "SELECT DISTINCT year FROM v_submissions WHERE is_active ORDER BY year DESC").fetchall()]
        periods = con.execute(
            "SELECT DISTINCT year, period_code, period_kind, period_end FROM v_submissions WHERE is_active "
            "ORDER BY period_end").df()
        units = con.execute(
            "SELECT unit_code, unit_name FROM v_units WHERE active AND reports ORDER BY unit_code").df()
        demo = con.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
    return {"years": years, "periods": periods, "units": units, "demo": bool(demo and demo[0] == "1")}


def values_table(rows: list[tuple[object, ...]], columns: str, types: tuple[str, ...]) -> tuple[str, list[object]]:
    """A bound-parameter ``VALUES`` table: placeholders in the SQL, the values in the list."""
    row_sql = "(" + ", ".join(f"CAST(? AS {t})" for t in types) + ")"
    sql = f"(SELECT * FROM (VALUES {', '.join(row_sql for _ in rows)}) AS t({columns}))"
    return sql, [value for row in rows for value in row]


def choices_table(list_name: str, extra: tuple[str, str] | None = None) -> tuple[str, list[object]]:
    """A catalogue choice list as a table ``(code, label, ord)`` in catalogue order (for
    model_status that is the lifecycle); ``extra`` appends one option (e.g. "Không ghi kết quả")."""
    from etl.catalog import default_catalog

    options = [(o.code, o.label) for o in default_catalog().choices[list_name].options]
    if extra:
        options.append(extra)
    rows = [(code, text, i) for i, (code, text) in enumerate(options)]
    return values_table(rows, "code, label, ord", ("VARCHAR", "VARCHAR", "INTEGER"))
