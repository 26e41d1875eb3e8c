"""Writing a table for download: ``.xlsx`` and ``.csv`` (no Streamlit here).

Both take the frame of a query, the columns to write (source name → Vietnamese header, as
``ui.table`` does) and write every row they are given: no row cap.

- ``.xlsx``: a first sheet ``Thông tin xuất`` (what was exported: filters, data as of, who, when),
  then the data sheet with a bold frozen header, an autofilter and column widths; dates are real
  Excel dates shown dd/mm/yyyy, times dd/mm/yyyy hh:mm, numbers real numbers (#.##0 in a
  Vietnamese Excel), Có/Không for flags.
- ``.csv``: UTF-8 with a byte-order mark (so Excel shows Vietnamese), ``,`` between fields,
  quoted where needed, CRLF line ends; dates dd/mm/yyyy, decimal comma, Có/Không.

No spreadsheet runs a value from a return as a formula: in ``.xlsx`` every text is a text cell,
written as typed (``-5``, ``=1+1``); in ``.csv``, where a cell has no type, a text that begins with
``=``, ``+``, ``-``, ``@`` (or a tab / carriage return) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

INFO_SHEET = "Thông tin xuất"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INT_FORMAT = "#,##0"
NUMBER_FORMAT = "#,##0.0#"  # a number with a fraction; a whole one gets INT_FORMAT (no trailing "100,")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
MAX_WIDTH = 60
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"


def neutralise(text: str) -> str:
    """``=1+1`` → ``'=1+1``: a text that a spreadsheet would run as a formula is kept as text."""
    return "'" + text if text.startswith(FORMULA_START) else text


@dataclass(frozen=True)
class _Column:
    source: str
    title: str
    kind: str  # text | date | datetime | int | id | number | flag


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _kind(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "flag"
    if pd.api.types.is_datetime64_any_dtype(series):
        values = series.dropna()
        midnight = values.empty or bool((values == values.dt.normalize()).all())
        return "date" if midnight else "datetime"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        values = series.dropna()
        return "int" if not values.empty and bool((values == values.round()).all()) else "number"
    values = series.dropna()
    if not values.empty:
        if values.map(lambda v: isinstance(v, bool)).all():
            return "flag"
        if values.map(lambda v: isinstance(v, datetime)).all():
            return "datetime"
        if values.map(lambda v: isinstance(v, date)).all():
            return "date"
    return "text"


def _columns(frame: pd.DataFrame, columns: dict[str, str], kinds: dict[str, str] | None) -> list[_Column]:
    kinds = kinds or {}
    return [_Column(source, title, kinds.get(source) or _kind(frame[source])) for source, title in columns.items()]


def _plain(value: object, kind: str, quote: bool = True) -> object:
    """A cell's value as written (None when missing); a text that a spreadsheet would run as a
    formula is quoted unless ``quote`` is false (.xlsx writes it in a text cell)."""
    if _missing(value) or (kind == "text" and value == ""):
        return None
    if kind == "flag":
        return "Có" if bool(value) else "Không"
    if kind == "date":
        return value.date() if isinstance(value, datetime) else value
    if kind == "datetime":
        return value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
    if kind in ("int", "id"):
        return int(value)
    if kind == "number":
        return float(value)
    return neutralise(str(value)) if quote else str(value)


def _text(value: object, kind: str) -> str:
    """A cell's value as written to .csv."""
    value = _plain(value, kind)
    if value is None:
        return ""
    if kind == "date":
        return value.strftime("%d/%m/%Y")
    if kind == "datetime":
        return value.strftime("%d/%m/%Y %H:%M")
    if kind == "number":
        return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")
    return str(value)


def _rows(frame: pd.DataFrame, cols: list[_Column]) -> Iterator[list[object]]:
    arrays = [frame[c.source].tolist() for c in cols]
    for values in zip(*arrays):
        yield [_plain(v, c.kind, quote=False) for v, c in zip(values, cols)]


def to_csv(frame: pd.DataFrame, columns: dict[str, str], kinds: dict[str, str] | None = None) -> bytes:
    """Every row of ``frame`` as CSV bytes (UTF-8 with BOM, Vietnamese headers).

    ``kinds`` (source → text | date | datetime | int | id | number | flag) overrides what the column's
    type suggests."""
    cols = _columns(frame, columns, kinds)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=",", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(c.title) for c in cols])
    arrays = [frame[c.source].tolist() for c in cols]
    for values in zip(*arrays):
        writer.writerow([_text(v, c.kind) for v, c in zip(values, cols)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _width(title: str, values: Sequence[object], kind: str) -> float:
    if kind == "date":
        longest = 10
    elif kind == "datetime":
        longest = 16
    else:
        sample = [len(str(v)) for v in values[:2000] if v is not None]
        longest = max(sample, default=0)
    return min(MAX_WIDTH, max(len(title), longest, 6) + 2)


def _text_cell(ws: object, text: str) -> WriteOnlyCell:
    """``text`` in a text cell, as typed: one that begins like a formula (``-5``, ``=1+1``) is
    shown as it is and never run, without the apostrophe a CSV needs."""
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    return cell


def to_xlsx(
    frame: pd.DataFrame,
    columns: dict[str, str],
    info: Sequence[tuple[str, str]],
    sheet_name: str = "Dữ liệu",
    title: str = "Thông tin xuất dữ liệu",
    kinds: dict[str, str] | None = None,
) -> bytes:
    """Every row of ``frame`` as an .xlsx: the ``Thông tin xuất`` sheet, then the data sheet."""
    cols = _columns(frame, columns, kinds)
    rows = list(_rows(frame, cols))
    book = Workbook(write_only=True)

    ws_info = book.create_sheet(INFO_SHEET)
    ws_info.column_dimensions["A"].width = 28
    ws_info.column_dimensions["B"].width = 90
    heading = WriteOnlyCell(ws_info, value=title)
    heading.font = Font(bold=True, size=13)
    ws_info.append([heading])
    ws_info.append([])
    for label, value in info:
        key = WriteOnlyCell(ws_info, value=label)
        key.font = Font(bold=True)
        cell = _text_cell(ws_info, str(value))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws_info.append([key, cell])

    ws = book.create_sheet(sheet_name[:31])
    for i, col in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _width(col.title, [r[i - 1] for r in rows], col.kind)
    ws.freeze_panes = "A2"
    last_col = get_column_letter(max(1, len(cols)))
    ws.auto_filter.ref = f"A1:{last_col}{len(rows) + 1}"
    header = []
    for col in cols:
        cell = _text_cell(ws, col.title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    ws.append(header)
    formats = {"date": DATE_FORMAT, "datetime": DATETIME_FORMAT, "int": INT_FORMAT, "id": "0",
               "number": NUMBER_FORMAT}
    styled = [formats.get(c.kind) for c in cols]
    for row in rows:
        cells: list[object] = []
        for value, number_format in zip(row, styled):
            if number_format and value is not None:
                cell = WriteOnlyCell(ws, value=value)
                whole = number_format is NUMBER_FORMAT and isinstance(value, float) and value.is_integer()
                cell.number_format = INT_FORMAT if whole else number_format
                cells.append(cell)
            elif isinstance(value, str) and value.startswith(FORMULA_START):
                cells.append(_text_cell(ws, value))
            else:
                cells.append(value)
        ws.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
