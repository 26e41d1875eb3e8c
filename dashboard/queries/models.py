""""Dân vận khéo" models and exemplars: named queries over ``v_models``.

``v_models`` already holds each model once, in its current state (contract §2: the same model
repeated by later returns, with other case or spacing in its name, is one model). The register of a
period is every model registered on or before ``f.end``, in its state at ``f.end`` (``models_as_of``:
a past period's statuses are those its returns reported); "registered in the period" means
``registered_date`` in ``[f.start, f.end]`` (as the CT03 indicator counts it).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from dashboard.filters import Filters
from dashboard.fmt import NO_DATA
from dashboard.queries.common import (
    PAGE_SIZE,
    Page,
    choices_table,
    order_clause,
    order_labels,
    run,
    run_page,
    unit_rank,
)
from etl.periods import period_from_code

__all__ = [
    "EXEMPLAR_TYPES",
    "model_list",
    "model_page",
    "model_registrations_by_month",
    "model_summary",
    "models_by_field",
    "models_by_recognition_level",
    "models_by_status",
    "models_by_unit",
]

EXEMPLAR_TYPES = ("dien_hinh_tap_the", "dien_hinh_ca_nhan")  # điển hình (tập thể, cá nhân)
_EXEMPLARS = "m.model_type IN ('dien_hinh_tap_the', 'dien_hinh_ca_nhan')"


# What a model's row says about its progress, taken as of a day by ``models_as_of``; the rest (name,
# type, field, registration date) is its identity and stays as the latest return corrected it.
STATE_COLUMNS = ("status", "recognition_level", "start_date", "end_date", "decision_no", "highlights")
# The columns of ``v_models`` a register as of a day has (etl/views.sql).
_VIEW_COLUMNS = ("unit_code", "model_name", "model_type", "field", "registered_date", "status", "recognition_level",
                 "start_date", "end_date", "decision_no", "highlights", "model_key", "current_unit_code",
                 "submission_id", "last_period_code")


def _looked_up(cutoffs: str, only: str, units: str = "TRUE") -> str:
    """The CTEs ``_cutoffs``, ``_stale`` and ``_owners`` of a look-up as of the cut-offs (``models_as_of``,
    ``not_stopped_as_of``): the models a return ending after a cut-off repeats (``only`` of them, in
    ``units``: a condition on ``coalesce(u.current_unit_code, m.unit_code)``), and whose rows are their
    history."""
    return f"""_cutoffs AS (SELECT DISTINCT cutoff FROM {cutoffs}),
    _stale AS (  -- models that a return ending after a cut-off repeats: their current row is not their state then
        SELECT m.unit_code, m.model_key, coalesce(u.current_unit_code, m.unit_code) AS current_unit_code,
               m.registered_date, seen.period_end AS seen
        FROM current_models m
        JOIN submissions seen ON seen.submission_id = m.submission_id
        LEFT JOIN units u ON u.unit_code = m.unit_code
        WHERE NOT m.taken_over  -- as v_models: read apart, so that v_models is not materialised twice
          AND seen.period_end > (SELECT min(cutoff) FROM _cutoffs)
          AND m.registered_date <= (SELECT max(cutoff) FROM _cutoffs)
          AND ({only}) AND {units}
    ),
    _owners AS (  -- whose rows are their history: their unit's, and the units they were taken over from
        SELECT unit_code AS row_unit, * FROM _stale
        UNION ALL
        SELECT o.unit_code, st.*
        FROM _stale st
        JOIN current_models o ON o.taken_over AND o.model_key = st.model_key AND o.unit_code <> st.unit_code
        JOIN units ou ON ou.unit_code = o.unit_code AND ou.current_unit_code = st.current_unit_code
    )"""


# A model's row as of a cut-off (``arg_max`` key over its rows ``r``, cut-offs ``c``): the row ending
# latest by the cut-off, else the earliest after it; then the later upload.
_LATEST_BY_CUTOFF = """(r.period_end <= c.cutoff,
        IF(r.period_end <= c.cutoff, 1, -1) * date_diff('day', DATE '2000-01-01', r.period_end),
        r.uploaded_at, r.submission_id)"""


def models_as_of(cutoffs: str, state: tuple[str, ...] = STATE_COLUMNS, only: str = "TRUE",
                 look_up: bool = True) -> str:
    """A relation of every model in the register at each ``cutoff`` of the relation ``cutoffs``
    (SQL naming a table or CTE with a DATE column ``cutoff``): cutoff and the columns of
    ``v_models`` (the model, counted once), with its progress (``state``, some of
    ``STATE_COLUMNS``, and submission_id, last_period_code) as of the cut-off: from its row in the
    active return with the latest period end on or before the cut-off (ties: the later upload), so
    that a past period shows the statuses its returns reported, not today's. A model first
    reported by a later return (registered before the cut-off) has the state that return first
    gave it. Rows of a unit merged into the model's unit (the model taken over) are its history too.

    Only models reported again after the cut-off are looked up (none for the latest period): the
    others' current row is their state then. ``only``, a condition on the columns of ``v_models``
    named ``m``, keeps some models (CT03's exemplars): the fewer rows, the faster. ``look_up=False``
    (no return ends after the cut-offs: ``reported_after``) gives the current rows as they are."""
    if not look_up:
        return f"""(SELECT c.cutoff, {", ".join(f"m.{c}" for c in _VIEW_COLUMNS)}
    FROM (SELECT DISTINCT cutoff FROM {cutoffs}) c JOIN v_models m ON m.registered_date <= c.cutoff AND ({only}))"""
    fields = (*state, "submission_id", "last_period_code")
    then = ", ".join(f"r.{c}" for c in state)
    packed = ", ".join(f"'{c}': r.{c}" for c in fields)
    columns = ", ".join(f"m.{c}" for c in _VIEW_COLUMNS)
    then_columns = ", ".join(f"t.state.{c}" if c in fields else "t.current_unit_code" if c == "current_unit_code"
                             else f"m.{c}" for c in _VIEW_COLUMNS)
    return f"""(
    WITH {_looked_up(cutoffs, only)},
    _rows AS (
        SELECT w.unit_code, w.model_key, w.current_unit_code, w.registered_date, w.seen, s.period_end,
               s.uploaded_at, s.submission_id, s.period_code AS last_period_code, {then}
        FROM _owners w
        JOIN submissions s ON s.unit_code = w.row_unit AND s.status = 'active'
        JOIN model_rows r ON r.submission_id = s.submission_id AND r.model_key = w.model_key
    ),
    _then AS (   -- the row ending latest by the cut-off, else the earliest; then the later upload
        SELECT c.cutoff, r.unit_code, r.model_key, r.current_unit_code,
               arg_max({{{packed}}}, {_LATEST_BY_CUTOFF}) AS state
        FROM _cutoffs c JOIN _rows r ON r.seen > c.cutoff AND r.registered_date <= c.cutoff
        GROUP BY ALL
    )
    SELECT c.cutoff, {columns}  -- the models whose current row is their state at the cut-off
    FROM _cutoffs c
    JOIN v_models m ON m.registered_date <= c.cutoff AND ({only})
    JOIN submissions seen ON seen.submission_id = m.submission_id AND seen.period_end <= c.cutoff
    UNION ALL
    SELECT t.cutoff, {then_columns}  -- the others, in their state then
    FROM _then t JOIN current_models m ON m.unit_code = t.unit_code AND m.model_key = t.model_key
    WHERE NOT m.taken_over)"""


def not_stopped_as_of(cutoffs: str, only: str = "TRUE", units: str | None = None, look_up: bool = True) -> str:
    """A relation (cutoff, models) with one row per distinct ``cutoff`` of the relation ``cutoffs``:
    how many models of the register at the cut-off are not stopped (Dừng) in their state then, i.e.
    ``count(model_key) FILTER (WHERE status <> 'dung')`` over the rows of ``models_as_of(cutoffs,
    ("status",), only, look_up)`` whose current unit is in ``units`` (SQL naming a relation of
    current unit codes; None: every unit); 0 where there is none. CT03's exemplars at every cut-off
    of the year.

    The same rule as ``models_as_of``, counted without building its rows: the models whose current
    row is their state at the cut-off (registered, and that row's return ended, by then) are counted
    per day from which they count; only the others are looked up, and only in the chosen units."""
    unit_m = "TRUE" if units is None else f"m.current_unit_code IN {units}"
    if not look_up:
        return f"""(SELECT c.cutoff, count(m.model_key) FILTER (WHERE m.status <> 'dung') AS models
    FROM (SELECT DISTINCT cutoff FROM {cutoffs}) c
    LEFT JOIN v_models m ON m.registered_date <= c.cutoff AND ({only}) AND {unit_m}
    GROUP BY c.cutoff)"""
    unit_stale = "TRUE" if units is None else f"coalesce(u.current_unit_code, m.unit_code) IN {units}"
    return f"""(
    WITH {_looked_up(cutoffs, only, unit_stale)},
    _current AS (  -- the models whose current row is their state from ``since`` on, counted per day
        SELECT greatest(m.registered_date, seen.period_end) AS since,
               count(m.model_key) FILTER (WHERE m.status <> 'dung') AS models
        FROM v_models m JOIN submissions seen ON seen.submission_id = m.submission_id
        WHERE m.registered_date IS NOT NULL AND ({only}) AND {unit_m}
        GROUP BY ALL
    ),
    _rows AS (  -- (unit, model key) as one condition (both NOT NULL), so that each stored row meets its
                -- return first: joined apart, the optimiser may pair every model with every return of its
                -- unit first and probe the stored rows with that (several times slower)
        SELECT w.unit_code, w.model_key, w.registered_date, w.seen, s.period_end, s.uploaded_at, s.submission_id,
               r.status
        FROM _owners w
        JOIN submissions s ON s.status = 'active'
        JOIN model_rows r ON r.submission_id = s.submission_id
                         AND (s.unit_code, r.model_key) = (w.row_unit, w.model_key)
    ),
    _then AS (   -- as in models_as_of: the row ending latest by the cut-off, else the earliest; then the later upload
        SELECT c.cutoff,
               arg_max(r.status, {_LATEST_BY_CUTOFF}) <> 'dung' AS counted
        FROM _cutoffs c JOIN _rows r ON r.seen > c.cutoff AND r.registered_date <= c.cutoff
        GROUP BY c.cutoff, r.unit_code, r.model_key
    ),
    _counted AS (
        SELECT c.cutoff, n.models FROM _cutoffs c JOIN _current n ON n.since <= c.cutoff
        UNION ALL
        SELECT cutoff, CAST(counted AS INTEGER) FROM _then
    )
    SELECT c.cutoff, CAST(coalesce(sum(n.models), 0) AS BIGINT) AS models
    FROM _cutoffs c LEFT JOIN _counted n ON n.cutoff = c.cutoff
    GROUP BY c.cutoff)"""


def reported_after(db: Path, day: object) -> bool:
    """Whether an active return ends after ``day``: only then may a model's current state be newer."""
    sql = "SELECT EXISTS (SELECT 1 FROM submissions WHERE status = 'active' AND period_end > ?)"
    return bool(run(db, sql, [day]).iloc[0, 0])


def _register(db: Path, f: Filters, state: tuple[str, ...] = STATE_COLUMNS) -> tuple[str, list[object]]:
    """The register of the period: models registered on or before ``f.end``, in the chosen units,
    in their state at ``f.end`` (``models_as_of``; of the ``state`` columns the caller reads)."""
    unit_sql, unit_params = f.unit_clause("m.current_unit_code")
    if not state or not reported_after(db, f.end):
        # who is in the register (by name, type, field, date), or no return after the period (the
        # latest period, the usual view): the current state is the state then, without a look-up
        return f"(SELECT m.* FROM v_models m WHERE m.registered_date <= ? AND {unit_sql})", [f.end] + unit_params
    register = models_as_of("(SELECT ?::DATE AS cutoff)", state)
    return f"(SELECT m.* EXCLUDE (cutoff) FROM {register} m WHERE {unit_sql})", [f.end] + unit_params


def models_by_unit(db: Path, f: Filters) -> pd.DataFrame:
    """The register by (today's) unit: unit_code, unit_name, models (all), mo_hinh, dien_hinh
    (điển hình tập thể + cá nhân), recognised (Được công nhận), registered_in_period; units with at
    least one model, in the catalogue's order."""
    register_sql, register_params = _register(db, f, ("status",))
    sql = f"""
    SELECT m.current_unit_code AS unit_code, coalesce(u.unit_name, m.current_unit_code) AS unit_name,
           count(*) AS models,
           count(*) FILTER (WHERE m.model_type = 'mo_hinh') AS mo_hinh,
           count(*) FILTER (WHERE {_EXEMPLARS}) AS dien_hinh,
           count(*) FILTER (WHERE m.status = 'duoc_cong_nhan') AS recognised,
           count(*) FILTER (WHERE m.registered_date >= ?) AS registered_in_period
    FROM {register_sql} m LEFT JOIN v_units u ON u.unit_code = m.current_unit_code
    GROUP BY ALL
    ORDER BY any_value(u.sort_order) NULLS LAST, m.current_unit_code
    """
    return run(db, sql, [f.start] + register_params)


def _by_choice(db: Path, f: Filters, column: str, list_name: str, name: str) -> pd.DataFrame:
    choices_sql, choices_params = choices_table(list_name)
    register_sql, register_params = _register(db, f, tuple(c for c in (column,) if c in STATE_COLUMNS))
    sql = f"""
    WITH choices AS {choices_sql}, register AS {register_sql}
    SELECT c.code AS {name}, c.label AS {name}_label, count(r.{column}) AS models
    FROM choices c LEFT JOIN register r ON r.{column} = c.code
    GROUP BY c.ord, c.code, c.label
    ORDER BY c.ord
    """
    return run(db, sql, choices_params + register_params)


def models_by_field(db: Path, f: Filters) -> pd.DataFrame:
    """The register by field (lĩnh vực): field, field_label, models; all four fields in order."""
    return _by_choice(db, f, "field", "model_field", "field")


def models_by_status(db: Path, f: Filters) -> pd.DataFrame:
    """The register by status at the period's end, in lifecycle order (Đăng ký → Đang triển khai → Đã sơ kết →
    Được công nhận, then Dừng): status, status_label, models; all five statuses."""
    return _by_choice(db, f, "status", "model_status", "status")


def models_by_recognition_level(db: Path, f: Filters) -> pd.DataFrame:
    """Recognised models of the register by level (Cơ sở, Sở, Tỉnh, Trung ương): level, level_label,
    models; all four levels in order."""
    return _by_choice(db, f, "recognition_level", "recognition_level", "level")


def model_registrations_by_month(db: Path, f: Filters, until: date | None = None) -> pd.DataFrame:
    """Registrations by calendar month, from the month of ``f.start`` to the month of ``f.as_of``
    (or of ``until`` if earlier: the day the returns reach, past which no month is known yet):
    month (first day), registered (registered in the period, that month), cumulative (registered in
    the period up to the end of that month: what the plan's target is about), register_size (all
    models registered up to the end of that month, those before the period included)."""
    unit_sql, unit_params = f.unit_clause("m.current_unit_code")
    sql = f"""
    WITH params AS (SELECT CAST(? AS DATE) AS p_start, CAST(? AS DATE) AS p_as_of, CAST(? AS DATE) AS p_until),
    months AS (
        SELECT CAST(unnest(generate_series(date_trunc('month', p_start),
                                           date_trunc('month', least(p_as_of, coalesce(p_until, p_as_of))),
                                           INTERVAL 1 MONTH)) AS DATE) AS month
        FROM params
    ),
    register AS (SELECT m.registered_date FROM v_models m WHERE {unit_sql})
    SELECT mo.month,
           count(r.registered_date) FILTER (
               WHERE r.registered_date >= p_start AND date_trunc('month', r.registered_date) = mo.month
           ) AS registered,
           count(r.registered_date) FILTER (
               WHERE r.registered_date >= p_start AND r.registered_date <= least(last_day(mo.month), p_as_of)
           ) AS cumulative,
           count(r.registered_date) FILTER (WHERE r.registered_date <= least(last_day(mo.month), p_as_of))
               AS register_size
    FROM months mo CROSS JOIN params LEFT JOIN register r ON r.registered_date <= last_day(mo.month)
    GROUP BY mo.month
    ORDER BY mo.month
    """
    return run(db, sql, [f.start, f.as_of, until] + unit_params)


def model_summary(db: Path, f: Filters) -> pd.DataFrame:
    """The register in one row, against the plan's target (the indicator with source ``models``:
    CT03 in 2025, at least one model registered in the year and at least one điển hình), for the
    chosen units (all units: department-wide).

    Columns: models (the register), mo_hinh, dien_hinh (điển hình tập thể + cá nhân), recognised
    (Được công nhận), stopped (Dừng), registered_in_period (any type, in ``[f.start, f.end]``),
    registered_in_year (Mô hình registered from the start of the year's window to ``f.end``),
    exemplars (điển hình of the register that are not stopped: the plan's "có từ 01-02 điển
    hình"), indicator_code and target (from the
    indicator catalogue of ``f.year``, else the latest earlier year; NA/NaN if none),
    registered_met, exemplars_met (NA without a target, or while the chosen units have no return of
    the year ending by ``f.end``), registered_state and exemplars_state (Đạt / Chưa đạt / Chưa có
    chỉ tiêu / Chưa có số liệu). The met flags are CT03 exactly as the Chỉ tiêu page and the
    overview judge it (``dashboard.queries.indicators``): year to date, never one quarter alone.
    """
    register_sql, register_params = _register(db, f, ("status",))
    returns_sql, returns_params = f.unit_clause("s.current_unit_code")
    year_start = period_from_code(str(f.year)).start
    sql = f"""
    WITH target AS (
        SELECT indicator_code, target FROM indicators
        WHERE source = 'models' AND year = (SELECT max(year) FROM indicators WHERE year <= ? AND source = 'models')
        ORDER BY indicator_code LIMIT 1
    ),
    counts AS (
        SELECT count(*) AS models,
               count(*) FILTER (WHERE m.model_type = 'mo_hinh') AS mo_hinh,
               count(*) FILTER (WHERE {_EXEMPLARS}) AS dien_hinh,
               count(*) FILTER (WHERE m.status = 'duoc_cong_nhan') AS recognised,
               count(*) FILTER (WHERE m.status = 'dung') AS stopped,
               count(*) FILTER (WHERE m.registered_date >= ?) AS registered_in_period,
               count(*) FILTER (WHERE m.model_type = 'mo_hinh' AND m.registered_date >= ?) AS registered_in_year,
               count(*) FILTER (WHERE {_EXEMPLARS} AND m.status <> 'dung') AS exemplars
        FROM {register_sql} m
    ),
    returned AS (  -- as CT03 on the Chỉ tiêu page: no data while no return of the year reaches the cut-off
        SELECT count(*) AS returns FROM v_submissions s
        WHERE s.is_active AND s.year = ? AND s.period_end <= ? AND {returns_sql}
    )
    SELECT c.*, t.indicator_code, t.target,
           CASE WHEN r.returns > 0 THEN c.registered_in_year >= t.target END AS registered_met,
           CASE WHEN r.returns > 0 THEN c.exemplars >= t.target END AS exemplars_met,
           CASE WHEN t.target IS NULL THEN 'Chưa có chỉ tiêu' WHEN r.returns = 0 THEN '{NO_DATA}'
                WHEN c.registered_in_year >= t.target THEN 'Đạt' ELSE 'Chưa đạt' END AS registered_state,
           CASE WHEN t.target IS NULL THEN 'Chưa có chỉ tiêu' WHEN r.returns = 0 THEN '{NO_DATA}'
                WHEN c.exemplars >= t.target THEN 'Đạt' ELSE 'Chưa đạt' END AS exemplars_state
    FROM counts c CROSS JOIN returned r LEFT JOIN target t ON TRUE
    """
    return run(db, sql, [f.year, f.start, year_start] + register_params + [f.year, f.end] + returns_params)


# The orders the whole model list can be put in (a grid's header click sorts only the rows shown):
# key -> (label, ORDER BY over the register ``m``), each ending on unit and model key (a total order).
MODEL_ORDERS: dict[str, tuple[str, str]] = {
    "registered": ("Ngày đăng ký, cũ trước", "m.registered_date, m.current_unit_code, m.model_key"),
    "registered_desc": ("Ngày đăng ký, mới trước", "m.registered_date DESC, m.current_unit_code, m.model_key"),
    "unit": ("Đơn vị, tên mô hình",
             f"{unit_rank('m.current_unit_code')}, m.current_unit_code, m.model_name, m.model_key"),
}


def model_order_labels() -> dict[str, str]:
    return order_labels(MODEL_ORDERS)


def _list_sql(db: Path, f: Filters, order: str = "registered", fields: tuple[str, ...] = (), statuses: tuple[str, ...] = (),
              levels: tuple[str, ...] = ()) -> tuple[str, list[object]]:
    order_by = order_clause(MODEL_ORDERS, order, "model")
    where, where_params = "", []
    for column, chosen in (("field", fields), ("status", statuses), ("recognition_level", levels)):
        if chosen:
            where += f" AND m.{column} IN ({', '.join('?' for _ in chosen)})"
            where_params += list(chosen)
    type_sql, type_params = choices_table("model_type")
    field_sql, field_params = choices_table("model_field")
    status_sql, status_params = choices_table("model_status")
    level_sql, level_params = choices_table("recognition_level")
    register_sql, register_params = _register(db, f)
    sql = f"""
    WITH types AS {type_sql}, fields AS {field_sql}, statuses AS {status_sql}, levels AS {level_sql}
    SELECT m.current_unit_code AS unit_code, coalesce(u.unit_name, m.current_unit_code) AS unit_name,
           m.model_name, m.model_type, t.label AS model_type_label, m.field, fl.label AS field_label,
           m.registered_date, m.start_date, m.end_date, m.status, s.label AS status_label,
           m.recognition_level, l.label AS recognition_level_label, m.decision_no, m.highlights,
           m.registered_date >= ? AS registered_in_period
    FROM {register_sql} m
    LEFT JOIN v_units u ON u.unit_code = m.current_unit_code
    LEFT JOIN types t ON t.code = m.model_type
    LEFT JOIN fields fl ON fl.code = m.field
    LEFT JOIN statuses s ON s.code = m.status
    LEFT JOIN levels l ON l.code = m.recognition_level
    WHERE TRUE{where}
    ORDER BY {order_by}
    """
    params = type_params + field_params + status_params + level_params + [f.start] + register_params + where_params
    return sql, params


def model_list(db: Path, f: Filters, fields: tuple[str, ...] = (), statuses: tuple[str, ...] = (),
               levels: tuple[str, ...] = (), order: str = "registered") -> pd.DataFrame:
    """The register as a list, optionally only some fields, statuses or recognition levels (the bars
    of ``models_by_field``, ``models_by_status``, ``models_by_recognition_level``): unit_code,
    unit_name, model_name, model_type, model_type_label, field, field_label, registered_date,
    start_date, end_date, status, status_label, recognition_level, recognition_level_label,
    decision_no, highlights, registered_in_period; by registration date, or another of
    ``MODEL_ORDERS``."""
    return run(db, *_list_sql(db, f, order, fields, statuses, levels))


def model_page(db: Path, f: Filters, fields: tuple[str, ...] = (), statuses: tuple[str, ...] = (),
               levels: tuple[str, ...] = (), order: str = "registered", offset: int = 0,
               limit: int = PAGE_SIZE) -> Page:
    """``limit`` rows of ``model_list`` (in ``order``, a key of ``MODEL_ORDERS``) from ``offset``,
    with the number of all models listed."""
    return run_page(db, *_list_sql(db, f, order, fields, statuses, levels), limit=limit, offset=offset)
