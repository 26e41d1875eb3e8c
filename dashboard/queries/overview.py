"""The leadership overview: a few numbers per subject and the "Cần chú ý" (needs attention) lists.

Definitions, for the selected year/period window ``[f.start, f.end]`` and the day open cases are
judged on, ``f.as_of`` (the window's end, or today if earlier):
- petitions received: received in the window; resolved: resolved (closed) in the window; on-time
  share: resolved in the window on time / resolved in the window; open: received by ``as_of``
  and not resolved by then; overdue open: open with a due date before ``as_of``.
- "Dân vận khéo": models (Mô hình) registered from the start of the year's window to ``f.end`` and
  the exemplars (Điển hình tập thể / cá nhân) the department has by then, not stopped, each
  counted once, against the catalogue's CT03 target.
- reception: Định kỳ sessions in the window and those held as scheduled (CT05); the calendar
  months of the period (up to today) in which the Giám đốc Sở received citizens at least once
  (Luật Tiếp công dân 2013, Điều 18: at least one day a month).
Targets and returns come from ``dashboard.queries.indicators`` and ``dashboard.queries.reporting``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard.filters import Filters
from dashboard.fmt import label
from dashboard.queries import models, petitions, reception
from dashboard.queries.common import PAGE_SIZE, Page, run, run_page
from etl.holidays import WorkCalendar

DUE_SOON_WORKING_DAYS = 10
EXEMPLAR_TYPES = ["dien_hinh_tap_the", "dien_hinh_ca_nhan"]


@lru_cache(maxsize=1)
def _calendar() -> WorkCalendar:
    return WorkCalendar.from_csv()


def petition_summary(db: Path, f: Filters) -> pd.DataFrame:
    """One row: received, carried over (received before the window, still open at its start: the
    cases the window's resolved ones may also come from), resolved, resolved on time, on-time share
    (0..1), open and overdue open."""
    units_sql, units_params = f.unit_clause("current_unit_code")
    return run(db, f"""
        WITH b AS (SELECT ?::DATE AS win_start, ?::DATE AS win_end, ?::DATE AS as_of),
        p AS (
            SELECT p.*, b.*,
                   p.received_date <= b.as_of AND NOT (p.is_resolved AND p.resolved_date <= b.as_of) AS is_open,
                   p.is_resolved AND p.resolved_date BETWEEN b.win_start AND b.win_end AS resolved_in_window
            FROM v_petitions p, b WHERE {units_sql}
        ),
        counts AS (
            SELECT CAST(count(*) FILTER (WHERE received_date BETWEEN win_start AND win_end) AS INTEGER) AS received,
                   CAST(count(*) FILTER (WHERE received_date < win_start
                                           AND NOT (is_resolved AND resolved_date < win_start)) AS INTEGER)
                       AS carried_over,
                   CAST(count(*) FILTER (WHERE resolved_in_window) AS INTEGER) AS resolved,
                   CAST(count(*) FILTER (WHERE resolved_in_window AND on_time) AS INTEGER) AS resolved_on_time,
                   CAST(count(*) FILTER (WHERE is_open) AS INTEGER) AS open,
                   CAST(count(*) FILTER (WHERE is_open AND due_date < as_of) AS INTEGER) AS overdue_open
            FROM p
        )
        SELECT received, carried_over, resolved, resolved_on_time,
               resolved_on_time / nullif(resolved, 0) AS on_time_share, open, overdue_open
        FROM counts""", [f.start, f.end, f.as_of, *units_params])


def _overdue_sql(f: Filters) -> tuple[str, list[object]]:
    units_sql, units_params = f.unit_clause("p.current_unit_code")
    sql = f"""
        SELECT p.unit_code, u.unit_name, p.petition_ref, p.kind, p.received_date, p.due_date,
               CAST(date_diff('day', p.due_date, ?::DATE) AS INTEGER) AS days_overdue
        FROM v_petitions p JOIN v_units u ON u.unit_code = p.current_unit_code
        WHERE {units_sql}
          AND p.received_date <= ? AND NOT (p.is_resolved AND p.resolved_date <= ?) AND p.due_date < ?
        ORDER BY days_overdue DESC, p.unit_code, p.petition_ref"""
    return sql, [f.as_of, *units_params, f.as_of, f.as_of, f.as_of]


def overdue_cases(db: Path, f: Filters) -> pd.DataFrame:
    """Open cases past their due date on ``f.as_of``: unit, Số hiệu đơn, kind, due date, days
    overdue (longest first). No personal data is selected."""
    return _with_kind_label(run(db, *_overdue_sql(f)))


def overdue_case_page(db: Path, f: Filters, offset: int = 0, limit: int = PAGE_SIZE) -> Page:
    """``limit`` rows of ``overdue_cases`` from ``offset`` and how many cases are overdue in all."""
    page = run_page(db, *_overdue_sql(f), limit=limit, offset=offset)
    return Page(_with_kind_label(page.rows), page.total, page.offset)


def _due_soon_sql(f: Filters, working_days: int) -> tuple[str, list[object]]:
    limit = petitions.due_soon_horizon(f.as_of, working_days)  # the same horizon as the Đơn thư page
    units_sql, units_params = f.unit_clause("p.current_unit_code")
    sql = f"""
        SELECT p.unit_code, u.unit_name, p.petition_ref, p.kind, p.received_date, p.due_date
        FROM v_petitions p JOIN v_units u ON u.unit_code = p.current_unit_code
        WHERE {units_sql}
          AND p.received_date <= ? AND NOT (p.is_resolved AND p.resolved_date <= ?)
          AND p.due_date BETWEEN ? AND ?
        ORDER BY p.due_date, p.unit_code, p.petition_ref"""
    return sql, [*units_params, f.as_of, f.as_of, f.as_of, limit]


def _with_days_left(frame: pd.DataFrame, f: Filters) -> pd.DataFrame:
    calendar = _calendar()
    frame["working_days_left"] = pd.Series(
        [calendar.working_days_between(f.as_of, d.date()) for d in frame["due_date"]], dtype="int64")
    return _with_kind_label(frame)


def due_soon_cases(db: Path, f: Filters, working_days: int = DUE_SOON_WORKING_DAYS) -> pd.DataFrame:
    """Open cases due from ``f.as_of`` to ``working_days`` working days later (Vietnamese working
    calendar), soonest first, with the working days left."""
    return _with_days_left(run(db, *_due_soon_sql(f, working_days)), f)


def due_soon_case_page(db: Path, f: Filters, working_days: int = DUE_SOON_WORKING_DAYS, offset: int = 0,
                       limit: int = PAGE_SIZE) -> Page:
    """``limit`` rows of ``due_soon_cases`` from ``offset`` and how many cases are due soon in all."""
    page = run_page(db, *_due_soon_sql(f, working_days), limit=limit, offset=offset)
    return Page(_with_days_left(page.rows, f), page.total, page.offset)


def _with_kind_label(frame: pd.DataFrame) -> pd.DataFrame:
    frame.insert(frame.columns.get_loc("kind") + 1, "kind_label", [label("petition_kind", k) for k in frame["kind"]])
    return frame


def model_summary(db: Path, f: Filters) -> pd.DataFrame:
    """One row: models (Mô hình) registered in the year up to ``f.end`` and the exemplars the
    department has (not stopped), each counted once, the CT03-style target from the catalogue, and
    whether each part is met — the numbers of the Dân vận khéo page (``dashboard.queries.models.model_summary``), not a second definition."""
    summary = models.model_summary(db, f)
    return summary.rename(columns={"registered_in_year": "models_", "registered_met": "models_met"})[
        ["models_", "exemplars", "target", "models_met", "exemplars_met"]].rename(columns={"models_": "models"})


def reception_summary(db: Path, f: Filters) -> pd.DataFrame:
    """One row: Định kỳ sessions in the window and those held as scheduled (CT05), and the head's
    monthly rule exactly as the Tiếp công dân page judges it (``reception.head_rule_summary``):
    months met out of the months already judged."""
    units_sql, units_params = f.unit_clause("current_unit_code")
    sessions = run(db, f"""
        SELECT CAST(count(*) FILTER (WHERE form = 'dinh_ky') AS INTEGER) AS scheduled_sessions,
               CAST(count(*) FILTER (WHERE form = 'dinh_ky' AND on_schedule) AS INTEGER) AS on_schedule_sessions
        FROM v_reception_sessions WHERE session_date BETWEEN ? AND ? AND {units_sql}""",
        [f.start, f.end, *units_params])
    head = reception.head_rule_summary(db, f).iloc[0]
    sessions["director_months"] = int(head["met"])
    sessions["months"] = int(head["judged"])
    return sessions
