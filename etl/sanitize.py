"""The copy of a return that is stored: the user's workbook without personal data.

When nothing had to be removed the original bytes are kept as they are. Otherwise, an ``.xlsx``
is edited in place (its formatting kept) and other formats are rewritten as ``.xlsx``: columns
whose header identifies a citizen are removed and text that looks like a phone number, e-mail or
ID number is masked, exactly as the validator did before anything was stored.
"""

from __future__ import annotations

import io
from pathlib import PurePath

import openpyxl

from etl.reader import read_workbook
from etl.text import clean
from etl.validate import ParsedReturn, _mask_personal

PRIVACY_RULES = {"privacy.column_dropped", "privacy.masked"}


def stored_copy(data: bytes, parsed: ParsedReturn) -> tuple[bytes, str, bool]:
    """(content, stored file name, sanitized?) for the submission's archive."""
    privacy = [f for f in parsed.findings if f.rule in PRIVACY_RULES]
    macros = parsed.format == "xlsx" and _has_macros(data)
    if not privacy and not macros:
        return data, parsed.file_name, False
    dropped: dict[str, set[int]] = {}
    info_rows: dict[str, set[int]] = {}
    masked: dict[str, set[tuple[int, int]]] = {}
    for finding in privacy:
        if finding.rule == "privacy.masked" and finding.row and finding.col:
            masked.setdefault(finding.sheet, set()).add((finding.row, finding.col))
        elif finding.col and finding.sheet == parsed.sheet_names.get("info"):
            info_rows.setdefault(finding.sheet, set()).add(finding.row or 0)
        elif finding.col:
            dropped.setdefault(finding.sheet, set()).add(finding.col)
    stem = PurePath(parsed.file_name).stem
    if parsed.format == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data))
    else:
        book = _rebuild(data, parsed.file_name)
    for ws in book.worksheets:
        title = clean(ws.title)
        for row, col in masked.get(title, ()):
            cell = ws.cell(row=row, column=col)
            if isinstance(cell.value, str):
                cell.value = _mask_personal(cell.value)
        for row in info_rows.get(title, ()):
            for cell in ws[row]:
                cell.value = None
        for col in dropped.get(title, ()):
            # Blank the column rather than delete it, so stored findings keep pointing at the
            # right cells of the stored file.
            for (cell,) in ws.iter_rows(min_col=col, max_col=col):
                cell.value = None
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), f"{stem}.xlsx", True


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
    raw = read_workbook(data, file_name)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in raw.sheets:
        ws = book.create_sheet(sheet.name[:31])
        for values in sheet.rows:
            ws.append([None if v == "" else v for v in values])
    return book
