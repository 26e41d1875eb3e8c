"""Turn one cell's value into a date, a whole number or a number, the way Vietnamese offices write them.

Each parser returns the parsed value or raises ``CellError`` with the Vietnamese reason; the
validator adds the sheet, cell and what to do.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from etl.text import ascii_width, clean

EXCEL_EPOCH = date(1899, 12, 30)


class CellError(ValueError):
    pass


_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_DMY_SHORT_YEAR = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_SPELLED = re.compile(r"^ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})$")
_DAY_WORD = re.compile(r"^(ngày|ngay)\s+(?=\d{1,2}\s*[/.\-])", re.IGNORECASE)
_SERIAL_TEXT = re.compile(r"^(3[6-9]\d{3}|[4-6]\d{4}|7[0-2]\d{3})$")  # 36526 = 01/01/2000 … 72999 (in 2099)


def parse_date(value: object) -> date:
    """Date cells, Excel serial numbers, or text day-first (dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError("không phải là ngày")
    if isinstance(value, (int, float)):
        serial = int(value)  # a date-time serial keeps its day
        if 1 <= serial < 61:  # Excel counts a 29/02/1900 that never was: 1 is 01/01/1900, as it shows it
            return EXCEL_EPOCH + timedelta(days=serial + 1 if serial < 60 else serial)
        if 61 <= serial <= 2958465:
            return EXCEL_EPOCH + timedelta(days=serial)
        raise CellError("không tương ứng với ngày nào")
    text = ascii_width(clean(value))  # a zero-width space or a BOM pasted with the date: not part of it
    text = _DAY_WORD.sub("", text)  # "ngày 15/01/2025", as a letter writes it
    if _SERIAL_TEXT.match(text):  # a serial number in a cell formatted as Text ("45672"): 2000–2099
        return EXCEL_EPOCH + timedelta(days=int(text))
    m = _DMY.match(text)
    if m:
        day, month, year = (int(g) for g in m.groups())
    else:
        m = _ISO.match(text)
        if m:
            year, month, day = (int(g) for g in m.groups())
        else:
            from etl.text import fold

            m = _SPELLED.match(fold(text).replace(",", " "))
            if not m:
                short = _DMY_SHORT_YEAR.match(text)
                if short:  # "3/2/25": which century is a guess, so the four digits are asked for
                    day, month, year = (int(g) for g in short.groups())
                    try:
                        meant = date(2000 + year, month, day)
                    except ValueError:
                        meant = None
                    raise CellError("ghi năm bằng 2 chữ số nên không rõ là năm nào"
                                    + (f"; nếu là năm {meant.year}, hãy ghi {meant:%d/%m/%Y}" if meant else
                                       ": hãy ghi đủ 4 chữ số của năm"))
                raise CellError("không đúng dạng ngày")
            day, month, year = (int(g) for g in m.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise CellError("không phải ngày có thật") from exc


_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_COMMA_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+$")
_SPACED = re.compile(r"^\d{1,3}( \d{3})+$")


# What is counted, written after the number: "15 ngày", "12 người", "3 lượt", "2 buổi".
_COUNTED = re.compile(r"(?<=\d)\s*(ngày|ngay|người|nguoi|lượt|luot|buổi|buoi|vụ việc|vu viec|vụ|vu|đoàn|doan|lớp|lop|đơn|don)\.?$",
                      re.IGNORECASE)


# A count of 9 digits or more (or digits with a leading 0) is a phone or an ID number typed into
# the wrong column: refused, so that it is neither stored as a count nor added to the totals.
PHONE_DIGITS = 9
LOOKS_PERSONAL = ("giống số điện thoại hoặc số định danh, không phải số lượng: hãy ghi số lượng "
                  "(thông tin cá nhân không được ghi vào báo cáo)")


def parse_int(value: object) -> int:
    """A whole number ≥ 0: 12, 12.0, '12', '1.234' (dot = thousands), '1 234', '15 ngày'."""
    if isinstance(value, bool):
        raise CellError("không phải số")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError("không phải số nguyên")
        number = int(value)
    else:
        text = _COUNTED.sub("", ascii_width(clean(value)))  # NFC, no zero-width characters, one kind of space
        if _THOUSANDS.match(text):
            text = text.replace(".", "")
        elif _SPACED.match(text):
            text = text.replace(" ", "")
        elif re.match(r"^-?\d+[.,]0+$", text):
            text = re.split(r"[.,]", text)[0]
        if not re.match(r"^-?\d+$", text):
            if _COMMA_THOUSANDS.match(text):  # '1,234': the comma is the decimal sign in Vietnamese
                digits = text.replace(",", "")
                raise CellError(f"không phải số nguyên (dấu phẩy là dấu thập phân; nếu là số {digits}, hãy ghi "
                                f"{text.replace(',', '.')} hoặc {digits})")
            raise CellError("không phải số nguyên")
        if len(text) >= PHONE_DIGITS and text.startswith("0"):
            raise CellError(LOOKS_PERSONAL)
        number = int(text)
    if number < 0:
        raise CellError("là số âm")
    if 10 ** (PHONE_DIGITS - 1) <= number < 10 ** 10:  # 912345678: a phone that lost its 0 (longer: too large)
        raise CellError(LOOKS_PERSONAL)
    return number


def parse_number(value: object) -> float:
    """A number: 12,5 (comma decimal), 1.234,5, 1.234 (thousands), 12.5, '100%'."""
    if isinstance(value, bool):
        raise CellError("không phải số")
    if isinstance(value, (int, float)):
        return float(value)
    text = ascii_width(clean(value)).replace(" ", "")
    if text.endswith("%"):
        text = text[:-1]
    if _THOUSANDS.match(text):
        text = text.replace(".", "")
    elif re.match(r"^-?\d{1,3}(\.\d{3})+,\d+$", text):
        text = text.replace(".", "").replace(",", ".")
    elif re.match(r"^-?\d+,\d+$", text):
        text = text.replace(",", ".")
    elif re.match(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$", text):
        text = text.replace(",", "")
    if not re.match(r"^-?\d+(\.\d+)?$", text):
        raise CellError("không phải số")
    return float(text)


def format_date(day: date | None) -> str:
    """dd/mm/yyyy, the year in four digits ('01/01/0025', which strftime writes '01/01/25': read as 2025)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}" if day else ""
