"""Vietnamese number, percentage and date formats shown on every page and in the reports."""

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from dashboard import fmt


@pytest.mark.parametrize(("value", "decimals", "shown"), [
    (1234.5, 1, "1.234,5"),
    (1234567, 0, "1.234.567"),
    (np.int64(26583), 0, "26.583"),
    (2.5, 0, "3"),  # halves away from zero, as Excel shows them
    (3.5, 0, "4"),
    (-2.5, 0, "-3"),
    (6.25, 1, "6,3"),
    (0.125, 2, "0,13"),
    (1.005, 2, "1,01"),  # the float nearest 1.005 is just under it; an office reads 1,005
    (2.44, 1, "2,4"),
    (-0.04, 1, "0,0"),  # never "-0,0"
    (12_345_678_901_234_567, 0, "12.345.678.901.234.567"),  # a big integer stays exact
    (0, 1, "0,0"),
])
def test_numbers_use_vietnamese_separators_and_round_halves_up(value, decimals, shown) -> None:
    assert fmt.num(value, decimals) == shown


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, np.nan, float("inf")])
def test_missing_numbers_show_a_dash(missing) -> None:
    assert fmt.num(missing) == "–"
    assert fmt.pct(missing) == "–"


def test_shares_are_percentages_with_one_decimal() -> None:
    assert fmt.pct(0.875) == "87,5%"
    assert fmt.pct(1 / 16) == "6,3%"  # 1 of 16 units: 6,25%
    assert fmt.pct(1) == "100,0%"
    assert fmt.pct(2 / 3, 0) == "67%"


def test_dates_are_day_month_year() -> None:
    assert fmt.day(date(2025, 2, 3)) == "03/02/2025"
    assert fmt.day(pd.Timestamp("2025-12-31 17:45")) == "31/12/2025"
    assert fmt.moment(datetime(2025, 2, 3, 8, 5)) == "03/02/2025 08:05"
    assert fmt.day(None) == "" and fmt.day(pd.NaT) == ""
