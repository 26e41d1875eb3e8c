import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth import User
from etl.db import data_version
from etl.load import load_bytes
from tests.fixtures import FIXTURE_TODAY
from tests.workbooks import build_return, petition

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def leader_app(db: Path, today: date = FIXTURE_TODAY) -> AppTest:
    """The app logged in as Lãnh đạo Sở on ``db`` with ``today`` as the reference day, not yet run."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["_db_path"] = str(db)
    at.session_state["_today"] = today
    at.session_state["user"] = User("lanhdao", "lanh_dao", "Lãnh đạo Sở")
    return at


@pytest.fixture
def app(fixture_db):
    at = leader_app(fixture_db)
    at.run()
    assert not at.exception
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(page)
    at.run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def open_tab(at: AppTest, key: str, label: str) -> AppTest:
    """Click a lazy tab (``ui.lazy_tabs``): only the open tab's content is drawn."""
    at.session_state[key] = label
    at.run()
    assert not at.exception
    assert [t.label for t in at.tabs if t.proto.label == label], f"no tab {label!r}"
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def table(at: AppTest, column: str) -> list[dict]:
    """The rows of the one table on the page that has this column header."""
    (found,) = [d.value for d in at.dataframe if column in d.value.columns]
    return found.to_dict("records")


def test_overview_is_the_landing_page(app):
    assert [t.value for t in app.title] == ["Tổng quan"]
    assert metrics(app) == {
        "Chỉ tiêu đạt (toàn Sở)": "2/7",
        "Mô hình đăng ký": "1",
        "Điển hình": "1",
        "Tiếp định kỳ đúng lịch": "4/5",
        "Giám đốc tiếp dân": "5/11",
        "Báo cáo đã nộp": "1/9",
        "Đơn thư đã nhận": "7",
        "Đã giải quyết": "5",
        "Giải quyết đúng hạn": "60,0%",
        "Quá hạn chưa giải quyết": "1",
    }
    captions = [c.value for c in app.caption]
    assert "Năm 2025 · số liệu từ 15/12/2024 đến 14/12/2025; đơn thư xét tại ngày 14/12/2025." in captions
    assert any(c.startswith("Năm 2025 · đúng hạn: ") for c in captions)  # the returns card's period
    (attainment,) = app.get("plotly_chart")
    assert json.loads(attainment.proto.spec)["layout"]["title"]["text"] == "Mức đạt chỉ tiêu toàn Sở"


def test_overview_needs_attention_lists(app):
    assert [t.label for t in app.tabs] == ["Đơn quá hạn", "Đơn sắp đến hạn", "Báo cáo chưa nộp, nộp muộn",
                                           "Chỉ tiêu chưa đạt"]
    # the first tab is the only list drawn on arrival
    assert [list(d.value.columns) for d in app.dataframe] == [
        ["Số hiệu đơn", "Số ngày quá hạn", "Hạn giải quyết", "Loại đơn", "Đơn vị"]]  # the late part first (phone)
    assert table(app, "Số ngày quá hạn") == [
        {"Đơn vị": "Văn phòng Sở", "Số hiệu đơn": "VP-04", "Loại đơn": "Phản ánh",
         "Hạn giải quyết": pd.Timestamp("2025-06-16"), "Số ngày quá hạn": 181}]
    # as of the period's last day (the fixture's year: 14/12/2025), which the heading says
    assert "**Đơn quá hạn chưa giải quyết tại ngày 14/12/2025 (1)**" in [m.value for m in app.markdown]

    at = open_tab(app, "ov_tab", "Đơn sắp đến hạn")
    assert "**Đơn đến hạn trong 10 ngày làm việc kể từ 14/12/2025 (0)**" in [m.value for m in at.markdown]
    assert [s.value for s in at.success] == ["Không có đơn sắp đến hạn."]
    assert not at.dataframe

    at = open_tab(app, "ov_tab", "Báo cáo chưa nộp, nộp muộn")
    assert [r["Đơn vị"] for r in table(at, "Ngày nộp")][-1] == "Thanh tra Sở"
    assert [r["Tình trạng"] for r in table(at, "Ngày nộp")] == ["Chưa nộp"] * 8 + ["Nộp muộn"]
    assert "**Đơn vị chưa nộp hoặc nộp muộn · Năm 2025 (9)**" in [m.value for m in at.markdown]

    at = open_tab(app, "ov_tab", "Chỉ tiêu chưa đạt")
    assert [(r["Mã"], r["Tình trạng"]) for r in table(at, "Kết quả")] == [
        ("CT01", "Chưa có số liệu"), ("CT02", "Chưa đạt"), ("CT04", "Chưa đạt"), ("CT05", "Chưa đạt"),
        ("CT06", "Chưa đạt")]  # targets_met for the year: 4 not met, 1 without data
    assert "**Chỉ tiêu chưa đạt (4) và chưa có số liệu (1)**" in [m.value for m in at.markdown]


def test_overview_attention_headings_name_the_day_cases_are_judged_on(fixture_db):
    # before the period's end the lists are as of today, and so must their headings be (they said
    # the period's end: 14/12/2025 over counts as of 20/11/2025)
    at = leader_app(fixture_db, date(2025, 11, 20))
    at.run()
    assert not at.exception
    headings = [m.value for m in at.markdown if m.value.startswith("**Đơn quá hạn")]
    assert headings == ["**Đơn quá hạn chưa giải quyết tại ngày 20/11/2025 (1)**"]
    at = open_tab(at, "ov_tab", "Đơn sắp đến hạn")
    assert [m.value for m in at.markdown if m.value.startswith("**Đơn đến hạn")] == [
        "**Đơn đến hạn trong 10 ngày làm việc kể từ 20/11/2025 (0)**"]


def test_overview_cards_link_to_their_pages(app):
    links = [link.proto.page for link in app.get("page_link")]
    assert {"chi-tieu", "nop-bao-cao"} <= set(links)  # url paths of pages/targets.py, pages/reporting.py
    assert set(links) <= {"chi-tieu", "don-thu", "tiep-cong-dan", "dan-van-kheo", "nop-bao-cao"}


def test_overview_follows_the_unit_filter(app):
    app.multiselect(key="f_units").set_value(["TTR"]).run()
    assert not app.exception
    assert metrics(app) == {
        "Chỉ tiêu đạt (đơn vị đã chọn)": "4/7",  # the label says what the figure covers
        "Mô hình đăng ký": "0",
        "Điển hình": "0",
        "Tiếp định kỳ đúng lịch": "0/0",
        "Giám đốc tiếp dân": "5/11",
        "Báo cáo đã nộp": "1/1",
        "Đơn thư đã nhận": "3",
        "Đã giải quyết": "2",
        "Giải quyết đúng hạn": "50,0%",
        "Quá hạn chưa giải quyết": "0",
    }
    assert app.query_params["don_vi"] == "TTR"
    (attainment,) = app.get("plotly_chart")
    assert json.loads(attainment.proto.spec)["layout"]["title"]["text"] == "Mức đạt chỉ tiêu của các đơn vị đã chọn"


def test_overview_follows_the_period_filter(app):
    app.selectbox(key="f_period").set_value("2025-Q1").run()
    assert not app.exception
    assert metrics(app) == {
        "Chỉ tiêu đạt (toàn Sở)": "2/7",
        "Mô hình đăng ký": "1",
        "Điển hình": "0",
        "Tiếp định kỳ đúng lịch": "2/3",
        "Giám đốc tiếp dân": "3/3",
        "Báo cáo đã nộp": "2/9",
        "Đơn thư đã nhận": "3",
        "Đã giải quyết": "1",
        "Giải quyết đúng hạn": "100,0%",
        "Quá hạn chưa giải quyết": "1",
    }
    assert table(app, "Số ngày quá hạn")[0]["Số hiệu đơn"] == "VP-02"
    assert "Kỳ trước chuyển sang: 0 đơn" in [c.value for c in app.caption]
    assert any(c.value.startswith("Quý I/2025 · đúng hạn: ") for c in app.caption)
    # Quý II: what it resolved may be Quý I's cases, so the card says how many came over
    app.selectbox(key="f_period").set_value("2025-Q2").run()
    assert {k: metrics(app)[k] for k in ["Đơn thư đã nhận", "Đã giải quyết"]} == {
        "Đơn thư đã nhận": "2", "Đã giải quyết": "2"}
    assert "Kỳ trước chuyển sang: 2 đơn" in [c.value for c in app.caption]
    # ... while the targets and the models are the year's so far, and their cards say so
    assert {k: metrics(app).get(k) for k in ["Chỉ tiêu đạt (toàn Sở)", "Mô hình đăng ký"]} == {
        "Chỉ tiêu đạt (toàn Sở)": "2/7", "Mô hình đăng ký": "1"}
    assert [c.value for c in app.caption].count("Lũy kế từ đầu năm") == 2
    assert ("Biểu đồ: lũy kế từ 15/12/2024 đến 14/06/2025, theo kỳ báo cáo mới nhất của mỗi đơn vị."
            in [c.value for c in app.caption])
    assert [m.proto.help for m in app.metric][:3] == [
        "Lũy kế từ 15/12/2024 đến 14/06/2025, theo kỳ báo cáo mới nhất của mỗi đơn vị",
        "Mô hình “Dân vận khéo” đăng ký trong năm. Chỉ tiêu: ít nhất 1. Lũy kế từ 15/12/2024 đến 14/06/2025",
        # an exemplar of an earlier year counts (leadership round: the card did not say so)
        "Điển hình tập thể hoặc cá nhân, kể cả điển hình từ các năm trước, trừ điển hình đã dừng, đến ngày "
        "14/06/2025. Chỉ tiêu: ít nhất 1"]
    app.selectbox(key="f_period").set_value("2025-Q1").run()
    assert not any(c.value.startswith("Lũy kế") for c in app.caption)


def test_overview_of_a_period_no_return_reaches(app):
    """VP's last return is 6 tháng (to 14/06/2025): Quý III's petitions and sessions are not
    reported, so the cards say "–" (not 0) and why; its open case VP-04 is still overdue."""
    app.selectbox(key="f_period").set_value("2025-Q3")
    app.multiselect(key="f_units").set_value(["VP"]).run()
    assert not app.exception
    shown = metrics(app)
    assert {k: shown[k] for k in ("Tiếp định kỳ đúng lịch", "Giám đốc tiếp dân", "Đơn thư đã nhận", "Đã giải quyết",
                                  "Giải quyết đúng hạn", "Quá hạn chưa giải quyết")} == {
        "Tiếp định kỳ đúng lịch": "–", "Đơn thư đã nhận": "–", "Đã giải quyết": "–", "Giải quyết đúng hạn": "–",
        "Quá hạn chưa giải quyết": "1",
        # department-wide, not VP's: TTR's annual return covers July to September, no Giám đốc session
        "Giám đốc tiếp dân": "0/3"}
    assert any(i.value.startswith("Các đơn vị đã chọn chưa nộp báo cáo có số liệu của Quý III/2025") for i in app.info)
    app.multiselect(key="f_units").set_value([]).run()  # TTR's annual return covers Quý III
    assert not any("chưa nộp báo cáo" in i.value for i in app.info)
    assert metrics(app)["Đơn thư đã nhận"] == "1"


def test_the_overdue_card_says_of_which_day_and_which_returns(app):
    """VP's returns stop at 14/06/2025: its overdue case VP-04 is counted as of the year's 14/12,
    and the card says the count rests on returns to 14/06 (a case settled since and not reported
    yet is still counted); the department's, whose returns reach 14/12, says only the day."""
    help_of = {m.label: m.proto.help for m in app.metric}
    assert help_of["Quá hạn chưa giải quyết"] == "Đơn chưa giải quyết xong đã quá hạn giải quyết tính đến ngày 14/12/2025"
    app.multiselect(key="f_units").set_value(["VP"]).run()
    help_of = {m.label: m.proto.help for m in app.metric}
    assert help_of["Quá hạn chưa giải quyết"] == (
        "Đơn chưa giải quyết xong đã quá hạn giải quyết tính đến ngày 14/12/2025, theo các báo cáo có số liệu "
        "đến ngày 14/06/2025: đơn giải quyết sau ngày đó mà chưa báo cáo vẫn được tính ở đây")
    assert metrics(app)["Quá hạn chưa giải quyết"] == "1"


def test_overview_filters_set_before_the_first_run(fixture_db):
    at = leader_app(fixture_db)
    at.session_state["f_year"] = 2025
    at.session_state["f_period"] = "2025-H1"
    at.session_state["f_units"] = ["VP"]
    at.run()
    assert not at.exception
    assert {k: metrics(at)[k] for k in ["Đơn thư đã nhận", "Đã giải quyết", "Quá hạn chưa giải quyết"]} == {
        "Đơn thư đã nhận": "4", "Đã giải quyết": "3", "Quá hạn chưa giải quyết": "0"}
    assert table(open_tab(at, "ov_tab", "Đơn sắp đến hạn"), "Còn (ngày làm việc)") == [
        {"Đơn vị": "Văn phòng Sở", "Số hiệu đơn": "VP-04", "Loại đơn": "Phản ánh",
         "Hạn giải quyết": pd.Timestamp("2025-06-16"), "Còn (ngày làm việc)": 1}]


def test_a_link_to_a_year_without_data_says_which_year_is_shown(fixture_db):
    at = leader_app(fixture_db)
    at.query_params["nam"] = "2019"
    at.run()
    assert not at.exception
    assert [w.value for w in at.warning] == ["Năm 2019 chưa có số liệu nào; đang hiển thị năm 2025."]
    assert at.query_params["nam"] == "2025"
    at.run()  # said once, on arrival
    assert not [w for w in at.warning if w.value.startswith("Năm 2019")]


def test_the_filters_outlive_a_run_that_could_not_draw_them(fixture_db, monkeypatch):
    """A run whose sidebar failed (a busy database) makes Streamlit forget the filter widgets'
    values; a page switch then drops the URL's parameters. The next run keeps the chosen filters."""
    from dashboard import ui
    from etl.errors import DvcqError

    at = leader_app(fixture_db)
    at.run()
    at.selectbox(key="f_period").set_value("2025-Q1").run()
    at.multiselect(key="f_units").set_value(["VP"]).run()
    assert dict(at.query_params) == {"nam": "2025", "ky": "2025-Q1", "don_vi": "VP"}

    options = ui.options

    def busy(db):
        raise DvcqError("Cơ sở dữ liệu đang bận.")

    monkeypatch.setattr(ui, "options", busy)
    at.run()
    assert "Cơ sở dữ liệu đang bận." in [e.value for e in at.error]
    assert "f_period" not in at.session_state  # Streamlit's clean-up of widgets not drawn
    monkeypatch.setattr(ui, "options", options)
    at.query_params.clear()  # as after a click in the page menu
    at.run()
    assert not at.exception and not at.error
    assert (at.selectbox(key="f_year").value, at.selectbox(key="f_period").value,
            at.multiselect(key="f_units").value) == (2025, "2025-Q1", ["VP"])
    assert dict(at.query_params) == {"nam": "2025", "ky": "2025-Q1", "don_vi": "VP"}


def test_overview_live_refresh_toggle(app):
    assert app.toggle(key="overview_live").value is False
    app.toggle(key="overview_live").set_value(True).run()
    assert not app.exception
    assert any(c.value.startswith("Tự động làm mới khi có số liệu mới") for c in app.caption)
    assert metrics(app)["Đơn thư đã nhận"] == "7"


def test_overview_shows_a_new_load_on_the_next_run(fixture_db, tmp_path):
    # What the live toggle relies on: the data version changes with a load, and the cache is keyed on it.
    db = tmp_path / "live.duckdb"
    shutil.copy(fixture_db, db)
    at = leader_app(db)
    at.run()
    assert metrics(at)["Đơn thư đã nhận"] == "7"
    before = data_version(db)
    data = build_return("DK", "Năm 2025", petitions=[petition("DK-01", "05/05/2025", "Kiến nghị")])
    assert load_bytes(db, data, "DK_2025.xlsx", "vanphong", today=FIXTURE_TODAY).status == "loaded"
    assert data_version(db) != before
    at.run()
    assert metrics(at)["Đơn thư đã nhận"] == "8"
    assert metrics(at)["Báo cáo đã nộp"] == "2/9"


def test_targets_page(app):
    at = open_page(app, "pages/targets.py")
    assert [t.value for t in at.title] == ["Chỉ tiêu"]
    assert metrics(at) == {"Chỉ tiêu đạt (toàn Sở)": "2/7", "Chỉ tiêu chưa đạt": "4", "Chỉ tiêu chưa có số liệu": "1"}
    department = table(at, "Kết quả toàn Sở")
    assert [(r["Mã"], r["Tình trạng"], r["Kết quả toàn Sở"]) for r in department] == [
        ("CT01", "Chưa có số liệu", "3/9 đơn vị đạt (6 đơn vị chưa có số liệu)"),
        ("CT02", "Chưa đạt", "2/9 đơn vị đạt (6 đơn vị chưa có số liệu)"),
        ("CT03", "Đạt", "1 mô hình, 1 điển hình (chỉ tiêu ≥ 1)"),
        ("CT04", "Chưa đạt", "90,5% (chỉ tiêu 100%)"),
        ("CT05", "Chưa đạt", "80,0% (chỉ tiêu 100%)"),
        ("CT06", "Chưa đạt", "2/9 đơn vị đạt (6 đơn vị chưa có số liệu)"),
        ("CT07", "Đạt", "100,0% (chỉ tiêu 100%)"),
    ]
    # the first tab only: the other tabs' charts are not built or sent until opened
    assert [t.label for t in at.tabs] == ["Toàn Sở", "Theo đơn vị", "Diễn biến trong năm", "Chi tiết một đơn vị"]
    (bars,) = at.get("plotly_chart")
    assert '"type":"bar"' in bars.proto.spec.replace(" ", "")
    heatmap = open_tab(at, "chi_tieu_tab", "Theo đơn vị").get("plotly_chart")
    assert len(heatmap) == 1 and '"type":"heatmap"' in heatmap[0].proto.spec.replace(" ", "")
    assert not [t for t in at.dataframe if "Kết quả toàn Sở" in t.value.columns]
    trend = open_tab(at, "chi_tieu_tab", "Diễn biến trong năm").get("plotly_chart")
    assert len(trend) == 1 and '"type":"scatter"' in trend[0].proto.spec.replace(" ", "")


def test_targets_unit_detail_and_period(app):
    at = open_tab(open_page(app, "pages/targets.py"), "chi_tieu_tab", "Chi tiết một đơn vị")
    at.selectbox(key="targets_unit").set_value("VP").run()
    assert [(r["Mã"], r["Kỳ số liệu"], r["Kết quả"], r["Tình trạng"]) for r in table(at, "Kỳ số liệu")] == [
        ("CT01", "6 tháng đầu năm 2025", "Có", "Đạt"),
        ("CT02", "6 tháng đầu năm 2025", "Có", "Đạt"),
        ("CT03", "6 tháng đầu năm 2025", "1 mô hình, 1 điển hình", "Tính chung toàn Sở"),
        ("CT04", "6 tháng đầu năm 2025", "8/10 (80,0%)", "Chưa đạt"),
        ("CT05", "6 tháng đầu năm 2025", "4/5 (80,0%)", "Chưa đạt"),
        ("CT06", "6 tháng đầu năm 2025", "Tốt", "Đạt"),
        ("CT07", "6 tháng đầu năm 2025", "20/20 (100,0%)", "Đạt"),
    ]
    at.selectbox(key="f_period").set_value("2025-Q1").run()
    assert not at.exception
    assert metrics(at) == {"Chỉ tiêu đạt (toàn Sở)": "2/7", "Chỉ tiêu chưa đạt": "3", "Chỉ tiêu chưa có số liệu": "2"}
    assert [r["Kết quả"] for r in table(at, "Kỳ số liệu")][3] == "10/10 (100,0%)"


def test_reporting_page(app):
    at = open_page(app, "pages/reporting.py")
    assert [t.value for t in at.title] == ["Nộp báo cáo"]
    assert metrics(at) == {"Đơn vị phải nộp": "9", "Đã nộp": "1/9", "Nộp đúng hạn": "0/9", "Tỷ lệ nộp": "11,1%"}
    assert [t.label for t in at.tabs] == ["Chưa nộp, nộp muộn", "Theo đơn vị và kỳ", "Tỷ lệ nộp theo kỳ"]
    assert not at.get("plotly_chart")  # the first tab is the list of units to chase
    assert [r["Tình trạng"] for r in table(at, "Ngày nộp")] == ["Chưa nộp"] * 8 + ["Nộp muộn"]
    (grid,) = open_tab(at, "nop_bao_cao_tab", "Theo đơn vị và kỳ").get("plotly_chart")
    assert '"type":"heatmap"' in grid.proto.spec.replace(" ", "")
    rates = table(open_tab(at, "nop_bao_cao_tab", "Tỷ lệ nộp theo kỳ"), "Tỷ lệ nộp")
    assert [(r["Kỳ báo cáo"], r["Đã nộp"], r["Chưa nộp"], r["Tỷ lệ nộp"]) for r in rates] == [
        ("Quý I/2025", 2, 7, "22,2%"),
        ("Quý II/2025", 1, 8, "11,1%"),  # covered by VP's 6-month return
        ("6 tháng đầu năm 2025", 1, 8, "11,1%"),
        ("Quý III/2025", 0, 9, "0,0%"),
        ("9 tháng năm 2025", 0, 9, "0,0%"),
        ("Quý IV/2025", 1, 8, "11,1%"),  # covered by TTR's annual return
        ("Năm 2025", 1, 8, "11,1%"),
    ]
    assert len(at.get("plotly_chart")) == 1


def test_reporting_page_follows_the_filters(app):
    at = open_page(app, "pages/reporting.py")
    at.selectbox(key="f_period").set_value("2025-Q1").run()
    assert metrics(at) == {"Đơn vị phải nộp": "9", "Đã nộp": "2/9", "Nộp đúng hạn": "0/9", "Tỷ lệ nộp": "22,2%"}
    assert [r["Kỳ báo cáo"] for r in table(open_tab(at, "nop_bao_cao_tab", "Tỷ lệ nộp theo kỳ"), "Tỷ lệ nộp")] == [
        "Quý I/2025"]
    at.multiselect(key="f_units").set_value(["KHTC", "VP"]).run()
    assert metrics(at) == {"Đơn vị phải nộp": "2", "Đã nộp": "2/2", "Nộp đúng hạn": "0/2", "Tỷ lệ nộp": "100,0%"}
    at = open_tab(at, "nop_bao_cao_tab", "Chưa nộp, nộp muộn")
    assert [(r["Đơn vị"], r["Tình trạng"]) for r in table(at, "Ngày nộp")] == [
        ("Văn phòng Sở", "Nộp muộn"), ("Phòng Kế hoạch - Tài chính", "Nộp muộn")]  # the catalogue's order


def test_a_period_not_yet_due_is_said_to_be_so_not_all_on_time(fixture_db):
    """16/12/2025: the year has ended (14/12) but its return is due on 24/12. Văn phòng Sở has not
    sent it yet: that is no 0,0% rate and no "all on time", on Tổng quan and on Nộp báo cáo alike."""
    at = leader_app(fixture_db, date(2025, 12, 16))
    at.session_state["f_year"] = 2025
    at.session_state["f_units"] = ["VP"]
    at.run()
    assert not at.exception
    assert metrics(at)["Báo cáo đã nộp"] == "0/1"
    assert "Năm 2025 · chưa đến hạn nộp (hạn 24/12/2025)" in [c.value for c in at.caption]
    at = open_tab(at, "ov_tab", "Báo cáo chưa nộp, nộp muộn")
    assert [i.value for i in at.info] == ["Chưa đến hạn nộp (hạn 24/12/2025)."] and not at.success
    at = open_page(at, "pages/reporting.py")
    assert metrics(at) == {"Đơn vị phải nộp": "1", "Đã nộp": "0/1", "Nộp đúng hạn": "0/1", "Tỷ lệ nộp": "Chưa đến hạn"}
    assert [i.value for i in at.info] == [
        "Chưa đến hạn nộp (hạn 24/12/2025): 1 đơn vị chưa nộp, chưa đơn vị nào nộp muộn."]
    assert not at.success


def test_reporting_page_before_any_period_has_ended(fixture_db):
    at = leader_app(fixture_db, date(2025, 3, 1))
    at.run()
    at = open_page(at, "pages/reporting.py")
    assert [i.value for i in at.info] == ["Chưa có kỳ báo cáo nào của năm này kết thúc."]


def test_each_run_hands_the_browser_the_filters_it_uses(fixture_db):
    """A run cut short after setting the link's filters (a menu click right after the login) never
    drew the boxes; the next run drew them without a value, so the browser showed its default, the
    latest year, and sent it back (CI: /?nam=2025 opened on 2026). Every run now sets each box's
    value, whether or not it changed."""
    at = leader_app(fixture_db)
    at.query_params["nam"] = "2025"
    at.query_params["ky"] = "2025-H1"
    at.run()
    at.run()  # a run that reads no link: as the one after the run cut short
    boxes = [at.selectbox(key="f_year"), at.selectbox(key="f_period"), at.multiselect(key="f_units")]
    assert [b.proto.set_value for b in boxes] == [True, True, True]
    assert (at.selectbox(key="f_year").value, at.selectbox(key="f_period").value) == (2025, "2025-H1")
