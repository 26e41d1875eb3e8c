"""The copy of a return that is stored: the user's workbook without personal data.

When nothing had to be removed the original bytes are kept as they are. Otherwise, an ``.xlsx``
is edited in place (its formatting kept) and other formats are rewritten as ``.xlsx``: the values
of columns whose header identifies a citizen are removed, text that looks like a phone number,
e-mail or ID number is masked, exactly as the validator did before anything was stored, and what
the validator did not read (sheets it ignored, cell comments) is left out, since nothing checked it.
"""

from __future__ import annotations

import io
from pathlib import PurePath

import openpyxl
from openpyxl.cell.cell import MergedCell

from etl.catalog import default_catalog
from etl.reader import read_workbook
from etl.text import clean
from etl.validate import NAME_MASKED, ParsedReturn, _mask_personal

PRIVACY_RULES = {"privacy.column_dropped", "privacy.masked"}
# Columns the return does not read are left out of the stored copy too: nothing but their header was
# checked for personal data ("Người gửi" over citizens' names), and the data minimum is what is read.
UNREAD_COLUMN_RULES = {"header.unknown", "column.without_header", "sheet.template_edited"}


def stored_copy(data: bytes, parsed: ParsedReturn) -> tuple[bytes, str, bool]:
    """(content, stored file name, sanitized?) for the submission's archive."""
    privacy = [f for f in parsed.findings if f.rule in PRIVACY_RULES or f.rule in UNREAD_COLUMN_RULES]
    macros = parsed.format == "xlsx" and _has_macros(data)
    unstored = {clean(name) for name in parsed.unstored_sheets}
    if not privacy and not macros and not unstored and not parsed.comments and not parsed.unread_cells:
        return data, parsed.file_name, False
    dropped: dict[str, set[tuple[int, int]]] = {}  # sheet -> (header row, column)
    info_rows: dict[str, set[int]] = {}
    masked: dict[str, set[tuple[int, int]]] = {}
    for finding in privacy:
        if finding.rule == "privacy.masked" and finding.row and finding.col:
            masked.setdefault(finding.sheet, set()).add((finding.row, finding.col))
        elif finding.rule == "column.without_header" and finding.sheet == parsed.sheet_names.get("info"):
            pass  # its cells are in parsed.unread_cells
        elif finding.col and finding.sheet == parsed.sheet_names.get("info"):
            info_rows.setdefault(finding.sheet, set()).add(finding.row or 0)
        elif finding.col:
            dropped.setdefault(finding.sheet, set()).add((finding.row or 0, finding.col))
    named = {(clean(parsed.sheet_names[kind]), col) for kind, cols in parsed.columns.items() if kind in parsed.sheet_names
             for key, col in cols.items() if key in NAME_MASKED}  # masked as the validator masked them
    stem = PurePath(parsed.file_name).stem
    if parsed.format == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data))
    else:
        book = _rebuild(data, parsed.file_name)
    for ws in list(book.worksheets):
        if clean(ws.title) in unstored:
            _remove_sheet(book, ws)
    for ws in book.worksheets:
        title = clean(ws.title)
        if parsed.comments:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.comment is not None:
                        cell.comment = None
        for row, col in masked.get(title, ()):
            cell = ws.cell(row=row, column=col)
            if isinstance(cell.value, str):
                cell.value = _mask_personal(cell.value, names=(title, col) in named)
        for row in info_rows.get(title, ()):
            for cell in ws[row]:
                cell.value = None
        for sheet, row, col in parsed.unread_cells:
            if clean(sheet) == title and not isinstance(ws.cell(row=row, column=col), MergedCell):
                ws.cell(row=row, column=col).value = None
        for header_row, col in dropped.get(title, ()):
            # Blank the header and the values under it rather than delete the column, so stored
            # findings keep pointing at the right cells of the stored file; title rows above stay.
            # A merged cell (a title over several columns, a header over two) has no value of its
            # own: its range's first cell, outside the column, keeps it.
            for (cell,) in ws.iter_rows(min_row=max(header_row, 1), min_col=col, max_col=col):
                if not isinstance(cell, MergedCell):
                    cell.value = None
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), f"{stem}.xlsx", True


def _remove_sheet(book: openpyxl.Workbook, ws) -> None:
    """Take a sheet out of the workbook with the defined names (print areas, ranges) pointing at it."""
    for name in [n for n, d in book.defined_names.items() if ws.title in (d.attr_text or "")]:
        del book.defined_names[name]
    book.remove(ws)
    book.active = 0


def _has_macros(data: bytes) -> bool:
    """An .xlsm (or renamed) workbook carrying a VBA project: the stored copy drops it."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(name.lower().endswith("vbaproject.bin") for name in archive.namelist())
    except zipfile.BadZipFile:
        return False


def _rebuild(data: bytes, file_name: str) -> openpyxl.Workbook:
    """An .xlsx holding the values of a .xls/.ods workbook (formatting cannot be carried over)."""
    raw = read_workbook(data, file_name, default_catalog().vocabulary)  # as validation read it
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in raw.sheets:
        ws = book.create_sheet(sheet.name[:31])
        for values in sheet.rows:
            ws.append([None if v == "" else v for v in values])
    return book
