"""The demo database (etl.demo): built once from generated returns, checked through the public views."""

from datetime import date
from pathlib import Path

import pytest

from etl.catalog import default_catalog
from etl.db import reading
from etl.demo import INVALID, RESUBMITTED, build_demo, write_samples
from etl.text import fold_marks
from etl.validate import validate_workbook

TODAY = date(2026, 6, 30)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, str, list[str]]:
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    lines: list[str] = []
    summary = build_demo(db, progress=lines.append, today=TODAY)
    return db, summary, lines


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with reading(db) as con:
        return con.execute(sql, params or []).fetchall()


def test_every_reporting_unit_has_submissions(demo):
    db, _, _ = demo
    reporting = sorted(u.code for u in default_catalog().units if u.reports)
    assert [r[0] for r in query(db, "SELECT DISTINCT unit_code FROM v_submissions ORDER BY 1")] == reporting
    assert query(db, "SELECT unit_code FROM v_units EXCEPT SELECT unit_code FROM v_submissions") == []


def test_merged_unit_reports_only_while_it_exists(demo):
    db, _, _ = demo
    assert query(db, "SELECT max(period_end) FROM v_submissions WHERE unit_code = 'CLCT'") == [(date(2024, 12, 14),)]
    assert query(db, "SELECT min(period_end) FROM v_submissions WHERE unit_code = 'QLXD'") == [(date(2025, 3, 14),)]


def test_every_kind_of_period_is_reported(demo):
    db, _, _ = demo
    codes = {r[0] for r in query(db, "SELECT DISTINCT period_code FROM v_submissions")}
    assert {"2024-Q1", "2024-H1", "2024-Q3", "2024-9M", "2024-Q4", "2024",
            "2025-Q1", "2025-H1", "2025-Q3", "2025-9M", "2025-Q4", "2025", "2026-Q1", "2026-H1"} == codes


def test_resubmissions_supersede_the_first_file(demo):
    db, _, _ = demo
    superseded = query(db, "SELECT unit_code, period_code FROM v_submissions WHERE NOT is_active ORDER BY 1, 2")
    assert superseded == sorted(RESUBMITTED)
    active = query(db, "SELECT count(*) FROM v_submissions WHERE is_active AND file_name LIKE '%_lan2.xlsx'")
    assert active == [(len(RESUBMITTED),)]


def test_summary_reports_rejected_and_duplicate_files(demo):
    db, summary, lines = demo
    assert "3 tệp bị từ chối (cố ý: BTDB_2024.xlsx, KHTC_2025-H1.xlsx, DK_2025-9M.xlsx)" in summary
    assert "1 tệp trùng không thay đổi" in summary
    assert "CẢNH BÁO" not in summary
    assert "\n" not in summary
    rejected_names = [f"{unit}_{period}.xlsx" for unit, period in INVALID]
    assert query(db, "SELECT count(*) FROM v_submissions WHERE file_name IN (?, ?, ?)", rejected_names) == [(0,)]
    assert any("DK_2025-9M.xlsx: Thông tin!B6: Lỗi: Mã đơn vị 'Trung tâm ĐK xe cơ giới'" in line for line in lines)


def test_all_four_petition_kinds_present(demo):
    db, _, _ = demo
    kinds = query(db, "SELECT DISTINCT kind FROM v_petitions ORDER BY 1")
    assert kinds == [("khieu_nai",), ("kien_nghi",), ("phan_anh",), ("to_cao",)]


def test_some_cases_resolved_late_some_on_time_some_open(demo):
    db, _, _ = demo
    on_time = query(db, "SELECT on_time, count(*) > 0 FROM v_petitions WHERE is_resolved GROUP BY 1 ORDER BY 1")
    assert on_time == [(False, True), (True, True)]
    assert query(db, "SELECT count(*) > 0 FROM v_petitions WHERE NOT is_resolved AND on_time IS NULL") == [(True,)]
    overdue = query(db, "SELECT count(*) > 0 FROM v_petitions WHERE NOT is_resolved AND due_date < ?", [TODAY])
    assert overdue == [(True,)]


def test_petitions_cover_the_contract_fields(demo):
    db, _, _ = demo
    (row,) = query(db, """
        SELECT bool_or(NOT within_competence), bool_or(status = 'da_chuyen_don'), bool_or(attempt = 2),
               bool_or(complexity = 'phuc_tap'), bool_or(remote_area), bool_or(extension_days > 0),
               count(DISTINCT result)
        FROM v_petitions""")
    assert row == (True, True, True, True, True, True, 4)


def test_petition_dates_follow_the_contract_rules(demo):
    db, _, _ = demo
    broken = query(db, """
        SELECT count(*) FROM v_petitions
        WHERE accepted_date < received_date OR resolved_date < coalesce(accepted_date, received_date)
           OR greatest(received_date, accepted_date, resolved_date) > ? OR received_date < DATE '2000-01-01'
           OR (status IN ('chua_xu_ly', 'dang_giai_quyet') AND resolved_date IS NOT NULL)
           OR (result IS NOT NULL AND NOT is_resolved)""", [TODAY])
    assert broken == [(0,)]


def test_inspectorate_and_office_get_most_petitions(demo):
    db, _, _ = demo
    per_unit = dict(query(db, """
        SELECT unit_code, count(*) FROM v_petitions WHERE year(received_date) = 2025 GROUP BY 1"""))
    assert 20 <= per_unit["TTR"] <= 60 and 20 <= per_unit["VP"] <= 60
    assert max(n for code, n in per_unit.items() if code not in ("TTR", "VP")) <= 8


def test_head_receives_citizens_in_most_months_but_not_all(demo):
    db, _, _ = demo
    (months,) = query(db, """
        SELECT count(DISTINCT strftime(session_date, '%Y-%m')) FROM v_reception_sessions
        WHERE unit_code = 'VP' AND form = 'dinh_ky' AND host_role = 'giam_doc'
          AND session_date BETWEEN DATE '2024-01-01' AND DATE '2025-12-31'""")[0]
    assert 14 <= months < 24
    off_schedule = query(db, "SELECT count(*) FROM v_reception_sessions WHERE form = 'dinh_ky' AND NOT on_schedule")
    assert off_schedule[0][0] > 0
    assert query(db, "SELECT count(*) FROM v_reception_sessions WHERE unit_code IN ('KHTC', 'KCHT')") == [(0,)]


def test_models_span_the_lifecycle_and_the_repeated_one_counts_once(demo):
    db, _, _ = demo
    statuses = {r[0] for r in query(db, "SELECT DISTINCT status FROM v_models")}
    assert {"dang_trien_khai", "da_so_ket", "duoc_cong_nhan", "dung"} <= statuses
    fields = query(db, "SELECT count(DISTINCT field) FROM v_models")
    assert fields == [(4,)]
    types = {r[0] for r in query(db, "SELECT DISTINCT model_type FROM v_models")}
    assert types == {"mo_hinh", "dien_hinh_tap_the", "dien_hinh_ca_nhan"}
    key = fold_marks("Dân vận khéo trong tiếp nhận và trả kết quả thủ tục hành chính")
    assert query(db, "SELECT count(*) FROM v_models WHERE unit_code = 'VP' AND model_key = ?", [key]) == [(1,)]
    spellings = query(db, "SELECT count(DISTINCT model_name) FROM model_rows WHERE model_key = ?", [key])
    assert spellings == [(2,)]


def test_indicators_mostly_met_some_not(demo):
    db, _, _ = demo
    rows = query(db, """
        SELECT indicator_code, count(*) FILTER (WHERE attained), count(*) FILTER (WHERE NOT attained)
        FROM v_indicator_values
        WHERE period_code IN ('2024', '2025') AND indicator_code IN ('CT01', 'CT02', 'CT04', 'CT06', 'CT07')
        GROUP BY 1 ORDER BY 1""")
    assert [r[0] for r in rows] == ["CT01", "CT02", "CT04", "CT06", "CT07"]
    met, missed = sum(r[1] for r in rows), sum(r[2] for r in rows)
    assert missed > 0 and met > 4 * missed
    labels = {r[0] for r in query(db, "SELECT actual_label FROM v_indicator_values WHERE indicator_code = 'CT06'")}
    assert {"Tốt", "Khá"} <= labels


def test_some_returns_arrive_late(demo):
    db, _, _ = demo
    (late, total) = query(db, """
        SELECT count(*) FILTER (
                   WHERE CAST(uploaded_at AS DATE) > period_end + CASE period_kind WHEN 'year' THEN 10 ELSE 7 END),
               count(*)
        FROM v_submissions""")[0]
    assert 0 < late < total / 3
    assert query(db, "SELECT max(uploaded_at) <= ? FROM v_submissions", [TODAY]) == [(True,)]


def test_build_is_deterministic(tmp_path):
    def build(name: str) -> tuple:
        db = tmp_path / name
        summary = build_demo(db, progress=lambda line: None, today=date(2024, 3, 19))  # a few files: cheap
        counts = query(db, """
            SELECT (SELECT count(*) FROM v_submissions), (SELECT count(*) FROM v_petitions),
                   (SELECT count(*) FROM v_reception_sessions), (SELECT count(*) FROM v_models),
                   (SELECT count(*) FROM v_indicator_values)""")
        hashes = query(db, "SELECT file_name, file_sha256, uploaded_at FROM v_submissions ORDER BY 1")
        return summary.replace(str(db), ""), counts, hashes

    first, second = build("a.duckdb"), build("b.duckdb")
    assert first == second
    assert first[1][0][0] > 0


def test_write_samples(tmp_path):
    paths = write_samples(tmp_path)
    assert [p.name for p in paths] == [
        "VP_2025-Q1.xlsx", "TTR_2025.xlsx", "BQLDA_2025-9M.xlsx", "mau_loi_KHTC_2025-H1.xlsx",
    ]
    assert (tmp_path / "README.md").is_file()
    results = {p.name: validate_workbook(p.read_bytes(), p.name, today=date(2026, 6, 30)) for p in paths}
    assert [name for name, parsed in results.items() if not parsed.ok] == ["mau_loi_KHTC_2025-H1.xlsx"]
    assert sorted(f.rule for f in results["mau_loi_KHTC_2025-H1.xlsx"].errors) == [
        "date.order", "indicator.actual_over_total", "indicator.bad_boolean", "petition.resolved_without_date",
    ]
    assert results["TTR_2025.xlsx"].period.code == "2025"
    assert results["BQLDA_2025-9M.xlsx"].unit_code == "BQLDA"
