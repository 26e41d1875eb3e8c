"""The validator's column-wise fast paths give exactly what the plain row-by-row checks give.

``_RowChecker.petitions`` checks the petitions sheet column by column, sends only the rows a cheap
test cannot clear through the row checks, folds the case numbers in one go and computes each
distinct deadline once; ``_parse_column`` keeps a text column as it is when every text is already
clean. Each is compared here with the straightforward version on tricky returns (bad and
out-of-order dates, numbers as text, NFD text, odd spaces, personal data, repeated case numbers).
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date, datetime, timedelta

import pytest

from etl.catalog import default_catalog
from etl.deadlines import CaseFacts
from etl.reader import read_workbook
from etl.text import fold
from etl.validate import (
    ParsedReturn,
    _Context,
    _default_calendar,
    _default_rules,
    _dicts,
    _HeldRows,
    _kept_texts,
    _match_sheets,
    _petition_suspects,
    _read_table,
    _RowChecker,
)
from tests.workbooks import build_return

TODAY = date(2025, 12, 31)
KINDS = ["Khiếu nại", "Tố cáo", "Kiến nghị", "Phản ánh", "khieu nai", " TỐ CÁO ", "Lạ", None]
STATUSES = ["Đang giải quyết", "Đã giải quyết", "Chưa xử lý", "Rút đơn", "Đình chỉ", "???", None, "Đã chuyển đơn"]
TEXTS = ["Đề nghị xem xét", "De nghi  xem   xet", "  lead", "trail ", unicodedata.normalize("NFD", "Tố cáo sai phạm"),
         "số đt 0912345678", "email a@b.vn", "CCCD 001234567890", "tab\there", "new\nline", "zero\u200bwidth",
         "nbsp\u00a0x", "a|b", "|", "", "ß Straße", "İstanbul", "x" * 50, 123, 12.5, True, "12", None, "Ðông ða"]


def _date(rng: random.Random) -> object:
    day = date(2024, 10, 1) + timedelta(days=rng.randrange(0, 500))
    return rng.choice([
        day, datetime(day.year, day.month, day.day, 10, 30), day.strftime("%d/%m/%Y"), day.strftime("%d-%m-%Y"),
        (day - date(1899, 12, 30)).days, day.isoformat(), None,
        rng.choice(["32/01/2025", "abc", "2025-02-30", " ", "ngày 5 tháng 3 năm 2025", 12.5, True]),
    ])


def _ref(rng: random.Random, i: int) -> object:
    return rng.choice([
        None, f"{rng.randrange(30):03d}/ĐT", unicodedata.normalize("NFD", f"Đơn-{i}"), i, float(i), f" {i}/đt ",
        f"{i}|x", "  ", f"{i:05d}/ÐT", f"{i:06d}/ĐT", f"{i:06d}/ĐT", f"{i:06d}/ĐT",
    ])


def _petitions(seed: int) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(rng.choice([1, 3, 40, 250])):
        row = {"Số hiệu đơn": _ref(rng, i), "Ngày nhận": _date(rng), "Loại đơn": rng.choice(KINDS),
               "Trạng thái": rng.choice(STATUSES)}
        for header, chance, values in [
            ("Ngày thụ lý", 0.5, None), ("Ngày giải quyết", 0.5, None), ("Hạn giải quyết", 0.2, None),
            ("Gia hạn (ngày)", 0.3, [0, 10, 30, 45, 90, "20", "-3", "x", 1.5]),
            ("Mức độ phức tạp", 0.5, ["Bình thường", "Phức tạp", "Đặc biệt phức tạp", "phuc tap", "x"]),
            ("Kết quả", 0.5, ["Đúng", "Sai", "Đúng một phần", "zz"]), ("Nội dung tóm tắt", 0.5, TEXTS),
            ("Ghi chú", 0.3, TEXTS), ("Lĩnh vực", 0.3, TEXTS), ("Thuộc thẩm quyền", 0.3, ["Có", "Không", "x", 1]),
            ("Lần giải quyết", 0.3, [1, 2, "Lần hai", "Lần đầu"]), ("Vùng sâu vùng xa", 0.3, ["Có", "Không"]),
        ]:
            if rng.random() < chance:
                row[header] = _date(rng) if values is None else rng.choice(values)
        rows.append({k: v for k, v in row.items() if v is not None})
    return rows


def _sheet_parts(data: bytes):
    catalog = default_catalog()
    result = ParsedReturn("x.xlsx", "", 0)
    ctx = _Context(result)
    sheet = _match_sheets(read_workbook(data, "x.xlsx"), catalog, ctx)["petitions"]
    spec = catalog.sheet("petitions")
    table = _read_table(sheet, spec, catalog, ctx)
    del result.findings[:]
    return catalog, result, _RowChecker(ctx, catalog, TODAY), spec, table


def _row_by_row(checker: _RowChecker, sheet: str, rows: list[dict]) -> None:
    """The petition checks and deadlines as plain code over row dicts: every row checked, every
    deadline computed (no memo), keys added the way the loader expects them."""
    cols = checker.ctx.result.columns.get("petitions", {})
    status_list = checker.catalog.choices["petition_status"]
    for row in rows:
        checker._check_petition_row(sheet, row, cols, status_list)
        if row.get("petition_ref"):
            row["ref_key"] = fold(row["petition_ref"])
    checker._duplicates(sheet, rows, cols, lambda row: row.get("ref_key"), "petition_ref",
                        lambda row: f"Số hiệu đơn '{row['petition_ref']}'")
    rules, calendar = _default_rules(), _default_calendar()
    for row in rows:
        kind, received = row.get("kind"), row.get("received_date")
        if not isinstance(received, date) or not kind:
            continue
        accepted = row.get("accepted_date")
        facts = CaseFacts(
            kind=str(kind), received_date=received, accepted_date=accepted if isinstance(accepted, date) else None,
            within_competence=row.get("within_competence") != "khong",
            attempt=int(row.get("attempt") or 1) if kind == "khieu_nai" else 1,
            complexity=str(row.get("complexity") or "binh_thuong"), remote_area=row.get("remote_area") == "co",
            extension_days=int(row.get("extension_days") or 0) if kind == "to_cao" else 0,
        )
        try:
            deadline = rules.resolution_deadline(facts, calendar)
        except ValueError:
            deadline = None
        given = row.get("due_date_given")
        if isinstance(given, date):
            row["due_date"], row["due_basis"] = given, "Hạn do đơn vị ghi trong báo cáo"
        elif deadline is not None:
            row["due_date"], row["due_basis"] = deadline.due_date, deadline.legal_basis
        else:
            row["due_date"], row["due_basis"] = None, None
        row["due_rule"] = deadline.rule_id if deadline else None


@pytest.mark.parametrize("seed", range(24))
def test_petitions_column_wise_equals_row_by_row(seed: int) -> None:
    data = build_return(unit="TTR", period="Năm 2025", petitions=_petitions(seed), numbering=seed % 3 == 0)
    _, result, checker, spec, table = _sheet_parts(data)
    keys, columns = checker.parse_columns(spec, table)
    parse_findings = list(result.findings)

    fast = checker.petitions(table.sheet, keys, columns, _default_calendar(), _default_rules())
    fast = fast.rows() if isinstance(fast, _HeldRows) else fast
    fast_findings = result.findings[len(parse_findings):]

    del result.findings[len(parse_findings):]
    slow = _dicts(keys, columns)
    _row_by_row(checker, table.sheet, slow)
    slow_findings = result.findings[len(parse_findings):]

    assert [list(row.items()) for row in fast] == [list(row.items()) for row in slow]  # keys in the same order
    assert fast_findings == slow_findings


def test_suspects_cover_every_row_the_row_checks_report() -> None:
    rng = random.Random(3)
    days = [None, date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)]
    n = 3000
    columns = {
        "_row": list(range(2, n + 2)), "received_date": [rng.choice(days) for _ in range(n)],
        "accepted_date": [rng.choice(days) for _ in range(n)], "resolved_date": [rng.choice(days) for _ in range(n)],
        "due_date_given": [rng.choice(days) for _ in range(n)],
        "status": [rng.choice(["da_giai_quyet", "dang_giai_quyet", "chua_xu_ly", "rut_don", None]) for _ in range(n)],
        "result": [rng.choice([None, "dung", "sai"]) for _ in range(n)],
        "extension_days": [rng.choice([None, None, 0, 10, 90]) for _ in range(n)],
        "kind": [rng.choice(["to_cao", "khieu_nai", "phan_anh", None]) for _ in range(n)],
        "attempt": [rng.choice([None, "1", "2"]) for _ in range(n)],
        "complexity": [rng.choice([None, "phuc_tap"]) for _ in range(n)],
    }
    for status_column in (True, False):
        data = build_return(unit="TTR", period="Năm 2025")
        _, result, checker, _, _ = _sheet_parts(data)
        cols = {"status": 14 if status_column else None, "resolved_date": 13, "result": 15, "extension_days": 11,
                "attempt": 7}
        status_list = checker.catalog.choices["petition_status"]
        suspects = set(_petition_suspects(columns, status_column))
        assert 0 < len(suspects) < n
        for i in range(n):
            before = len(result.findings)
            checker._check_petition_row("Đơn thư", {k: v[i] for k, v in columns.items()}, cols, status_list)
            assert len(result.findings) == before or i in suspects, i


def test_suspects_are_every_row_when_a_date_column_holds_something_else() -> None:
    columns = {key: [None, None] for key in ("received_date", "accepted_date", "due_date_given", "status", "result",
                                            "extension_days", "kind", "attempt")}
    columns["resolved_date"] = [None, "15/01/2025"]
    assert list(_petition_suspects(columns, True)) == [0, 1]


@pytest.mark.parametrize("texts", [
    ["000001/ĐT", "Đơn thư", "a b"], ["x"], ["Đề nghị xem xét giải quyết"],
    [""], ["a", ""], ["", "a"], ["a", "", "b"], [" a"], ["a "], ["a  b"], ["a|", "b"], ["|a"], ["a", "|"],
    [unicodedata.normalize("NFD", "Đơn")], ["a\u00a0b"], ["a\tb"], ["a\nb"], ["zero\u200bwidth"], ["bom\ufeff"],
    ["gọi 0912 345 678"], ["0912345678"], ["a@b"], ["001234567890"], ["1.2"], ["1 2"], ["12-3"], ["12", "3"],
    ["1|2"], [12], [1.5], [True], [None], ["a", None],
])
def test_kept_texts_only_when_the_cell_parser_keeps_them(texts: list) -> None:
    data = build_return(unit="TTR", period="Năm 2025")
    _, result, checker, spec, _ = _sheet_parts(data)
    column = next(c for c in spec.columns if c.key == "summary")
    kept = []
    for raw in texts:
        before = len(result.findings)
        value = checker._cell(spec, "Đơn thư", column, 5, 16, raw)
        kept.append(value == raw and raw.__class__ is str and len(result.findings) == before and value is not None)
    if _kept_texts(dict(zip(texts, texts))):  # it may refuse more (then the cells are parsed one by one) ...
        assert all(kept)
    if texts in (["000001/ĐT", "Đơn thư", "a b"], ["x"], ["Đề nghị xem xét giải quyết"]):  # ... but not these
        assert _kept_texts(dict(zip(texts, texts)))


def test_text_column_fast_path_gives_what_each_cell_gives() -> None:
    data = build_return(unit="TTR", period="Năm 2025")
    _, result, checker, spec, _ = _sheet_parts(data)
    column = next(c for c in spec.columns if c.key == "summary")
    rng = random.Random(11)
    pool = [t for t in TEXTS if isinstance(t, str)] + [f"{i:06d}/ĐT" for i in range(20)]
    for _ in range(200):
        raws = tuple(rng.choice(pool) for _ in range(rng.randrange(1, 12)))
        rows = list(range(5, 5 + len(raws)))
        located: list = []
        fast = checker._parse_column(spec, "Đơn thư", column, 16, raws, rows, 0, located)
        fast_findings = [f for _, _, f in sorted(located, key=lambda item: item[:2])]
        slow, slow_findings = [], []
        for r, raw in zip(rows, raws):
            before = len(result.findings)
            slow.append(checker._cell(spec, "Đơn thư", column, r, 16, raw))
            slow_findings += result.findings[before:]
            del result.findings[before:]
        assert fast == slow and fast_findings == slow_findings, raws


def test_held_petitions_store_what_their_row_dicts_hold() -> None:
    """The petitions are held as columns: the loader's columns from them equal those from the row
    dicts, counts() builds no dicts, and reading ``rows`` gives plain lists of dicts."""
    import copy

    from etl.load import _columns
    from etl.validate import validate_workbook

    rows = [
        {"Số hiệu đơn": f"{i:03d}/ĐT", "Ngày nhận": date(2025, 1, 2) + timedelta(days=i), "Loại đơn": kind,
         "Trạng thái": "Đang giải quyết", **({"Ngày thụ lý": date(2025, 3, 1)} if kind == "Khiếu nại" else {})}
        for i, kind in enumerate(["Khiếu nại", "Tố cáo", "Kiến nghị", "Phản ánh"] * 5)
    ]
    parsed = validate_workbook(build_return(unit="TTR", period="Năm 2025", petitions=rows), "x.xlsx", today=TODAY)
    assert parsed.ok and "petitions" in parsed._held
    twin = copy.deepcopy(parsed)
    assert parsed.counts()["petitions"] == 20 and "petitions" in parsed._held
    from_columns = _columns(parsed)
    assert "petitions" in parsed._held  # storing did not build the row dicts
    petitions = parsed.rows["petitions"]
    assert type(petitions) is list and len(petitions) == 20 and all(type(row) is dict for row in petitions)
    assert not parsed._held and parsed.rows["petitions"] is petitions  # built once
    assert _columns(parsed) == from_columns  # now from the row dicts
    assert list(parsed.counts()) == list(parsed.rows) == ["indicators", "petitions", "reception", "models",
                                                          "training", "dissemination"]
    assert twin == parsed and twin.rows == parsed.rows
    parsed.rows = {"petitions": []}
    assert parsed.counts() == {"petitions": 0} and _columns(parsed)["petition_rows"] == {}


def test_find_table_fast_row_test_agrees_with_the_blank_and_total_checks() -> None:
    from etl.reader import RawSheet, _is_blank_row, _is_total, find_table

    class Text(str):
        pass

    firsts = ["001/ĐT", "Tổng cộng", "Tổng cộng 2", " 12 ", "   ", "", None, 5, 0, 0.0, 1.5, True, False,
              date(2025, 1, 1), "Cộng:", "TỔNG SỐ", "tong so", "x", "1", Text(""), Text("Tổng cộng"), Text("7"),
              "\u00a0", "\t3", "2\n"]
    body = [[first, rest] for first in firsts for rest in (None, "", "a", 3)] + [[], [None], [""]]
    sheet = RawSheet("Đơn thư", [["Số hiệu đơn", "Ghi chú"], *body])
    table = find_table(sheet, lambda text: {"Số hiệu đơn": "petition_ref", "Ghi chú": "note"}.get(text))
    expected_rows = [(r + 2, values) for r, values in enumerate(body)
                     if not _is_blank_row(values) and not _is_total(values)]
    expected_totals = [r + 2 for r, values in enumerate(body) if not _is_blank_row(values) and _is_total(values)]
    assert table.rows == expected_rows and table.total_rows == expected_totals
    assert expected_totals and len(expected_rows) > 40
