"""Findings: what the validator says about a workbook, one per broken rule, with the Excel cell."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time

from etl.cells import format_date

ERROR = "error"
WARNING = "warning"

SEVERITY_LABEL = {ERROR: "Lỗi", WARNING: "Cảnh báo"}


def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA (Excel's column names)."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" | "warning"
    rule: str  # stable machine name, e.g. "date.invalid"
    message: str  # Vietnamese sentence(s): what is wrong and what to do
    sheet: str = ""  # sheet name as written in the file
    row: int | None = None  # Excel row number (1-based)
    col: int | None = None  # Excel column number (1-based)
    value: str = ""  # the offending value as text (never from a personal-data column)

    @property
    def cell(self) -> str:
        if self.row is not None and self.col is not None:
            return cell_ref(self.row, self.col)
        if self.row is not None:
            return f"dòng {self.row}"
        return ""

    @property
    def location(self) -> str:
        """``Đơn thư!F12``, ``Đơn thư`` or empty for the whole file."""
        if self.sheet and self.cell:
            sep = "!" if self.col is not None else " "
            return f"{self.sheet}{sep}{self.cell}"
        return self.sheet

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def line(self, file_name: str) -> str:
        """One line for the command line: file, cell, severity, message."""
        where = f"{file_name}: {self.location}: " if self.location else f"{file_name}: "
        return f"{where}{SEVERITY_LABEL[self.severity]}: {self.message}"


_VI_SEPARATORS = str.maketrans({",": ".", ".": ","})


def show_value(value: object, limit: int = 60) -> str:
    """A cell value as quoted in a message, cut when long."""
    text = "" if value is None else str(value)
    if isinstance(value, bool):  # a logical cell, as Excel shows it (never Python's True)
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, float) and math.isfinite(value):  # 3.5 -> '3,5', as a Vietnamese reader writes it
        text = f"{value:,.10f}".rstrip("0").rstrip(".").translate(_VI_SEPARATORS)
    elif isinstance(value, datetime):  # a date cell: dd/mm/yyyy (its time only when it has one)
        text = format_date(value) + (value.strftime(" %H:%M") if value.time() != time() else "")
    elif isinstance(value, date):
        text = format_date(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
