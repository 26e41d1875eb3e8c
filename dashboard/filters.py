"""The shared filters (year, period, units): a plain value object that query functions take.

The Streamlit side (widgets, URL) lives in ``dashboard.ui``; this module has no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from etl.periods import Period, PeriodError, period_from_code

CUMULATIVE_ORDER = {"month": 0, "quarter": 1, "half": 2, "nine_months": 3, "year": 4}


@dataclass(frozen=True)
class Filters:
    year: int
    period_code: str | None = None  # None = the whole year
    units: tuple[str, ...] = field(default_factory=tuple)  # current unit codes; empty = all
    today: date = field(default_factory=date.today)  # the reference day for "overdue" and ages

    @property
    def period(self) -> Period:
        """The selected period, or the whole year."""
        if self.period_code:
            try:
                return period_from_code(self.period_code)
            except PeriodError:
                pass
        return period_from_code(str(self.year))

    @property
    def start(self) -> date:
        return self.period.start

    @property
    def end(self) -> date:
        return self.period.end

    @property
    def as_of(self) -> date:
        """The day open cases are judged on: the period's end, or today if that is earlier."""
        return min(self.end, self.today)

    def unit_clause(self, column: str = "current_unit_code") -> tuple[str, list[object]]:
        """SQL fragment (always bound parameters) restricting to the selected units."""
        if not self.units:
            return "TRUE", []
        return f"{column} IN ({', '.join('?' for _ in self.units)})", list(self.units)

    def to_params(self) -> dict[str, str]:
        params = {"nam": str(self.year)}
        if self.period_code:
            params["ky"] = self.period_code
        if self.units:
            params["don_vi"] = ",".join(self.units)
        return params
