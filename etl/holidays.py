"""The civil-service working calendar: weekends, public holidays and swap days.

Holidays and make-up working days are data (``data/catalog/holidays.csv``), one row a
day, with the official announcement in ``source``. ``kind`` is ``holiday`` for a day
off inside an official break (weekend days of the break included) and ``workday`` for
a Saturday or Sunday that is an official make-up working day.

"Ngày làm việc" (working days) are Monday to Friday minus holidays, plus make-up
days. Plain "ngày" (calendar days) follow Bộ luật Dân sự 2015, Điều 147-148: the
first day is not counted, and a period whose last day is not a working day ends on
the next working day.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

__all__ = ["DEFAULT_HOLIDAYS_CSV", "CalendarError", "WorkCalendar"]

DEFAULT_HOLIDAYS_CSV = Path(__file__).resolve().parent.parent / "data" / "catalog" / "holidays.csv"

_COLUMNS = ("date", "kind", "name", "source")
_ONE_DAY = timedelta(days=1)


class CalendarError(ValueError):
    """The holiday file or a calendar argument is wrong; the message says what to fix."""


class WorkCalendar:
    """Working days for cán bộ, công chức, viên chức."""

    def __init__(self, holidays: set[date], extra_workdays: set[date]) -> None:
        both = sorted(set(holidays) & set(extra_workdays))
        if both:
            raise CalendarError(
                f"Ngày {both[0]:%d/%m/%Y} vừa là ngày nghỉ vừa là ngày làm bù; "
                "mỗi ngày chỉ được ghi một loại."
            )
        self.holidays: frozenset[date] = frozenset(holidays)
        self.extra_workdays: frozenset[date] = frozenset(extra_workdays)
        self.years: frozenset[int] = frozenset(d.year for d in self.holidays | self.extra_workdays)
        self._working_days_after: dict[tuple[date, int], date] = {}  # add_working_days, remembered
        self._next_working: dict[date, date] = {}  # add_calendar_days: a day -> that day or the next working one

    @classmethod
    def from_csv(cls, path: Path | None = None) -> WorkCalendar:
        """Read the holiday file (default ``data/catalog/holidays.csv``)."""
        csv_path = Path(path) if path is not None else DEFAULT_HOLIDAYS_CSV
        holidays: set[date] = set()
        workdays: set[date] = set()
        with csv_path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise CalendarError(
                    f"Tệp {csv_path.name} thiếu cột {', '.join(missing)}; "
                    f"cần đủ các cột: {', '.join(_COLUMNS)}."
                )
            for line, row in enumerate(reader, start=2):
                day = _parse_iso(row["date"], csv_path.name, line)
                kind = (row["kind"] or "").strip()
                if day in holidays or day in workdays:
                    raise CalendarError(
                        f"Tệp {csv_path.name}, dòng {line}: ngày {day:%d/%m/%Y} bị ghi hai lần."
                    )
                if kind == "holiday":
                    holidays.add(day)
                elif kind == "workday":
                    if day.weekday() < 5:
                        raise CalendarError(
                            f"Tệp {csv_path.name}, dòng {line}: ngày làm bù {day:%d/%m/%Y} "
                            "không phải thứ Bảy hoặc Chủ nhật."
                        )
                    workdays.add(day)
                else:
                    raise CalendarError(
                        f"Tệp {csv_path.name}, dòng {line}: loại ngày '{kind}' không hợp lệ; "
                        "hãy ghi 'holiday' (ngày nghỉ) hoặc 'workday' (ngày làm bù)."
                    )
        return cls(holidays, workdays)

    def covers(self, day: date) -> bool:
        """Whether the holiday file has any entry for ``day``'s year. A year with none
        is computed as plain Monday-Friday, which may be wrong."""
        return day.year in self.years

    def is_working_day(self, d: date) -> bool:
        """Monday to Friday minus holidays, plus official make-up days."""
        if d in self.extra_workdays:
            return True
        return d.weekday() < 5 and d not in self.holidays

    def next_working_day(self, d: date) -> date:
        """``d`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself is not counted).
        ``n == 0`` gives ``start``."""
        if n < 0:
            raise CalendarError(f"Số ngày làm việc phải không âm (nhận được {n}).")
        known = self._working_days_after.get((start, n))
        if known is not None:  # a return's cases share their start dates and limits
            return known
        day = start
        remaining = n
        while remaining:
            day += _ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
        if len(self._working_days_after) < 100_000:
            self._working_days_after[(start, n)] = day
        return day

    def add_calendar_days(self, start: date, n: int) -> date:
        """Bộ luật Dân sự 2015, Điều 147-148: ``start + n`` days (the first day is not
        counted); when that day is a weekend or holiday, the next working day."""
        if n < 0:
            raise CalendarError(f"Số ngày phải không âm (nhận được {n}).")
        day = start + timedelta(days=n)
        known = self._next_working.get(day)
        if known is None:
            known = self.next_working_day(day)
            if len(self._next_working) < 100_000:
                self._next_working[day] = known
        return known

    def working_days_between(self, a: date, b: date) -> int:
        """The number of working days in ``(a, b]``; 0 when ``b <= a``."""
        count = 0
        day = a + _ONE_DAY
        while day <= b:
            if self.is_working_day(day):
                count += 1
            day += _ONE_DAY
        return count


def _parse_iso(text: str | None, file_name: str, line: int) -> date:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise CalendarError(
            f"Tệp {file_name}, dòng {line}: ngày '{text}' không đúng dạng YYYY-MM-DD."
        ) from None
