"""etl.annotate: the unit's own workbook sent back with every finding on its cell."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from etl.annotate import AUTHOR, FINDINGS_SHEET, annotated_copy, findings_rows
from etl.validate import validate_workbook
from tests.workbooks import PETITION_HEADERS, RECEPTION_HEADERS, build_return, petition

TODAY = date(2025, 12, 31)
RED, YELLOW = "00FFC7CE", "00FFEB9C"
CITIZENS = ("Nguyễn Văn A", "Trần Thị B", "0912 345 678")


def bad_return() -> bytes:
    """Every kind of mark: a personal-data column, masked text, a bad date, a formula-looking
    choice, an unknown status, a missing column (row, no column), a negative count, a missing sheet."""
    data = build_return(
        "VP", "Quý I/2025",
        petitions=[
            petition("VP-01", "06/01/2025", "Khiếu nại", "Đang giải quyết",
                     **{"Nội dung tóm tắt": "Gọi 0912 345 678 để hẹn", "Họ tên": "Nguyễn Văn A"}),
            petition("VP-02", "32/01/2025", "PLACEHOLDER", "Đang giải quyết", **{"Họ tên": "Trần Thị B"}),
            petition("VP-03", "01/02/2025", "Tố cáo", "Lạ"),
        ],
        reception=[{"Ngày tiếp": "15/01/2025", "Hình thức": "Định kỳ", "Người chủ trì": "Giám đốc Sở",
                    "Số lượt": "-5"}],
        headers={"petitions": PETITION_HEADERS + ["Họ tên"],
                 "reception": [h for h in RECEPTION_HEADERS if h != "Số người"]},
        omit={"models"},
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book["Đơn thư"]
    ws["C5"].value = '=HYPERLINK("x")'
    ws["C5"].data_type = "s"  # text that looks like a formula, as a unit may type it
    ws.column_dimensions["A"].width = 33  # the unit's own formatting
    ws["A4"].font = openpyxl.styles.Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def parse(data: bytes, name: str = "VP.xlsx"):
    return validate_workbook(data, name, today=TODAY)


def open_book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def marks(book: openpyxl.Workbook) -> list[tuple[str, str, str, str]]:
    """(sheet, cell, fill, comment) of every commented cell outside the findings sheet."""
    out = []
    for ws in book.worksheets:
        if ws.title == FINDINGS_SHEET:
            continue
        for row in ws.iter_rows():
            for cell in row:
                if cell.comment is not None:
                    out.append((ws.title, cell.coordinate, cell.fill.fgColor.rgb, cell.comment.text))
    return out


def every_text(book: openpyxl.Workbook) -> str:
    parts = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                parts.append(str(cell.value or ""))
                if cell.comment is not None:
                    parts.append(cell.comment.text)
    return "\n".join(parts)


def message(parsed, rule: str) -> str:
    return next(f.message for f in parsed.findings if f.rule == rule)


def test_bad_cells_are_filled_and_carry_the_message() -> None:
    data = bad_return()
    parsed = parse(data)
    content, name = annotated_copy(data, parsed)
    assert name == "VP_danh-dau-loi.xlsx"
    book = open_book(content)
    assert book.sheetnames == [FINDINGS_SHEET, "Thông tin", "Chỉ tiêu", "Đơn thư", "Tiếp công dân", "Tập huấn",
                               "Tuyên truyền"]
    assert book.active.title == FINDINGS_SHEET
    choice = [f.message for f in parsed.findings if f.rule == "choice.unknown"]
    assert marks(book) == [
        ("Đơn thư", "R3", YELLOW, f"Cảnh báo: {message(parsed, 'privacy.column_dropped')}\n"
                                  "Đã xoá thông tin cá nhân của công dân khỏi bản này."),
        ("Đơn thư", "P4", YELLOW, f"Cảnh báo: {message(parsed, 'privacy.masked')}"),
        ("Đơn thư", "B5", RED, f"Lỗi: {message(parsed, 'date.invalid')}"),
        ("Đơn thư", "C5", RED, f"Lỗi: {choice[0]}"),
        ("Đơn thư", "N6", RED, f"Lỗi: {choice[1]}"),
        ("Tiếp công dân", "A3", RED, f"Lỗi: {message(parsed, 'header.required_missing')}"),
        ("Tiếp công dân", "E4", RED, f"Lỗi: {message(parsed, 'int.invalid')}"),
    ]
    assert all(c.author == AUTHOR for ws in book.worksheets for row in ws.iter_rows() for cell in row
               if (c := cell.comment) is not None)
    assert book["Đơn thư"].sheet_properties.tabColor.rgb == "00C00000"
    assert book["Chỉ tiêu"].sheet_properties.tabColor is None


def test_the_findings_sheet_lists_every_finding_errors_first() -> None:
    data = bad_return()
    parsed = parse(data)
    ws = open_book(annotated_copy(data, parsed)[0])[FINDINGS_SHEET]
    rows = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=1, max_col=5)]
    assert rows[:4] == [
        ("Kết quả kiểm tra tệp VP.xlsx", None, None, None, None),
        ("5 lỗi, 3 cảnh báo. Tệp chưa được nạp: hãy sửa các ô tô đỏ rồi gửi lại.", None, None, None, None),
        (None, None, None, None, None),
        ("STT", "Mức độ", "Trang", "Ô", "Giá trị"),
    ]
    assert rows[4:] == [
        (1, "Lỗi", "Đơn thư", "B5", "32/01/2025"),
        (2, "Lỗi", "Đơn thư", "C5", "=HYPERLINK(\"x\")"),  # a text cell: never a formula (below)
        (3, "Lỗi", "Đơn thư", "N6", "Lạ"),
        (4, "Lỗi", "Tiếp công dân", "dòng 3", None),
        (5, "Lỗi", "Tiếp công dân", "E4", "-5"),  # as typed, no stray "'" (UI round)
        (6, "Cảnh báo", "Cả tệp", None, None),  # the whole file's first, then in reading order
        (7, "Cảnh báo", "Đơn thư", "R3", None),
        (8, "Cảnh báo", "Đơn thư", "P4", None),
    ]
    ordered = sorted(parsed.findings, key=lambda f: not f.is_error)
    assert [row[0].value for row in ws.iter_rows(min_row=5, min_col=6, max_col=6)] == [f.message for f in ordered]
    assert ws["D5"].hyperlink.location is None and ws["D5"].hyperlink.target == "#'Đơn thư'!B5"
    assert ws["D8"].hyperlink.target == "#'Tiếp công dân'!A3"
    assert ws["D10"].hyperlink is None  # a finding about the whole file points nowhere
    assert ws.freeze_panes == "A5"
    assert ws.auto_filter.ref == "A4:F12"
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_the_unit_formatting_is_kept_and_personal_data_is_not() -> None:
    data = bad_return()
    book = open_book(annotated_copy(data, parse(data))[0])
    ws = book["Đơn thư"]
    assert ws.column_dimensions["A"].width == 33
    assert ws["A4"].font.bold
    assert ws["C5"].value == '=HYPERLINK("x")' and ws["C5"].data_type == "s"
    assert ws["R3"].value == "Họ tên"  # the header stays (its comment says why the column is empty) ...
    assert [ws.cell(row=r, column=18).value for r in (4, 5, 6)] == [None, None, None]  # ... its values do not
    assert ws["P4"].value == "Gọi [đã ẩn] để hẹn"
    text = every_text(book)
    assert not any(secret in text for secret in CITIZENS)


def test_a_personal_line_of_the_info_sheet_is_blanked() -> None:
    data = build_return("VP", "Quý I/2025", info_extra={"Số điện thoại": "0912345678"})
    parsed = parse(data)
    book = open_book(annotated_copy(data, parsed)[0])
    assert [c.value for c in book["Thông tin"][4]] == ["Số điện thoại", None]
    assert book["Thông tin"]["A4"].comment.text.startswith("Cảnh báo: Mục 'Số điện thoại' chứa thông tin cá nhân")
    assert "0912345678" not in every_text(book)


def test_a_valid_file_with_warnings_says_it_can_be_loaded() -> None:
    data = build_return("VP", "Quý I/2025", headers={"petitions": PETITION_HEADERS + ["Cột lạ"]})
    parsed = parse(data)
    assert parsed.ok
    book = open_book(annotated_copy(data, parsed)[0])
    assert book[FINDINGS_SHEET]["A2"].value == (
        "Không có lỗi, 1 cảnh báo. Tệp hợp lệ; các cảnh báo không cản trở việc nạp.")
    assert marks(book) == [("Đơn thư", "R3", YELLOW, f"Cảnh báo: {message(parsed, 'header.unknown')}")]


def _cells(data: bytes) -> dict[str, list[list[object]]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}


def as_xls(data: bytes) -> bytes:
    import xlwt

    out_book = xlwt.Workbook(encoding="utf-8")
    for title, rows in _cells(data).items():
        ws = out_book.add_sheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    ws.write(r, c, value)
    out = io.BytesIO()
    out_book.save(out)
    return out.getvalue()


def as_ods(data: bytes) -> bytes:
    import pandas as pd

    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="odf") as writer:
        for title, rows in _cells(data).items():
            pd.DataFrame(rows).to_excel(writer, sheet_name=title, index=False, header=False)
    return out.getvalue()


@pytest.mark.parametrize("convert, name", [(as_xls, "VP.xls"), (as_ods, "VP.ods")])
def test_xls_and_ods_come_back_as_xlsx_with_the_same_coordinates(convert, name: str) -> None:
    original = build_return("VP", "Quý I/2025", petitions=[
        petition("VP-01", "06/01/2025", "Khiếu nại", "Đang giải quyết"),
        petition("VP-02", "32/01/2025", "Tố cáo", "Lạ"),
    ])
    data = convert(original)
    parsed = parse(data, name)
    assert parsed.format == name[-3:]
    content, out_name = annotated_copy(data, parsed)
    assert out_name == "VP_danh-dau-loi.xlsx"
    assert content[:4] == b"PK\x03\x04"
    book = open_book(content)
    assert [(sheet, cell, fill) for sheet, cell, fill, _ in marks(book)] == [
        ("Đơn thư", "B5", RED), ("Đơn thư", "N5", RED),
    ]
    assert book["Đơn thư"]["A5"].value == "VP-02"
    assert [row[1:4] for row in _cells(content)[FINDINGS_SHEET][4:]] == [
        ["Lỗi", "Đơn thư", "B5"], ["Lỗi", "Đơn thư", "N5"],
    ]


def test_an_annotated_copy_annotated_again_has_one_list_and_fresh_comments() -> None:
    data = bad_return()
    first, _ = annotated_copy(data, parse(data))
    again, _ = annotated_copy(first, parse(first, "VP_danh-dau-loi.xlsx"))
    book = open_book(again)
    assert book.sheetnames.count(FINDINGS_SHEET) == 1
    assert book.sheetnames[0] == FINDINGS_SHEET
    # the same marks as the first time, except the text already masked in the first copy
    assert [(sheet, cell) for sheet, cell, *_ in marks(book)] == [
        ("Đơn thư", "R3"), ("Đơn thư", "B5"), ("Đơn thư", "C5"), ("Đơn thư", "N6"), ("Tiếp công dân", "A3"),
        ("Tiếp công dân", "E4"),
    ]
    assert not any("Ghi chú cũ" in text for *_, text in marks(book))


def test_findings_rows_for_the_page() -> None:
    data = bad_return()
    parsed = parse(data)
    rows = findings_rows(parsed)
    assert [(r["Mức độ"], r["Ô"], r["Giá trị"]) for r in rows] == [
        ("Lỗi", "Đơn thư!B5", "32/01/2025"),
        ("Lỗi", "Đơn thư!C5", '=HYPERLINK("x")'),
        ("Lỗi", "Đơn thư!N6", "Lạ"),
        ("Lỗi", "Tiếp công dân dòng 3", ""),
        ("Lỗi", "Tiếp công dân!E4", "-5"),
        ("Cảnh báo", "Cả tệp", ""),
        ("Cảnh báo", "Đơn thư!R3", ""),
        ("Cảnh báo", "Đơn thư!P4", ""),
    ]
    assert [r["Ô"] for r in findings_rows(parsed, ("warning",))] == ["Cả tệp", "Đơn thư!R3", "Đơn thư!P4"]
    assert all(r["Mức độ"] == "Lỗi" for r in findings_rows(parsed, ("error",)))
