"""The Đơn thư, Tiếp công dân and Dân vận khéo pages run against the fixture database (AppTest): the
numbers they show, and that the sidebar filters and the page's own filters change them."""

from __future__ import annotations

import json

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import ui
from dashboard.auth import User
from dashboard.queries import petitions as q_petitions

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_page(db: Path, page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["_db_path"] = str(db)
    at.session_state["_today"] = date(2025, 12, 31)
    at.session_state["user"] = User("lanhdao", "lanh_dao", "Lãnh đạo Sở")  # tests may skip the login form
    at.run()
    at.switch_page(page)
    at.run()
    assert_ok(at)
    return at


def assert_ok(at: AppTest) -> None:
    assert not at.exception
    assert [e.value for e in at.error] == []


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def deltas(at: AppTest) -> dict[str, str]:
    return {m.label: m.delta for m in at.metric if m.delta}


def open_tab(at: AppTest, key: str, label: str) -> AppTest:
    """Click a lazy tab (``ui.lazy_tabs``): only the open tab's content is drawn."""
    at.session_state[key] = label
    at.run()
    assert_ok(at)
    return at


def case_refs(at: AppTest) -> list[str]:
    """The case numbers in the Đơn thư page's case list (its last tab)."""
    at = open_tab(at, "don_thu_tab", "Danh sách đơn")
    (cases,) = at.dataframe
    return cases.value["Số hiệu đơn"].tolist()


def choose(at: AppTest, period: str = "", units: list[str] | None = None) -> AppTest:
    at.selectbox(key="f_period").set_value(period)
    at.multiselect(key="f_units").set_value(units or [])
    at.run()
    assert_ok(at)
    return at


# -- Đơn thư ---------------------------------------------------------------------------------------


@pytest.fixture()
def petitions(fixture_db: Path) -> AppTest:
    return open_page(fixture_db, "pages/petitions.py")


def test_petitions_page_shows_the_year(petitions: AppTest) -> None:
    assert petitions.title[0].value == "Đơn thư"
    assert metrics(petitions) == {
        "Tổng số đơn": "7",
        "Tồn kỳ trước": "0",
        "Nhận trong kỳ": "7",
        "Đã giải quyết": "5",
        "Đúng hạn": "60,0%",
        "Đang quá hạn": "1",
    }
    assert [t.label for t in petitions.tabs] == [
        "Thời gian giải quyết", "Đúng hạn", "Đơn đang giải quyết", "Kết quả, tổng hợp TT 01/2024", "Danh sách đơn"]
    assert not petitions.dataframe and len(petitions.get("plotly_chart")) == 1  # the first tab only
    on_time = open_tab(petitions, "don_thu_tab", "Đúng hạn")
    charts = on_time.get("plotly_chart")
    assert len(charts) == 3  # by month, by unit, and the thụ lý of khiếu nại and tố cáo
    spec = json.loads(charts[2].proto.spec)
    assert spec["layout"]["title"]["text"] == "Thụ lý đơn khiếu nại, tố cáo"
    # VP-01, TTR-01, TTR-03 (khiếu nại) and VP-03 (tố cáo), each within its limit
    assert [(t["name"], t["x"]) for t in spec["data"] if any(t["x"])] == [("Thụ lý đúng hạn", [3, 1])]
    assert any(c.value.startswith("Thụ lý của đơn khiếu nại, tố cáo thuộc thẩm quyền nhận trong kỳ, tính đến ngày "
                                  "14/12/2025;") for c in on_time.caption)
    assert len(open_tab(petitions, "don_thu_tab", "Đơn đang giải quyết").get("plotly_chart")) == 2
    (summary,) = open_tab(petitions, "don_thu_tab", "Kết quả, tổng hợp TT 01/2024").dataframe
    (results,) = petitions.get("plotly_chart")
    assert '"type":"bar"' in results.proto.spec.replace(" ", "")
    assert summary.value["Loại đơn"].tolist() == ["Khiếu nại", "Tố cáo", "Kiến nghị", "Phản ánh", "Tổng cộng"]
    assert summary.value["Đã giải quyết"].tolist() == [2, 2, 1, 0, 5]
    assert summary.value["Giải quyết đúng hạn"].tolist() == [1, 2, 0, 0, 3]
    assert summary.value["Không thuộc thẩm quyền"].tolist() == [0, 1, 0, 0, 1]
    (cases,) = open_tab(petitions, "don_thu_tab", "Danh sách đơn").dataframe
    assert list(cases.value.columns) == [
        "Đơn vị", "Số hiệu đơn", "Loại đơn", "Lĩnh vực", "Ngày nhận", "Ngày thụ lý", "Hạn giải quyết",
        "Ngày giải quyết", "Trạng thái", "Kết quả", "Số ngày giải quyết", "Đúng hạn", "Căn cứ tính hạn"]
    assert cases.value["Số hiệu đơn"].tolist() == ["VP-01", "VP-02", "VP-03", "TTR-01", "VP-04", "TTR-02", "TTR-03"]
    assert cases.value["Đúng hạn"].tolist() == ["Có", "Không", "Có", "Không", "Quá hạn", "Có", ""]
    assert "14/12/2025" in petitions.caption[0].value


def test_petitions_page_follows_the_period_and_unit_filters(petitions: AppTest) -> None:
    choose(petitions, period="2025-Q1")  # 15/12/2024–14/03/2025: VP-02 resolved only on 20/03
    assert metrics(petitions) == {
        "Tổng số đơn": "3",
        "Tồn kỳ trước": "0",
        "Nhận trong kỳ": "3",
        "Đã giải quyết": "1",
        "Đúng hạn": "100,0%",
        "Đang quá hạn": "1",
    }
    assert case_refs(petitions) == ["VP-01", "VP-02", "VP-03"]
    choose(petitions, units=["TTR"])
    assert metrics(petitions)["Tổng số đơn"] == "3"
    assert metrics(petitions)["Đúng hạn"] == "50,0%"
    assert metrics(petitions)["Đang quá hạn"] == "0"
    assert case_refs(petitions) == ["TTR-01", "TTR-02", "TTR-03"]


def test_petitions_case_table_filters(petitions: AppTest) -> None:
    open_tab(petitions, "don_thu_tab", "Danh sách đơn")
    assert petitions.selectbox(key="don_thu_tinh_trang").options == [
        "Tất cả đơn", "Chưa giải quyết tại 14/12/2025", "Chưa giải quyết · quá hạn",
        "Chưa giải quyết · đến hạn trong 10 ngày làm việc", "Chưa giải quyết · còn hạn",
        "Chưa giải quyết · chưa xác định hạn", "Chưa giải quyết · 0–15 ngày từ ngày nhận",
        "Chưa giải quyết · 16–30 ngày từ ngày nhận", "Chưa giải quyết · 31–60 ngày từ ngày nhận",
        "Chưa giải quyết · 61–90 ngày từ ngày nhận", "Chưa giải quyết · trên 90 ngày từ ngày nhận"]
    petitions.selectbox(key="don_thu_tinh_trang").set_value("qua_han").run()
    assert_ok(petitions)
    assert petitions.dataframe[0].value["Số hiệu đơn"].tolist() == ["VP-04"]
    petitions.selectbox(key="don_thu_tinh_trang").set_value("open").run()
    assert petitions.dataframe[0].value["Số hiệu đơn"].tolist() == ["VP-04", "TTR-03"]
    petitions.selectbox(key="don_thu_tinh_trang").set_value("")
    petitions.multiselect(key="don_thu_loai").set_value(["to_cao"]).run()
    assert petitions.dataframe[0].value["Số hiệu đơn"].tolist() == ["VP-03", "TTR-02"]
    petitions.multiselect(key="don_thu_loai").set_value([])
    petitions.multiselect(key="don_thu_trang_thai").set_value(["chua_xu_ly", "dang_giai_quyet"]).run()
    assert petitions.dataframe[0].value["Số hiệu đơn"].tolist() == ["VP-04", "TTR-03"]
    petitions.multiselect(key="don_thu_loai").set_value(["kien_nghi"]).run()
    assert not petitions.dataframe  # the list says there is nothing
    assert [i.value for i in petitions.info] == ["Không có đơn nào phù hợp với bộ lọc."]
    assert metrics(petitions)["Tổng số đơn"] == "7"  # the table's filters do not touch the figures


# -- Tiếp công dân ---------------------------------------------------------------------------------


@pytest.fixture()
def reception(fixture_db: Path) -> AppTest:
    return open_page(fixture_db, "pages/reception.py")


def test_reception_page_shows_the_year(reception: AppTest) -> None:
    assert reception.title[0].value == "Tiếp công dân"
    assert metrics(reception) == {
        "Số buổi tiếp": "6",
        "Số lượt": "17",
        "Số người": "21",
        "Số vụ việc": "0",
        "Đoàn đông người": "0",
        "Đúng lịch": "80,0%",
        "Số tháng đạt": "5/11",
    }
    assert deltas(reception) == {"Đúng lịch": "4/5 buổi", "Số tháng đạt": "6 tháng không đạt"}
    assert [t.label for t in reception.tabs] == ["Giám đốc Sở tiếp công dân", "Theo hình thức", "Theo người chủ trì"]
    assert len(reception.get("plotly_chart")) == 1  # the first tab's month strip only
    assert ("Luật Tiếp công dân 2013, Điều 18: người đứng đầu trực tiếp tiếp công dân ít nhất 01 ngày trong 01 "
            "tháng. Mỗi tháng tính trọn tháng dương lịch: những ngày sau ngày chốt 14 của kỳ lấy từ báo cáo kỳ sau, "
            "nên số ngày ở đây có thể nhiều hơn ở thẻ “Theo người chủ trì” (chỉ trong kỳ).") in [
        c.value for c in reception.caption]  # the rule the strip's short title stands for, and why its days may differ
    for tab in ("Theo hình thức", "Theo người chủ trì"):
        (chart,) = open_tab(reception, "tcd_tab", tab).get("plotly_chart")
        assert '"type":"bar"' in chart.proto.spec.replace(" ", "")
        assert "Số tháng đạt" not in metrics(reception)


def test_reception_page_follows_the_filters(reception: AppTest) -> None:
    choose(reception, period="2025-Q1")
    assert metrics(reception) == {
        "Số buổi tiếp": "4",
        "Số lượt": "13",
        "Số người": "16",
        "Số vụ việc": "0",
        "Đoàn đông người": "0",
        "Đúng lịch": "66,7%",
        "Số tháng đạt": "3/3",
    }
    assert deltas(reception)["Số tháng đạt"] == "Đạt tất cả các tháng"
    choose(reception, units=["TTR"])  # TTR held no session; the head's rule stays department-wide
    shown = metrics(reception)
    assert (shown["Số buổi tiếp"], shown["Số lượt"], shown["Đúng lịch"]) == ("0", "0", "–")
    assert shown["Số tháng đạt"] == "5/11"
    assert "Giám đốc Sở: tính chung toàn Sở, không theo bộ lọc đơn vị." in [c.value for c in reception.caption]


def test_a_period_no_return_reaches_shows_no_zeros(reception: AppTest) -> None:
    """VP's last return is 6 tháng (to 14/06/2025): for Quý III its sessions are not reported yet,
    and '0 buổi' would read as none held."""
    choose(reception, period="2025-Q3", units=["VP"])
    assert [i.value for i in reception.info] == [(
        "Các đơn vị đã chọn chưa nộp báo cáo có số liệu của Quý III/2025: các số liệu trong kỳ sẽ hiện khi có "
        "báo cáo (ô “–” là chưa có số liệu, không phải bằng 0).")]
    shown = metrics(reception)
    assert [shown[k] for k in ("Số buổi tiếp", "Số lượt", "Số người", "Số vụ việc", "Đoàn đông người", "Đúng lịch")] \
        == ["–"] * 6
    assert "Đúng lịch" not in deltas(reception)
    # the Giám đốc's months are department-wide: TTR's annual return covers July to September
    assert (shown["Số tháng đạt"], deltas(reception)["Số tháng đạt"]) == ("0/3", "3 tháng không đạt")
    choose(reception, period="2025-Q3", units=[])  # TTR's annual return covers Quý III: its zeros are figures
    assert not any("chưa nộp báo cáo" in i.value for i in reception.info)
    assert metrics(reception)["Số buổi tiếp"] == "0"
    choose(reception, period="", units=["VP"])  # the year: VP's returns stop at 14/06
    assert "Báo cáo đã nộp có số liệu đến ngày 14/06/2025." in [c.value for c in reception.caption]
    assert metrics(reception)["Số buổi tiếp"] == "6"


def test_the_giam_docs_card_says_no_verdict_while_no_month_is_judged(fixture_db: Path) -> None:
    """On 10/01/2025 January has not ended and no other month has begun: "–", not "0/0"."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["_db_path"] = str(fixture_db)
    at.session_state["_today"] = date(2025, 1, 10)
    at.session_state["user"] = User("lanhdao", "lanh_dao", "Lãnh đạo Sở")
    at.run()
    at.switch_page("pages/reception.py")
    at.run()
    assert_ok(at)
    assert (metrics(at)["Số tháng đạt"], deltas(at)["Số tháng đạt"]) == ("–", "Chưa đánh giá")
    at.switch_page("pages/overview.py")
    at.run()
    assert_ok(at)
    assert metrics(at)["Giám đốc tiếp dân"] == "–"  # Tổng quan's card, not "0/0"


def test_petitions_of_a_period_no_return_reaches(petitions: AppTest) -> None:
    """What came in and was settled in Quý III is not known from VP's 6-month return; its open case
    VP-04 (received 02/06) is still carried over and overdue."""
    choose(petitions, period="2025-Q3", units=["VP"])
    assert metrics(petitions) == {
        "Tổng số đơn": "1",
        "Tồn kỳ trước": "1",
        "Nhận trong kỳ": "–",
        "Đã giải quyết": "–",
        "Đúng hạn": "–",
        "Đang quá hạn": "1",
    }
    assert any("chưa nộp báo cáo có số liệu của Quý III/2025" in i.value for i in petitions.info)


# -- Dân vận khéo ----------------------------------------------------------------------------------


@pytest.fixture()
def models(fixture_db: Path) -> AppTest:
    return open_page(fixture_db, "pages/models.py")


def test_models_page_shows_the_register(models: AppTest) -> None:
    assert models.title[0].value == "Dân vận khéo"
    assert metrics(models) == {
        "Tổng số mô hình": "2",
        "Mô hình đăng ký": "1",  # the điển hình is not a Mô hình: the target's own count, as on Tổng quan
        "Điển hình": "1",
        "Được công nhận": "1",
        "Đã dừng": "0",
    }
    assert deltas(models) == {"Mô hình đăng ký": "Đạt", "Điển hình": "Đạt"}
    # the two target cards are not of the period the caption calls "trong kỳ" (leadership round)
    assert {"Lũy kế từ đầu năm", "Kể cả điển hình các năm trước"} <= {c.value for c in models.caption}
    assert models.metric[1].help == (
        "Mô hình (không kể điển hình) đăng ký từ đầu năm đến ngày 14/12/2025. Chỉ tiêu: ít nhất 1 mô hình đăng ký "
        "trong năm. Trong kỳ đã chọn có 2 mô hình, điển hình đăng ký mới.")
    assert [t.label for t in models.tabs] == [
        "Đăng ký theo tháng", "Theo đơn vị và lĩnh vực", "Theo trạng thái và cấp công nhận", "Danh sách mô hình"]
    assert len(models.get("plotly_chart")) == 1 and not models.dataframe  # the first tab only
    assert len(open_tab(models, "dvk_tab", "Theo đơn vị và lĩnh vực").get("plotly_chart")) == 2
    assert len(open_tab(models, "dvk_tab", "Theo trạng thái và cấp công nhận").get("plotly_chart")) == 2
    table = open_tab(models, "dvk_tab", "Danh sách mô hình").dataframe[0].value
    assert table["Tên mô hình"].tolist() == ["DÂN VẬN KHÉO trong giải phóng mặt bằng", "Tổ tiếp công dân gương mẫu"]
    assert table["Loại"].tolist() == ["Mô hình", "Điển hình tập thể"]
    assert table["Trạng thái"].tolist() == ["Đang triển khai", "Được công nhận"]
    assert table["Cấp công nhận"].tolist()[1] == "Sở"
    order = models.selectbox(key="model_list_xep")
    assert (order.label, order.value, order.options) == (
        "Sắp xếp", "registered", ["Ngày đăng ký, cũ trước", "Ngày đăng ký, mới trước", "Đơn vị, tên mô hình"])
    order.set_value("registered_desc").run()
    assert not models.exception
    assert models.dataframe[0].value["Tên mô hình"].tolist() == [
        "Tổ tiếp công dân gương mẫu", "DÂN VẬN KHÉO trong giải phóng mặt bằng"]
    assert [m.label for m in models.main.multiselect] == ["Lĩnh vực", "Trạng thái", "Cấp công nhận"]
    models.multiselect(key="dvk_trang_thai").set_value(["duoc_cong_nhan"]).run()
    assert models.dataframe[0].value["Tên mô hình"].tolist() == ["Tổ tiếp công dân gương mẫu"]
    models.multiselect(key="dvk_linh_vuc").set_value(["kinh_te"]).run()
    assert not models.dataframe
    assert [i.value for i in models.info] == ["Không có mô hình nào phù hợp với bộ lọc."]
    assert metrics(models)["Tổng số mô hình"] == "2"  # the list's filters do not touch the figures


def test_the_registrations_chart_stops_where_the_returns_stop(models: AppTest) -> None:
    """VP's last return is 6 tháng (to 14/06/2025): its year's chart ends at 06/2025, not flat to
    12/2025 as if nothing were registered after June, and says why; the whole department's (TTR's
    annual return reaches 14/12) runs to December without that caption."""
    def months(at: AppTest) -> list[str]:
        spec = json.loads(at.get("plotly_chart")[0].proto.spec)
        return [m[:7] for m in spec["data"][1]["x"]]  # the running total's line

    assert months(models)[-1] == "2025-12"
    assert not [c.value for c in models.caption if c.value.startswith("Báo cáo đã nộp")]
    choose(models, units=["VP"])
    assert months(models) == ["2024-12", "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]
    assert "Báo cáo đã nộp có số liệu đến ngày 14/06/2025: biểu đồ dừng ở tháng 06/2025." in [
        c.value for c in models.caption]
    choose(models, period="2025-Q3", units=["VP"])  # no return of VP reaches Quý III: no flat chart of zeros
    assert not models.get("plotly_chart")
    assert [i.value for i in models.info] == [
        "Các đơn vị đã chọn chưa nộp báo cáo có số liệu của Quý III/2025: mô hình đăng ký trong kỳ sẽ hiện khi có "
        "báo cáo."]


def test_models_page_follows_the_filters(models: AppTest) -> None:
    choose(models, period="2025-Q1")
    assert metrics(models) == {
        "Tổng số mô hình": "1",
        "Mô hình đăng ký": "1",
        "Điển hình": "0",
        "Được công nhận": "0",
        "Đã dừng": "0",
    }
    assert deltas(models) == {"Mô hình đăng ký": "Đạt", "Điển hình": "Chưa đạt"}
    assert models.caption[0].value == (
        "Mô hình đăng ký đến ngày 14/03/2025, ở trạng thái do báo cáo mới nhất có số liệu đến ngày đó nêu; "
        "“trong kỳ” là từ 15/12/2024 đến 14/03/2025.")
    table = open_tab(models, "dvk_tab", "Danh sách mô hình").dataframe[0].value
    assert table["Trạng thái"].tolist() == ["Đăng ký"]  # as the Q1 return said, not the 6-month return's
    choose(models, units=["TTR"])
    assert metrics(models)["Tổng số mô hình"] == "0"
    assert deltas(models) == {"Mô hình đăng ký": "Chưa đạt", "Điển hình": "Chưa đạt"}
    open_tab(models, "dvk_tab", "Danh sách mô hình")
    assert not models.dataframe
    assert [i.value for i in models.info] == ["Chưa có mô hình nào được đăng ký."]
    # an empty chart has nothing to click: no "Bấm vào một cột …" under it
    for tab in ("Theo đơn vị và lĩnh vực", "Theo trạng thái và cấp công nhận"):
        assert not [c.value for c in open_tab(models, "dvk_tab", tab).caption if c.value.startswith("Bấm vào")]


def test_a_chart_with_data_says_it_can_be_clicked_an_empty_one_does_not(petitions: AppTest) -> None:
    hint = "Bấm vào một cột hoặc một điểm của biểu đồ để mở các đơn đó ở thẻ “Danh sách đơn”."
    assert hint in [c.value for c in open_tab(petitions, "don_thu_tab", "Thời gian giải quyết").caption]
    choose(petitions, units=["DK"])  # no case at all
    for tab in ("Thời gian giải quyết", "Đơn đang giải quyết"):
        assert hint not in [c.value for c in open_tab(petitions, "don_thu_tab", tab).caption]


def case_list(fixture_db: Path) -> AppTest:
    """The Đơn thư page on its case list tab, three cases a page."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["_db_path"] = str(fixture_db)
    at.session_state["_today"] = date(2025, 12, 31)
    at.session_state["_page_size"] = 3
    at.session_state["user"] = User("lanhdao", "lanh_dao", "Lãnh đạo Sở")
    at.run()
    at.switch_page("pages/petitions.py").run()
    return open_tab(at, "don_thu_tab", "Danh sách đơn")


def test_petitions_case_list_comes_a_page_at_a_time(fixture_db: Path) -> None:
    at = case_list(fixture_db)
    refs = ["VP-01", "VP-02", "VP-03", "TTR-01", "VP-04", "TTR-02", "TTR-03"]
    assert at.dataframe[0].value["Số hiệu đơn"].tolist() == refs[:3]
    assert "1–3 trong 7 đơn · trang 1/3" in [c.value for c in at.caption]
    at.number_input(key="petition_cases_trang").set_value(3).run()
    assert_ok(at)
    assert at.dataframe[0].value["Số hiệu đơn"].tolist() == refs[6:]
    assert "7–7 trong 7 đơn · trang 3/3" in [c.value for c in at.caption]
    at.number_input(key="petition_cases_trang").set_value(2).run()
    assert at.dataframe[0].value["Số hiệu đơn"].tolist() == refs[3:6]
    at.multiselect(key="don_thu_loai").set_value(["khieu_nai", "to_cao"]).run()  # new filter: page 1 again
    assert_ok(at)
    assert at.dataframe[0].value["Số hiệu đơn"].tolist() == ["VP-01", "VP-03", "TTR-01"]
    assert at.number_input(key="petition_cases_trang").value == 1
    assert "1–3 trong 5 đơn · trang 1/2" in [c.value for c in at.caption]
    assert metrics(at)["Tổng số đơn"] == "7"


def test_petitions_case_list_is_sorted_whole_not_a_page_at_a_time(fixture_db: Path) -> None:
    at = case_list(fixture_db)
    order = at.selectbox(key="petition_cases_xep")
    assert (order.label, order.value, order.options) == ("Sắp xếp", "received", [
        "Ngày nhận, cũ trước", "Ngày nhận, mới trước", "Hạn giải quyết, sớm trước",
        "Số ngày giải quyết, lâu nhất trước", "Đơn vị, số hiệu đơn"])
    at.number_input(key="petition_cases_trang").set_value(2).run()
    at.selectbox(key="petition_cases_xep").set_value("days_desc").run()  # a new order: page 1 again
    assert_ok(at)
    assert at.dataframe[0].value["Số hiệu đơn"].tolist() == ["TTR-01", "VP-02", "VP-03"]
    assert at.dataframe[0].value["Số ngày giải quyết"].tolist() == [81, 59, 46]
    assert at.number_input(key="petition_cases_trang").value == 1
    at.number_input(key="petition_cases_trang").set_value(3).run()
    assert at.dataframe[0].value["Số hiệu đơn"].tolist() == ["VP-04"]  # open, no days yet: last
    at.multiselect(key="don_thu_loai").set_value(["kien_nghi", "to_cao"]).run()  # one page: the order stays
    assert at.dataframe[0].value["Số hiệu đơn"].tolist() == ["VP-02", "VP-03", "TTR-02"]
    assert at.selectbox(key="petition_cases_xep").value == "days_desc"
    at.selectbox(key="petition_cases_xep").set_value("received_desc").run()
    assert at.dataframe[0].value["Số hiệu đơn"].tolist() == ["TTR-02", "VP-03", "VP-02"]


@pytest.mark.parametrize("failure, message", [
    (lambda: duckdb.OutOfMemoryException("Out of Memory Error: failed to pin block"), ui.BUSY),
    (lambda: RuntimeError("a bug"), ui.UNEXPECTED),
])
def test_a_failing_query_shows_a_vietnamese_message_not_a_traceback(
        fixture_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure, message) -> None:
    db = tmp_path / "copy.duckdb"  # its own path: nothing of it is in the query cache
    shutil.copy(fixture_db, db)

    def fail(*args, **kwargs):
        raise failure()

    monkeypatch.setattr(q_petitions, "run", fail)  # every Đơn thư query runs its SQL through it
    at = open_page_unchecked(db, "pages/petitions.py")
    assert not at.exception
    assert [e.value for e in at.error] == [message]
    assert "Traceback" not in " ".join(m.value for m in at.markdown)


def open_page_unchecked(db: Path, page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["_db_path"] = str(db)
    at.session_state["_today"] = date(2025, 12, 31)
    at.session_state["user"] = User("lanhdao", "lanh_dao", "Lãnh đạo Sở")
    at.run()
    at.switch_page(page).run()
    return at
