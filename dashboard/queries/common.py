"""Running a query: one read-only connection per batch, values always bound as parameters."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.db import reading


def run(db: Path, sql: str, params: list[object] | None = None) -> pd.DataFrame:
    with reading(db) as con:
        return con.execute(sql, params or []).df()


PAGE_SIZE = 100  # rows of a list shown at once; exports always carry every row


@dataclass(frozen=True)
class Page:
    """One page of an ordered list: its rows, how many rows match in all, and the first row's
    0-based position. Lists of a province (a million cases) are never sent whole to a browser."""

    rows: pd.DataFrame
    total: int
    offset: int = 0

    @property
    def empty(self) -> bool:
        return self.total == 0


PAGE_MARK = "/* page */"


def run_page(db: Path, sql: str, params: list[object], limit: int, offset: int = 0,
             count: tuple[str, list[object]] | None = None) -> Page:
    """``limit`` rows of an ordered query from ``offset``, and the count of all its rows, on one
    connection (one consistent snapshot).

    ``LIMIT/OFFSET`` goes where ``sql`` has ``PAGE_MARK`` — inside the CTE that ranks the rows, so
    that labels and names are joined to one page of rows, not to a province's 100.000 — or at its
    end. ``count`` is a cheaper query counting the same rows (default: ``count(*)`` over ``sql``)."""
    count_sql, count_params = count or (f"SELECT count(*) FROM ({sql.replace(PAGE_MARK, '')})", params)
    limit = max(1, int(limit))
    with reading(db) as con:
        total = int(con.execute(count_sql, count_params).fetchone()[0])
        offset = max(0, int(offset))
        if offset >= total:  # past the end (the data shrank): the last page
            offset = max(total - 1, 0) // limit * limit
        clause = f"LIMIT {limit} OFFSET {offset}"  # two ints, never text from a user
        paged = sql.replace(PAGE_MARK, clause) if PAGE_MARK in sql else f"{sql}\n{clause}"
        rows = con.execute(paged, params).df()
    return Page(rows, total, offset)


def order_clause(orders: dict[str, tuple[str, str]], key: str, what: str, **names: str) -> str:
    """The ORDER BY of ``key`` among a list's ``orders`` (key -> (label, clause with ``{name}``
    placeholders, filled from ``names``)). A key comes from a page's picker; anything else is refused."""
    if key not in orders:
        raise ValueError(f"unknown {what} order {key!r}; one of {sorted(orders)}")
    return orders[key][1].format(**names)


def unit_rank(column: str) -> str:
    """An ORDER BY term putting ``column``'s units in the catalogue's order (Văn phòng, Thanh tra,
    the phòng, then the đơn vị), as the unit filter and the charts list them; a unit outside the
    catalogue after them. Follow it with the code, for units of one rank."""
    return f"(SELECT ranked.sort_order FROM v_units ranked WHERE ranked.unit_code = {column}) NULLS LAST"


def order_labels(orders: dict[str, tuple[str, str]]) -> dict[str, str]:
    """key -> label of a list's ``orders``, for ``ui.paged_table(orders=)``."""
    return {key: label for key, (label, _) in orders.items()}


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
            "SELECT unit_code, unit_name FROM v_units WHERE active AND reports "
            "ORDER BY sort_order NULLS LAST, unit_code").df()
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
