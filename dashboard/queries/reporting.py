"""Who has reported: a unit × period grid of returns, reporting rate and on-time rate (DHIS2-style).

Rules:
- Expected periods of a year: the quarters, 6 tháng, 9 tháng and Năm whose end is on or before
  ``Filters.today`` (and the selected period's end); the months too, but only if some unit sent a
  monthly return that year.
- A period's return is due ``etl.settings.report_due_days()[kind]`` calendar days after its end.
- Expected units: reporting units (``reports``) active on the period's end. A unit merged into a
  successor before that day is "Đã thay thế" (its successor reports); one not yet created is blank.
- A return counts when the (unit, period) has an active submission. A quarter that ends with a
  cumulative period (Quý II with 6 tháng, Quý III with 9 tháng, Quý IV with Năm) is also covered by
  that cumulative return: units send one report at such a cut-off (Nghị định 09/2019, Điều 12). Its timeliness is judged on
  the first upload for that (unit, period), withdrawn files excepted: a later correction that
  supersedes an on-time return does not make it late, and superseded files are never counted twice.
- Reporting rate = submitted / expected; on-time rate = on time / expected (both over expected units).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from dashboard import fmt
from dashboard.filters import CUMULATIVE_ORDER, Filters
from dashboard.queries.common import run, scalar
from etl.errors import DvcqError
from etl.periods import Period, period_from_code, periods_of_year
from etl.settings import REPORT_DUE_DAYS, report_due_days

STATUS_LABELS: dict[str, str] = {
    "dung_han": "Đúng hạn",
    "nop_muon": "Nộp muộn",
    "chua_nop": "Chưa nộp",
    "chua_den_han": "Chưa đến hạn",
    "da_thay_the": "Đã thay thế",
}

KIND_RANK = sorted(CUMULATIVE_ORDER, key=CUMULATIVE_ORDER.__getitem__)  # month … year, for list_position()


def due_date(period: Period) -> date:
    """The day a period's return is due: its end plus the configured days for its kind. A quarter
    that ends with a cumulative period (Quý IV with Năm) is reported by one return at that cut-off,
    which the grid counts for both: it is due when the later of the two is (Quý IV/2025: 24/12, the
    annual return's day, not 21/12), so one file is never on time for one and late for the other."""
    own = _due(period)
    covering = _covering_code(period)
    return max(own, _due(period_from_code(covering))) if covering else own


def _due(period: Period) -> date:
    days = report_due_days()
    if period.kind not in days:
        raise DvcqError(
            f"Chưa cấu hình hạn nộp báo cáo cho loại kỳ '{period.kind}'. Hãy bổ sung vào biến môi trường "
            f"{REPORT_DUE_DAYS.env} (ví dụ: {REPORT_DUE_DAYS.default}).",
            kind=period.kind,
        )
    return period.end + timedelta(days=days[period.kind])


def due_rule_text() -> str:
    """The configured deadlines in words: 'Hạn nộp = ngày cuối kỳ + 7 ngày (quý), …'."""
    names = {"month": "tháng", "quarter": "quý", "half": "6 tháng", "nine_months": "9 tháng", "year": "năm"}
    days = report_due_days()
    parts = [f"{days[k]} ngày ({names[k]})" for k in KIND_RANK if k in days]
    return ("Hạn nộp = ngày cuối kỳ số liệu + " + ", ".join(parts) + "; quý có cùng ngày chốt số liệu với báo cáo "
            "6 tháng, 9 tháng hoặc năm lấy hạn muộn hơn của hai báo cáo.")


def _ordered(periods: list[Period]) -> list[Period]:
    return sorted(periods, key=lambda p: (p.end, CUMULATIVE_ORDER[p.kind]))


def expected_periods(db: Path, f: Filters) -> list[Period]:
    """The periods of ``f.year`` a return is expected for, in order (end, then shorter first)."""
    last = min(f.today, f.end)
    monthly = scalar(
        db,
        "SELECT count(*) FROM v_submissions WHERE is_active AND year = ? AND period_kind = 'month'",
        [f.year],
    )
    kinds = {"quarter", "half", "nine_months", "year"} | ({"month"} if monthly else set())
    return _ordered([p for p in periods_of_year(f.year) if p.kind in kinds and p.end <= last])


def focal_period(db: Path, f: Filters) -> Period | None:
    """The period the overview reports returns for: the selected one, else the last expected one that
    every unit owes (at equal ends the cumulative one: Năm before Quý IV); a month only when no such
    period has ended. One unit's monthly return made 'Tháng 11' the department's period: 1/9 sent."""
    if f.period_code:
        return f.period
    periods = expected_periods(db, f)
    owed = [p for p in periods if p.kind != "month"] or periods
    return owed[-1] if owed else None


_GRID_SQL = """
WITH periods AS (
    SELECT unnest(?::VARCHAR[]) AS period_code, unnest(?::VARCHAR[]) AS period_kind,
           unnest(?::DATE[]) AS period_end, unnest(?::DATE[]) AS due_date, unnest(?::INTEGER[]) AS period_order,
           unnest(?::VARCHAR[]) AS covered_by
),
scope_units AS (
    SELECT unit_code, unit_name, valid_from, valid_to, successor_code, sort_order
    FROM v_units
    WHERE reports AND {units}
      AND (valid_from IS NULL OR valid_from <= (SELECT max(period_end) FROM periods))
      AND (valid_to IS NULL OR valid_to >= ?)
),
monthly AS (   -- the units that report monthly this year: a month is expected from them alone
    SELECT DISTINCT unit_code FROM v_submissions
    WHERE is_active AND period_kind = 'month' AND year = year((SELECT max(period_end) FROM periods))
),
returns AS (
    SELECT s.unit_code, p.period_code,
           bool_or(s.is_active) AS has_active,
           min(s.uploaded_at) FILTER (WHERE s.status <> 'withdrawn') AS first_uploaded_at,
           arg_min(s.period_code, s.uploaded_at) FILTER (WHERE s.status <> 'withdrawn') AS first_period_code,
           any_value(s.file_name ORDER BY s.uploaded_at DESC) FILTER (WHERE s.is_active) AS file_name,
           count(*) FILTER (WHERE s.status = 'superseded') AS n_superseded
    FROM v_submissions s
    JOIN periods p ON s.period_code = p.period_code OR s.period_code = p.covered_by
    WHERE s.year = ? AND s.unit_code IN (SELECT unit_code FROM scope_units)
    GROUP BY ALL
),
grid AS (
    SELECT u.unit_code, u.unit_name, u.sort_order, p.period_code, p.period_kind, p.period_end, p.due_date,
           p.period_order,
           (u.valid_from IS NULL OR u.valid_from <= p.period_end)
               AND (u.valid_to IS NULL OR u.valid_to >= p.period_end)
               AND (p.period_kind <> 'month' OR u.unit_code IN (SELECT unit_code FROM monthly)) AS expected,
           CASE WHEN r.has_active THEN r.first_uploaded_at END AS first_uploaded_at,
           CASE WHEN r.has_active THEN r.first_period_code END AS counted_period_code,
           CASE WHEN r.has_active THEN r.file_name END AS file_name,
           coalesce(r.n_superseded, 0) AS n_superseded,
           CASE
               WHEN r.has_active AND CAST(r.first_uploaded_at AS DATE) <= p.due_date THEN 'dung_han'
               WHEN r.has_active THEN 'nop_muon'
               WHEN u.valid_to IS NOT NULL AND u.valid_to < p.period_end AND u.successor_code IS NOT NULL
                   THEN 'da_thay_the'
               WHEN u.valid_from > p.period_end OR u.valid_to < p.period_end THEN NULL
               WHEN p.period_kind = 'month' AND u.unit_code NOT IN (SELECT unit_code FROM monthly) THEN NULL
               WHEN ? <= p.due_date THEN 'chua_den_han'
               ELSE 'chua_nop'
           END AS status_code
    FROM scope_units u CROSS JOIN periods p
    LEFT JOIN returns r ON r.unit_code = u.unit_code AND r.period_code = p.period_code
)
"""


def _grid_params(f: Filters, periods: list[Period]) -> tuple[str, list[object]]:
    units_sql, units_params = f.unit_clause("current_unit_code")
    sql = _GRID_SQL.format(units=units_sql)
    params: list[object] = [
        [p.code for p in periods],
        [p.kind for p in periods],
        [p.end for p in periods],
        [due_date(p) for p in periods],
        list(range(len(periods))),
        [_covering_code(p) for p in periods],
        *units_params,
        period_from_code(str(f.year)).start,
        f.year,
        f.today,
    ]
    return sql, params


def _covering_code(period: Period) -> str:
    """The cumulative period that ends with this quarter (its return covers the quarter), else ''."""
    if period.kind != "quarter":
        return ""
    for other in periods_of_year(period.year):
        if other.kind in ("half", "nine_months", "year") and other.end == period.end:
            return other.code
    return ""


def _with_labels(frame: pd.DataFrame) -> pd.DataFrame:
    frame.insert(frame.columns.get_loc("period_code") + 1, "period_label",
                 [period_from_code(c).label for c in frame["period_code"]])
    return frame


def submission_grid(db: Path, f: Filters) -> pd.DataFrame:
    """One row per (reporting unit, expected period) of the year: status code and Vietnamese label,
    first upload, the active file, and how many files it replaced."""
    periods = expected_periods(db, f)
    columns = ["unit_code", "unit_name", "period_code", "period_label", "period_kind", "period_end", "due_date",
               "expected", "status_code", "status", "first_uploaded_at", "counted_period_code", "file_name",
               "n_superseded"]
    if not periods:
        return pd.DataFrame(columns=columns)
    sql, params = _grid_params(f, periods)
    frame = run(db, sql + """
        SELECT unit_code, unit_name, period_code, period_kind, period_end, due_date, expected, status_code,
               first_uploaded_at, counted_period_code, file_name, n_superseded
        FROM grid ORDER BY sort_order NULLS LAST, unit_code, period_order""", params)
    frame = _with_labels(frame)
    frame.insert(frame.columns.get_loc("status_code") + 1, "status", frame["status_code"].map(STATUS_LABELS))
    return frame[columns]


def _rates(db: Path, f: Filters, periods: list[Period]) -> pd.DataFrame:
    sql, params = _grid_params(f, periods)
    frame = run(db, sql + """
        , counts AS (
            SELECT period_code, period_kind, period_end, due_date, any_value(period_order) AS period_order,
                   CAST(count(*) FILTER (WHERE expected) AS INTEGER) AS n_expected,
                   CAST(count(*) FILTER (WHERE expected AND status_code IN ('dung_han', 'nop_muon')) AS INTEGER)
                       AS submitted,
                   CAST(count(*) FILTER (WHERE expected AND status_code = 'dung_han') AS INTEGER) AS on_time,
                   CAST(count(*) FILTER (WHERE expected AND status_code = 'nop_muon') AS INTEGER) AS late,
                   CAST(count(*) FILTER (WHERE expected AND status_code = 'chua_nop') AS INTEGER) AS missing,
                   CAST(count(*) FILTER (WHERE expected AND status_code = 'chua_den_han') AS INTEGER) AS not_due
            FROM grid GROUP BY period_code, period_kind, period_end, due_date
        )
        SELECT period_code, period_kind, period_end, due_date, n_expected AS expected, submitted, on_time, late,
               missing, not_due,
               submitted / nullif(n_expected, 0) AS reporting_rate,
               on_time / nullif(n_expected, 0) AS on_time_rate
        FROM counts ORDER BY period_order""", params)
    frame["reporting_rate_text"] = [fmt.pct(v) for v in frame["reporting_rate"]]
    frame["on_time_rate_text"] = [fmt.pct(v) for v in frame["on_time_rate"]]
    return _with_labels(frame)


def reporting_rates(db: Path, f: Filters) -> pd.DataFrame:
    """Per expected period: expected units, submitted, on time, late, missing, not yet due, and the
    reporting and on-time rates (shares 0..1 of expected units)."""
    periods = expected_periods(db, f)
    if not periods:
        return pd.DataFrame(columns=["period_code", "period_label", "period_kind", "period_end", "due_date",
                                     "expected", "submitted", "on_time", "late", "missing", "not_due",
                                     "reporting_rate", "on_time_rate", "reporting_rate_text",
                                     "on_time_rate_text"])
    return _rates(db, f, periods)


def returns_summary(db: Path, f: Filters) -> pd.DataFrame:
    """One row: the focal period (selected, else the last expected) with its expected and received
    returns; empty when no period of the year has ended yet."""
    period = focal_period(db, f)
    if period is None:
        return pd.DataFrame(columns=_SUMMARY_COLUMNS)
    return _rates(db, f, [period])[_SUMMARY_COLUMNS]


_SUMMARY_COLUMNS = ["period_code", "period_label", "due_date", "expected", "submitted", "on_time", "not_due",
                    "reporting_rate", "on_time_rate"]


def late_or_missing(db: Path, f: Filters) -> pd.DataFrame:
    """Expected units whose return for the focal period is missing (past due) or was late."""
    period = focal_period(db, f)
    columns = ["unit_code", "unit_name", "period_code", "period_label", "due_date", "status", "first_uploaded_at"]
    if period is None:
        return pd.DataFrame(columns=columns)
    sql, params = _grid_params(f, [period])
    frame = run(db, sql + """
        SELECT unit_code, unit_name, period_code, due_date, status_code, first_uploaded_at
        FROM grid WHERE expected AND status_code IN ('chua_nop', 'nop_muon')
        ORDER BY status_code = 'nop_muon', sort_order NULLS LAST, unit_code""", params)
    frame = _with_labels(frame)
    frame["status"] = frame.pop("status_code").map(STATUS_LABELS)
    return frame[columns]
