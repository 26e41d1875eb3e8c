"""Targets (chỉ tiêu): department-wide attainment, per unit, and across the year's periods.

Rules (contract §2, catalogue column ``aggregate``):
- A year's attainment as of a cut-off day uses, for each (current unit, indicator), the value of
  the latest period of that year ending on or before the cut-off (at equal ends the cumulative
  period: Năm before Quý IV; then the later upload). Cumulative periods are never added together.
  Merged units roll up to today's unit (``current_unit_code``).
- ``all_units`` ("100% đơn vị"): the share of the units that report (in the filter, existing at the
  cut-off) that attain (rating indicators such as CT06: ≥ Tốt). Not met once a unit with data has
  not attained; met once every such unit has data and attains; until then "Chưa có số liệu".
- ``sum_ratio``: met when Σ actual / Σ denominator (in %) reaches the target.
- ``models_and_exemplars`` (CT03, "đăng ký xây dựng mô hình và có từ 01-02 điển hình"): counted
  once from ``v_models``: at least ``target`` models (Mô hình) registered between the start of the
  year's window and the cut-off, and at least ``target`` exemplars (Điển hình tập thể / cá nhân)
  the department has: registered by the cut-off, whatever the year, and not stopped (Dừng) as of
  the cut-off (``models_as_of``: the state the returns up to then gave it; counted by
  ``not_stopped_as_of``).
  No data ("Chưa có số liệu") while no unit in the filter has a return of the year by the cut-off.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.filters import CUMULATIVE_ORDER, Filters
from dashboard.fmt import NO_DATA, num
from dashboard.queries.common import run
from dashboard.queries.models import models_as_of, not_stopped_as_of, reported_after
from etl.periods import period_from_code

MET = "Đạt"
NOT_MET = "Chưa đạt"
DEPARTMENT_ONLY = "Tính chung toàn Sở"
KIND_RANK = sorted(CUMULATIVE_ORDER, key=CUMULATIVE_ORDER.__getitem__)  # month … year
# CT03's "có từ 01-02 điển hình": the exemplars, whose state (not stopped) is read as of each cut-off
_EXEMPLARS = "m.model_type IN ('dien_hinh_tap_the', 'dien_hinh_ca_nhan')"


def status_label(attained: object) -> str:
    """True → 'Đạt', False → 'Chưa đạt', missing → 'Chưa có số liệu'."""
    if attained is None or pd.isna(attained):
        return NO_DATA
    return MET if bool(attained) else NOT_MET


# -- shared SQL pieces ---------------------------------------------------------------------------

# The catalogue that applies to a year: its own, else the latest earlier one. Params: year.
# A year without a catalogue of its own uses the latest earlier one; its texts name their year
# ("Kế hoạch ... năm 2025"), which is then the year shown. Params: the year.
_CATALOG = """
catalog AS (
    SELECT indicator_code, replace(name, 'năm ' || i.year, 'năm ' || r.year) AS name,
           replace(short_name, 'năm ' || i.year, 'năm ' || r.year) AS short_name,
           kind, target, direction, measure_unit, aggregate, scope, source
    FROM indicators i, (SELECT CAST(? AS INTEGER) AS year) r
    WHERE i.year = (SELECT max(year) FROM indicators WHERE year <= r.year)
)"""

# A unit that reports (``u``, v_units) and exists on ``{day}`` and after the year's start. Params:
# ``{day}`` where it is a ``?``, then the year's start.
_REPORTS = "u.reports AND (u.valid_from IS NULL OR u.valid_from <= {day}) AND (u.valid_to IS NULL OR u.valid_to >= ?)"

# Current units in the filter. Params: the unit clause's.
_SCOPE = """
scope_units AS (SELECT DISTINCT current_unit_code FROM v_units WHERE {units})"""

# Per (cut-off, current unit, indicator): the latest value of the year on or before the cut-off.
# Params: year, kind ranks.
_LATEST = """
latest AS (
    SELECT c.cutoff, v.current_unit_code, v.indicator_code, v.period_code, v.period_end, v.actual,
           v.denominator, v.attained, v.actual_label, v.rate
    FROM cutoffs c
    JOIN v_indicator_values v ON v.year = ? AND v.period_end <= c.cutoff
    WHERE v.current_unit_code IN (SELECT current_unit_code FROM scope_units)
    QUALIFY row_number() OVER (
        PARTITION BY c.cutoff, v.current_unit_code, v.indicator_code
        ORDER BY v.period_end DESC, list_position(?::VARCHAR[], v.period_kind) DESC, v.submission_id DESC) = 1
)"""

_DEPARTMENT_SELECT = """
, per_indicator AS (
    SELECT cutoff, indicator_code,
           count(attained) AS units_with_data,
           count(*) FILTER (WHERE attained) AS units_attained,
           sum(actual) FILTER (WHERE denominator > 0) AS numerator,
           sum(denominator) FILTER (WHERE denominator > 0) AS denominator
    FROM latest GROUP BY ALL
),
registered AS (  -- the year's Mô hình joined to each cut-off, not every model of every year
    SELECT c.cutoff, count(m.model_key) AS models
    FROM cutoffs c
    LEFT JOIN v_models m
      ON m.model_type = 'mo_hinh' AND m.registered_date >= ? AND m.registered_date <= c.cutoff
     AND m.current_unit_code IN (SELECT current_unit_code FROM scope_units)
    GROUP BY c.cutoff
),
exemplars AS (  -- not stopped as of the cut-off (the state the returns up to then gave them)
    SELECT cutoff, models AS exemplars FROM {exemplars}
),
models AS (SELECT cutoff, r.models, e.exemplars FROM registered r JOIN exemplars e USING (cutoff)),
expected AS (  -- the units that report, in the filter, existing at the cut-off (``reporting_units``)
    SELECT c.cutoff, count(DISTINCT u.current_unit_code) AS units
    FROM cutoffs c
    LEFT JOIN v_units u
      ON u.current_unit_code IN (SELECT current_unit_code FROM scope_units)
     AND """ + _REPORTS.format(day="c.cutoff") + """
    GROUP BY c.cutoff
),
returned AS (  -- CT03 is counted from the register: without any return of the year it has no data
    SELECT c.cutoff, count(s.submission_id) AS returns
    FROM cutoffs c
    LEFT JOIN v_submissions s
      ON s.is_active AND s.year = ? AND s.period_end <= c.cutoff
     AND s.current_unit_code IN (SELECT current_unit_code FROM scope_units)
    GROUP BY c.cutoff
),
joined AS (
    SELECT c.cutoff, c.period_code, k.indicator_code, k.short_name, k.name, k.kind, k.aggregate, k.target,
           k.direction, k.measure_unit,
           CAST(coalesce(p.units_with_data, 0) AS INTEGER) AS units_with_data,
           CAST(coalesce(p.units_attained, 0) AS INTEGER) AS units_attained,
           CAST(greatest(e.units, coalesce(p.units_with_data, 0)) AS INTEGER) AS units_expected,
           p.numerator, p.denominator,
           CASE WHEN r.returns > 0 THEN CAST(m.models AS INTEGER) END AS models,
           CASE WHEN r.returns > 0 THEN CAST(m.exemplars AS INTEGER) END AS exemplars,
           CASE WHEN p.denominator > 0 THEN 100.0 * p.numerator / p.denominator END AS ratio_pct
    FROM cutoffs c CROSS JOIN catalog k
    LEFT JOIN per_indicator p ON p.cutoff = c.cutoff AND p.indicator_code = k.indicator_code
    LEFT JOIN models m ON m.cutoff = c.cutoff
    LEFT JOIN returned r ON r.cutoff = c.cutoff
    LEFT JOIN expected e ON e.cutoff = c.cutoff
)
SELECT cutoff, period_code, indicator_code, short_name, name, kind, aggregate, target, measure_unit,
       units_with_data, units_attained, units_expected, numerator, denominator,
       CASE WHEN aggregate = 'models_and_exemplars' THEN models END AS models,
       CASE WHEN aggregate = 'models_and_exemplars' THEN exemplars END AS exemplars,
       CASE aggregate
           WHEN 'sum_ratio' THEN ratio_pct
           WHEN 'models_and_exemplars' THEN 100.0 * least(models, exemplars) / nullif(target, 0)
           ELSE CASE WHEN units_with_data > 0 THEN 100.0 * units_attained / units_expected END
       END AS value_pct,
       CASE WHEN aggregate = 'sum_ratio' THEN target ELSE 100.0 END AS target_pct,
       CASE aggregate
           WHEN 'sum_ratio' THEN CASE WHEN direction = '<=' THEN ratio_pct <= target ELSE ratio_pct >= target END
           WHEN 'models_and_exemplars' THEN models >= target AND exemplars >= target
           -- "100% of units": missed once a unit with data has not attained; met once every unit
           -- that reports has attained; until then, while units have not reported, not known
           ELSE CASE WHEN units_attained < units_with_data THEN false
                     WHEN units_with_data > 0 AND units_with_data = units_expected THEN true END
       END AS attained
FROM joined
ORDER BY cutoff, indicator_code"""


def _exemplars(look_up: bool) -> str:
    """The exemplars of the register at each cut-off of ``cutoffs``, in their state then."""
    return models_as_of("cutoffs", ("status",), _EXEMPLARS, look_up)


def _department(db: Path, f: Filters, cutoffs_sql: str, cutoff_params: list[object],
                values: str = "v_indicator_values", look_up: bool = True) -> pd.DataFrame:
    """``values``: where ``latest`` reads the year's values (a CTE of ``cutoffs_sql`` may hold them).
    ``look_up``: whether a model's state may be older at a cut-off than now (``reported_after``)."""
    units_sql, units_params = f.unit_clause("current_unit_code")
    latest = _LATEST.replace("JOIN v_indicator_values v", f"JOIN {values} v")
    # CT03's exemplars counted per cut-off, in the filter's units (not the rows of each, then counted)
    exemplars = not_stopped_as_of("cutoffs", _EXEMPLARS, "(SELECT current_unit_code FROM scope_units)", look_up)
    sql = ("WITH " + cutoffs_sql + "," + _CATALOG + "," + _SCOPE.format(units=units_sql) + "," + latest
           + _DEPARTMENT_SELECT.replace("{exemplars}", exemplars))
    year_start = period_from_code(str(f.year)).start
    params = [*cutoff_params, f.year, *units_params, f.year, KIND_RANK, year_start, year_start, f.year]
    frame = run(db, sql, params)
    frame["status"] = [status_label(a) for a in frame["attained"]]
    frame["result"] = [_department_result(r) for r in frame.itertuples()]
    return frame


_DEPARTMENT_COLUMNS = ["indicator_code", "short_name", "name", "kind", "aggregate", "target", "measure_unit",
                       "units_with_data", "units_attained", "units_expected", "numerator", "denominator", "models",
                       "exemplars", "value_pct", "target_pct", "attained", "status", "result"]


def department_attainment(db: Path, f: Filters) -> pd.DataFrame:
    """One row per indicator of the year's catalogue: the department-wide value and whether it is
    met as of the selected period's end. ``value_pct`` is the ratio for ``sum_ratio``, the share of
    the units that report that attain for ``all_units``, and the weaker of models/exemplars against
    the target for CT03; ``target_pct`` is what it is compared with."""
    frame = _department(db, f, "cutoffs AS (SELECT ?::DATE AS cutoff, ?::VARCHAR AS period_code)",
                        [f.end, f.period_code or str(f.year)], look_up=reported_after(db, f.end))
    return frame[_DEPARTMENT_COLUMNS]


def targets_met(db: Path, f: Filters) -> pd.DataFrame:
    """One row: how many of the year's indicators are met department-wide, not met, without data,
    out of how many."""
    return count_met(department_attainment(db, f))


def targets_not_met(db: Path, f: Filters) -> pd.DataFrame:
    """The indicators not met (or without data) department-wide, with the value reached."""
    return not_met(department_attainment(db, f))


def count_met(department: pd.DataFrame) -> pd.DataFrame:
    """``targets_met`` from a ``department_attainment`` frame already at hand (no second query)."""
    status = department["status"]
    return pd.DataFrame([{"met": int((status == MET).sum()), "not_met": int((status == NOT_MET).sum()),
                          "no_data": int((status == NO_DATA).sum()), "total": len(status)}])


def not_met(department: pd.DataFrame) -> pd.DataFrame:
    """``targets_not_met`` from a ``department_attainment`` frame already at hand."""
    frame = department[department["status"] != MET].reset_index(drop=True)
    return frame[["indicator_code", "short_name", "status", "result"]]


def _department_result(row) -> str:
    if row.aggregate == "models_and_exemplars":
        if pd.isna(row.models):  # no return of the year yet
            return NO_DATA
        return f"{num(row.models)} mô hình, {num(row.exemplars)} điển hình (chỉ tiêu ≥ {num(row.target)})"
    if row.aggregate == "sum_ratio":
        if pd.isna(row.value_pct):
            return NO_DATA
        return f"{num(row.value_pct, 1)}% (chỉ tiêu {num(row.target)}%)"
    if row.units_with_data == 0:
        return NO_DATA
    missing = row.units_expected - row.units_with_data
    return f"{num(row.units_attained)}/{num(row.units_expected)} đơn vị đạt" + (
        f" ({num(missing)} đơn vị chưa có số liệu)" if missing else "")


def department_trend(db: Path, f: Filters) -> pd.DataFrame:
    """Department-wide attainment at each cut-off of the year up to the selected period's end:
    one cut-off per period end with data (labelled with the longest period ending then)."""
    units_sql, units_params = f.unit_clause("current_unit_code")
    # the year's values once: the view derives the reception and model indicators from their rows,
    # and both the cut-offs and ``latest`` read it
    cutoffs_sql = f"""year_values AS MATERIALIZED (SELECT * FROM v_indicator_values WHERE year = ?),
    cutoffs AS (
        SELECT period_end AS cutoff,
               arg_max(period_code, list_position(?::VARCHAR[], period_kind)) AS period_code
        FROM year_values
        WHERE period_end <= ? AND current_unit_code IN
              (SELECT DISTINCT current_unit_code FROM v_units WHERE {units_sql})
        GROUP BY period_end
    )"""
    frame = _department(db, f, cutoffs_sql, [f.year, KIND_RANK, f.end, *units_params], values="year_values")
    frame.insert(2, "period_label", [period_from_code(c).label for c in frame["period_code"]])
    return frame[["cutoff", "period_code", "period_label", "indicator_code", "short_name", "value_pct",
                  "target_pct", "attained", "status", "result"]]


_UNIT_SQL = """
, rows AS (
    SELECT u.current_unit_code AS unit_code, any_value(cu.unit_name) AS unit_name,
           any_value(cu.sort_order) AS sort_order
    FROM v_units u JOIN v_units cu ON cu.unit_code = u.current_unit_code
    WHERE u.current_unit_code IN (SELECT current_unit_code FROM scope_units)
      AND """ + _REPORTS.format(day="?") + """
      AND (? IS NULL OR u.current_unit_code = ?)
    GROUP BY u.current_unit_code
),
unit_models AS (   -- the unit's share of CT03, from the model register (each model once)
    SELECT m.current_unit_code AS unit_code,
           count(*) FILTER (WHERE m.model_type = 'mo_hinh' AND m.registered_date >= ?) AS models,
           any_value(e.exemplars) AS exemplars
    FROM cutoffs c JOIN v_models m ON m.registered_date <= c.cutoff
    LEFT JOIN (SELECT current_unit_code, count(*) FILTER (WHERE status <> 'dung') AS exemplars
               FROM {exemplars} m GROUP BY ALL) e
      USING (current_unit_code)
    GROUP BY ALL
)
SELECT r.unit_code, r.unit_name, k.indicator_code, k.short_name, k.kind, k.scope, k.aggregate, k.target,
       k.measure_unit, l.period_code, l.actual, l.denominator, l.rate, l.actual_label, l.attained,
       coalesce(um.models, 0) AS models, coalesce(um.exemplars, 0) AS exemplars
FROM rows r CROSS JOIN catalog k
LEFT JOIN latest l ON l.current_unit_code = r.unit_code AND l.indicator_code = k.indicator_code
LEFT JOIN unit_models um ON um.unit_code = r.unit_code
WHERE k.scope <> 'department' OR ?
ORDER BY r.sort_order NULLS LAST, r.unit_code, k.indicator_code"""


def unit_attainment(db: Path, f: Filters, unit_code: str | None = None) -> pd.DataFrame:
    """Per (current reporting unit, indicator measured per unit): the value of the unit's latest
    period up to the selected period's end, and its status. With ``unit_code``, that unit only and
    the department-wide indicators too (status 'Tính chung toàn Sở'), for the unit's detail."""
    units_sql, units_params = f.unit_clause("current_unit_code")
    sql = ("WITH cutoffs AS (SELECT ?::DATE AS cutoff)," + _CATALOG + "," + _SCOPE.format(units=units_sql) + ","
           + _LATEST + _UNIT_SQL.replace("{exemplars}", _exemplars(reported_after(db, f.end))))
    year_start = period_from_code(str(f.year)).start
    params = [f.end, f.year, *units_params, f.year, KIND_RANK, f.end, year_start, unit_code, unit_code,
              year_start, unit_code is not None]
    frame = run(db, sql, params)
    frame["period_label"] = [period_from_code(c).label if isinstance(c, str) else "" for c in frame["period_code"]]
    frame["result"] = [_unit_result(r) for r in frame.itertuples()]
    frame["status"] = [DEPARTMENT_ONLY if r.scope == "department" else status_label(r.attained)
                       for r in frame.itertuples()]
    return frame[["unit_code", "unit_name", "indicator_code", "short_name", "period_code", "period_label",
                  "target", "actual", "denominator", "result", "attained", "status"]]


def _unit_result(row) -> str:
    if row.aggregate == "models_and_exemplars":
        return f"{num(row.models)} mô hình, {num(row.exemplars)} điển hình"
    if not isinstance(row.period_code, str):
        return NO_DATA
    if isinstance(row.actual_label, str) and row.actual_label:
        return row.actual_label
    if row.kind == "ratio" and not pd.isna(row.denominator):
        rate = "" if pd.isna(row.rate) else f" ({num(row.rate, 1)}%)"
        return f"{num(row.actual)}/{num(row.denominator)}{rate}"
    suffix = f" {row.measure_unit}" if isinstance(row.measure_unit, str) and row.measure_unit else ""
    return f"{num(row.actual)}{suffix}"


def reporting_units(db: Path, f: Filters) -> pd.DataFrame:
    """The current reporting units in the filter for the year (for the unit detail selectbox)."""
    units_sql, units_params = f.unit_clause("u.current_unit_code")
    year_start = period_from_code(str(f.year)).start
    return run(db, f"""
        SELECT u.current_unit_code AS unit_code, any_value(cu.unit_name) AS unit_name
        FROM v_units u JOIN v_units cu ON cu.unit_code = u.current_unit_code
        WHERE {units_sql} AND {_REPORTS.format(day="?")}
        GROUP BY 1
        ORDER BY any_value(cu.sort_order) NULLS LAST, unit_code""", [*units_params, f.end, year_start])
