"""A table's printed copy (ui.print_table): the grid's rows and columns, in the grid's formats."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pandas as pd

from dashboard import ui


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.caption = ""
        self._in: str | None = None

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.rows[-1].append("")
            self._in = "cell"
        elif tag == "caption":
            self._in = "caption"

    def handle_endtag(self, tag) -> None:
        if tag in ("caption", "thead"):
            self._in = None

    def handle_data(self, data) -> None:
        if self._in == "cell":
            self.rows[-1][-1] += data
        elif self._in == "caption":
            self.caption += data


def cells(markup: str) -> _Cells:
    parsed = _Cells()
    parsed.feed(markup)
    return parsed


def printed(frame: pd.DataFrame, columns: dict[str, str]) -> str:
    return ui.print_table(frame, columns, {c: ui._column_kind(c, frame[c]) for c in columns})


def test_the_printed_copy_has_the_grids_columns_and_vietnamese_formats() -> None:
    frame = pd.DataFrame({
        "unit_name": ["Thanh tra Sở", "Văn phòng <Sở> & \"X\""], "year": [2025, 2025],
        "received": [date(2025, 3, 4), None], "at": pd.to_datetime(["2025-03-04 08:05", "2025-03-05 17:30"]),
        "cases": [1234, 0], "rate": [66.666666, float("nan")], "on_time": [True, False],
        "citizen_name": ["Nguyễn Văn A", "Trần Thị B"],  # selected by the query, not shown: never printed
    })
    columns = {"unit_name": "Đơn vị", "year": "Năm", "received": "Ngày nhận", "at": "Lúc", "cases": "Số đơn",
               "rate": "Tỷ lệ", "on_time": "Đúng hạn"}
    markup = printed(frame, columns)
    assert cells(markup).rows == [
        ["Đơn vị", "Năm", "Ngày nhận", "Lúc", "Số đơn", "Tỷ lệ", "Đúng hạn"],
        ["Thanh tra Sở", "2025", "04/03/2025", "04/03/2025 08:05", "1.234", "66,667", "Có"],
        ['Văn phòng <Sở> & "X"', "2025", "", "05/03/2025 17:30", "0", "", "Không"],
    ]
    assert "Nguyễn" not in markup and "<Sở>" not in markup  # another column's data stays out; text is escaped
    assert 'class="dvcq-print-table"' in markup  # portrait: 7 columns


def test_a_long_table_prints_its_first_rows_and_says_so_and_a_wide_one_goes_landscape() -> None:
    frame = pd.DataFrame({f"c{i}": range(ui.PRINT_ROWS + 5) for i in range(ui.PRINT_PORTRAIT_COLUMNS + 1)})
    parsed = cells(printed(frame, {c: c.upper() for c in frame}))
    assert len(parsed.rows) == 1 + ui.PRINT_ROWS
    assert parsed.caption == "Bản in có 100 dòng đầu; còn 5 dòng nữa: xem đủ trên màn hình hoặc trong tệp xuất."
    assert 'class="dvcq-print-table wide"' in printed(frame, {c: c for c in frame})
