import unicodedata
from datetime import date, datetime

import pytest

from etl.periods import Period, PeriodError, parse_period, period_from_code, periods_of_year

ACCEPTED = (
    "Hãy ghi theo một trong các dạng: Tháng 3/2025, Quý I/2025, 6 tháng/2025, "
    "9 tháng/2025, Năm 2025 (hoặc 2025-03, 2025-Q1, 2025-H1, 2025-9M, 2025)."
)

MARCH = ("2025-03", date(2025, 2, 15), date(2025, 3, 14))
Q1 = ("2025-Q1", date(2024, 12, 15), date(2025, 3, 14))
Q4 = ("2025-Q4", date(2025, 9, 15), date(2025, 12, 14))
H1 = ("2025-H1", date(2024, 12, 15), date(2025, 6, 14))
NINE = ("2025-9M", date(2024, 12, 15), date(2025, 9, 14))
YEAR = ("2025", date(2024, 12, 15), date(2025, 12, 14))


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Tháng 3/2025", MARCH),
        ("Tháng 03/2025", MARCH),
        ("Tháng 3 năm 2025", MARCH),
        ("T3/2025", MARCH),
        ("03/2025", MARCH),
        ("2025-03", MARCH),
        ("Quý I/2025", Q1),
        ("Quý 1/2025", Q1),
        ("Quý I năm 2025", Q1),
        ("Quý 1 năm 2025", Q1),
        ("Quý IV - 2025", Q4),
        ("Q1/2025", Q1),
        ("QI/2025", Q1),
        ("Quí I/2025", Q1),  # the older spelling
        ("quí 4 năm 2025", Q4),
        ("Quý 01/2025", Q1),
        ("Q.I/2025", Q1),
        ("Quý Ｉ／２０２５", Q1),  # full width
        ("2025-Q1", Q1),
        ("2025Q1", Q1),
        ("6 tháng/2025", H1),
        ("6 tháng đầu năm 2025", H1),
        ("6 tháng năm 2025", H1),
        ("Sáu tháng đầu năm 2025", H1),
        ("2025-H1", H1),
        ("9 tháng/2025", NINE),
        ("9 tháng năm 2025", NINE),
        ("Chín tháng năm 2025", NINE),
        ("2025-9M", NINE),
        ("Năm 2025", YEAR),
        ("Cả năm 2025", YEAR),
        ("2025", YEAR),
        (2025, YEAR),
        (2025.0, YEAR),
    ],
)
def test_parse_every_accepted_form(value, expected):
    period = parse_period(value)
    assert (period.code, period.start, period.end) == expected


@pytest.mark.parametrize(
    "value, code",
    [
        ("QUÝ I/2025", "2025-Q1"),
        ("quý iv - 2025", "2025-Q4"),
        ("Quy I/2025", "2025-Q1"),
        ("Thang 3 nam 2025", "2025-03"),
        ("6 thang dau nam 2025", "2025-H1"),
        ("Sau thang dau nam 2025", "2025-H1"),
        ("Chin thang nam 2025", "2025-9M"),
        ("Ca nam 2025", "2025"),
        (unicodedata.normalize("NFD", "Quý II năm 2025"), "2025-Q2"),
        (unicodedata.normalize("NFD", "Sáu tháng đầu năm 2025"), "2025-H1"),
        (unicodedata.normalize("NFD", "Cả năm 2025"), "2025"),
        ("  Quý   III  /  2025  ", "2025-Q3"),
        ("Tháng\u00a03\u00a0/2025", "2025-03"),
        ("Quý IV – 2025", "2025-Q4"),
        ("2025 - q2", "2025-Q2"),
        ("Báo cáo Quý I/2025", "2025-Q1"),
        ("Báo cáo 6 tháng đầu năm 2025", "2025-H1"),
        ("Báo cáo năm 2025", "2025"),
        ("Kỳ Quý I/2025", "2025-Q1"),
        ("Kỳ báo cáo: Tháng 12/2025", "2025-12"),
        ("Tháng 3/2025.", "2025-03"),
        (datetime(2025, 3, 1), "2025-03"),
        (date(2025, 11, 1), "2025-11"),
    ],
)
def test_parse_tolerates_case_diacritics_spacing_and_prefix(value, code):
    assert parse_period(value).code == code


def test_month_windows_run_from_the_15th_to_the_14th():
    assert parse_period("Tháng 1/2025") == Period(
        code="2025-01", kind="month", year=2025, start=date(2024, 12, 15), end=date(2025, 1, 14)
    )
    assert parse_period("Tháng 12/2025") == Period(
        code="2025-12", kind="month", year=2025, start=date(2025, 11, 15), end=date(2025, 12, 14)
    )


def test_quarter_windows():
    assert [(p.code, p.start, p.end) for p in periods_of_year(2025) if p.kind == "quarter"] == [
        ("2025-Q1", date(2024, 12, 15), date(2025, 3, 14)),
        ("2025-Q2", date(2025, 3, 15), date(2025, 6, 14)),
        ("2025-Q3", date(2025, 6, 15), date(2025, 9, 14)),
        ("2025-Q4", date(2025, 9, 15), date(2025, 12, 14)),
    ]


def test_labels_and_cumulative_flags():
    assert [(p.code, p.kind, p.label, p.is_cumulative) for p in map(
        period_from_code, ["2025-03", "2025-Q1", "2025-Q4", "2025-H1", "2025-9M", "2025"]
    )] == [
        ("2025-03", "month", "Tháng 3/2025", False),
        ("2025-Q1", "quarter", "Quý I/2025", False),
        ("2025-Q4", "quarter", "Quý IV/2025", False),
        ("2025-H1", "half", "6 tháng đầu năm 2025", True),
        ("2025-9M", "nine_months", "9 tháng năm 2025", True),
        ("2025", "year", "Năm 2025", True),
    ]


def test_periods_of_year_lists_all_eighteen_in_order():
    assert [p.code for p in periods_of_year(2026)] == [
        "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
        "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12",
        "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2026-H1", "2026-9M", "2026",
    ]
    assert {p.year for p in periods_of_year(2026)} == {2026}


def test_contains_uses_inclusive_window():
    q1 = period_from_code("2025-Q1")
    assert [q1.contains(d) for d in (
        date(2024, 12, 14), date(2024, 12, 15), date(2025, 3, 14), date(2025, 3, 15)
    )] == [False, True, True, False]


@pytest.mark.parametrize(
    "value, shown",
    [
        ("Quý V/2025", "Quý V/2025"),
        ("Quý 5/2025", "Quý 5/2025"),
        ("Quý 0/2025", "Quý 0/2025"),
        ("Tháng 13/2025", "Tháng 13/2025"),
        ("Tháng 0/2025", "Tháng 0/2025"),
        ("13/2025", "13/2025"),
        ("2025-13", "2025-13"),
        ("Năm 1999", "Năm 1999"),
        ("Quý I/2101", "Quý I/2101"),
        ("2101", "2101"),
        (1999, "1999"),
        (2101.0, "2101"),
        (2025.5, "2025.5"),
        ("Quý I", "Quý I"),
        ("6 tháng cuối năm 2025", "6 tháng cuối năm 2025"),
        ("Quý I/2025 và Quý II/2025", "Quý I/2025 và Quý II/2025"),
        ("abc", "abc"),
        (True, "True"),
        (date(2025, 3, 15), "2025-03-15"),
    ],
)
def test_rejects_with_a_vietnamese_sentence(value, shown):
    with pytest.raises(PeriodError) as info:
        parse_period(value)
    assert str(info.value) == f"Kỳ báo cáo '{shown}' không hợp lệ. {ACCEPTED}"


@pytest.mark.parametrize("value", ["", "   ", None])
def test_rejects_empty(value):
    with pytest.raises(PeriodError) as info:
        parse_period(value)
    assert str(info.value) == f"Chưa ghi kỳ báo cáo. {ACCEPTED}"


def test_period_error_is_a_value_error_and_keeps_the_value():
    with pytest.raises(ValueError) as info:
        parse_period("Quý V/2025")
    assert info.value.value == "Quý V/2025"


@pytest.mark.parametrize("code", ["Quý I/2025", "2025-q1", "2025-3", "2025Q1", "2025-H2", " 2025"])
def test_period_from_code_accepts_only_canonical_codes(code):
    with pytest.raises(PeriodError) as info:
        period_from_code(code)
    assert str(info.value) == (
        f"Mã kỳ báo cáo '{code.strip()}' không đúng dạng chuẩn. "
        "Hãy dùng một trong các dạng: 2025-03, 2025-Q1, 2025-H1, 2025-9M, 2025."
    )


def test_period_from_code_checks_the_year_range():
    with pytest.raises(PeriodError) as info:
        period_from_code("1999-Q1")
    assert str(info.value) == f"Kỳ báo cáo '1999-Q1' không hợp lệ. {ACCEPTED}"


def test_every_canonical_code_round_trips():
    for period in periods_of_year(2025):
        assert period_from_code(period.code) == period
        assert parse_period(period.code) == period
        assert parse_period(period.label) == period


@pytest.mark.parametrize("text,code", [("06 tháng/2025", "2025-H1"), ("06 tháng đầu năm 2025", "2025-H1"),
                                       ("09 tháng năm 2025", "2025-9M")])
def test_a_month_count_with_a_leading_zero_is_a_cumulative_period(text: str, code: str) -> None:
    """'Quý 01/2025' and 'Tháng 03/2025' were read, '06 tháng/2025' refused (loader round)."""
    assert parse_period(text).code == code


def test_a_date_of_a_two_digit_year_is_written_with_four() -> None:
    """Year 25 was written '01/01/25' in 'Ngày nhận 01/01/25 trước 01/01/2000': a clerk reads 2025."""
    from etl.cells import format_date
    from etl.findings import show_value

    assert format_date(date(25, 1, 1)) == show_value(date(25, 1, 1)) == "01/01/0025"
    assert show_value(datetime(2025, 3, 4, 8, 5)) == "04/03/2025 08:05"
