"""The Báo cáo UBND tỉnh page (pages/report.py): office and admin only; it builds the report and the
annex for the sidebar's period and offers both as downloads, with the same figures as the queries."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest
from docx import Document
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from dashboard.auth import DENIED, User
from dashboard.filters import Filters
from dashboard.queries import indicators, petitions
from tests.fixtures import FIXTURE_TODAY

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "pages/report.py"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def served(monkeypatch) -> dict[str, tuple[str, bytes]]:
    """What the page hands to the browser for download: mimetype → (file name, bytes or the
    callable that builds them when the button is clicked)."""
    files: dict[str, tuple[str, bytes]] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes):
            files[mimetype] = (filename, path_or_data)
        return original(self, path_or_data, mimetype, kind, filename)

    def defer(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        files[mimetype] = (file_name, data_callable)  # built on the click: the test clicks
        return original_defer(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    original_defer = MediaFileManager.add_deferred
    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    monkeypatch.setattr(MediaFileManager, "add_deferred", defer)
    return files


def clicked(served: dict, mimetype: str) -> bytes:
    """The bytes a download button hands over: at once, or, for a deferred one, on the click."""
    data = served[mimetype][1]
    return data if isinstance(data, bytes) else data()


def open_page(db: Path, role: str = "van_phong") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["_db_path"] = str(db)
    at.session_state["_today"] = FIXTURE_TODAY
    at.session_state["user"] = User("vanphong", role, "Cán bộ văn phòng")
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture
def db(fixture_db: Path, tmp_path: Path) -> Path:
    """A private copy: a download writes the audit log."""
    copy = tmp_path / "report.duckdb"
    shutil.copy(fixture_db, copy)
    return copy


def exports(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT username, target, json_extract_string(details, '$.file') FROM audit_log "
                           "WHERE action = 'export' ORDER BY audit_id").fetchall()


def test_office_gets_both_documents_with_the_query_figures(db, served):
    at = open_page(db)
    assert not at.error, [e.value for e in at.error]
    assert [t.value for t in at.title] == ["Báo cáo UBND tỉnh"]
    assert metrics(at) == {"Kỳ báo cáo": "Năm 2025", "Chỉ tiêu đạt (toàn Sở)": "2/7",
                           "Đoạn Văn phòng cần bổ sung": "10"}
    assert [d.label for d in at.get("download_button")] == ["Tải báo cáo (.docx)", "Tải phụ lục (.xlsx)"]
    assert [served[m][0] for m in (DOCX, XLSX)] == ["bao_cao_dan_van_chinh_quyen_2025.docx",
                                                    "bao_cao_dan_van_chinh_quyen_2025_phu_luc.xlsx"]

    f = Filters(2025, "2025", (), FIXTURE_TODAY)
    doc = Document(io.BytesIO(clicked(served, DOCX)))
    assert doc.paragraphs[1].text == "Kết quả thực hiện công tác dân vận chính quyền năm 2025"
    (targets,) = [t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == ["TT", "Chỉ tiêu"]]
    attainment = indicators.department_attainment(db, f)
    assert [[c.text for c in row.cells][2:] for row in targets.rows[1:]] == [
        [r.result, r.status] for r in attainment.itertuples()]
    book = openpyxl.load_workbook(io.BytesIO(clicked(served, XLSX)))
    total = [c.value for c in book["PL07 Đơn thư"]["A12:D12"][0]]
    summary = petitions.petition_summary(db, f).iloc[-1]
    assert total == ["Tổng cộng", summary["carried_over"], summary["received"], summary["total"]] == [
        "Tổng cộng", 0, 7, 7]

    # each file handed over is in the audit log, as every export of the app is
    assert exports(db) == [("vanphong", "report_docx", "bao_cao_dan_van_chinh_quyen_2025.docx"),
                           ("vanphong", "report_xlsx", "bao_cao_dan_van_chinh_quyen_2025_phu_luc.xlsx")]

    shown = at.dataframe[0].value
    assert shown.columns.tolist() == ["Mã", "Chỉ tiêu", "Kết quả", "Đạt / Chưa đạt"]
    assert shown["Đạt / Chưa đạt"].tolist() == attainment["status"].tolist()
    assert "1. số, ngày ban hành Kế hoạch của UBND tỉnh và Kế hoạch của Sở" in at.markdown[0].value


def test_the_sidebar_period_chooses_the_report_and_units_do_not_apply(db, served):
    at = open_page(db)
    at.sidebar.selectbox(key="f_period").set_value("2025-H1").run()
    assert not at.exception
    assert metrics(at)["Kỳ báo cáo"] == "6 tháng đầu năm 2025"
    assert metrics(at)["Chỉ tiêu đạt (toàn Sở)"] == "2/7"
    assert served[DOCX][0] == "bao_cao_dan_van_chinh_quyen_2025-H1.docx"
    doc = Document(io.BytesIO(clicked(served, DOCX)))
    assert doc.paragraphs[1].text == "Kết quả thực hiện công tác dân vận chính quyền 6 tháng đầu năm 2025"
    whole = clicked(served, DOCX)

    at.sidebar.multiselect(key="f_units").set_value(["VP"]).run()
    assert not at.exception
    assert [i.value for i in at.info] == ["Báo cáo tính cho toàn Sở: bộ lọc đơn vị không áp dụng."]
    assert metrics(at)["Chỉ tiêu đạt (toàn Sở)"] == "2/7"
    assert clicked(served, DOCX) == whole  # the same department-wide document


def test_leadership_cannot_open_the_report(fixture_db, served):
    at = open_page(fixture_db, role="lanh_dao")
    assert [e.value for e in at.error] == [DENIED]
    assert not at.get("download_button")
    assert served == {}
