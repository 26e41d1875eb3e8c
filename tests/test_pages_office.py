"""The office pages through Streamlit's AppTest: upload (preview, findings, load), history (supersede,
restore, withdraw) and the data explorer, each on its own copy of the fixture database."""

from __future__ import annotations

import html
import re
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth import User
from tests.fixtures import FIXTURE_TODAY
from tests.workbooks import build_return, petition

ROOT = Path(__file__).resolve().parent.parent
OFFICE = User("vanphong", "van_phong", "Văn phòng Sở")
ADMIN = User("quantri", "quan_tri", "Quản trị")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def db(fixture_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "db.duckdb"
    shutil.copy(fixture_db, copy)  # the shared fixture stays read-only
    return copy


def open_page(db: Path, page: str, user: User = OFFICE) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["_db_path"] = str(db)
    at.session_state["_today"] = FIXTURE_TODAY
    at.session_state["user"] = user
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception
    return at


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def tables(at: AppTest, first_column: str) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe if list(d.value.columns)[:1] == [first_column]]


def texts(elements) -> list[str]:
    return [e.value for e in elements]


VALID = build_return(
    "DK", "Quý I/2025",
    petitions=[petition("DK-01", "06/01/2025"), petition("DK-02", "07/01/2025", "Phản ánh", "Chưa xử lý")],
    reception=[{"Ngày tiếp": "15/01/2025", "Hình thức": "Định kỳ", "Người chủ trì": "Giám đốc Sở", "Số lượt": 2,
                "Số người": 2}],
)
INVALID = build_return(
    "VP", "Quý I/2025",
    petitions=[petition("VP-09", "32/01/2025"), petition("VP-10", "02/02/2025", "Khiếu nại", "Lạ")],
    headers={"petitions": ["Số hiệu đơn", "Ngày nhận", "Loại đơn", "Trạng thái", "Cột lạ"]},
)


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key="uploads").set_value([(name, data, XLSX) for name, data in files])
    at.run()
    assert not at.exception
    return at


def test_upload_previews_a_valid_and_an_invalid_file(db: Path) -> None:
    at = upload(open_page(db, "pages/upload.py"), ("DK_Q1.xlsx", VALID), ("VP_Q1.xlsx", INVALID))
    assert texts(at.subheader) == ["DK_Q1.xlsx", "VP_Q1.xlsx"]
    summaries = [m for m in texts(at.markdown) if m.startswith("**Đơn vị:**")]
    assert summaries == [
        "**Đơn vị:** DK — Trung tâm Đăng kiểm xe cơ giới  \n**Kỳ báo cáo:** Quý I/2025 (15/12/2024 – 14/03/2025)  \n"
        "**Kết quả kiểm tra:** Hợp lệ, 0 cảnh báo",
        "**Đơn vị:** VP — Văn phòng Sở  \n**Kỳ báo cáo:** Quý I/2025 (15/12/2024 – 14/03/2025)  \n"
        "**Kết quả kiểm tra:** 2 lỗi, 1 cảnh báo",
    ]
    sheets = tables(at, "Trang")
    assert [t["Số dòng"].tolist() for t in sheets] == [[5, 2, 1, 0, 0, 0], [5, 2, 0, 0, 0, 0]]
    diffs = tables(at, "Mục")
    assert diffs[0][["Mục", "Mới", "Thay đổi", "Không đổi"]].values.tolist() == [
        ["Đơn thư", 2, 0, 0], ["Dân vận khéo", 0, 0, 0], ["Tiếp công dân", 1, 0, 0], ["Chỉ tiêu", 5, 0, 0]]
    assert diffs[2][["Mục", "Mới", "Thay đổi", "Không đổi"]].values.tolist() == [
        ["Đơn thư", 2, 0, 0], ["Dân vận khéo", 0, 0, 0], ["Tiếp công dân", 0, 0, 0], ["Chỉ tiêu", 0, 0, 5]]
    assert [c for c in texts(at.caption) if c.startswith("Tệp còn lỗi")] == [  # the invalid file only
        "Tệp còn lỗi nên chưa nạp được; bảng cho biết những gì sẽ thay đổi khi tệp được nạp."]
    # DK's first return of Quý I/2025, after its due day (VP's replaces one already counted)
    assert [c for c in texts(at.caption) if c.startswith("Hạn nộp")] == [
        "Hạn nộp báo cáo kỳ Quý I/2025 là 21/03/2025: lần nộp này được tính là nộp muộn ở trang Nộp báo cáo."]
    findings = tables(at, "Mức độ")
    assert len(findings) == 1  # only the invalid file has findings
    assert findings[0][["Mức độ", "Ô", "Giá trị"]].values.tolist() == [
        ["Lỗi", "Đơn thư!B4", "32/01/2025"], ["Lỗi", "Đơn thư!D5", "Lạ"], ["Cảnh báo", "Đơn thư!E3", ""]]
    assert findings[0]["Nội dung"][0].startswith("Ngày nhận '32/01/2025' không phải ngày có thật.")
    loads = [b for b in at.button if b.label == "Nạp vào cơ sở dữ liệu"]
    assert [b.disabled for b in loads] == [False, True]
    downloads = at.get("download_button")
    assert [d.label for d in downloads] == ["Tải mẫu", "Tải bản đánh dấu lỗi (.xlsx)"]
    severity = next(r for r in at.radio if r.label == "Mức độ")
    severity.set_value("Chỉ cảnh báo").run()
    assert tables(at, "Mức độ")[0]["Ô"].tolist() == ["Đơn thư!E3"]


def test_loading_the_valid_file_changes_the_stored_rows_the_invalid_one_stores_nothing(db: Path) -> None:
    before = query(db, "SELECT count(*) FROM v_submissions")[0][0]
    at = upload(open_page(db, "pages/upload.py"), ("DK_Q1.xlsx", VALID), ("VP_Q1.xlsx", INVALID))
    assert query(db, "SELECT count(*) FROM v_petitions WHERE unit_code = 'DK'") == [(0,)]
    next(b for b in at.button if b.label == "Nạp vào cơ sở dữ liệu" and not b.disabled).click().run()
    assert not at.exception
    assert texts(at.success) == [
        f"Đã nạp: mã nộp {before + 1}, Trung tâm Đăng kiểm xe cơ giới kỳ Quý I/2025. "
        "Số dòng: Chỉ tiêu: 5 · Đơn thư: 2 · Tiếp công dân: 1."]
    assert query(db, "SELECT petition_ref, status FROM v_petitions WHERE unit_code = 'DK' ORDER BY 1") == [
        ("DK-01", "dang_giai_quyet"), ("DK-02", "chua_xu_ly")]
    assert query(db, "SELECT count(*) FROM v_reception_sessions WHERE unit_code = 'DK'") == [(1,)]
    assert query(db, "SELECT file_name, uploaded_by FROM v_submissions WHERE submission_id = ?", [before + 1]) == [
        ("DK_Q1.xlsx", "vanphong")]
    # the invalid file: nothing of it anywhere
    assert query(db, "SELECT count(*) FROM v_submissions") == [(before + 1,)]
    assert query(db, "SELECT count(*) FROM petition_rows WHERE petition_ref IN ('VP-09', 'VP-10')") == [(0,)]
    # the preview compares again: everything of the file is now stored as it is
    assert tables(at, "Mục")[0][["Mới", "Không đổi"]].values.tolist() == [[0, 2], [0, 0], [0, 1], [0, 5]]
    # and a loaded file cannot be loaded a second time by mistake
    assert [(b.disabled, b.help) for b in at.button if b.label == "Nạp vào cơ sở dữ liệu"] == [
        (True, "Tệp đã được nạp."), (True, "Tệp còn lỗi: hãy sửa theo bản đánh dấu lỗi rồi tải lên lại.")]
    # the same bytes again: the preview says so, and loading them changes nothing
    at = upload(open_page(db, "pages/upload.py"), ("DK_Q1 (1).xlsx", VALID))
    assert texts(at.info) == [f"Tệp này đã được nạp trước đó (mã nộp {before + 1}); nạp lại sẽ không thay đổi gì."]
    next(b for b in at.button if b.label == "Nạp vào cơ sở dữ liệu").click().run()
    assert texts(at.info) == [
        f"Tệp này đã được nạp trước đó (mã nộp {before + 1}, Trung tâm Đăng kiểm xe cơ giới kỳ Quý I/2025, "
        "trạng thái: Đang dùng); không có gì thay đổi."]
    assert query(db, "SELECT count(*) FROM v_submissions") == [(before + 1,)]


def test_load_all_valid_files_at_once(db: Path) -> None:
    other = build_return("BQLDA", "Quý I/2025", petitions=[petition("BQL-01", "08/01/2025")])
    at = upload(open_page(db, "pages/upload.py"), ("DK.xlsx", VALID), ("BQL.xlsx", other), ("VP.xlsx", INVALID))
    at.button(key="load_all").click().run()
    assert not at.exception
    assert len(at.success) == 2
    assert not any(b.key == "load_all" for b in at.button)  # nothing valid is left to load
    assert query(db, "SELECT unit_code, count(*) FROM v_petitions WHERE unit_code IN ('DK', 'BQLDA', 'VP') "
                     "GROUP BY 1 ORDER BY 1") == [("BQLDA", 1), ("DK", 2), ("VP", 4)]



def test_one_file_chosen_twice_is_loaded_once_and_says_so(db: Path) -> None:
    """'DK.xlsx' and its copy 'DK (1).xlsx' in one batch: the batch loaded it, then "loaded" the copy
    over it, and both previews said 'đã được nạp trước đó': the 'Đã nạp' message was lost (office round)."""
    before = query(db, "SELECT count(*) FROM v_submissions")[0][0]
    at = upload(open_page(db, "pages/upload.py"), ("DK.xlsx", VALID), ("DK (1).xlsx", VALID))
    assert [w for w in texts(at.info) if "giống hệt" in w] == [
        "Tệp này giống hệt tệp 'DK.xlsx' đã chọn ở trên: chỉ cần nạp một lần."]
    assert at.button(key="load_all").label == "Nạp tất cả 1 tệp hợp lệ"
    at.button(key="load_all").click().run()
    assert not at.exception
    assert texts(at.success) == [
        f"Đã nạp: mã nộp {before + 1}, Trung tâm Đăng kiểm xe cơ giới kỳ Quý I/2025. "
        "Số dòng: Chỉ tiêu: 5 · Đơn thư: 2 · Tiếp công dân: 1."] * 2  # under each of the two
    assert query(db, "SELECT count(*) FROM v_submissions") == [(before + 1,)]


def test_two_files_of_one_unit_and_period_are_warned_of_and_not_loaded_together(db: Path) -> None:
    """Two versions of DK's Quý I return chosen together: both previews said they would replace the
    same submission, and the batch loaded both, the later silently superseding the earlier."""
    newer = build_return("DK", "Quý I/2025", petitions=[petition("DK-01", "06/01/2025")])
    other = build_return("BQLDA", "Quý I/2025", petitions=[petition("BQL-01", "08/01/2025")])
    before = query(db, "SELECT count(*) FROM v_submissions")[0][0]
    at = upload(open_page(db, "pages/upload.py"), ("DK_v1.xlsx", VALID), ("DK_v2.xlsx", newer), ("BQL.xlsx", other))
    assert [w for w in texts(at.warning) if "cũng là báo cáo" in w] == [
        "Tệp 'DK_v2.xlsx' cũng là báo cáo của Trung tâm Đăng kiểm xe cơ giới kỳ Quý I/2025. Chỉ lần nộp sau "
        "cùng được dùng: hãy nạp riêng tệp đúng bằng nút của tệp đó.",
        "Tệp 'DK_v1.xlsx' cũng là báo cáo của Trung tâm Đăng kiểm xe cơ giới kỳ Quý I/2025. Chỉ lần nộp sau "
        "cùng được dùng: hãy nạp riêng tệp đúng bằng nút của tệp đó."]
    assert at.button(key="load_all").label == "Nạp tất cả 1 tệp hợp lệ"
    assert "Không nạp cùng lúc các tệp cùng đơn vị và cùng kỳ: DK_v1.xlsx, DK_v2.xlsx." in texts(at.caption)
    at.button(key="load_all").click().run()
    assert query(db, "SELECT count(*) FROM v_submissions") == [(before + 1,)]  # BQLDA's only
    assert query(db, "SELECT count(*) FROM v_petitions WHERE unit_code = 'DK'") == [(0,)]


def test_a_long_file_name_is_shortened_in_its_heading_and_given_whole_below(db: Path) -> None:
    """A 250-character name as the preview's heading filled a phone's screen (office round)."""
    name = "Báo cáo kết quả thực hiện công tác dân vận chính quyền " * 4 + "DK_Q1_2025.xlsx"
    at = upload(open_page(db, "pages/upload.py"), (name, VALID))
    (heading,) = texts(at.subheader)
    assert heading == "Báo cáo kết quả thực hiện công tác dân vận ch…nh quyền DK_Q1_2025.xlsx"  # 70 characters
    assert f"Tên đầy đủ: {name}" in texts(at.caption)

def test_a_file_that_is_no_workbook_is_refused_with_a_reason(db: Path) -> None:
    at = upload(open_page(db, "pages/upload.py"), ("bao-cao.xlsx", b"%PDF-1.4 not a workbook"))
    assert any("Kết quả kiểm tra:** 1 lỗi" in m for m in texts(at.markdown))
    finding = tables(at, "Mức độ")[0]
    assert finding[["Mức độ", "Ô"]].values.tolist() == [["Lỗi", "Cả tệp"]]
    assert finding["Nội dung"][0].startswith("Tệp 'bao-cao.xlsx' không phải bảng tính Excel mà là tệp PDF")
    assert [d.label for d in at.get("download_button")] == ["Tải mẫu"]  # no cells to mark
    assert next(b for b in at.button if b.label == "Nạp vào cơ sở dữ liệu").disabled
    assert any("Không xác định được đơn vị" in i for i in texts(at.info))


def test_a_prefilled_template_can_be_chosen(db: Path) -> None:
    at = open_page(db, "pages/upload.py")
    at.radio(key="tpl_kind").set_value("Điền sẵn đơn vị và kỳ").run()
    at.selectbox(key="tpl_unit").set_value("TTR").run()
    at.selectbox(key="tpl_period").set_value("2025-Q2").run()
    assert not at.exception
    assert at.get("download_button")[0].label == "Tải mẫu"
    assert at.selectbox(key="tpl_period").format_func("2025-Q2") == "Quý II/2025"


def khtc_ct07(db: Path) -> list[tuple]:
    return query(db, "SELECT actual FROM v_indicator_values WHERE unit_code = 'KHTC' AND period_code = '2025-Q1' "
                     "AND indicator_code = 'CT07'")


def statuses(at: AppTest) -> dict[int, str]:
    table = at.dataframe[0].value
    return dict(zip(table["submission_id"].tolist(), table["status_label"].tolist()))


def test_the_preview_warns_of_a_model_named_as_a_stored_one_without_diacritics(db: Path) -> None:
    from tests.fixtures import VP_H1_MODELS

    renamed = {**VP_H1_MODELS[1], "Tên mô hình": "To tiep cong dan guong mau"}
    data = build_return("VP", "6 tháng đầu năm 2025", models=[VP_H1_MODELS[0], renamed])
    at = upload(open_page(db, "pages/upload.py"), ("VP_H1.xlsx", data))
    assert ("Mô hình 'To tiep cong dan guong mau' (dòng 5): tên giống mô hình đã lưu 'Tổ tiếp công dân gương mẫu' "
            "nhưng khác dấu: nếu là một mô hình, hãy ghi tên như lần trước, nếu không sẽ thành hai mô hình."
            ) in texts(at.warning)


def test_history_supersede_restore_withdraw_with_the_views_following(db: Path) -> None:
    # supersede: a third KHTC return for Q1 loaded through the upload page
    third = build_return("KHTC", "Quý I/2025", indicators=[
        {"Mã chỉ tiêu": "CT01", "Thực hiện": "Có"}, {"Mã chỉ tiêu": "CT02", "Thực hiện": "Có"},
        {"Mã chỉ tiêu": "CT04", "Thực hiện": 5, "Tổng số": 5}, {"Mã chỉ tiêu": "CT06", "Thực hiện": "Tốt"},
        {"Mã chỉ tiêu": "CT07", "Thực hiện": 18, "Tổng số": 20}])
    at = upload(open_page(db, "pages/upload.py"), ("KHTC_lan3.xlsx", third))
    assert any(c.startswith("Tệp này sẽ thay thế lần nộp 3 (KHTC_2025-Q1_bosung.xlsx") for c in texts(at.caption))
    at.button(key=next(b.key for b in at.button if b.label == "Nạp vào cơ sở dữ liệu")).click().run()
    assert texts(at.success) == ["Đã nạp: mã nộp 6, Phòng Kế hoạch - Tài chính kỳ Quý I/2025 (thay thế lần nộp 3). "
                                 "Số dòng: Chỉ tiêu: 5."]
    assert khtc_ct07(db) == [(18.0,)]

    at = open_page(db, "pages/history.py")
    assert statuses(at) == {6: "Đang dùng", 5: "Đang dùng", 4: "Đang dùng", 3: "Đã bị thay thế",
                            2: "Đã bị thay thế", 1: "Đang dùng"}
    assert [d.label for d in at.get("download_button")] == ["Tải tệp đã lưu"]

    # restore the second KHTC return
    at.selectbox(key="history_pick").set_value(3).run()
    assert any(c.startswith("Số liệu của lần nộp 3 được dùng lại cho đơn vị và kỳ của nó; lần nộp đang dùng 6 "
                            "(tệp KHTC_lan3.xlsx, nộp lúc ") and c.endswith(
        ") chuyển sang 'Đã bị thay thế', khôi phục lại được.") for c in texts(at.caption))
    assert at.button(key="history_restore_3").disabled  # only once confirmed, as a withdrawal
    at.checkbox(key="history_confirm_restore_3").check().run()
    at.button(key="history_restore_3").click().run()
    assert not at.exception
    assert texts(at.success) == [
        "Đã khôi phục lần nộp 3 (Phòng Kế hoạch - Tài chính, kỳ Quý I/2025), thay thế lần nộp 6."]
    assert statuses(at)[3] == "Đang dùng" and statuses(at)[6] == "Đã bị thay thế"
    assert khtc_ct07(db) == [(20.0,)]
    # the picker keeps the restored submission, under a label that is still its own (a label naming
    # the old status stayed on screen, and after a withdrawal the page fell to another submission)
    picker = at.selectbox(key="history_pick")
    assert (picker.value, picker.options[picker.index]) == (3, "Mã nộp 3 · KHTC · Quý I/2025 · KHTC_2025-Q1_bosung.xlsx")
    assert next(m for m in texts(at.markdown) if "trạng thái **" in m).endswith("trạng thái **Đang dùng**")

    # withdraw it: only quản trị may (issue #5), and only after confirming
    assert [b.key for b in at.button if b.key == "history_withdraw_3"] == []
    assert "Rút một lần nộp khỏi số liệu: chỉ tài khoản quản trị làm được." in texts(at.caption)
    at = open_page(db, "pages/history.py", ADMIN)
    at.selectbox(key="history_pick").set_value(3).run()
    withdraw = at.button(key="history_withdraw_3")
    assert withdraw.disabled
    at.checkbox(key="history_confirm_3").check().run()
    at.button(key="history_withdraw_3").click().run()
    assert texts(at.success) == ["Đã rút lần nộp 3 (Phòng Kế hoạch - Tài chính, kỳ Quý I/2025)."]
    assert statuses(at)[3] == "Đã rút"
    assert at.selectbox(key="history_pick").value == 3
    assert next(m for m in texts(at.markdown) if "trạng thái **" in m).endswith("trạng thái **Đã rút**")
    assert khtc_ct07(db) == []  # no active KHTC return for Q1 any more
    assert query(db, "SELECT count(*) FROM submissions") == [(6,)]  # nothing deleted
    assert query(db, "SELECT username, action, target FROM audit_log WHERE action IN ('restore', 'withdraw') "
                     "ORDER BY audit_id") == [("vanphong", "restore", "3"), ("quantri", "withdraw", "3")]

    # a withdrawn return can be restored; the status filter finds it
    at.multiselect(key="history_status").set_value(["withdrawn"]).run()
    assert statuses(at) == {3: "Đã rút"}
    assert ("Số liệu của lần nộp 3 được dùng lại cho đơn vị và kỳ của nó; đơn vị chưa có lần nộp nào đang dùng cho "
            "kỳ này.") in texts(at.caption)
    at.checkbox(key="history_confirm_restore_3").check().run()
    at.button(key="history_restore_3").click().run()
    assert texts(at.success) == ["Đã khôi phục lần nộp 3 (Phòng Kế hoạch - Tài chính, kỳ Quý I/2025)."]
    assert khtc_ct07(db) == [(20.0,)]

    # the submission's audit trail is read and drawn only once its expander is opened
    at.multiselect(key="history_status").set_value([]).run()
    at.selectbox(key="history_pick").set_value(3).run()
    assert len(at.dataframe) == 1
    at.session_state["history_trail"] = True
    at.run()
    assert not at.exception
    assert sorted(at.dataframe[1].value["action"]) == ["Khôi phục", "Khôi phục", "Nạp", "Rút"]
    # on paper, the whole trail under the grid's headers (the grid prints only the rows in its box)
    copy = next(h.proto.body for h in at.get("html") if "<th>Người thực hiện</th>" in h.proto.body)
    assert sorted(re.findall(r"<td[^>]*>(Nạp|Khôi phục|Rút)(?=<)", copy)) == ["Khôi phục", "Khôi phục", "Nạp", "Rút"]


def test_explore_shows_every_data_set_and_filters_in_the_database(db: Path) -> None:
    at = open_page(db, "pages/explore.py")
    counts = {}
    for key in ["petitions", "models", "reception", "indicators", "submissions"]:
        at.radio(key="explore_set").set_value(key).run()
        assert not at.exception
        counts[key] = next(m for m in texts(at.markdown) if m.startswith("**"))
    assert {k: v.split("**")[1] for k, v in counts.items()} == {
        "petitions": "7 dòng", "models": "2 dòng", "reception": "6 dòng", "indicators": "26 dòng",
        "submissions": "5 dòng"}
    at.radio(key="explore_set").set_value("petitions").run()
    at.text_input(key="explore_text_petitions").set_value("KHIEU NAI").run()
    assert at.dataframe[0].value["Số hiệu đơn"].tolist() == ["TTR-03", "TTR-01", "VP-01"]
    at.multiselect(key="explore_status_petitions").set_value(["dang_giai_quyet"]).run()
    assert at.dataframe[0].value["Số hiệu đơn"].tolist() == ["TTR-03"]
    labels = [d.label for d in at.get("download_button")]
    assert labels == ["Xuất Excel (.xlsx)", "Xuất CSV (.csv)"]
    assert [d.proto.disabled for d in at.get("download_button")] == [False, False]
    # the sidebar's period sets the date range
    at.sidebar.selectbox(key="f_period").set_value("2025-Q1").run()
    assert not at.exception
    assert at.date_input[0].value == date(2024, 12, 15) and at.date_input[1].value == date(2025, 3, 14)
    at.text_input(key="explore_text_petitions").set_value("").run()
    at.multiselect(key="explore_status_petitions").set_value([]).run()
    assert at.dataframe[0].value["Số hiệu đơn"].tolist() == ["VP-03", "VP-02", "VP-01"]
    order = at.selectbox(key="explore_order_petitions")
    assert (order.label, order.value, order.options) == ("Sắp xếp", "", [
        "Ngày nhận, mới trước", "Ngày nhận, cũ trước", "Hạn giải quyết, sớm trước",
        "Số ngày giải quyết, lâu nhất trước", "Đơn vị, số hiệu đơn"])
    order.set_value("days").run()  # 59, 46 and 26 days
    assert not at.exception
    assert at.dataframe[0].value["Số hiệu đơn"].tolist() == ["VP-02", "VP-03", "VP-01"]


def test_leadership_reads_and_exports_but_neither_uploads_nor_changes_history(db: Path) -> None:
    leader = User("lanhdao", "lanh_dao", "Lãnh đạo Sở")
    for page in ("pages/upload.py", "pages/history.py"):
        at = open_page(db, page, leader)
        assert texts(at.error) == ["Bạn không có quyền mở trang này."]
        assert not at.file_uploader and not [b for b in at.button if b.key and b.key.startswith("history_")]
    at = open_page(db, "pages/explore.py", leader)
    assert not at.error and [d.label for d in at.get("download_button")] == ["Xuất Excel (.xlsx)", "Xuất CSV (.csv)"]


def test_no_multiselect_offers_streamlit_s_english_select_all() -> None:
    """Streamlit's multiselect adds a "Select all" entry (in English, its text fixed in the browser
    code); every multiselect of the app turns it off (no choice already means "Tất cả")."""
    import ast

    root = Path(__file__).resolve().parent.parent
    calls = []
    for path in [root / "app.py", *sorted((root / "pages").glob("*.py")), *sorted((root / "dashboard").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "multiselect":
                off = any(k.arg == "select_all" and isinstance(k.value, ast.Constant) and k.value.value is False
                          for k in node.keywords)
                calls.append((path.name, node.lineno, off))
    assert len(calls) >= 9
    assert [c for c in calls if not c[2]] == []


def test_every_select_box_and_table_speaks_vietnamese_where_it_is_empty() -> None:
    """A select box's placeholder is Streamlit's English "Choose an option" unless set (read aloud
    by screen readers), and an empty table cell shows "None" (the accounts' last login, UI round)
    unless the table's placeholder is set: every call sets them."""
    import ast

    root = Path(__file__).resolve().parent.parent
    missing, seen = [], {"selectbox": 0, "dataframe": 0}
    for path in [root / "app.py", *sorted((root / "pages").glob("*.py")), *sorted((root / "dashboard").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            kind = getattr(node.func, "attr", None) if isinstance(node, ast.Call) else None
            if kind in seen:
                seen[kind] += 1
                if not any(k.arg == "placeholder" for k in node.keywords):
                    missing.append((path.name, node.lineno, kind))
    assert seen["selectbox"] >= 13 and seen["dataframe"] >= 9, seen
    assert missing == []


def _column_formats(frame_element) -> dict[str, dict]:
    import json

    return {name: spec.get("type_config", {}) | ({"width": spec["width"]} if "width" in spec else {})
            for name, spec in json.loads(frame_element.proto.columns).items() if name != "_index"}


def test_tables_write_counts_in_vietnamese_and_findings_whole(db: Path) -> None:
    """Counts in a table are written vi-VN (1.234), as floats were: Streamlit wrote an integer column
    1234 (figures round); a year and a submission's number stay plain (2025, not 2.025). A finding's
    message wraps onto five lines in a taller row instead of being cut at the column's edge."""
    at = open_page(db, "pages/explore.py")
    at.radio(key="explore_set").set_value("reception").run()
    formats = _column_formats(at.dataframe[0])
    assert {name: formats.get(name) for name in ["Số lượt", "Số người", "Số vụ việc", "Số đoàn đông người"]} == {
        name: {"type": "number", "format": "localized"} for name in ["Số lượt", "Số người", "Số vụ việc",
                                                                      "Số đoàn đông người"]}
    at.radio(key="explore_set").set_value("submissions").run()
    shown = at.dataframe[0].value
    assert "Mã nộp" in shown.columns and "Mã nộp" not in _column_formats(at.dataframe[0])
    at.radio(key="explore_set").set_value("indicators").run()
    assert "Năm" in at.dataframe[0].value.columns and "Năm" not in _column_formats(at.dataframe[0])

    at = upload(open_page(db, "pages/upload.py"), ("VP_Q1.xlsx", INVALID))
    findings = next(d for d in at.dataframe if list(d.value.columns) == ["Mức độ", "Ô", "Giá trị", "Nội dung"])
    assert findings.proto.row_height == 120
    assert _column_formats(findings)["Nội dung"] == {"type": "text", "width": 420}
    # what to do before the value, in widths a laptop's ~600 px grid holds (black-box round, session 20:
    # at 1.100 px the end of each message was out of sight)
    assert list(findings.proto.column_order) == ["Mức độ", "Ô", "Nội dung", "Giá trị"]
    assert sum(_column_formats(findings)[c]["width"] for c in ("Mức độ", "Ô", "Nội dung")) <= 610
    assert max(len(m) for m in findings.value["Nội dung"]) > 100  # the messages that were cut
    # on paper, every finding with its whole message (the grid prints only the rows in its box)
    printed = [h.proto.body for h in at.get("html") if "dvcq-print-table" in h.proto.body]
    copy = next(p for p in printed if "<th>Nội dung</th>" in p)
    assert copy.count("<tr><td>") == len(findings.value)
    assert all(html.escape(m) in copy for m in findings.value["Nội dung"])
