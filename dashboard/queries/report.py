"""Queries only the consolidated report to UBND tỉnh needs (``dashboard/report.py``).

Every other figure of the report comes from the pages' own query modules; this one adds what no
page shows yet, with the same period semantics (``f`` is the shared ``Filters``):

- training courses (``v_training_courses``) and dissemination activities (``v_dissemination``)
  count in the period when their date is in ``[f.start, f.end]``;
- reception sessions by form: as ``reception.reception_totals`` (session date in the window), split
  by form, with the Tổng cộng row equal to ``reception_totals``;
- petitions by kind × result and by kind × status: the cases of ``petitions.petition_summary`` and
  ``petitions.petition_results`` (resolved in the window; in scope = carried over + received),
  split further, Tổng cộng rows equal to those queries' figures;
- "cùng kỳ năm trước": ``previous_year(f)`` is the same period one year earlier, and
  ``period_coverage`` says whether (and up to when) returns exist for it.

Choice codes come with their Vietnamese labels from the catalogue, every list in catalogue order
with all its options (zero rows included), then a ``tong_cong`` row where a total makes sense.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from dashboard.filters import Filters
from dashboard.queries import petitions
from dashboard.queries.common import choices_table, run
from etl.periods import period_from_code

__all__ = [
    "TOTAL",
    "dissemination_by_form",
    "period_coverage",
    "petition_results_by_kind",
    "petitions_by_status",
    "previous_year",
    "reception_by_form",
    "training_by_topic",
]

TOTAL = petitions.TOTAL  # ("tong_cong", "Tổng cộng"): the total row's code and label, as petition_summary's
NO_RESULT = petitions.NO_RESULT  # ("khong_ghi", ...): resolved without a result, as petition_results



def previous_year(f: Filters) -> Filters:
    """The same period one year earlier ("cùng kỳ năm trước"): ``2025-H1`` → ``2024-H1``, the whole
    year 2025 → 2024; same units and reference day (so its open cases are judged at its own end)."""
    code = f.period.code
    previous = period_from_code(f"{int(code[:4]) - 1}{code[4:]}")
    return replace(f, year=previous.year, period_code=previous.code if f.period_code else None)


def period_coverage(db: Path, f: Filters) -> pd.DataFrame:
    """One row: how much of the period the active returns of its year cover, for the chosen units:
    submissions and units (returns of ``f.year`` whose window starts on or before ``f.end``), and
    last_end (the latest end of those windows, capped at ``f.end``; NaT without any). The report
    compares with the previous year only when it has returns (``submissions > 0``) and says so
    when they stop before the period's end."""
    unit_sql, unit_params = f.unit_clause("current_unit_code")
    sql = f"""
    SELECT CAST(count(*) AS INTEGER) AS submissions,
           CAST(count(DISTINCT current_unit_code) AS INTEGER) AS units,
           CASE WHEN count(*) > 0 THEN least(max(period_end), CAST(? AS DATE)) END AS last_end
    FROM v_submissions
    WHERE is_active AND year = ? AND period_start <= ? AND {unit_sql}
    """
    return run(db, sql, [f.end, f.year, f.end] + unit_params)


def training_by_topic(db: Path, f: Filters) -> pd.DataFrame:
    """Training courses and conferences held in the period, by topic (Luật Thực hiện dân chủ ở cơ
    sở, Công tác dân vận, Khác; courses without a topic count as Khác), then ``tong_cong``.

    Columns: topic, topic_label, courses, assigned (số người được cử), attended (số người tham dự),
    attendance_share (attended / assigned; NaN when nobody was assigned)."""
    topics_sql, topics_params = choices_table("training_topic")
    unit_sql, unit_params = f.unit_clause("t.current_unit_code")
    sql = f"""
    WITH topics AS {topics_sql},
    courses AS (
        SELECT coalesce(t.topic, 'khac') AS topic, t.assigned, t.attended
        FROM v_training_courses t
        WHERE t.course_date BETWEEN ? AND ? AND {unit_sql}
    ),
    grouped AS (
        SELECT k.ord, k.code, k.label,
               CAST(count(c.topic) AS INTEGER) AS courses,
               CAST(coalesce(sum(c.assigned), 0) AS INTEGER) AS assigned,
               CAST(coalesce(sum(c.attended), 0) AS INTEGER) AS attended
        FROM topics k LEFT JOIN courses c ON c.topic = k.code
        GROUP BY ROLLUP ((k.ord, k.code, k.label))
    )
    SELECT coalesce(code, ?) AS topic, coalesce(label, ?) AS topic_label, courses, assigned, attended,
           attended / nullif(assigned, 0) AS attendance_share
    FROM grouped ORDER BY ord NULLS LAST
    """
    frame = run(db, sql, topics_params + [f.start, f.end] + unit_params + list(TOTAL))
    return frame.astype({"attendance_share": "float64"})


def dissemination_by_form(db: Path, f: Filters) -> pd.DataFrame:
    """Dissemination activities (quán triệt, tuyên truyền) held in the period, by form (Hội nghị,
    Sinh hoạt cơ quan, Văn bản, Trang thông tin điện tử, Khác; no form counts as Khác), then
    ``tong_cong``. Columns: form, form_label, activities, participants (people attending, where the
    unit wrote it), activities_without_count (activities whose attendance was left blank)."""
    forms_sql, forms_params = choices_table("dissemination_form")
    unit_sql, unit_params = f.unit_clause("d.current_unit_code")
    sql = f"""
    WITH forms AS {forms_sql},
    activities AS (
        SELECT coalesce(d.form, 'khac') AS form, d.participants
        FROM v_dissemination d
        WHERE d.activity_date BETWEEN ? AND ? AND {unit_sql}
    ),
    grouped AS (
        SELECT k.ord, k.code, k.label,
               CAST(count(a.form) AS INTEGER) AS activities,
               CAST(coalesce(sum(a.participants), 0) AS INTEGER) AS participants,
               CAST(count(a.form) FILTER (WHERE a.participants IS NULL) AS INTEGER) AS activities_without_count
        FROM forms k LEFT JOIN activities a ON a.form = k.code
        GROUP BY ROLLUP ((k.ord, k.code, k.label))
    )
    SELECT coalesce(code, ?) AS form, coalesce(label, ?) AS form_label, activities, participants,
           activities_without_count
    FROM grouped ORDER BY ord NULLS LAST
    """
    return run(db, sql, forms_params + [f.start, f.end] + unit_params + list(TOTAL))


def reception_by_form(db: Path, f: Filters) -> pd.DataFrame:
    """Reception sessions in the period by form (Thường xuyên, Định kỳ, Đột xuất), then
    ``tong_cong`` (equal to ``reception.reception_totals``): form, form_label, sessions, visits
    (lượt), people (người), cases (vụ việc), delegations (đoàn đông người), on_schedule (sessions
    held as scheduled)."""
    forms_sql, forms_params = choices_table("reception_form")
    unit_sql, unit_params = f.unit_clause("s.current_unit_code")
    sql = f"""
    WITH forms AS {forms_sql},
    sessions AS (
        SELECT s.form, s.visits, s.people, s.cases, s.delegations, s.on_schedule
        FROM v_reception_sessions s
        WHERE s.session_date BETWEEN ? AND ? AND {unit_sql}
    ),
    grouped AS (
        SELECT k.ord, k.code, k.label,
               CAST(count(s.form) AS INTEGER) AS sessions,
               CAST(coalesce(sum(s.visits), 0) AS INTEGER) AS visits,
               CAST(coalesce(sum(s.people), 0) AS INTEGER) AS people,
               CAST(coalesce(sum(s.cases), 0) AS INTEGER) AS cases,
               CAST(coalesce(sum(s.delegations), 0) AS INTEGER) AS delegations,
               CAST(count(s.form) FILTER (WHERE s.on_schedule) AS INTEGER) AS on_schedule
        FROM forms k LEFT JOIN sessions s ON s.form = k.code
        GROUP BY ROLLUP ((k.ord, k.code, k.label))
    )
    SELECT coalesce(code, ?) AS form, coalesce(label, ?) AS form_label,
           sessions, visits, people, cases, delegations, on_schedule
    FROM grouped ORDER BY ord NULLS LAST
    """
    return run(db, sql, forms_params + [f.start, f.end] + unit_params + list(TOTAL))


def petition_results_by_kind(db: Path, f: Filters) -> pd.DataFrame:
    """Cases resolved in the period by kind × result (Thông tư 01/2024/TT-TTCP: kết quả giải quyết
    theo loại đơn). One row per (kind, result): the four kinds then ``tong_cong``, each with the four
    results then ``khong_ghi`` (resolved without a result: transferred, guided, withdrawn ...).
    The ``tong_cong`` rows equal ``petitions.petition_results``.

    Columns: kind, kind_label, result, result_label, cases."""
    kinds_sql, kinds_params = choices_table("petition_kind", TOTAL)
    results_sql, results_params = choices_table("petition_result", NO_RESULT)
    unit_sql, unit_params = f.unit_clause("p.current_unit_code")
    sql = f"""
    WITH kinds AS {kinds_sql}, results AS {results_sql},
    resolved AS (
        SELECT p.kind, coalesce(p.result, ?) AS result
        FROM v_petitions p
        WHERE {unit_sql} AND p.is_resolved AND p.resolved_date BETWEEN ? AND ?
    )
    SELECT k.code AS kind, k.label AS kind_label, r.code AS result, r.label AS result_label,
           CAST(count(x.result) AS INTEGER) AS cases
    FROM kinds k CROSS JOIN results r
    LEFT JOIN resolved x ON x.result = r.code AND (x.kind = k.code OR k.code = ?)
    GROUP BY k.ord, k.code, k.label, r.ord, r.code, r.label
    ORDER BY k.ord, r.ord
    """
    params = kinds_params + results_params + [NO_RESULT[0]] + unit_params + [f.start, f.end, TOTAL[0]]
    return run(db, sql, params)


def petitions_by_status(db: Path, f: Filters) -> pd.DataFrame:
    """The cases in scope of the period (carried over + received, as ``petitions.petition_summary``)
    by kind × current status as of ``f.as_of`` (a case resolved after it counts as Đang giải quyết,
    one not yet handled as Chưa xử lý), and by competence: how the department handled them
    (giải quyết, chuyển đơn, hướng dẫn, lưu đơn ...). One row per (kind, status): the four kinds then
    ``tong_cong``, each with every status of the catalogue.

    Columns: kind, kind_label, status, status_label, cases, within_competence, outside_competence."""
    kinds_sql, kinds_params = choices_table("petition_kind", TOTAL)
    status_sql, status_params = choices_table("petition_status")
    unit_sql, unit_params = f.unit_clause("p.current_unit_code")
    sql = f"""
    WITH params AS (SELECT CAST(? AS DATE) AS p_start, CAST(? AS DATE) AS p_end, CAST(? AS DATE) AS p_as_of),
    kinds AS {kinds_sql}, statuses AS {status_sql},
    scope AS (
        SELECT p.kind, p.within_competence,
               CASE WHEN p.is_resolved AND p.resolved_date <= params.p_as_of THEN p.status
                    WHEN p.accepted_date <= params.p_as_of OR p.status = 'dang_giai_quyet'
                         OR (p.is_resolved AND p.resolved_date > params.p_as_of) THEN 'dang_giai_quyet'
                    ELSE 'chua_xu_ly' END AS status
        FROM v_petitions p, params
        WHERE {unit_sql}
          AND p.received_date <= params.p_end
          AND NOT (p.is_resolved AND p.resolved_date < params.p_start)
    )
    SELECT k.code AS kind, k.label AS kind_label, s.code AS status, s.label AS status_label,
           CAST(count(x.status) AS INTEGER) AS cases,
           CAST(count(x.status) FILTER (WHERE x.within_competence) AS INTEGER) AS within_competence,
           CAST(count(x.status) FILTER (WHERE NOT x.within_competence) AS INTEGER) AS outside_competence
    FROM kinds k CROSS JOIN statuses s
    LEFT JOIN scope x ON x.status = s.code AND (x.kind = k.code OR k.code = ?)
    GROUP BY k.ord, k.code, k.label, s.ord, s.code, s.label
    ORDER BY k.ord, s.ord
    """
    params = [f.start, f.end, f.as_of] + kinds_params + status_params + unit_params + [TOTAL[0]]
    return run(db, sql, params)
