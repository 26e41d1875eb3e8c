"""The Excel return a unit fills in (contract §1), blank or pre-filled with the unit and period.

The layout is data: sheets, columns, choice lists, units and indicators come from the catalogue
(``data/catalog/``); this module only draws them. The workbook has:

* ``Hướng dẫn``: short instructions, the unit codes and what each indicator means;
* ``Thông tin``: key in column A, value in column B, a dropdown of unit codes;
* one sheet per table: title in row 1, a one-line hint in row 2, the header row (exact labels)
  in row 3, data from row 4 with dropdowns, date and number checks and a prompt on each header;
  ``Chỉ tiêu`` comes pre-filled with one row per indicator the unit reports by hand;
* ``_DanhMuc`` (hidden), only when a choice list cannot be written inline in a dropdown.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from etl.catalog import Catalog, Column, Indicator, SheetSpec, Unit, default_catalog
from etl.errors import DvcqError, NotFound
from etl.periods import Period, PeriodError, parse_period, periods_of_year
from etl.validate import CLOSED_STATUSES, OPEN_STATUSES

__all__ = [
    "DATA_ROWS",
    "FIRST_DATA_ROW",
    "HEADER_ROW",
    "INSTRUCTIONS_SHEET",
    "LISTS_SHEET",
    "template_bytes",
    "write_template",
]

INSTRUCTIONS_SHEET = "Hướng dẫn"
LISTS_SHEET = "_DanhMuc"

TITLE_ROW = 1
HINT_ROW = 2
HEADER_ROW = 3
FIRST_DATA_ROW = 4
DATA_ROWS = 500  # rows of a list sheet that carry dropdowns, checks and formats
LAST_DATA_ROW = FIRST_DATA_ROW + DATA_ROWS - 1

PER_ROW_COLUMNS = {"actual", "denominator"}  # Chỉ tiêu columns checked row by row, by indicator kind

DATE_FORMAT = "dd/mm/yyyy"
TEXT_FORMAT = "@"  # keeps "01/2025" a reference, not a date Excel guessed
INLINE_LIST_LIMIT = 255  # Excel's limit on a dropdown list written in the validation itself
PROMPT_LIMIT = 255  # Excel's limit on a validation's message
TITLE_LIMIT = 32  # ... and on its title

REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")  # orange: a column every row needs
OPTIONAL_FILL = PatternFill("solid", fgColor="DDEBF7")  # light blue: fill in when known
KEY_FILL = PatternFill("solid", fgColor="F2F2F2")
NOT_NEEDED_FILL = PatternFill("solid", fgColor="D9D9D9")  # grey: nothing to write here
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")

# Title and one-line hint of each table sheet, by sheet key.
SHEET_TITLES = {
    "indicators": "KẾT QUẢ THỰC HIỆN CHỈ TIÊU CÔNG TÁC DÂN VẬN CHÍNH QUYỀN",
    "petitions": "ĐƠN THƯ KHIẾU NẠI, TỐ CÁO, KIẾN NGHỊ, PHẢN ÁNH",
    "reception": "TIẾP CÔNG DÂN",
    "models": "MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO”",
    "training": "TẬP HUẤN, HỘI NGHỊ",
    "dissemination": "QUÁN TRIỆT, TUYÊN TRUYỀN",
}
NO_PERSONAL_DATA = "Không ghi họ tên, địa chỉ, số điện thoại, CCCD của công dân."
SHEET_HINTS = {
    "petitions": f"Mỗi dòng một đơn. {NO_PERSONAL_DATA}",
    "reception": f"Mỗi dòng một buổi tiếp công dân. {NO_PERSONAL_DATA}",
    "models": "Mỗi dòng một mô hình hoặc điển hình; ghi lại cả các mô hình đã báo cáo kỳ trước "
    "với tình trạng mới nhất.",
    "training": "Mỗi dòng một lớp tập huấn hoặc hội nghị. Kỳ này không có thì để trống.",
    "dissemination": "Mỗi dòng một hoạt động quán triệt, tuyên truyền. Kỳ này không có thì để trống.",
}
# What one row of a list sheet is, for the instructions.
ROW_NOUNS = {
    "petitions": "một đơn thư",
    "reception": "một buổi tiếp công dân",
    "models": "một mô hình hoặc điển hình",
    "training": "một lớp tập huấn hoặc hội nghị",
    "dissemination": "một hoạt động quán triệt, tuyên truyền",
}

# What a column means, shown when its header (or a cell below it) is selected. The type, the
# list of choices and the default are added from the catalogue.
COLUMN_NOTES = {
    ("info", "unit"): "Chọn mã đơn vị trong danh sách (xem trang Hướng dẫn).",
    ("info", "unit_name"): "Tên đơn vị theo danh mục; có thể để trống.",
    ("info", "period"): "Ví dụ: Tháng 3/2025, Quý I/2025, 6 tháng/2025, 9 tháng/2025, Năm 2025.",
    ("info", "reporter"): "Họ tên cán bộ lập báo cáo.",
    ("info", "report_date"): "Ngày lập báo cáo.",
    ("indicators", "indicator_code"): "Mã chỉ tiêu trong danh mục của Sở; đã ghi sẵn, không sửa.",
    ("indicators", "content"): "Tên chỉ tiêu, chỉ để đọc.",
    ("indicators", "plan"): "Kế hoạch năm theo danh mục của Sở, đã ghi sẵn; để trống = theo danh mục.",
    ("indicators", "actual"): "Kết quả đến hết kỳ báo cáo: Có/Không, mức xếp loại, hoặc số người "
    "đạt với chỉ tiêu tỷ lệ.",
    ("indicators", "denominator"): "Chỉ ghi với chỉ tiêu tỷ lệ: tổng số (mẫu số), ví dụ tổng số công chức.",
    ("petitions", "petition_ref"): "Số hiệu đơn của đơn vị, không trùng nhau; kỳ sau ghi lại đúng số hiệu này.",
    ("petitions", "received_date"): "Ngày đơn vị nhận đơn.",
    ("petitions", "field"): "Lĩnh vực của nội dung đơn.",
    ("petitions", "source"): "Đơn nhận được từ đâu.",
    ("petitions", "within_competence"): "Đơn có thuộc thẩm quyền giải quyết của đơn vị không.",
    ("petitions", "attempt"): "Chỉ áp dụng với khiếu nại.",
    ("petitions", "complexity"): "Vụ việc phức tạp được kéo dài thời hạn giải quyết.",
    ("petitions", "remote_area"): "Vụ việc ở vùng sâu, vùng xa, đi lại khó khăn.",
    ("petitions", "accepted_date"): "Ngày thụ lý giải quyết; không trước Ngày nhận.",
    ("petitions", "extension_days"): "Số ngày gia hạn theo quyết định bằng văn bản (tố cáo).",
    ("petitions", "due_date_given"): "Để trống thì hệ thống tự tính hạn giải quyết theo quy định; "
    "chỉ ghi khi có văn bản ấn định hạn khác.",
    ("petitions", "resolved_date"): "Ngày giải quyết, trả lời, chuyển đơn, hướng dẫn hoặc kết thúc đơn; "
    "để trống khi Chưa xử lý hoặc Đang giải quyết.",
    ("petitions", "status"): "Tình trạng của đơn đến hết kỳ báo cáo.",
    ("petitions", "result"): "Chỉ ghi khi đơn đã giải quyết xong.",
    ("petitions", "summary"): f"Tóm tắt ngắn nội dung đơn. {NO_PERSONAL_DATA}",
    ("petitions", "note"): NO_PERSONAL_DATA,
    ("reception", "session_date"): "Ngày tổ chức buổi tiếp công dân.",
    ("reception", "host_role"): "Người chủ trì buổi tiếp.",
    ("reception", "on_schedule"): "Buổi tiếp có đúng lịch đã công bố không. Để trống = Có với tiếp "
    "Định kỳ, Không với hình thức khác.",
    ("reception", "visits"): "Số lượt người được tiếp.",
    ("reception", "people"): "Số người được tiếp.",
    ("reception", "cases"): "Số vụ việc được tiếp nhận.",
    ("reception", "delegations"): "Số đoàn đông người được tiếp.",
    ("reception", "note"): NO_PERSONAL_DATA,
    ("models", "model_name"): "Tên mô hình hoặc điển hình; kỳ sau ghi lại đúng tên này.",
    ("models", "registered_date"): "Ngày đăng ký xây dựng mô hình.",
    ("models", "end_date"): "Không trước Ngày bắt đầu.",
    ("models", "status"): "Tình trạng đến hết kỳ báo cáo.",
    ("models", "recognition_level"): "Ghi khi Trạng thái là Được công nhận.",
    ("models", "decision_no"): "Số quyết định công nhận, khen thưởng (nếu có).",
    ("models", "highlights"): "Kết quả nổi bật, ngắn gọn.",
    ("training", "course_name"): "Tên lớp tập huấn hoặc hội nghị.",
    ("training", "course_date"): "Ngày tổ chức.",
    ("training", "assigned"): "Số người của đơn vị được cử tham dự.",
    ("training", "attended"): "Số người thực tế tham dự; không lớn hơn Số người được cử.",
    ("dissemination", "content"): "Văn bản hoặc chủ đề được quán triệt, tuyên truyền.",
    ("dissemination", "activity_date"): "Ngày tổ chức.",
    ("dissemination", "participants"): "Số người tham dự.",
}

TYPE_HELP = {
    "date": "Ngày dạng dd/mm/yyyy, ví dụ 15/01/2025.",
    "int": "Số nguyên không âm, ví dụ 12.",
    "number": "Số, ví dụ 12 hoặc 12,5.",
}
DATE_ERROR = (
    "Ngày phải từ 01/01/2000 đến hôm nay, dạng dd/mm/yyyy, ví dụ 15/01/2025. "
    "Nếu máy tính không nhận ra ngày, vẫn có thể giữ giá trị đã ghi dạng 15/01/2025."
)


# -- public ----------------------------------------------------------------------------------


def template_bytes(
    unit_code: str | None = None,
    period_code: str | None = None,
    catalog: Catalog | None = None,
) -> bytes:
    """The template as ``.xlsx`` bytes (for a download button).

    ``unit_code`` (a code, name or alias from the unit catalogue) and ``period_code`` (canonical
    ``2025-Q1`` or as a unit writes it, ``Quý I/2025``) pre-fill the ``Thông tin`` sheet; the
    period's year chooses the indicators (default: the current year). Raises ``NotFound`` for
    an unknown unit and ``DvcqError`` for a period that cannot be read.
    """
    catalog = catalog or default_catalog()
    unit = _unit(catalog, unit_code)
    period = _period(period_code)
    year = period.year if period else date.today().year
    book = _Builder(catalog, unit, period, year).build()
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_texts(catalog: Catalog, year: int) -> dict[str, list[str]]:
    """The texts a blank template of ``year`` writes on its own sheets (instructions, lists), by
    sheet name: what the validator knows is the template's, not the unit's."""
    book = _Builder(catalog, None, None, year).build()
    return {ws.title: [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]
            for ws in book.worksheets if ws.title in (INSTRUCTIONS_SHEET, LISTS_SHEET)}


def write_template(
    path: Path,
    unit_code: str | None = None,
    period_code: str | None = None,
    catalog: Catalog | None = None,
) -> None:
    """Write the template to ``path`` (see :func:`template_bytes`)."""
    Path(path).write_bytes(template_bytes(unit_code, period_code, catalog))


# -- inputs ----------------------------------------------------------------------------------


def _unit(catalog: Catalog, unit_code: str | None) -> Unit | None:
    if unit_code is None or not str(unit_code).strip():
        return None
    unit = catalog.match_unit(unit_code)
    if unit is None:
        codes = ", ".join(u.code for u in catalog.units)
        raise NotFound(
            f"Mã đơn vị '{unit_code}' không có trong danh mục đơn vị. Hãy dùng một trong các mã: {codes}.",
            unit_code=unit_code,
        )
    return unit


def _period(period_code: str | None) -> Period | None:
    if period_code is None or not str(period_code).strip():
        return None
    try:
        return parse_period(period_code)
    except PeriodError as exc:
        raise DvcqError(str(exc), period_code=period_code) from exc


# -- small helpers ---------------------------------------------------------------------------


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _date_text(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _prompt(title: str, text: str) -> dict[str, object]:
    return {
        "showInputMessage": True,
        "promptTitle": _cut(title, TITLE_LIMIT),
        "prompt": _cut(text, PROMPT_LIMIT),
    }


def _error(title: str, text: str, style: str = "stop") -> dict[str, object]:
    return {
        "showErrorMessage": True,
        "errorStyle": style,
        "errorTitle": _cut(title, TITLE_LIMIT),
        "error": _cut(text, PROMPT_LIMIT),
    }


def _range(col: int, first: int, last: int) -> str:
    letter = get_column_letter(col)
    return f"{letter}{first}:{letter}{last}" if last > first else f"{letter}{first}"


def _ratio_parts(indicator: Indicator) -> tuple[str, str]:
    """'Số người tham dự / số người được phân công' -> (numerator, denominator)."""
    if "/" in indicator.description:
        top, bottom = indicator.description.split("/", 1)
        return top.strip(), bottom.strip()
    return "Số đạt", "tổng số"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class _Lists:
    """Dropdown sources: inline when Excel allows it, else a named range on the hidden sheet."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.sheet: Worksheet | None = None
        self.names: dict[str, str] = {}

    def formula(self, name: str, labels: Sequence[str], title: str = "") -> str:
        inline = ",".join(labels)
        if len(inline) <= INLINE_LIST_LIMIT and not any("," in x or '"' in x for x in labels):
            return f'"{inline}"'
        range_name = f"DM_{name}"
        if range_name not in self.names:
            if self.sheet is None:
                self.sheet = self.book.create_sheet(LISTS_SHEET)
                self.sheet.sheet_state = "hidden"
            col = len(self.names) + 1
            self.sheet.cell(row=1, column=col, value=title or name)
            for row, label in enumerate(labels, start=2):
                self.sheet.cell(row=row, column=col, value=label)
            letter = get_column_letter(col)
            ref = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(labels) + 1}"
            self.book.defined_names[range_name] = DefinedName(range_name, attr_text=ref)
            self.names[range_name] = ref
        return range_name

    def finish(self) -> None:
        if self.sheet is not None:  # the hidden sheet goes last, whatever was built after it
            self.book.move_sheet(self.sheet, len(self.book.sheetnames) - 1 - self.book.index(self.sheet))


# -- the workbook ----------------------------------------------------------------------------


class _Builder:
    def __init__(self, catalog: Catalog, unit: Unit | None, period: Period | None, year: int) -> None:
        self.catalog = catalog
        self.unit = unit
        self.period = period
        self.year = year
        self.indicators = catalog.indicators_for(year)
        self.book = Workbook()
        self.lists = _Lists(self.book)

    def build(self) -> Workbook:
        guide = self.book.active
        guide.title = INSTRUCTIONS_SHEET
        for spec in self.catalog.sheets:
            ws = self.book.create_sheet(spec.name)
            if spec.layout == "key_value":
                self._info_sheet(ws, spec)
            else:
                self._table_sheet(ws, spec)
        self._guide(guide)
        self.lists.finish()
        self.book.active = 0
        self.book.properties.title = "Mẫu báo cáo công tác dân vận chính quyền"
        self.book.properties.creator = "Hệ thống báo cáo dân vận chính quyền"
        return self.book

    # -- choices and help --------------------------------------------------------------------
    def _labels(self, column: Column) -> list[str]:
        return self.catalog.choices[column.choices or ""].labels

    def _column_help(self, spec: SheetSpec, column: Column) -> str:
        parts = ["Bắt buộc." if column.required else "Không bắt buộc."]
        note = getattr(column, "help", "") or COLUMN_NOTES.get((spec.key, column.key), "")
        if note:
            parts.append(note)
        if column.type == "choice":
            labels = self._labels(column)
            listed = ", ".join(labels)
            parts.append(f"Chọn trong danh sách: {listed}." if len(listed) <= 120 else "Chọn trong danh sách.")
            if column.default:
                parts.append(f"Để trống = {self.catalog.choices[column.choices or ''].label(column.default)}.")
        elif column.suggestions:
            parts.append("Chọn trong danh sách gợi ý hoặc tự ghi.")
        elif column.type in TYPE_HELP:
            parts.append(TYPE_HELP[column.type])
        return " ".join(parts)

    def _validation(self, column: Column, list_name: str, help_text: str) -> DataValidation | None:
        """The check for a column's data cells: a dropdown, a date or number check, or a prompt only."""
        prompt = _prompt(column.label, help_text)
        if column.type == "choice":
            labels = self._labels(column)
            return DataValidation(
                type="list", formula1=self.lists.formula(column.choices or list_name, labels, column.label),
                allow_blank=True, **prompt, **_error(column.label, f"Hãy chọn một trong: {', '.join(labels)}."),
            )
        if column.suggestions:
            return DataValidation(
                type="list", formula1=self.lists.formula(list_name, column.suggestions, column.label),
                allow_blank=True, showErrorMessage=False, **prompt,
            )
        if column.type == "date":
            return DataValidation(
                type="date", operator="between", formula1="DATE(2000,1,1)", formula2="TODAY()",
                allow_blank=True, **prompt, **_error(column.label, DATE_ERROR, style="warning"),
            )
        if column.type == "int":
            return DataValidation(
                type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                **prompt, **_error(column.label, "Hãy nhập số nguyên không âm, ví dụ 12."),
            )
        if column.type == "number":
            return DataValidation(
                type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                **prompt, **_error(column.label, "Hãy nhập một số không âm, ví dụ 12 hoặc 12,5."),
            )
        if column.type == "text":
            return DataValidation(allow_blank=True, **prompt)  # a prompt only
        return None

    # -- Thông tin ---------------------------------------------------------------------------
    def _info_sheet(self, ws: Worksheet, spec: SheetSpec) -> None:
        ws.column_dimensions["A"].width = 20
        ws.column_dimensions["B"].width = 50
        ws.cell(row=TITLE_ROW, column=1, value="THÔNG TIN BÁO CÁO").font = Font(bold=True, size=13)
        ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=2)
        hint = ws.cell(row=HINT_ROW, column=1, value="Ghi giá trị ở cột B. Ô tô màu cam ở cột A là mục bắt buộc.")
        hint.font = Font(italic=True, color="595959")
        ws.merge_cells(start_row=HINT_ROW, start_column=1, end_row=HINT_ROW, end_column=2)
        values: dict[str, object] = {}
        if self.unit is not None:
            values["unit"] = self.unit.code
            values["unit_name"] = self.unit.name
        if self.period is not None:
            values["period"] = self.period.label
        for offset, field in enumerate(spec.columns):
            row = HEADER_ROW + offset
            key_cell = ws.cell(row=row, column=1, value=field.label)
            key_cell.font = Font(bold=True)
            key_cell.fill = REQUIRED_FILL if field.required else KEY_FILL
            key_cell.border = BOX
            value_cell = ws.cell(row=row, column=2, value=values.get(field.key))
            value_cell.border = BOX
            value_cell.number_format = DATE_FORMAT if field.type == "date" else TEXT_FORMAT
            help_text = self._column_help(spec, field)
            if field.key == "unit":
                codes = [u.code for u in self._reporting_units()]
                dv = DataValidation(
                    type="list", formula1=self.lists.formula("unit", codes), allow_blank=True,
                    **_prompt(field.label, help_text),
                    **_error(field.label, f"Hãy chọn một mã đơn vị: {', '.join(codes)}."),
                )
            elif field.key == "period":
                dv = DataValidation(
                    type="list", formula1=self.lists.formula("period", self._period_suggestions()),
                    allow_blank=True, showErrorMessage=False, **_prompt(field.label, help_text),
                )
            else:
                dv = self._validation(field, f"info_{field.key}", help_text)
            if dv is not None:
                ws.add_data_validation(dv)
                dv.add(value_cell.coordinate)

    def _reporting_units(self) -> list[Unit]:
        first, last = (self.period.start, self.period.end) if self.period else (date.today(), date.today())
        return [u for u in self.catalog.units if u.reports and (u.active_on(first) or u.active_on(last))]

    def _period_suggestions(self) -> list[str]:
        labels = [p.label for p in periods_of_year(self.year) if p.kind != "month"]
        if self.period is not None and self.period.label not in labels:
            labels.insert(0, self.period.label)
        return labels

    # -- table sheets ------------------------------------------------------------------------
    def _table_sheet(self, ws: Worksheet, spec: SheetSpec) -> None:
        width = len(spec.columns)
        title = ws.cell(row=TITLE_ROW, column=1, value=SHEET_TITLES.get(spec.key, spec.name.upper()))
        title.font = Font(bold=True, size=13)
        title.alignment = Alignment(horizontal="center", vertical="center")
        ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=width)
        ws.row_dimensions[TITLE_ROW].height = 24
        hint = ws.cell(row=HINT_ROW, column=1, value=self._sheet_hint(spec))
        hint.font = Font(italic=True, color="595959")
        ws.merge_cells(start_row=HINT_ROW, start_column=1, end_row=HINT_ROW, end_column=width)

        rows = self._manual_indicators() if spec.key == "indicators" else []
        last_row = FIRST_DATA_ROW + len(rows) - 1 if spec.key == "indicators" else LAST_DATA_ROW
        tallest = 1
        for col, column in enumerate(spec.columns, start=1):
            letter = get_column_letter(col)
            ws.column_dimensions[letter].width = column.width
            header = ws.cell(row=HEADER_ROW, column=col, value=column.label)
            header.font = Font(bold=True, color="9C0006" if column.required else "000000")
            header.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
            header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            header.border = BOX
            tallest = max(tallest, math.ceil(len(column.label) * 1.15 / max(column.width, 1)))
            help_text = self._column_help(spec, column)
            header_dv = DataValidation(allow_blank=True, **_prompt(column.label, help_text))
            ws.add_data_validation(header_dv)
            header_dv.add(header.coordinate)
            if last_row < FIRST_DATA_ROW or (spec.key == "indicators" and column.key in PER_ROW_COLUMNS):
                continue
            dv = self._validation(column, f"{spec.key}_{column.key}", help_text)
            if dv is not None:
                ws.add_data_validation(dv)
                dv.add(_range(col, FIRST_DATA_ROW, last_row))
            number_format = DATE_FORMAT if column.type == "date" else TEXT_FORMAT if column.type == "text" else None
            if number_format:
                for row in range(FIRST_DATA_ROW, last_row + 1):
                    ws.cell(row=row, column=col).number_format = number_format
        ws.row_dimensions[HEADER_ROW].height = 15 * tallest + 4
        ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1).coordinate
        ws.print_title_rows = f"{TITLE_ROW}:{HEADER_ROW}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        if spec.key == "indicators":
            self._indicator_rows(ws, spec, rows)

    def _sheet_hint(self, spec: SheetSpec) -> str:
        if spec.key == "indicators":
            derived = [i.code for i in self.indicators if i.derived]
            text = "Ghi cột Thực hiện, và Tổng số với chỉ tiêu tỷ lệ."
            if derived:
                text += f" Chỉ tiêu {', '.join(derived)} được tính tự động, không ghi ở đây."
            return text
        return SHEET_HINTS.get(spec.key, "Mỗi dòng một mục.")

    # -- Chỉ tiêu ----------------------------------------------------------------------------
    def _manual_indicators(self) -> list[Indicator]:
        return [i for i in self.indicators if not i.derived]

    def _indicator_rows(self, ws: Worksheet, spec: SheetSpec, indicators: list[Indicator]) -> None:
        cols = {column.key: col for col, column in enumerate(spec.columns, start=1)}
        yes_no = self.catalog.choices["yes_no"].labels
        ratings = self.catalog.choices["rating"].labels
        for row, indicator in enumerate(indicators, start=FIRST_DATA_ROW):
            values = {
                "indicator_code": indicator.code,
                "content": indicator.name,
                "plan": _number(indicator.target),
            }
            for key, value in values.items():
                if key in cols:
                    ws.cell(row=row, column=cols[key], value=value)
            for key, col in cols.items():
                cell = ws.cell(row=row, column=col)
                cell.alignment = WRAP_TOP
                cell.border = BOX
            if "content" in cols:
                content_width = spec.columns[cols["content"] - 1].width
                ws.row_dimensions[row].height = 15 * math.ceil(len(indicator.name) * 1.1 / content_width) + 3
            if "plan" in cols:
                ws.cell(row=row, column=cols["plan"]).number_format = self._plan_format(indicator)
            if "actual" in cols:
                actual = ws.cell(row=row, column=cols["actual"])
                if indicator.kind == "boolean":
                    dv = DataValidation(
                        type="list", formula1=self.lists.formula("yes_no", yes_no), allow_blank=True,
                        **_prompt(indicator.code, f"{indicator.short_name}: chọn Có hoặc Không."),
                        **_error(indicator.code, "Hãy chọn Có hoặc Không."),
                    )
                elif indicator.kind == "rating":
                    dv = DataValidation(
                        type="list", formula1=self.lists.formula("rating", ratings), allow_blank=True,
                        **_prompt(indicator.code, f"{indicator.short_name}: chọn mức xếp loại."),
                        **_error(indicator.code, f"Hãy chọn một mức xếp loại: {', '.join(ratings)}."),
                    )
                else:
                    top, _ = _ratio_parts(indicator)
                    dv = DataValidation(
                        type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                        **_prompt(indicator.code, f"{indicator.short_name}: ghi {_lower_first(top)}."),
                        **_error(indicator.code, "Hãy nhập một số không âm, ví dụ 12."),
                    )
                ws.add_data_validation(dv)
                dv.add(actual.coordinate)
            if "denominator" in cols:
                total = ws.cell(row=row, column=cols["denominator"])
                if indicator.kind == "ratio":
                    _, bottom = _ratio_parts(indicator)
                    dv = DataValidation(
                        type="decimal", operator="greaterThan", formula1="0", allow_blank=True,
                        **_prompt(indicator.code, f"{indicator.short_name}: ghi {_lower_first(bottom)}."),
                        **_error(indicator.code, "Hãy nhập một số lớn hơn 0, ví dụ 20."),
                    )
                    ws.add_data_validation(dv)
                    dv.add(total.coordinate)
                else:
                    total.fill = NOT_NEEDED_FILL

    def _plan_format(self, indicator: Indicator) -> str:
        """Show the target the way the plan says it (Có, Tốt trở lên, 100%) while keeping the number."""
        text = self._target_text(indicator)
        if indicator.kind in ("boolean", "rating"):
            return f'"{text}"'
        if indicator.measure_unit == "%":
            return '0"%"'
        return "General"

    def _target_text(self, indicator: Indicator) -> str:
        more = " trở lên" if indicator.direction == ">=" else " trở xuống"
        if indicator.kind == "boolean":
            return "Có" if indicator.target >= 1 else "Không"
        if indicator.kind == "rating":
            label = self.catalog.choices["rating"].label(str(_number(indicator.target)))
            return f"{label}{more}" if label != self.catalog.choices["rating"].labels[0] else label
        target = _number(indicator.target)
        if indicator.measure_unit == "%":
            return f"{target}%"
        return f"{target} {indicator.measure_unit}".strip() + more

    # -- Hướng dẫn ---------------------------------------------------------------------------
    def _guide(self, ws: Worksheet) -> None:
        widths = {"A": 14, "B": 70, "C": 62}
        for letter, width in widths.items():
            ws.column_dimensions[letter].width = width
        total_width = sum(widths.values())
        row = 1

        def paragraph(text: str, bold: bool = False, size: int | None = None, italic: bool = False) -> None:
            nonlocal row
            cell = ws.cell(row=row, column=1, value=text)
            cell.font = Font(bold=bold, italic=italic, size=size or 11)
            cell.alignment = WRAP_TOP
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
            lines = math.ceil(len(text) * 1.1 / total_width)
            ws.row_dimensions[row].height = max(15 * lines + 3, 20 if size else 15)
            row += 1

        def table(headers: Sequence[str], body: Sequence[Sequence[str]]) -> None:
            nonlocal row
            for col, text in enumerate(headers, start=1):
                cell = ws.cell(row=row, column=col, value=text)
                cell.font = Font(bold=True)
                cell.fill = OPTIONAL_FILL
                cell.border = BOX
                cell.alignment = WRAP_TOP
            row += 1
            for values in body:
                lines = 1
                for col, text in enumerate(values, start=1):
                    cell = ws.cell(row=row, column=col, value=text)
                    cell.border = BOX
                    cell.alignment = WRAP_TOP
                    width = widths[get_column_letter(col)]
                    lines = max(lines, math.ceil(len(text) * 1.1 / width))
                ws.row_dimensions[row].height = 15 * lines + 3
                row += 1

        paragraph("HƯỚNG DẪN LẬP BÁO CÁO CÔNG TÁC DÂN VẬN CHÍNH QUYỀN", bold=True, size=14)
        if self.unit or self.period:
            made_for = " — ".join(
                x for x in (self.unit.name if self.unit else "", self.period.label if self.period else "") if x
            )
            paragraph(f"Mẫu này đã ghi sẵn: {made_for}.", italic=True)
        row += 1
        paragraph("1. Cách ghi báo cáo", bold=True)
        for number, text in enumerate(self._rules(), start=1):
            paragraph(f"{number}) {text}")
        row += 1
        paragraph("2. Mã đơn vị (ghi ở trang 'Thông tin')", bold=True)
        table(("Mã đơn vị", "Tên đơn vị", "Ghi chú"), [self._unit_row(u) for u in self.catalog.units if u.reports])
        row += 1
        paragraph(f"3. Các chỉ tiêu năm {self.year}", bold=True)
        table(("Mã chỉ tiêu", "Nội dung", "Cách báo cáo"), [self._indicator_row(i) for i in self.indicators])
        ws.sheet_view.showGridLines = False
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    def _rules(self) -> list[str]:
        info = self.catalog.sheet("info").name
        lists = [s for s in self.catalog.sheets if s.is_list]
        optional = [f"'{s.name}'" for s in self.catalog.sheets if s.optional]
        per_row = "; ".join(f"{ROW_NOUNS.get(s.key, 'một mục')} (trang '{s.name}')" for s in lists)
        statuses = self.catalog.choices["petition_status"]
        closed = [o.label for o in statuses.options if o.code in CLOSED_STATUSES]
        still_open = [o.label for o in statuses.options if o.code in OPEN_STATUSES]
        petitions = self.catalog.sheet("petitions").name
        rules = [
            "Mỗi đơn vị lập một tệp báo cáo cho mỗi kỳ báo cáo, từ mẫu này. "
            f"Ghi Mã đơn vị và Kỳ báo cáo ở trang '{info}'.",
            "Cách ghi kỳ báo cáo: Tháng 3/2025, Quý I/2025, 6 tháng/2025, 9 tháng/2025, Năm 2025.",
            "Ngày ghi theo dạng dd/mm/yyyy (ngày/tháng/năm), ví dụ 15/01/2025; không ghi ngày sau ngày gửi "
            "báo cáo. Số ghi bằng chữ số, không kèm chữ.",
            "Giữ nguyên tên các trang và hàng tiêu đề (dòng 3) của mỗi bảng; ghi số liệu từ dòng 4. "
            "Cột có tiêu đề tô màu cam là cột bắt buộc. Bấm vào ô tiêu đề để xem giải thích; cột có danh "
            "sách thì chọn trong danh sách thả xuống.",
            f"Mỗi dòng ghi {per_row}.",
            "Các dòng đã báo cáo ở kỳ trước được ghi lại ở các báo cáo sau (nhất là báo cáo lũy kế 6 tháng, "
            "9 tháng, năm) với tình trạng mới nhất, ví dụ đơn đã giải quyết xong thì sửa Trạng thái và ghi "
            "Ngày giải quyết. Giữ nguyên Số hiệu đơn, Tên mô hình như kỳ trước để không bị tính trùng.",
            "Trang nào kỳ này không có gì để báo cáo thì để trống dưới hàng tiêu đề, không xoá trang"
            + (f"; trang {', '.join(optional)} có thể bỏ trống." if optional else "."),
            "Không ghi họ tên, địa chỉ, số CMND/CCCD, số điện thoại, email của công dân vào bất kỳ ô nào; "
            "các cột như vậy sẽ bị loại bỏ khi nạp báo cáo.",
            f"Trang '{petitions}': Trạng thái {', '.join(closed)} cần ghi Ngày giải quyết; "
            f"{' và '.join(still_open)} thì để trống Ngày giải quyết và Kết quả; Lưu đơn thì ghi ngày lưu đơn "
            "vào cột Ngày giải quyết (không ghi, đơn được tính là chưa giải quyết xong). "
            "Ngày nhận không sau Ngày thụ lý, Ngày thụ lý không sau Ngày giải quyết.",
            f"Trang '{petitions}': nếu để trống cột 'Hạn giải quyết', hệ thống tự tính hạn giải quyết theo "
            "quy định (Luật Khiếu nại, Luật Tố cáo, Luật Tiếp công dân) từ Loại đơn, Ngày nhận, Ngày thụ lý, "
            "Lần giải quyết, Mức độ phức tạp, Vùng sâu vùng xa và Gia hạn (ngày). Chỉ ghi 'Hạn giải quyết' "
            "khi có văn bản ấn định hạn khác.",
        ]
        derived = [i for i in self.indicators if i.derived]
        if derived:
            rules.append(
                f"Trang '{self.catalog.sheet('indicators').name}' đã ghi sẵn các chỉ tiêu đơn vị tự báo cáo; "
                "chỉ cần ghi cột Thực hiện (và Tổng số với chỉ tiêu tỷ lệ); chỉ tiêu chưa có kết quả trong kỳ "
                "(ví dụ xếp loại cuối năm) thì xoá cả dòng. "
                + "; ".join(f"{i.code} được tính tự động từ trang '{self._source_sheet(i)}'" for i in derived)
                + ", không ghi ở trang này."
            )
        return rules

    def _source_sheet(self, indicator: Indicator) -> str:
        spec = next((s for s in self.catalog.sheets if s.key == indicator.source), None)
        return spec.name if spec else indicator.source

    def _unit_row(self, unit: Unit) -> tuple[str, str, str]:
        notes = []
        if unit.valid_from and unit.valid_from.year > 2015:
            notes.append(f"Từ {_date_text(unit.valid_from)}")
        if unit.valid_to:
            successor = self.catalog.unit(unit.successor_code) if unit.successor_code else None
            until = f"Đến {_date_text(unit.valid_to)}"
            if successor:
                until += f"; nay là {successor.name} ({successor.code})"
            notes.append(until)
        return unit.code, unit.name, "; ".join(notes)

    def _indicator_row(self, indicator: Indicator) -> tuple[str, str, str]:
        target = f"Mục tiêu: {self._target_text(indicator)}."
        sheet = self.catalog.sheet("indicators").name
        if indicator.derived:
            how = (
                f"Tự động tính từ trang '{self._source_sheet(indicator)}' ({_lower_first(indicator.description)}); "
                f"không ghi ở trang '{sheet}'."
            )
        elif indicator.kind == "boolean":
            how = f"Ghi ở trang '{sheet}': chọn Có hoặc Không ở cột Thực hiện."
        elif indicator.kind == "rating":
            ratings = ", ".join(self.catalog.choices["rating"].labels)
            how = f"Ghi ở trang '{sheet}': chọn mức xếp loại ({ratings}) ở cột Thực hiện."
        elif indicator.kind == "ratio":
            top, bottom = _ratio_parts(indicator)
            how = f"Ghi ở trang '{sheet}': Thực hiện = {_lower_first(top)}; Tổng số = {bottom}."
        else:
            how = f"Ghi ở trang '{sheet}': ghi số ở cột Thực hiện."
        return indicator.code, indicator.name, f"{how} {target}"
