import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from etl.catalog import default_catalog
from etl.errors import DvcqError, NotFound
from etl.template import template_bytes, write_template

SHEETS = [
    "Hướng dẫn", "Thông tin", "Chỉ tiêu", "Đơn thư", "Tiếp công dân", "Dân vận khéo", "Tập huấn",
    "Tuyên truyền", "_DanhMuc",
]
HEADERS = {
    "Chỉ tiêu": ["Mã chỉ tiêu", "Nội dung", "Kế hoạch", "Thực hiện", "Tổng số", "Ghi chú"],
    "Đơn thư": [
        "Số hiệu đơn", "Ngày nhận", "Loại đơn", "Lĩnh vực", "Nguồn đơn", "Thuộc thẩm quyền", "Lần giải quyết",
        "Mức độ phức tạp", "Vùng sâu vùng xa", "Ngày thụ lý", "Gia hạn (ngày)", "Hạn giải quyết",
        "Ngày giải quyết", "Trạng thái", "Kết quả", "Nội dung tóm tắt", "Ghi chú",
    ],
    "Tiếp công dân": [
        "Ngày tiếp", "Hình thức", "Người chủ trì", "Theo lịch", "Số lượt", "Số người", "Số vụ việc",
        "Số đoàn đông người", "Ghi chú",
    ],
    "Dân vận khéo": [
        "Tên mô hình", "Loại", "Lĩnh vực", "Ngày đăng ký", "Ngày bắt đầu", "Ngày kết thúc", "Trạng thái",
        "Cấp công nhận", "Số quyết định khen thưởng", "Kết quả nổi bật",
    ],
    "Tập huấn": ["Tên lớp", "Ngày", "Chủ đề", "Số người được cử", "Số người tham dự"],
    "Tuyên truyền": ["Nội dung", "Ngày", "Hình thức", "Số người tham dự"],
}
UNITS_2025_Q1 = ["VP", "TTR", "KHTC", "KCHT", "VTPT", "CLCT", "QLXD", "DK", "BQLDA", "BTDB"]
PETITION_STATUSES = [
    "Chưa xử lý", "Đang giải quyết", "Đã giải quyết", "Đã chuyển đơn", "Đã hướng dẫn", "Lưu đơn", "Rút đơn",
    "Đình chỉ",
]
RATINGS = ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]


def _book(unit_code=None, period_code=None) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(template_bytes(unit_code, period_code)))


@pytest.fixture(scope="module")
def book() -> openpyxl.Workbook:
    return _book("VP", "2025-Q1")


@pytest.fixture(scope="module")
def blank() -> openpyxl.Workbook:
    return _book(period_code="2025-Q1")


def _validation(ws, coordinate: str, with_type: bool = True):
    """The data validation covering a cell (the one with a type, unless asked for the prompt)."""
    found = [
        dv for dv in ws.data_validations.dataValidation
        if coordinate in dv.sqref and (dv.type is not None) == with_type
    ]
    assert len(found) == 1, (coordinate, found)
    return found[0]


def _dropdown(book: openpyxl.Workbook, ws, coordinate: str) -> list[str]:
    """The labels a list validation offers, inline or through a named range."""
    dv = _validation(ws, coordinate)
    assert dv.type == "list"
    formula = dv.formula1
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet_name, ref = book.defined_names[formula].attr_text.split("!")
    sheet = book[sheet_name.strip("'")]
    return [row[0].value for row in sheet[ref.replace("$", "")]]


def _row(ws, row: int, width: int) -> list:
    return [ws.cell(row=row, column=c).value for c in range(1, width + 1)]


# -- sheets and headers ----------------------------------------------------------------------


def test_sheet_names_in_order_with_the_lists_sheet_hidden(book):
    assert book.sheetnames == SHEETS
    assert [ws.sheet_state for ws in book.worksheets] == ["visible"] * 8 + ["hidden"]
    assert book.active.title == "Hướng dẫn"


def test_header_rows_are_the_exact_labels_in_row_3(book):
    assert {name: _row(book[name], 3, len(labels)) for name, labels in HEADERS.items()} == HEADERS
    assert {name: book[name].cell(row=3, column=len(labels) + 1).value for name, labels in HEADERS.items()} == {
        name: None for name in HEADERS
    }


def test_header_labels_appear_only_in_the_header_row(book):
    for name, labels in HEADERS.items():
        ws = book[name]
        rows_with_a_label = {
            cell.row for row in ws.iter_rows() for cell in row if cell.value in labels
        }
        assert rows_with_a_label == {3}, name


def test_header_labels_follow_the_catalogue():
    catalog = default_catalog()
    assert {s.name: [c.label for c in s.columns] for s in catalog.sheets if s.layout == "table"} == HEADERS


def test_title_row_merged_bold_and_hint_row_italic(book):
    ws = book["Đơn thư"]
    assert ws["A1"].value == "ĐƠN THƯ KHIẾU NẠI, TỐ CÁO, KIẾN NGHỊ, PHẢN ÁNH"
    assert ws["A1"].font.b is True
    assert ws["A2"].value == "Mỗi dòng một đơn. Không ghi họ tên, địa chỉ, số điện thoại, CCCD của công dân."
    assert ws["A2"].font.i is True
    assert sorted(str(r) for r in ws.merged_cells.ranges) == ["A1:Q1", "A2:Q2"]
    assert {name: book[name]["A1"].value for name in HEADERS} == {
        "Chỉ tiêu": "KẾT QUẢ THỰC HIỆN CHỈ TIÊU CÔNG TÁC DÂN VẬN CHÍNH QUYỀN",
        "Đơn thư": "ĐƠN THƯ KHIẾU NẠI, TỐ CÁO, KIẾN NGHỊ, PHẢN ÁNH",
        "Tiếp công dân": "TIẾP CÔNG DÂN",
        "Dân vận khéo": "MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO”",
        "Tập huấn": "TẬP HUẤN, HỘI NGHỊ",
        "Tuyên truyền": "QUÁN TRIỆT, TUYÊN TRUYỀN",
    }
    assert book["Chỉ tiêu"]["A2"].value == (
        "Ghi cột Thực hiện, và Tổng số với chỉ tiêu tỷ lệ. Chỉ tiêu CT03, CT05 được tính tự động, không ghi ở đây."
    )


def test_required_headers_are_bold_with_their_own_fill(book):
    ws = book["Đơn thư"]
    fills = {ws.cell(row=3, column=c).value: ws.cell(row=3, column=c).fill.fgColor.rgb for c in range(1, 18)}
    required = {label for label, rgb in fills.items() if rgb == "00F8CBAD"}
    assert required == {"Số hiệu đơn", "Ngày nhận", "Loại đơn", "Trạng thái"}
    assert set(fills.values()) == {"00F8CBAD", "00DDEBF7"}
    assert all(ws.cell(row=3, column=c).font.b for c in range(1, 18))


def test_frozen_panes_below_the_header(book):
    assert {name: book[name].freeze_panes for name in HEADERS} == {name: "A4" for name in HEADERS}


def test_column_widths_come_from_the_catalogue(book):
    ws = book["Đơn thư"]
    assert [ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(1, 18)] == [
        14, 12, 14, 26, 18, 12, 12, 16, 12, 12, 10, 12, 12, 16, 14, 40, 24,
    ]


def test_every_header_has_a_prompt_within_excel_limits(book):
    for name, labels in HEADERS.items():
        ws = book[name]
        for col, label in enumerate(labels, start=1):
            dv = _validation(ws, f"{openpyxl.utils.get_column_letter(col)}3", with_type=False)
            assert dv.showInputMessage is True
            assert dv.promptTitle == label
            assert 0 < len(dv.prompt) <= 255, (name, label)
        for dv in ws.data_validations.dataValidation:
            assert len(dv.prompt or "") <= 255 and len(dv.promptTitle or "") <= 32
            assert len(dv.error or "") <= 255 and len(dv.errorTitle or "") <= 32


def test_header_prompt_explains_the_column(book):
    ws = book["Đơn thư"]
    assert _validation(ws, "L3", with_type=False).prompt == (
        "Không bắt buộc. Để trống thì hệ thống tự tính hạn giải quyết theo quy định; chỉ ghi khi có văn bản "
        "ấn định hạn khác. Ngày dạng dd/mm/yyyy, ví dụ 15/01/2025."
    )
    assert _validation(ws, "F3", with_type=False).prompt == (
        "Không bắt buộc. Đơn có thuộc thẩm quyền giải quyết của đơn vị không. Chọn trong danh sách: Có, Không. "
        "Để trống = Có."
    )


# -- checks on data cells --------------------------------------------------------------------


def test_kind_and_status_dropdowns_list_the_labels(book):
    ws = book["Đơn thư"]
    assert _dropdown(book, ws, "C4") == ["Khiếu nại", "Tố cáo", "Kiến nghị", "Phản ánh"]
    assert _dropdown(book, ws, "N503") == PETITION_STATUSES
    status = _validation(ws, "N4")
    assert (status.showErrorMessage, status.errorStyle, status.allow_blank) == (True, "stop", True)
    assert status.error == f"Hãy chọn một trong: {', '.join(PETITION_STATUSES)}."


def test_every_choice_column_has_its_dropdown(book):
    catalog = default_catalog()
    for spec in catalog.sheets:
        if spec.layout != "table" or spec.key == "indicators":
            continue
        ws = book[spec.name]
        for col, column in enumerate(spec.columns, start=1):
            if column.type == "choice":
                cell = f"{openpyxl.utils.get_column_letter(col)}4"
                assert _dropdown(book, ws, cell) == catalog.choices[column.choices].labels, (spec.name, column.label)


def test_list_with_commas_uses_a_named_range_on_the_hidden_sheet(book):
    ws = book["Tiếp công dân"]
    assert _validation(ws, "C4").formula1 == "DM_host_role"
    assert _dropdown(book, ws, "C4") == [
        "Giám đốc Sở", "Phó Giám đốc Sở", "Lãnh đạo phòng, đơn vị", "Cán bộ tiếp công dân",
    ]


def test_petition_field_suggests_without_rejecting_other_text(book):
    ws = book["Đơn thư"]
    dv = _validation(ws, "D4")
    assert (dv.showErrorMessage, dv.allow_blank) == (False, True)
    assert _dropdown(book, ws, "D4") == [
        "Đất đai - giải phóng mặt bằng", "Đầu tư xây dựng", "Vận tải, phương tiện, người lái",
        "Trật tự an toàn giao thông", "Chế độ chính sách", "Cán bộ, công chức", "Khác",
    ]


def test_date_columns_have_date_format_and_check_for_500_rows(book):
    ws = book["Đơn thư"]
    assert [ws[f"{c}{r}"].number_format for c in "BJLM" for r in (4, 503)] == ["dd/mm/yyyy"] * 8
    assert ws["B504"].number_format == "General"
    dv = _validation(ws, "B4")
    assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("date", "between", "DATE(2000,1,1)", "TODAY()")
    assert str(dv.sqref) == "B4:B503"
    assert book["Tiếp công dân"]["A4"].number_format == "dd/mm/yyyy"


def test_whole_number_columns_accept_only_numbers_from_zero(book):
    ws = book["Tiếp công dân"]
    dv = _validation(ws, "E4")
    assert (dv.type, dv.operator, dv.formula1, str(dv.sqref)) == ("whole", "greaterThanOrEqual", "0", "E4:E503")


def test_text_columns_are_text_formatted(book):
    # "01/2025" typed as Số hiệu đơn must stay a reference, not become a date.
    assert book["Đơn thư"]["A4"].number_format == "@"


# -- Thông tin --------------------------------------------------------------------------------


def test_info_prefilled_with_unit_and_period(book):
    ws = book["Thông tin"]
    assert [(ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value) for r in range(3, 8)] == [
        ("Mã đơn vị", "VP"),
        ("Tên đơn vị", "Văn phòng Sở"),
        ("Kỳ báo cáo", "Quý I/2025"),
        ("Người lập", None),
        ("Ngày lập", None),
    ]
    assert ws["B7"].number_format == "dd/mm/yyyy"
    assert [ws[f"A{r}"].fill.fgColor.rgb == "00F8CBAD" for r in range(3, 8)] == [True, False, True, False, False]


def test_info_blank_without_unit_and_period():
    ws = _book()["Thông tin"]
    assert [ws.cell(row=r, column=2).value for r in range(3, 8)] == [None] * 5


def test_info_unit_dropdown_lists_the_units_active_in_the_period(book):
    assert _dropdown(book, book["Thông tin"], "B3") == UNITS_2025_Q1
    q2 = _book(period_code="2025-Q2")
    assert _dropdown(q2, q2["Thông tin"], "B3") == [c for c in UNITS_2025_Q1 if c != "CLCT"]


def test_info_period_suggestions_allow_any_period(book):
    ws = book["Thông tin"]
    dv = _validation(ws, "B5")
    assert dv.showErrorMessage is False
    assert _dropdown(book, ws, "B5") == [
        "Quý I/2025", "Quý II/2025", "Quý III/2025", "Quý IV/2025", "6 tháng đầu năm 2025", "9 tháng năm 2025",
        "Năm 2025",
    ]


@pytest.mark.parametrize(
    "period, label",
    [("2025-03", "Tháng 3/2025"), ("2025-H1", "6 tháng đầu năm 2025"), ("2025-9M", "9 tháng năm 2025"),
     ("2025", "Năm 2025"), ("Quý II/2025", "Quý II/2025")],
)
def test_info_period_label(period, label):
    assert _book(period_code=period)["Thông tin"]["B5"].value == label


def test_unit_found_by_alias():
    ws = _book("Văn phòng")["Thông tin"]
    assert (ws["B3"].value, ws["B4"].value) == ("VP", "Văn phòng Sở")


def test_unknown_unit_is_refused():
    with pytest.raises(NotFound) as info:
        template_bytes("XYZ")
    assert str(info.value) == (
        "Mã đơn vị 'XYZ' không có trong danh mục đơn vị. "
        "Hãy dùng một trong các mã: VP, TTR, KHTC, KCHT, VTPT, CLCT, QLXD, DK, BQLDA, BTDB."
    )


def test_bad_period_is_refused():
    with pytest.raises(DvcqError) as info:
        template_bytes(period_code="Quý 5/2025")
    assert str(info.value) == (
        "Kỳ báo cáo 'Quý 5/2025' không hợp lệ. Hãy ghi theo một trong các dạng: Tháng 3/2025, Quý I/2025, "
        "6 tháng/2025, 9 tháng/2025, Năm 2025 (hoặc 2025-03, 2025-Q1, 2025-H1, 2025-9M, 2025)."
    )


# -- Chỉ tiêu ---------------------------------------------------------------------------------


def test_indicator_rows_are_the_manual_indicators_of_the_year(book):
    ws = book["Chỉ tiêu"]
    assert [_row(ws, r, 6) for r in range(4, 10)] == [
        ["CT01", "Quán triệt các văn bản của Trung ương, của tỉnh về công tác dân vận; triển khai Luật Thực hiện "
         "dân chủ ở cơ sở", 1, None, None, None],
        ["CT02", "Xây dựng kế hoạch triển khai công tác dân vận chính quyền năm 2025 gắn với nhiệm vụ chính trị",
         1, None, None, None],
        ["CT04", "100% lãnh đạo và công chức được phân công tham gia tập huấn Luật Thực hiện dân chủ ở cơ sở",
         100, None, None, None],
        ["CT06", "Kết quả xếp loại công tác dân vận chính quyền cuối năm đạt loại Tốt trở lên", 4, None, None, None],
        ["CT07", "100% công chức thực hiện tốt quy định về xóa bỏ hủ tục, mê tín dị đoan, tảo hôn", 100, None,
         None, None],
        [None] * 6,
    ]


def test_indicator_rows_follow_the_period_year():
    ws = _book(period_code="2024")["Chỉ tiêu"]
    assert [ws[f"A{r}"].value for r in range(4, 10)] == ["CT01", "CT02", "CT04", "CT06", "CT07", None]
    assert ws["B5"].value.endswith("năm 2024 gắn với nhiệm vụ chính trị")


def test_indicator_plan_shows_the_target_in_words(book):
    ws = book["Chỉ tiêu"]
    assert [ws[f"C{r}"].number_format for r in range(4, 9)] == ['"Có"', '"Có"', '0"%"', '"Tốt trở lên"', '0"%"']


def test_indicator_actual_dropdown_by_kind(book):
    ws = book["Chỉ tiêu"]
    assert _dropdown(book, ws, "D4") == ["Có", "Không"]
    assert _dropdown(book, ws, "D5") == ["Có", "Không"]
    assert _dropdown(book, ws, "D7") == RATINGS
    ratio = _validation(ws, "D6")
    assert (ratio.type, ratio.operator, ratio.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert ratio.prompt == "Tập huấn Luật THDCCS: ghi số người tham dự."
    total = _validation(ws, "E8")
    assert (total.type, total.operator, total.formula1) == ("decimal", "greaterThan", "0")
    assert total.prompt == "Xóa bỏ hủ tục: ghi tổng số công chức."
    assert [ws[f"E{r}"].fill.fgColor.rgb for r in range(4, 9)] == [
        "00D9D9D9", "00D9D9D9", "00000000", "00D9D9D9", "00000000",
    ]


# -- Hướng dẫn --------------------------------------------------------------------------------


def _guide_texts(book) -> list[str]:
    ws = book["Hướng dẫn"]
    return [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value]


def _guide_rows(book, first: str) -> list[list]:
    ws = book["Hướng dẫn"]
    return [_row(ws, r, 3) for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == first]


def test_guide_explains_periods_dates_privacy_rows_and_deadlines(book):
    texts = _guide_texts(book)
    assert texts[:2] == [
        "HƯỚNG DẪN LẬP BÁO CÁO CÔNG TÁC DÂN VẬN CHÍNH QUYỀN",
        "Mẫu này đã ghi sẵn: Văn phòng Sở — Quý I/2025.",
    ]
    expected = [
        "1) Mỗi đơn vị lập một tệp báo cáo cho mỗi kỳ báo cáo, từ mẫu này. Ghi Mã đơn vị và Kỳ báo cáo ở trang "
        "'Thông tin'.",
        "2) Cách ghi kỳ báo cáo: Tháng 3/2025, Quý I/2025, 6 tháng/2025, 9 tháng/2025, Năm 2025.",
        "3) Ngày ghi theo dạng dd/mm/yyyy (ngày/tháng/năm), ví dụ 15/01/2025; không ghi ngày sau ngày gửi báo cáo. "
        "Số ghi bằng chữ số, không kèm chữ.",
        "5) Mỗi dòng ghi một đơn thư (trang 'Đơn thư'); một buổi tiếp công dân (trang 'Tiếp công dân'); một mô "
        "hình hoặc điển hình (trang 'Dân vận khéo'); một lớp tập huấn hoặc hội nghị (trang 'Tập huấn'); một hoạt "
        "động quán triệt, tuyên truyền (trang 'Tuyên truyền').",
        "8) Không ghi họ tên, địa chỉ, số CMND/CCCD, số điện thoại, email của công dân vào bất kỳ ô nào; các cột "
        "như vậy sẽ bị loại bỏ khi nạp báo cáo.",
        "9) Trang 'Đơn thư': Trạng thái Đã giải quyết, Đã chuyển đơn, Đã hướng dẫn, Rút đơn, Đình chỉ cần ghi "
        "Ngày giải quyết; Chưa xử lý và Đang giải quyết thì để trống Ngày giải quyết và Kết quả; Lưu đơn thì ghi "
        "ngày lưu đơn vào cột Ngày giải quyết (không ghi, đơn được tính là chưa giải quyết xong). Ngày nhận không "
        "sau Ngày thụ lý, Ngày thụ lý không sau Ngày giải quyết.",
        "10) Trang 'Đơn thư': nếu để trống cột 'Hạn giải quyết', hệ thống tự tính hạn giải quyết theo quy định "
        "(Luật Khiếu nại, Luật Tố cáo, Luật Tiếp công dân) từ Loại đơn, Ngày nhận, Ngày thụ lý, Lần giải quyết, "
        "Mức độ phức tạp, Vùng sâu vùng xa và Gia hạn (ngày). Chỉ ghi 'Hạn giải quyết' khi có văn bản ấn định "
        "hạn khác.",
        "11) Trang 'Chỉ tiêu' đã ghi sẵn các chỉ tiêu đơn vị tự báo cáo; chỉ cần ghi cột Thực hiện (và Tổng số "
        "với chỉ tiêu tỷ lệ); chỉ tiêu chưa có kết quả trong kỳ (ví dụ xếp loại cuối năm) thì xoá cả dòng. "
        "CT03 được tính tự động từ trang 'Dân vận khéo'; CT05 được tính tự động từ trang 'Tiếp công dân', "
        "không ghi ở trang này.",
    ]
    assert [t for t in expected if t not in texts] == []
    assert any(t.startswith("6) Các dòng đã báo cáo ở kỳ trước được ghi lại") for t in texts)


def test_guide_lists_the_units(book):
    assert _guide_rows(book, "Mã đơn vị") == [["Mã đơn vị", "Tên đơn vị", "Ghi chú"]]
    assert _guide_rows(book, "VP") == [["VP", "Văn phòng Sở", None]]
    assert _guide_rows(book, "CLCT") == [[
        "CLCT", "Phòng Quản lý chất lượng công trình giao thông",
        "Đến 28/02/2025; nay là Phòng Quản lý xây dựng và chất lượng công trình (QLXD)",
    ]]
    assert _guide_rows(book, "QLXD")[0][2] == "Từ 01/03/2025"
    ws = book["Hướng dẫn"]
    codes = [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]
    assert [c for c in codes if c in UNITS_2025_Q1] == UNITS_2025_Q1


def test_guide_explains_every_indicator(book):
    ws = book["Hướng dẫn"]
    how = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=3).value for r in range(1, ws.max_row + 1)}
    assert {code: how[code] for code in ("CT01", "CT02", "CT03", "CT04", "CT05", "CT06", "CT07")} == {
        "CT01": "Ghi ở trang 'Chỉ tiêu': chọn Có hoặc Không ở cột Thực hiện. Mục tiêu: Có.",
        "CT02": "Ghi ở trang 'Chỉ tiêu': chọn Có hoặc Không ở cột Thực hiện. Mục tiêu: Có.",
        "CT03": "Tự động tính từ trang 'Dân vận khéo' (đếm từ sổ mô hình: ít nhất 01 mô hình đăng ký và 01 điển "
        "hình trong năm, toàn Sở); không ghi ở trang 'Chỉ tiêu'. Mục tiêu: 1 mô hình trở lên.",
        "CT04": "Ghi ở trang 'Chỉ tiêu': Thực hiện = số người tham dự; Tổng số = số người được phân công. "
        "Mục tiêu: 100%.",
        "CT05": "Tự động tính từ trang 'Tiếp công dân' (số buổi tiếp định kỳ được tổ chức đúng lịch / số buổi "
        "tiếp định kỳ theo lịch (từ sổ tiếp công dân)); không ghi ở trang 'Chỉ tiêu'. Mục tiêu: 100%.",
        "CT06": "Ghi ở trang 'Chỉ tiêu': chọn mức xếp loại (Xuất sắc, Tốt, Khá, Trung bình, Yếu) ở cột Thực hiện. "
        "Mục tiêu: Tốt trở lên.",
        "CT07": "Ghi ở trang 'Chỉ tiêu': Thực hiện = số công chức thực hiện tốt; Tổng số = tổng số công chức. "
        "Mục tiêu: 100%.",
    }


# -- files and round trip ---------------------------------------------------------------------


def test_write_template_writes_the_same_workbook(tmp_path: Path):
    path = tmp_path / "mau.xlsx"
    write_template(path, unit_code="TTR", period_code="2025-H1")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEETS
    assert (book["Thông tin"]["B3"].value, book["Thông tin"]["B5"].value) == ("TTR", "6 tháng đầu năm 2025")


def _filled(rows: dict[str, list[list]] | None = None) -> bytes:
    """The pre-filled template (VP, Quý I/2025) with Chỉ tiêu answered and optional rows from row 4."""
    book = _book("VP", "2025-Q1")
    ws = book["Chỉ tiêu"]
    for r, (actual, total) in enumerate([("Có", None), ("Có", None), (10, 10), ("Tốt", None), (20, 20)], start=4):
        ws[f"D{r}"] = actual
        ws[f"E{r}"] = total
    for name, values in (rows or {}).items():
        for r, row in enumerate(values, start=4):
            for c, value in enumerate(row, start=1):
                book[name].cell(row=r, column=c, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _validate(data: bytes):
    validate = pytest.importorskip("etl.validate")
    parsed = validate.validate_workbook(data, "mau.xlsx", today=date(2025, 12, 31))
    print("\n".join(f.line("mau.xlsx") for f in parsed.findings))
    return parsed


def test_prefilled_template_with_indicators_validates():
    parsed = _validate(_filled())
    assert [f.line("mau.xlsx") for f in parsed.errors] == []
    assert (parsed.unit_code, parsed.period.code) == ("VP", "2025-Q1")
    assert [(r["indicator_code"], r["actual"], r["denominator"]) for r in parsed.rows["indicators"]] == [
        ("CT01", 1.0, None), ("CT02", 1.0, None), ("CT04", 10.0, 10.0), ("CT06", 4.0, None), ("CT07", 20.0, 20.0),
    ]
    assert [r["plan"] for r in parsed.rows["indicators"]] == [1.0, 1.0, 100.0, 4.0, 100.0]
    assert {key: len(rows) for key, rows in parsed.rows.items() if key != "indicators"} == {
        "petitions": 0, "reception": 0, "models": 0, "training": 0, "dissemination": 0,
    }


def test_template_rows_filled_from_the_dropdowns_validate():
    parsed = _validate(_filled({
        "Đơn thư": [["01/2025", date(2025, 1, 6), "Khiếu nại", "Vận tải, phương tiện, người lái", "Trực tiếp",
                     "Có", "Lần đầu", "Bình thường", "Không", date(2025, 1, 10), None, None, date(2025, 2, 5),
                     "Đã giải quyết", "Đúng một phần", "Đề nghị xem xét lại việc xử phạt", None]],
        "Tiếp công dân": [[date(2025, 1, 15), "Định kỳ", "Lãnh đạo phòng, đơn vị", "Có", 3, 4, 2, 0, None]],
        "Dân vận khéo": [["Đăng kiểm không hẹn", "Mô hình", "Kinh tế", date(2025, 1, 2), date(2025, 1, 2), None,
                          "Đang triển khai", None, None, None]],
        "Tập huấn": [["Tập huấn Luật Thực hiện dân chủ ở cơ sở", date(2025, 2, 20),
                      "Luật Thực hiện dân chủ ở cơ sở", 10, 10]],
        "Tuyên truyền": [["Luật Thực hiện dân chủ ở cơ sở", date(2025, 1, 20), "Sinh hoạt cơ quan", 25]],
    }))
    assert [f.line("mau.xlsx") for f in parsed.errors] == []
    assert {key: len(rows) for key, rows in parsed.rows.items()} == {
        "indicators": 5, "petitions": 1, "reception": 1, "models": 1, "training": 1, "dissemination": 1,
    }
    petition = parsed.rows["petitions"][0]
    assert (petition["petition_ref"], petition["kind"], petition["field"], petition["status"]) == (
        "01/2025", "khieu_nai", "Vận tải, phương tiện, người lái", "da_giai_quyet",
    )
    assert parsed.rows["reception"][0]["host_role"] == "lanh_dao_phong"
