"""dashboard.queries.explore and .history against the hand-checked fixture (tests/fixtures.py).

Current petitions, newest received first: TTR-03 01/12, TTR-02 10/07, TTR-01 02/06, VP-04 02/06,
VP-03 03/03, VP-02 20/01, VP-01 06/01 (all 2025).
"""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
from datetime import date, datetime
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from dashboard.filters import Filters
from dashboard.queries import explore, history
from dashboard.queries.explore import Query, rows
from etl.errors import NotFound

TODAY = date(2025, 12, 31)
YEAR = Filters(2025, today=TODAY)
Q1 = Filters(2025, "2025-Q1", today=TODAY)


def refs(frame: pd.DataFrame, column: str = "petition_ref") -> list:
    return frame[column].tolist()


def plain(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date() if value == value.normalize() else value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


@pytest.fixture
def db(fixture_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "db.duckdb"
    shutil.copy(fixture_db, copy)
    return copy


def test_petitions_of_the_year_labelled_newest_first(fixture_db: Path) -> None:
    frame = rows(fixture_db, YEAR, Query("petitions"))
    assert list(frame.columns[:len(explore.dataset("petitions").headers)]) == list(explore.dataset("petitions").headers)
    assert refs(frame) == ["TTR-03", "TTR-02", "TTR-01", "VP-04", "VP-03", "VP-02", "VP-01"]
    assert {k: plain(v) for k, v in frame.iloc[-1].to_dict().items()} == {
        "unit_code": "VP", "unit_name": "Văn phòng Sở", "petition_ref": "VP-01", "received_date": date(2025, 1, 6),
        "kind": "Khiếu nại", "field": "Đất đai - giải phóng mặt bằng", "source": "", "within_competence": True,
        "attempt": "Lần đầu", "complexity": "Bình thường", "remote_area": False, "accepted_date": date(2025, 1, 10),
        "extension_days": None, "due_date": date(2025, 2, 10), "resolved_date": date(2025, 2, 5),
        "status": "Đã giải quyết", "result": "Đúng", "resolution_days": 26, "on_time": True, "summary": "",
        "note": "", "last_period_code": "6 tháng đầu năm 2025",  # missing text is blank
        "unit_order": 1,  # not shown: the unit's place in the catalogue, for the "Đơn vị" orders
    }
    # "Lần giải quyết" is a complaint's: blank on a kiến nghị, phản ánh or tố cáo
    attempts = dict(zip(frame["kind"], frame["attempt"]))
    assert attempts["Khiếu nại"] == "Lần đầu"
    assert all(pd.isna(a) or a == "" for k, a in zip(frame["kind"], frame["attempt"]) if k != "Khiếu nại")


@pytest.mark.parametrize("text, expected", [
    ("khieu nai", ["TTR-03", "TTR-01", "VP-01"]),
    ("KHIẾU NẠI", ["TTR-03", "TTR-01", "VP-01"]),
    ("Khiếu nại", ["TTR-03", "TTR-01", "VP-01"]),  # decomposed (NFD) input
    ("dat dai", ["VP-01"]),
    ("ĐẤT ĐAI", ["VP-01"]),
    ("đầu tư", ["TTR-01"]),
    ("dau tu", ["TTR-01"]),
    ("khieu nai ttr", ["TTR-03", "TTR-01"]),  # every word, in any order
    ("ttr   khieu   nai", ["TTR-03", "TTR-01"]),
    ("van phong da giai quyet", ["VP-03", "VP-02", "VP-01"]),  # unit name and status label
    ("vp-0", ["VP-04", "VP-03", "VP-02", "VP-01"]),
    ("100%", []),  # no LIKE wildcards
    ("'; DROP TABLE petition_rows; --", []),  # a bound parameter, nothing else
    ("   ", ["TTR-03", "TTR-02", "TTR-01", "VP-04", "VP-03", "VP-02", "VP-01"]),
])
def test_search_ignores_case_and_diacritics(fixture_db: Path, text: str, expected: list[str]) -> None:
    text = text.replace("Khiếu nại", "Khie\u0301u na\u0323i") if text == "Khiếu nại" else text
    assert refs(rows(fixture_db, YEAR, Query("petitions", text=text))) == expected


def test_search_leaves_the_data_alone(fixture_db: Path) -> None:
    rows(fixture_db, YEAR, Query("petitions", text="'; DROP TABLE petition_rows; --"))
    assert len(rows(fixture_db, YEAR, Query("petitions"))) == 7


def test_page_filters_combine_with_the_shared_ones(fixture_db: Path) -> None:
    assert refs(rows(fixture_db, Filters(2025, units=("TTR",), today=TODAY), Query("petitions"))) == [
        "TTR-03", "TTR-02", "TTR-01"]
    assert refs(rows(fixture_db, YEAR, Query("petitions", kinds=("to_cao",)))) == ["TTR-02", "VP-03"]
    assert refs(rows(fixture_db, YEAR, Query("petitions", statuses=("chua_xu_ly", "dang_giai_quyet")))) == [
        "TTR-03", "VP-04"]
    june = Query("petitions", date_from=date(2025, 6, 1), date_to=date(2025, 6, 30))
    assert refs(rows(fixture_db, YEAR, june)) == ["TTR-01", "VP-04"]
    q1_window = explore.default_dates(Q1, "petitions")
    assert q1_window == (date(2024, 12, 15), date(2025, 3, 14))
    assert refs(rows(fixture_db, Q1, Query("petitions", date_from=q1_window[0], date_to=q1_window[1]))) == [
        "VP-03", "VP-02", "VP-01"]
    both = Query("petitions", kinds=("khieu_nai",), statuses=("da_giai_quyet",), text="vp")
    assert refs(rows(fixture_db, YEAR, both)) == ["VP-01"]


def test_models_reception_indicators_and_submissions(fixture_db: Path) -> None:
    models = rows(fixture_db, YEAR, Query("models"))
    assert refs(models, "model_name") == ["Tổ tiếp công dân gương mẫu", "DÂN VẬN KHÉO trong giải phóng mặt bằng"]
    assert refs(models, "status") == ["Được công nhận", "Đang triển khai"]
    assert refs(rows(fixture_db, YEAR, Query("models", text="giai phong mat bang")), "model_name") == [
        "DÂN VẬN KHÉO trong giải phóng mặt bằng"]
    assert refs(rows(fixture_db, YEAR, Query("models", kinds=("dien_hinh_tap_the",))), "recognition_level") == ["Sở"]

    sessions = rows(fixture_db, YEAR, Query("reception"))
    assert [plain(d) for d in sessions["session_date"]] == [
        date(2025, 5, 15), date(2025, 4, 15), date(2025, 3, 14), date(2025, 2, 20), date(2025, 2, 15),
        date(2025, 1, 15)]
    regular = rows(fixture_db, YEAR, Query("reception", kinds=("thuong_xuyen",)))
    assert [(plain(r.session_date), r.form, r.host_role, r.visits, r.people) for r in regular.itertuples()] == [
        (date(2025, 2, 20), "Thường xuyên", "Cán bộ tiếp công dân", 5, 6)]

    indicators = rows(fixture_db, Q1, Query("indicators"))
    assert [(r.unit_code, r.indicator_code, r.attained) for r in indicators.itertuples()] == [
        # Văn phòng before Kế hoạch - Tài chính: the catalogue's order, as the unit filter lists them
        ("VP", "CT01", "Đạt"), ("VP", "CT02", "Đạt"), ("VP", "CT03", "Không đánh giá theo đơn vị"),
        ("VP", "CT04", "Đạt"), ("VP", "CT05", "Chưa đạt"), ("VP", "CT06", "Đạt"), ("VP", "CT07", "Đạt"),
        ("KHTC", "CT01", "Đạt"), ("KHTC", "CT02", "Chưa đạt"), ("KHTC", "CT03", "Không đánh giá theo đơn vị"),
        ("KHTC", "CT04", "Đạt"), ("KHTC", "CT06", "Đạt"), ("KHTC", "CT07", "Đạt"),
    ]
    assert set(indicators["period_code"]) == {"Quý I/2025"}
    failed = rows(fixture_db, YEAR, Query("indicators", statuses=("khong_dat",), kinds=("CT02", "CT05")))
    assert [(r.unit_code, r.period_code, r.indicator_code, plain(r.rate)) for r in failed.itertuples()] == [
        ("VP", "Quý I/2025", "CT05", 66.7),
        ("VP", "6 tháng đầu năm 2025", "CT05", 80.0),  # 4 of 5 periodic sessions held as scheduled
        ("KHTC", "Quý I/2025", "CT02", None),
    ]

    subs = rows(fixture_db, YEAR, Query("submissions"))
    assert refs(subs, "submission_id") == [5, 4, 3, 2, 1]
    assert refs(subs, "status_label") == ["Đang dùng", "Đang dùng", "Đang dùng", "Đã bị thay thế", "Đang dùng"]
    assert refs(rows(fixture_db, YEAR, Query("submissions", statuses=("superseded",))), "file_name") == [
        "KHTC_2025-Q1.xlsx"]
    assert refs(rows(fixture_db, Q1, Query("submissions", text="khtc")), "submission_id") == [3, 2]
    assert refs(rows(fixture_db, YEAR, Query("submissions", kinds=("year",))), "period_code") == ["Năm 2025"]


def test_kind_options_and_describe(fixture_db: Path) -> None:
    assert explore.kind_options(fixture_db, YEAR, "petitions") == [
        ("khieu_nai", "Khiếu nại"), ("to_cao", "Tố cáo"), ("kien_nghi", "Kiến nghị"), ("phan_anh", "Phản ánh")]
    assert [code for code, _ in explore.kind_options(fixture_db, YEAR, "indicators")] == [
        "CT01", "CT02", "CT03", "CT04", "CT05", "CT06", "CT07"]
    query = Query("petitions", kinds=("to_cao", "khieu_nai"), statuses=("da_giai_quyet",),
                  date_from=date(2024, 12, 15), date_to=date(2025, 3, 14), text="  dat   dai ")
    assert explore.describe(Filters(2025, "2025-Q1", ("VP", "TTR"), TODAY), query, 1234) == [
        ("Dữ liệu", "Đơn thư — hiện trạng mới nhất của mỗi đơn, mỗi đơn một dòng"),
        ("Đơn vị", "Văn phòng Sở, Thanh tra Sở"),
        ("Loại đơn", "Tố cáo, Khiếu nại"),
        ("Trạng thái", "Đã giải quyết"),
        ("Ngày nhận", "từ 15/12/2024 đến 14/03/2025"),
        ("Tìm kiếm", "“dat dai” (không phân biệt hoa thường, có dấu hay không dấu)"),
        ("Sắp xếp", "Ngày nhận, mới trước"),
        ("Số dòng", "1.234"),
    ]
    assert explore.describe(Filters(2025, "2025-Q1", today=TODAY), Query("submissions"), 0)[1:3] == [
        ("Năm", "2025"), ("Kỳ báo cáo", "Quý I/2025 (số liệu từ 15/12/2024 đến 14/03/2025)")]
    assert explore.describe(YEAR, Query("submissions"), 0)[2:] == [
        ("Kỳ báo cáo", "Cả năm 2025"), ("Đơn vị", "Tất cả đơn vị"), ("Loại kỳ", "Tất cả"), ("Trạng thái", "Tất cả"),
        ("Ngày nộp", "Không giới hạn"), ("Tìm kiếm", "Không"), ("Sắp xếp", "Thời gian nộp, mới trước"),
        ("Số dòng", "0"),
    ]


def audit_rows(db: Path, action: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT username, target, details FROM audit_log WHERE action = ? ORDER BY audit_id",
                           [action]).fetchall()


def test_xlsx_export_is_the_filtered_rows_with_the_filters_stated(db: Path) -> None:
    f = Filters(2025, units=("VP",), today=TODAY)
    query = Query("petitions", statuses=("da_giai_quyet",), text="vp")
    at = datetime(2025, 12, 31, 9, 30)
    content = explore.export(db, f, query, "xlsx", "vanphong", at=at, who="Văn phòng (vanphong)")
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Thông tin xuất", "Đơn thư"]
    info = [tuple(c.value for c in row) for row in book["Thông tin xuất"].iter_rows()]
    as_of = explore.data_as_of(db)
    assert info == [
        ("Thông tin xuất dữ liệu", None), (None, None),
        ("Dữ liệu", "Đơn thư — hiện trạng mới nhất của mỗi đơn, mỗi đơn một dòng"), ("Đơn vị", "Văn phòng Sở"),
        ("Loại đơn", "Tất cả"), ("Trạng thái", "Đã giải quyết"), ("Ngày nhận", "Không giới hạn"),
        ("Tìm kiếm", "“vp” (không phân biệt hoa thường, có dấu hay không dấu)"),
        ("Sắp xếp", "Ngày nhận, mới trước"), ("Số dòng", "3"),
        ("Số liệu tính đến", as_of.strftime("%d/%m/%Y %H:%M")), ("Thời điểm xuất", "31/12/2025 09:30"),
        ("Người xuất", "Văn phòng (vanphong)"),
    ]
    sheet = book["Đơn thư"]
    headers = explore.dataset("petitions").headers
    assert [c.value for c in sheet[1]] == list(headers.values())
    expected = rows(db, f, query)
    written = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert len(written) == len(expected) == 3
    for got, want in zip(written, expected[list(headers)].itertuples(index=False)):
        want = [plain(v) for v in want]
        want = [("Có" if v else "Không") if isinstance(v, bool) else None if v == "" else v for v in want]
        got = [v.date() if isinstance(v, datetime) else v for v in got]
        assert got == want
    assert sheet["D2"].is_date and sheet["D2"].number_format == "dd/mm/yyyy"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:V4"
    (user, target, details), = audit_rows(db, "export")
    assert (user, target) == ("vanphong", "petitions")
    assert json.loads(details) == {
        "format": "xlsx", "rows": 3, "year": 2025, "period": None, "units": ["VP"], "kinds": [],
        "statuses": ["da_giai_quyet"], "date_from": None, "date_to": None, "text": "vp",
    }


def test_csv_export_has_a_bom_and_the_same_rows(db: Path) -> None:
    query = Query("petitions", kinds=("to_cao",), date_from=date(2025, 1, 1), date_to=date(2025, 12, 14))
    content = explore.export(db, YEAR, query, "csv", "lanhdao")
    assert content[:3] == b"\xef\xbb\xbf"
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[0][:5] == ["Mã đơn vị", "Đơn vị", "Số hiệu đơn", "Ngày nhận", "Loại đơn"]
    assert [row[:5] for row in table[1:]] == [
        ["TTR", "Thanh tra Sở", "TTR-02", "10/07/2025", "Tố cáo"],
        ["VP", "Văn phòng Sở", "VP-03", "03/03/2025", "Tố cáo"],
    ]
    assert table[1][7] == "Không"  # Thuộc thẩm quyền
    assert json.loads(audit_rows(db, "export")[0][2])["date_from"] == "2025-01-01"



def test_the_audit_log_names_an_export_s_filters_as_the_page_does(db: Path) -> None:
    """The Nhật ký read 'loại khieu_nai' (office round, session 16): the codes of the export's two
    choice filters, under names that are a reception's Hình thức and Người chủ trì as well."""
    from dashboard.queries import audit

    explore.export(db, YEAR, Query("petitions", kinds=("khieu_nai", "to_cao"), statuses=("da_giai_quyet",)),
                   "csv", "lanhdao")
    explore.export(db, YEAR, Query("reception", kinds=("dinh_ky",)), "xlsx", "lanhdao")
    shown = audit.audit_rows(db, actions=("export",))  # newest first; VP-01, VP-03, TTR-01 resolved
    assert shown[["target", "details"]].values.tolist() == [
        ["Dữ liệu: Tiếp công dân", "định dạng Excel (.xlsx) · số dòng 5 · năm 2025 · hình thức Định kỳ"],
        ["Dữ liệu: Đơn thư", "định dạng CSV · số dòng 3 · năm 2025 · loại đơn Khiếu nại, Tố cáo · "
                             "trạng thái Đã giải quyết"],
    ]

def test_formula_looking_text_from_a_return_is_neutralised_in_exports(db: Path) -> None:
    from etl.load import load_bytes
    from tests.workbooks import build_return, petition

    data = build_return("DK", "Quý I/2025", petitions=[
        petition("+DK-01", "06/01/2025", **{"Nội dung tóm tắt": "-giải phóng mặt bằng", "Ghi chú": "@chú ý"})])
    assert load_bytes(db, data, "DK.xlsx", "vanphong", today=TODAY).status == "loaded"
    query = Query("petitions", text="dk")
    xlsx = openpyxl.load_workbook(io.BytesIO(explore.export(db, YEAR, query, "xlsx", "vanphong")))["Đơn thư"]
    cells = [xlsx.cell(2, column) for column in (3, 20, 21)]
    assert [(c.value, c.data_type) for c in cells] == [  # text cells, as typed: never run, no "'" shown
        ("+DK-01", "s"), ("-giải phóng mặt bằng", "s"), ("@chú ý", "s")]
    table = list(csv.reader(io.StringIO(explore.export(db, YEAR, query, "csv", "vanphong").decode("utf-8-sig"))))
    assert (table[1][2], table[1][19], table[1][20]) == ("'+DK-01", "'-giải phóng mặt bằng", "'@chú ý")


def test_export_name() -> None:
    at = datetime(2025, 12, 31, 9, 5)
    assert explore.export_name(Query("models"), "xlsx", at) == "dan-van-kheo_20251231-0905.xlsx"


def test_history_lists_downloads_and_trails(db: Path) -> None:
    frame = history.submissions(db, YEAR)
    assert history.choices(frame)[2] == "Mã nộp 2 · KHTC · Quý I/2025 · KHTC_2025-Q1.xlsx"  # no status: see choices
    assert history.pick(frame, 2)["status"] == "superseded"
    assert history.pick(frame, 2)["stored_name"] == "KHTC_2025-Q1.xlsx"
    with pytest.raises(NotFound):
        history.pick(frame, 99)
    name, content = history.stored_file(db, 1)
    assert name == "VP_2025-Q1.xlsx"
    assert openpyxl.load_workbook(io.BytesIO(content)).sheetnames[:2] == ["Thông tin", "Chỉ tiêu"]
    assert history.download(db, 1, "vanphong") == content
    (user, target, details), = audit_rows(db, "download")
    assert (user, target, json.loads(details)) == ("vanphong", "1", {"file": "VP_2025-Q1.xlsx", "bytes": len(content)})
    trail = history.audit_trail(db, 1)
    assert refs(trail, "action") == ["Nạp", "Tải tệp"] and set(trail["username"]) == {"vanphong"}
    assert history.findings(db, 1).empty
    with pytest.raises(NotFound):
        history.stored_file(db, 99)
    assert explore.data_as_of(db) == max(frame["uploaded_at"]).to_pydatetime()


def test_the_page_shows_a_slice_of_exactly_what_the_export_writes(fixture_db: Path) -> None:
    query = Query("petitions", text="giai quyet")
    every = rows(fixture_db, YEAR, query)
    first = explore.page(fixture_db, YEAR, query, limit=2)
    rest = explore.page(fixture_db, YEAR, query, offset=2, limit=100)
    assert first.total == rest.total == len(every) > 2
    assert pd.concat([first.rows, rest.rows], ignore_index=True).equals(every)
    submissions = explore.page(fixture_db, YEAR, Query("submissions"), limit=1)
    assert submissions.rows["period_code"].tolist() == rows(fixture_db, YEAR, Query("submissions"))[
        "period_code"].tolist()[:1]  # labelled as in the export ("Năm 2025", not "2025-Y")
    assert not submissions.rows["period_code"].iloc[0].startswith("20")


@pytest.mark.parametrize("key", ["petitions", "models", "reception", "indicators", "submissions"])
def test_pages_cut_before_labelling_are_slices_of_the_export(fixture_db: Path, key: str) -> None:
    start, end = explore.default_dates(YEAR, key)
    orders = list(explore.order_labels(key))
    for f, query in ((YEAR, Query(key, date_from=start, date_to=end)), (YEAR, Query(key)),
                     (Filters(2025, units=("VP",), today=TODAY), Query(key)),
                     *((YEAR, Query(key, order=order)) for order in orders[1:])):
        every = rows(fixture_db, f, query)
        size = 2
        pages = [explore.page(fixture_db, f, query, offset=o, limit=size) for o in range(0, max(len(every), 1), size)]
        assert {p.total for p in pages} == {len(every)}
        shown = pd.concat([p.rows for p in pages], ignore_index=True)
        assert shown.equals(every) or (every.empty and shown.empty), key


def test_every_order_lists_and_exports_the_same_rows_in_its_own_sequence(fixture_db: Path) -> None:
    assert explore.order_labels("petitions") == {
        "": "Ngày nhận, mới trước", "received": "Ngày nhận, cũ trước", "due": "Hạn giải quyết, sớm trước",
        "days": "Số ngày giải quyết, lâu nhất trước", "unit": "Đơn vị, số hiệu đơn"}
    listed = {key: refs(rows(fixture_db, YEAR, Query("petitions", order=key)))
              for key in explore.order_labels("petitions")}
    assert listed == {
        "": ["TTR-03", "TTR-02", "TTR-01", "VP-04", "VP-03", "VP-02", "VP-01"],
        "received": ["VP-01", "VP-02", "VP-03", "TTR-01", "VP-04", "TTR-02", "TTR-03"],
        "due": ["VP-01", "VP-02", "VP-03", "VP-04", "TTR-02", "TTR-01", "TTR-03"],
        "days": ["TTR-01", "VP-02", "VP-03", "VP-01", "TTR-02", "TTR-03", "VP-04"],
        # Văn phòng, then Thanh tra: the catalogue's order (by code, TTR came first)
        "unit": ["VP-01", "VP-02", "VP-03", "VP-04", "TTR-01", "TTR-02", "TTR-03"],
    }
    # a search filters the labelled rows (no cut before labels): the order holds there too
    assert refs(explore.page(fixture_db, YEAR, Query("petitions", text="vp", order="days"), limit=2).rows) == [
        "VP-02", "VP-03"]
    assert explore.describe(YEAR, Query("petitions", order="due"), 7)[-2] == ("Sắp xếp", "Hạn giải quyết, sớm trước")
    with pytest.raises(ValueError, match="unknown order 'due' for models"):
        rows(fixture_db, YEAR, Query("models", order="due"))


def test_the_model_export_starts_as_the_register_the_dan_van_kheo_page_counts(fixture_db: Path) -> None:
    """Models start from no date up to the window's end (the register: 'Tổng số mô hình'), not only
    those registered in the window; petitions start as the window's receipts."""
    from dashboard.queries import models

    start, end = explore.default_dates(YEAR, "models")
    assert (start, end) == (None, YEAR.end)
    register = int(models.model_summary(fixture_db, YEAR)["models"].iloc[0])
    assert len(rows(fixture_db, YEAR, Query("models", date_from=start, date_to=end))) == register
    assert explore.default_dates(YEAR, "petitions") == (YEAR.start, YEAR.end)


def test_indicators_by_unit_keep_a_quarter_apart_from_the_nine_months_ending_with_it(db: Path) -> None:
    """Quý III and 9 tháng end on the same day: "Đơn vị, kỳ, chỉ tiêu" interleaved their rows
    (CT02 of one, CT02 of the other, ...). The shorter period comes first, as in the plan's calendar."""
    from etl.load import load_bytes
    from tests.workbooks import build_return

    values = [{"Mã chỉ tiêu": "CT02", "Thực hiện": 1}, {"Mã chỉ tiêu": "CT04", "Thực hiện": 9, "Tổng số": 10}]
    for period in ("9 tháng/2025", "Quý III/2025"):  # uploaded longest first: the order is not the upload's
        assert load_bytes(db, build_return("DK", period, indicators=values), "DK.xlsx", "vanphong",
                          today=TODAY).status == "loaded"
    f = Filters(2025, units=("DK",), today=TODAY)
    listed = rows(db, f, Query("indicators"))
    assert [(r.period_code, r.indicator_code) for r in listed.itertuples() if r.indicator_code in ("CT02", "CT04")] == [
        ("Quý III/2025", "CT02"), ("Quý III/2025", "CT04"), ("9 tháng năm 2025", "CT02"), ("9 tháng năm 2025", "CT04")]
    assert listed["period_code"].tolist() == sorted(listed["period_code"], key=lambda p: not p.startswith("Quý"))
    by_indicator = rows(db, f, Query("indicators", order="indicator"))
    assert [r.period_code for r in by_indicator.itertuples() if r.indicator_code == "CT02"] == [
        "Quý III/2025", "9 tháng năm 2025"]
