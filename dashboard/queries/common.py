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
