"""Hostile uploads are refused fast, in bounded memory, with a Vietnamese message (bench/hostile_files.py)."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import duckdb
import pytest

from bench import hostile_files as hostile
from etl import reader
from etl.errors import UnreadableFile
from etl.load import init_db, load_bytes
from etl.reader import MAX_TEXT, read_workbook
from etl.validate import validate_workbook

ROOT = Path(__file__).resolve().parent.parent


def refusal(data: bytes, name: str, seconds: float = 10.0) -> str:
    start = time.perf_counter()
    parsed = validate_workbook(data, name)
    took = time.perf_counter() - start
    assert not parsed.ok
    assert took < seconds, f"{name}: {took:.1f} s"
    [error] = parsed.errors
    return error.message


def test_zip_bomb() -> None:
    assert refusal(hostile.zip_bomb(512), "bom.xlsx", 5) == (
        "Tệp 'bom.xlsx' khi giải nén lên tới 512 MB (gấp 1.016 lần), vượt giới hạn an toàn. "
        "Tệp này không phải báo cáo bình thường; hãy lập lại từ mẫu báo cáo.")


def test_zip_bomb_that_lies_about_its_size() -> None:
    assert refusal(hostile.lying_zip_bomb(256), "bom.xlsx", 5) == (
        "Tệp 'bom.xlsx' khai báo sai kích thước khi giải nén (phần 'xl/worksheets/sheet2.xml' bung ra lớn hơn "
        "khai báo): dấu hiệu 'bom nén' nên bị từ chối. Hãy lập lại báo cáo từ mẫu.")


def test_xml_entity_bomb() -> None:
    assert refusal(hostile.xml_bomb(), "lol.xlsx", 5) == (
        "Tệp 'lol.xlsx' có khai báo thực thể XML (DTD) trong phần 'xl/worksheets/sheet2.xml'. Tệp Excel thật "
        "không bao giờ có khai báo này; đây là dấu hiệu tệp độc hại ('bom XML') nên bị từ chối. "
        "Hãy lập lại báo cáo từ mẫu.")


def test_a_million_rows() -> None:
    assert refusal(hostile.million_rows(), "trieu.xlsx", 20) == (
        "Trang 'Chỉ tiêu' của tệp 'trieu.xlsx' dài hơn 200.000 dòng (đã thấy ô có dữ liệu ở dòng 200.002), "
        "vượt giới hạn. Hãy xoá các dòng thừa hoặc chia thành nhiều tệp.")


def test_two_cells_far_apart() -> None:
    """Without the pre-check the reader would allocate A1:XFD1048576 and abort the whole app."""
    assert refusal(hostile.sparse_corner(), "xa.xlsx", 5) == (
        "Trang 'Chỉ tiêu' của tệp 'xa.xlsx' dài hơn 200.000 dòng (đã thấy ô có dữ liệu ở dòng 1.048.576), "
        "vượt giới hạn. Hãy xoá các dòng thừa hoặc chia thành nhiều tệp.")


def test_ods_with_repeated_cells() -> None:
    assert refusal(hostile.ods_repeated(), "lap.ods", 5) == (
        "Trang 'Thông tin' của tệp 'lap.ods' trải rộng tới ô XFD1000 (1.000 dòng × 16.384 cột), vượt giới hạn "
        "5.000.000 ô. Hãy xoá các ô có dữ liệu nằm ngoài bảng báo cáo rồi gửi lại.")


def test_too_large_a_file() -> None:
    assert refusal(hostile.oversized(51), "lon.xlsx", 5) == (
        "Tệp 'lon.xlsx' nặng 51,0 MB, vượt giới hạn 50 MB. Hãy xoá các trang, hình ảnh không cần thiết rồi gửi lại.")


def test_streamlit_upload_limit_is_50_mb() -> None:
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "maxUploadSize = 50" in config


@pytest.mark.parametrize("case", ["sparse_corner", "ods_repeated", "million_rows", "lying_zip_bomb"])
def test_bounded_memory_in_a_fresh_process(tmp_path: Path, case: str) -> None:
    """Each refusal under a 2 GB address-space cap, peak resident memory well under 300 MB."""
    name, build = hostile.CASES[case]
    path = tmp_path / name
    path.write_bytes(hostile.lying_zip_bomb(256) if case == "lying_zip_bomb" else build())
    result = hostile.measure(path)
    assert result["ok"] is False and result["errors"] == 1, result
    assert result["peak_mb"] < 300, result


def test_xlsm_is_read_as_data_and_macros_never_run(tmp_path: Path) -> None:
    data = hostile.macro_workbook()
    book = read_workbook(data, "co-macro.xlsm")
    assert book.macros is True and book.format == "xlsx"
    db = tmp_path / "m.duckdb"
    init_db(db)
    outcome = load_bytes(db, data, "co-macro.xlsm", "vp")
    assert outcome.status == "loaded"
    assert [f.message for f in outcome.parsed.warnings if f.rule == "file.macros"] == [
        "Tệp có macro (VBA). Macro không bao giờ được chạy: chỉ giá trị các ô được đọc, và bản lưu là tệp .xlsx "
        "không có macro. Lần sau hãy lưu báo cáo dạng .xlsx."]
    assert not Path("calc.exe").exists()
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT unit_code, period_code FROM submissions").fetchall() == [("VP", "2025-Q1")]


def test_absurdly_long_text_is_cut_with_a_warning(tmp_path: Path) -> None:
    parsed = validate_workbook(hostile.long_text(), "dai.xlsx")
    assert parsed.ok
    assert [(w.rule, w.cell) for w in parsed.warnings if w.rule == "text.too_long"] == [("text.too_long", "P4")]
    db = tmp_path / "t.duckdb"
    init_db(db)
    assert load_bytes(db, hostile.long_text(), "dai.xlsx", "vp", parsed=parsed).status == "loaded"
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT length(summary) FROM petition_rows").fetchone() == (MAX_TEXT,)


def test_sql_looking_text_is_stored_as_plain_text(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    init_db(db)
    assert load_bytes(db, hostile.sql_text(), "sql.xlsx", "vp").status == "loaded"
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT summary, note FROM petition_rows").fetchall() == [
            (hostile.SQL_TEXT, "Robert'); DROP TABLE users;--")]
        assert con.execute("SELECT count(*) FROM submissions").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM users").fetchone() == (0,)


def test_the_bench_runs(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "bench/hostile_files.py", "xml_bomb", "sql"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1].startswith("xml_bomb") and "TỪ CHỐI" in lines[1]
    assert lines[2].startswith("sql_text") and "HỢP LỆ" in lines[2]


def _dtd_in_a_big_sheet() -> bytes:
    """A real return whose petitions sheet, past its first chunk, declares an entity."""
    from bench.etl_bench import big_return

    data = big_return(3_000)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet3.xml")
    middle = sheet.index(b"<row ", len(sheet) // 2)
    return hostile._rezip(data, replace={"xl/worksheets/sheet3.xml": sheet[:middle] + b'<!ENTITY x "y">'
                                         + sheet[middle:]})


def _verdict(data: bytes, name: str) -> str | None:
    try:
        reader._check_zip(data, name)
    except UnreadableFile as exc:
        return exc.message
    return None


def test_zip_check_ahead_of_the_scan_gives_the_verdicts_of_the_plain_check(monkeypatch) -> None:
    """A part bigger than a chunk is inflated in a helper thread (reader._ahead) while the scan goes
    on: same verdicts and messages as inflating and scanning one chunk after the other."""
    from bench.etl_bench import big_return

    cases = {
        "lon.xlsx": big_return(2_000),
        "dtd.xlsx": _dtd_in_a_big_sheet(),
        "bom.xlsx": hostile.lying_zip_bomb(64),
        "dong.xlsx": hostile.million_rows(300_000),
        "goc.xlsx": hostile.sparse_corner(),
    }
    ahead = {name: _verdict(data, name) for name, data in cases.items()}
    monkeypatch.setattr(reader, "_ahead", lambda pieces: (piece for piece in pieces))
    plain = {name: _verdict(data, name) for name, data in cases.items()}
    assert ahead == plain
    assert ahead["lon.xlsx"] is None and ahead["dtd.xlsx"] is not None and "(DTD)" in ahead["dtd.xlsx"]
    assert all(ahead[name] for name in ("bom.xlsx", "dong.xlsx", "goc.xlsx"))


def test_zip_check_ahead_hands_over_chunks_and_refusal_in_order_and_stops_its_thread() -> None:
    def pieces(n: int, fail: bool):
        for i in range(n):
            yield bytes([i]) * 100
        if fail:
            raise UnreadableFile("hỏng")

    assert list(reader._ahead(pieces(9, False))) == list(pieces(9, False))
    seen: list[bytes] = []
    with pytest.raises(UnreadableFile) as caught:
        seen.extend(reader._ahead(pieces(9, True)))
    assert seen == list(pieces(9, False)) and caught.value.message == "hỏng"
    early = reader._ahead(pieces(1_000, False))
    next(early)
    early.close()  # what _scan_part does when the scanner refuses the part
    assert not [t for t in threading.enumerate() if t.name == "etl-zip-check"]
