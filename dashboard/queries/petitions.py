"""Complaints, denunciations and petitions (đơn thư): named queries over ``v_petitions``.

Period semantics, used by every function here (``f`` is the shared ``Filters``):

- *received* in the period: ``received_date`` in ``[f.start, f.end]``;
- *carried over* (kỳ trước chuyển sang): received before ``f.start`` and not resolved before it;
- *in scope* of the period: carried over + received (the "tổng số đơn" of Thông tư 01/2024/TT-TTCP);
- *resolved* in the period: ``is_resolved`` and ``resolved_date`` in ``[f.start, f.end]``;
- *open*: received on or before ``f.as_of`` and not resolved on or before it.

Every function aggregates in DuckDB and returns a small frame; choice codes come with their
Vietnamese labels (``*_label`` columns) from the catalogue so the consolidated report can reuse them.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard import fmt
from dashboard.filters import Filters
from dashboard.queries.common import (
    PAGE_MARK,
    PAGE_SIZE,
    Page,
    choices_table,
    order_clause,
    order_labels,
    run,
    run_page,
    unit_rank,
    values_table,
)
from etl.catalog import default_catalog
from etl.deadlines import CaseFacts, DeadlineRuleError, RuleSet
from etl.holidays import WorkCalendar

__all__ = [
    "ACCEPTANCE_STATES",
    "AGE_BANDS",
    "DEADLINE_STATES",
    "DUE_SOON_WORKING_DAYS",
    "POINTS_LIMIT",
    "acceptance_limits",
    "acceptance_on_time",
    "due_soon_horizon",
    "on_time_by_month",
    "on_time_by_unit",
    "open_by_age",
    "open_by_deadline",
    "pending_labels",
    "petition_case_page",
    "petition_cases",
    "petition_results",
    "petition_summary",
    "resolution_limits",
    "resolution_stats",
    "resolution_times",
]

DUE_SOON_WORKING_DAYS = 10

# (code, label, lowest age in days, highest age in days or None): days since receipt, as of f.as_of.
AGE_BANDS: tuple[tuple[str, str, int, int | None], ...] = (
    ("0-15", "0–15 ngày", 0, 15),
    ("16-30", "16–30 ngày", 16, 30),
    ("31-60", "31–60 ngày", 31, 60),
    ("61-90", "61–90 ngày", 61, 90),
    ("90+", "Trên 90 ngày", 91, None),
)

# Open cases against their deadline, as of f.as_of.
DEADLINE_STATES: tuple[tuple[str, str], ...] = (
    ("qua_han", "Quá hạn"),
    ("den_han", f"Đến hạn trong {DUE_SOON_WORKING_DAYS} ngày làm việc"),
    ("con_han", "Còn hạn"),
    ("chua_xac_dinh", "Chưa xác định hạn"),
)

NO_RESULT = ("khong_ghi", "Không ghi kết quả")
TOTAL = ("tong_cong", "Tổng cộng")

_SCOPE_PARAMS = """
    params AS (SELECT CAST(? AS DATE) AS p_start, CAST(? AS DATE) AS p_end, CAST(? AS DATE) AS p_as_of)
"""


@lru_cache(maxsize=1)
def _calendar() -> WorkCalendar:
    return WorkCalendar.from_csv()


@lru_cache(maxsize=1)
def _rules() -> RuleSet:
    return RuleSet.from_csv()




def _scope_params(f: Filters) -> list[object]:
    return [f.start, f.end, f.as_of]


def due_soon_horizon(as_of: date, working_days: int = DUE_SOON_WORKING_DAYS) -> date:
    """The last day that is at most ``working_days`` working days after ``as_of`` (holidays and
    make-up days from ``data/catalog/holidays.csv``): a due date in ``[as_of, horizon]`` is
    "đến hạn trong N ngày làm việc"."""
    return _calendar().add_working_days(as_of, working_days + 1) - timedelta(days=1)


def petition_summary(db: Path, f: Filters) -> pd.DataFrame:
    """The period's figures in the notions of Thông tư 01/2024/TT-TTCP, one row per kind (all four,
    in catalogue order) and a last ``tong_cong`` row.

    Columns: kind, kind_label, carried_over (kỳ trước chuyển sang), received (tiếp nhận trong kỳ),
    total, within_competence, outside_competence, resolved (đã giải quyết trong kỳ), in_progress
    (đang giải quyết), resolved_on_time, resolved_late, resolved_no_deadline, open_overdue (open as of
    ``f.as_of`` and past the deadline), on_time_share (on time / (on time + late); NaN if none).
    """
    kinds_sql, kinds_params = choices_table("petition_kind")
    unit_sql, unit_params = f.unit_clause("p.current_unit_code")
    sql = f"""
    WITH {_SCOPE_PARAMS},
    kinds AS {kinds_sql},
    scope AS (
        SELECT p.kind, p.within_competence, p.on_time,
               p.received_date < params.p_start AS carried_over,
               p.is_resolved AND p.resolved_date BETWEEN params.p_start AND params.p_end AS resolved,
               p.due_date < params.p_as_of AND p.received_date <= params.p_as_of
                   AND NOT (p.is_resolved AND p.resolved_date <= params.p_as_of) AS open_overdue
        FROM v_petitions p, params
        WHERE {unit_sql}
          AND p.received_date <= params.p_end
          AND NOT (p.is_resolved AND p.resolved_date < params.p_start)
    ),
    grouped AS (
        SELECT k.ord, k.code, k.label,
               count(s.kind) FILTER (WHERE s.carried_over) AS carried_over,
               count(s.kind) FILTER (WHERE NOT s.carried_over) AS received,
               count(s.kind) AS total,
               count(s.kind) FILTER (WHERE s.within_competence) AS within_competence,
               count(s.kind) FILTER (WHERE NOT s.within_competence) AS outside_competence,
               count(s.kind) FILTER (WHERE s.resolved) AS resolved,
               count(s.kind) FILTER (WHERE NOT s.resolved) AS in_progress,
               count(s.kind) FILTER (WHERE s.resolved AND s.on_time) AS resolved_on_time,
               count(s.kind) FILTER (WHERE s.resolved AND NOT s.on_time) AS resolved_late,
               count(s.kind) FILTER (WHERE s.resolved AND s.on_time IS NULL) AS resolved_no_deadline,
               count(s.kind) FILTER (WHERE s.open_overdue) AS open_overdue
        FROM kinds k LEFT JOIN scope s ON s.kind = k.code
        GROUP BY ROLLUP ((k.ord, k.code, k.label))
    )
    SELECT coalesce(code, ?) AS kind, coalesce(label, ?) AS kind_label,
           carried_over, received, total, within_competence, outside_competence, resolved, in_progress,
           resolved_on_time, resolved_late, resolved_no_deadline, open_overdue,
           resolved_on_time / nullif(resolved_on_time + resolved_late, 0) AS on_time_share
    FROM grouped
    ORDER BY ord NULLS LAST
    """
    return run(db, sql, _scope_params(f) + kinds_params + unit_params + list(TOTAL))


def resolution_times(db: Path, f: Filters) -> pd.DataFrame:
    """One row per case resolved in the period: unit_code, petition_ref, kind, kind_label,
    resolution_days (calendar days from thụ lý, else receipt), on_time; in kind order."""
    kinds_sql, kinds_params = choices_table("petition_kind")
    unit_sql, unit_params = f.unit_clause("p.current_unit_code")
    sql = f"""
    WITH {_SCOPE_PARAMS}, kinds AS {kinds_sql}
    SELECT p.current_unit_code AS unit_code, p.petition_ref, p.kind, k.label AS kind_label,
           p.resolution_days, p.on_time
    FROM v_petitions p JOIN kinds k ON k.code = p.kind, params
    WHERE {unit_sql} AND p.is_resolved AND p.resolved_date BETWEEN params.p_start AND params.p_end
    ORDER BY k.ord, p.resolution_days, p.current_unit_code, p.petition_ref
    """
    return run(db, sql, _scope_params(f) + kinds_params + unit_params)


# Up to this many resolved cases the chart draws every case as a point (with its Số hiệu on hover);
# above it (a province: tens of thousands) it draws the boxes from ``resolution_stats`` alone.
POINTS_LIMIT = 2000


def resolution_stats(db: Path, f: Filters) -> pd.DataFrame:
    """Resolution days of the cases resolved in the period, summarised per kind in DuckDB (one row
    per kind that has any, in kind order): kind, kind_label, cases, min_days, q1, median, q3,
    max_days, mean_days, lower_fence and upper_fence (Tukey's: the most extreme days within 1.5
    interquartile ranges of the box, as a box plot draws its whiskers), on_time, late.

    Quartiles interpolate linearly between cases (``quantile_cont``), as plotly's box does."""
    kinds_sql, kinds_params = choices_table("petition_kind")
    unit_sql, unit_params = f.unit_clause("p.current_unit_code")
    sql = f"""
    WITH {_SCOPE_PARAMS}, kinds AS {kinds_sql},
    resolved AS (
        SELECT p.kind, CAST(p.resolution_days AS DOUBLE) AS days, p.on_time
        FROM v_petitions p, params
        WHERE {unit_sql} AND p.is_resolved AND p.resolved_date BETWEEN params.p_start AND params.p_end
          AND p.resolution_days IS NOT NULL
    ),
    quartiles AS (
        SELECT kind, count(*) AS cases, min(days) AS min_days,
               quantile_cont(days, 0.25) AS q1, quantile_cont(days, 0.5) AS median,
               quantile_cont(days, 0.75) AS q3, max(days) AS max_days, avg(days) AS mean_days,
               count(*) FILTER (WHERE on_time) AS on_time, count(*) FILTER (WHERE NOT on_time) AS late
        FROM resolved GROUP BY kind
    )
    SELECT q.kind, k.label AS kind_label, q.cases, q.min_days, q.q1, q.median, q.q3, q.max_days, q.mean_days,
           min(r.days) FILTER (WHERE r.days >= q.q1 - 1.5 * (q.q3 - q.q1)) AS lower_fence,
           max(r.days) FILTER (WHERE r.days <= q.q3 + 1.5 * (q.q3 - q.q1)) AS upper_fence,
           q.on_time, q.late
    FROM quartiles q JOIN kinds k ON k.code = q.kind JOIN resolved r ON r.kind = q.kind
    GROUP BY ALL
    ORDER BY min(k.ord)
    """
    return run(db, sql, _scope_params(f) + kinds_params + unit_params)


# The representative cases whose statutory resolution limit is drawn on the chart.
_LIMIT_CASES: tuple[tuple[str, str, dict[str, object]], ...] = (
    ("khieu_nai", "Khiếu nại lần đầu", {"attempt": 1}),
    ("khieu_nai", "Khiếu nại lần đầu, phức tạp hoặc vùng sâu, vùng xa", {"attempt": 1, "complexity": "phuc_tap"}),
    ("khieu_nai", "Khiếu nại lần hai", {"attempt": 2}),
    ("to_cao", "Tố cáo (chưa gia hạn)", {}),
    ("kien_nghi", "Kiến nghị", {}),
    ("phan_anh", "Phản ánh", {}),
)


def resolution_limits(f: Filters, rules: RuleSet | None = None) -> pd.DataFrame:
    """The statutory resolution limits in force at the end of the period, from
    ``data/catalog/deadline_rules.csv`` (not from the database).

    Columns: kind, kind_label, case_label, rule_id, limit_days, day_type (calendar | working),
    calendar_days (where to draw it on a calendar-day axis: the limit itself, or for working days
    the same number of whole weeks, 5 working days ≈ 7 days, as a reference), legal_basis.
    """
    rule_set = rules or _rules()
    kind_labels = {o.code: o.label for o in default_catalog().choices["petition_kind"].options}
    rows = []
    for kind, case_label, facts in _LIMIT_CASES:
        case = CaseFacts(kind=kind, received_date=f.end, **facts)  # type: ignore[arg-type]
        try:
            step = "giai_quyet" if kind in ("khieu_nai", "to_cao") else "tra_loi"
            rule = rule_set.find_rule(case, step)
        except DeadlineRuleError:
            continue  # no rule in force for this case: nothing to draw
        calendar_days = rule.limit_days if rule.day_type == "calendar" else -(-rule.limit_days // 5) * 7
        rows.append({
            "kind": kind, "kind_label": kind_labels[kind], "case_label": case_label, "rule_id": rule.rule_id,
            "limit_days": rule.limit_days, "day_type": rule.day_type, "calendar_days": calendar_days,
            "legal_basis": rule.legal_basis,
        })
    columns = ["kind", "kind_label", "case_label", "rule_id", "limit_days", "day_type", "calendar_days",
               "legal_basis"]
    return pd.DataFrame(rows, columns=columns)


def on_time_by_month(db: Path, f: Filters) -> pd.DataFrame:
    """Cases resolved in the period by calendar month of resolution: month (first day), resolved,
    on_time, late, no_deadline, on_time_share (on time / (on time + late))."""
    unit_sql, unit_params = f.unit_clause("p.current_unit_code")
    sql = f"""
    WITH {_SCOPE_PARAMS}
    SELECT CAST(date_trunc('month', p.resolved_date) AS DATE) AS month,
           count(*) AS resolved,
           count(*) FILTER (WHERE p.on_time) AS on_time,
           count(*) FILTER (WHERE NOT p.on_time) AS late,
           count(*) FILTER (WHERE p.on_time IS NULL) AS no_deadline,
           count(*) FILTER (WHERE p.on_time) / nullif(count(p.on_time), 0) AS on_time_share
    FROM v_petitions p, params
    WHERE {unit_sql} AND p.is_resolved AND p.resolved_date BETWEEN params.p_start AND params.p_end
    GROUP BY 1
    ORDER BY 1
    """
    return run(db, sql, _scope_params(f) + unit_params)


def on_time_by_unit(db: Path, f: Filters) -> pd.DataFrame:
    """Cases resolved in the period by (today's) unit: unit_code, unit_name, resolved, on_time, late,
    no_deadline, on_time_share."""
    unit_sql, unit_params = f.unit_clause("p.current_unit_code")
    sql = f"""
    WITH {_SCOPE_PARAMS}
    SELECT p.current_unit_code AS unit_code, coalesce(u.unit_name, p.current_unit_code) AS unit_name,
           count(*) AS resolved,
           count(*) FILTER (WHERE p.on_time) AS on_time,
           count(*) FILTER (WHERE NOT p.on_time) AS late,
           count(*) FILTER (WHERE p.on_time IS NULL) AS no_deadline,
           count(*) FILTER (WHERE p.on_time) / nullif(count(p.on_time), 0) AS on_time_share
    FROM v_petitions p LEFT JOIN v_units u ON u.unit_code = p.current_unit_code, params
    WHERE {unit_sql} AND p.is_resolved AND p.resolved_date BETWEEN params.p_start AND params.p_end
    GROUP BY ALL
    ORDER BY any_value(u.sort_order) NULLS LAST, p.current_unit_code
    """
    return run(db, sql, _scope_params(f) + unit_params)


_OPEN = "p.received_date <= params.p_as_of AND NOT (p.is_resolved AND p.resolved_date <= params.p_as_of)"
# An open case's place against its deadline (one parameter: ``due_soon_horizon(f.as_of)``).
_DEADLINE_STATE = """CASE WHEN p.due_date IS NULL THEN 'chua_xac_dinh'
                    WHEN p.due_date < params.p_as_of THEN 'qua_han'
                    WHEN p.due_date <= CAST(? AS DATE) THEN 'den_han'
                    ELSE 'con_han' END"""
_AGE = "date_diff('day', p.received_date, params.p_as_of)"


# A case's thụ lý against its limit (khiếu nại: thụ lý, 10 working days; tố cáo: xử lý ban đầu, 7),
# as of f.as_of: the first two once accepted, the others while not (or never written).
ACCEPTANCE_STATES: tuple[tuple[str, str], ...] = (
    ("dung_han", "Thụ lý đúng hạn"),
    ("qua_han", "Thụ lý quá hạn"),
    ("chua_qua_han", "Chưa thụ lý, đã quá hạn"),
    ("chua_con_han", "Chưa thụ lý, còn hạn"),
    ("khong_ghi", "Đã kết thúc, không ghi ngày thụ lý"),
)
ACCEPTANCE_KINDS = ("khieu_nai", "to_cao")


def acceptance_limits(f: Filters, rules: RuleSet | None = None) -> dict[str, str]:
    """kind -> the limit of its thụ lý in words ("10 ngày làm việc", from receipt), by the rules in
    force at the period's end."""
    rules = rules or _rules()
    limits = {}
    for kind in ACCEPTANCE_KINDS:
        deadline = rules.acceptance_deadline(CaseFacts(kind=kind, received_date=f.end), _calendar())
        rule = next(r for r in rules.rules if r.rule_id == deadline.rule_id)
        unit = "ngày làm việc" if rule.day_type == "working" else "ngày"
        limits[kind] = f"{rule.limit_days} {unit}"
    return limits


def acceptance_on_time(db: Path, f: Filters) -> pd.DataFrame:
    """Thụ lý on time: the khiếu nại and tố cáo within competence received in the period, by their
    acceptance against its statutory limit (``RuleSet.acceptance_deadline``: working days from receipt,
    holidays counted), as of ``f.as_of``; a thụ lý after ``f.as_of`` had not happened yet then.

    Columns: kind, kind_label, state, state_label, cases, limit (in words); every kind and state, in
    order. The limit depends on the kind and the receipt day alone: it is worked out in Python for
    each day of the period (a year: 730 limits, a few milliseconds), and the cases are counted in
    DuckDB in one pass."""
    unit_sql, unit_params = f.unit_clause("p.current_unit_code")
    where = f"""WHERE {unit_sql} AND p.within_competence AND p.kind IN ('khieu_nai', 'to_cao')
          AND p.received_date BETWEEN ? AND ?"""
    where_params = unit_params + [f.start, f.end]
    rules, calendar = _rules(), _calendar()
    dues: list[tuple[object, ...]] = []
    days = [f.start + timedelta(days=i) for i in range((f.end - f.start).days + 1)]
    for kind, received in ((kind, day) for kind in ACCEPTANCE_KINDS for day in days):
        try:
            deadline = rules.acceptance_deadline(CaseFacts(kind=kind, received_date=received), calendar)
        except DeadlineRuleError:  # received before any rule: no limit to be judged against
            continue
        dues.append((kind, received, deadline.due_date))
    # three list parameters, not a VALUES table of 2.190 (binding those took 55 ms at province scale)
    dues_sql = ("(SELECT unnest(CAST(? AS VARCHAR[])) AS kind, unnest(CAST(? AS DATE[])) AS received_date, "
                "unnest(CAST(? AS DATE[])) AS accept_due)")
    dues_params = [list(column) for column in zip(*dues)] if dues else [[], [], []]
    kinds_sql, kinds_params = choices_table("petition_kind")
    states_sql, states_params = values_table(
        [(code, label, i) for i, (code, label) in enumerate(ACCEPTANCE_STATES)], "code, label, ord",
        ("VARCHAR", "VARCHAR", "INTEGER"))
    sql = f"""
    WITH dues AS {dues_sql}, kinds AS {kinds_sql}, states AS {states_sql},
    cases AS (
        SELECT p.kind,
               CASE WHEN p.accepted_date <= ? THEN
                         CASE WHEN p.accepted_date <= d.accept_due THEN 'dung_han' ELSE 'qua_han' END
                    WHEN p.is_resolved AND p.resolved_date <= ? THEN 'khong_ghi'
                    WHEN d.accept_due < ? THEN 'chua_qua_han'
                    ELSE 'chua_con_han' END AS state
        FROM v_petitions p JOIN dues d ON d.kind = p.kind AND d.received_date = p.received_date
        {where}
    )
    SELECT k.code AS kind, k.label AS kind_label, s.code AS state, s.label AS state_label,
           count(c.kind) AS cases
    FROM kinds k CROSS JOIN states s
    LEFT JOIN cases c ON c.kind = k.code AND c.state = s.code
    WHERE k.code IN ('khieu_nai', 'to_cao')
    GROUP BY k.ord, k.code, k.label, s.ord, s.code, s.label
    ORDER BY k.ord, s.ord
    """
    params = dues_params + kinds_params + states_params + [f.as_of, f.as_of, f.as_of] + where_params
    frame = run(db, sql, params)
    limits = acceptance_limits(f, rules)
    frame["limit"] = frame["kind"].map(limits)
    return frame


def open_by_age(db: Path, f: Filters) -> pd.DataFrame:
    """Open cases (as of ``f.as_of``) by days since receipt: age_band, age_band_label, open; all five
    bands (0–15, 16–30, 31–60, 61–90, over 90 days) in order."""
    bands_sql, bands_params = values_table(
        [(code, label, i, low, high) for i, (code, label, low, high) in enumerate(AGE_BANDS)],
        "code, label, ord, low, high", ("VARCHAR", "VARCHAR", "INTEGER", "INTEGER", "INTEGER"))
    unit_sql, unit_params = f.unit_clause("p.current_unit_code")
    sql = f"""
    WITH {_SCOPE_PARAMS}, bands AS {bands_sql},
    open_cases AS (
        SELECT {_AGE} AS age
        FROM v_petitions p, params
        WHERE {unit_sql} AND {_OPEN}
    )
    SELECT b.code AS age_band, b.label AS age_band_label, count(o.age) AS open
    FROM bands b LEFT JOIN open_cases o ON o.age >= b.low AND (b.high IS NULL OR o.age <= b.high)
    GROUP BY b.ord, b.code, b.label
    ORDER BY b.ord
    """
    return run(db, sql, _scope_params(f) + bands_params + unit_params)


def open_by_deadline(db: Path, f: Filters) -> pd.DataFrame:
    """Open cases (as of ``f.as_of``) against their deadline: deadline_state, deadline_state_label,
    open; all four states in order. "Đến hạn" = due between ``f.as_of`` and the 10th working day
    after it (``due_soon_horizon``: weekends, holidays and make-up days counted properly)."""
    states_sql, states_params = values_table(
        [(code, label, i) for i, (code, label) in enumerate(DEADLINE_STATES)],
        "code, label, ord", ("VARCHAR", "VARCHAR", "INTEGER"))
    unit_sql, unit_params = f.unit_clause("p.current_unit_code")
    sql = f"""
    WITH {_SCOPE_PARAMS}, states AS {states_sql},
    open_cases AS (
        SELECT {_DEADLINE_STATE} AS state
        FROM v_petitions p, params
        WHERE {unit_sql} AND {_OPEN}
    )
    SELECT s.code AS deadline_state, s.label AS deadline_state_label, count(o.state) AS open
    FROM states s LEFT JOIN open_cases o ON o.state = s.code
    GROUP BY s.ord, s.code, s.label
    ORDER BY s.ord
    """
    params = _scope_params(f) + states_params + [due_soon_horizon(f.as_of)] + unit_params
    return run(db, sql, params)


def petition_results(db: Path, f: Filters) -> pd.DataFrame:
    """Cases resolved in the period by result: result, result_label, cases; the four results of the
    catalogue (Đúng, Sai, Đúng một phần, Đã trả lời) in order, then ``khong_ghi`` for resolved cases
    without a result (transferred, guided, withdrawn ...)."""
    results_sql, results_params = choices_table("petition_result")
    unit_sql, unit_params = f.unit_clause("p.current_unit_code")
    sql = f"""
    WITH {_SCOPE_PARAMS},
    results AS (SELECT * FROM {results_sql} UNION ALL SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), 99),
    resolved AS (
        SELECT coalesce(p.result, ?) AS result
        FROM v_petitions p, params
        WHERE {unit_sql} AND p.is_resolved AND p.resolved_date BETWEEN params.p_start AND params.p_end
    )
    SELECT r.code AS result, r.label AS result_label, count(x.result) AS cases
    FROM results r LEFT JOIN resolved x ON x.result = r.code
    GROUP BY r.ord, r.code, r.label
    ORDER BY r.ord
    """
    params = _scope_params(f) + results_params + list(NO_RESULT) + [NO_RESULT[0]] + unit_params
    return run(db, sql, params)


# The orders the whole case list can be put in (a grid's header click sorts only the rows shown):
# key -> (label, ORDER BY over the cases as ``{t}``). Each ends on unit and reference: a total order,
# so that pages never overlap.
CASE_ORDERS: dict[str, tuple[str, str]] = {
    "received": ("Ngày nhận, cũ trước", "{t}.received_date, {t}.current_unit_code, {t}.petition_ref"),
    "received_desc": ("Ngày nhận, mới trước",
                      "{t}.received_date DESC, {t}.current_unit_code, {t}.petition_ref"),
    "due": ("Hạn giải quyết, sớm trước", "{t}.due_date NULLS LAST, {t}.current_unit_code, {t}.petition_ref"),
    "days_desc": ("Số ngày giải quyết, lâu nhất trước",
                  "{t}.resolution_days DESC NULLS LAST, {t}.current_unit_code, {t}.petition_ref"),
    "unit": ("Đơn vị, số hiệu đơn",
             f"{unit_rank('{t}.current_unit_code')}, {{t}}.current_unit_code, {{t}}.petition_ref"),
}


def case_order_labels() -> dict[str, str]:
    return order_labels(CASE_ORDERS)


def _order_by(order: str, table: str) -> str:
    return order_clause(CASE_ORDERS, order, "case", t=table)


def _pending_sql(f: Filters, pending: str) -> tuple[str, list[object]]:
    """The condition of a ``pending_labels`` choice on ``v_petitions p`` (with ``params``)."""
    if not pending:
        return "", []
    if pending == "open":
        return f" AND ({_OPEN})", []
    if pending in dict(DEADLINE_STATES):
        return f" AND ({_OPEN}) AND {_DEADLINE_STATE} = ?", [due_soon_horizon(f.as_of), pending]
    for code, _, low, high in AGE_BANDS:
        if pending == code:
            upper = "" if high is None else f" AND {_AGE} <= {int(high)}"
            return f" AND ({_OPEN}) AND {_AGE} >= {int(low)}{upper}", []
    raise ValueError(f"unknown pending filter {pending!r}")


def pending_labels(f: Filters) -> dict[str, str]:
    """The case list's "Tình trạng" choices (code -> label): every case, the cases still open on
    ``f.as_of``, and the open ones by deadline state or by age: the bars of ``open_by_deadline``
    and ``open_by_age``, which a click on them opens."""
    def lower(label: str) -> str:
        return label[0].lower() + label[1:]

    return ({"": "Tất cả đơn", "open": f"Chưa giải quyết tại {fmt.day(f.as_of)}"}
            | {code: f"Chưa giải quyết · {lower(label)}" for code, label in DEADLINE_STATES}
            | {code: f"Chưa giải quyết · {lower(label)} từ ngày nhận" for code, label, _, _ in AGE_BANDS})


def _cases_sql(f: Filters, kinds: tuple[str, ...], statuses: tuple[str, ...], overdue_only: bool,
               mode: str = "all", order: str = "received", pending: str = "") -> tuple[str, list[object]]:
    """The case list (``mode`` "all"), one page of it ("page": ``PAGE_MARK`` in the ranking CTE,
    labels joined after the cut), or the number of its cases ("count"), in ``order``
    (a key of ``CASE_ORDERS``); ``pending``: a key of ``pending_labels``."""
    kinds_sql, kinds_params = choices_table("petition_kind")
    status_sql, status_params = choices_table("petition_status")
    result_sql, result_params = choices_table("petition_result")
    unit_sql, unit_params = f.unit_clause("p.current_unit_code")
    extra_sql, extra_params = "", []
    if kinds:
        extra_sql += f" AND p.kind IN ({', '.join('?' for _ in kinds)})"
        extra_params += list(kinds)
    if statuses:
        extra_sql += f" AND p.status IN ({', '.join('?' for _ in statuses)})"
        extra_params += list(statuses)
    pending_sql, pending_params = _pending_sql(f, pending)
    extra_sql += pending_sql
    extra_params += pending_params
    overdue = f"(({_OPEN}) AND p.due_date < params.p_as_of)"
    scope = f"""
        FROM v_petitions p, params
        WHERE {unit_sql}
          AND p.received_date <= params.p_end
          AND NOT (p.is_resolved AND p.resolved_date < params.p_start)
          {extra_sql}
          AND (? = FALSE OR {overdue})"""
    scope_params = unit_params + extra_params + [overdue_only]
    sql = f"""
    WITH {_SCOPE_PARAMS}, kinds AS {kinds_sql}, statuses AS {status_sql}, results AS {result_sql},
    cases AS (
        SELECT p.*, {overdue} AS overdue
        {scope}
        ORDER BY {_order_by(order, "p")}
        {PAGE_MARK if mode == "page" else ""}
    )
    SELECT c.current_unit_code AS unit_code, coalesce(u.unit_name, c.current_unit_code) AS unit_name,
           c.petition_ref, c.kind, k.label AS kind_label, c.field,
           c.received_date, c.accepted_date, c.due_date, c.resolved_date,
           c.status, s.label AS status_label, c.result, r.label AS result_label,
           c.resolution_days, c.on_time,
           CASE WHEN c.on_time THEN 'Có' WHEN NOT c.on_time THEN 'Không'
                WHEN c.is_resolved THEN 'Chưa xác định hạn'
                WHEN c.overdue THEN 'Quá hạn' ELSE '' END AS on_time_label,
           c.overdue, c.due_basis
    FROM cases c
    LEFT JOIN v_units u ON u.unit_code = c.current_unit_code
    LEFT JOIN kinds k ON k.code = c.kind
    LEFT JOIN statuses s ON s.code = c.status
    LEFT JOIN results r ON r.code = c.result
    ORDER BY {_order_by(order, "c")}
    """
    params = _scope_params(f) + kinds_params + status_params + result_params + scope_params
    if mode == "count":
        return f"WITH {_SCOPE_PARAMS} SELECT count(*) {scope}", _scope_params(f) + scope_params
    return sql, params


def petition_cases(
    db: Path,
    f: Filters,
    kinds: tuple[str, ...] = (),
    statuses: tuple[str, ...] = (),
    overdue_only: bool = False,
    pending: str = "",
    order: str = "received",
) -> pd.DataFrame:
    """Every case in scope of the period (carried over + received), optionally only some kinds, some
    statuses, only those open and past their deadline as of ``f.as_of``, or only the open ones
    of a ``pending_labels`` choice (``pending``): the whole list, which
    the page shows a page at a time (``petition_case_page``, the same SQL).

    Columns: unit_code, unit_name, petition_ref, kind, kind_label, field, received_date,
    accepted_date, due_date, resolved_date, status, status_label, result, result_label,
    resolution_days, on_time, on_time_label (Có / Không / Chưa xác định hạn for resolved cases,
    Quá hạn for open overdue ones, blank otherwise), overdue (open and past due), due_basis.
    Ordered by receipt date, unit, reference, or by another of ``CASE_ORDERS``. No citizen data
    exists to show.
    """
    return run(db, *_cases_sql(f, kinds, statuses, overdue_only, order=order, pending=pending))


def petition_case_page(
    db: Path,
    f: Filters,
    kinds: tuple[str, ...] = (),
    statuses: tuple[str, ...] = (),
    overdue_only: bool = False,
    pending: str = "",
    order: str = "received",
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> Page:
    """``limit`` rows of ``petition_cases`` (in ``order``) from ``offset``, with the number of all
    matching cases."""
    return run_page(db, *_cases_sql(f, kinds, statuses, overdue_only, "page", order, pending), limit=limit,
                    offset=offset, count=_cases_sql(f, kinds, statuses, overdue_only, "count", pending=pending))
