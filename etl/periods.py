"""Reporting periods (kỳ báo cáo) and how units write them.

Data cut-off windows follow Nghị định 09/2019/NĐ-CP, Điều 12: every period runs from
the 15th of the month before it starts to the 14th of its last month, and the
cumulative periods (6 months, 9 months, year) all start on 15/12 of the previous
year. Cumulative returns repeat what earlier returns said, so they are never summed.

Canonical codes: ``2025-03`` (month), ``2025-Q1`` (quarter), ``2025-H1`` (first six
months), ``2025-9M`` (nine months), ``2025`` (year).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from etl.text import ascii_width

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "Period",
    "PeriodError",
    "cumulative_alternative",
    "cumulative_words",
    "parse_period",
    "period_from_code",
    "periods_of_year",
]

MIN_YEAR = 2000
MAX_YEAR = 2100

KINDS = ("month", "quarter", "half", "nine_months", "year")
CUMULATIVE_KINDS = frozenset({"half", "nine_months", "year"})

_ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}
_QUARTER_FROM_TOKEN = {"1": 1, "2": 2, "3": 3, "4": 4, "01": 1, "02": 2, "03": 3, "04": 4,
                       "i": 1, "ii": 2, "iii": 3, "iv": 4}

_ACCEPTED_FORMS = (
    "Tháng 3/2025, Quý I/2025, 6 tháng/2025, 9 tháng/2025, Năm 2025 "
    "(hoặc 2025-03, 2025-Q1, 2025-H1, 2025-9M, 2025)"
)


class PeriodError(ValueError):
    """A reporting period that cannot be read. ``str(error)`` is a Vietnamese sentence
    that names the value and lists the accepted forms."""

    def __init__(self, value: object, message: str | None = None) -> None:
        self.value = value
        super().__init__(message if message is not None else _invalid_message(value))


def _invalid_message(value: object) -> str:
    shown = _shown(value)
    if not shown:
        return f"Chưa ghi kỳ báo cáo. Hãy ghi theo một trong các dạng: {_ACCEPTED_FORMS}."
    return (
        f"Kỳ báo cáo '{shown}' không hợp lệ. "
        f"Hãy ghi theo một trong các dạng: {_ACCEPTED_FORMS}."
    )


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


@dataclass(frozen=True)
class Period:
    """One reporting period with its inclusive data window."""

    code: str
    kind: str
    year: int
    start: date
    end: date

    @property
    def label(self) -> str:
        """The Vietnamese name, as written in reports: 'Quý I/2025'."""
        if self.kind == "month":
            return f"Tháng {self.end.month}/{self.year}"
        if self.kind == "quarter":
            return f"Quý {_ROMAN_QUARTERS[int(self.code[-1])]}/{self.year}"
        if self.kind == "half":
            return f"6 tháng đầu năm {self.year}"
        if self.kind == "nine_months":
            return f"9 tháng năm {self.year}"
        return f"Năm {self.year}"

    @property
    def is_cumulative(self) -> bool:
        """True for 6 months, 9 months and year: they repeat earlier returns."""
        return self.kind in CUMULATIVE_KINDS

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls inside the period's data window."""
        return self.start <= day <= self.end


def _window_start(year: int, first_month: int) -> date:
    """The 15th of the month before ``first_month`` of ``year``."""
    if first_month == 1:
        return date(year - 1, 12, 15)
    return date(year, first_month - 1, 15)


def _check_year(year: int, value: object) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(value)


def _month(year: int, month: int, value: object) -> Period:
    _check_year(year, value)
    if not 1 <= month <= 12:
        raise PeriodError(value)
    return Period(
        code=f"{year}-{month:02d}",
        kind="month",
        year=year,
        start=_window_start(year, month),
        end=date(year, month, 14),
    )


def _quarter(year: int, quarter: int, value: object) -> Period:
    _check_year(year, value)
    if not 1 <= quarter <= 4:
        raise PeriodError(value)
    return Period(
        code=f"{year}-Q{quarter}",
        kind="quarter",
        year=year,
        start=_window_start(year, 3 * quarter - 2),
        end=date(year, 3 * quarter, 14),
    )


def _cumulative(year: int, kind: str, value: object) -> Period:
    _check_year(year, value)
    code, last_month = {
        "half": (f"{year}-H1", 6),
        "nine_months": (f"{year}-9M", 9),
        "year": (f"{year}", 12),
    }[kind]
    return Period(
        code=code,
        kind=kind,
        year=year,
        start=date(year - 1, 12, 15),
        end=date(year, last_month, 14),
    )


def _strip_diacritics(text: str) -> str:
    """Vietnamese text without tone marks or diacritics: 'Quý Đầu' -> 'Quy Dau'."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return kept.replace("đ", "d").replace("Đ", "D")


def _normalise(text: str) -> str:
    """NFC, no diacritics, lower case, one kind of dash, single spaces, no prefix."""
    text = ascii_width(unicodedata.normalize("NFC", text).replace("\u200b", "").replace("\ufeff", ""))
    text = _strip_diacritics(text).lower()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = " ".join(text.split())
    text = text.rstrip(" .;")
    # The window written after it: "Quý I năm 2025 (từ ngày 15/12/2024 đến ngày 14/3/2025)",
    # "6 tháng đầu năm 2025, số liệu từ 15/12/2024 đến 14/6/2025".
    text = re.sub(r"\s*\([^()]*\)$", "", text)
    text = re.sub(r"\s*[,;:\-]?\s*(?:so lieu\s+)?(?:tinh\s+)?tu ngay\b.*$|\s*[,;:\-]\s*(?:so lieu\s+)?tu\s+\d.*$", "", text)
    text = text.rstrip(" .;,:-")
    # "Lũy kế" before the period ("Lũy kế 9 tháng năm 2025": the words say it again) or after it
    # ("Quý III/2025 - lũy kế 9 tháng", as in brackets: ``cumulative_alternative`` tells of it).
    text = re.sub(r"^luy ke\s*:?\s+", "", text)
    text = re.sub(r"\s*[,;:\-]?\s*\bluy ke\b.*$", "", text).rstrip(" .;,:-")
    # "Kỳ báo cáo: Quý I/2025", "Báo cáo 6 tháng đầu năm 2025", "Kỳ Năm 2025".
    return re.sub(r"^(?:(?:ky|bao cao)\b\s*:?\s*)+", "", text)


_YEAR = r"(\d{4})"
# Between the period and its year: "/", "-", ".", ",", "năm" or plain spaces.
_SEP = r"(?:\s*[/.,\-]\s*(?:nam\s*)?|\s+nam\s*|\s+)"
_QUARTER_TOKEN = r"([ivx]+|\d+)"

_MONTH_PATTERNS = (
    re.compile(rf"^(?:thang|t)\s*(\d{{1,2}}){_SEP}{_YEAR}$"),
    re.compile(rf"^(\d{{1,2}})\s*[/.\-]\s*{_YEAR}$"),
)
_MONTH_YEAR_FIRST = re.compile(rf"^{_YEAR}\s*[/\-]\s*(\d{{1,2}})$")
# "Quí" is the older spelling, still in many offices' forms; "Q.I" an abbreviation
_QUARTER_PATTERN = re.compile(rf"^(?:quy|qui|q\.?)\s*{_QUARTER_TOKEN}{_SEP}{_YEAR}$")
_QUARTER_YEAR_FIRST = re.compile(rf"^{_YEAR}\s*-?\s*q\s*{_QUARTER_TOKEN}$")
_HALF_PATTERNS = (
    re.compile(rf"^(?:0?6|sau)\s*thang(?:\s+dau)?{_SEP}{_YEAR}$"),
    re.compile(rf"^h1{_SEP}{_YEAR}$"),
    re.compile(rf"^{_YEAR}\s*-?\s*h1$"),
)
_NINE_MONTH_PATTERNS = (
    re.compile(rf"^(?:0?9|chin)\s*thang(?:\s+dau)?{_SEP}{_YEAR}$"),
    re.compile(rf"^9m{_SEP}{_YEAR}$"),
    re.compile(rf"^{_YEAR}\s*-?\s*9m$"),
)
_YEAR_PATTERNS = (
    re.compile(rf"^(?:ca\s+)?nam\s*{_YEAR}$"),
    re.compile(rf"^{_YEAR}$"),
)


def _parse_text(text: str, value: object) -> Period:
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(text)
        if match:
            return _month(int(match.group(2)), int(match.group(1)), value)
    match = _MONTH_YEAR_FIRST.match(text)
    if match:
        return _month(int(match.group(1)), int(match.group(2)), value)
    match = _QUARTER_PATTERN.match(text)
    if match:
        return _quarter(int(match.group(2)), _quarter_number(match.group(1), value), value)
    match = _QUARTER_YEAR_FIRST.match(text)
    if match:
        return _quarter(int(match.group(1)), _quarter_number(match.group(2), value), value)
    for kind, patterns in (("half", _HALF_PATTERNS), ("nine_months", _NINE_MONTH_PATTERNS),
                           ("year", _YEAR_PATTERNS)):
        for pattern in patterns:
            match = pattern.match(text)
            if match:
                return _cumulative(int(match.group(1)), kind, value)
    raise PeriodError(value)


def _quarter_number(token: str, value: object) -> int:
    number = _QUARTER_FROM_TOKEN.get(token)
    if number is None:
        raise PeriodError(value)
    return number


def parse_period(value: object) -> Period:
    """Read a period however a unit wrote it.

    Accepts text in Vietnamese with or without diacritics (NFC or NFD), any case and
    spacing, with an optional leading "Kỳ"/"Báo cáo": ``Tháng 3/2025``, ``T3/2025``,
    ``03/2025``, ``Quý I/2025``, ``Quý 1 năm 2025``, ``Q1/2025``, ``6 tháng đầu năm
    2025``, ``9 tháng/2025``, ``Cả năm 2025`` and the canonical codes. Excel numbers
    ``2025`` / ``2025.0`` are the year. A date on the 1st of a month (what Excel makes
    of a cell typed ``03/2025``) is that month. Raises :class:`PeriodError`.
    """
    if value is None or isinstance(value, bool):
        raise PeriodError(value)
    if isinstance(value, datetime):
        value_date = value.date()
        if value.time() != datetime.min.time() or value_date.day != 1:
            raise PeriodError(value)
        return _month(value_date.year, value_date.month, value)
    if isinstance(value, date):
        if value.day != 1:
            raise PeriodError(value)
        return _month(value.year, value.month, value)
    if isinstance(value, int):
        return _cumulative(value, "year", value)
    if isinstance(value, float):
        if not value.is_integer():
            raise PeriodError(value)
        return _cumulative(int(value), "year", value)
    if not isinstance(value, str):
        raise PeriodError(value)
    text = _normalise(value)
    if not text:
        raise PeriodError(value)
    return _parse_text(text, value)


# "lũy kế", "9 tháng", "cả năm" anywhere in the text, the words in brackets included
_CUMULATIVE_WORDS = re.compile(r"\bluy ke\b|\b(?:0?[2-9]|1[0-2]|sau|chin)\s*thang\b|\bca nam\b")
_CUMULATIVE_ENDING = {"quarter": {2: "H1", 3: "9M", 4: ""}, "month": {3: "Q1", 6: "H1", 9: "9M", 12: ""}}


def cumulative_words(value: object, period: Period) -> bool:
    """Whether ``value``, read as ``period`` (a quarter or a month that does not start the year),
    also speaks of a cumulative period: 'Quý III/2025 (lũy kế 9 tháng)' is read as Quý III/2025
    (the words after the period are dropped, as a window's dates are) and may have meant 9 tháng."""
    if not isinstance(value, str) or period.kind not in _CUMULATIVE_ENDING or period.start == date(period.year - 1, 12, 15):
        return False
    return bool(_CUMULATIVE_WORDS.search(" ".join(_strip_diacritics(unicodedata.normalize("NFC", value)).lower().split())))


def cumulative_alternative(period: Period) -> Period | None:
    """The return period from the year's start to ``period``'s end (Quý III → 9 tháng, Tháng 6 →
    6 tháng), or None when there is none (Tháng 11: no return covers eleven months)."""
    number = int(period.code[-1]) if period.kind == "quarter" else period.end.month
    suffix = _CUMULATIVE_ENDING.get(period.kind, {}).get(number)
    if suffix is None:
        return None
    return period_from_code(f"{period.year}-{suffix}" if suffix else str(period.year))


_CANONICAL = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4])|-(H1)|-(9M))?$")


def period_from_code(code: str) -> Period:
    """The period for a canonical code (``2025-03``, ``2025-Q1``, ``2025-H1``,
    ``2025-9M``, ``2025``); anything else raises :class:`PeriodError`."""
    match = _CANONICAL.match(code) if isinstance(code, str) else None
    if match is None:
        raise PeriodError(
            code,
            f"Mã kỳ báo cáo '{_shown(code)}' không đúng dạng chuẩn. "
            "Hãy dùng một trong các dạng: 2025-03, 2025-Q1, 2025-H1, 2025-9M, 2025.",
        )
    year = int(match.group(1))
    if match.group(2):
        return _month(year, int(match.group(2)), code)
    if match.group(3):
        return _quarter(year, int(match.group(3)), code)
    if match.group(4):
        return _cumulative(year, "half", code)
    if match.group(5):
        return _cumulative(year, "nine_months", code)
    return _cumulative(year, "year", code)


def periods_of_year(year: int) -> list[Period]:
    """All periods of ``year``: 12 months, 4 quarters, the first six months, nine
    months and the year, in that order."""
    months = [_month(year, month, year) for month in range(1, 13)]
    quarters = [_quarter(year, quarter, year) for quarter in range(1, 5)]
    cumulative = [_cumulative(year, kind, year) for kind in ("half", "nine_months", "year")]
    return months + quarters + cumulative
