import csv
from datetime import date, timedelta

import pytest

from etl.holidays import DEFAULT_HOLIDAYS_CSV, CalendarError, WorkCalendar


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.from_csv()


def weekdays_off(cal: WorkCalendar, year: int) -> list[date]:
    return sorted(d for d in cal.holidays if d.year == year and d.weekday() < 5)


def test_weekdays_off_2024(cal):
    assert weekdays_off(cal, 2024) == [
        date(2024, 1, 1),
        date(2024, 2, 8), date(2024, 2, 9), date(2024, 2, 12), date(2024, 2, 13),
        date(2024, 2, 14),
        date(2024, 4, 18),
        date(2024, 4, 29), date(2024, 4, 30), date(2024, 5, 1),
        date(2024, 9, 2), date(2024, 9, 3),
    ]


def test_weekdays_off_2025(cal):
    assert weekdays_off(cal, 2025) == [
        date(2025, 1, 1),
        date(2025, 1, 27), date(2025, 1, 28), date(2025, 1, 29), date(2025, 1, 30),
        date(2025, 1, 31),
        date(2025, 4, 7),
        date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2),
        date(2025, 9, 1), date(2025, 9, 2),
    ]


def test_weekdays_off_2026(cal):
    assert weekdays_off(cal, 2026) == [
        date(2026, 1, 1), date(2026, 1, 2),
        date(2026, 2, 16), date(2026, 2, 17), date(2026, 2, 18), date(2026, 2, 19),
        date(2026, 2, 20),
        date(2026, 4, 27),
        date(2026, 4, 30), date(2026, 5, 1),
        date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2),
    ]


def test_make_up_saturdays(cal):
    assert sorted(cal.extra_workdays) == [
        date(2024, 5, 4), date(2025, 4, 26), date(2026, 1, 10), date(2026, 8, 22),
    ]


def test_each_official_break_is_whole(cal):
    def span(a: date, b: date) -> set[date]:
        return {a + timedelta(days=i) for i in range((b - a).days + 1)}

    for first, last in [
        (date(2024, 2, 8), date(2024, 2, 14)),
        (date(2024, 4, 27), date(2024, 5, 1)),
        (date(2024, 8, 31), date(2024, 9, 3)),
        (date(2025, 1, 25), date(2025, 2, 2)),
        (date(2025, 4, 30), date(2025, 5, 4)),
        (date(2025, 8, 30), date(2025, 9, 2)),
        (date(2026, 1, 1), date(2026, 1, 4)),
        (date(2026, 2, 14), date(2026, 2, 22)),
        (date(2026, 4, 30), date(2026, 5, 3)),
        (date(2026, 8, 29), date(2026, 9, 2)),
    ]:
        assert span(first, last) <= cal.holidays, (first, last)
        assert not any(cal.is_working_day(d) for d in span(first, last)), (first, last)


def test_holiday_file_rows_are_complete():
    with DEFAULT_HOLIDAYS_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["date", "kind", "name", "source"]
    assert {r["kind"] for r in rows} == {"holiday", "workday"}
    assert all(r["name"].strip() and r["source"].strip() for r in rows)
    assert {date.fromisoformat(r["date"]).year for r in rows} == {2024, 2025, 2026}
    assert len({r["date"] for r in rows}) == len(rows)


def test_is_working_day(cal):
    assert [cal.is_working_day(d) for d in [
        date(2025, 3, 3),   # Monday
        date(2025, 3, 8),   # Saturday
        date(2025, 3, 9),   # Sunday
        date(2025, 4, 7),   # Giỗ Tổ Hùng Vương
        date(2025, 4, 26),  # make-up Saturday
        date(2025, 5, 2),   # swapped Friday
        date(2024, 5, 4),   # make-up Saturday
        date(2024, 4, 29),  # swapped Monday
        date(2026, 4, 27),  # Giỗ Tổ on a Sunday, made up on Monday
        date(2026, 4, 28),  # ordinary Tuesday
        date(2026, 1, 10),  # make-up Saturday
        date(2026, 8, 22),  # make-up Saturday
        date(2026, 8, 31),  # swapped Monday
    ]] == [True, False, False, False, True, False, True, False, False, True, True, True, False]


def test_add_working_days_across_tet_2025(cal):
    # 21, 22, 23, 24 January, then 3, 4, 5, 6, 7 and 10 February.
    assert cal.add_working_days(date(2025, 1, 20), 10) == date(2025, 2, 10)
    assert cal.add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)


def test_add_working_days_counts_the_make_up_saturday(cal):
    # 25 Apr (1), Sat 26 Apr make-up (2), 28 (3), 29 (4), then 5 May (5).
    assert cal.add_working_days(date(2025, 4, 24), 2) == date(2025, 4, 26)
    assert cal.add_working_days(date(2025, 4, 24), 5) == date(2025, 5, 5)
    assert cal.add_working_days(date(2024, 5, 2), 2) == date(2024, 5, 4)


def test_add_working_days_zero_and_negative(cal):
    assert cal.add_working_days(date(2025, 2, 1), 0) == date(2025, 2, 1)
    with pytest.raises(CalendarError) as info:
        cal.add_working_days(date(2025, 2, 1), -1)
    assert str(info.value) == "Số ngày làm việc phải không âm (nhận được -1)."


def test_add_calendar_days(cal):
    assert [cal.add_calendar_days(start, n) for start, n in [
        (date(2025, 3, 3), 30),   # Wednesday 2 April: a working day
        (date(2025, 6, 6), 30),   # Sunday 6 July -> Monday 7 July
        (date(2025, 3, 31), 30),  # 30/4 -> the break runs to Sunday 4 May -> 5 May
        (date(2024, 4, 1), 30),   # 1/5/2024 -> Thursday 2 May
        (date(2025, 4, 25), 1),   # the make-up Saturday is a working day
        (date(2026, 2, 4), 10),   # Saturday 14 Feb, Tết Bính Ngọ -> Monday 23 Feb
        (date(2025, 3, 3), 0),
    ]] == [
        date(2025, 4, 2),
        date(2025, 7, 7),
        date(2025, 5, 5),
        date(2024, 5, 2),
        date(2025, 4, 26),
        date(2026, 2, 23),
        date(2025, 3, 3),
    ]


def test_working_days_between(cal):
    assert cal.working_days_between(date(2025, 1, 20), date(2025, 2, 10)) == 10
    assert cal.working_days_between(date(2025, 4, 24), date(2025, 5, 5)) == 5
    assert cal.working_days_between(date(2025, 3, 3), date(2025, 3, 3)) == 0
    assert cal.working_days_between(date(2025, 3, 7), date(2025, 3, 3)) == 0


def test_covers_only_years_in_the_file(cal):
    assert [cal.covers(date(y, 6, 1)) for y in (2023, 2024, 2025, 2026, 2027)] == [
        False, True, True, True, False,
    ]


def test_plain_calendar_without_holidays():
    plain = WorkCalendar(set(), set())
    assert plain.add_working_days(date(2025, 3, 7), 1) == date(2025, 3, 10)
    assert plain.add_calendar_days(date(2025, 3, 7), 1) == date(2025, 3, 10)


def write(tmp_path, text: str):
    path = tmp_path / "holidays.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_from_csv_rejects_a_weekday_make_up_day(tmp_path):
    path = write(tmp_path, "date,kind,name,source\n2025-03-03,workday,Sai,x\n")
    with pytest.raises(CalendarError) as info:
        WorkCalendar.from_csv(path)
    assert str(info.value) == (
        "Tệp holidays.csv, dòng 2: ngày làm bù 03/03/2025 không phải thứ Bảy hoặc Chủ nhật."
    )


def test_from_csv_rejects_an_unknown_kind(tmp_path):
    path = write(tmp_path, "date,kind,name,source\n2025-03-03,nghi,Sai,x\n")
    with pytest.raises(CalendarError) as info:
        WorkCalendar.from_csv(path)
    assert str(info.value) == (
        "Tệp holidays.csv, dòng 2: loại ngày 'nghi' không hợp lệ; "
        "hãy ghi 'holiday' (ngày nghỉ) hoặc 'workday' (ngày làm bù)."
    )


def test_from_csv_rejects_a_repeated_day(tmp_path):
    path = write(
        tmp_path,
        "date,kind,name,source\n2025-04-07,holiday,A,x\n2025-04-07,holiday,B,x\n",
    )
    with pytest.raises(CalendarError) as info:
        WorkCalendar.from_csv(path)
    assert str(info.value) == "Tệp holidays.csv, dòng 3: ngày 07/04/2025 bị ghi hai lần."


def test_from_csv_rejects_a_bad_date(tmp_path):
    path = write(tmp_path, "date,kind,name,source\n07/04/2025,holiday,A,x\n")
    with pytest.raises(CalendarError) as info:
        WorkCalendar.from_csv(path)
    assert str(info.value) == (
        "Tệp holidays.csv, dòng 2: ngày '07/04/2025' không đúng dạng YYYY-MM-DD."
    )


def test_from_csv_rejects_missing_columns(tmp_path):
    path = write(tmp_path, "date,kind\n2025-04-07,holiday\n")
    with pytest.raises(CalendarError) as info:
        WorkCalendar.from_csv(path)
    assert str(info.value) == (
        "Tệp holidays.csv thiếu cột name, source; cần đủ các cột: date, kind, name, source."
    )


def test_a_day_cannot_be_both_holiday_and_workday():
    with pytest.raises(CalendarError) as info:
        WorkCalendar({date(2025, 4, 26)}, {date(2025, 4, 26)})
    assert str(info.value) == (
        "Ngày 26/04/2025 vừa là ngày nghỉ vừa là ngày làm bù; mỗi ngày chỉ được ghi một loại."
    )
