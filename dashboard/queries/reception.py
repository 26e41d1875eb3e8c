"""Citizen reception (tiếp công dân): named queries over ``v_reception_sessions``.

A session counts in the period when its ``session_date`` is in ``[f.start, f.end]``. Months are
calendar months. The head of the department must receive citizens in person at least one day a
month (Luật Tiếp công dân 2013, Điều 18): ``head_reception_by_month`` checks that, department-wide.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from dashboard.filters import Filters
from dashboard.queries.common import choices_table, run

__all__ = [
    "HEAD_MIN_DAYS_PER_MONTH",
    "HEAD_ROLE",
    "HEAD_RULE_STATES",
    "head_reception_by_month",
    "head_rule_summary",
    "head_rule_months",
    "reception_totals",
    "sessions_by_month_and_form",
    "sessions_by_month_and_host",
]

HEAD_ROLE = "giam_doc"  # host_role code of the head of the department (Giám đốc Sở)
HEAD_MIN_DAYS_PER_MONTH = 1  # Luật Tiếp công dân 2013, Điều 18
HEAD_RULE_STATES: tuple[tuple[str, str], ...] = (
    ("dat", "Đạt"),
    ("khong_dat", "Không đạt"),
    ("chua_het_thang", "Chưa hết tháng"),
    ("chua_co_so_lieu", "Chưa có số liệu"),
)



def reception_totals(db: Path, f: Filters) -> pd.DataFrame:
    """One row for the period: sessions, visits (lượt), people (người), cases (vụ việc), delegations
    (đoàn đông người), periodic_sessions (Định kỳ), periodic_on_schedule (Định kỳ held as scheduled),
    on_schedule_share (periodic_on_schedule / periodic_sessions; NaN without periodic sessions)."""
    unit_sql, unit_params = f.unit_clause("s.current_unit_code")
    sql = f"""
    SELECT count(*) AS sessions,
           coalesce(sum(s.visits), 0) AS visits,
           coalesce(sum(s.people), 0) AS people,
           coalesce(sum(s.cases), 0) AS cases,
           coalesce(sum(s.delegations), 0) AS delegations,
           count(*) FILTER (WHERE s.form = 'dinh_ky') AS periodic_sessions,
           count(*) FILTER (WHERE s.form = 'dinh_ky' AND s.on_schedule) AS periodic_on_schedule,
           count(*) FILTER (WHERE s.form = 'dinh_ky' AND s.on_schedule)
               / nullif(count(*) FILTER (WHERE s.form = 'dinh_ky'), 0) AS on_schedule_share
    FROM v_reception_sessions s
    WHERE s.session_date BETWEEN ? AND ? AND {unit_sql}
    """
    frame = run(db, sql, [f.start, f.end] + unit_params)
    return frame.astype({c: "int64" for c in ("visits", "people", "cases", "delegations")})


def _sessions_by_month(db: Path, f: Filters, column: str, list_name: str, prefix: str) -> pd.DataFrame:
    choices_sql, choices_params = choices_table(list_name)
    unit_sql, unit_params = f.unit_clause("s.current_unit_code")
    sql = f"""
    WITH choices AS {choices_sql}
    SELECT CAST(date_trunc('month', s.session_date) AS DATE) AS month,
           s.{column} AS {prefix}, coalesce(c.label, s.{column}) AS {prefix}_label,
           count(*) AS sessions, sum(s.visits) AS visits, sum(s.people) AS people
    FROM v_reception_sessions s LEFT JOIN choices c ON c.code = s.{column}
    WHERE s.session_date BETWEEN ? AND ? AND {unit_sql}
    GROUP BY ALL
    ORDER BY month, min(c.ord)
    """
    frame = run(db, sql, choices_params + [f.start, f.end] + unit_params)
    return frame.astype({"visits": "int64", "people": "int64"})


def sessions_by_month_and_form(db: Path, f: Filters) -> pd.DataFrame:
    """Sessions in the period by calendar month and form (Thường xuyên / Định kỳ / Đột xuất):
    month (first day), form, form_label, sessions, visits, people; only non-empty groups."""
    return _sessions_by_month(db, f, "form", "reception_form", "form")


def sessions_by_month_and_host(db: Path, f: Filters) -> pd.DataFrame:
    """Sessions in the period by calendar month and host (Giám đốc Sở, Phó Giám đốc Sở, ...):
    month (first day), host_role, host_role_label, sessions, visits, people; only non-empty groups."""
    return _sessions_by_month(db, f, "host_role", "host_role", "host_role")


def head_rule_months(f: Filters) -> tuple[date, date] | None:
    """The first days of the first and last calendar months judged for the head's rule: the months
    that begin inside ``[f.start, f.as_of]`` (so a year's window 15/12–14/12 gives January to
    December). None when no month begins inside it."""
    start, as_of = f.start, f.as_of
    first = start if start.day == 1 else date(start.year + start.month // 12, start.month % 12 + 1, 1)
    last = as_of.replace(day=1)
    return (first, last) if first <= last else None


def head_reception_by_month(db: Path, f: Filters) -> pd.DataFrame:
    """The head's (Giám đốc Sở) reception against the ≥ 1 day a month rule (Luật Tiếp công dân 2013,
    Điều 18), for each calendar month of ``head_rule_months``, department-wide (the unit filter does
    not apply: the head receives for the whole department; a session reported by several units
    counts once per day).

    Columns: month (first day), days (distinct days the head received in the whole calendar month,
    up to today: a window ends on the 14th, so the rest of its last month comes from later returns,
    and December is judged in its own year, not in the next one's strip, which starts in January), sessions,
    state (dat | khong_dat | chua_het_thang: not met yet in a month that has not ended by
    ``f.as_of`` | chua_co_so_lieu: not met in a month that ends after the last cut-off the active
    quarterly or cumulative returns starting by the strip's last month reach (months' returns only when there are no
    others), so no return has reported it yet), state_label.
    """
    built = _head_rule_sql(f)
    if built is None:
        return pd.DataFrame({"month": pd.Series(dtype="datetime64[us]"), "days": pd.Series(dtype="int64"),
                             "sessions": pd.Series(dtype="int64"), "state": pd.Series(dtype="str"),
                             "state_label": pd.Series(dtype="str")})
    sql, params = built
    return run(db, f"{sql} ORDER BY month", params)


def head_rule_summary(db: Path, f: Filters) -> pd.DataFrame:
    """The strip of ``head_reception_by_month`` in one row: months (in the strip), judged (met or
    missed), met (Đạt), missed (Không đạt), pending (Chưa hết tháng), unreported (Chưa có số liệu),
    days (distinct days the head received)."""
    built = _head_rule_sql(f)
    sql, params = built if built is not None else ("SELECT NULL AS state, 0 AS days WHERE FALSE", [])
    return run(db, f"""
    SELECT count(*) AS months,
           count(*) FILTER (WHERE state IN ('dat', 'khong_dat')) AS judged,
           count(*) FILTER (WHERE state = 'dat') AS met,
           count(*) FILTER (WHERE state = 'khong_dat') AS missed,
           count(*) FILTER (WHERE state = 'chua_het_thang') AS pending,
           count(*) FILTER (WHERE state = 'chua_co_so_lieu') AS unreported,
           CAST(coalesce(sum(days), 0) AS BIGINT) AS days
    FROM ({sql})
    """, params)


def _head_rule_sql(f: Filters) -> tuple[str, list[object]] | None:
    months = head_rule_months(f)
    if months is None:
        return None
    states = ", ".join("(CAST(? AS VARCHAR), CAST(? AS VARCHAR))" for _ in HEAD_RULE_STATES)
    sql = f"""
    WITH params AS (
        SELECT CAST(? AS DATE) AS p_as_of, CAST(? AS DATE) AS p_today, CAST(? AS INTEGER) AS p_min_days,
               -- the last cut-off the returns every unit owes reach (a month's return, which one unit may
               -- send of its own accord, judged the months after it 'Không đạt' for the whole department)
               (SELECT coalesce(max(period_end) FILTER (WHERE period_kind <> 'month'), max(period_end))
                FROM v_submissions  -- the returns that start by the strip's last month's end
                WHERE is_active AND period_end >= CAST(? AS DATE)
                  AND period_start <= last_day(CAST(? AS DATE))) AS p_reported_to),
    states AS (SELECT * FROM (VALUES {states}) AS t(code, label)),
    months AS (
        SELECT CAST(unnest(generate_series(CAST(? AS DATE), CAST(? AS DATE), INTERVAL 1 MONTH)) AS DATE) AS month
    ),
    head AS (  -- each month whole, up to today: a window ends on the 14th, so the rest of its last
               -- month is in the next period's returns (December 2025's 15th-31st in 2026's Quý I)
        SELECT s.session_date FROM v_reception_sessions s, params
        WHERE s.host_role = ? AND s.session_date <= least(last_day(CAST(? AS DATE)), params.p_today)
    ),
    counted AS (
        SELECT m.month, count(DISTINCT h.session_date) AS days, count(h.session_date) AS sessions
        FROM months m LEFT JOIN head h ON date_trunc('month', h.session_date) = m.month
        GROUP BY m.month
    )
    SELECT c.month, c.days, c.sessions, st.code AS state, st.label AS state_label
    FROM counted c CROSS JOIN params
    JOIN states st ON st.code = CASE
        WHEN c.days >= params.p_min_days THEN 'dat'
        -- still running today (December of a past year ends after its window's 14/12, not today)
        WHEN last_day(c.month) > params.p_as_of AND last_day(c.month) >= params.p_today THEN 'chua_het_thang'
        WHEN params.p_reported_to IS NULL OR last_day(c.month) > params.p_reported_to THEN 'chua_co_so_lieu'
        ELSE 'khong_dat' END
    """
    params: list[object] = [f.as_of, f.today, HEAD_MIN_DAYS_PER_MONTH, f.start, months[1]]
    params += [value for state in HEAD_RULE_STATES for value in state]
    params += [months[0], months[1], HEAD_ROLE, months[1]]
    return sql, params
