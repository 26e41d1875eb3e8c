"""dashboard.export: .xlsx and .csv writers, re-read as a user's spreadsheet would read them."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import openpyxl
import pandas as pd

from dashboard.export import INFO_SHEET, neutralise, to_csv, to_xlsx

COLUMNS = {"ref": "Số hiệu đơn", "received": "Ngày nhận", "at": "Thời gian nộp", "days": "Số ngày",
           "rate": "Tỷ lệ (%)", "on_time": "Đúng hạn", "summary": "Nội dung tóm tắt"}


def frame() -> pd.DataFrame:
    """As a DuckDB query returns it: datetime64 dates, nullable ints, floats, booleans, text."""
    return pd.DataFrame({
        "ref": ["VP-01", "=1+2", "-VP-03"],
        "received": pd.to_datetime(["2025-01-06", "2025-03-03", None]),
        "at": pd.to_datetime(["2025-03-20 10:15:00", "2025-04-01 08:00:00", "2025-04-02 00:00:00"]),
        "days": pd.array([26, None, 4], dtype="Int32"),
        "rate": [87.5, None, 100.0],
        "on_time": pd.array([True, False, None], dtype="boolean"),
        "summary": ["Đất đai, giải phóng mặt bằng", '@SUM(A1) "trích"', "+84 gọi lại"],
        "hidden": ["x", "y", "z"],  # not asked for: not written
    })


def test_neutralise() -> None:
    assert [neutralise(t) for t in ["=1+1", "+1", "-1", "@A1", "\tX", "\rX", "Đơn", "a=b", ""]] == [
        "'=1+1", "'+1", "'-1", "'@A1", "'\tX", "'\rX", "Đơn", "a=b", "",
    ]


def test_csv_has_a_bom_vietnamese_headers_and_neutralised_text() -> None:
    data = to_csv(frame(), COLUMNS)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "Số hiệu đơn,Ngày nhận,Thời gian nộp,Số ngày,Tỷ lệ (%),Đúng hạn,Nội dung tóm tắt"
    assert list(csv.reader(io.StringIO(text))) == [
        ["Số hiệu đơn", "Ngày nhận", "Thời gian nộp", "Số ngày", "Tỷ lệ (%)", "Đúng hạn", "Nội dung tóm tắt"],
        ["VP-01", "06/01/2025", "20/03/2025 10:15", "26", "87,5", "Có", "Đất đai, giải phóng mặt bằng"],
        ["'=1+2", "03/03/2025", "01/04/2025 08:00", "", "", "Không", "'@SUM(A1) \"trích\""],
        ["'-VP-03", "", "02/04/2025 00:00", "4", "100", "", "'+84 gọi lại"],
    ]
    assert '"Đất đai, giải phóng mặt bằng"' in text  # a separator inside a value is quoted
    assert text.endswith("\r\n")


def test_csv_writes_every_row() -> None:
    many = pd.DataFrame({"n": range(200_000)})
    rows = to_csv(many, {"n": "Số"}).decode("utf-8-sig").splitlines()
    assert len(rows) == 200_001 and rows[-1] == "199999"


INFO = [("Dữ liệu", "Đơn thư"), ("Tìm kiếm", "=cmd"), ("Người xuất", "Văn phòng (vanphong)")]


def test_xlsx_info_sheet_then_data_with_real_dates_and_neutralised_text() -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame(), COLUMNS, INFO, sheet_name="Đơn thư")))
    assert book.sheetnames == [INFO_SHEET, "Đơn thư"]
    info = book[INFO_SHEET]
    assert [tuple(c.value for c in row) for row in info.iter_rows()] == [
        ("Thông tin xuất dữ liệu", None), (None, None),
        ("Dữ liệu", "Đơn thư"), ("Tìm kiếm", "=cmd"), ("Người xuất", "Văn phòng (vanphong)"),
    ]
    ws = book["Đơn thư"]
    assert [tuple(c.value for c in row) for row in ws.iter_rows()] == [
        tuple(COLUMNS.values()),
        ("VP-01", datetime(2025, 1, 6), datetime(2025, 3, 20, 10, 15), 26, 87.5, "Có", "Đất đai, giải phóng mặt bằng"),
        # as typed, no "'" shown: a text cell is never run as a formula (a CSV needs the "'")
        ("=1+2", datetime(2025, 3, 3), datetime(2025, 4, 1, 8, 0), None, None, "Không", "@SUM(A1) \"trích\""),
        ("-VP-03", None, datetime(2025, 4, 2, 0, 0), 4, 100, None, "+84 gọi lại"),
    ]
    assert all(c.data_type != "f" for sheet in (info, ws) for row in sheet.iter_rows() for c in row)
    assert (ws["A3"].data_type, ws["G3"].data_type, ws["A4"].data_type, info["B4"].data_type) == ("s",) * 4
    assert ws["B2"].is_date and ws["B2"].number_format == "dd/mm/yyyy"
    assert ws["C2"].is_date and ws["C2"].number_format == "dd/mm/yyyy hh:mm"
    # 87.5 shows '87,5'; a whole 100.0 shows '100', not '100,' (Excel keeps the separator of '#,##0.##')
    assert ws["D2"].number_format == "#,##0" and ws["E2"].number_format == "#,##0.0#"
    assert ws["E4"].value == 100 and ws["E4"].number_format == "#,##0"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:G4"
    assert all(cell.font.bold for cell in ws[1])
    widths = {col: ws.column_dimensions[col].width for col in "ABG"}
    assert widths == {"A": 13, "B": 12, "G": 30}


def test_kinds_override_the_column_type() -> None:
    data = pd.DataFrame({"id": [1234, 5], "year": [2025, 2024], "day": [date(2025, 1, 2), None]})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(data, {"id": "Mã", "year": "Năm", "day": "Ngày"}, [],
                                                     kinds={"id": "id"})))
    ws = book.worksheets[1]
    assert [c.value for c in ws[2]] == [1234, 2025, datetime(2025, 1, 2)]
    assert (ws["A2"].number_format, ws["B2"].number_format, ws["C2"].number_format) == ("0", "#,##0", "dd/mm/yyyy")
    assert to_csv(data, {"id": "Mã", "day": "Ngày"}).decode("utf-8-sig").splitlines() == [
        "Mã,Ngày", "1234,02/01/2025", "5,"]


def test_xlsx_writes_every_row() -> None:
    many = pd.DataFrame({"n": range(12_000), "d": pd.date_range("2020-01-01", periods=12_000, freq="h")})
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx(many, {"n": "Số", "d": "Lúc"}, [])), read_only=True).worksheets[1]
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 12_001 and rows[-1] == (11_999, datetime(2021, 5, 14, 23, 0))


def test_an_empty_table_still_has_its_headers() -> None:
    empty = frame().iloc[0:0]
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(empty, COLUMNS, INFO)))
    assert [c.value for c in book.worksheets[1][1]] == list(COLUMNS.values())
    assert to_csv(empty, COLUMNS).decode("utf-8-sig") == ",".join(COLUMNS.values()) + "\r\n"
