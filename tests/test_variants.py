"""Harmless variants of the same return load to identical data."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime

import openpyxl
import pytest
from openpyxl.styles import Font

from etl.text import strip_diacritics
from etl.validate import validate_workbook
from tests.test_text import to_tcvn3, to_vni
from tests.workbooks import PETITION_HEADERS, RECEPTION_HEADERS, MODEL_HEADERS, INDICATOR_HEADERS

TODAY = date(2025, 12, 31)

INFO = [["Mã đơn vị", "VP"], ["Kỳ báo cáo", "Quý I/2025"]]
INDICATORS = [
    ["CT01", "Quán triệt", None, "Có", None, None],
    ["CT04", "Tập huấn", None, 1234, 1500, None],
]
PETITIONS = [
    ["01/KN", date(2025, 1, 6), "Khiếu nại", "Đất đai - giải phóng mặt bằng", "Trực tiếp", "Có", "Lần đầu",
     "Phức tạp", "Có", date(2025, 1, 10), None, None, date(2025, 2, 5), "Đã giải quyết", "Đúng một phần",
     "Đề nghị bồi thường đất nông nghiệp", None],
    ["02/ĐT", date(2025, 2, 3), "Tố cáo", "Cán bộ, công chức", "Bưu chính", "Không", None, "Bình thường", "Không",
     None, None, None, date(2025, 2, 7), "Đã chuyển đơn", None, "Tố cáo hành vi nhũng nhiễu", None],
]
SESSIONS = [[date(2025, 1, 15), "Định kỳ", "Giám đốc Sở", "Có", 1234, 12, 3, 1, None]]
MODELS = [["Dân vận khéo trong giải phóng mặt bằng", "Mô hình", "Kinh tế", date(2025, 1, 10), None, None,
           "Đang triển khai", None, None, "Vận động hiến đất mở đường"]]

SHEETS = {
    "Thông tin": (None, INFO),
    "Chỉ tiêu": (INDICATOR_HEADERS, INDICATORS),
    "Đơn thư": (PETITION_HEADERS, PETITIONS),
    "Tiếp công dân": (RECEPTION_HEADERS, SESSIONS),
    "Dân vận khéo": (MODEL_HEADERS, MODELS),
}
DATE_COLUMNS = {"Ngày nhận", "Ngày thụ lý", "Ngày giải quyết", "Ngày tiếp", "Ngày đăng ký"}


def _write(transform_text=lambda s: s, date_as=lambda d: d, number_as=lambda n: n, title_rows: int = 0,
           numbering: bool = False, empty_formatted_rows: int = 0, extra_sheet: bool = False,
           extra_column: bool = False, font: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (headers, rows) in SHEETS.items():
        ws = book.create_sheet(transform_text(name))
        if headers is None:
            for row in rows:
                ws.append([transform_text(v) for v in row])
            continue
        for t in range(title_rows):
            ws.cell(row=t + 1, column=1, value=transform_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") if t == 0 else None)
        hdr = list(headers) + (["Cột riêng của đơn vị"] if extra_column else [])
        ws.append([transform_text(h) for h in hdr])
        if numbering:
            ws.append(list(range(1, len(hdr) + 1)))
        for row in rows:
            out = []
            for header, value in zip(headers, row):
                if isinstance(value, date):
                    value = date_as(value)
                elif isinstance(value, int):
                    value = number_as(value)
                elif isinstance(value, str):
                    value = transform_text(value)
                out.append(value)
            ws.append(out + (["ghi chép nội bộ"] if extra_column else []))
        if font:
            for r in ws.iter_rows():
                for cell in r:
                    if isinstance(cell.value, str):
                        cell.font = Font(name=font)
        for r in range(ws.max_row + 1, ws.max_row + 1 + empty_formatted_rows):
            for c in range(1, len(hdr) + 1):
                ws.cell(row=r, column=c).number_format = "dd/mm/yyyy"
                ws.cell(row=r, column=c).font = Font(bold=True)
    if extra_sheet:
        hidden = book.create_sheet("Sheet3")
        hidden["A1"] = "dữ liệu tạm"
        hidden.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def canonical(data: bytes, name: str = "f.xlsx") -> dict:
    parsed = validate_workbook(data, name, today=TODAY)
    assert parsed.errors == [], [f.line(name) for f in parsed.errors]
    rows = {k: [{c: v for c, v in r.items() if c != "_row"} for r in rs] for k, rs in parsed.rows.items()}
    return {"unit": parsed.unit_code, "period": parsed.period.code, "rows": rows}


BASE = canonical(_write())


def test_base_return_is_what_was_written() -> None:
    petitions = BASE["rows"]["petitions"]
    assert [p["petition_ref"] for p in petitions] == ["01/KN", "02/ĐT"]  # Đ: a TCVN3 file writes it §
    assert petitions[0]["due_date"] == date(2025, 3, 11)  # complex + remote first complaint: 60 days from 10/01
    assert petitions[1]["within_competence"] == "khong" and petitions[1]["due_date"] == date(2025, 2, 10)
    assert BASE["rows"]["reception"][0]["visits"] == 1234
    assert BASE["rows"]["indicators"][1]["actual"] == 1234.0


def _merged_header_workbook() -> bytes:
    """Title rows, a header merged over two rows ('Ngày' over 'Nhận' / 'Thụ lý'), a numbering row."""
    book = openpyxl.load_workbook(io.BytesIO(_write()))
    ws = book["Đơn thư"]
    ws.insert_rows(1, 3)
    ws["A1"] = "SỞ XÂY DỰNG TỈNH LAI CHÂU"
    ws["A2"] = "ĐƠN THƯ KHIẾU NẠI, TỐ CÁO, KIẾN NGHỊ, PHẢN ÁNH QUÝ I/2025"
    ws.merge_cells("A2:Q2")
    # Row 4 holds the original headers; make it a two-row header: row 4 = upper, row 5 = lower.
    ws.insert_rows(5, 2)
    for col in range(1, 18):
        header = ws.cell(row=4, column=col).value
        if header in ("Ngày nhận", "Ngày thụ lý", "Ngày giải quyết"):
            continue
        ws.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
    ws["B4"], ws["B5"] = "Ngày", "Nhận"
    ws["J4"], ws["J5"] = "Ngày", "Thụ lý"
    ws["M4"], ws["M5"] = "Ngày", "Giải quyết"
    for col in range(1, 18):
        ws.cell(row=6, column=col, value=col)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _nfd() -> bytes:
    return _write(transform_text=lambda s: unicodedata.normalize("NFD", s) if isinstance(s, str) else s)


def _no_diacritics() -> bytes:
    return _write(transform_text=lambda s: strip_diacritics(s) if isinstance(s, str) else s)


def _xls() -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for name, (headers, rows) in SHEETS.items():
        ws = book.add_sheet(name)
        grid = rows if headers is None else [headers, *rows]
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, date):
                    ws.write(r, c, datetime(value.year, value.month, value.day), date_style)
                else:
                    ws.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _ods() -> bytes:
    import pandas as pd

    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="odf") as writer:
        for name, (headers, rows) in SHEETS.items():
            frame = pd.DataFrame(rows, columns=headers) if headers else pd.DataFrame(rows)
            frame.to_excel(writer, sheet_name=name, index=False, header=headers is not None)
    return out.getvalue()


VARIANTS = {
    "title_rows_and_numbering": lambda: _write(title_rows=2, numbering=True),
    "merged_two_row_header": _merged_header_workbook,
    "nfd_text": _nfd,
    "no_diacritics_anywhere": _no_diacritics,
    "text_dates_dd/mm/yyyy": lambda: _write(date_as=lambda d: d.strftime("%d/%m/%Y")),
    "text_dates_d/m/yyyy": lambda: _write(date_as=lambda d: f"{d.day}/{d.month}/{d.year}"),
    "text_dates_dd-mm-yyyy": lambda: _write(date_as=lambda d: d.strftime("%d-%m-%Y")),
    "text_dates_dd.mm.yyyy": lambda: _write(date_as=lambda d: d.strftime("%d.%m.%Y")),
    "serial_dates": lambda: _write(date_as=lambda d: (d - date(1899, 12, 30)).days),
    "text_numbers_with_dot_thousands": lambda: _write(number_as=lambda n: f"{n:,}".replace(",", ".")),
    "hundreds_of_formatted_empty_rows": lambda: _write(empty_formatted_rows=400),
    "hidden_sheet_and_unknown_column": lambda: _write(extra_sheet=True, extra_column=True),
    "saved_as_xls": _xls,
    "saved_as_ods": _ods,
    "tcvn3_text_with_font": lambda: _write(transform_text=lambda s: to_tcvn3(s) if isinstance(s, str) else s,
                                          font=".VnTime"),
    "tcvn3_text_without_font": lambda: _write(transform_text=lambda s: to_tcvn3(s) if isinstance(s, str) else s),
    "vni_text_with_font": lambda: _write(transform_text=lambda s: to_vni(s) if isinstance(s, str) else s,
                                        font="VNI-Times"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_variant_loads_to_identical_data(variant: str) -> None:
    name = "f.xls" if variant == "saved_as_xls" else "f.ods" if variant == "saved_as_ods" else "f.xlsx"
    got = canonical(VARIANTS[variant](), name)
    if variant == "no_diacritics_anywhere":
        # Free text keeps what the unit wrote; every coded value (choices, dates, numbers) is identical.
        for sheet, rows in BASE["rows"].items():
            for expected, actual in zip(rows, got["rows"][sheet]):
                for key, value in expected.items():
                    if isinstance(value, str) and key in {"petition_ref", "field", "summary", "model_name", "highlights",
                                                          "content", "due_basis", "model_key"}:
                        assert actual[key] == strip_diacritics(value) or fold_equal(actual[key], value)
                    else:
                        assert actual[key] == value, (sheet, key)
        return
    assert got == BASE


def fold_equal(a: str, b: str) -> bool:
    from etl.text import fold

    return fold(a) == fold(b)


def test_legacy_text_is_reported_as_a_warning() -> None:
    data = VARIANTS["tcvn3_text_with_font"]()
    parsed = validate_workbook(data, "f.xlsx", today=TODAY)
    rules = {f.rule for f in parsed.warnings}
    assert "text.legacy" in rules
    assert parsed.rows["petitions"][0]["summary"] == "Đề nghị bồi thường đất nông nghiệp"


def test_unknown_column_is_a_warning_naming_the_header_cell() -> None:
    parsed = validate_workbook(_write(extra_column=True), "f.xlsx", today=TODAY)
    unknown = [f for f in parsed.warnings if f.rule == "header.unknown"]
    assert [(f.location, f.message) for f in unknown][:1] == [
        ("Chỉ tiêu!G1", "Cột 'Cột riêng của đơn vị' không thuộc mẫu trang 'Chỉ tiêu' nên bị bỏ qua và không được lưu.")
    ]


@pytest.mark.parametrize(("encode", "font"), [(to_tcvn3, ".VnTime"), (to_tcvn3, None), (to_vni, "VNI-Times"),
                                           (to_vni, None)],
                         ids=["tcvn3_in_its_font", "tcvn3_pasted_as_values", "vni_in_its_font", "vni_pasted_as_values"])
def test_one_pasted_legacy_cell_leaves_the_unicode_cells_of_its_sheet_alone(encode, font: str | None) -> None:
    """A note pasted from an old TCVN3 file (in .VnTime, or pasted as values into a Unicode font) is
    converted; the sheet's Unicode cells written only with Latin-1 letters ("Có", "Khác", "Vùng sâu vùng
    xa", "Ghi chú") are not read as TCVN3 ("Cú", "Khỏc", "Vựng sõu vựng xa", "Ghi chỳ")."""
    book = openpyxl.load_workbook(io.BytesIO(_write()))
    ws = book["Đơn thư"]
    headers = [c.value for c in ws[1]]
    row = 2
    ws.cell(row=row, column=headers.index("Thuộc thẩm quyền") + 1, value="Có")
    ws.cell(row=row, column=headers.index("Lĩnh vực") + 1, value="Khác")
    note = ws.cell(row=row, column=headers.index("Ghi chú") + 1, value=encode("Lùi lịch do công tác"))
    if font:
        note.font = Font(name=font)
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "f.xlsx", today=TODAY)
    assert parsed.errors == [], [f.line("f.xlsx") for f in parsed.errors]
    case = parsed.rows["petitions"][0]
    assert (case["note"], case["field"], case["within_competence"], case["remote_area"]) == (
        "Lùi lịch do công tác", "Khác", "co", "co")
    assert [f.rule for f in parsed.warnings if f.sheet == "Đơn thư"] == ["text.legacy"]


def test_legacy_rows_pasted_as_values_under_a_unicode_template_are_converted() -> None:
    """Rows copied from an old TCVN3 file into the Unicode template (no legacy font anywhere): the
    headers stay as they are and every row, short choices ("Cã" for "Có") included, loads as typed."""
    book = openpyxl.load_workbook(io.BytesIO(_write()))
    for name in ("Đơn thư", "Tiếp công dân", "Dân vận khéo"):
        for row in book[name].iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = to_tcvn3(cell.value)
    out = io.BytesIO()
    book.save(out)
    assert canonical(out.getvalue(), "f.xlsx") == BASE
