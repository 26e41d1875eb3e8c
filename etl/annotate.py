"""The annotated copy sent back to a unit: its own workbook with every finding marked on its cell.

- each cell a finding names gets a fill (red for an error, yellow for a warning) and a comment
  holding the Vietnamese message(s); a finding that names a row but no column is put on column A;
- a first sheet ``Lỗi và cảnh báo`` lists every finding (severity, sheet, cell, value, message),
  each cell reference a link to the cell;
- ``.xlsx`` is edited in place (the unit's formatting kept); ``.xls`` and ``.ods`` are rebuilt as
  ``.xlsx`` holding their values (openpyxl cannot write those formats);
- personal data never travels in the copy: the values of a column (or a ``Thông tin`` line) the
  validator dropped as personal data are blanked, and text it masked is masked here too. Cells
  keep their coordinates, so every reference in the list still points at the right cell.
"""

from __future__ import annotations

import io
from pathlib import PurePath

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from etl.catalog import default_catalog
from etl.findings import ERROR, SEVERITY_LABEL, Finding
from etl.reader import read_workbook
from etl.text import clean
from etl.validate import ParsedReturn, _mask_personal

FINDINGS_SHEET = "Lỗi và cảnh báo"
AUTHOR = "Kiểm tra báo cáo"
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")  # Excel's "bad" red
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")  # Excel's "neutral" yellow
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
PRIVACY_NOTE = "Đã xoá thông tin cá nhân của công dân khỏi bản này."

FINDINGS_HEADERS = ["STT", "Mức độ", "Trang", "Ô", "Giá trị", "Nội dung"]
FINDINGS_WIDTHS = [6, 10, 18, 12, 24, 100]


def findings_rows(parsed: ParsedReturn, severities: tuple[str, ...] | None = None) -> list[dict[str, object]]:
    """The findings as the page's table shows them, errors first (``severities``: "error", "warning")."""
    return [
        {"Mức độ": SEVERITY_LABEL[f.severity], "Ô": f.location or "Cả tệp", "Giá trị": f.value, "Nội dung": f.message}
        for f in _ordered(parsed.findings)
        if severities is None or f.severity in severities
    ]


def annotated_name(file_name: str) -> str:
    return f"{PurePath(file_name).stem}_danh-dau-loi.xlsx"


def annotated_copy(data: bytes, parsed: ParsedReturn) -> tuple[bytes, str]:
    """(``.xlsx`` bytes, file name) of the unit's workbook with its findings marked."""
    book = _open(data, parsed)
    by_title = {clean(ws.title): ws for ws in book.worksheets}
    _remove_previous_annotations(book)
    _blank_personal_data(parsed, by_title)
    cells: dict[tuple[str, int, int], list[Finding]] = {}
    for finding in parsed.findings:
        ws = by_title.get(finding.sheet)
        if ws is None or finding.row is None:
            continue
        if finding.rule == "privacy.column_dropped":
            continue  # said on the blanked header below, and in the list
        cells.setdefault((finding.sheet, finding.row, finding.col or 1), []).append(finding)
    for (sheet, row, col), found in cells.items():
        _mark(by_title[sheet], row, col, found)
    for ws in book.worksheets:
        title = clean(ws.title)
        if any(f.sheet == title and f.is_error for f in parsed.findings):
            ws.sheet_properties.tabColor = "C00000"
    _findings_sheet(book, parsed, by_title)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), annotated_name(parsed.file_name)


# -- opening ---------------------------------------------------------------------------------


def _open(data: bytes, parsed: ParsedReturn) -> Workbook:
    if parsed.format == "xlsx":
        try:
            return openpyxl.load_workbook(io.BytesIO(data))
        except Exception:  # openpyxl is stricter than Excel: fall back to the values
            pass
    return _rebuild(data, parsed.file_name)


def _rebuild(data: bytes, file_name: str) -> Workbook:
    """An ``.xlsx`` with the values of a ``.xls``/``.ods`` workbook, each at its own coordinates."""
    raw = read_workbook(data, file_name, default_catalog().vocabulary)  # as validation read it
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in raw.sheets:
        ws = book.create_sheet(sheet.name[:31])
        if not sheet.visible:
            ws.sheet_state = "hidden"
        for r, values in enumerate(sheet.rows, start=1):
            for c, value in enumerate(values, start=1):
                if value is None or value == "":
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # a text that looks like a formula stays text
                elif hasattr(value, "year") and not isinstance(value, str):
                    cell.number_format = "dd/mm/yyyy"
        for (r1, c1), (r2, c2) in sheet.merged:
            if (r1, c1) != (r2, c2):
                ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
    return book


def _remove_previous_annotations(book: Workbook) -> None:
    """A copy annotated before and uploaded again: drop the old list and our old comments."""
    for ws in list(book.worksheets):
        if clean(ws.title) == FINDINGS_SHEET:
            book.remove(ws)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.comment is not None and cell.comment.author == AUTHOR:
                    cell.comment = None


# -- marking ---------------------------------------------------------------------------------


def _anchor(ws: Worksheet, row: int, col: int):
    """The cell that can carry a comment: a merged area's top-left cell."""
    cell = ws.cell(row=row, column=col)
    if isinstance(cell, MergedCell):
        for merged in ws.merged_cells.ranges:
            if cell.coordinate in merged:
                return ws.cell(row=merged.min_row, column=merged.min_col)
    return cell


def _mark(ws: Worksheet, row: int, col: int, found: list[Finding]) -> None:
    cell = _anchor(ws, row, col)
    errors = any(f.is_error for f in found)
    cell.fill = ERROR_FILL if errors else WARNING_FILL
    lines = [f"{SEVERITY_LABEL[f.severity]}: {f.message}" for f in _ordered(found)]
    if cell.comment is not None and cell.comment.author != AUTHOR:
        lines.append(f"(Ghi chú cũ: {cell.comment.text})")
    _comment(cell, "\n".join(lines))


def _comment(cell, text: str) -> None:
    comment = Comment(text, AUTHOR)
    comment.width = 360
    comment.height = min(600, 40 + 18 * (len(text) // 48 + text.count("\n") + 1))
    cell.comment = comment


def _mask(text: str) -> str:
    return _mask_personal(text, names=True)


def _blank_personal_data(parsed: ParsedReturn, by_title: dict[str, Worksheet]) -> None:
    info = parsed.sheet_names.get("info")
    for finding in parsed.findings:
        ws = by_title.get(finding.sheet)
        if ws is None or finding.row is None or finding.col is None:
            continue
        if finding.rule == "privacy.masked":
            cell = _anchor(ws, finding.row, finding.col)
            if isinstance(cell.value, str):
                cell.value = _mask(cell.value)
        elif finding.rule == "privacy.column_dropped":
            if finding.sheet == info:  # a "key: value" line: blank the values right of the key
                cells = [ws.cell(row=finding.row, column=c) for c in range(finding.col + 1, ws.max_column + 1)]
            else:  # a column: blank every value under its header
                cells = [ws.cell(row=r, column=finding.col) for r in range(finding.row + 1, ws.max_row + 1)]
            for cell in cells:
                if not isinstance(cell, MergedCell):
                    cell.value = None
            header = _anchor(ws, finding.row, finding.col)
            header.fill = WARNING_FILL
            _comment(header, f"Cảnh báo: {finding.message}\n{PRIVACY_NOTE}")


# -- the list of findings --------------------------------------------------------------------


def _ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (not f.is_error,))


def _findings_sheet(book: Workbook, parsed: ParsedReturn, by_title: dict[str, Worksheet]) -> None:
    ws = book.create_sheet(FINDINGS_SHEET, 0)
    errors, warnings = len(parsed.errors), len(parsed.warnings)
    ws["A1"] = f"Kết quả kiểm tra tệp {parsed.file_name}"
    ws["A1"].font = Font(bold=True, size=13)
    if errors:
        verdict = f"{errors} lỗi, {warnings} cảnh báo. Tệp chưa được nạp: hãy sửa các ô tô đỏ rồi gửi lại."
    else:
        verdict = f"Không có lỗi, {warnings} cảnh báo. Tệp hợp lệ; các cảnh báo không cản trở việc nạp."
    ws["A2"] = verdict
    ws["A2"].font = Font(bold=True, color="C00000" if errors else "375623")
    header_row = 4
    for c, title in enumerate(FINDINGS_HEADERS, start=1):
        cell = ws.cell(row=header_row, column=c, value=title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(c)].width = FINDINGS_WIDTHS[c - 1]
    for i, finding in enumerate(_ordered(parsed.findings), start=1):
        r = header_row + i
        ws.cell(row=r, column=1, value=i)
        severity = ws.cell(row=r, column=2, value=SEVERITY_LABEL[finding.severity])
        severity.fill = ERROR_FILL if finding.severity == ERROR else WARNING_FILL
        ws.cell(row=r, column=3, value=finding.sheet or "Cả tệp")
        where = ws.cell(row=r, column=4, value=finding.cell or "")
        target = by_title.get(finding.sheet)
        if target is not None and finding.row is not None:
            ref = f"{get_column_letter(finding.col or 1)}{finding.row}"
            where.hyperlink = f"#{quote_sheetname(target.title)}!{ref}"
            where.font = Font(color="0563C1", underline="single")
        quoted = ws.cell(row=r, column=5, value=finding.value)
        if isinstance(finding.value, str):
            quoted.data_type = "s"  # as typed ('-5', '=HYPERLINK(…)'), a text Excel never runs: no "'" shown
        ws.cell(row=r, column=6, value=finding.message).alignment = Alignment(wrap_text=True, vertical="top")
    last = header_row + max(1, len(parsed.findings))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(FINDINGS_HEADERS))}{last}"
    book.active = 0
    for sheet in book.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
