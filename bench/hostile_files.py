"""Hostile uploads: build each one, validate it in a fresh process, print time and peak memory.

    python bench/hostile_files.py            # all of them
    python bench/hostile_files.py sparse     # the ones whose name contains "sparse"

Each child process runs ``etl.validate.validate_workbook`` on one file under a 2 GB address-space
limit and reports the wall time, its peak RSS (VmHWM) and the first error message. The
builders are also used by tests/test_hostile_files.py.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.workbooks import build_return, petition  # noqa: E402

SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
SHEET_TAIL = b"</sheetData></worksheet>"
TARGET_SHEET = "xl/worksheets/sheet2.xml"  # 'Chỉ tiêu' in build_return's workbook


def _rezip(data: bytes, replace: dict[str, bytes | Callable] | None = None, add: dict[str, bytes] | None = None,
           rename: dict[str, str] | None = None) -> bytes:
    """A copy of an .xlsx with some parts replaced (bytes, or a writer ``fn(stream)``) or added."""
    replace, add, rename = replace or {}, add or {}, rename or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = replace.get(info.filename, source.read(info.filename))
            if callable(content):
                with archive.open(info.filename, "w", force_zip64=False) as stream:
                    content(stream)
            else:
                archive.writestr(rename.get(info.filename, info.filename), content)
        for name, content in add.items():
            archive.writestr(name, content)
    return out.getvalue()


def zip_bomb(megabytes: int = 1024) -> bytes:
    """A valid-looking .xlsx whose 'Chỉ tiêu' sheet inflates to ``megabytes`` MB of spaces (~1 MB file)."""
    block = b" " * (1 << 20)

    def write(stream) -> None:
        stream.write(SHEET_HEAD)
        for _ in range(megabytes):
            stream.write(block)
        stream.write(SHEET_TAIL)

    return _rezip(build_return(), {TARGET_SHEET: write})


def lying_zip_bomb(megabytes: int = 1024, declared: int = 10_000) -> bytes:
    """Like zip_bomb, but the sheet's headers claim only ``declared`` bytes (with a matching CRC of
    that prefix), to slip past a check of the central directory."""
    data = bytearray(zip_bomb(megabytes))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo(TARGET_SHEET)
    with archive.open(info) as stream:
        prefix = stream.read(declared)
    crc = zlib.crc32(prefix)
    local = info.header_offset
    struct.pack_into("<III", data, local + 14, crc, info.compress_size, declared)
    name = TARGET_SHEET.encode()
    pos = data.find(b"PK\x01\x02", archive.start_dir)
    while pos != -1:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46:pos + 46 + name_len]) == name:
            struct.pack_into("<III", data, pos + 16, crc, info.compress_size, declared)
            break
        pos = data.find(b"PK\x01\x02", pos + 4)
    return bytes(data)


def xml_bomb() -> bytes:
    """'Billion laughs': nine levels of entities, 10^9 'lol's in one cell if a parser expands them."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 2 else "") + ";") * 10}">' for i in range(2, 10))
    sheet = (f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    return _rezip(build_return(), {TARGET_SHEET: sheet.encode()})


def macro_workbook() -> bytes:
    """A valid return saved as .xlsm: a VBA project part and the macro-enabled content type."""
    data = build_return("VP", "Quý I/2025")
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    ).replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Sub Auto_Open(): Shell \"calc.exe\": End Sub".ljust(4096, b"\0")
    return _rezip(data, {"[Content_Types].xml": types}, add={"xl/vbaProject.bin": vba})


def million_rows(rows: int = 1_000_000) -> bytes:
    """'Chỉ tiêu' with a million filled rows (about 8 MB zipped)."""
    def write(stream) -> None:
        stream.write(SHEET_HEAD)
        for start in range(1, rows + 1, 10_000):
            stream.write(b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i)
                                  for i in range(start, min(rows, start + 9_999) + 1)))
        stream.write(SHEET_TAIL)

    return _rezip(build_return(), {TARGET_SHEET: write})


def sparse_corner() -> bytes:
    """Two cells, A1 and XFD1048576: tiny, but a dense reader would allocate 17 billion cells."""
    sheet = (SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
             b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>' + SHEET_TAIL)
    return _rezip(build_return(), {TARGET_SHEET: sheet})


def ods_repeated() -> bytes:
    """An .ods whose one filled cell is repeated over 16,384 columns and 1,000 rows."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
        '<office:spreadsheet><table:table table:name="Thông tin"><table:table-row table:number-rows-repeated="1000">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
        '</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def oversized(megabytes: int = 51) -> bytes:
    """A real return padded with an incompressible image part past the 50 MB upload limit."""
    import random

    noise = random.Random(1).randbytes(megabytes << 20)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(build_return())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for info in source.infolist():
            z.writestr(info.filename, source.read(info.filename))
        z.writestr("xl/media/image1.png", noise)
    return out.getvalue()


LONG_TEXT = "Nội dung rất dài. " * 60_000  # about a million characters
SQL_TEXT = "'); DROP TABLE submissions; -- \" OR 1=1; SELECT * FROM users; /*"


def long_text() -> bytes:
    return build_return("VP", "Quý I/2025", petitions=[
        petition("VP-01", "06/01/2025", "Khiếu nại", "Đang giải quyết", **{"Nội dung tóm tắt": LONG_TEXT})])


def sql_text() -> bytes:
    return build_return("VP", "Quý I/2025", petitions=[
        petition("VP-SQL", "06/01/2025", "Khiếu nại", "Đang giải quyết", **{"Nội dung tóm tắt": SQL_TEXT,
                                                                           "Ghi chú": "Robert'); DROP TABLE users;--"})])


CASES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "zip_bomb": ("bom-nen.xlsx", zip_bomb),
    "lying_zip_bomb": ("bom-nen-khai-gian.xlsx", lying_zip_bomb),
    "xml_bomb": ("bom-xml.xlsx", xml_bomb),
    "macro_xlsm": ("co-macro.xlsm", macro_workbook),
    "million_rows": ("trieu-dong.xlsx", million_rows),
    "sparse_corner": ("o-xa-nhat.xlsx", sparse_corner),
    "ods_repeated": ("lap-lai.ods", ods_repeated),
    "oversized": ("qua-lon.xlsx", oversized),
    "long_text": ("chu-qua-dai.xlsx", long_text),
    "sql_text": ("chu-sql.xlsx", sql_text),
}

_CHILD = r"""
import json, resource, sys, time  # VmHWM: this process's own peak RSS
sys.path.insert(0, sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
from etl.validate import validate_workbook
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
parsed = validate_workbook(data, sys.argv[1].rsplit("/", 1)[-1])
seconds = time.perf_counter() - start
first = (parsed.errors or parsed.warnings or [None])[0]
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({"seconds": seconds, "peak_mb": hwm / 1024,
                  "ok": parsed.ok, "errors": len(parsed.errors), "warnings": len(parsed.warnings),
                  "message": first.message if first else ""}, ensure_ascii=False))
"""


def measure(path: Path) -> dict:
    """Validate ``path`` in a fresh process (2 GB address-space cap); time, peak RSS, first message."""
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(ROOT)], capture_output=True, text=True,
                          timeout=600)
    if proc.returncode != 0:
        return {"seconds": None, "peak_mb": None, "ok": False, "message": f"CRASH rc={proc.returncode}: "
                + proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    import tempfile

    wanted = [name for name in CASES if not argv or any(a in name for a in argv)]
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'tệp':<16} {'kích thước':>11} {'thời gian':>10} {'bộ nhớ đỉnh':>12}  kết quả")
        for name in wanted:
            file_name, build = CASES[name]
            path = Path(folder) / file_name
            path.write_bytes(build())
            result = measure(path)
            verdict = "HỢP LỆ" if result["ok"] else "TỪ CHỐI"
            seconds = f"{result['seconds']:.2f} s" if result["seconds"] is not None else "-"
            peak = f"{result['peak_mb']:.0f} MB" if result["peak_mb"] is not None else "-"
            print(f"{name:<16} {path.stat().st_size / 1048576:>8.1f} MB {seconds:>10} {peak:>12}  {verdict}: "
                  f"{result['message'][:150]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
