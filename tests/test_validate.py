"""Every bad input is refused with an exact message naming sheet and cell, and nothing is stored."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path

import duckdb
import openpyxl
import pytest

from etl.catalog import default_catalog
from etl.load import load_bytes
from etl.validate import validate_workbook
from tests.workbooks import PETITION_HEADERS, RECEPTION_HEADERS, build_return, petition

TODAY = date(2025, 12, 31)
DATA_TABLES = [
    "submissions", "submission_files", "submission_findings", "petition_rows", "reception_rows",
    "model_rows", "training_rows", "dissemination_rows", "indicator_rows",
]


def errors(data: bytes, name: str = "bao_cao.xlsx") -> list[str]:
    parsed = validate_workbook(data, name, today=TODAY)
    return [f.line(name) for f in parsed.errors]


def encrypted_workbook() -> bytes:
    import msoffcrypto.format.ooxml

    plain = io.BytesIO(build_return())
    out = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("matkhau", out)
    return out.getvalue()


def session(**over) -> dict:
    row = {"Ngày tiếp": "15/01/2025", "Hình thức": "Định kỳ", "Người chủ trì": "Giám đốc Sở", "Số lượt": 2, "Số người": 2}
    row.update(over)
    return row


CASES = {
    "missing_info": (
        lambda: build_return(omit={"info"}),
        ["bao_cao.xlsx: Lỗi: Thiếu trang 'Thông tin' (ghi Mã đơn vị và Kỳ báo cáo). Hãy dùng mẫu báo cáo của "
         "Văn phòng Sở, hoặc thêm trang 'Thông tin' rồi gửi lại."],
    ),
    "unknown_unit": (
        lambda: build_return(unit="XYZ"),
        ["bao_cao.xlsx: Thông tin!B1: Lỗi: Mã đơn vị 'XYZ' không có trong danh mục đơn vị. Hãy ghi một trong các "
         "mã: VP (Văn phòng Sở); TTR (Thanh tra Sở); KHTC (Phòng KH-TC); KCHT (Phòng QL KCHT); VTPT (Phòng "
         "QLVT-PT-NL); QLXD (Phòng QLXD-CLCT); DK (TT Đăng kiểm); BQLDA (Ban QLDA); BTDB (Đoạn QLBTĐB)."],
    ),
    "impossible_period": (
        lambda: build_return(period="Quý V/2025"),
        ["bao_cao.xlsx: Thông tin!B2: Lỗi: Kỳ báo cáo 'Quý V/2025' không hợp lệ. Hãy ghi theo một trong các dạng: "
         "Tháng 3/2025, Quý I/2025, 6 tháng/2025, 9 tháng/2025, Năm 2025 (hoặc 2025-03, 2025-Q1, 2025-H1, "
         "2025-9M, 2025)."],
    ),
    "missing_required_column": (
        lambda: build_return(
            headers={"petitions": [h for h in PETITION_HEADERS if h != "Ngày nhận"]},
            petitions=[{"Số hiệu đơn": "01", "Loại đơn": "Khiếu nại", "Trạng thái": "Chưa xử lý"}],
        ),
        ["bao_cao.xlsx: Đơn thư dòng 3: Lỗi: Thiếu cột bắt buộc 'Ngày nhận' ở trang 'Đơn thư'. Hãy thêm cột "
         "'Ngày nhận' vào hàng tiêu đề (dòng 3) như mẫu báo cáo."],
    ),
    "bad_date": (
        lambda: build_return(petitions=[petition("01", "32/13/2025")]),
        ["bao_cao.xlsx: Đơn thư!B4: Lỗi: Ngày nhận '32/13/2025' không phải ngày có thật. Hãy nhập ngày dạng "
         "dd/mm/yyyy, ví dụ 15/01/2025."],
    ),
    "text_not_a_date": (
        lambda: build_return(petitions=[petition("01", "hôm qua")]),
        ["bao_cao.xlsx: Đơn thư!B4: Lỗi: Ngày nhận 'hôm qua' không đúng dạng ngày. Hãy nhập ngày dạng "
         "dd/mm/yyyy, ví dụ 15/01/2025."],
    ),
    "future_date": (
        lambda: build_return(petitions=[petition("01", "15/01/2026")]),
        ["bao_cao.xlsx: Đơn thư!B4: Lỗi: Ngày nhận 15/01/2026 sau ngày nộp báo cáo (31/12/2025). Hãy kiểm tra "
         "lại ngày, tháng, năm."],
    ),
    "dates_out_of_order": (
        lambda: build_return(petitions=[petition("01", "15/01/2025", **{"Ngày thụ lý": "10/01/2025"})]),
        ["bao_cao.xlsx: Đơn thư!J4: Lỗi: Ngày thụ lý 10/01/2025 trước Ngày nhận 15/01/2025. Ngày thụ lý phải "
         "cùng ngày hoặc sau Ngày nhận; hãy kiểm tra lại."],
    ),
    "unknown_choice": (
        lambda: build_return(petitions=[petition("01", "15/01/2025", "Khiếu kiện")]),
        ["bao_cao.xlsx: Đơn thư!C4: Lỗi: Loại đơn 'Khiếu kiện' không có trong danh sách. Hãy chọn một trong: "
         "Khiếu nại, Tố cáo, Kiến nghị, Phản ánh."],
    ),
    "duplicate_reference": (
        lambda: build_return(petitions=[petition("01/KN", "15/01/2025"), petition("01/kn", "16/01/2025")]),
        ["bao_cao.xlsx: Đơn thư!A5: Lỗi: Số hiệu đơn '01/kn' trùng với '01/KN' ở dòng 4 (số hiệu chỉ khác nhau "
         "ở chữ hoa/chữ thường, có dấu hay không dấu, dấu cách hoặc số 0 ở đầu là cùng một đơn). Mỗi đơn chỉ "
         "ghi một dòng; hãy gộp hai dòng hoặc sửa lại."],
    ),
    "non_number_count": (
        lambda: build_return(reception=[session(**{"Số lượt": "mười"})]),
        ["bao_cao.xlsx: Tiếp công dân!E4: Lỗi: Số lượt 'mười' không phải số nguyên. Hãy nhập số nguyên không "
         "âm, ví dụ 12 (không ghi chữ, không ghi số thập phân)."],
    ),
    "negative_count": (
        lambda: build_return(reception=[session(**{"Số người": -3})]),
        ["bao_cao.xlsx: Tiếp công dân!F4: Lỗi: Số người '-3' là số âm. Hãy nhập số nguyên không âm, ví dụ 12 "
         "(không ghi chữ, không ghi số thập phân)."],
    ),
    "unknown_indicator": (
        lambda: build_return(indicators=[{"Mã chỉ tiêu": "CT09", "Thực hiện": 1}]),
        ["bao_cao.xlsx: Chỉ tiêu!A4: Lỗi: Mã chỉ tiêu 'CT09' không có trong danh mục chỉ tiêu năm 2025. Hãy "
         "dùng một trong: CT01, CT02, CT04, CT06, CT07."],
    ),
    "attended_over_assigned": (
        lambda: build_return(training=[{"Tên lớp": "Lớp Luật THDCCS", "Ngày": "10/03/2025",
                                        "Số người được cử": 20, "Số người tham dự": 25}]),
        ["bao_cao.xlsx: Tập huấn!E4: Lỗi: Số người tham dự (25) lớn hơn Số người được cử (20). Số tham dự không "
         "được vượt số được cử; hãy kiểm tra lại."],
    ),
    "resolved_without_date": (
        lambda: build_return(petitions=[petition("01", "15/01/2025", "Khiếu nại", "Đã giải quyết")]),
        ["bao_cao.xlsx: Đơn thư!M4: Lỗi: Trạng thái 'Đã giải quyết' cần có Ngày giải quyết. Hãy nhập ngày giải "
         "quyết (dd/mm/yyyy) hoặc sửa lại trạng thái."],
    ),
    "open_with_date": (
        lambda: build_return(petitions=[petition("01", "15/01/2025", **{"Ngày giải quyết": "20/01/2025"})]),
        ["bao_cao.xlsx: Đơn thư!M4: Lỗi: Trạng thái 'Đang giải quyết' không được có Ngày giải quyết (20/01/2025). "
         "Nếu đơn đã giải quyết xong, hãy sửa trạng thái thành 'Đã giải quyết'; nếu chưa, xoá ngày giải quyết."],
    ),
    "ratio_over_total": (
        lambda: build_return(indicators=[{"Mã chỉ tiêu": "CT04", "Thực hiện": 12, "Tổng số": 10}]),
        ["bao_cao.xlsx: Chỉ tiêu!D4: Lỗi: Thực hiện (12) lớn hơn Tổng số (10) ở chỉ tiêu CT04. Hãy kiểm tra lại."],
    ),
    "pdf_renamed": (
        lambda: b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n",
        ["bao_cao.xlsx: Lỗi: Tệp 'bao_cao.xlsx' không phải bảng tính Excel mà là tệp PDF, dù tên tệp có đuôi "
         "bảng tính. Hãy mở mẫu báo cáo bằng Excel, nhập số liệu và lưu dạng .xlsx."],
    ),
    "text_renamed": (
        lambda: "Báo cáo quý I: 12 đơn".encode(),
        ["bao_cao.xlsx: Lỗi: Tệp 'bao_cao.xlsx' không phải bảng tính Excel mà là tệp văn bản hoặc định dạng "
         "khác, dù tên tệp có đuôi bảng tính. Hãy mở mẫu báo cáo bằng Excel, nhập số liệu và lưu dạng .xlsx."],
    ),
    "empty_file": (
        lambda: b"",
        ["bao_cao.xlsx: Lỗi: Tệp 'bao_cao.xlsx' rỗng (0 byte). Hãy lưu lại bảng tính và gửi lại."],
    ),
    "encrypted": (
        encrypted_workbook,
        ["bao_cao.xlsx: Lỗi: Tệp 'bao_cao.xlsx' đang được đặt mật khẩu. Hãy gỡ mật khẩu (Tệp → Thông tin → "
         "Bảo vệ sổ làm việc) rồi gửi lại."],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_refused_with_exact_message(case: str) -> None:
    make, expected = CASES[case]
    assert errors(make()) == expected


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_stores_nothing(case: str, tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    make, _ = CASES[case]
    outcome = load_bytes(db, make(), "bao_cao.xlsx", "kiemthu", today=TODAY)
    assert outcome.status == "rejected"
    con = duckdb.connect(str(db), read_only=True)
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in DATA_TABLES}
    con.close()
    assert counts == {t: 0 for t in DATA_TABLES}


def test_every_error_is_reported_at_once() -> None:
    data = build_return(
        unit="XYZ",
        petitions=[petition("01", "32/13/2025", "Khiếu kiện"), petition("02", "15/01/2025", status="Đã giải quyết")],
        reception=[session(**{"Số lượt": "nhiều"})],
    )
    parsed = validate_workbook(data, "f.xlsx", today=TODAY)
    assert [(f.location, f.rule) for f in parsed.errors] == [
        ("Thông tin!B1", "info.unknown_unit"),
        ("Đơn thư!B4", "date.invalid"),
        ("Đơn thư!C4", "choice.unknown"),
        ("Đơn thư!M5", "petition.resolved_without_date"),
        ("Tiếp công dân!E4", "int.invalid"),
    ]


def test_missing_list_sheet_and_unknown_sheet_are_warnings() -> None:
    data = build_return(omit={"models"})
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    extra = book.create_sheet("Ghi chú riêng")
    extra["A1"] = "ghi chú nội bộ"
    extra.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "f.xlsx", today=TODAY)
    assert parsed.ok
    assert [(f.rule, f.message) for f in parsed.warnings] == [
        ("sheet.missing_list", "Không có trang 'Dân vận khéo': coi như kỳ này đơn vị không có gì để báo cáo ở "
                               "mục này. Nếu có, hãy bổ sung trang 'Dân vận khéo' và gửi lại."),  # the whole file's
        ("sheet.unknown", "Trang 'Ghi chú riêng' (trang ẩn) không thuộc mẫu báo cáo nên bị bỏ qua và không được lưu "
         "(tránh lưu thông tin cá nhân)."),
    ]


def test_a_list_sheet_emptied_headers_and_all_is_told_like_a_missing_one() -> None:
    """Cleared with Ctrl+A, Delete: nothing to read, and the uploader is told (it loaded silently)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(build_return(petitions=[petition("01", "06/01/2025")])))
    book["Đơn thư"].delete_rows(1, book["Đơn thư"].max_row)
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "f.xlsx", today=TODAY)
    assert parsed.ok and parsed.rows["petitions"] == []
    assert [(f.location, f.rule, f.message) for f in parsed.warnings] == [
        ("Đơn thư", "sheet.empty_list", "Trang 'Đơn thư' để trống, không còn cả hàng tiêu đề: coi như kỳ này đơn vị "
         "không có gì để báo cáo ở mục này. Nếu có, hãy ghi vào trang 'Đơn thư' theo mẫu và gửi lại.")]


def test_header_only_list_sheet_means_nothing_to_report() -> None:
    parsed = validate_workbook(build_return(), "f.xlsx", today=TODAY)
    assert parsed.ok
    assert parsed.counts() == {"indicators": 5, "petitions": 0, "reception": 0, "models": 0, "training": 0,
                               "dissemination": 0}
    assert parsed.warnings == []


def test_derived_indicator_row_is_ignored_with_a_warning() -> None:
    indicators = [{"Mã chỉ tiêu": "CT03", "Thực hiện": 2}, {"Mã chỉ tiêu": "CT01", "Thực hiện": "x"}]
    parsed = validate_workbook(build_return(indicators=indicators), "f.xlsx", today=TODAY)
    assert parsed.ok
    assert [r["indicator_code"] for r in parsed.rows["indicators"]] == ["CT01"]
    assert parsed.rows["indicators"][0]["actual"] == 1.0
    assert next(f for f in parsed.warnings if f.row).line("f.xlsx") == (
        "f.xlsx: Chỉ tiêu!A4: Cảnh báo: Chỉ tiêu CT03 được tính tự động từ trang 'Dân vận khéo' nên dòng này bị bỏ qua."
    )


def test_unit_name_mismatch_is_a_warning() -> None:
    parsed = validate_workbook(build_return(info_extra={"Tên đơn vị": "Phòng Tổ chức cán bộ"}), "f.xlsx", today=TODAY)
    assert parsed.ok and parsed.unit_code == "VP"
    assert [f.line("f.xlsx") for f in parsed.warnings] == [
        "f.xlsx: Thông tin!B4: Cảnh báo: Tên đơn vị 'Phòng Tổ chức cán bộ' khác tên trong danh mục của mã VP "
        "('Văn phòng Sở'). Số liệu được ghi cho 'Văn phòng Sở'; nếu sai đơn vị, hãy sửa Mã đơn vị."
    ]


def test_unit_may_be_written_by_name_or_alias() -> None:
    assert validate_workbook(build_return(unit="Thanh tra Sở"), "f.xlsx", today=TODAY).unit_code == "TTR"
    assert validate_workbook(build_return(unit="thanh tra so"), "f.xlsx", today=TODAY).unit_code == "TTR"
    assert validate_workbook(build_return(unit="Phòng KH-TC"), "f.xlsx", today=TODAY).unit_code == "KHTC"


def test_extension_beyond_the_legal_maximum_is_an_error() -> None:
    data = build_return(petitions=[petition("01", "03/03/2025", "Tố cáo", **{
        "Ngày thụ lý": "05/03/2025", "Mức độ phức tạp": "Phức tạp", "Gia hạn (ngày)": 45})])
    assert errors(data) == [
        "bao_cao.xlsx: Đơn thư!K4: Lỗi: Gia hạn 45 ngày vượt mức tối đa 30 ngày cho vụ việc phức tạp (Luật Tố cáo "
        "2018, Điều 30). Hãy kiểm tra lại số ngày theo quyết định gia hạn."
    ]


def test_an_extension_on_a_case_left_bình_thường_counts_up_to_the_law_s_most() -> None:
    """A written extension decision says the case is complex (the column may have been left blank): up
    to 60 days it is counted, with a warning; beyond what the law allows any case it is an error (90
    days was counted in full, the case on time until the 91st day: figures round)."""
    def case(days: int) -> dict:
        return petition("01", "02/06/2025", "Tố cáo", "Đã giải quyết", **{
            "Ngày thụ lý": "02/06/2025", "Gia hạn (ngày)": days, "Ngày giải quyết": "10/08/2025"})

    parsed = validate_workbook(build_return(period="9 tháng/2025", petitions=[case(45)]), "x.xlsx", today=TODAY)
    assert parsed.errors == []
    assert [(f.location, f.rule) for f in parsed.warnings] == [("Đơn thư!K4", "petition.extension_simple_case")]
    assert "vẫn được tính vào hạn giải quyết" in parsed.warnings[0].message
    assert parsed.rows["petitions"][0]["due_date"] == date(2025, 8, 18)  # 02/06 + 30 + 45 days
    parsed = validate_workbook(build_return(period="9 tháng/2025", petitions=[case(90)]), "x.xlsx", today=TODAY)
    assert [(f.location, f.rule, f.message) for f in parsed.errors] == [(
        "Đơn thư!K4", "petition.extension_too_long",
        "Gia hạn 90 ngày vượt mức tối đa 60 ngày mà Luật Tố cáo 2018 (Điều 30) cho phép, kể cả vụ việc đặc biệt "
        "phức tạp. Hãy kiểm tra lại số ngày theo quyết định gia hạn và ghi Mức độ phức tạp.")]


def test_a_case_transferred_with_thuoc_tham_quyen_left_blank_is_warned_about_its_deadline() -> None:
    """Blank is "Có" (the contract's default): the case keeps the deadline of one the unit resolves
    itself, and the unit is told, since a transferred case is usually not its own."""
    def case(ref: str, kind: str, status: str, competence: str | None = None) -> dict:
        more = {"Thuộc thẩm quyền": competence} if competence else {}
        if status != "Đang giải quyết":
            more["Ngày giải quyết"] = "06/03/2025"
        return petition(ref, "03/03/2025", kind, status, **more)

    cases = [case("01", "Khiếu nại", "Đã chuyển đơn"), case("02", "Khiếu nại", "Đã chuyển đơn", "Không"),
             case("03", "Khiếu nại", "Đang giải quyết"), case("04", "Tố cáo", "Đã chuyển đơn")]
    parsed = validate_workbook(build_return(petitions=cases), "x.xlsx", today=TODAY)
    assert parsed.errors == []
    transfer = [f for f in parsed.warnings if f.rule == "petition.transfer_competence"]
    assert [(f.location, f.message) for f in transfer] == [(
        "Đơn thư!F4",
        "Đơn '01' và 1 đơn khác (dòng 4, 7) có Trạng thái 'Đã chuyển đơn' nhưng ô Thuộc thẩm quyền để trống, nên "
        "được tính là đơn thuộc thẩm quyền: hạn là hạn giải quyết (như 30 ngày kể từ ngày thụ lý), không phải hạn "
        "chuyển đơn (5 ngày làm việc với đơn tố cáo, 10 ngày với đơn khác, kể từ ngày nhận). Nếu đơn không thuộc "
        "thẩm quyền của đơn vị, hãy ghi 'Không' vào cột Thuộc thẩm quyền và gửi lại.")]
    rows = parsed.rows["petitions"]
    assert [(r["petition_ref"], r["within_competence"], r["due_rule"]) for r in rows] == [
        ("01", "co", "KN-L1"), ("02", "khong", "KN-CHUYEN"), ("03", "co", "KN-L1"), ("04", "co", "TC-GQ")]

    without = [h for h in PETITION_HEADERS if h != "Thuộc thẩm quyền"]
    parsed = validate_workbook(build_return(petitions=[case("01", "Khiếu nại", "Đã chuyển đơn")],
                                            headers={"petitions": without}), "x.xlsx", today=TODAY)
    transfer = [f for f in parsed.warnings if f.rule == "petition.transfer_competence"]
    assert [f.location for f in transfer] == ["Đơn thư!M4"] and "không có (tệp không có cột này)" in transfer[0].message


# -- what offices type as numbers, and dates ahead of the upload day --------------------------------


def test_numbers_typed_in_choice_and_reference_cells_read_as_the_text_they_show() -> None:
    """1 / 0 typed in Có/Không cells (Excel keeps them as numbers) are Có / Không; a case number
    typed as a number (15) is "15", so "17" and 17 are one case number, repeated."""
    indicators = [{"Mã chỉ tiêu": "CT01", "Thực hiện": 1}, {"Mã chỉ tiêu": "CT02", "Thực hiện": 0}]
    data = build_return(indicators=indicators, petitions=[
        petition(15, "06/01/2025", **{"Thuộc thẩm quyền": 0, "Vùng sâu vùng xa": 1}),
        petition("16", "07/01/2025", **{"Lần giải quyết": 2}),
    ], reception=[session(**{"Theo lịch": 0})])
    parsed = validate_workbook(data, "f.xlsx", today=TODAY)
    assert parsed.errors == [], [f.line("f.xlsx") for f in parsed.errors]
    first, second = parsed.rows["petitions"]
    assert (first["petition_ref"], first["within_competence"], first["remote_area"]) == ("15", "khong", "co")
    assert second["attempt"] == "2"  # Lần hai
    assert parsed.rows["reception"][0]["on_schedule"] == "khong"
    assert {r["indicator_code"]: r["actual"] for r in parsed.rows["indicators"]} == {"CT01": 1, "CT02": 0}
    assert errors(build_return(petitions=[petition("17", "06/01/2025"), petition(17, "07/01/2025")])) == [
        "bao_cao.xlsx: Đơn thư!A5: Lỗi: Số hiệu đơn '17' trùng với dòng 4. Mỗi đơn chỉ ghi một dòng; hãy gộp hai "
        "dòng hoặc sửa lại."]


def test_a_number_too_large_to_be_true_is_an_error_not_a_failed_load(tmp_path: Path) -> None:
    # (9-10 digits would read as a phone number: test_a_phone_number_in_a_count_column_...)
    data = build_return(reception=[session(**{"Số lượt": 30_000_000_000})], petitions=[
        petition("01", "06/01/2025", "Tố cáo",
                 **{"Mức độ phức tạp": "Đặc biệt phức tạp", "Gia hạn (ngày)": 9_999_999})])
    assert errors(data) == [
        "bao_cao.xlsx: Đơn thư!K4: Lỗi: Gia hạn (ngày) '9999999' quá lớn (tối đa 365). Hãy kiểm tra lại số đã nhập.",
        "bao_cao.xlsx: Tiếp công dân!E4: Lỗi: Số lượt '30000000000' quá lớn (tối đa 2.147.483.647). Hãy kiểm tra "
        "lại số đã nhập.",
    ]
    outcome = load_bytes(tmp_path / "t.duckdb", data, "bao_cao.xlsx", "vanphong", today=TODAY)
    assert outcome.status == "rejected"


def test_a_phone_number_in_a_count_column_is_refused_and_never_quoted() -> None:
    """'0977111222' in Số vụ việc, 912345678 (the phone without its 0) in Số người: not counts."""
    data = build_return(reception=[session(**{"Số vụ việc": "0977111222"}), session(**{
        "Ngày tiếp": "16/01/2025", "Số người": 912345678})])
    advice = ("giống số điện thoại hoặc số định danh, không phải số lượng: hãy ghi số lượng (thông tin cá nhân "
              "không được ghi vào báo cáo). Hãy nhập số nguyên không âm, ví dụ 12 (không ghi chữ, không ghi số "
              "thập phân).")
    assert errors(data) == [f"bao_cao.xlsx: Tiếp công dân!G4: Lỗi: Số vụ việc '[đã ẩn]' {advice}",
                            f"bao_cao.xlsx: Tiếp công dân!F5: Lỗi: Số người '[đã ẩn]' {advice}"]
    assert errors(build_return(reception=[session(**{"Số người": "012", "Số lượt": 99_999_999})])) == []


def test_a_deadline_or_a_planned_end_may_lie_ahead_of_the_upload_day() -> None:
    model = {"Tên mô hình": "Dân vận khéo trong GPMB", "Lĩnh vực": "Kinh tế", "Ngày đăng ký": "10/01/2025",
             "Ngày bắt đầu": "01/02/2026", "Ngày kết thúc": "31/12/2027", "Trạng thái": "Đăng ký"}
    data = build_return(models=[model], petitions=[
        petition("01", "20/12/2025", **{"Hạn giải quyết": "20/01/2026"})])
    parsed = validate_workbook(data, "f.xlsx", today=TODAY)
    assert parsed.errors == [], [f.line("f.xlsx") for f in parsed.errors]
    assert parsed.rows["models"][0]["end_date"] == date(2027, 12, 31)
    assert errors(build_return(models=[model | {"Ngày đăng ký": "10/01/2026"}])) == [
        "bao_cao.xlsx: Dân vận khéo!D4: Lỗi: Ngày đăng ký 10/01/2026 sau ngày nộp báo cáo (31/12/2025). Hãy kiểm tra "
        "lại ngày, tháng, năm."]
    assert errors(build_return(models=[model | {"Ngày kết thúc": "31/12/2207"}])) == [
        "bao_cao.xlsx: Dân vận khéo!F4: Lỗi: Ngày kết thúc 31/12/2207 xa quá 10 năm sau ngày nộp báo cáo. Hãy kiểm "
        "tra lại năm."]


def test_the_layouts_offices_add_around_a_list_are_skipped() -> None:
    """A numbering row lettered then numbered (A, B, C, 1, 2 ...), group headings ("I. ĐƠN KIẾN
    NGHỊ"), total rows with their count, and the place, date and signatures under the list."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(build_return(petitions=[
        petition("01/ĐT", "06/01/2025", "Kiến nghị"), petition("02/ĐT", "07/01/2025", "Tố cáo")])))
    ws = book["Đơn thư"]
    ws.insert_rows(4)
    for c in range(1, 18):
        ws.cell(row=4, column=c, value="ABC"[c - 1] if c <= 3 else c - 3)
    ws.insert_rows(5)
    ws["A5"] = "I. ĐƠN KIẾN NGHỊ"
    ws.insert_rows(7)
    ws["A7"] = "II- ĐƠN TỐ CÁO"
    ws.append(["Tổng cộng: 2 đơn"])
    ws.append([])
    ws.append([None, None, None, None, "Lai Châu, ngày 20 tháng 3 năm 2025"])
    ws.append(["NGƯỜI LẬP BIỂU", None, None, None, "THỦ TRƯỞNG ĐƠN VỊ"])
    ws.append(["(Ký, ghi rõ họ tên)", None, None, None, "(Ký tên, đóng dấu)"])
    ws.append([])
    ws.append(["Lò Thị Hoa", None, None, None, "Nguyễn Văn Dũng"])
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "f.xlsx", today=TODAY)
    assert parsed.errors == [], [f.line("f.xlsx") for f in parsed.errors]
    assert [(r["petition_ref"], r["kind"], r["_row"]) for r in parsed.rows["petitions"]] == [
        ("01/ĐT", "kien_nghi", 6), ("02/ĐT", "to_cao", 8)]
    # the headings and the total are said once, in case a row of data was taken for one (ETL round)
    assert [(f.location, f.message) for f in parsed.warnings if f.rule == "row.summary"] == [
        ("Đơn thư!A5", "Dòng 5, 7, 9 của trang 'Đơn thư' ('I. ĐƠN KIẾN NGHỊ', 'II- ĐƠN TỐ CÁO', 'Tổng cộng: 2 đơn') "
                       "là dòng tổng cộng hoặc tiêu đề nhóm nên được bỏ qua: số liệu được tính từ từng dòng của danh "
                       "sách. Nếu có dòng nào trong đó là số liệu, hãy sửa lại theo mẫu rồi gửi lại.")]


@pytest.mark.parametrize("note", ["Ghi chú: Số liệu tính từ ngày 15/12/2024 đến ngày 14/3/2025.",
                                  "* Số liệu tính đến ngày 14/3/2025", "(*) Đơn số 02 chuyển từ kỳ trước",
                                  "Lưu ý: đơn 01 đã chuyển Thanh tra tỉnh ngày 10/3", "(Danh sách gồm 02 đơn)",
                                  "(Không có đơn nào khác)"])
def test_a_note_alone_on_its_row_under_the_list_is_no_case(tmp_path: Path, note: str) -> None:
    """A footnote under the list, merged across it or not, is no unfinished case (it was refused
    with three 'Thiếu …' errors), and the stored copy leaves it out, as all it does not read."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(build_return(petitions=[
        petition("01/ĐT", "06/01/2025"), petition("02/ĐT", "07/01/2025")])))
    ws = book["Đơn thư"]
    ws.append([])
    ws.append([note])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=8)
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "f.xlsx", today=TODAY)
    assert parsed.errors == [], [f.line("f.xlsx") for f in parsed.errors]
    assert [r["petition_ref"] for r in parsed.rows["petitions"]] == ["01/ĐT", "02/ĐT"]
    kept = stored_sheet(tmp_path, out.getvalue(), "Đơn thư")
    assert [kept.cell(r, 1).value for r in (4, 5)] == ["01/ĐT", "02/ĐT"]
    assert kept.cell(7, 1).value is None


def test_a_case_whose_number_starts_like_a_note_is_a_case() -> None:
    """'Ghi chú' alone is no note, nor is a case number starting with '*' or in brackets beside its dates."""
    rows = [petition("*01", "06/01/2025"), petition("GHI-02", "07/01/2025"), petition("(03/ĐT)", "08/01/2025")]
    parsed = validate_workbook(build_return(petitions=rows), "f.xlsx", today=TODAY)
    assert parsed.errors == []
    assert [r["petition_ref"] for r in parsed.rows["petitions"]] == ["*01", "GHI-02", "(03/ĐT)"]


def test_a_line_in_brackets_under_the_models_is_no_model() -> None:
    """'(Danh sách gồm 01 mô hình)' under the Dân vận khéo list was a model missing its Lĩnh vực, Ngày
    đăng ký and Trạng thái: three errors and the file refused (black-box round, session 20)."""
    import openpyxl

    model = {"Tên mô hình": "Dân vận khéo trong GPMB", "Loại": "Mô hình", "Lĩnh vực": "Kinh tế",
             "Ngày đăng ký": "15/01/2025", "Trạng thái": "Đang triển khai"}
    book = openpyxl.load_workbook(io.BytesIO(build_return(models=[model])))
    book["Dân vận khéo"].append(["(Danh sách gồm 01 mô hình)"])
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "f.xlsx", today=TODAY)
    assert parsed.errors == [], [f.line("f.xlsx") for f in parsed.errors]
    assert [r["model_name"] for r in parsed.rows["models"]] == ["Dân vận khéo trong GPMB"]


def test_a_signature_like_line_above_more_data_is_a_data_row_with_its_errors() -> None:
    """"Giám đốc Sở" alone on a row is a signature only at the end of the list: above other cases it
    is an unfinished row, and its errors are shown rather than the cases below it dropped."""
    data = build_return(petitions=[petition("01", "06/01/2025"), {"Số hiệu đơn": None, "Ghi chú": "Giám đốc Sở"},
                                   petition("03", "08/01/2025")])
    assert errors(data)[:1] == [
        "bao_cao.xlsx: Đơn thư!A5: Lỗi: Thiếu Số hiệu đơn. Hãy nhập số hiệu đơn."]


def test_a_formula_the_file_holds_no_result_for_is_named_not_taken_as_empty() -> None:
    """openpyxl and other programs write formulas without their result; Excel saves the result. A
    required or optional cell with such a formula is an error naming it; with a saved result
    (Excel's ``<v>``), the result is read."""
    import openpyxl

    sessions = [session(), session(**{"Ngày tiếp": "16/01/2025"})]
    book = openpyxl.load_workbook(io.BytesIO(build_return(reception=sessions)))
    ws = book["Tiếp công dân"]
    people = [c.value for c in ws[3]].index("Số người") + 1
    cases = [c.value for c in ws[3]].index("Số vụ việc") + 1
    ws.cell(row=4, column=people, value="=E4+1")
    ws.cell(row=5, column=cases, value="=1+1")
    ws.append(["Tổng cộng", None, None, None, "=SUM(E4:E5)"])  # a total row is skipped, formula or not
    out = io.BytesIO()
    book.save(out)
    people_cell, cases_cell = f"{chr(64 + people)}4", f"{chr(64 + cases)}5"
    hint = ("nhưng tệp không lưu kết quả của công thức (tệp do phần mềm tạo ra, chưa mở bằng Excel). Hãy mở tệp bằng "
            "Excel, bấm Lưu rồi gửi lại, hoặc nhập số thay cho công thức.")
    assert errors(out.getvalue()) == [
        f"bao_cao.xlsx: Tiếp công dân!{people_cell}: Lỗi: Số người là công thức '=E4+1' {hint}",
        f"bao_cao.xlsx: Tiếp công dân!{cases_cell}: Lỗi: Số vụ việc là công thức '=1+1' {hint}",
    ]
    # the same formulas with the results Excel saves next to them
    import zipfile

    saved = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as src, zipfile.ZipFile(saved, "w") as dst:
        for item in src.infolist():
            part = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                part = part.replace(b"<f>E4+1</f><v></v>", b"<f>E4+1</f><v>3</v>")
                part = part.replace(b"<f>1+1</f><v></v>", b"<f>1+1</f><v>2</v>")
            dst.writestr(item, part)
    parsed = validate_workbook(saved.getvalue(), "f.xlsx", today=TODAY)
    assert parsed.errors == [], [f.line("f.xlsx") for f in parsed.errors]
    assert [(r["people"], r["cases"]) for r in parsed.rows["reception"]] == [(3, 0), (2, 2)]  # blank: 0



def test_a_formula_quoted_in_a_message_shows_no_text_literal_nor_phone_number() -> None:
    """A formula's text literals are free text (a citizen's name could be one), and a number in it
    could be a phone: the message quotes the formula with its literals left out and numbers that
    look personal masked, as a text cell's value is."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(build_return(reception=[session()])))
    ws = book["Tiếp công dân"]
    people = [c.value for c in ws[3]].index("Số người") + 1
    ws.cell(row=4, column=people, value='=IF(B4="Nguyễn Văn ""Tư""",1,0912345678)')
    out = io.BytesIO()
    book.save(out)
    [finding] = validate_workbook(out.getvalue(), "f.xlsx", today=TODAY).errors
    assert finding.rule == "formula.no_value"
    assert finding.value == '=IF(B4="…",1,[đã ẩn])'
    assert "Số người là công thức '=IF(B4=\"…\",1,[đã ẩn])' nhưng" in finding.message
    assert "Nguyễn" not in finding.message + finding.value and "0912" not in finding.message + finding.value

def test_a_hidden_sheet_of_the_template_is_read_and_said_so() -> None:
    """Its rows are in the file, so they are loaded; nobody who opened the file saw them: told."""
    book = openpyxl.load_workbook(io.BytesIO(build_return(petitions=[petition("01", "03/03/2025")])))
    book["Đơn thư"].sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "x.xlsx", today=TODAY)
    assert [r["petition_ref"] for r in parsed.rows["petitions"]] == ["01"]
    assert [f.line("x.xlsx") for f in parsed.findings] == [
        "x.xlsx: Đơn thư: Cảnh báo: Trang 'Đơn thư' đang bị ẩn trong tệp nhưng vẫn được đọc và nạp (1 dòng). Nếu "
        "trang này không phải số liệu báo cáo kỳ này, hãy xoá trang rồi gửi lại."]


def _petition_rows(n: int) -> list[dict]:
    return [petition(f"{i:04d}", "03/03/2025") for i in range(1, n + 1)]


def _hide(*rows: int):
    def edit(book) -> None:
        for r in rows:
            book["Đơn thư"].row_dimensions[r].hidden = True
    return edit


def test_data_rows_hidden_in_the_file_are_read_and_named() -> None:
    """Rows hidden by hand (or filtered out) are in the file, so they are loaded as a hidden sheet's
    are; whoever checked the file did not see them: the warning names them."""
    data = _edited(build_return(petitions=_petition_rows(4)), _hide(5, 6))  # the 2nd and 3rd cases (header on 3)
    parsed = validate_workbook(data, "x.xlsx", today=TODAY)
    assert [r["petition_ref"] for r in parsed.rows["petitions"]] == ["0001", "0002", "0003", "0004"]
    [told] = [f for f in parsed.findings if f.rule == "row.hidden"]
    assert (told.severity, told.sheet, told.row) == ("warning", "Đơn thư", 5)
    assert told.message == (
        "2 dòng số liệu của trang 'Đơn thư' đang bị ẩn hoặc bị lọc trong tệp (dòng 5, 6) nhưng vẫn được đọc và "
        "nạp như các dòng khác. Nếu các dòng đó không thuộc báo cáo kỳ này, hãy xoá hẳn các dòng rồi gửi lại.")
    assert parsed.ok


def test_rows_filtered_out_or_folded_are_named_and_only_data_rows_count() -> None:
    """An AutoFilter hides the rows it filters out, an outline group folds its rows: the same
    attribute. A hidden blank row, the title row or a hidden column is nothing to tell."""
    def edit(book) -> None:
        ws = book["Đơn thư"]
        ws.auto_filter.ref = f"A3:{ws.cell(row=3, column=ws.max_column).column_letter}{ws.max_row}"
        for r in range(5, 12):  # filtered out: 7 data rows
            ws.row_dimensions[r].hidden = True
        ws.row_dimensions.group(13, 14, hidden=True)  # folded: 2 more
        ws.row_dimensions[1].hidden = True  # the title
        ws.row_dimensions[40].hidden = True  # blank, under the list
        ws.column_dimensions["A"].hidden = True
    parsed = validate_workbook(_edited(build_return(petitions=_petition_rows(14)), edit), "x.xlsx", today=TODAY)
    assert len(parsed.rows["petitions"]) == 14
    [told] = [f for f in parsed.findings if f.rule == "row.hidden"]
    assert told.message.startswith("9 dòng số liệu của trang 'Đơn thư' đang bị ẩn hoặc bị lọc trong tệp "
                                   "(dòng 5, 6, 7, 8, 9 và 4 dòng khác)")
    only_column = _edited(build_return(petitions=_petition_rows(3)), lambda b: setattr(
        b["Đơn thư"].column_dimensions["B"], "hidden", True))
    assert "row.hidden" not in [f.rule for f in validate_workbook(only_column, "x.xlsx", today=TODAY).findings]


def test_a_hidden_column_with_data_is_named_an_empty_one_is_not() -> None:
    """A column hidden in the file (Ngày nhận, B) is read like any other, as hidden rows are; nobody
    who checked the file saw it. A hidden column with nothing in it (Lĩnh vực, D) is nothing to tell."""
    def edit(book) -> None:
        ws = book["Đơn thư"]
        ws.column_dimensions["B"].hidden = True
        ws.column_dimensions["D"].hidden = True
    parsed = validate_workbook(_edited(build_return(petitions=_petition_rows(3)), edit), "x.xlsx", today=TODAY)
    assert [r["received_date"] for r in parsed.rows["petitions"]] == [date(2025, 3, 3)] * 3
    [told] = [f for f in parsed.findings if f.rule == "column.hidden"]
    assert (told.severity, told.location) == ("warning", "Đơn thư!B3")
    assert told.message == (
        "Cột 'Ngày nhận' (cột B) của trang 'Đơn thư' đang bị ẩn trong tệp nhưng vẫn được đọc và nạp. Hãy hiện cột "
        "để kiểm tra lại số liệu; nếu có chỗ sai, sửa rồi gửi lại.")


def test_a_hidden_row_of_a_big_sheet_is_found_too() -> None:
    """A worksheet part over a chunk goes through the bulk scanner: its hidden rows are found all the same."""
    data = _edited(build_return(petitions=_petition_rows(9000)), _hide(9000))
    parsed = validate_workbook(data, "x.xlsx", today=TODAY)
    [told] = [f for f in parsed.findings if f.rule == "row.hidden"]
    assert (told.row, told.message.split(" (")[1]) == (9000, "dòng 9000) nhưng vẫn được đọc và nạp như các dòng khác. "
                                                       "Nếu các dòng đó không thuộc báo cáo kỳ này, hãy xoá hẳn các "
                                                       "dòng rồi gửi lại.")


def test_rows_hidden_in_an_ods_are_named_too() -> None:
    """LibreOffice marks a hidden row (or column) 'collapse' and a filtered-out one 'filter', and
    writes a run of like rows once with a repeat count, which the row numbers count: two blank rows
    written as one push the 2nd case to row 7 and the 4th to row 9. Blank hidden rows under the
    list are nothing to tell."""
    import zipfile

    from tests.test_annotate import as_ods

    ods = as_ods(build_return(petitions=_petition_rows(5)))  # header on row 3, cases on rows 4-8
    with zipfile.ZipFile(io.BytesIO(ods)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["content.xml"].decode()
    start = xml.index('table:name="Đơn thư"')
    end = xml.index("</table:table>", start)
    rows = [start + m.start() for m in re.finditer("<table:table-row>", xml[start:end])]
    second, fourth = rows[4], rows[6]
    blank_pair = '<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>'
    hidden_tail = ('<table:table-row table:visibility="collapse" table:number-rows-repeated="1000">'
                   "<table:table-cell/></table:table-row>")
    opened = xml.index(">", start) + 1  # the columns come first: A shown, B (Ngày nhận) hidden
    columns = '<table:table-column/><table:table-column table:visibility="collapse"/>'
    xml = (xml[:opened] + columns + xml[opened:second] + blank_pair + '<table:table-row table:visibility="collapse">'
           + xml[second + len("<table:table-row>"):fourth] + '<table:table-row table:visibility="filter">'
           + xml[fourth + len("<table:table-row>"):end] + hidden_tail + xml[end:])
    parts["content.xml"] = xml.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    parsed = validate_workbook(out.getvalue(), "x.ods", today=TODAY)
    assert [(r["_row"], r["petition_ref"]) for r in parsed.rows["petitions"]] == [
        (4, "0001"), (7, "0002"), (8, "0003"), (9, "0004"), (10, "0005")]
    [told] = [f for f in parsed.findings if f.rule == "row.hidden"]
    assert told.message.startswith("2 dòng số liệu của trang 'Đơn thư' đang bị ẩn hoặc bị lọc trong tệp (dòng 7, 9)")
    assert [f.location for f in parsed.findings if f.rule == "column.hidden"] == ["Đơn thư!B3"]


def test_rows_hidden_in_an_xls_are_named_too() -> None:
    """An .xls (Excel 97-2003) marks a hidden row in its ROW record and a hidden column in its
    COLINFO, which calamine does not read: the 2nd case (row 5) and Ngày nhận hidden are named as in
    an .xlsx; the same file with nothing hidden says nothing."""
    import xlwt

    from tests.test_annotate import _cells

    def as_xls(hidden: tuple[int, ...]) -> bytes:
        book = xlwt.Workbook(encoding="utf-8")
        for title, rows in _cells(build_return(petitions=_petition_rows(3))).items():
            ws = book.add_sheet(title)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value is not None:
                        ws.write(r, c, value)
                if title == "Đơn thư" and r + 1 in hidden:
                    ws.row(r).hidden = True
            if title == "Đơn thư" and hidden:
                ws.col(1).hidden = True  # Ngày nhận
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    parsed = validate_workbook(as_xls((5,)), "x.xls", today=TODAY)
    assert [r["petition_ref"] for r in parsed.rows["petitions"]] == ["0001", "0002", "0003"]
    [told] = [f for f in parsed.findings if f.rule == "row.hidden"]
    assert (told.sheet, told.row) == ("Đơn thư", 5)
    assert told.message.startswith("1 dòng số liệu của trang 'Đơn thư' đang bị ẩn hoặc bị lọc trong tệp (dòng 5)")
    assert [f.message.split(" của trang")[0] for f in parsed.findings if f.rule == "column.hidden"] == [
        "Cột 'Ngày nhận' (cột B)"]
    assert [f.rule for f in validate_workbook(as_xls(()), "x.xls", today=TODAY).findings] == []


def _edited(data: bytes, edit) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_hidden_copy_of_a_list_sheet_gives_way_to_the_visible_one() -> None:
    """'Đơn thư (2)', last period's tab hidden beside this one: the visible tab is what the unit filled
    and checked (left empty: nothing to report), whichever comes first; the copy is set aside, told."""
    def with_hidden_copy(first: bool):
        def edit(book) -> None:
            old = book.copy_worksheet(book["Đơn thư"])
            old.title = "Đơn thư (2)"
            old.sheet_state = "hidden"
            old.cell(4, 1, "OLD-1")
            old.cell(4, 2, "05/05/2024")
            if first:
                book.move_sheet(old, offset=-book.index(old))
        return edit

    for first in (False, True):
        data = _edited(build_return(petitions=[]), with_hidden_copy(first))
        parsed = validate_workbook(data, "x.xlsx", today=TODAY)
        assert parsed.errors == [] and parsed.rows["petitions"] == []
        assert [(f.rule, f.message) for f in parsed.warnings if f.sheet == "Đơn thư (2)"] == [(
            "sheet.duplicate_hidden",
            "Trang ẩn 'Đơn thư (2)' trùng với trang 'Đơn thư' nên bị bỏ qua và không được lưu (số liệu được đọc ở "
            "trang 'Đơn thư'). Nếu trang ẩn có số liệu cần báo cáo kỳ này, hãy chép vào trang 'Đơn thư' rồi gửi lại.")]
        assert "Đơn thư (2)" in parsed.unstored_sheets


def test_the_header_row_repeated_after_a_page_break_is_skipped_with_its_numbering() -> None:
    sessions = [{"Ngày tiếp": "15/01/2025", "Hình thức": "Định kỳ", "Người chủ trì": "Giám đốc Sở", "Số lượt": 2,
                 "Số người": 2}, {"Ngày tiếp": "17/02/2025", "Hình thức": "Định kỳ", "Người chủ trì": "Giám đốc Sở",
                                  "Số lượt": 3, "Số người": 4}]

    def repeat_header(book) -> None:
        ws = book["Tiếp công dân"]
        header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Ngày tiếp")
        ws.insert_rows(header + 2, 2)  # between the two sessions: the header again, its numbering under it
        for c in range(1, ws.max_column + 1):
            ws.cell(header + 2, c, ws.cell(header, c).value)
            ws.cell(header + 3, c, c)

    parsed = validate_workbook(_edited(build_return(reception=sessions), repeat_header), "x.xlsx", today=TODAY)
    assert parsed.errors == [], [f.line("x.xlsx") for f in parsed.errors]
    assert [(r["session_date"], r["visits"]) for r in parsed.rows["reception"]] == [
        (date(2025, 1, 15), 2), (date(2025, 2, 17), 3)]
    assert [f.line("x.xlsx") for f in parsed.warnings if f.rule == "row.repeated_header"] == [
        "x.xlsx: Tiếp công dân dòng 5: Cảnh báo: Dòng 5, 6 lặp lại hàng tiêu đề (thường do ngắt trang khi in) nên "
        "được bỏ qua; các dòng số liệu trên và dưới vẫn được đọc."]


def test_another_table_under_the_list_ends_it_unread_and_unstored(tmp_path: Path) -> None:
    """A monthly summary under the sessions ('TỔNG HỢP THEO THÁNG', then 'Tháng | Số buổi | Số lượt'):
    one warning, not an error per cell of it; it is neither read nor kept in the stored copy."""
    sessions = [{"Ngày tiếp": "15/01/2025", "Hình thức": "Định kỳ", "Người chủ trì": "Giám đốc Sở", "Số lượt": 2,
                 "Số người": 2}]

    def add_summary(book) -> None:
        ws = book["Tiếp công dân"]
        last = ws.max_row
        ws.cell(last + 3, 1, "TỔNG HỢP THEO THÁNG")
        for c, text in enumerate(["Tháng", "Số buổi", "Số lượt"], start=1):
            ws.cell(last + 4, c, text)
        for c, value in enumerate(["Tháng 1", 1, 2], start=1):
            ws.cell(last + 5, c, value)

    data = _edited(build_return(reception=sessions), add_summary)
    parsed = validate_workbook(data, "x.xlsx", today=TODAY)
    assert parsed.errors == [], [f.line("x.xlsx") for f in parsed.errors]
    assert [r["visits"] for r in parsed.rows["reception"]] == [2]
    assert [f.line("x.xlsx") for f in parsed.warnings if f.rule == "sheet.other_table"] == [
        "x.xlsx: Tiếp công dân!A7: Cảnh báo: Từ dòng 7 ('TỔNG HỢP THEO THÁNG') là một bảng khác đặt dưới danh "
        "sách: bảng này không được đọc và không được lưu. Số liệu được tính từ các dòng của danh sách; nếu cần báo "
        "cáo thêm, hãy ghi thành dòng của danh sách theo mẫu."]
    db = tmp_path / "t.duckdb"
    assert load_bytes(db, data, "x.xlsx", "vanphong", today=TODAY).status == "loaded"
    with duckdb.connect(str(db), read_only=True) as con:
        content = con.execute("SELECT content FROM submission_files").fetchone()[0]
    stored = openpyxl.load_workbook(io.BytesIO(bytes(content)))["Tiếp công dân"]
    assert [stored.cell(r, 1).value for r in (7, 8, 9)] == [None, None, None]
    assert stored.cell(4, 5).value == 2


def test_tab_names_with_the_period_after_them_are_the_sheets() -> None:
    data = build_return(petitions=[petition("01", "06/01/2025")], reception=[session()],
                        sheet_names={"petitions": "Đơn thư quý I", "reception": "Tiếp công dân Q1-2025"})
    parsed = validate_workbook(data, "f.xlsx", today=TODAY)
    assert parsed.errors == []
    assert (len(parsed.rows["petitions"]), len(parsed.rows["reception"])) == (1, 1)
    assert not [f for f in parsed.warnings if f.rule.startswith("sheet.")]
    other = validate_workbook(build_return(sheet_names={"petitions": "Đơn thư cũ"}), "f.xlsx", today=TODAY)
    assert [f.message for f in other.warnings if f.rule == "sheet.missing_list"][:1] == [
        "Không có trang 'Đơn thư': coi như kỳ này đơn vị không có gì để báo cáo ở mục này. Nếu có, hãy bổ sung "
        "trang 'Đơn thư' và gửi lại."]


def test_tab_names_with_a_number_in_front_are_the_sheets() -> None:
    """'3. Đơn thư', 'Biểu 2 - Tiếp công dân', 'PL01. Chỉ tiêu': the list is read, not set aside
    as an unknown sheet (the file loaded with no case)."""
    data = build_return(petitions=[petition("01", "06/01/2025")], reception=[session()],
                        sheet_names={"petitions": "3. Đơn thư", "reception": "Biểu 2 - Tiếp công dân",
                                     "indicators": "PL01. Chỉ tiêu"})
    parsed = validate_workbook(data, "f.xlsx", today=TODAY)
    assert parsed.errors == []
    assert (len(parsed.rows["petitions"]), len(parsed.rows["reception"]), len(parsed.rows["indicators"])) == (1, 1, 5)
    assert parsed.sheet_names["petitions"] == "3. Đơn thư"
    assert not [f for f in parsed.warnings if f.rule.startswith("sheet.")]


def test_an_unreadable_period_is_the_one_finding_about_the_period() -> None:
    """Which indicators a return owes depends on its period: with the period unreadable, no
    "Chưa báo cáo chỉ tiêu" warning guesses at it."""
    one = [{"Mã chỉ tiêu": "CT01", "Thực hiện": "Có"}]
    parsed = validate_workbook(build_return(period="Quý 5/2025", indicators=one), "f.xlsx", today=TODAY)
    assert [f.rule for f in parsed.errors] == ["info.bad_period"]
    assert not [f for f in parsed.warnings if f.rule == "indicator.not_reported"]


@pytest.mark.parametrize("written, read, meant", [
    ("Quý III/2025 (lũy kế 9 tháng)", "2025-Q3", "9 tháng năm 2025"),
    ("Quý II năm 2025 (6 tháng đầu năm)", "2025-Q2", "6 tháng đầu năm 2025"),
    ("Tháng 9/2025 (lũy kế 9 tháng)", "2025-09", "9 tháng năm 2025"),
    ("Quý III/2025 - lũy kế", "2025-Q3", "9 tháng năm 2025"),  # after the period, not in brackets: refused
    ("Quý III/2025, lũy kế 9 tháng", "2025-Q3", "9 tháng năm 2025"),
    ("2025-Q3 luy ke", "2025-Q3", "9 tháng năm 2025"),
    ("Lũy kế quý II/2025", "2025-Q2", "6 tháng đầu năm 2025"),
])
def test_a_quarter_written_with_cumulative_words_is_read_as_the_quarter_and_said_so(written, read, meant) -> None:
    """The words in brackets are dropped (they usually give the window's dates): a quarter that also
    says 'lũy kế 9 tháng' is read as the quarter, and the unit is told how to say the cumulative one."""
    parsed = validate_workbook(build_return(period=written), "f.xlsx", today=TODAY)
    assert parsed.period.code == read
    [told] = [f for f in parsed.findings if f.rule == "info.period_cumulative_words"]
    assert told.severity == "warning"
    assert told.message.endswith(f"Nếu đây là báo cáo lũy kế từ đầu năm, hãy ghi Kỳ báo cáo '{meant}' rồi gửi lại; "
                                 f"nếu là báo cáo {'quý' if 'Q' in read else 'tháng'}, không cần sửa.")
    assert told.message.startswith(f"Kỳ báo cáo '{written}' được đọc là {parsed.period.label} (")


@pytest.mark.parametrize("written", ["Quý III/2025", "Quý I/2025 (lũy kế)", "9 tháng/2025",
                                     "Quý II/2025 (từ ngày 15 tháng 3 đến ngày 14 tháng 6)",
                                     "Lũy kế 9 tháng năm 2025", "Lũy kế 6 tháng đầu năm 2025"])
def test_a_period_that_is_what_it_says_gets_no_cumulative_warning(written) -> None:
    """Quý I is the year so far already; a window's dates in words are not a cumulative period."""
    parsed = validate_workbook(build_return(period=written), "f.xlsx", today=TODAY)
    assert parsed.period is not None
    assert "info.period_cumulative_words" not in [f.rule for f in parsed.findings]


def test_a_month_written_as_cumulative_with_no_such_period_is_read_as_the_month_and_said_so() -> None:
    """'Tháng 11/2025 (lũy kế)': no return period covers eleven months, so nothing else can be
    suggested; the unit is told its figures count for the month alone (it loaded silently)."""
    parsed = validate_workbook(build_return(period="Tháng 11/2025 (lũy kế)"), "f.xlsx", today=TODAY)
    assert parsed.period.code == "2025-11"
    [told] = [f for f in parsed.findings if f.rule == "info.period_cumulative_words"]
    assert told.message == (
        "Kỳ báo cáo 'Tháng 11/2025 (lũy kế)' được đọc là Tháng 11/2025 (15/10/2025 – 14/11/2025). Không có kỳ báo "
        "cáo lũy kế nào kết thúc cùng tháng này (kỳ lũy kế là 6 tháng, 9 tháng và năm), nên số liệu được tính cho "
        "riêng tháng này; nếu là báo cáo tháng, không cần sửa.")
    assert parsed.ok


def stored_sheet(tmp_path: Path, data: bytes, sheet: str):
    """Load ``data`` into a fresh database and open ``sheet`` of the copy it stored."""
    import openpyxl

    db = tmp_path / "stored.duckdb"
    assert load_bytes(db, data, "f.xlsx", "vanphong", today=TODAY).status == "loaded"
    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute("SELECT content FROM submission_files").fetchone()[0]
    con.close()
    return openpyxl.load_workbook(io.BytesIO(stored))[sheet]


def test_thong_tin_lines_written_key_colon_value_in_one_cell(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(build_return(info_extra={})))
    ws = book["Thông tin"]
    ws.delete_rows(1, ws.max_row)
    for line in ("Mã đơn vị: VP", "Kỳ báo cáo: Quý I/2025", "Họ tên người khiếu nại: Lò Văn Pếch"):
        ws.append([line])
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "f.xlsx", today=TODAY)
    assert parsed.errors == [], [f.line("f.xlsx") for f in parsed.errors]
    assert (parsed.unit_code, parsed.period.code) == ("VP", "2025-Q1")
    assert [(f.rule, f.location) for f in parsed.warnings if f.rule.startswith("privacy")] == [
        ("privacy.column_dropped", "Thông tin!A3")]
    assert not any("Pếch" in f.line("f.xlsx") for f in parsed.findings)
    kept = stored_sheet(tmp_path, out.getvalue(), "Thông tin")
    assert [kept.cell(r, 1).value for r in (1, 2, 3)] == ["Mã đơn vị: VP", "Kỳ báo cáo: Quý I/2025", None]


@pytest.mark.parametrize("typed, day", [
    ("ngày 15/01/2025", date(2025, 1, 15)), ("Ngày 5-1-2025", date(2025, 1, 5)),
    ("ngày 15 tháng 01 năm 2025", date(2025, 1, 15)),
    ("45672", date(2025, 1, 15)),  # a serial number in a column formatted as Text
])
def test_dates_written_as_a_letter_writes_them_or_as_a_serial_in_a_text_cell(typed: str, day: date) -> None:
    parsed = validate_workbook(build_return(petitions=[petition("01", typed)]), "x.xlsx", today=TODAY)
    assert parsed.errors == []
    assert parsed.rows["petitions"][0]["received_date"] == day


@pytest.mark.parametrize("typed", ["12345", "ngày mai", "450000"])
def test_text_that_is_no_serial_nor_date_is_still_refused(typed: str) -> None:
    parsed = validate_workbook(build_return(petitions=[petition("01", typed)]), "x.xlsx", today=TODAY)
    assert [(f.rule, f.location) for f in parsed.errors] == [("date.invalid", "Đơn thư!B4")]


def test_rows_holding_only_the_defaults_dragged_down_are_left_out_with_one_warning() -> None:
    """'Có', 'Lần đầu', 'Không' filled down past the last case: no case (they were four 'Thiếu …'
    errors a row). A row with a default and a case's own value stays a row, with its errors."""
    headers = ["Số hiệu đơn", "Ngày nhận", "Loại đơn", "Thuộc thẩm quyền", "Lần giải quyết", "Vùng sâu vùng xa",
               "Trạng thái"]
    cases = [petition("01", "15/01/2025"), petition("02", "16/01/2025")]
    dragged = [{"Thuộc thẩm quyền": "Có", "Lần giải quyết": "Lần đầu", "Vùng sâu vùng xa": "Không"}] * 5
    parsed = validate_workbook(build_return(petitions=cases + dragged, headers={"petitions": headers}), "x.xlsx",
                               today=TODAY)
    assert parsed.errors == []
    [told] = [f for f in parsed.warnings if f.rule == "row.defaults_only"]
    assert told.message.startswith("5 dòng của trang 'Đơn thư' (dòng 6, 7, 8 và 2 dòng khác) chỉ có giá trị mặc định")
    assert [r["petition_ref"] for r in parsed.rows["petitions"]] == ["01", "02"]
    other = [{"Thuộc thẩm quyền": "Không", "Lần giải quyết": "Lần đầu"}]  # not the default: an unfinished case
    parsed = validate_workbook(build_return(petitions=cases + other, headers={"petitions": headers}), "x.xlsx",
                               today=TODAY)
    assert {f.location for f in parsed.errors} >= {"Đơn thư!A6", "Đơn thư!B6"}


def test_a_year_before_any_indicator_catalogue_is_one_clear_error() -> None:
    one = [{"Mã chỉ tiêu": "CT01", "Thực hiện": "Có"}, {"Mã chỉ tiêu": "CT02", "Thực hiện": "Có"}]
    parsed = validate_workbook(build_return(period="Năm 2023", indicators=one), "f.xlsx", today=TODAY)
    assert [(f.rule, f.sheet) for f in parsed.errors] == [("indicator.no_catalog", "Chỉ tiêu")]
    assert parsed.errors[0].message.startswith(
        "Chưa có danh mục chỉ tiêu năm 2023 (danh mục sớm nhất là năm 2024), nên không đọc được trang chỉ tiêu.")


def test_a_ngay_lap_after_the_upload_day_is_warned_and_left_out() -> None:
    late = validate_workbook(build_return(info_extra={"Ngày lập": "05/01/2027"}), "f.xlsx", today=TODAY)
    assert late.errors == []
    assert [(f.rule, f.value) for f in late.warnings if f.sheet == "Thông tin"] == [("info.future_date", "05/01/2027")]
    assert "report_date" not in late.info
    fine = validate_workbook(build_return(info_extra={"Ngày lập": "20/12/2025"}), "f.xlsx", today=TODAY)
    assert fine.info["report_date"] == date(2025, 12, 20)


def test_headers_with_the_abbreviations_clerks_use() -> None:
    """'Hạn GQ', 'Lần GQ', 'Thẩm quyền GQ', 'KQ giải quyết', 'Số, ký hiệu đơn' … are the template's
    columns: read as them, the deadline uses the second attempt and the unit's own deadline (they
    were ignored as unknown columns and the defaults applied)."""
    headers = ["Số, ký hiệu đơn", "Ngày tiếp nhận đơn", "Loại đơn", "Thẩm quyền GQ", "Lần GQ", "Thời hạn GQ",
               "Ngày hoàn thành GQ", "Trạng thái xử lý", "KQ giải quyết"]
    values = ["KN-07", "15/01/2025", "Khiếu nại", "Có", "Lần hai", "31/03/2025", "10/03/2025", "Đã giải quyết",
              "Đúng một phần"]
    parsed = validate_workbook(build_return(petitions=[dict(zip(headers, values))], headers={"petitions": headers}),
                               "x.xlsx", today=TODAY)
    assert parsed.errors == []
    assert [f.rule for f in parsed.warnings if f.sheet == "Đơn thư"] == []
    [case] = parsed.rows["petitions"]
    assert (case["petition_ref"], case["received_date"], case["attempt"], case["due_date_given"], case["resolved_date"],
            case["status"], case["result"]) == ("KN-07", date(2025, 1, 15), "2", date(2025, 3, 31), date(2025, 3, 10),
                                                "da_giai_quyet", "dung_mot_phan")


def test_a_case_number_excel_turned_into_a_date_is_refused() -> None:
    """'12/2025' typed into a General cell is the date 01/12/2025 in the file: stored, it would be a
    second case beside the '12/2025' the next return types as text. It is an error at its cell."""
    rows = [petition(date(2025, 12, 1), "15/01/2025"), petition(datetime(2025, 1, 2), "15/01/2025"),
            petition("12/2025", "15/01/2025")]
    parsed = validate_workbook(build_return(petitions=rows), "x.xlsx", today=TODAY)
    assert [(f.rule, f.location, f.value) for f in parsed.errors] == [
        ("petition.ref_is_date", "Đơn thư!A4", "01/12/2025"), ("petition.ref_is_date", "Đơn thư!A5", "02/01/2025")]
    assert "định dạng cột Số hiệu đơn là Text" in parsed.errors[0].message


def test_a_second_attempt_on_a_case_that_is_no_complaint_is_warned() -> None:
    """'Lần hai' counts only for a khiếu nại (Luật Khiếu nại Điều 37): on a phản ánh it changes no
    deadline, and the uploader is told at its cell; on a khiếu nại it is the second-attempt rule."""
    headers = ["Số hiệu đơn", "Ngày nhận", "Loại đơn", "Lần giải quyết", "Trạng thái"]
    rows = [petition("01", "15/01/2025", kind="Phản ánh", Lần_giải_quyết="Lần hai"),
            petition("02", "15/01/2025", kind="Khiếu nại", Lần_giải_quyết="Lần hai")]
    parsed = validate_workbook(build_return(petitions=rows, headers={"petitions": headers}), "x.xlsx", today=TODAY)
    assert parsed.errors == []
    [warning] = [f for f in parsed.warnings if f.rule == "petition.attempt_not_complaint"]
    assert warning.location == "Đơn thư!D4"
    assert "đơn này là 'Phản ánh'" in warning.message
    first, second = parsed.rows["petitions"]
    assert (first["due_rule"], second["due_rule"]) == ("PA-TRA-LOI", "KN-L2")


def test_thong_tin_laid_out_label_colon_value_in_three_cells() -> None:
    """A form laid out 'Mã đơn vị' | ':' | 'VP': the colon's cell is no value, the cell after it is,
    and neither is told as data outside the template's columns."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(build_return(info_extra={})))
    ws = book["Thông tin"]
    ws.delete_rows(1, ws.max_row)
    for label, value in (("Mã đơn vị", "VP"), ("Kỳ báo cáo", "Quý I/2025"), ("Ngày lập", "20/03/2025")):
        ws.append([label, ":", value])
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "f.xlsx", today=TODAY)
    assert parsed.errors == [], [f.line("f.xlsx") for f in parsed.errors]
    assert (parsed.unit_code, parsed.period.code) == ("VP", "2025-Q1")
    assert [f.rule for f in parsed.warnings if f.sheet == "Thông tin"] == []


@pytest.mark.parametrize("cell", [
    b'<c r="E4"><f>E3+1</f><v></v></c>',  # openpyxl: a formula and an empty value
    b'<c r="E4"><f>E3+1</f></c>',  # no value at all
    b'<c r="E5"><f t="shared" si="0"/></c>',  # a shared formula's other cell, no value
    b'<c r="E6" s="5" t="e"><v>#N/A</v></c>',  # an error value
])
def test_a_valueless_formula_is_found_wherever_the_chunks_cut_it(cell: bytes) -> None:
    """The safety check reads a worksheet a chunk at a time; a formula cell (or an error value) cut
    between chunks, at any byte, still marks its worksheet for the exact look at those cells."""
    import zipfile

    from etl.reader import _checked

    head = b'<worksheet><sheetData><row r="4"><c r="A4" t="inlineStr"><is><t>x</t></is></c>'
    xml = head + cell + b"</row></sheetData></worksheet>"
    info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
    for cut in range(1, len(xml)):
        for second in range(cut + 1, min(len(xml), cut + 12)):
            found: set[str] = set()
            pieces = iter([xml[:cut], xml[cut:second], xml[second:]])
            assert list(_checked(pieces, info, "f.xlsx", True, found)) == [xml[:cut], xml[cut:second], xml[second:]]
            assert found == {info.filename}, (cut, second)
    # with the result saved, nothing is marked, however it is cut
    saved = head + b'<c r="E4"><f>E3+1</f><v>3</v></c></row></sheetData></worksheet>'
    for cut in range(1, len(saved)):
        found = set()
        list(_checked(iter([saved[:cut], saved[cut:]]), info, "f.xlsx", True, found))
        assert found == set(), cut


def test_a_numbering_row_under_headers_merged_straight_down_is_not_data() -> None:
    """Every header merged over two rows (A3:A4, B3:B4 ...) with no sub-header, and the numbering
    row under them: the lower half reads as an empty row, and the numbering row is still skipped."""
    import openpyxl

    for numbers in (lambda c: c, lambda c: f"({c})"):
        book = openpyxl.load_workbook(io.BytesIO(build_return(reception=[session(), session(**{"Ngày tiếp": "16/01/2025"})])))
        ws = book["Tiếp công dân"]
        width = ws.max_column
        ws.insert_rows(4, 2)
        for c in range(1, width + 1):
            ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
            ws.cell(row=5, column=c, value=numbers(c))
        out = io.BytesIO()
        book.save(out)
        parsed = validate_workbook(out.getvalue(), "f.xlsx", today=TODAY)
        assert parsed.errors == [], [f.line("f.xlsx") for f in parsed.errors]
        assert [(r["_row"], r["session_date"]) for r in parsed.rows["reception"]] == [
            (6, date(2025, 1, 15)), (7, date(2025, 1, 16))]


def test_a_header_merged_over_two_rows_with_one_column_written_on_both_is_one_header() -> None:
    """Every header merged over rows 3-4 but 'Gia hạn' in row 3 over '(ngày)' in row 4: row 4 is the
    second line of the header, not a case missing all it requires."""
    import openpyxl

    cases = [petition("01/KN", "06/01/2025", **{"Ngày thụ lý": "08/01/2025", "Gia hạn (ngày)": 10}),
             petition("02/KN", "07/01/2025")]
    book = openpyxl.load_workbook(io.BytesIO(build_return(petitions=cases)))
    ws = book["Đơn thư"]
    ws.insert_rows(4)
    for c, header in enumerate(PETITION_HEADERS, start=1):
        if header == "Gia hạn (ngày)":
            ws.cell(row=3, column=c, value="Gia hạn")
            ws.cell(row=4, column=c, value="(ngày)")
        else:
            ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "f.xlsx", today=TODAY)
    assert parsed.errors == [], [f.line("f.xlsx") for f in parsed.errors]
    assert [(r["_row"], r["petition_ref"], r["extension_days"]) for r in parsed.rows["petitions"]] == [
        (5, "01/KN", 10), (6, "02/KN", None)]


def test_a_choice_written_with_an_en_dash_is_the_choice() -> None:
    """Word and Excel turn ' - ' into ' – ' as it is typed: 'Văn hóa – xã hội' is the field."""
    models = [{"Tên mô hình": f"Mô hình {i}", "Lĩnh vực": field, "Ngày đăng ký": "10/01/2025", "Trạng thái": "Đăng ký"}
              for i, field in enumerate(["Văn hóa – xã hội", "Quốc phòng — An ninh", "Văn hoá − Xã hội"])]
    parsed = validate_workbook(build_return(models=models), "f.xlsx", today=TODAY)
    assert parsed.errors == [], [f.line("f.xlsx") for f in parsed.errors]
    assert [m["field"] for m in parsed.rows["models"]] == ["van_hoa_xa_hoi", "quoc_phong_an_ninh", "van_hoa_xa_hoi"]


def test_an_excel_error_value_is_named_with_its_cell_not_read_as_empty(tmp_path: Path) -> None:
    """#N/A, #VALUE!, #DIV/0! (a formula's result, or pasted as a value): calamine reads them as empty
    cells. In a count or a date, required or not, each is an error quoting it; in a note, a warning
    and the note is left blank. Nothing is stored."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(build_return(
        reception=[session(**{"Ghi chú": "x"}), session(**{"Ngày tiếp": "16/01/2025"}), session(**{"Ngày tiếp": "17/01/2025"})])))
    ws = book["Tiếp công dân"]
    col = {c.value: c.column_letter for c in ws[3]}
    ws[f"{col['Số vụ việc']}4"] = "#N/A"  # openpyxl writes these as error cells (t="e")
    ws[f"{col['Số lượt']}5"] = "#VALUE!"
    ws[f"{col['Ngày tiếp']}6"] = "#REF!"
    ws[f"{col['Ghi chú']}4"] = "#DIV/0!"
    out = io.BytesIO()
    book.save(out)
    assert b't="e"' in __import__("zipfile").ZipFile(out).read("xl/worksheets/sheet4.xml")
    advice = "của Excel (công thức tính ra lỗi, hoặc dán từ một ô lỗi). Hãy sửa công thức hoặc nhập đúng giá trị rồi gửi lại."
    assert errors(out.getvalue()) == [
        f"bao_cao.xlsx: Tiếp công dân!{col['Số vụ việc']}4: Lỗi: Số vụ việc là giá trị lỗi '#N/A' {advice}",
        f"bao_cao.xlsx: Tiếp công dân!{col['Số lượt']}5: Lỗi: Số lượt là giá trị lỗi '#VALUE!' {advice}",
        f"bao_cao.xlsx: Tiếp công dân!{col['Ngày tiếp']}6: Lỗi: Ngày tiếp là giá trị lỗi '#REF!' {advice}",
    ]
    parsed = validate_workbook(out.getvalue(), "f.xlsx", today=TODAY)
    assert [f.line("f.xlsx") for f in parsed.warnings if f.rule == "cell.error_value"] == [
        f"f.xlsx: Tiếp công dân!{col['Ghi chú']}4: Cảnh báo: Ghi chú là giá trị lỗi '#DIV/0!' của Excel nên được để "
        "trống. Nếu cần, hãy sửa công thức hoặc ghi lại nội dung rồi gửi lại."]
    db = tmp_path / "t.duckdb"
    assert load_bytes(db, out.getvalue(), "bao_cao.xlsx", "test", today=TODAY).status == "rejected"
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM v_submissions").fetchone() == (0,)


def test_a_refused_level_is_one_error_and_a_decimal_is_quoted_the_vietnamese_way() -> None:
    """'Huyện' is not a recognition level: that cell gets that one error, not a second one saying the
    recognised model lacks a level; a count typed 3.5 is quoted '3,5'."""
    model = {"Tên mô hình": "Mô hình A", "Lĩnh vực": "Kinh tế", "Ngày đăng ký": "10/01/2025",
             "Trạng thái": "Được công nhận", "Cấp công nhận": "Huyện"}
    found = errors(build_return(models=[model], reception=[session(**{"Số người": 3.5})]))
    assert [line.split(": Lỗi: ")[0] for line in found] == ["bao_cao.xlsx: Tiếp công dân!F4", "bao_cao.xlsx: Dân vận khéo!H4"]
    assert "Số người '3,5' không phải số nguyên" in found[0]
    assert "Cấp công nhận 'Huyện' không có trong danh sách" in found[1]


def test_what_offices_write_in_the_indicator_rows_reads_as_meant() -> None:
    """'CT1' is CT01; 'Đạt' is Có and 'Chưa ban hành' Không; the civil-service rating 'Hoàn thành tốt nhiệm
    vụ' is Tốt; '100%' of a ratio's Tổng số is that count (told); section rows "I" · "CÔNG TÁC ..."
    between the indicators are headings."""
    indicators = [
        {"Mã chỉ tiêu": "I", "Nội dung": "CÔNG TÁC QUÁN TRIỆT, TUYÊN TRUYỀN"},
        {"Mã chỉ tiêu": "CT1", "Thực hiện": "Đạt"},
        {"Mã chỉ tiêu": "CT-02", "Thực hiện": "Chưa ban hành"},
        {"Mã chỉ tiêu": "II", "Nội dung": "TẬP HUẤN"},
        {"Mã chỉ tiêu": "ct 4", "Thực hiện": "80%", "Tổng số": 15},
        {"Mã chỉ tiêu": "CT06", "Thực hiện": "Hoàn thành tốt nhiệm vụ"},
        {"Mã chỉ tiêu": "CT07", "Thực hiện": 20, "Tổng số": 20},
    ]
    parsed = validate_workbook(build_return(period="Năm 2025", indicators=indicators), "f.xlsx", today=TODAY)
    assert parsed.errors == [], [f.line("f.xlsx") for f in parsed.errors]
    assert [(r["indicator_code"], r["actual"], r["actual_label"]) for r in parsed.rows["indicators"]] == [
        ("CT01", 1.0, "Có"), ("CT02", 0.0, "Không"), ("CT04", 12.0, None), ("CT06", 4.0, "Tốt"), ("CT07", 20.0, None)]
    assert [f.line("f.xlsx") for f in parsed.warnings if f.rule == "indicator.percent_read_as_count"] == [
        "f.xlsx: Chỉ tiêu!D8: Cảnh báo: Thực hiện '80%' của chỉ tiêu CT04 được hiểu là 80% của Tổng số 15, tức 12. "
        "Lần sau hãy ghi số (ví dụ số người), không ghi tỷ lệ."]


def test_a_ratio_s_thuc_hien_written_as_a_fraction_is_that_share_of_tong_so() -> None:
    """0,95 in a General cell beside Tổng số 40 is no count of people: 95% of 40, told (stored 0,95, it
    was a rate of 2,4% and 'Chưa đạt' without a word). A whole number stays the count."""
    indicators = [{"Mã chỉ tiêu": "CT04", "Thực hiện": 0.95, "Tổng số": 40},
                  {"Mã chỉ tiêu": "CT07", "Thực hiện": 1, "Tổng số": 20}]
    parsed = validate_workbook(build_return(period="Năm 2025", indicators=indicators), "f.xlsx", today=TODAY)
    assert parsed.errors == []
    assert [(r["indicator_code"], r["actual"]) for r in parsed.rows["indicators"]] == [("CT04", 38.0), ("CT07", 1.0)]
    assert [f.line("f.xlsx") for f in parsed.warnings if f.rule == "indicator.fraction_read_as_count"] == [
        "f.xlsx: Chỉ tiêu!D4: Cảnh báo: Thực hiện '0,95' của chỉ tiêu CT04 được hiểu là tỷ lệ 95% của Tổng số 40, "
        "tức 38. Lần sau hãy ghi số (ví dụ số người), không ghi tỷ lệ."]


def test_indicators_written_by_the_plan_s_numbers_are_its_codes() -> None:
    """The plan numbers its targets 1 to 7: '1' (a number cell), '02', 'Chỉ tiêu 4', 'Chỉ tiêu số 6'
    are CT01, CT02, CT04, CT06; a number the plan has not is refused with the codes to use."""
    indicators = [
        {"Mã chỉ tiêu": 1, "Thực hiện": "Có"}, {"Mã chỉ tiêu": "02", "Thực hiện": "Có"},
        {"Mã chỉ tiêu": "Chỉ tiêu 4", "Thực hiện": 10, "Tổng số": 10},
        {"Mã chỉ tiêu": "Chỉ tiêu số 6", "Thực hiện": "Tốt"}, {"Mã chỉ tiêu": 7, "Thực hiện": 20, "Tổng số": 20},
    ]
    parsed = validate_workbook(build_return(period="Năm 2025", indicators=indicators), "f.xlsx", today=TODAY)
    assert parsed.errors == [], [f.line("f.xlsx") for f in parsed.errors]
    assert [(r["indicator_code"], r["actual"]) for r in parsed.rows["indicators"]] == [
        ("CT01", 1.0), ("CT02", 1.0), ("CT04", 10.0), ("CT06", 4.0), ("CT07", 20.0)]
    parsed = validate_workbook(build_return(period="Năm 2025", indicators=[{"Mã chỉ tiêu": 9, "Thực hiện": 1}]),
                               "f.xlsx", today=TODAY)
    assert [f.line("f.xlsx") for f in parsed.errors] == [
        "f.xlsx: Chỉ tiêu!A4: Lỗi: Mã chỉ tiêu '9' không có trong danh mục chỉ tiêu năm 2025. Hãy dùng một trong: "
        "CT01, CT02, CT04, CT06, CT07."]  # CT03 and CT05 are counted from the lists, not written


def test_what_offices_write_around_the_cases_reads_as_meant() -> None:
    """The period with its window after it, 'Gia hạn' as '15 ngày', 'Không thuộc thẩm quyền',
    'Loại đơn' merged down over two cases, and "I" · "Đơn kỳ trước chuyển sang" headings."""
    import openpyxl

    rows = [
        {"Số hiệu đơn": "I", "Nội dung tóm tắt": "Đơn kỳ trước chuyển sang"},
        petition("01/TC", "20/12/2024", "Tố cáo", **{"Ngày thụ lý": "23/12/2024", "Gia hạn (ngày)": "15 ngày"}),
        {"Số hiệu đơn": "II", "Nội dung tóm tắt": "Đơn tiếp nhận trong kỳ"},
        petition("02/PA", "06/01/2025", "Phản ánh", **{"Thuộc thẩm quyền": "Không thuộc thẩm quyền"}),
        petition("03/PA", "07/01/2025", "Phản ánh", **{"Thuộc thẩm quyền": "Thuộc thẩm quyền"}),
    ]
    book = openpyxl.load_workbook(io.BytesIO(build_return(
        period="Quý I năm 2025 (từ ngày 15/12/2024 đến ngày 14/3/2025)", petitions=rows)))
    ws = book["Đơn thư"]
    kind = [c.value for c in ws[3]].index("Loại đơn") + 1
    ws.cell(row=8, column=kind).value = None
    ws.merge_cells(start_row=7, start_column=kind, end_row=8, end_column=kind)
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "f.xlsx", today=TODAY)
    assert parsed.errors == [], [f.line("f.xlsx") for f in parsed.errors]
    assert parsed.period.code == "2025-Q1"
    assert [(r["_row"], r["petition_ref"], r["kind"], r["within_competence"], r["extension_days"])
            for r in parsed.rows["petitions"]] == [
        (5, "01/TC", "to_cao", "co", 15), (7, "02/PA", "phan_anh", "khong", None), (8, "03/PA", "phan_anh", "co", None)]


def test_a_result_on_an_open_case_quotes_the_result() -> None:
    found = errors(build_return(petitions=[petition("01", "06/01/2025", **{"Kết quả": "Đúng"})]))
    assert len(found) == 1 and found[0].startswith(
        "bao_cao.xlsx: Đơn thư!O4: Lỗi: Kết quả 'Đúng': đơn đang ở trạng thái 'Đang giải quyết' nên chưa có Kết quả.")


@pytest.mark.parametrize("cell", [
    b'<c r="E4"><f>E3+1</f><v></v></c>',
    b'<c r="E4"><f>E3+1</f></c>',
    b'<c r="E5"><f t="shared" si="0"/></c>',
    b'<c r="E6" s="5" t="e"><v>#N/A</v></c>',
    b'<c r="E7" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
])
def test_a_big_worksheet_marks_a_valueless_formula_or_an_error_value_wherever_it_falls(cell: bytes) -> None:
    """A worksheet over a chunk is scanned in numpy (_BulkExtent): the same cells are found there,
    cut between two chunks at any byte; a formula with its saved result marks nothing."""
    from etl.reader import _BulkExtent

    row = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c><c r="B%d" s="2"><v>7</v></c></row>'
    head = b"<worksheet><sheetData>" + b"".join(row % (i, i, i) for i in range(1, 40))
    for body, marked in ((cell, True), (b'<c r="E4"><f>E3+1</f><v>3</v></c>', False)):
        xml = head + b'<row r="40">' + body + b"</row></sheetData></worksheet>"
        at = len(head) + len(b'<row r="40">')
        for cut in range(at - 8, at + len(body) + 8):
            bulk = _BulkExtent()
            for piece in (xml[:cut], xml[cut:]):
                bulk.feed(piece)
            assert bulk.proven and (bulk.max_row, bulk.max_col) == (39, 5)
            assert bulk.marked is marked, (cell, cut)


def test_a_unit_outside_its_dates_is_told_which_way() -> None:
    """QLXD exists from 01/03/2025: a return of it for Tháng 1/2025 says so (not "merged"); CLCT was
    merged into QLXD on 28/02/2025: a Quý II/2025 return of it names the successor; a 6-month return
    of CLCT covers time it existed, so it is told nothing. Each still loads, and the warning points
    at the unit's cell (Thông tin!B1), the thing it names."""
    def told(unit: str, period: str) -> list[str]:
        parsed = validate_workbook(build_return(unit, period), "f.xlsx", today=TODAY)
        assert parsed.errors == []
        found = [f for f in parsed.warnings if f.rule.startswith("info.unit")]
        assert all((f.sheet, f.cell) == ("Thông tin", "B1") for f in found)
        return [f.message for f in found]

    assert told("QLXD", "Tháng 1/2025") == [
        "Đơn vị 'Phòng Quản lý xây dựng và chất lượng công trình' bắt đầu hoạt động từ 01/03/2025, sau kỳ "
        "Tháng 1/2025 (15/12/2024 – 14/01/2025). Số liệu vẫn được nhận; hãy kiểm tra lại kỳ báo cáo hoặc mã đơn vị."]
    assert told("CLCT", "Quý II/2025") == [
        "Đơn vị 'Phòng Quản lý chất lượng công trình giao thông' đã sáp nhập hoặc đổi tên sau ngày 28/02/2025, nên "
        "không còn hoạt động trong kỳ Quý II/2025 (15/03/2025 – 14/06/2025). Số liệu vẫn được nhận và cộng vào "
        "đơn vị kế thừa 'Phòng Quản lý xây dựng và chất lượng công trình'."]
    assert told("CLCT", "6 tháng/2025") == [] and told("QLXD", "Quý I/2025") == []


def test_rows_dated_after_the_cutoff_are_one_warning_per_list() -> None:
    """Quý I/2025 ends on 14/03/2025: cases received after it are told once, with the first of them
    (the cell, the date and how many); a session on the 14th is inside. The return still loads."""
    petitions = [petition("01", "10/03/2025"), petition("02", "20/03/2025"), petition("03", "02/04/2025")]
    reception = [session(**{"Ngày tiếp": "14/03/2025"}), session(**{"Ngày tiếp": "15/03/2025"})]
    parsed = validate_workbook(build_return(petitions=petitions, reception=reception), "f.xlsx", today=TODAY)
    assert parsed.errors == []
    assert [f.line("f.xlsx") for f in parsed.warnings if f.rule == "date.after_cutoff"] == [
        "f.xlsx: Đơn thư!B5: Cảnh báo: 2 dòng có Ngày nhận sau ngày chốt số liệu của kỳ Quý I/2025 (14/03/2025), "
        "dòng đầu tiên ngày 20/03/2025. Số liệu sau ngày chốt thuộc kỳ báo cáo sau; vẫn được nhận, hãy kiểm tra lại "
        "kỳ báo cáo hoặc ngày.",
        "f.xlsx: Tiếp công dân!A5: Cảnh báo: Ngày tiếp 15/03/2025 sau ngày chốt số liệu của kỳ Quý I/2025 "
        "(14/03/2025). Số liệu sau ngày chốt thuộc kỳ báo cáo sau; vẫn được nhận, hãy kiểm tra lại kỳ báo cáo hoặc ngày."]
    assert len(parsed.rows["petitions"]) == 3


def test_an_error_cell_holding_anything_but_an_error_code_is_never_quoted() -> None:
    """A crafted t="e" cell whose value is a phone number, not an Excel error code: calamine refuses
    the sheet, so the file is refused with a message naming the sheet and nothing of the cell."""
    import zipfile

    book = io.BytesIO(build_return(reception=[session()]))
    out = io.BytesIO()
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            part = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet4.xml":
                part = part.replace(b'<c r="E4" t="n"><v>2</v></c>', b'<c r="E4" t="e"><v>0912345678</v></c>')
                assert b"0912345678" in part
            dst.writestr(item, part)
    parsed = validate_workbook(out.getvalue(), "f.xlsx", today=TODAY)
    assert [f.line("f.xlsx") for f in parsed.findings] == [
        "f.xlsx: Lỗi: Không đọc được trang 'Tiếp công dân' của tệp 'f.xlsx'. Hãy mở bằng Excel, lưu lại dạng .xlsx "
        "rồi gửi lại."]


def test_a_case_received_before_any_deadline_rule_is_told_once_per_kind() -> None:
    """The rules start with the laws in force (Luật Tố cáo 2018 from 01/01/2019, Luật Tiếp công dân
    from 01/07/2014): an older case carried over has no deadline, so it is never on time nor
    overdue. The uploader is told, once per kind, and how to give the deadline instead."""
    resolved = {"Trạng thái": "Đã giải quyết"}
    cases = [petition("O-1", "01/06/2018", **{"Loại đơn": "Tố cáo", **resolved, "Ngày giải quyết": "01/07/2018"}),
             petition("O-2", "01/06/2013", **{"Loại đơn": "Kiến nghị", **resolved, "Ngày giải quyết": "01/07/2013"}),
             petition("O-3", "02/06/2013", **{"Loại đơn": "Kiến nghị"}),
             petition("O-4", "03/06/2013", **{"Loại đơn": "Kiến nghị", "Hạn giải quyết": "20/06/2013"}),
             petition("O-5", "15/01/2025")]
    parsed = validate_workbook(build_return(petitions=cases), "x.xlsx", today=TODAY)
    assert parsed.errors == []
    told = [f for f in parsed.warnings if f.rule == "petition.no_deadline_rule"]
    assert [(f.location, f.value, f.message) for f in told] == [
        ("Đơn thư!B4", "01/06/2018",
         "Đơn nhận ngày 01/06/2018 không tính được hạn giải quyết (quy định về thời hạn của đơn tố cáo trong danh "
         "mục có hiệu lực từ 01/01/2019), nên không được xét đúng hạn hay quá hạn. Nếu biết hạn, hãy ghi vào cột "
         "Hạn giải quyết."),
        ("Đơn thư!B5", "01/06/2013",
         "Đơn nhận ngày 01/06/2013 và 1 đơn kiến nghị khác không tính được hạn giải quyết (quy định về thời hạn "
         "của đơn kiến nghị trong danh mục có hiệu lực từ 01/07/2014), nên không được xét đúng hạn hay quá hạn. "
         "Nếu biết hạn, hãy ghi vào cột Hạn giải quyết.")]
    due = {r["petition_ref"]: r["due_date"] for r in parsed.rows["petitions"]}
    assert (due["O-1"], due["O-2"], due["O-3"]) == (None, None, None)
    assert due["O-4"] == date(2013, 6, 20)  # the deadline the unit gave
    assert due["O-5"] is not None


def test_a_file_not_named_as_a_workbook_is_not_said_to_be_one() -> None:
    """A CSV export sent as it is: the message does not claim its name ends like a workbook's."""
    [finding] = validate_workbook("Số hiệu đơn;Ngày nhận\n01;15/01/2025\n".encode(), "don_thu.csv", today=TODAY).errors
    assert finding.message == ("Tệp 'don_thu.csv' không phải bảng tính Excel mà là tệp văn bản hoặc định dạng khác. "
                               "Hãy mở mẫu báo cáo bằng Excel, nhập số liệu và lưu dạng .xlsx.")


def test_a_label_of_thong_tin_written_twice_with_another_value() -> None:
    """A reused file with a second "Kỳ báo cáo" and "Mã đơn vị" row below the first: the period and
    the unit decide which return a file replaces, so two of them are an error naming both cells.
    The same value twice, or the same period spelled another way, is fine."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(build_return(petitions=[petition("01", "15/01/2025")])))
    info = book["Thông tin"]
    info.append(["Kỳ báo cáo", "Quý II/2025"])
    info.append(["Mã đơn vị", "TTR"])
    info.append(["Mã đơn vị", "vp"])
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "x.xlsx", today=TODAY)
    period_cell = next(f"B{r}" for r in range(1, 9) if info.cell(r, 1).value == "Kỳ báo cáo")
    unit_cell = next(f"B{r}" for r in range(1, 9) if info.cell(r, 1).value == "Mã đơn vị")
    assert [(f.rule, f.value, f.message) for f in parsed.errors] == [
        ("info.conflict", "Quý II/2025",
         f"Trang 'Thông tin' ghi Kỳ báo cáo hai lần, khác nhau: 'Quý I/2025' ({period_cell}) và 'Quý II/2025' "
         f"(B{info.max_row - 2}). Đơn vị và kỳ quyết định báo cáo này thay cho báo cáo nào, nên hãy giữ một dòng "
         "đúng, xoá dòng kia rồi gửi lại."),
        ("info.conflict", "TTR",
         f"Trang 'Thông tin' ghi Mã đơn vị hai lần, khác nhau: 'VP' ({unit_cell}) và 'TTR' (B{info.max_row - 1}). Đơn vị "
         "và kỳ quyết định báo cáo này thay cho báo cáo nào, nên hãy giữ một dòng đúng, xoá dòng kia rồi gửi lại.")]

    book = openpyxl.load_workbook(io.BytesIO(build_return(petitions=[petition("01", "15/01/2025")])))
    book["Thông tin"].append(["Kỳ báo cáo", "2025-Q1"])
    book["Thông tin"].append(["Mã đơn vị", "VP"])
    # a second "Kỳ báo cáo" holding the window is a note, not another period
    book["Thông tin"].append(["Kỳ báo cáo", "Từ ngày 15/12/2024 đến ngày 14/03/2025"])
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "x.xlsx", today=TODAY)
    assert parsed.errors == [] and not [f for f in parsed.warnings if f.rule == "info.conflict"]


@pytest.mark.parametrize("written,kept", [
    ("Liên hệ ĐT (0213) 3876543 để hẹn", "Liên hệ ĐT [đã ẩn] để hẹn"),  # a landline, area code in brackets
    ("CCCD 035 123 456 789", "CCCD [đã ẩn]"), ("CCCD 035.123.456.789", "CCCD [đã ẩn]"),  # in groups of three
    ("sđt: ０９１２３４５６７８", "sđt: [đã ẩn]"),  # full-width digits
    ("0912.345.678", "[đã ẩn]"), ("+84 912 345 678", "[đã ẩn]"), ("0213 3876 543", "[đã ẩn]"),
    ("CCCD 0123 4567 8901", "CCCD [đã ẩn]"), ("Số CCCD: 012-345-678-901", "Số CCCD: [đã ẩn]"),  # other groups
    ("CMND 123-456-789", "CMND [đã ẩn]"),
    # a number in brackets of its own goes with them; a bracket opened before other words stays
    ("Bà Lò Thị Mai (0987654321)", "Bà [đã ẩn] [đã ẩn]"), ("ĐT (0987 654 321), đã gọi", "ĐT [đã ẩn], đã gọi"),
    ("(gọi 0912.345.678)", "(gọi [đã ẩn])"),
    # an ID or an account after its name, whatever its grouping; e-mails and networks as people write them
    ("CMND số 040.123.456 do CA tỉnh cấp", "CMND số [đã ẩn] do CA tỉnh cấp"), ("Hộ chiếu C1234567", "Hộ chiếu [đã ẩn]"),
    ("STK 0123456789012 tại Agribank", "STK [đã ẩn] tại Agribank"), ("SĐT 0912–345–678", "SĐT [đã ẩn]"),
    ("Email: lovanpanh1975(at)gmail.com", "Email: [đã ẩn]"), ("Nick Zalo: SungPao88", "Nick Zalo: [đã ẩn]"),
    ("Xem facebook.com/giang.asu.12", "Xem [đã ẩn]"),
    # what is no personal data stays as written
    ("Kinh phí 1.200.000.000.000 đồng", "Kinh phí 1.200.000.000.000 đồng"),  # an amount, not a CCCD in groups
    ("Tổng 123 456 789 đồng", "Tổng 123 456 789 đồng"),
    ("Hỗ trợ 100.000.000 đồng ngày 15/01/2025", "Hỗ trợ 100.000.000 đồng ngày 15/01/2025"),
    ("Theo QĐ 1234/QĐ-UBND, số 12/2024/VP", "Theo QĐ 1234/QĐ-UBND, số 12/2024/VP"),
    ("Số ０１/2025", "Số ０１/2025"),
])
def test_contact_details_in_free_text_are_masked_as_offices_write_them(written: str, kept: str) -> None:
    stored, masked = _case_text("Ghi chú", "note", written)
    assert stored == kept
    assert len(masked) == (0 if kept == written else 1)


def _case_text(header: str, key: str, written: str) -> tuple[object, list[str]]:
    """A case's free text as stored, and the privacy warnings its cell got (a valid file)."""
    parsed = validate_workbook(build_return(petitions=[petition("01", "15/01/2025", **{header: written})]),
                               "x.xlsx", today=TODAY)
    assert parsed.errors == []
    return parsed.rows["petitions"][0][key], [f.message for f in parsed.warnings if f.rule == "privacy.masked"]


@pytest.mark.parametrize("written,kept", [
    # a bare name, where the words around it say a person
    ("Giàng A Sử khiếu nại việc đền bù", "[đã ẩn] khiếu nại việc đền bù"),  # Mông middle name A
    ("Sùng Seo Páo phản ánh tiếng ồn", "[đã ẩn] phản ánh tiếng ồn"),
    ("Nguyễn Hoàng Long, kiến nghị làm rõ", "[đã ẩn], kiến nghị làm rõ"),
    ("Đơn của Trần Minh Tuấn về ranh giới đất", "Đơn của [đã ẩn] về ranh giới đất"),
    ("Hỗ trợ hộ gia đình Vàng Chá Dơ", "Hỗ trợ hộ gia đình [đã ẩn]"),
    ("Phàn Văn Sài và Lò Thị Mai có đơn", "[đã ẩn] và [đã ẩn] có đơn"),
    ("Khiếu nại của NGUYỄN VĂN AN về bồi thường", "Khiếu nại của [đã ẩn] về bồi thường"),  # in capitals
    ("Nguyen Van An khieu nai", "[đã ẩn] khieu nai"),  # typed without diacritics
    # places, roads, firms and bodies named like people stay
    ("Huyện Sìn Hồ kiến nghị sửa đường", "Huyện Sìn Hồ kiến nghị sửa đường"),
    ("Sìn Hồ kiến nghị sửa đường", "Sìn Hồ kiến nghị sửa đường"),
    ("Công ty TNHH Hoàng Long đề nghị thanh toán", "Công ty TNHH Hoàng Long đề nghị thanh toán"),
    ("Tổ dân phố Lê Lợi kiến nghị", "Tổ dân phố Lê Lợi kiến nghị"),
    ("Đường Trần Hưng Đạo xuống cấp", "Đường Trần Hưng Đạo xuống cấp"),
    ("UBND xã Lò Suối Tủng kiến nghị", "UBND xã Lò Suối Tủng kiến nghị"),
    # after a label or the words that say whose it is, any capitalised words (black-box round, session 20)
    ("Người tố cáo: Đỗ Quang Vinh, số nhà 25 tổ 7 phường Đông Phong", "Người tố cáo: [đã ẩn], [đã ẩn]"),
    ("Tố cáo của Trần Đức Minh về cán bộ thu phí", "Tố cáo của [đã ẩn] về cán bộ thu phí"),
    ("Họ tên: Bùi Quang Hải", "Họ tên: [đã ẩn]"), ("Ô. Nguyễn Khắc Tùng, NKN: Lý Quốc Bảo", "Ô. [đã ẩn], NKN: [đã ẩn]"),
    ("Họ và tên người khiếu nại: LÒ VĂN PÀNH", "Họ và tên người khiếu nại: [đã ẩn]"),
    ("Kiến nghị của UBND xã Bản Hon về đường", "Kiến nghị của UBND xã Bản Hon về đường"),  # bodies stay
    ("Phản ánh của Công ty TNHH Hoàng Long", "Phản ánh của Công ty TNHH Hoàng Long"),
    ("Theo đề nghị của Ban QLDA, đề nghị của Sở Tài chính", "Theo đề nghị của Ban QLDA, đề nghị của Sở Tài chính"),
    ("Sửa số nhà cho 25 hộ", "Sửa số nhà cho 25 hộ"),
    # masker round, session 20: a label and a colon, kin, lists, residence chains, birth, plates
    ("Người KN: Chảo Mý Mẩy, bản Sì Choang", "Người KN: [đã ẩn], [đã ẩn]"),
    ("Họ tên chủ hộ: Tẩn Láo Lở", "Họ tên chủ hộ: [đã ẩn]"), ("Đương sự: Giàng Sử", "Đương sự: [đã ẩn]"),
    ("Vợ là Chảo Mý Mẩy, con trai Tẩn Láo San", "Vợ là [đã ẩn], con trai [đã ẩn]"),
    ("Danh sách hộ nghèo: Giàng Sử, Vàng Dơ, Thào Mỷ", "Danh sách hộ nghèo: [đã ẩn], [đã ẩn], [đã ẩn]"),
    ("Lò Văn Pành, bản Nà Luồng, xã Bình Lư, huyện Tam Đường", "[đã ẩn], [đã ẩn]"),
    ("Ông Pành trú tại bản Nà Luồng, xã Bình Lư, là hộ nghèo, được hỗ trợ làm nhà",
     "Ông [đã ẩn] trú tại [đã ẩn], là hộ nghèo, được hỗ trợ làm nhà"),
    ("Bà Chảo Mý Mẩy SN 1980 là hộ nghèo", "Bà [đã ẩn] SN [đã ẩn] là hộ nghèo"),
    ("Tẩn Láo Lở (1975) khiếu nại", "[đã ẩn] ([đã ẩn]) khiếu nại"), ("Người vi phạm sinh năm 1990", "Người vi phạm sinh năm [đã ẩn]"),
    ("Xe máy biển số 25A-123.45 bị thu giữ", "Xe máy biển số [đã ẩn] bị thu giữ"),
    ("Gặp ông Pành Chủ tịch Hội CCB bản", "Gặp ông [đã ẩn] Chủ tịch Hội CCB bản"),
    ("Vận động ủng hộ Quỹ Vì người nghèo", "Vận động ủng hộ Quỹ Vì người nghèo"),
    ("Hỗ trợ 20 hộ Mông nghèo làm nhà", "Hỗ trợ 20 hộ Mông nghèo làm nhà"),
    ("Đồng bào Hà Nhì kiến nghị mở đường", "Đồng bào Hà Nhì kiến nghị mở đường"),
    ("Nâng cấp đường Nguyễn Văn Linh", "Nâng cấp đường Nguyễn Văn Linh"),
    ("Kiểm tra cơ sở lưu trú Hoàng Long tại phường Tân Phong", "Kiểm tra cơ sở lưu trú Hoàng Long tại phường Tân Phong"),
    ("Lớp 12A1 trường THPT", "Lớp 12A1 trường THPT"),
    ("Học tập và làm theo tư tưởng Hồ Chí Minh", "Học tập và làm theo tư tưởng Hồ Chí Minh"),
])
def test_a_bare_citizens_name_in_free_text_is_masked_where_the_text_says_a_person(written: str, kept: str) -> None:
    stored, masked = _case_text("Nội dung tóm tắt", "summary", written)
    assert stored == kept
    assert len(masked) == (0 if kept == written else 1)


def test_a_case_number_that_names_the_citizen_is_refused_and_other_texts_are_masked() -> None:
    """A case number is the case's key: masked, two cases would become one, so the unit is asked to
    write its own number. A petition's Lĩnh vực and an activity's Nội dung are masked like a note;
    a name typed in capitals into a choice cell is not quoted back."""
    cases = [petition("Đơn ông Nguyễn Văn An", "15/01/2025"),
             petition("02", "15/01/2025", **{"Lĩnh vực": "Đất đai - hộ bà Lò Thị Mai"}),
             petition("03", "15/01/2025", "Khiếu nại", "NGUYỄN VĂN TƯ")]
    parsed = validate_workbook(build_return(petitions=cases), "x.xlsx", today=TODAY)
    assert [(f.location, f.rule, f.value) for f in parsed.errors] == [
        ("Đơn thư!A4", "petition.ref_personal", "Đơn ông [đã ẩn]"),
        ("Đơn thư!N6", "choice.unknown", "[đã ẩn]")]  # Trạng thái
    assert parsed.errors[0].message == (
        "Số hiệu đơn có họ tên người dân, không được lưu. Hãy ghi số hiệu đơn của đơn vị (ví dụ 01/ĐT hoặc "
        "15/KN), không ghi tên người gửi đơn.")
    assert "NGUYỄN" not in parsed.errors[1].message and "[đã ẩn]" in parsed.errors[1].message
    assert parsed.rows["petitions"][1]["field"] == "Đất đai - hộ bà [đã ẩn]"
    activity = {"Nội dung": "Tuyên truyền tại nhà ông Sùng A Lử", "Ngày": "20/01/2025"}
    parsed = validate_workbook(build_return(dissemination=[activity]), "x.xlsx", today=TODAY)
    assert parsed.errors == [] and parsed.rows["dissemination"][0]["content"] == "Tuyên truyền tại nhà ông [đã ẩn]"


def test_a_phone_or_id_number_typed_into_a_date_or_choice_cell_is_not_quoted() -> None:
    """The error names the cell and says what to do, and shows the value masked (domain.md: never
    shown), as a text cell's value would be stored."""
    cases = [petition("01", "0912345678"), petition("02", "15/01/2025", "an.nguyen@gmail.com"),
             petition("03", "15/01/2025", "Khiếu nại", "035 123 456 789")]
    found = [(f.location, f.value, f.message) for f in validate_workbook(
        build_return(petitions=cases), "x.xlsx", today=TODAY).errors]
    assert [value for _, value, _ in found] == ["[đã ẩn]"] * 3
    assert found[0][2].startswith("Ngày nhận '[đã ẩn]' không đúng dạng ngày.")
    assert found[1][2].startswith("Loại đơn '[đã ẩn]' không có trong danh sách.")
    assert found[2][2].startswith("Trạng thái '[đã ẩn]' không có trong danh sách.")
    assert not any(s in str(found) for s in ("0912", "gmail", "035 123"))
    # a bare name or a place of residence typed into a choice cell (columns shifted): not quoted either
    cases = [petition("01", "15/01/2025", "Đỗ Quang Vinh"),
             petition("02", "15/01/2025", **{"Nguồn đơn": "Bản Nà Tăm, xã Bản Hon"}),
             petition("03", "15/01/2025", "Khiếu nại nặc danh")]
    found = [(f.location, f.value, f.message.split(" không có")[0]) for f in validate_workbook(
        build_return(petitions=cases), "x.xlsx", today=TODAY).errors]
    assert found == [("Đơn thư!C4", "[đã ẩn]", "Loại đơn '[đã ẩn]'"), ("Đơn thư!E5", "[đã ẩn]", "Nguồn đơn '[đã ẩn]'"),
                     ("Đơn thư!C6", "Khiếu nại nặc danh", "Loại đơn 'Khiếu nại nặc danh'")]


def test_a_percentage_typed_into_an_excel_cell_is_read_as_shown() -> None:
    """'100%' typed in a General cell: Excel stores 1 styled 0%. The number is not what the clerk
    typed and sees, so it is read as the text '100%' would be: Kế hoạch 100, and a ratio's Thực
    hiện as that share of Tổng số (with the warning). A literal "%" in the format (the template's
    0"%") shows the number itself: read as it is."""
    import openpyxl

    rows = [{"Mã chỉ tiêu": "CT04", "Kế hoạch": 1, "Thực hiện": 0.9, "Tổng số": 10},
            {"Mã chỉ tiêu": "CT07", "Kế hoạch": 100, "Thực hiện": 0.125, "Tổng số": 8}]
    book = openpyxl.load_workbook(io.BytesIO(build_return(indicators=rows)))
    ws = book["Chỉ tiêu"]
    header = [c.value for c in ws[3]]
    plan, actual = header.index("Kế hoạch") + 1, header.index("Thực hiện") + 1
    ws.cell(4, plan).number_format = "0%"
    ws.cell(4, actual).number_format = "0.0%"
    ws.cell(5, plan).number_format = '0"%"'
    ws.cell(5, actual).number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "x.xlsx", today=TODAY)
    assert parsed.errors == []
    assert [(r["indicator_code"], r["plan"], r["actual"], r["denominator"]) for r in parsed.rows["indicators"]] == [
        ("CT04", 100.0, 9.0, 10.0), ("CT07", 100.0, 1.0, 8.0)]
    assert [(f.location, f.value) for f in parsed.warnings if f.rule == "indicator.percent_read_as_count"] == [
        (f"Chỉ tiêu!{chr(64 + actual)}4", "90%"), (f"Chỉ tiêu!{chr(64 + actual)}5", "12,5%")]

    # the style changes nothing where the number is what the column means: a Tổng số, a Có/Không,
    # a count of another sheet, or a number above 1 (shown above 100%: typed into a cell styled so)
    rows = [{"Mã chỉ tiêu": "CT02", "Thực hiện": 1}, {"Mã chỉ tiêu": "CT04", "Thực hiện": 10, "Tổng số": 12}]
    book = openpyxl.load_workbook(io.BytesIO(build_return(indicators=rows, reception=[session()])))
    ws = book["Chỉ tiêu"]
    total = header.index("Tổng số") + 1
    for cell in (ws.cell(4, actual), ws.cell(5, actual), ws.cell(5, total)):
        cell.number_format = "0%"
    people = [c.value for c in book["Tiếp công dân"][3]].index("Số người") + 1
    book["Tiếp công dân"].cell(4, people).number_format = "0%"
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "x.xlsx", today=TODAY)
    assert parsed.errors == []
    assert [(r["indicator_code"], r["actual"], r["denominator"]) for r in parsed.rows["indicators"]] == [
        ("CT02", 1.0, None), ("CT04", 10.0, 12.0)]
    assert parsed.rows["reception"][0]["people"] == session()["Số người"]


def test_invisible_and_full_width_characters_are_read_as_the_cell_shows() -> None:
    """A zero-width space pasted after a date, an indicator code in full-width letters and digits
    (ＣＴ０１), and a header whose words a zero-width space joins ("Họ\u200btên", shown "Họtên"): read
    as the clerk sees them. The last is personal data, so dropped."""
    rows = [petition("01", "03/02/2025\u200b", **{"Gia hạn (ngày)": "0\u200b"}) | {"Họ\u200btên": "Nguyễn Văn An"},
            petition("02", "１５／０１／２０２５", **{"Gia hạn (ngày)": "０"})]
    headers = [*PETITION_HEADERS, "Họ\u200btên"]
    data = build_return(petitions=rows, headers={"petitions": headers},
                        indicators=[{"Mã chỉ tiêu": "ＣＴ０１", "Thực hiện": "Có"}])
    parsed = validate_workbook(data, "x.xlsx", today=TODAY)
    assert parsed.errors == []
    assert [r["received_date"] for r in parsed.rows["petitions"]] == [date(2025, 2, 3), date(2025, 1, 15)]
    assert [r["indicator_code"] for r in parsed.rows["indicators"]] == ["CT01"]
    assert [(f.rule, f.sheet) for f in parsed.warnings if f.rule.startswith("privacy")] == [
        ("privacy.column_dropped", "Đơn thư")]
    assert parsed.dropped_columns == [("Đơn thư", "Họtên")]


def test_headers_numbered_or_ended_with_a_full_stop_and_choices_written_as_sentences() -> None:
    """'1. Số hiệu đơn', '(2) Ngày nhận', 'Loại đơn.' are the template's headers; 'Đang giải quyết.'
    and 'Có.' its choices; an STT column headed 'No.' is still the numbering column."""
    headers = ["No.", "1. Số hiệu đơn", "(2) Ngày nhận", "Loại đơn.", "Trạng thái:", "Thuộc thẩm quyền"]
    rows = [{"No.": 1, "1. Số hiệu đơn": "01", "(2) Ngày nhận": "15/01/2025", "Loại đơn.": "Khiếu nại.",
             "Trạng thái:": "Đang giải quyết.", "Thuộc thẩm quyền": "Có."}]
    parsed = validate_workbook(build_return(petitions=rows, headers={"petitions": headers}), "x.xlsx", today=TODAY)
    assert parsed.errors == []
    assert [f.rule for f in parsed.warnings if f.sheet == "Đơn thư"] == []
    [case] = parsed.rows["petitions"]
    assert (case["petition_ref"], case["received_date"], case["kind"], case["status"], case["within_competence"]) == (
        "01", date(2025, 1, 15), "khieu_nai", "dang_giai_quyet", "co")


@pytest.mark.parametrize("numbered", [
    ["I. Số hiệu đơn", "II. Ngày nhận", "III. Loại đơn", "IV. Trạng thái"],
    ["1.1. Số hiệu đơn", "1.2 Ngày nhận", "1.3. Loại đơn", "1.4 Trạng thái"],
    ["1 - Số hiệu đơn", "2 - Ngày nhận", "iii) Loại đơn", "iv) Trạng thái"],
])
def test_headers_numbered_in_roman_in_sections_or_with_a_dash(numbered: list[str]) -> None:
    """Offices number a list's headers the way they number a report's sections: 'II. Ngày nhận',
    '1.2 Ngày nhận', '2 - Ngày nhận' are the template's headers."""
    rows = [dict(zip(numbered, ["01", "15/01/2025", "Khiếu nại", "Đang giải quyết"]))]
    parsed = validate_workbook(build_return(petitions=rows, headers={"petitions": numbered}), "x.xlsx", today=TODAY)
    assert parsed.errors == []
    assert [f.rule for f in parsed.warnings if f.sheet == "Đơn thư"] == []
    [case] = parsed.rows["petitions"]
    assert (case["petition_ref"], case["received_date"], case["kind"], case["status"]) == (
        "01", date(2025, 1, 15), "khieu_nai", "dang_giai_quyet")


def test_the_list_in_a_copy_of_an_empty_sheet_is_read() -> None:
    """A clerk duplicated the tab and typed the cases into "Đơn thư (2)", leaving "Đơn thư" with its
    headers only: the list is read from the copy, and the empty one is set aside with a warning. When
    both hold cases, the first is read, as before."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(build_return(petitions=[petition("01", "15/01/2025"),
                                                                     petition("02", "16/01/2025")])))
    book.copy_worksheet(book["Đơn thư"]).title = "Đơn thư (2)"
    book["Đơn thư"].delete_rows(4, 2)
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "x.xlsx", today=TODAY)
    assert parsed.errors == []
    assert [r["petition_ref"] for r in parsed.rows["petitions"]] == ["01", "02"]
    assert parsed.sheet_names["petitions"] == "Đơn thư (2)" and parsed.unstored_sheets == ["Đơn thư"]
    assert [f.message for f in parsed.warnings if f.rule == "sheet.duplicate"] == [
        "Trang 'Đơn thư' trùng với trang 'Đơn thư (2)' nên bị bỏ qua và không được lưu (số liệu được đọc ở trang "
        "'Đơn thư (2)'). Mỗi mục chỉ ghi trên một trang."]

    # an older working copy with more rows does not win over a list that holds cases
    book = openpyxl.load_workbook(io.BytesIO(build_return(petitions=[petition("01", "15/01/2025")])))
    copy = book.copy_worksheet(book["Đơn thư"])
    copy.title = "Đơn thư (2)"
    copy.append(["09", "20/01/2025", "Kiến nghị", None, None, None, None, None, None, None, None, None, None,
                 "Đang giải quyết"])
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "x.xlsx", today=TODAY)
    assert parsed.sheet_names["petitions"] == "Đơn thư" and parsed.unstored_sheets == ["Đơn thư (2)"]
    assert [r["petition_ref"] for r in parsed.rows["petitions"]] == ["01"]


def test_an_indicator_row_left_blank_is_pointed_at_and_a_missing_one_asked_for() -> None:
    """The template lists every indicator: a row whose Thực hiện is blank is named by its cell; an
    indicator with no row at all is asked for as a row."""
    rows = [{"Mã chỉ tiêu": "CT01", "Thực hiện": "Có"}, {"Mã chỉ tiêu": "CT02", "Thực hiện": "Có"},
            {"Mã chỉ tiêu": "CT04"}, {"Mã chỉ tiêu": "CT06", "Thực hiện": "Tốt"}]
    parsed = validate_workbook(build_return(indicators=rows), "x.xlsx", today=TODAY)
    told = [(f.location, f.message) for f in parsed.warnings if f.rule == "indicator.not_reported"]
    assert [location for location, _ in told] == ["Chỉ tiêu", "Chỉ tiêu!D6"]  # the sheet's own first
    assert told[1][1].startswith("Chưa báo cáo chỉ tiêu CT04 (") and told[1][1].endswith(
        "): ô Thực hiện còn trống. Nếu đã có kết quả, hãy ghi vào ô này.")
    assert told[0][1].startswith("Chưa báo cáo chỉ tiêu CT07 (") and told[0][1].endswith(
        "Nếu đã có kết quả, hãy bổ sung một dòng cho chỉ tiêu này.")


def test_a_model_whose_name_starts_like_a_total_is_data_a_total_row_is_not() -> None:
    """"Tổng cộng sức dân" and "Cộng" are models when their row holds a field, a day and a status;
    "Tổng cộng" followed by sums (or nothing) is the total row under the list."""
    base = {"Lĩnh vực": "Kinh tế", "Ngày đăng ký": "10/01/2025", "Trạng thái": "Đăng ký"}
    models = [{"Tên mô hình": "Tổng cộng sức dân", **base}, {"Tên mô hình": "Cộng", **base},
              {"Tên mô hình": "Tổng cộng"}, {"Tên mô hình": "Cộng:", "Ngày đăng ký": 2}]
    parsed = validate_workbook(build_return(models=models), "x.xlsx", today=TODAY)
    assert parsed.errors == []
    assert [r["model_name"] for r in parsed.rows["models"]] == ["Tổng cộng sức dân", "Cộng"]

    # a count under a date column reads as a date (2 is 01/01/1900): still a total row
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(build_return(petitions=[petition("01", "15/01/2025")])))
    ws = book["Đơn thư"]
    ws.append(["Tổng cộng", 1])
    ws.cell(ws.max_row, 2).number_format = "dd/mm/yyyy"
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "x.xlsx", today=TODAY)
    assert parsed.errors == [] and [r["petition_ref"] for r in parsed.rows["petitions"]] == ["01"]


def test_a_template_header_merged_over_its_breakdown_still_names_the_column() -> None:
    """'Ngày thụ lý' written as a group "Thụ lý" over Ngày | Hạn, and "Thực hiện" over Số lượng | Tỷ lệ
    (%): the group title is the template's header, its first column is read (the breakdown beside it
    is told as a repeated column). A rule tried in session 11 that read sub-headers alone refused
    these files."""
    import openpyxl

    headers = ["Số hiệu đơn", "Ngày nhận", "Loại đơn", "Ngày", "Hạn", "Trạng thái"]
    rows = [{"Số hiệu đơn": "01", "Ngày nhận": "15/01/2025", "Loại đơn": "Khiếu nại", "Ngày": "20/01/2025",
             "Hạn": "20/02/2025", "Trạng thái": "Đang giải quyết"}]
    book = openpyxl.load_workbook(io.BytesIO(build_return(petitions=rows, headers={"petitions": headers})))
    ws = book["Đơn thư"]
    ws.insert_rows(3)
    for c, header in enumerate(headers, start=1):
        if c not in (4, 5):
            ws.cell(3, c, header)
            ws.cell(4, c, None)
            ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    ws["D3"] = "Thụ lý"
    ws.merge_cells("D3:E3")
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "x.xlsx", today=TODAY)
    assert parsed.errors == []
    assert parsed.rows["petitions"][0]["accepted_date"] == date(2025, 1, 20)


def test_a_row_with_something_in_an_unread_column_is_no_silent_skip() -> None:
    """Only rows numbered in advance (STT alone) or holding a note under no header are left out. A
    row with a complainant's name and the officer but no case number is an unfinished case: its
    errors are shown, the file is not loaded short of a case."""
    headers = ["STT", *PETITION_HEADERS, "Cán bộ thụ lý", "Họ tên"]
    rows = [{"STT": 1, **petition("01", "15/01/2025")}, {"STT": 2, "Cán bộ thụ lý": "Lò Thị Hoa", "Họ tên": "Vừ A Dính"},
            {"STT": 3}]
    parsed = validate_workbook(build_return(petitions=rows, headers={"petitions": headers}), "x.xlsx", today=TODAY)
    assert sorted({(f.row, f.rule) for f in parsed.errors}) == [(5, "value.required")]
    assert not any("Vừ A Dính" in f.message + f.value for f in parsed.findings)


def test_none_written_as_a_dash_or_khong_in_an_optional_count_is_zero() -> None:
    """'-', '–' or 'không' in Số vụ việc / Số đoàn đông người means none; in Số lượt (required) it is
    still refused, with its cell."""
    rows = [session(**{"Số vụ việc": "-", "Số đoàn đông người": "không"}),
            session(**{"Ngày tiếp": "16/01/2025", "Số vụ việc": "–", "Số đoàn đông người": "Không có"})]
    parsed = validate_workbook(build_return(reception=rows), "f.xlsx", today=TODAY)
    assert parsed.errors == [], [f.line("f.xlsx") for f in parsed.errors]
    assert [(r["cases"], r["delegations"]) for r in parsed.rows["reception"]] == [(0, 0), (0, 0)]
    refused = validate_workbook(build_return(reception=[session(**{"Số lượt": "-"})]), "f.xlsx", today=TODAY)
    assert [(f.location, f.rule) for f in refused.errors] == [("Tiếp công dân!E4", "int.invalid")]


def test_an_amount_of_money_in_a_summary_is_not_masked_as_an_id_number() -> None:
    cases = [petition("01", "06/01/2025", **{"Nội dung tóm tắt": "Đề nghị bồi thường 125000000 đồng, CMND 036190012"})]
    parsed = validate_workbook(build_return(petitions=cases), "f.xlsx", today=TODAY)
    assert parsed.rows["petitions"][0]["summary"] == "Đề nghị bồi thường 125000000 đồng, CMND [đã ẩn]"


@pytest.mark.parametrize("header", ["Nơi cư trú", "Nơi ở hiện nay", "Quê quán", "Hộ khẩu thường trú", "Chỗ ở"])
def test_a_column_of_where_citizens_live_is_personal_data(header: str) -> None:
    rows = [petition("01", "06/01/2025") | {header: "Bản Nậm Sỏ, xã Nậm Tăm"}]
    parsed = validate_workbook(build_return(petitions=rows, headers={"petitions": [*PETITION_HEADERS, header]}),
                               "f.xlsx", today=TODAY)
    assert [(f.rule, f.location) for f in parsed.warnings] == [("privacy.column_dropped", "Đơn thư!R3")]
    assert parsed.dropped_columns == [("Đơn thư", header)]


def test_an_error_value_in_an_indicator_result_is_one_error_not_also_a_blank() -> None:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(build_return()))
    book["Chỉ tiêu"]["D6"] = "#REF!"  # CT04's Thực hiện
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "f.xlsx", today=TODAY)
    assert [(f.location, f.rule) for f in parsed.findings] == [("Chỉ tiêu!D6", "cell.error_value")]


def test_a_session_dated_after_the_upload_day_is_one_error_quoting_the_day_as_written() -> None:
    """Ngày tiếp 01/01/2027 in a return loaded on 31/12/2025: the error quotes '01/01/2027' (it
    quoted '2027-01-01'), and no warning on the same cell says the row 'vẫn được nhận'."""
    from datetime import datetime as dt

    parsed = validate_workbook(build_return(reception=[session(**{"Ngày tiếp": dt(2027, 1, 1)})]), "f.xlsx",
                               today=TODAY)
    assert [(f.location, f.rule, f.value) for f in parsed.findings] == [
        ("Tiếp công dân!A4", "date.future", "01/01/2027")]


@pytest.mark.parametrize("name", ["Đơn thư khiếu nại", "Đơn thư khiếu nại tố cáo", "Đơn KNTC", "Don_thu", "Đơn-thư"])
def test_a_list_sheet_under_another_name_is_read_by_its_headers(name: str) -> None:
    """A tab renamed by the unit but holding the list with every required column is that list, with a
    warning: ignored, the file loaded as 'nothing to report' and superseded a return's cases (loader
    round: 2 cases → 0 after a resend)."""
    cases = [petition("01", "15/01/2025"), petition("02", "16/01/2025")]
    parsed = validate_workbook(build_return(petitions=cases, sheet_names={"petitions": name}), "x.xlsx", today=TODAY)
    assert parsed.errors == []
    assert [r["petition_ref"] for r in parsed.rows["petitions"]] == ["01", "02"]
    assert [f.rule for f in parsed.warnings if f.rule.startswith("sheet.")] == (
        [] if name in ("Don_thu", "Đơn-thư") else ["sheet.renamed"])


def test_a_tab_without_the_required_columns_is_still_an_unknown_sheet() -> None:
    book = openpyxl.load_workbook(io.BytesIO(build_return()))
    extra = book.create_sheet("Danh sách người dân")
    extra.append(["Họ và tên", "Ngày nhận", "Loại đơn"])
    extra.append(["Nguyễn Văn An", "15/01/2025", "Khiếu nại"])
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "x.xlsx", today=TODAY)
    assert [f.rule for f in parsed.warnings if f.rule.startswith("sheet.")] == ["sheet.unknown"]
    assert parsed.rows["petitions"] == []


def test_two_filled_sheets_of_one_list_are_an_error_not_one_dropped() -> None:
    book = openpyxl.load_workbook(io.BytesIO(build_return(petitions=[petition("01", "15/01/2025")])))
    copy = book.copy_worksheet(book["Đơn thư"])
    copy.title = "Đơn thư (2)"
    copy["A4"] = "03"
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "x.xlsx", today=TODAY)
    assert [(f.rule, f.message) for f in parsed.errors] == [(
        "sheet.duplicate_list",
        ("Trang 'Đơn thư (2)' và trang 'Đơn thư' đều có danh sách đơn thư. Mỗi mục chỉ ghi trên một trang: hãy "
         "chép các dòng cần báo cáo vào trang 'Đơn thư' rồi xoá trang 'Đơn thư (2)'."))]


@pytest.mark.parametrize("footer", [
    [[], ["Lai Châu, ngày 20 tháng 3 năm 2025"]],  # the place and date alone, a blank row above
    [["Lai Châu, ngày 20 tháng 3 năm 2025"], ["NGƯỜI LẬP BIỂU", None, None, None, None, "THỦ TRƯỞNG ĐƠN VỊ"], [],
     ["Nguyễn Thị Hoa", None, None, None, None, "Trần Văn Minh"]],
    [[], ["Nguyễn Thị Hoa"]],  # the signer's name alone
    [["Nơi nhận:"], ["- Như trên;"], ["- Lưu: VT."]],
    [["Số liệu tính từ ngày 15/12/2024 đến ngày 14/03/2025"]],
    [["¹ Ngày ký báo cáo là ngày nộp"]],
])
def test_the_lines_offices_write_under_a_list_are_not_rows(footer: list[list]) -> None:
    """They were read as cases: 'Thiếu Ngày nhận', 'Ngày tiếp \\'Lai Châu, ngày 20 tháng 3 năm 2025\\' không
    đúng dạng ngày' (loader round)."""
    book = openpyxl.load_workbook(io.BytesIO(build_return(petitions=[petition("01", "15/01/2025")])))
    for line in footer:
        book["Đơn thư"].append(line or [None])
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "x.xlsx", today=TODAY)
    assert parsed.errors == []
    assert [r["petition_ref"] for r in parsed.rows["petitions"]] == ["01"]


def test_headers_with_a_footnote_mark_or_a_hint_in_brackets_are_the_template_columns() -> None:
    """'Vùng sâu, vùng xa²' and 'Ngày thụ lý [dd/mm/yyyy]' were unknown columns: the case lost its
    remote-area flag and its acceptance day, and so its deadline (due 05/02 and late instead of 06/03
    and on time); the footnote line under the list is not a row (loader round)."""
    headers = [h.replace("Vùng sâu vùng xa", "Vùng sâu, vùng xa²").replace("Ngày thụ lý", "Ngày thụ lý [dd/mm/yyyy]")
               .replace("Ngày giải quyết", "Ngày giải quyết¹") for h in PETITION_HEADERS]
    assert headers != PETITION_HEADERS
    case = petition("01/KN", "06/01/2025", "Khiếu nại", "Đã giải quyết", **{
        "Vùng sâu, vùng xa²": "Có", "Ngày thụ lý [dd/mm/yyyy]": "20/01/2025", "Ngày giải quyết¹": "25/02/2025",
        "Kết quả": "Đúng"})
    book = openpyxl.load_workbook(io.BytesIO(build_return(petitions=[case], headers={"petitions": headers})))
    book["Đơn thư"].append([None])
    book["Đơn thư"].append(["¹ Ngày ký văn bản giải quyết; ² theo Quyết định 861/QĐ-TTg"])
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "x.xlsx", today=TODAY)
    assert parsed.errors == [] and not [f for f in parsed.warnings if f.rule == "header.unknown"]
    row = parsed.rows["petitions"][0]
    assert (row["remote_area"], row["accepted_date"], row["due_date"]) == ("co", date(2025, 1, 20), date(2025, 3, 6))
    assert len(parsed.rows["petitions"]) == 1


@pytest.mark.parametrize("choices,written,code", [
    ("reception_form", "Định kì", "dinh_ky"), ("host_role", "Phó GĐ Sở", "pho_giam_doc"),
    ("host_role", "LĐ phòng", "lanh_dao_phong"), ("model_field", "Văn hóa-xã hội", "van_hoa_xa_hoi"),
    ("petition_status", "Đã GQ", "da_giai_quyet"), ("petition_status", "Đang GQ", "dang_giai_quyet"),
    ("petition_status", "Đã GQ xong", None), ("petition_result", "Đúng", "dung"),
])
def test_choices_written_as_offices_abbreviate_and_spell_them(choices: str, written: str, code: str | None) -> None:
    """'GĐ Sở' was read and 'Phó GĐ Sở' refused; 'Định kì' (kì for kỳ), a dash without spaces (loader round)."""
    assert default_catalog().choices[choices].match(written) == code


@pytest.mark.parametrize("row", [["Không có"], ["Không phát sinh"], [1, "Trong kỳ không tổ chức tiếp công dân"],
                                 ["-"] * 6, [None, "Không phát sinh đơn thư."]])
def test_a_row_saying_there_is_nothing_to_report_is_not_a_case(row: list) -> None:
    """'Không có', 'Không phát sinh' or a row of dashes on a list: nothing to report, not a row missing
    its Ngày nhận, Loại đơn and Trạng thái (loader round)."""
    book = openpyxl.load_workbook(io.BytesIO(build_return(petitions=[])))
    book["Đơn thư"].append(row)
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "x.xlsx", today=TODAY)
    assert parsed.errors == [] and parsed.rows["petitions"] == []


def test_a_case_whose_number_starts_like_a_placeholder_is_still_a_case() -> None:
    parsed = validate_workbook(build_return(petitions=[petition("Không số 01", "15/01/2025"), petition("KN-02", "16/01/2025")]),
                               "x.xlsx", today=TODAY)
    assert parsed.errors == [] and [r["petition_ref"] for r in parsed.rows["petitions"]] == ["Không số 01", "KN-02"]


@pytest.mark.parametrize("written,kept", [
    ("Tiếp công dân trú tại bản Nà Luồng, xã Bình Lư", "Tiếp công dân trú tại [đã ẩn]"),
    ("Hộ dân trú tại bản Nà Luồng khiếu nại về đền bù", "Hộ dân trú tại [đã ẩn] khiếu nại về đền bù"),
    ("Địa chỉ: tổ 5, phường Tân Phong", "Địa chỉ: [đã ẩn]"),
    ("Quê quán Thái Bình", "Quê quán [đã ẩn]"),
    # a place that is not where a citizen lives, and residence as a topic, stay
    ("Tranh chấp đất tại bản Nà Luồng", "Tranh chấp đất tại bản Nà Luồng"),
    ("Trường hợp cư trú không hợp pháp", "Trường hợp cư trú không hợp pháp"),
    ("Đăng ký tạm trú cho người lao động", "Đăng ký tạm trú cho người lao động"),
])
def test_where_a_citizen_lives_is_masked_in_free_text(written: str, kept: str) -> None:
    """'trú tại bản Nà Luồng' was kept (loader round); with a name it points at one household."""
    stored, masked = _case_text("Ghi chú", "note", written)
    assert stored == kept
    assert masked == ([] if kept == written else [(
        "Ghi chú có nơi cư trú của người dân; phần đó đã được ẩn và không lưu. Không ghi thông tin cá nhân của "
        "công dân vào báo cáo.")])


@pytest.mark.parametrize("headers", [
    ["Mã chỉ tiêu", "Kết quả", "Thực hiện", "Tổng số"],  # an alias of Thực hiện before it
    ["STT", "Mã chỉ tiêu", "Thực hiện", "Tổng số"],  # under the sheet's title 'CHỈ TIÊU' in A1
    ["Chỉ tiêu", "Mã chỉ tiêu", "Thực hiện", "Tổng số"],
])
def test_the_column_titled_as_the_template_titles_it_is_read_whatever_stands_before_it(headers: list[str]) -> None:
    """'Kết quả' (an alias of Thực hiện) before 'Thực hiện' was read and 'Thực hiện' dropped: every
    indicator stored attained from the wrong column; a title above 'STT' made A the Mã chỉ tiêu column
    and refused the file ('Mã chỉ tiêu \\'1\\' không có trong danh mục') (loader round)."""
    book = openpyxl.Workbook()
    info = book.active
    info.title = "Thông tin"
    info.append(["Mã đơn vị", "VP"])
    info.append(["Kỳ báo cáo", "Quý I/2025"])
    sheet = book.create_sheet("Chỉ tiêu")
    sheet.append(["CHỈ TIÊU"])
    sheet.append(headers)
    first = {"Kết quả": "Đạt", "STT": 1, "Chỉ tiêu": "Quán triệt"}[headers[1] if headers[1] == "Kết quả" else headers[0]]
    rows = [("CT01", "Không", None), ("CT04", 3, 5)]
    for code, actual, total in rows:
        sheet.append([code, first, actual, total] if headers[1] == "Kết quả" else [first, code, actual, total])
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "x.xlsx", today=TODAY)
    assert parsed.errors == []
    assert [(r["indicator_code"], r["actual"], r["denominator"]) for r in parsed.rows["indicators"]] == [
        ("CT01", 0.0, None), ("CT04", 3.0, 5.0)]


def test_an_emptied_indicators_sheet_is_an_error_as_a_missing_one_is() -> None:
    """'Chỉ tiêu' with no cell at all passed with no word and superseded the unit's return (loader round 2)."""
    book = openpyxl.load_workbook(io.BytesIO(build_return(petitions=[petition("01", "15/01/2025")])))
    del book["Chỉ tiêu"]
    book.create_sheet("Chỉ tiêu")
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "x.xlsx", today=TODAY)
    assert [(f.location, f.rule, f.message) for f in parsed.errors] == [(
        "Chỉ tiêu", "sheet.empty_required",
        "Trang 'Chỉ tiêu' để trống. Đây là trang bắt buộc: hãy ghi theo mẫu (các cột: Mã chỉ tiêu, Thực hiện) rồi "
        "gửi lại.")]


def test_the_template_as_downloaded_is_refused_not_stored_over_a_return() -> None:
    """An untouched pre-filled template (indicator rows, every Thực hiện blank, no list row) loaded and
    superseded the unit's return: its sessions and models vanished (loader round 2). A return that
    owes no indicator (a month's) and has nothing to report is still valid."""
    from etl.template import template_bytes

    blank = template_bytes("VP", "2025-Q1")
    parsed = validate_workbook(blank, "mau.xlsx", today=TODAY)
    assert [(f.rule, f.message) for f in parsed.errors] == [(
        "return.no_data",
        ("Báo cáo chưa có số liệu nào: các ô Thực hiện ở trang 'Chỉ tiêu' còn trống và các trang danh sách không "
         "có dòng nào. Có thể đây là mẫu chưa điền; hãy điền số liệu rồi gửi lại."))]
    month = validate_workbook(build_return("DK", "Tháng 4/2025", indicators=[]), "t4.xlsx", today=TODAY)
    assert month.errors == []


def test_a_share_over_100_percent_and_a_total_that_is_no_number_are_one_error_each() -> None:
    """'120%' was told as 'Thực hiện (120) lớn hơn Tổng số (10)'; Tổng số '23 người' got two errors at
    one cell that contradict each other ('không phải số' and 'cần ghi Tổng số') (loader round 2)."""
    indicators = [{"Mã chỉ tiêu": "CT04", "Thực hiện": "120%", "Tổng số": 10},
                  {"Mã chỉ tiêu": "CT07", "Thực hiện": 20, "Tổng số": "23 người"}]
    parsed = validate_workbook(build_return(indicators=indicators), "x.xlsx", today=TODAY)
    assert [(f.location, f.rule) for f in parsed.errors] == [
        ("Chỉ tiêu!D4", "indicator.percent_over_100"), ("Chỉ tiêu!E5", "number.invalid")]
    assert parsed.errors[0].message == (
        "Thực hiện '120%' của chỉ tiêu CT04 vượt 100%. Hãy ghi số (ví dụ số người) không lớn hơn Tổng số (10).")


def test_a_ratio_row_s_wrong_thuc_hien_and_missing_tong_so_are_both_told_at_once() -> None:
    """Thực hiện 'năm' in a ratio row hid the missing Tổng số until it was mended, so the clerk sent
    the file twice (office round, session 16); a negative one hid a Tổng số of 0 so."""
    indicators = [{"Mã chỉ tiêu": "CT04", "Thực hiện": "năm"},
                  {"Mã chỉ tiêu": "CT07", "Thực hiện": -3, "Tổng số": 0}]
    parsed = validate_workbook(build_return(indicators=indicators), "x.xlsx", today=TODAY)
    assert [(f.location, f.rule) for f in parsed.errors] == [
        ("Chỉ tiêu!D4", "number.invalid"), ("Chỉ tiêu!E4", "indicator.denominator_missing"),
        ("Chỉ tiêu!D5", "number.negative"), ("Chỉ tiêu!E5", "indicator.denominator_zero")]
    assert parsed.errors[1].message.startswith("Chỉ tiêu CT04 là tỷ lệ nên cần ghi Tổng số (")


def test_rows_numbered_in_advance_and_holding_the_defaults_are_left_out_as_either_alone_is() -> None:
    """STT 1…20 and 'Có', 'Không' filled down a template (unseen-workbooks round, session 17): each
    alone was left out, together the file was refused with four 'Thiếu …' errors a row."""
    headers = ["STT", "Số hiệu đơn", "Ngày nhận", "Loại đơn", "Thuộc thẩm quyền", "Vùng sâu vùng xa", "Trạng thái"]
    cases = [petition("01", "15/01/2025") | {"STT": 1}]
    numbered = [{"STT": n, "Thuộc thẩm quyền": "Có", "Vùng sâu vùng xa": "Không"} for n in range(2, 22)]
    parsed = validate_workbook(build_return(petitions=cases + numbered, headers={"petitions": headers}), "x.xlsx",
                               today=TODAY)
    assert parsed.errors == []
    [told] = [f for f in parsed.warnings if f.rule == "row.defaults_only"]
    assert told.message.startswith("20 dòng của trang 'Đơn thư' (dòng 5, 6, 7 và 17 dòng khác) chỉ có giá trị mặc định")
    assert [r["petition_ref"] for r in parsed.rows["petitions"]] == ["01"]


def test_a_resolution_date_that_cannot_be_read_is_one_error_not_also_a_missing_one() -> None:
    """'15/8/25' got 'không đúng dạng ngày' and, at the same cell, 'Trạng thái Đã giải quyết cần có
    Ngày giải quyết', though a date was typed (unseen-workbooks round, session 17)."""
    row = petition("01", "15/01/2025", "Khiếu nại", "Đã giải quyết", **{"Ngày giải quyết": "15/8/25"})
    parsed = validate_workbook(build_return(petitions=[row]), "x.xlsx", today=TODAY)
    assert [f.rule for f in parsed.errors if f.row == 4] == ["date.invalid"]
    blank = petition("01", "15/01/2025", "Khiếu nại", "Đã giải quyết", **{"Ngày giải quyết": None})
    parsed = validate_workbook(build_return(petitions=[blank]), "x.xlsx", today=TODAY)
    assert [f.rule for f in parsed.errors if f.row == 4] == ["petition.resolved_without_date"]  # blank: still told


def test_a_repeated_case_written_otherwise_is_told_why_the_two_are_one() -> None:
    """'012' and a 12 typed as a number are one case (migration 008), which the duplicate error did
    not say (ETL round, session 19): it quotes the first as written and why; a case repeated as
    written says only the row."""
    rows = [petition(12, "15/01/2025"), petition("012", "16/01/2025"), petition("12", "17/01/2025"),
            petition("05/ĐT", "15/01/2025"), petition("05/ĐT", "16/01/2025")]
    parsed = validate_workbook(build_return(petitions=rows), "x.xlsx", today=TODAY)
    assert [(f.location, f.message.split(". Mỗi")[0]) for f in parsed.errors] == [
        ("Đơn thư!A5", "Số hiệu đơn '012' trùng với '12' ở dòng 4 (số hiệu chỉ khác nhau ở chữ hoa/chữ thường, có "
                       "dấu hay không dấu, dấu cách hoặc số 0 ở đầu là cùng một đơn)"),
        ("Đơn thư!A6", "Số hiệu đơn '12' trùng với dòng 4"),
        ("Đơn thư!A8", "Số hiệu đơn '05/ĐT' trùng với dòng 7"),
    ]
    model = {"Loại": "Mô hình", "Lĩnh vực": "Kinh tế", "Ngày đăng ký": "15/01/2025", "Trạng thái": "Đang triển khai"}
    named = [{**model, "Tên mô hình": name} for name in ("Mô hình “Dân vận khéo”", 'mô hình "Dân vận  khéo".')]
    parsed = validate_workbook(build_return(models=named), "x.xlsx", today=TODAY)
    assert [(f.location, f.message.split(". Mỗi")[0]) for f in parsed.errors] == [
        ("Dân vận khéo!A5", "Mô hình 'mô hình \"Dân vận khéo\".' trùng với 'Mô hình “Dân vận khéo”' ở dòng 4 (tên chỉ "
                            "khác nhau ở chữ hoa/chữ thường, dấu cách, kiểu dấu ngoặc kép hoặc dấu chấm cuối là cùng "
                            "một mô hình)"),
    ]


def test_a_centres_own_director_chairing_is_not_the_departments() -> None:
    """'Giám đốc Trung tâm' was read as Giám đốc Sở without a word, so the centre's sessions counted for
    the head of the department's monthly day (black-box round, session 20): a unit's head is 'Lãnh
    đạo phòng, đơn vị', told; a bare 'Giám đốc' in a centre's return stays Giám đốc Sở, with a
    question; in the Văn phòng's return it is Giám đốc Sở, and 'GĐ Sở' anywhere."""
    hosts = ["Giám đốc Trung tâm", "Đ/c Lò Văn Thắng - Phó Giám đốc Trung tâm", "PGĐ Ban QLDA", "Hạt trưởng",
             "Giám đốc", "GĐ Sở"]
    rows = [session(**{"Ngày tiếp": f"{day:02d}/02/2025", "Người chủ trì": host}) for day, host in enumerate(hosts, 3)]
    told = {}
    for unit in ("DK", "VP"):
        parsed = validate_workbook(build_return(unit, "Quý I/2025", reception=rows), "x.xlsx", today=TODAY)
        assert parsed.errors == []
        assert [r["host_role"] for r in parsed.rows["reception"]] == [
            "lanh_dao_phong", "lanh_dao_phong", "lanh_dao_phong", "lanh_dao_phong", "giam_doc", "giam_doc"]
        told[unit] = [(f.location, f.rule) for f in parsed.warnings if f.rule.startswith("host.")]
    assert told["DK"] == [(f"Tiếp công dân!C{r}", "host.unit_head") for r in (4, 5, 6, 7)] + [
        ("Tiếp công dân!C8", "host.which_director")]
    assert told["VP"] == told["DK"][:4]
    parsed = validate_workbook(build_return("DK", "Quý I/2025", reception=rows), "x.xlsx", today=TODAY)
    assert [f.message for f in parsed.warnings if f.location in ("Tiếp công dân!C4", "Tiếp công dân!C8")] == [
        "Người chủ trì 'Giám đốc Trung tâm' là lãnh đạo của đơn vị, không phải lãnh đạo Sở, nên được tính là 'Lãnh "
        "đạo phòng, đơn vị' (không tính vào việc Giám đốc Sở tiếp công dân). Nếu đúng là lãnh đạo Sở chủ trì, hãy "
        "ghi 'Giám đốc Sở' hoặc 'Phó Giám đốc Sở' rồi gửi lại.",
        "Người chủ trì 'Giám đốc' được tính là 'Giám đốc Sở'. Nếu là lãnh đạo của Trung tâm Đăng kiểm xe cơ giới, "
        "hãy ghi 'Lãnh đạo phòng, đơn vị' rồi gửi lại."]


@pytest.mark.parametrize("written,code", [("Phòng KHTC", "KHTC"), ("P. KH-TC", "KHTC"), ("VP Sở", "VP"),
                                          ("Văn phòng Sở GTVT", "VP"), ("TT ĐK", "DK"), ("Thanh tra Sở GTVT", "TTR")])
def test_a_unit_written_more_freely_is_read_and_said(written: str, code: str) -> None:
    """'Phòng KHTC', 'VP Sở' were refused with a list of bare codes (black-box round, session 20): the
    one unit they name is taken, with a warning naming it; 'Phòng' alone names none."""
    parsed = validate_workbook(build_return(unit=written), "x.xlsx", today=TODAY)
    assert parsed.errors == [] and parsed.unit_code == code
    [told] = [f for f in parsed.warnings if f.rule == "info.unit_read_as"]
    assert told.location == "Thông tin!B1"
    unit = default_catalog().unit(code)
    assert told.message == (f"Mã đơn vị '{written}' được đọc là {code} ({unit.name}). Nếu đúng, lần sau hãy ghi "
                            f"mã {code}; nếu sai, hãy sửa Mã đơn vị rồi gửi lại.")
    assert [f.rule for f in validate_workbook(build_return(unit="Phòng"), "x.xlsx", today=TODAY).errors] == [
        "info.unknown_unit"]


def test_a_form_laid_out_as_a_table_with_its_titles_is_read_without_a_word() -> None:
    """Thông tin as STT | Nội dung | Giá trị (labels in B, values in C) was read, with a warning that
    its title 'Giá trị' (C4) lay outside the form 'mục ở cột A, giá trị ở cột B' (black-box round)."""
    import openpyxl

    book = openpyxl.Workbook()
    info = book.active
    info.title = "Thông tin"
    for row in (["STT", "Nội dung", "Giá trị"], [1, "Mã đơn vị", "BTDB"], [2, "Kỳ báo cáo", "Quý II/2025"]):
        info.append(row)
    source = openpyxl.load_workbook(io.BytesIO(build_return(petitions=[petition("01", "15/04/2025")])))
    for ws in source.worksheets[1:]:
        copy = book.create_sheet(ws.title)
        for row in ws.iter_rows(values_only=True):
            copy.append(row)
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "x.xlsx", today=TODAY)
    assert parsed.errors == [] and (parsed.unit_code, parsed.period.code) == ("BTDB", "2025-Q2")
    assert [f.rule for f in parsed.warnings if f.sheet == "Thông tin"] == []


def test_a_ratio_counted_with_a_fraction_is_kept_and_told() -> None:
    """CT04 '12.5' of 13 and CT07 '98,5' of 100 loaded without a word (black-box round, session 20): a
    ratio counts people or tasks; kept as written, with a warning at the cell with the fraction."""
    rows = [{"Mã chỉ tiêu": "CT04", "Thực hiện": "12.5", "Tổng số": 13},
            {"Mã chỉ tiêu": "CT07", "Thực hiện": 40, "Tổng số": "40,5"},
            {"Mã chỉ tiêu": "CT01", "Thực hiện": "Có"}]
    parsed = validate_workbook(build_return(indicators=rows), "x.xlsx", today=TODAY)
    assert parsed.errors == []
    assert [(f.location, f.value) for f in parsed.warnings if f.rule == "indicator.count_not_whole"] == [
        ("Chỉ tiêu!D4", "12.5"), ("Chỉ tiêu!E5", "40,5")]
    assert [(r["indicator_code"], r["actual"], r["denominator"]) for r in parsed.rows["indicators"]][:2] == [
        ("CT04", 12.5, 13), ("CT07", 40, 40.5)]


def test_a_count_with_a_comma_for_thousands_is_refused_with_the_vietnamese_way() -> None:
    """'1,234' in Số người got only 'không phải số nguyên' (black-box round, session 20): the comma is
    the decimal sign, so it is refused, saying how to write the count; '1.234' is read."""
    rows = [session(**{"Số người": "1,234"}), session(**{"Ngày tiếp": "16/01/2025", "Số người": "1.234"})]
    parsed = validate_workbook(build_return(reception=rows), "x.xlsx", today=TODAY)
    assert [(f.location, f.message) for f in parsed.errors] == [
        ("Tiếp công dân!F4", "Số người '1,234' không phải số nguyên (dấu phẩy là dấu thập phân; nếu là số 1234, hãy "
                             "ghi 1.234 hoặc 1234). Hãy nhập số nguyên không âm, ví dụ 12 (không ghi chữ, không ghi "
                             "số thập phân).")]
    assert parsed.rows["reception"][1]["people"] == 1234


def test_a_return_whose_every_session_is_before_its_period_asks_if_it_is_last_periods() -> None:
    """Quý I's file sent again as Quý II (every session in Quý I) loaded with no warning (black-box round,
    session 20): one warning at the latest session; one session in the period, or cases received
    before it (carried over), say nothing."""
    rows = [session(**{"Ngày tiếp": "10/01/2025"}), session(**{"Ngày tiếp": "12/03/2025"})]
    parsed = validate_workbook(build_return("VP", "Quý II/2025", reception=rows), "x.xlsx", today=TODAY)
    assert parsed.errors == []
    assert [(f.location, f.message) for f in parsed.warnings if f.rule == "date.before_period"] == [
        ("Tiếp công dân!A5", "Cả 2 dòng của trang 'Tiếp công dân' có Ngày tiếp trước kỳ Quý II/2025 (15/03/2025 – "
                             "14/06/2025), muộn nhất là 12/03/2025: có thể đây là tệp của kỳ trước. Số liệu vẫn được "
                             "nhận và tính theo ngày đã ghi; hãy kiểm tra lại Kỳ báo cáo.")]
    rows.append(session(**{"Ngày tiếp": "20/03/2025"}))
    cases = [petition("01", "10/01/2025"), petition("02", "12/02/2025")]
    parsed = validate_workbook(build_return("VP", "Quý II/2025", reception=rows, petitions=cases), "x.xlsx",
                               today=TODAY)
    assert [f for f in parsed.warnings if f.rule == "date.before_period"] == []


def test_a_two_digit_year_is_refused_with_the_four_digit_day_it_may_mean() -> None:
    """'3/2/25' was told only 'không đúng dạng ngày' (ETL round, session 19): the clerk is told the
    year needs four digits and which day it reads as if the year is 2025; no day, no guess."""
    rows = [petition("01", "3/2/25"), petition("02", "15/01/2025", "Khiếu nại", "Đã giải quyết",
                                                 **{"Ngày giải quyết": "31-2-25"})]
    parsed = validate_workbook(build_return(petitions=rows), "x.xlsx", today=TODAY)
    assert [(f.location, f.message) for f in parsed.errors] == [
        ("Đơn thư!B4", "Ngày nhận '3/2/25' ghi năm bằng 2 chữ số nên không rõ là năm nào; nếu là năm 2025, hãy "
                       "ghi 03/02/2025. Hãy nhập ngày dạng dd/mm/yyyy, ví dụ 15/01/2025."),
        ("Đơn thư!M5", "Ngày giải quyết '31-2-25' ghi năm bằng 2 chữ số nên không rõ là năm nào: hãy ghi đủ 4 chữ "
                       "số của năm. Hãy nhập ngày dạng dd/mm/yyyy, ví dụ 15/01/2025."),
    ]


def test_a_small_number_in_a_date_column_is_quoted_as_the_day_excel_shows_for_it() -> None:
    """A 1 in Ngày nhận was told as '31/12/1899'; Excel shows it as 01/01/1900 (it counts a
    29/02/1900 that never was, so its first 60 serials are a day later than the rest's epoch)."""
    from etl.cells import parse_date

    assert [parse_date(n) for n in (1, 59, 61, 45672)] == [
        date(1900, 1, 1), date(1900, 2, 28), date(1900, 3, 1), date(2025, 1, 15)]
    parsed = validate_workbook(build_return(petitions=[petition("01", 1)]), "x.xlsx", today=TODAY)
    assert [f.message.split(" trước ")[0] for f in parsed.errors if f.location == "Đơn thư!B4"] == [
        "Ngày nhận 01/01/1900"]


def test_cases_filed_without_a_date_are_told_they_will_count_as_overdue() -> None:
    """'Lưu đơn' needs no Ngày giải quyết (contract): stored as they are, but such a case stays open and
    past its deadline is listed as overdue for ever. One warning for them all, at the first one's cell;
    one filed with its date, or with a date that cannot be read (its own error), is not counted."""
    data = build_return(petitions=[
        petition("01/KN", "03/03/2025", "Tố cáo", "Lưu đơn"),
        petition("02/KN", "04/03/2025", "Kiến nghị", "Lưu đơn", **{"Ngày giải quyết": "05/03/2025"}),
        petition("03/KN", "05/03/2025", "Phản ánh", "Lưu đơn"),
    ])
    parsed = validate_workbook(data, "x.xlsx", today=TODAY)
    assert parsed.ok
    assert [r["status"] for r in parsed.rows["petitions"]] == ["luu_don"] * 3
    [told] = [f for f in parsed.findings if f.rule == "petition.filed_without_date"]
    resolved_col = [c.value for c in openpyxl.load_workbook(io.BytesIO(data))["Đơn thư"][3]].index("Ngày giải quyết") + 1
    assert (told.severity, told.sheet, told.row, told.col) == ("warning", "Đơn thư", 4, resolved_col)
    assert told.message == (
        "Đơn '01/KN' và 1 đơn khác (dòng 4, 6) có Trạng thái 'Lưu đơn' nhưng không ghi Ngày giải quyết (ngày lưu "
        "đơn), nên được tính là đơn chưa giải quyết xong: khi quá hạn giải quyết, đơn được tính và liệt kê là đơn "
        "quá hạn. Hãy ghi ngày lưu đơn vào cột Ngày giải quyết và gửi lại.")
    unreadable = build_return(petitions=[petition("01/KN", "03/03/2025", "Tố cáo", "Lưu đơn",
                                                  **{"Ngày giải quyết": "15/8/25"})])
    assert "petition.filed_without_date" not in [f.rule for f in validate_workbook(unreadable, "x.xlsx",
                                                                                    today=TODAY).findings]
    dated = build_return(petitions=[petition("02/KN", "04/03/2025", "Kiến nghị", "Lưu đơn",
                                             **{"Ngày giải quyết": "05/03/2025"})])
    assert validate_workbook(dated, "x.xlsx", today=TODAY).findings == []


def test_findings_come_in_reading_order() -> None:
    """Whoever corrects a file goes down it: the whole file's findings first, then sheet by sheet in
    the file's tab order, row by row and cell by cell, not check by check (every bad date, then every
    bad choice). Two findings at one cell keep the order of the checks."""
    cases = [petition("01", "32/01/2025", "Khiếu nại", "Lạ"), petition("02", "15/01/2025", "Lạ"),
             petition("03", "99/01/2025")]
    book = openpyxl.load_workbook(io.BytesIO(build_return(petitions=cases, reception=[session(**{"Số lượt": -1})])))
    book.move_sheet("Tiếp công dân", offset=-book.sheetnames.index("Tiếp công dân"))  # the first tab
    out = io.BytesIO()
    book.save(out)
    parsed = validate_workbook(out.getvalue(), "x.xlsx", today=TODAY)
    assert [(f.location, f.rule) for f in parsed.findings] == [
        ("Tiếp công dân!E4", "int.invalid"),  # the first tab
        ("Đơn thư!B4", "date.invalid"), ("Đơn thư!N4", "choice.unknown"),  # checked apart: dates, then choices
        ("Đơn thư!C5", "choice.unknown"),
        ("Đơn thư!B6", "date.invalid"),
    ]


@pytest.mark.parametrize("header", ["Tên người chủ trì", "Chức vụ người chủ trì"])
def test_the_host_column_named_for_the_official_is_the_host_not_personal_data(header) -> None:
    """'Tên người chủ trì' names the official who received citizens (a role from the list), not a
    citizen: read as Người chủ trì. Its words 'tên người' had it dropped as personal data, and the
    file refused for want of the required column."""
    headers = [header if h == "Người chủ trì" else h for h in RECEPTION_HEADERS]
    rows = [{header if k == "Người chủ trì" else k: v for k, v in session().items()}]
    parsed = validate_workbook(build_return(headers={"reception": headers}, reception=rows), "x.xlsx", today=TODAY)
    assert parsed.ok, [f.message for f in parsed.errors]
    assert [r["host_role"] for r in parsed.rows["reception"]] == ["giam_doc"]
    assert parsed.dropped_columns == [] and parsed.warnings == []


def test_the_host_written_with_the_officials_name_is_read_as_the_role() -> None:
    """Offices write who received citizens with the name: 'Đ/c … - Phó Giám đốc Sở' is the role named
    in it (the name is not kept, nor quoted back); two roles named apart, or a name alone, stay an error."""
    rows = [session(**{"Người chủ trì": "Đ/c Lò Văn Minh - Phó Giám đốc Sở"}),
            session(**{"Ngày tiếp": "16/01/2025", "Người chủ trì": "Ông Nguyễn Văn An, Trưởng phòng Thanh tra"}),
            session(**{"Ngày tiếp": "17/01/2025", "Người chủ trì": "PGĐ Trần Thị Hoa"})]
    parsed = validate_workbook(build_return(reception=rows), "x.xlsx", today=TODAY)
    assert parsed.ok, [f.message for f in parsed.errors]
    assert [r["host_role"] for r in parsed.rows["reception"]] == ["pho_giam_doc", "lanh_dao_phong", "pho_giam_doc"]
    bad = [session(**{"Người chủ trì": "Giám đốc Sở và Phó Giám đốc Sở"}),
           session(**{"Ngày tiếp": "16/01/2025", "Người chủ trì": "Đ/c Lò Văn Minh"})]
    errors = validate_workbook(build_return(reception=bad), "x.xlsx", today=TODAY).errors
    assert [(f.location, f.rule) for f in errors] == [("Tiếp công dân!C4", "choice.unknown"),
                                                     ("Tiếp công dân!C5", "choice.unknown")]
    assert "Minh" not in " ".join(f.message + f.value for f in errors)


def test_a_units_own_plan_below_the_departments_target_is_said_to_decide_its_verdict() -> None:
    """Kế hoạch 12,5 on CT07 (the plan's 100%): allowed, the unit's own plan (contract §1.2), but its
    83,3% is then 'Đạt' against 12,5. Told; a plan at or above the target, or none, is not."""
    rows = [{"Mã chỉ tiêu": "CT07", "Kế hoạch": "12,5", "Thực hiện": 10, "Tổng số": 12},
            {"Mã chỉ tiêu": "CT04", "Kế hoạch": 100, "Thực hiện": 9, "Tổng số": 10},
            {"Mã chỉ tiêu": "CT05", "Thực hiện": 4, "Tổng số": 5}]
    parsed = validate_workbook(build_return(indicators=rows), "f.xlsx", today=TODAY)
    assert parsed.ok
    told = [f for f in parsed.findings if f.rule == "indicator.plan_below_target"]
    assert [(f.location, f.value, f.message) for f in told] == [(
        "Chỉ tiêu!C4", "12,5",
        "Kế hoạch 12,5% của chỉ tiêu CT07 thấp hơn chỉ tiêu của kế hoạch Sở (100%): đơn vị được đánh giá đạt hay "
        "chưa đạt theo 12,5%. Nếu không có văn bản giao kế hoạch riêng cho đơn vị, hãy để trống ô Kế hoạch rồi gửi lại.")]


def test_a_hidden_row_of_thong_tin_is_named() -> None:
    """The Kỳ báo cáo read from a hidden row of Thông tin: whoever checked the file did not see which
    period it would be stored for."""
    data = _edited(build_return(), lambda book: setattr(book["Thông tin"].row_dimensions[2], "hidden", True))
    parsed = validate_workbook(data, "f.xlsx", today=TODAY)
    assert parsed.period.code == "2025-Q1"
    [told] = [f for f in parsed.findings if f.rule == "row.hidden"]
    assert (told.location, told.message) == (
        "Thông tin dòng 2",
        "Dòng 2 của trang 'Thông tin' (Kỳ báo cáo) đang bị ẩn trong tệp nhưng vẫn được đọc. Hãy hiện dòng để kiểm "
        "tra lại; nếu có chỗ sai, sửa rồi gửi lại.")
