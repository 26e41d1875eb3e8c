"""The office journey in a real headless Chromium against the running app: log in, upload a valid
and an invalid return, download the annotated copy, load the valid one, see the overview and the
history follow, then export the filtered petitions and read the files."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from dashboard.ui import WRAPPED_ROW_HEIGHT
from etl import users
from tests.server import PHONE_AGENT, browser_page, running_app
from tests.workbooks import build_return, petition

pytestmark = pytest.mark.browser

PASSWORD = "Mat-khau-2025"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WAIT = 60_000

VALID = build_return("DK", "Quý I/2025", petitions=[
    petition("DK-01", "06/01/2025", "Khiếu nại", "Đang giải quyết", **{"Lĩnh vực": "Đăng kiểm"}),
    petition("DK-02", "07/01/2025", "Phản ánh", "Chưa xử lý", **{"Nội dung tóm tắt": "@phản ánh thái độ"}),
])
INVALID = build_return("VP", "Quý I/2025", petitions=[petition("VP-09", "32/01/2025")])


@pytest.fixture
def db(fixture_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "db.duckdb"
    shutil.copy(fixture_db, copy)
    users.add_user(copy, "cbvp", PASSWORD, "van_phong", "Cán bộ Văn phòng")  # not a demo account
    return copy


def go(page, title: str) -> None:
    """Client-side navigation through the sidebar menu (a reload would end the session)."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
    page.get_by_role("heading", level=1).filter(has_text=title).first.wait_for(timeout=WAIT)
    settle(page)


def settle(page) -> None:
    """Wait until the script run triggered by the last action is over."""
    page.wait_for_timeout(500)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=WAIT)
    page.wait_for_timeout(300)


def download(page, button: str):
    """Click a download button and return the download; a click that landed while the page was
    still rerunning (its file generator already replaced) is tried again."""
    for attempt in range(3):
        settle(page)
        try:
            with page.expect_download(timeout=20_000) as info:
                page.get_by_role("button", name=button).click()
            return info.value
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def read_xlsx(download) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))


def petitions_received(page) -> str | None:
    metric = page.locator('[data-testid="stMetric"]', has_text="Đơn thư đã nhận")
    if metric.count() == 0:
        return None
    return metric.first.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_upload_load_history_and_export(db: Path, tmp_path: Path) -> None:
    with running_app(db) as url, browser_page() as page:
        page.goto(url, timeout=WAIT)
        page.get_by_label("Tên đăng nhập").fill("cbvp")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.locator('[data-testid="stSidebarNav"]').wait_for(timeout=WAIT)
        page.locator('[data-testid="stMetric"]').first.wait_for(timeout=WAIT)
        settle(page)
        before = petitions_received(page)

        # upload: two files at once, through the uploader's own file input
        go(page, "Tải lên")
        page.get_by_text("Chọn tệp báo cáo").first.wait_for(timeout=WAIT)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([
            {"name": "DK_Q1.xlsx", "mimeType": XLSX, "buffer": VALID},
            {"name": "VP_Q1.xlsx", "mimeType": XLSX, "buffer": INVALID},
        ])
        page.get_by_text("Hợp lệ, 0 cảnh báo").wait_for(timeout=WAIT)
        page.get_by_text("1 lỗi, 0 cảnh báo").wait_for(timeout=WAIT)
        settle(page)
        loads = page.get_by_role("button", name="Nạp vào cơ sở dữ liệu")
        assert loads.count() == 2
        assert loads.nth(0).is_enabled() and loads.nth(1).is_disabled()

        # the annotated copy of the invalid file
        got = download(page, "Tải bản đánh dấu lỗi (.xlsx)")
        annotated = read_xlsx(got)
        assert got.suggested_filename == "VP_Q1_danh-dau-loi.xlsx"
        assert annotated.sheetnames[0] == "Lỗi và cảnh báo"
        assert annotated["Đơn thư"]["B4"].comment.text.startswith("Lỗi: Ngày nhận '32/01/2025'")

        # load the valid one
        loads.nth(0).click()
        # the outcome box (the progress box above it, still fading out, carries the same first sentence)
        page.get_by_test_id("stAlertContentSuccess").get_by_text(
            "Đã nạp: mã nộp 6, Trung tâm Đăng kiểm xe cơ giới kỳ Quý I/2025.").wait_for(timeout=WAIT)
        page.get_by_text("Số dòng: Chỉ tiêu: 5 · Đơn thư: 2.", exact=False).wait_for(timeout=WAIT)

        # the overview follows (when it shows the petitions received)
        go(page, "Tổng quan")
        if before is not None:
            expected = f"{int(before.replace('.', '')) + 2:,}".replace(",", ".")
            metric = page.locator('[data-testid="stMetric"]', has_text="Đơn thư đã nhận").first
            metric.locator('[data-testid="stMetricValue"]', has_text=expected).wait_for(timeout=WAIT)

        # the history shows the new submission first
        go(page, "Lịch sử nộp")
        expect(page.get_by_label("Chọn lần nộp")).to_have_value(
            "Mã nộp 6 · DK · Quý I/2025 · DK_Q1.xlsx", timeout=WAIT)
        page.get_by_text("nộp bởi cbvp lúc", exact=False).wait_for(timeout=WAIT)
        settle(page)
        got = download(page, "Tải tệp đã lưu")
        assert got.suggested_filename == "DK_Q1.xlsx"
        assert Path(got.path()).read_bytes() == VALID

        # restore a superseded return: the picker stays on it, its line says its new status (a
        # label naming the status kept the old one on screen)
        picked = "Mã nộp 2 · KHTC · Quý I/2025 · KHTC_2025-Q1.xlsx"
        page.get_by_label("Chọn lần nộp").click()
        page.get_by_role("option", name=picked).click()
        settle(page)
        page.get_by_text("Tôi xác nhận khôi phục lần nộp 2").click()
        settle(page)
        page.get_by_role("button", name="Khôi phục lần nộp này").click()
        page.get_by_text("Đã khôi phục lần nộp 2", exact=False).wait_for(timeout=WAIT)
        settle(page)
        expect(page.get_by_label("Chọn lần nộp")).to_have_value(picked, timeout=WAIT)
        page.get_by_text("trạng thái Đang dùng", exact=False).wait_for(timeout=WAIT)

        # explore: search the petitions without diacritics, then export exactly those rows
        go(page, "Dữ liệu & xuất")
        search = page.get_by_label("Tìm kiếm", exact=False)
        search.fill("dang kiem KHIEU NAI")  # unit name and kind, without diacritics
        search.press("Enter")
        page.get_by_text("1 dòng", exact=True).wait_for(timeout=WAIT)
        search.fill("dk")
        search.press("Enter")
        page.get_by_text("2 dòng", exact=True).wait_for(timeout=WAIT)
        settle(page)
        got = download(page, "Xuất Excel (.xlsx)")
        assert re.fullmatch(r"don-thu_\d{8}-\d{4}\.xlsx", got.suggested_filename)
        book = read_xlsx(got)
        assert book.sheetnames == ["Thông tin xuất", "Đơn thư"]
        stated = {row[0]: row[1] for row in book["Thông tin xuất"].iter_rows(min_row=3, values_only=True)}
        assert stated["Tìm kiếm"].startswith("“dk”") and stated["Số dòng"] == "2"
        assert stated["Người xuất"] == "Cán bộ Văn phòng (cbvp)"
        data = [row for row in book["Đơn thư"].iter_rows(min_row=2, values_only=True)]
        assert [(r[0], r[2], r[3].strftime("%d/%m/%Y"), r[4]) for r in data] == [
            ("DK", "DK-02", "07/01/2025", "Phản ánh"), ("DK", "DK-01", "06/01/2025", "Khiếu nại")]
        assert data[0][19] == "@phản ánh thái độ"  # a text cell, as typed (the CSV quotes it)
        got = download(page, "Xuất CSV (.csv)")
        raw = Path(got.path()).read_bytes()
        assert raw[:3] == b"\xef\xbb\xbf"
        table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert [r[2] for r in table[1:]] == ["DK-02", "DK-01"]

    with duckdb.connect(str(db), read_only=True) as con:
        actions = con.execute("SELECT username, action, target FROM audit_log "
                              "WHERE action IN ('load', 'download', 'export') ORDER BY audit_id").fetchall()
    assert actions[-4] == ("cbvp", "load", "DK_Q1.xlsx")
    assert actions[-3:] == [("cbvp", "download", "6"), ("cbvp", "export", "petitions"),
                            ("cbvp", "export", "petitions")]


def test_on_a_phone_each_finding_is_whole_on_the_screen(db: Path) -> None:
    """At 390 px the grid's message column started off the screen (at 340 px, 600 px wide): on a
    phone's browser the findings are a list, each message wrapped within the screen."""
    with running_app(db) as url, browser_page(390, 844, user_agent=PHONE_AGENT) as page:
        page.goto(url, timeout=WAIT)
        page.get_by_label("Tên đăng nhập").fill("cbvp")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.locator('[data-testid="stMetric"]').first.wait_for(timeout=WAIT)
        settle(page)
        page.goto(f"{url}/tai-len", timeout=WAIT)  # the menu is closed on a phone; a reload resumes the login
        page.get_by_text("Chọn tệp báo cáo").first.wait_for(timeout=WAIT)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([
            {"name": "VP_Q1.xlsx", "mimeType": XLSX, "buffer": INVALID}])
        page.get_by_text("1 lỗi, 0 cảnh báo").wait_for(timeout=WAIT)
        settle(page)
        message = page.get_by_text("Ngày nhận '32/01/2025' không phải ngày có thật. Hãy nhập ngày dạng dd/mm/yyyy",
                                   exact=False).first
        message.wait_for(timeout=WAIT)
        message.scroll_into_view_if_needed()
        box = message.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        assert page.get_by_text("Đơn thư!B4 · Lỗi · “32/01/2025”").first.is_visible()


def test_a_findings_grid_shows_six_wrapped_rows_and_a_text_file_is_told_in_vietnamese(db: Path, tmp_path: Path) -> None:
    """At Streamlit's 400 px a grid of wrapped findings showed three and a half; a .txt dropped on
    the uploader was refused in Streamlit's English (office round); a file over the size limit too."""
    many = build_return("VP", "Quý I/2025", petitions=[petition(f"VP-{n}", f"3{n}/01/2025") for n in range(2, 10)])
    with running_app(db) as url, browser_page(1366, 900) as page:
        page.goto(url, timeout=WAIT)
        page.get_by_label("Tên đăng nhập").fill("cbvp")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.locator('[data-testid="stSidebarNav"]').wait_for(timeout=WAIT)
        settle(page)
        go(page, "Tải lên")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([
            {"name": "VP_Q1.xlsx", "mimeType": XLSX, "buffer": many}])
        page.get_by_text("8 lỗi, 0 cảnh báo").wait_for(timeout=WAIT)
        settle(page)
        grids = page.locator('[data-testid="stDataFrame"]')
        heights = [grids.nth(i).bounding_box()["height"] for i in range(grids.count())]
        assert round(heights[-1]) == 38 + 6 * WRAPPED_ROW_HEIGHT, heights  # the findings grid is the last one
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([
            {"name": "ghi-chu.txt", "mimeType": "text/plain", "buffer": "Báo cáo quý I".encode()}])
        page.get_by_text("1 lỗi, 0 cảnh báo").wait_for(timeout=WAIT)  # checked, not refused by the uploader
        page.get_by_text("Tệp 'ghi-chu.txt' không phải bảng tính Excel mà l", exact=False).first.wait_for(
            state="attached", timeout=WAIT)  # the grid's cell (drawn on a canvas, its text kept for readers)
        assert page.get_by_text("not allowed", exact=False).count() == 0
        # over the upload limit: refused in the browser, in Streamlit's words put in Vietnamese
        big = tmp_path / "qua-lon.xlsx"
        big.write_bytes(bytes(51 * 1024 * 1024))
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(big))
        page.get_by_text("Lỗi: Tệp phải nhỏ hơn hoặc bằng 50 MB.", exact=True).wait_for(timeout=WAIT)
        assert page.get_by_text("53,5 MB", exact=True).count() == 1  # the size, written as in Vietnamese
        assert page.locator('[data-testid="stFileUploader"] [aria-label="Bỏ tệp qua-lon.xlsx"]').count() == 1
        assert page.get_by_text("or smaller", exact=False).count() == 0
