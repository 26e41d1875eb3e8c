"""Read a workbook (.xlsx, .xlsm, .xls, .ods) into plain rows that keep their Excel coordinates.

python-calamine does the reading (5-12x faster than openpyxl here, and it reads .xls and .ods);
openpyxl is used only to learn cell fonts when the workbook uses legacy Vietnamese fonts.
Nothing here knows the return's rules: that is ``etl.validate``.
"""

from __future__ import annotations

import contextlib
import html
import io
import queue
import re
import struct
import threading
import unicodedata
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path

import python_calamine as calamine
from zlib_ng import zlib_ng

from etl.catalog import label_key
from etl.errors import UnreadableFile
from etl.text import _font_encoding, clean, fold, legacy_gains, legacy_signed, legacy_to_unicode, repair

MAX_FILE_BYTES = 50 * 1024 * 1024  # what an upload may weigh
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # what a zipped workbook may expand to
MAX_ZIP_RATIO = 200  # a real workbook compresses 5-30x; a zip bomb, thousands of times
MAX_ROWS = 200_000  # rows per sheet
MAX_CELLS = 5_000_000  # cells per sheet, counted from A1 to the farthest filled cell
MAX_TEXT = 2_000  # characters per cell before it is cut
CHUNK = 1 << 20  # a zipped part is inflated and checked this many bytes at a time

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class RawSheet:
    name: str
    rows: list[list[object]]  # rows[i][j] is Excel row i+1, column j+1
    visible: bool = True
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)  # 0-based
    legacy_cells: int = 0  # cells converted from TCVN3/VNI
    legacy_encodings: set[str] = field(default_factory=set)
    truncated_cells: list[tuple[int, int]] = field(default_factory=list)  # 1-based (row, col)
    # number cells styled as a percentage (0-based): '100%' typed in a cell is stored as 1; the
    # validator reads them as shown where a percentage is what the column means (a ratio's Thực hiện)
    percent_cells: set[tuple[int, int]] = field(default_factory=set)
    hidden_rows: set[int] = field(default_factory=set)  # 1-based rows hidden, filtered out or folded
    hidden_cols: set[int] = field(default_factory=set)  # 1-based columns hidden or folded


@dataclass
class RawWorkbook:
    file_name: str
    format: str  # xlsx | xls | ods
    sheets: list[RawSheet]
    macros: bool = False  # an .xlsm's VBA project was present (never run: only cell values are read)


class UncachedFormula(str):
    """A cell holding a formula whose result the file does not carry (written by a program and never
    opened in Excel): its text is the formula, ``=...``; the validator reports it."""


class ExcelError(str):
    """A cell holding one of Excel's error values (``#N/A``, ``#VALUE!``, ``#DIV/0!``, ``#REF!`` ...),
    from a formula or pasted as a value: its text is the error; the validator reports it. (calamine
    reads such a cell as empty.)"""


def sniff_format(data: bytes, file_name: str) -> str:
    """What the bytes really are, whatever the file name says; raise UnreadableFile otherwise."""
    return _sniff(data, file_name)[0]


def _sniff(data: bytes, file_name: str, hidden: set[str] | None = None) -> tuple[str, set[str]]:
    """``sniff_format``, and the worksheet parts of an .xlsx that may hold formulas without a value
    or error values (``_cells_to_look_at`` finds the cells); the parts that may hide rows are added
    to ``hidden`` (``_hidden_rows`` finds them)."""
    if not data:
        raise UnreadableFile(f"Tệp '{file_name}' rỗng (0 byte). Hãy lưu lại bảng tính và gửi lại.")
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"Tệp '{file_name}' nặng {f'{len(data) / 1048576:.1f}'.replace('.', ',')} MB, vượt giới hạn "
            f"{MAX_FILE_BYTES // 1048576} MB. Hãy xoá các trang, hình ảnh không cần thiết rồi gửi lại."
        )
    if data.startswith(OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data:
            raise UnreadableFile(
                f"Tệp '{file_name}' đang được đặt mật khẩu. Hãy gỡ mật khẩu "
                "(Tệp → Thông tin → Bảo vệ sổ làm việc) rồi gửi lại."
            )
        return "xls", set()
    if data.startswith(ZIP_MAGIC):
        formulas = _check_zip(data, file_name, hidden)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                if "xl/workbook.bin" in names:
                    raise UnreadableFile(
                        f"Tệp '{file_name}' là bảng tính nhị phân .xlsb. Hãy lưu lại dạng .xlsx rồi gửi lại."
                    )
                return "xlsx", formulas
            if "content.xml" in names and b"opendocument.spreadsheet" in archive.read("mimetype")[:100]:
                return "ods", set()
        raise UnreadableFile(
            f"Tệp '{file_name}' là tệp nén nhưng không phải bảng tính Excel. "
            "Hãy gửi tệp .xlsx lập từ mẫu báo cáo."
        )
    head = data[:8]
    if head.startswith(b"%PDF"):
        kind = "tệp PDF"
    elif head[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1"):
        kind = "tệp ảnh"
    elif head.lstrip().startswith((b"<", b"\xef\xbb\xbf<")):
        kind = "tệp HTML/XML (thường do phần mềm khác \"xuất ra Excel\")"
    else:
        kind = "tệp văn bản hoặc định dạng khác"
    named = Path(file_name).suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods")
    raise UnreadableFile(
        f"Tệp '{file_name}' không phải bảng tính Excel mà là {kind}"
        + (", dù tên tệp có đuôi bảng tính. " if named else ". ")
        + "Hãy mở mẫu báo cáo bằng Excel, nhập số liệu và lưu dạng .xlsx."
    )


def _check_zip(data: bytes, file_name: str, hidden: set[str] | None = None) -> set[str]:
    """Refuse hostile archives before a parser sees them, in bounded memory.

    1. Zip bombs by the central directory's sizes (no decompression needed).
    2. Every part is then inflated here, 1 MB at a time, and must end exactly at its declared size
       with its declared CRC: a part that lies about its size (to slip past step 1) is refused the
       moment it inflates past what it declared.
    3. XML parts must not declare a DTD or entities ("billion laughs"): no workbook needs one.
    4. Worksheets (.xlsx) and content.xml (.ods) are scanned for the farthest filled cell: the
       reader (calamine) allocates a dense grid from A1 to that cell before anything else, so a
       two-cell file reaching XFD1048576 would ask for half a terabyte and abort the process.
       A big worksheet of the usual shape (every ``<c>`` starts with ``r="A1"``) is checked a whole
       chunk at a time with numpy (``_BulkExtent``, ~20x faster than the tag-by-tag scanner); any
       other shape, or any cell beyond the limits, goes through the exact scanner, whose verdict
       and message count. The ``<dimension>`` element is not trusted: it is optional and can lie.

    Why this check finishes before calamine opens any part, although calamine's parse releases the
    GIL and could run beside it: calamine inflates a part without bounding it by its declared size
    (step 2 is what does), it keeps every cell it reads, and it allocates the dense grid of step 4
    when it has read the sheet. A parse cannot be interrupted, so one started on a part that this
    check would refuse could exhaust memory or abort the process whatever this check said later.
    The overlap that is safe is inside the check: a big part is inflated in a helper thread while
    this one scans it (``_scan_part``).

    Returns the worksheet parts where a formula element closes its cell without a value (``</f></c>``:
    a file written by a program and never opened in Excel) or a cell holds an error value
    (``t="e"``): ``_cells_to_look_at`` finds those cells. The worksheet parts that write a
    ``hidden=`` attribute (a hidden or filtered-out row, or a hidden column) are added to ``hidden``.
    """
    formulas: set[str] = set()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            titles = _sheet_titles(archive)
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(
            f"Tệp '{file_name}' bị hỏng (không giải nén được). Hãy mở bằng Excel, lưu lại rồi gửi lại."
        ) from exc
    unpacked = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if unpacked > MAX_UNPACKED_BYTES or (unpacked > 20 * 1024 * 1024 and unpacked / packed > MAX_ZIP_RATIO):
        raise UnreadableFile(
            f"Tệp '{file_name}' khi giải nén lên tới {_n(round(unpacked / 1048576))} MB "
            f"(gấp {_n(round(unpacked / packed))} lần), vượt giới hạn an toàn. "
            "Tệp này không phải báo cáo bình thường; hãy lập lại từ mẫu báo cáo."
        )
    for info in infos:
        if info.is_dir():
            continue
        name = info.filename
        is_xml = name.endswith((".xml", ".rels", ".vml")) or name == "[Content_Types].xml"
        sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
        title = titles.get(name, name.rsplit("/", 1)[-1])
        if sheet and info.file_size > CHUNK:
            bulk = _BulkExtent()
            _scan_part(data, info, file_name, is_xml, bulk, hidden=hidden)
            if bulk.proven:
                if bulk.marked:
                    formulas.add(name)
                continue
            scanner: _Extent | _BulkExtent | None = _XlsxExtent(title, file_name)  # decides, with its message
        else:
            scanner = _XlsxExtent(title, file_name) if sheet else _OdsExtent("", file_name) if name == "content.xml" else None
        _scan_part(data, info, file_name, is_xml, scanner, formulas if sheet else None, hidden if sheet else None)
    return formulas


def _scan_part(data: bytes, info: zipfile.ZipInfo, file_name: str, is_xml: bool, scanner,
               formulas: set[str] | None = None, hidden: set[str] | None = None) -> None:
    """Inflate one part (size and CRC checked), refuse a DTD in XML, feed the extent scanner.

    A part bigger than a chunk is inflated and searched for a DTD in a helper thread while this
    one feeds the scanner (``_ahead``): zlib-ng (2-5x faster than zlib here) and numpy release the
    GIL, so on two cores the check of a big worksheet takes about the longer of the two halves
    instead of their sum. The scanner
    sees the same chunks in the same order and every refusal comes at the same point, with the
    same message: a part's verdict does not depend on the thread that reached it.
    """
    pieces = _checked(_inflate(data, info, file_name), info, file_name, is_xml, formulas, hidden)
    chunks = _ahead(pieces) if info.file_size > CHUNK else pieces
    try:
        if scanner is not None:
            for chunk in chunks:
                scanner.feed(chunk)
        else:
            for _ in chunks:
                pass
    finally:
        chunks.close()  # stops the helper thread now, even when the scanner refused the part


def _checked(pieces: Iterator[bytes], info: zipfile.ZipInfo, file_name: str,
             is_xml: bool, formulas: set[str] | None = None,
             hidden: set[str] | None = None) -> Generator[bytes, None, None]:
    """``pieces``, each one refused if an XML part declares a DTD or an entity in it; a worksheet
    (``formulas`` given) where a formula closes its cell without a value, or a cell holds an error
    value, is added to ``formulas``; one with a ``hidden=`` attribute (``hidden`` given) to ``hidden``."""
    tail = b""
    formula_tail = b""  # the previous chunk's end, long enough for a shared formula's tag
    seen_formula = False  # one memchr pass a chunk until the part shows a formula at all
    for chunk in pieces:
        if formulas is not None and info.filename not in formulas:
            seen_formula = seen_formula or b"<f" in chunk or (formula_tail[-1:] == b"<" and chunk[:1] == b"f")
            window = formula_tail + chunk if seen_formula else b""  # a formula's tags cut between two chunks
            if seen_formula and _valueless_formula(window):
                formulas.add(info.filename)
            elif _ERROR_TYPE in chunk or _ERROR_TYPE in formula_tail[-8:] + chunk[:8]:
                formulas.add(info.filename)  # an error value: '<c r="G4" t="e"><v>#N/A</v></c>'
            formula_tail = (formula_tail + chunk[-_FORMULA_TAIL:])[-_FORMULA_TAIL:]
        if hidden is not None and info.filename not in hidden and (
                _HIDDEN in chunk or _HIDDEN in tail[-8:] + chunk[:8]):  # one memchr-speed pass a chunk
            hidden.add(info.filename)
        if is_xml:
            edge = tail + chunk[:16]  # a declaration cut between two chunks
            if b"<!DOCTYPE" in chunk or b"<!ENTITY" in chunk or b"<!DOCTYPE" in edge or b"<!ENTITY" in edge:
                raise UnreadableFile(
                    f"Tệp '{file_name}' có khai báo thực thể XML (DTD) trong phần '{info.filename}'. Tệp Excel thật "
                    "không bao giờ có khai báo này; đây là dấu hiệu tệp độc hại ('bom XML') nên bị từ chối. "
                    "Hãy lập lại báo cáo từ mẫu."
                )
            tail = (tail + chunk[-16:])[-16:]  # however short the chunks
        yield chunk


def _valueless_formula(window: bytes) -> bool:
    """Whether a piece of worksheet XML holds a formula cell closed without its result."""
    return (b"</f></c>" in window or b"</f><v></v></c>" in window or b"</f><v/></c>" in window
            or (b"/></c>" in window and _VALUELESS_SHARED.search(window) is not None))


_ERROR_TYPE = b't="e"'  # a cell holding an error value
_FORMULA_TAIL = 256  # bytes of a chunk kept to find a formula cell cut in two (its tags are far shorter)
# A shared formula's other cells (<f t="shared" si="0"/>), with no value or an empty one (openpyxl).
_VALUELESS_SHARED = re.compile(rb"<f\b[^>]*/>(?:<v></v>|<v/>)?</c>")
_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(?:/>|>(.*?)</c>)', re.DOTALL)
_FORMULA_TEXT = re.compile(rb"<f\b[^>]*>(.*?)</f>", re.DOTALL)


_VALUE = re.compile(rb"<v>([^<]*)</v>")


def _cells_to_look_at(data: bytes, parts: set[str]) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet title -> {(row, col) 0-based: UncachedFormula('=formula') or ExcelError('#N/A')}: the
    formula cells without a value and the cells holding an error value."""
    found: dict[str, dict[tuple[int, int], str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        titles = _sheet_titles(archive)
        for part in parts:
            cells: dict[tuple[int, int], str] = {}
            for m in _CELL.finditer(archive.read(part)):
                body = m.group(3) or b""
                if _ERROR_TYPE in m.group(0).split(b">", 1)[0]:
                    value = _VALUE.search(body)
                    if value:
                        error = html.unescape(value.group(1).decode("utf-8", "replace")).strip()
                        cells[(int(m.group(2)) - 1, _col_of(m.group(1)) - 1)] = ExcelError(error or "#N/A")
                    continue
                if b"<f" not in body or b"<is>" in body or b't="str"' in m.group(0).split(b">", 1)[0]:
                    continue  # no formula, or a text result (an empty text is a value)
                if b"<v" in body and b"<v></v>" not in body and b"<v/>" not in body:
                    continue  # the result Excel saved
                text = _FORMULA_TEXT.search(body)
                formula = html.unescape(text.group(1).decode("utf-8", "replace")) if text else ""
                cells[(int(m.group(2)) - 1, _col_of(m.group(1)) - 1)] = UncachedFormula("=" + (formula or "…"))
            if cells:
                found[titles.get(part, part)] = cells
    return found


_HIDDEN = b"hidden="
_ROW_OR_COL_TAG = re.compile(rb"<(?:\w+:)?(row|col)\b([^>]*)>")
_HIDDEN_FLAG = re.compile(rb"""\bhidden\s*=\s*["'](?:1|true)["']""")
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")
_COL_SPAN = re.compile(rb"""\bmin\s*=\s*["'](\d+)["'][^>]*?\bmax\s*=\s*["'](\d+)["']""")
MAX_HIDDEN_COLS = 200  # a hidden range to the sheet's last column (XFD) is not a data column


@dataclass
class Hidden:
    """The 1-based rows and columns a sheet marks hidden."""

    rows: set[int] = field(default_factory=set)
    cols: set[int] = field(default_factory=set)


def _hidden_rows(data: bytes, parts: set[str]) -> dict[str, Hidden]:
    """Sheet title -> the rows and columns the worksheet marks hidden: by hand, filtered out by an
    AutoFilter, or folded into an outline group. Whoever opened the file to check it did not see
    them; their cells are read like any other."""
    found: dict[str, Hidden] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        titles = _sheet_titles(archive)
        for part in parts:
            hidden = Hidden()
            previous = 0
            for m in _ROW_OR_COL_TAG.finditer(archive.read(part)):
                kind, attrs = m.group(1), m.group(2)
                if kind == b"col":
                    span = _COL_SPAN.search(attrs)
                    if span and _HIDDEN_FLAG.search(attrs):
                        hidden.cols.update(range(int(span.group(1)), min(int(span.group(2)), MAX_HIDDEN_COLS) + 1))
                    continue
                number = _ROW_NUMBER.search(attrs)
                previous = int(number.group(1)) if number else previous + 1
                if _HIDDEN_FLAG.search(attrs):
                    hidden.rows.add(previous)
            if hidden.rows or hidden.cols:
                found[titles.get(part, part)] = hidden
    return found


_ODS_ROW_TAG = re.compile(rb"<table:(table-row|table-column|table)(?=[\s/>])([^>]*)>")
_ODS_HIDDEN = re.compile(rb"""table:visibility\s*=\s*["'](?:collapse|filter)["']""")
_ODS_NAME = re.compile(rb"""table:name\s*=\s*["']([^"']*)["']""")


def _ods_hidden_rows(data: bytes) -> dict[str, Hidden]:
    """``_hidden_rows`` of an .ods: the rows and columns its content marks collapsed (hidden,
    folded) or filtered out, counted with their repeats, per sheet."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("content.xml")
    except (zipfile.BadZipFile, KeyError):
        return {}
    if b"table:visibility" not in xml:
        return {}
    found: dict[str, Hidden] = {}
    title, row, col = "", 0, 0
    for m in _ODS_ROW_TAG.finditer(xml):
        kind, attrs = m.group(1), m.group(2)
        if kind == b"table":
            name = _ODS_NAME.search(attrs)
            title, row, col = (clean(_unescape(name.group(1).decode("utf-8", "replace"))) if name else ""), 0, 0
            continue
        repeated = (_ROWS_REPEATED if kind == b"table-row" else _COLS_REPEATED).search(attrs)
        span = int(repeated.group(1)) if repeated else 1
        if kind == b"table-column":
            if _ODS_HIDDEN.search(attrs) and col < MAX_HIDDEN_COLS:
                found.setdefault(title, Hidden()).cols.update(range(col + 1, min(col + span, MAX_HIDDEN_COLS) + 1))
            col += span
            continue
        if _ODS_HIDDEN.search(attrs) and row < MAX_ROWS:
            found.setdefault(title, Hidden()).rows.update(range(row + 1, min(row + span, MAX_ROWS) + 1))
        row += span
    return found


# A BIFF8 ROW record (type 0x0208, 16 bytes): the low byte of its flags at offset 12, 0x20 when
# hidden; a COLINFO record (0x007D, 12 bytes): its flags at offset 8, 0x01 when hidden
_XLS_ROW = re.compile(rb"\x08\x02\x10\x00.{12}(.)", re.DOTALL)
_XLS_COLINFO = re.compile(rb"\x7d\x00\x0c\x00.{8}(.)", re.DOTALL)


def _xls_hidden_rows(data: bytes) -> dict[str, Hidden]:
    """``_hidden_rows`` of an .xls: calamine does not read a row's or a column's flags, xlrd does
    (with the cell formats, about four times calamine's time). A scan of the file's bytes for a
    ROW or COLINFO record with the hidden flag comes first, so a file without one (the usual) is
    not parsed twice."""
    if not (any(m.group(1)[0] & 0x20 for m in _XLS_ROW.finditer(data))
            or any(m.group(1)[0] & 0x01 for m in _XLS_COLINFO.finditer(data))):
        return {}
    import xlrd

    found: dict[str, Hidden] = {}
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception:  # noqa: BLE001 - what calamine read stands; only the warning is lost
        return {}
    try:
        with contextlib.suppress(Exception):  # a sheet xlrd cannot read: what was found so far
            for index in range(book.nsheets):
                sheet = book.sheet_by_index(index)
                hidden = Hidden({r + 1 for r, info in sheet.rowinfo_map.items() if info.hidden and r < MAX_ROWS},
                                {c + 1 for c, info in sheet.colinfo_map.items() if info.hidden and c < MAX_HIDDEN_COLS})
                if hidden.rows or hidden.cols:
                    found[clean(sheet.name)] = hidden
                book.unload_sheet(index)
    finally:
        book.release_resources()
    return found


def _col_of(letters: bytes) -> int:
    """b'AB' -> 28."""
    col = 0
    for letter in letters:
        col = col * 26 + letter - 64
    return col


_AHEAD = 3  # chunks the helper thread may hold ready ahead of the scan (memory stays bounded: a few MB)


def _ahead(pieces: Iterator[bytes]) -> Generator[bytes, None, None]:
    """``pieces``, produced by a helper thread at most ``_AHEAD`` chunks ahead of the consumer.

    What the consumer sees is exactly what iterating ``pieces`` gives: the same chunks in the same
    order, then the exception ``pieces`` raised (re-raised here, at the same point) or the end.
    When the consumer stops early (its own check refused the part, or it closed this generator),
    the helper is told to stop and joined before this returns: no inflation outlives the check.
    """
    done = object()
    slots: queue.Queue[object] = queue.Queue(maxsize=_AHEAD)
    stop = threading.Event()

    def hand(item: object) -> bool:
        while not stop.is_set():
            try:
                slots.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for piece in pieces:
                if not hand(piece):
                    return
        except Exception as exc:  # noqa: BLE001 - handed over: the consumer raises it
            hand(exc)
            return
        hand(done)

    helper = threading.Thread(target=produce, name="etl-zip-check", daemon=True)
    helper.start()
    try:
        while True:
            try:
                item = slots.get(timeout=0.5)
            except queue.Empty:
                if helper.is_alive():
                    continue
                raise RuntimeError("the zip check's helper thread stopped without an answer") from None
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        while helper.is_alive():  # unblock a helper waiting for a free slot
            try:
                slots.get(timeout=0.01)
            except queue.Empty:
                pass
        helper.join()


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """'xl/worksheets/sheet2.xml' -> 'Chỉ tiêu', from the (small) workbook part and its relations."""
    try:
        names = {i.filename: i for i in archive.infolist()}
        book, rels = names.get("xl/workbook.xml"), names.get("xl/_rels/workbook.xml.rels")
        if not book or not rels or book.file_size > CHUNK or rels.file_size > CHUNK:
            return {}
        book_xml, rels_xml = archive.read(book), archive.read(rels)
    except Exception:  # a damaged part is reported by the checks that follow
        return {}
    if b"<!DOCTYPE" in book_xml or b"<!DOCTYPE" in rels_xml:
        return {}
    targets = {m.group(1): m.group(2) for m in re.finditer(
        rb'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels_xml)}
    targets.update({m.group(2): m.group(1) for m in re.finditer(
        rb'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels_xml)})
    titles = {}
    for m in re.finditer(rb'<(?:\w+:)?sheet\b[^>]*?name="([^"]*)"[^>]*?:id="([^"]+)"', book_xml):
        target = targets.get(m.group(2), b"").decode("utf-8", "replace").lstrip("/")
        part = target if target.startswith("xl/") else f"xl/{target}"
        titles[part] = clean(_unescape(m.group(1).decode("utf-8", "replace")))
    return titles


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
            .replace("&amp;", "&"))


def _inflate(data: bytes, info: zipfile.ZipInfo, file_name: str) -> Generator[bytes, None, None]:
    """The part's bytes, CHUNK at a time; refuses a part that does not match its declared size/CRC."""
    broken = UnreadableFile(
        f"Tệp '{file_name}' bị hỏng hoặc bị sửa bất thường (phần '{info.filename}' không khớp kích thước "
        "khai báo). Hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại."
    )
    offset = info.header_offset
    if data[offset:offset + 4] != ZIP_MAGIC:
        raise broken
    name_len, extra_len = struct.unpack("<HH", data[offset + 26:offset + 30])
    start = offset + 30 + name_len + extra_len
    raw = memoryview(data)[start:start + info.compress_size]
    if info.flag_bits & 0x1:
        raise UnreadableFile(f"Tệp '{file_name}' đang được đặt mật khẩu. Hãy gỡ mật khẩu rồi gửi lại.")
    crc, total = 0, 0
    if info.compress_type == zipfile.ZIP_STORED:
        pieces: Iterator[bytes] = (bytes(raw[i:i + CHUNK]) for i in range(0, len(raw), CHUNK))
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        pieces = _deflate_pieces(raw, info.file_size, broken)
    else:
        raise UnreadableFile(
            f"Tệp '{file_name}' dùng kiểu nén không thông dụng. Hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại."
        )
    for piece in pieces:
        total += len(piece)
        if total > info.file_size:
            raise UnreadableFile(
                f"Tệp '{file_name}' khai báo sai kích thước khi giải nén (phần '{info.filename}' bung ra lớn hơn "
                "khai báo): dấu hiệu 'bom nén' nên bị từ chối. Hãy lập lại báo cáo từ mẫu."
            )
        crc = zlib_ng.crc32(piece, crc)
        yield piece
    if total != info.file_size or crc != info.CRC:
        raise broken


def _deflate_pieces(raw: memoryview, declared: int, broken: UnreadableFile) -> Iterator[bytes]:
    inflater = zlib_ng.decompressobj(-15)
    try:
        for i in range(0, len(raw), 64 * 1024):
            pending = bytes(raw[i:i + 64 * 1024])
            while pending:
                out = inflater.decompress(pending, CHUNK)
                pending = inflater.unconsumed_tail
                if out:
                    yield out
                if inflater.eof:
                    return
        out = inflater.flush()
        if out:
            yield out
    except zlib_ng.error as exc:
        raise broken from exc
    if not inflater.eof and declared:
        raise broken


_TAG_XLSX = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_REF = re.compile(rb"""\br\s*=\s*["']([A-Za-z]{0,3})([0-9]*)["']""")
_TAG_ODS = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*)>")
_ROWS_REPEATED = re.compile(rb"""number-rows-repeated\s*=\s*["']([0-9]+)["']""")
_COLS_REPEATED = re.compile(rb"""number-columns-repeated\s*=\s*["']([0-9]+)["']""")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


class _Extent:
    """The farthest filled row and column seen so far in a streamed sheet."""

    pattern: re.Pattern[bytes]

    def __init__(self, part: str, file_name: str) -> None:
        self.part, self.file_name = part, file_name
        self.carry = b""
        self.max_row = 0
        self.max_col = 0
        self.row = 0
        self.col = 0

    def feed(self, chunk: bytes) -> None:
        text = self.carry + chunk
        cut = text.rfind(b"<")
        if cut != -1 and text.find(b">", cut) == -1:
            text, self.carry = text[:cut], text[cut:]
        else:
            self.carry = b""
        if len(self.carry) > CHUNK:  # a tag that never closes
            self.carry = self.carry[-CHUNK:]
        for match in self.pattern.finditer(text):
            self.tag(match)

    def tag(self, match: re.Match[bytes]) -> None:
        raise NotImplementedError

    def filled(self, last_row: int, last_col: int) -> None:
        if last_row > self.max_row or last_col > self.max_col:
            self.max_row = max(self.max_row, last_row)
            self.max_col = max(self.max_col, last_col)
            _check_extent(self.max_row, self.max_col, self.part, self.file_name)


class _XlsxExtent(_Extent):
    pattern = _TAG_XLSX

    def tag(self, match: re.Match[bytes]) -> None:
        kind, attrs = match.group(1), match.group(2)
        ref = _REF.search(attrs)
        if kind == b"row":
            self.row = int(ref.group(2)) if ref and ref.group(2) else self.row + 1
            self.col = 0
            return
        row, col = self.row, self.col + 1
        if ref:
            col = _col_number(ref.group(1)) if ref.group(1) else col
            row = int(ref.group(2)) if ref.group(2) else row
        self.col = col
        if not attrs.rstrip().endswith(b"/"):  # <c .../> is a formatted blank: the reader skips it
            self.filled(row, col)


class _OdsExtent(_Extent):
    pattern = _TAG_ODS

    def __init__(self, part: str, file_name: str) -> None:
        super().__init__(part, file_name)
        self.row_repeat = 1

    def tag(self, match: re.Match[bytes]) -> None:
        closing, kind, attrs = match.group(1), match.group(2), match.group(3)
        if kind == b"table":
            if not closing:
                self.row = self.col = self.max_row = self.max_col = 0
                name = re.search(rb"""table:name\s*=\s*["']([^"']*)["']""", attrs)
                self.part = clean(_unescape(name.group(1).decode("utf-8", "replace"))) if name else ""
            return
        if kind == b"table-row":
            if closing:
                self.row += self.row_repeat - 1
                return
            repeated = _ROWS_REPEATED.search(attrs)
            self.row_repeat = int(repeated.group(1)) if repeated else 1
            self.row += 1
            self.col = 0
            return
        if closing:
            return
        repeated = _COLS_REPEATED.search(attrs)
        span = int(repeated.group(1)) if repeated else 1
        first = self.col + 1
        self.col += span
        empty = attrs.rstrip().endswith(b"/") and b"value-type" not in attrs
        if not empty:
            self.filled(self.row + self.row_repeat - 1, max(first, self.col))


class _BulkExtent:
    """An upper bound of a worksheet's farthest cell, a whole chunk at a time (numpy, no Python loop
    per cell), for worksheets of the usual shape: every cell tag is ``<c r="LETTERS DIGITS"``, no
    namespace prefix. Every cell counts, filled or not, so the bound is never below what the exact
    scanner would find. ``proven`` stays True only if every cell had that shape and the bound is
    within the limits; otherwise the exact scanner reads the part again and decides."""

    WINDOW = 12  # '<c r="' is followed by at most 3 letters, 8 digits and the closing quote

    def __init__(self) -> None:
        import numpy as np

        self.np = np
        self.proven = True
        self.carry = b""
        self.max_row = 0
        self.max_col = 0
        self.delim = np.zeros(256, dtype=bool)
        self.delim[list(b" \t\n\r/>")] = True
        self.offsets = np.arange(self.WINDOW)
        # What ``_checked`` looks for in a small part, found here in numpy (which lets the helper
        # thread inflate meanwhile: a search in bytes would hold the GIL): a formula cell without a
        # value, or an error value. ``marked``: the part has one (``_cells_to_look_at`` finds it).
        self.marked = False
        self.formulas = False  # a '<f' seen: every later chunk is searched for a valueless one
        self.tail = b""

    def _look_for_marks(self, a, size: int, found, text: bytes) -> None:
        if not self.formulas and len(found):
            self.formulas = bool((a[found + 1] == 0x66).any())  # '<f'
        if self.formulas and _valueless_formula(self.tail + text):
            self.marked = True
            return
        # An error cell's tag ends with t="e" (its last attribute, as Excel, LibreOffice and openpyxl
        # write it), and its value follows: 't="e"><v>', so the '<' of <v> has 't="e">' before it.
        found = found[found >= 6]
        ending = found[a[found - 3] == 0x65]  # ... 'e' three bytes before a '<'
        if len(ending) and ((a[ending - 1] == 0x3E) & (a[ending - 2] == 0x22) & (a[ending - 4] == 0x22)
                            & (a[ending - 5] == 0x3D) & (a[ending - 6] == 0x74)).any():
            self.marked = True
            return
        if _ERROR_TYPE + b"><" in self.tail[-8:] + text[:8]:  # cut between two chunks
            self.marked = True
            return
        self.tail = (self.tail + text[-_FORMULA_TAIL:])[-_FORMULA_TAIL:]

    def feed(self, chunk: bytes) -> None:
        if not self.proven:
            return
        np = self.np
        text = self.carry + chunk
        cut = text.rfind(b"<")
        if cut != -1 and text.find(b">", cut) == -1:
            text, self.carry = text[:cut], text[cut:]
        else:
            self.carry = b""
        size = len(text)
        a = np.frombuffer(text + bytes(32), dtype=np.uint8)
        if len(self.carry) > CHUNK or self._prefixed_cells(a, size):
            self.proven = False
            return
        found = np.flatnonzero(a[:size] == 0x3C)  # every '<' ...
        if not self.marked:
            self._look_for_marks(a, size, found, text)
        found = found[a[found + 1] == 0x63]  # ... followed by 'c'
        cells = found[self.delim[a[found + 2]]]  # '<c' and a delimiter
        if not len(cells):
            return
        shaped = (a[cells + 2] == 0x20) & (a[cells + 3] == 0x72) & (a[cells + 4] == 0x3D) & (a[cells + 5] == 0x22)
        if not shaped.all():  # every cell tag must start exactly '<c r="'
            self.proven = False
            return
        w = a[(cells + 6)[:, None] + self.offsets]
        letter = (w >= 0x41) & (w <= 0x5A)
        digit = (w >= 0x30) & (w <= 0x39)
        letters = np.argmin(letter, axis=1)  # 1-3 capital letters ...
        after = ~digit & (self.offsets >= letters[:, None])
        end = np.argmax(after, axis=1)  # ... then 1-8 digits not starting with 0, then the closing quote
        closing = w[np.arange(len(cells)), end]
        first_digit = w[np.arange(len(cells)), letters]
        if not (((letters >= 1) & (letters <= 3) & (end > letters) & (end - letters <= 8) & (closing == 0x22)
                 & (first_digit != 0x30)).all()):
            self.proven = False
            return
        self.max_col = max(self.max_col, _col_number(self._greatest(a, cells + 6, letters, 4)))
        self.max_row = max(self.max_row, int(self._greatest(a, cells + 6 + letters, end - letters, 8)))
        if self.max_row > MAX_ROWS + 1 or self.max_row * self.max_col > MAX_CELLS:
            self.proven = False

    def _greatest(self, a, starts, lengths, width: int) -> bytes:
        """The greatest of the strings ``a[start:start + length]`` by (length, then bytes): for column
        letters (A=1 ... Z=26, AA=27 ...) and for numbers without a leading zero, the greatest value.
        Strings of one length compare as big-endian integers once packed into ``width`` bytes."""
        np = self.np
        longest = int(lengths.max())
        picked = starts[lengths == longest]
        packed = np.zeros((len(picked), width), dtype=np.uint8)
        packed[:, width - longest:] = a[picked[:, None] + np.arange(longest)]
        greatest = int(packed.view(f">u{width}").max())
        return greatest.to_bytes(width, "big")[width - longest:]

    def _prefixed_cells(self, a, size: int) -> bool:
        """Whether a namespace-prefixed cell tag (``<x:c ...``) is there: its shape is not checked here."""
        colons = self.np.flatnonzero(a[:size] == 0x3A)
        return bool(((a[colons + 1] == 0x63) & self.delim[a[colons + 2]]).any())


def _check_extent(rows: int, cols: int, sheet: str, file_name: str) -> None:
    where = f"Trang '{sheet}' của tệp '{file_name}'" if sheet else f"Một trang của tệp '{file_name}'"
    if rows > MAX_ROWS + 1:
        raise UnreadableFile(
            f"{where} dài hơn {_n(MAX_ROWS)} dòng (đã thấy ô có dữ liệu ở dòng "
            f"{_n(rows)}), vượt giới hạn. Hãy xoá các dòng thừa hoặc chia thành nhiều tệp."
        )
    if rows * cols > MAX_CELLS:
        raise UnreadableFile(
            f"{where} trải rộng tới ô {_column_name(cols)}{rows} "
            f"({_n(rows)} dòng × {_n(cols)} cột), vượt giới hạn {_n(MAX_CELLS)} ô. Hãy xoá các ô có dữ liệu nằm "
            "ngoài bảng báo cáo rồi gửi lại."
        )


def _n(number: int) -> str:
    """1234567 -> '1.234.567' (Vietnamese thousands separator)."""
    return f"{number:,}".replace(",", ".")


def _column_name(col: int) -> str:
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_workbook(data: bytes, file_name: str, vocabulary: frozenset[str] = frozenset()) -> RawWorkbook:
    """Every sheet's cell values; text repaired from legacy encodings and NFC-normalised.

    ``vocabulary``: the texts a cell is known by (``Catalog.vocabulary``), kept as they are when a
    sheet's other cells are legacy-font text."""
    hiding: set[str] = set()
    fmt, suspects = _sniff(data, file_name, hiding)
    looked_at = _cells_to_look_at(data, suspects) if suspects else {}
    hidden_rows = (_hidden_rows(data, hiding) if hiding else _ods_hidden_rows(data) if fmt == "ods"
                   else _xls_hidden_rows(data) if fmt == "xls" else {})
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        metadata = list(book.sheets_metadata)
    except calamine.PasswordError as exc:
        raise UnreadableFile(
            f"Tệp '{file_name}' đang được đặt mật khẩu. Hãy gỡ mật khẩu rồi gửi lại."
        ) from exc
    except Exception as exc:  # calamine raises several error types for broken files
        raise UnreadableFile(
            f"Không đọc được tệp '{file_name}': tệp bị hỏng hoặc không đúng định dạng {fmt}. "
            "Hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại."
        ) from exc
    fonts = _legacy_fonts(data) if fmt == "xlsx" else {}
    percent = _percent_cells(data) if fmt == "xlsx" else {}
    sheets: list[RawSheet] = []
    for meta in metadata:
        if str(meta.typ) not in ("SheetTypeEnum.WorkSheet", "WorkSheet"):
            continue
        try:
            sheet = book.get_sheet_by_name(meta.name)
            if sheet.total_height > MAX_ROWS + 1000 and sheet.height > MAX_ROWS:
                raise UnreadableFile(
                    f"Trang '{clean(meta.name)}' của tệp '{file_name}' có {_n(sheet.height)} dòng, vượt giới hạn "
                    f"{_n(MAX_ROWS)} dòng một trang. Hãy xoá các dòng thừa hoặc chia thành nhiều tệp."
                )
            rows = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS + 2)
            merged = [tuple(r) for r in (sheet.merged_cell_ranges or [])]
        except UnreadableFile:
            raise
        except Exception as exc:
            raise UnreadableFile(
                f"Không đọc được trang '{clean(meta.name)}' của tệp '{file_name}'. "
                "Hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại."
            ) from exc
        if len(rows) > MAX_ROWS + 1:
            raise UnreadableFile(
                f"Trang '{clean(meta.name)}' của tệp '{file_name}' có hơn {_n(MAX_ROWS)} dòng, vượt giới hạn. "
                "Hãy xoá các dòng thừa hoặc chia thành nhiều tệp."
            )
        raw = RawSheet(
            name=clean(meta.name),
            rows=rows,
            visible=str(meta.visible).endswith("Visible") and "Hidden" not in str(meta.visible),
            merged=merged,  # type: ignore[arg-type]
        )
        _repair_text(raw, fonts.get(meta.name, {}), vocabulary)
        raw.percent_cells = percent.get(clean(meta.name), set())
        hidden = hidden_rows.get(clean(meta.name), Hidden())
        raw.hidden_rows, raw.hidden_cols = hidden.rows, hidden.cols
        for (r, c), marked in looked_at.get(clean(meta.name), {}).items():
            if r < len(rows) and c < len(rows[r]) and is_blank(rows[r][c]):
                rows[r][c] = marked  # calamine read it as empty
        sheets.append(raw)
    macros = fmt == "xlsx" and b"vbaProject.bin" in data  # .xlsm: kept as data, never executed
    return RawWorkbook(file_name=file_name, format=fmt, sheets=sheets, macros=macros)


def has_comments(data: bytes) -> bool:
    """Whether an .xlsx carries cell comments (notes or threaded comments)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(name.lower().startswith(("xl/comments", "xl/threadedcomments")) for name in archive.namelist())
    except zipfile.BadZipFile:
        return False


def _repair_text(sheet: RawSheet, fonts: dict[tuple[int, int], str], vocabulary: frozenset[str] = frozenset()) -> None:
    """NFC-normalise every text cell, convert legacy-encoded text, cut over-long text.

    Detection is per cell (by font, else by content). Short words ("Cã" for "Có") carry too little
    evidence on their own, so once a sheet shows one legacy encoding, its remaining cells written
    only with cp1252 characters (as legacy text always is) are looked at again with it: one is
    converted when the conversion gives a text the catalogue knows ("Cã" -> "Có") or mends a word
    (see ``_converts``). Unicode Vietnamese can be written with Latin-1 letters only ("Có", "Khác",
    "Vùng sâu vùng xa", "Ghi chú"), and one legacy cell pasted as values must not rewrite those.

    Without legacy fonts the outcome depends on the text alone, so each distinct text is judged
    once and only the rows holding a text that changes are visited cell by cell (usually none).
    """
    if fonts:
        outcomes: dict = {}
        get_font = fonts.get
    else:
        outcomes = _changing_texts(sheet.rows)
        if not outcomes:
            return
    pending: list[tuple[int, int]] = []
    for r, row in enumerate(sheet.rows):
        if not fonts and outcomes.keys().isdisjoint(row):
            continue
        for c, value in enumerate(row):
            if value.__class__ is not str or not value:
                continue
            if fonts:
                key = (value, get_font((r, c)))
                outcome = outcomes.get(key)
                if outcome is None:
                    outcome = outcomes[key] = _text_outcome(*key)
            else:
                outcome = outcomes.get(value)
                if outcome is None:
                    continue
            text, encoding, cp1252_only, cut = outcome
            if encoding:
                sheet.legacy_cells += 1
                sheet.legacy_encodings.add(encoding)
            elif cp1252_only and (not fonts or _font_encoding(get_font((r, c))) is not None):
                # with fonts known, a cell in a Unicode font (Times New Roman ...) is never legacy
                pending.append((r, c))
            if cut:
                sheet.truncated_cells.append((r + 1, c + 1))
            row[c] = text
    if len(sheet.legacy_encodings) == 1 and pending:
        encoding = next(iter(sheet.legacy_encodings))
        for r, c in pending:
            text = sheet.rows[r][c]
            converted = legacy_to_unicode(text, encoding)
            if converted != text and _converts(text, converted, encoding, vocabulary):
                sheet.rows[r][c] = converted
                sheet.legacy_cells += 1


def _converts(text: str, converted: str, encoding: str, vocabulary: frozenset[str]) -> bool:
    """Whether a cp1252-only cell of a sheet with legacy text is legacy text too: not when it is a
    text the catalogue knows ("Có", "Ghi chú"); yes when its conversion is one ("Cã" -> "Có");
    otherwise when the conversion mends a word, or a sign only the encoding gives ('02/§T' is
    '02/ĐT'), and spoils none."""
    if label_key(text) in vocabulary:
        return False
    return label_key(converted) in vocabulary or legacy_gains(text, encoding) or legacy_signed(text, encoding)


def _text_outcome(value: str, font: str | None) -> tuple[str, str | None, bool, bool]:
    """(text to keep, legacy encoding converted from, cp1252-only Unicode?, cut?) for one cell."""
    text, encoding, cp1252_only = value, None, False
    if not value.isascii():
        text, encoding = repair(value, font)
        cp1252_only = encoding is None and not _NON_CP1252.search(text)
    if len(text) > MAX_TEXT:
        return text[:MAX_TEXT], encoding, cp1252_only, True
    return text, encoding, cp1252_only, False


def _changing_texts(rows: list[list[object]]) -> dict[str, tuple[str, str | None, bool, bool]]:
    """The outcome of every distinct text of a sheet (no legacy fonts) that is not kept as it is.

    A cp1252-only text matters only when the sheet shows exactly one legacy encoding (it is then
    converted with it); otherwise it is kept as it is and left out here.
    """
    changing = {}
    for value in set(chain.from_iterable(rows)):
        if value.__class__ is str and value and not (value.isascii() and len(value) <= MAX_TEXT):
            if len(value) <= MAX_TEXT and _NON_CP1252.search(value) and unicodedata.is_normalized("NFC", value):
                continue  # Unicode text (a letter beyond cp1252: never legacy) already in NFC: kept as it is
            outcome = _text_outcome(value, None)
            if outcome[0] != value or outcome[1] or outcome[2] or outcome[3]:
                changing[value] = outcome
    if len({outcome[1] for outcome in changing.values() if outcome[1]}) != 1:
        changing = {value: outcome for value, outcome in changing.items()
                    if outcome[0] != value or outcome[1] or outcome[3]}
    return changing


# Characters outside what a cp1252 decode of legacy (TCVN3/VNI) bytes can produce.
_NON_CP1252 = re.compile("[^\x00-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


_LEGACY_FONT = re.compile(rb'<name val="(\.Vn[^"]*|VNI-[^"]*)"', re.IGNORECASE)


def _legacy_fonts(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Font names of text cells, per sheet, only when the workbook declares a legacy font."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            styles = archive.read("xl/styles.xml") if "xl/styles.xml" in archive.namelist() else b""
    except (zipfile.BadZipFile, KeyError):
        return {}
    if not _LEGACY_FONT.search(styles):
        return {}
    import openpyxl  # only for this rare case: calamine does not expose fonts

    result: dict[str, dict[tuple[int, int], str]] = {}
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    except Exception:
        return {}
    for ws in book.worksheets:
        fonts: dict[tuple[int, int], str] = {}
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and getattr(cell, "font", None) is not None:
                    name = cell.font.name or ""
                    if name.lower().startswith((".vn", "vni-")):
                        fonts[(cell.row - 1, cell.column - 1)] = name
        result[ws.title] = fonts
    book.close()
    return result


_PERCENT_PART_LIMIT = 1 << 20  # the Chỉ tiêu sheet and the like: a list's big part is not looked at
_BUILTIN_PERCENT = {9, 10}  # 0% and 0.00%
_QUOTED = re.compile(rb'"[^"]*"|\\.')


def _percent_cells(data: bytes) -> dict[str, set[tuple[int, int]]]:
    """Sheet title -> the 0-based (row, col) of number cells shown as a percentage (style 0%, 0.00%
    or a custom format with %): Excel stores '100%' typed in a cell as 1 with that style, so the
    number read is not what the clerk typed and sees. Small sheets only."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {i.filename: i for i in archive.infolist()}
            styles = names.get("xl/styles.xml")
            if styles is None or styles.file_size > _PERCENT_PART_LIMIT:
                return {}
            xml = archive.read(styles)
            ids = set(_BUILTIN_PERCENT)
            for m in re.finditer(rb"<(?:\w+:)?numFmt\b[^>]*>", xml):
                tag = m.group(0)
                number, code = re.search(rb'numFmtId="(\d+)"', tag), re.search(rb'formatCode="([^"]*)"', tag)
                if number and code and b"%" in _QUOTED.sub(b"", html.unescape(code.group(1).decode()).encode()):
                    ids.add(int(number.group(1)))
            block = re.search(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", xml, re.DOTALL)
            if block is None:
                return {}
            styled = {str(i).encode() for i, m in enumerate(re.finditer(rb"<(?:\w+:)?xf\b[^>]*>", block.group(0)))
                      if (n := re.search(rb'numFmtId="(\d+)"', m.group(0))) and int(n.group(1)) in ids}
            if not styled:
                return {}
            titles = _sheet_titles(archive)
            found: dict[str, set[tuple[int, int]]] = {}
            for part, info in names.items():
                if part not in titles or info.file_size > _PERCENT_PART_LIMIT:
                    continue
                cells = set()
                for m in re.finditer(rb'<c r="([A-Z]+)(\d+)"([^>]*)>', archive.read(info)):
                    attrs = m.group(3)
                    style = re.search(rb'\bs="(\d+)"', attrs)
                    if style and style.group(1) in styled and not re.search(rb'\bt="(?!n")', attrs):
                        cells.add((int(m.group(2)) - 1, _col_of(m.group(1)) - 1))
                if cells:
                    found[titles[part]] = cells
            return found
    except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError):
        return {}


def percent_text(value: float) -> str:
    """0.9 -> '90%', 0.125 -> '12,5%': the cell as Excel shows it (and as the validator reads a typed '90%')."""
    share = round(value * 100, 9)
    return f"{int(share)}%" if share.is_integer() else f"{share:g}".replace(".", ",") + "%"


# -- tables ----------------------------------------------------------------------------------


@dataclass
class HeaderCell:
    col: int  # 1-based
    text: str  # header as written (cleaned)
    key: str | None  # matched column key, or None


@dataclass
class Table:
    sheet: str
    header_row: int  # 1-based row of the (last) header row
    headers: list[HeaderCell]
    rows: list[tuple[int, list[object]]]  # (Excel row, values by 0-based column)
    numbering_row: int | None = None
    total_rows: list[int] = field(default_factory=list)  # "Tổng cộng" and section ("I. ĐƠN KIẾN NGHỊ") rows skipped
    footer_row: int | None = None  # where the signature block under the list starts (it and all below skipped)
    note_cells: list[tuple[int, int]] = field(default_factory=list)  # (row, col), 1-based: a note alone on its row
    repeated_headers: list[int] = field(default_factory=list)  # the header row again (a page break): skipped
    other_table: tuple[int, str] | None = None  # (row, its first text): another table under the list, unread
    summary_rows: list[tuple[int, str]] = field(default_factory=list)  # (row, label): the totals and sections skipped


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_blank_row(values: list[object]) -> bool:
    """``all(is_blank(v) for v in values)``, deciding a filled row by its first cell without a loop."""
    if values:
        first = values[0]
        if first is not None and (not isinstance(first, str) or (first and not first.isspace())):
            return False
    return all(is_blank(v) for v in values)


def _fill_merged(sheet: RawSheet, row_index: int) -> list[object]:
    """A header row with horizontally merged cells' text repeated across the merge."""
    row = list(sheet.rows[row_index]) if row_index < len(sheet.rows) else []
    for (r1, c1), (r2, c2) in sheet.merged:
        if r1 <= row_index <= r2 and c1 < len(sheet.rows[r1]):
            value = sheet.rows[r1][c1]
            for c in range(c1, min(c2, len(row) - 1) + 1):
                if is_blank(row[c]):
                    row[c] = value
    return row


def find_table(sheet: RawSheet, match_header, search_rows: int = 40) -> Table | None:
    """Locate the header row (one row, or two when headers are merged over two rows).

    ``match_header(text) -> key | None`` names a header. The best row is the one that names the
    most distinct columns; title rows above it and a numbering row (1, 2, 3 ...) below it are
    skipped. Returns None when no row names any column.
    """
    limit = min(search_rows, len(sheet.rows))
    best: tuple[int, int, list[HeaderCell]] | None = None  # (score, last header row, headers)
    loose_pair = False  # best is a pair that names no more columns than its lower row may alone
    for r in range(limit):
        single = _header_cells(sheet.rows[r], None, match_header)
        score = len({h.key for h in single if h.key})
        # a pair chosen over its upper row alone (a title "CHỈ TIÊU" over "STT | Mã chỉ tiêu | …")
        # gives way to its lower row alone when that names as many columns: the title is no header
        if score and (best is None or score > best[0] or (loose_pair and best[1] == r and score == best[0])):
            best = (score, r, single)
            loose_pair = False
        if r + 1 < len(sheet.rows):
            groups = _group_columns(sheet, r)
            upper = _fill_merged(sheet, r)
            pair = _header_cells(sheet.rows[r + 1], upper, match_header, groups)
            pair_score = len({h.key for h in pair if h.key})
            # the pair wins a tie with its upper row alone when the lower row holds only the
            # sub-headers of groups ("Người gửi đơn" over "Họ và tên", "Địa chỉ"): they are headers
            # (checked for personal data), not a first data row
            # as it does when the two rows are one header merged over both, the lower row holding
            # only the second line of an unmerged one ("Gia hạn" over "(ngày)")
            needed = (_only_under(sheet.rows[r + 1], groups) and not _under_one_title(sheet, r)) \
                or _continues(sheet, r)
            if pair_score and (best is None or pair_score > best[0]
                               or (pair_score == best[0] and best[1] == r and needed)):
                best = (pair_score, r + 1, pair)
                loose_pair = not needed
    if best is None:
        return None
    _, last, headers = best
    _fill_merged_down(sheet, last)
    start = last + 1
    numbering_row = None
    below = start
    while below < min(start + 2, len(sheet.rows)) and _is_blank_row(sheet.rows[below]):
        below += 1  # the lower half of headers merged over two rows (A3:A4) reads as an empty row
    if below < len(sheet.rows) and _is_numbering(sheet.rows[below]):
        numbering_row = below + 1
        start = below + 1
    rows: list[tuple[int, list[object]]] = []
    totals: list[int] = []
    footer: int | None = None
    notes: list[tuple[int, int]] = []
    repeated: list[int] = []
    summary: list[tuple[int, str]] = []
    other: tuple[int, str] | None = None
    keys = {h.key for h in headers if h.key}
    every = sheet.rows
    digit = _DIGIT.search
    for r in range(start, len(every)):
        values = every[r]
        if repeated and repeated[-1] == r and _is_numbering(values):  # the repeated header's numbering
            repeated.append(r + 1)
            continue
        if values:  # the usual data row, decided by its first cell: a case number, or a number or date
            first = values[0]
            if first.__class__ is str:
                # filled, with a digit: data, unless a total that gives its count ("Tổng cộng: 4 đơn")
                if first and not first.isspace() and digit(first) and not (first[:1] in "TtCc" and _is_total(values)) \
                        and not (first[:1] in _NOTE_FIRST and first.lstrip()[:6].lower().startswith(_NOTE_START)
                                 and _is_note(values)) \
                        and not (_MAY_BE_DATED_LINE.search(first) and (
                            _is_note(values) or _is_footer(values) and not any(map(_has_data, every[r + 1:])))):
                    rows.append((r + 1, values))
                    continue
            elif first is not None and not isinstance(first, str) and not (  # neither blank nor a total,
                    len(values) > 1 and values[1].__class__ is str and values[1][:1] in _PLACEHOLDER_FIRST
                    and _is_placeholder(values)):  # nor "1 · Không phát sinh" (a numbered 'nothing')
                rows.append((r + 1, values))
                continue
        if _is_blank_row(values):
            continue
        if _is_total(values) or _is_section(values):
            totals.append(r + 1)
            summary.append((r + 1, next(v for v in values if isinstance(v, str) and v.strip())))
            continue
        if _is_placeholder(values):  # "Không có", "Trong kỳ không tổ chức tiếp công dân", a row of "-"
            totals.append(r + 1)
            continue
        if _is_note(values):  # skipped, and out of the stored copy: nothing checks what it says
            totals.append(r + 1)
            notes.append((r + 1, next(i for i, v in enumerate(values) if not is_blank(v)) + 1))
            continue
        if (_is_footer(values) or (_is_signature(values) and r > 0 and _is_blank_row(every[r - 1]))) \
                and not any(map(_has_data, every[r + 1:])):
            footer = r + 1  # the place, date and signatures under the list: the list has ended
            break
        named = _names_columns(values, match_header)
        if named and named >= max(2, (len(keys) + 1) // 2):  # the header again, after a page break
            repeated.append(r + 1)
            continue
        titled = bool(rows) and rows[-1][0] == r and _is_title(rows[-1][1])  # a title row right above
        if named >= 2 or (named and titled):
            # a header row of another table ("Tháng | Số buổi | Số lượt", under "TỔNG HỢP THEO
            # THÁNG"): the list has ended
            start_at = rows.pop()[0] - 1 if titled else r
            other = (start_at + 1, clean(next(v for v in every[start_at] if not is_blank(v))))
            break
        rows.append((r + 1, values))
    return Table(sheet.name, last + 1, headers, rows, numbering_row, totals, footer, notes, repeated, other, summary)


def _group_columns(sheet: RawSheet, row_index: int) -> set[int]:
    """The 0-based columns of a row that lie under a cell merged across several columns (a group
    title such as "Ngày" over "Nhận", "Thụ lý")."""
    return {c for (r1, c1), (r2, c2) in sheet.merged if r1 <= row_index <= r2 and c2 > c1 for c in range(c1, c2 + 1)}


def _only_under(values: list[object], groups: set[int]) -> bool:
    """Whether a row's filled cells all sit under group titles (and there is at least one)."""
    filled = [c for c, v in enumerate(values) if not is_blank(v)]
    return bool(filled) and all(c in groups for c in filled)


def _under_one_title(sheet: RawSheet, row_index: int) -> bool:
    """Whether one cell merged across the row (the sheet's title, "CHỈ TIÊU" over A1:D1) covers every
    filled cell of the row under it: a title, not a group of sub-headers."""
    lower = sheet.rows[row_index + 1]
    filled = [c for c, v in enumerate(lower) if not is_blank(v)]
    return len(filled) > 1 and any(
        r1 <= row_index <= r2 and c1 <= filled[0] and filled[-1] <= c2 for (r1, c1), (r2, c2) in sheet.merged)


def _continues(sheet: RawSheet, row_index: int) -> bool:
    """Whether the row under ``row_index`` is the second line of a header merged over both rows
    (A3:A4, B3:B4 ...): some header cells are merged down over it, and its own cells (at least one)
    are texts without a digit outside those merges ("(ngày)" under "Gia hạn"). A data row is never
    merged with the header above it."""
    down = {c for (r1, c1), (r2, c2) in sheet.merged if r1 <= row_index < r2 for c in range(c1, c2 + 1)}
    if not down:
        return False
    lower = sheet.rows[row_index + 1]
    filled = [c for c, v in enumerate(lower) if not is_blank(v)]
    return bool(filled) and all(
        c not in down and isinstance(lower[c], str) and not _DIGIT.search(lower[c]) for c in filled)


def _fill_merged_down(sheet: RawSheet, header_row: int) -> None:
    """A cell of the list merged down over several rows (the same "Loại đơn" for two cases) holds
    its value in its first row only: every row it covers gets it, as the sheet shows it."""
    for (r1, c1), (r2, c2) in sheet.merged:
        if r1 <= header_row or r2 <= r1 or c2 != c1 or r1 >= len(sheet.rows) or c1 >= len(sheet.rows[r1]):
            continue
        value = sheet.rows[r1][c1]
        if is_blank(value):
            continue
        for r in range(r1 + 1, min(r2, len(sheet.rows) - 1) + 1):
            row = sheet.rows[r]
            if c1 < len(row) and is_blank(row[c1]):
                row[c1] = value


def _names_columns(values: list[object], match_header) -> int:
    """How many of the list's columns a row of texts without a digit names, as a header row does
    (0 for any row holding a number, a date or a digit: a data row)."""
    texts = [v for v in values if not is_blank(v)]
    if len(texts) < 2 or not all(isinstance(v, str) and not _DIGIT.search(v) for v in texts):
        return 0
    return len({h.key for h in _header_cells(values, None, match_header) if h.key})


def _is_title(values: list[object]) -> bool:
    """A row holding one text and nothing else, without a digit: a table's title."""
    texts = [v for v in values if not is_blank(v)]
    return len(texts) == 1 and isinstance(texts[0], str) and not _DIGIT.search(texts[0])


def _header_cells(row: list[object], upper: list[object] | None, match_header,
                  groups: set[int] = frozenset()) -> list[HeaderCell]:
    """The header cells of a row, or of two rows (``upper`` above ``row``): a column's header is its
    lower text, the two joined, or its upper text; an upper cell of a group title (``groups``)
    with nothing under it is not a header, but one merged down over both rows is ("Họ và tên"
    over A3:A4, even when it names no column of the template: it is checked for personal data)."""
    cells: list[HeaderCell] = []
    for c in range(len(row) if upper is None else max(len(row), len(upper))):
        lower = clean(row[c]) if c < len(row) and not is_blank(row[c]) else ""
        top = clean(upper[c]) if upper is not None and c < len(upper) and not is_blank(upper[c]) else ""
        candidates = [lower] if upper is None else [lower, f"{top} {lower}".strip(), top]
        candidates = [t for t in candidates if t]
        if not candidates:
            continue
        key = None
        text = candidates[0]
        for candidate in candidates:
            key = match_header(candidate)
            if key:
                text = candidate
                break
        if upper is not None and not lower and not key and c in groups:
            continue  # an upper title cell over several columns, not a header of its own
        cells.append(HeaderCell(c + 1, text, key))
    return cells


_NUMBERING = re.compile(r"^\(?([0-9]{1,2}|[a-z])\)?$")


def _is_numbering(values: list[object]) -> bool:
    """A row like 1, 2, 3 ... or (1), (2) ... or A, B, C under the headers, or letters then numbers
    (A, B, C, 1, 2, 3: the official forms letter their descriptive columns)."""
    cells = [v for v in values if not is_blank(v)]
    if len(cells) < 2:
        return False
    letters: list[int] = []
    numbers: list[int] = []
    for v in cells:
        if isinstance(v, (int, float)) and float(v).is_integer():
            numbers.append(int(v))
            continue
        m = _NUMBERING.match(fold(v))
        if not m:
            return False
        token = m.group(1)
        if token.isdigit():
            numbers.append(int(token))
        elif numbers:
            return False  # a letter after the numbers
        else:
            letters.append(ord(token) - 96)
    if letters and numbers:
        return letters == list(range(1, len(letters) + 1)) and _ascending_from_one(numbers)
    return _ascending_from_one(letters or numbers)


def _ascending_from_one(numbers: list[int]) -> bool:
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers) and numbers[0] <= 2


_DIGIT = re.compile(r"\d")
_TOTAL = {"tong cong", "tong so", "cong", "tong", "tong cong:", "cong:"}
# "Tổng số đơn", "Tổng cộng: 4 đơn", "Cộng: 4", "Tổng số (I + II)": a label, then at most a count.
_TOTAL_LABEL = re.compile(r"^(tong cong|tong so|cong\s*:)(\W|$)[^:]{0,30}$")
# "I. ĐƠN KIẾN NGHỊ", "A. TIẾP THƯỜNG XUYÊN", "II- Đơn tố cáo": a group heading inside the list.
_SECTION = re.compile(r"^([ivx]{1,4}|[a-d])\s*[.)\-]\s*\D{3,80}$")
_SECTION_NUMERAL = re.compile(r"^([IVX]{1,4}|[A-D])\s*[.)]?$")
_SECTION_WORDS = re.compile(r"^\D{3,80}$")
# The block under the list: "Lai Châu, ngày 20 tháng 3 năm 2025", "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG
# ĐƠN VỊ", "KT. GIÁM ĐỐC", "(Ký, ghi rõ họ tên)", "Nơi nhận:".
_PLACE_AND_DATE = r"^([^,]{2,40}, )?ngay [\d. ]{0,12}thang [\d. ]{0,12}nam [\d. ]{0,8}$"
PLACE_AND_DATE = re.compile(_PLACE_AND_DATE)  # "Lai Châu, ngày 20 tháng 3 năm 2025", folded
_FOOTER = re.compile(
    _PLACE_AND_DATE
    + r"|^(nguoi lap( bieu| bao cao)?|nguoi ky|thu truong( don vi| co quan)?|xac nhan( cua)?( thu truong)?( don vi)?"
    r"|((kt|tl|tm|q|ktl)\.? ?)?(giam doc|pho giam doc|truong phong|chanh van phong|chanh thanh tra|truong ban)"
    r"( so)?|noi nhan ?:?)$"
    r"|^\(ky,? (ghi ro |va ghi ro )?ho (va )?ten.*\)$|^\(ky ten.*\)$"
    r"|^- ?(nhu tren|luu\b.*)[;.]?$"  # the addressees under "Nơi nhận:" ("- Như trên;", "- Lưu: VT.")
)
# A line with a date in words or a count of days, to look at twice before reading it as a data row:
# "Lai Châu, ngày 20 tháng 3 năm 2025", "Số liệu tính từ ngày 15/12/2024 …"
_MAY_BE_DATED_LINE = re.compile(r"(?i)tháng|thang|số liệu|so lieu")
# A name alone under the list, a blank row above it: the signer's, its title left out ("Nguyễn Thị Hoa")
_SIGNER = re.compile(r"^(?:[^\W\d_][^\W\d_]*\.? ?){2,5}$")


def _is_signature(values: list[object]) -> bool:
    """A row holding only names in capitalised words (the signers under the list)."""
    filled = [v for v in values if not is_blank(v)]
    return bool(filled) and len(filled) <= 3 and all(
        isinstance(v, str) and _SIGNER.match(v.strip()) and all(w[:1].isupper() for w in v.split()) for v in filled)


def _is_total(values: list[object]) -> bool:
    """A "Tổng cộng" row: its first filled cell says so, and the others hold sums, not a row's
    texts and dates (a model named "Tổng cộng sức dân" with its field and day is data)."""
    for i, value in enumerate(values):
        if isinstance(value, str) and value.strip():
            if len(value) >= 40:
                return False
            label = fold(value)
            # A digit survives folding and no bare total label has one: "000123/ĐT" is data.
            said = (not _DIGIT.search(value) and label.rstrip(":") in _TOTAL) or bool(_TOTAL_LABEL.match(label))
            return said and all(_sum_like(v) for v in values[i + 1:])
        if value is not None and value != "":
            return False
    return False


def _sum_like(value: object) -> bool:
    """What a total row holds beside its label: a number (one under a date column reads as a date:
    1 is 01/01/1900), nothing, a dash or an 'x'."""
    if value is None or value.__class__ in (int, float) or isinstance(value, date):
        return True
    return isinstance(value, str) and (len(value.strip()) <= 2 or bool(_DIGIT.search(value)) and len(value) < 40)


def _is_section(values: list[object]) -> bool:
    """A group heading alone on its row: "I. ĐƠN KIẾN NGHỊ" in one cell, or its numeral in the STT
    column and its words in the next filled one ("I" · "Đơn kỳ trước chuyển sang")."""
    filled = [v for v in values if not is_blank(v)]
    if not all(isinstance(v, str) for v in filled):
        return False
    if len(filled) == 1:
        return bool(_SECTION.match(fold(filled[0])))
    return (len(filled) == 2 and bool(_SECTION_NUMERAL.match(clean(filled[0])))  # "I", "II", "A": not "a", "1"
            and bool(_SECTION_WORDS.match(fold(filled[1]))))


# A note written under or inside the list: "Ghi chú: số liệu tính từ …", "* Số liệu tính đến …".
FOOTNOTE_MARKS = "¹²³⁴⁵⁶⁷⁸⁹"  # a footnote's mark, in front of its line or after a header (etl.validate)
_NOTE_START = ("ghi ch", "chú th", "chu th", "lưu ý", "luu y", "chú ý", "chu y", "nguồn", "nguon", "*", "(",
               *FOOTNOTE_MARKS)
# the first character of one (a case number seldom starts so)
_NOTE_FIRST = frozenset("GgCcLlNn*( " + FOOTNOTE_MARKS)
_NOTE = re.compile(r"^((ghi chu|chu thich|luu y|chu y|nguon( so lieu)?)\s*[:\-]|\(?\*+\)?\s*\S"
                   rf"|(\(\d\)|[{FOOTNOTE_MARKS}])\s*\D|so lieu (tinh|chot|cap nhat) "  # "(1) …", "¹ …", "Số liệu tính từ …"
                   r"|\([^()]{3,}\)$)")  # a line in brackets: "(Danh sách gồm 01 mô hình)"


def _is_note(values: list[object]) -> bool:
    """A note alone on its row, in the first two columns (often merged across the table): no case."""
    filled = [(i, v) for i, v in enumerate(values) if not is_blank(v)]
    return (len(filled) == 1 and filled[0][0] <= 1 and isinstance(filled[0][1], str)
            and bool(_NOTE.match(fold(filled[0][1]))))


# How a unit writes "nothing to report" on the list's first row: "Không có", "Không phát sinh",
# "Trong kỳ không tổ chức tiếp công dân", or a dash in every cell (folded).
_PLACEHOLDER = re.compile(r"^(trong ky )?khong( co| phat sinh| to chuc| tiep nhan)?( [^\d]{0,80})?\.?$")
_PLACEHOLDER_FIRST = frozenset("KkTt-–—")
_DASHES_ONLY = frozenset({"-", "--", "---", "–", "—"})


def _is_placeholder(values: list[object]) -> bool:
    """A row saying there is nothing to report: one text that says so (beside its STT number at most),
    or dashes alone. Its required cells are not asked for."""
    filled = [v for v in values if not is_blank(v)]
    if not filled or not all(isinstance(v, str) or (v.__class__ in (int, float) and i == 0)
                             for i, v in enumerate(filled)):
        return False
    texts = [v.strip() for v in filled if isinstance(v, str)]
    if not texts:
        return False
    if all(t in _DASHES_ONLY for t in texts):
        return True
    # in the first columns, where the list starts (a "Không" further right is a default dragged down)
    at = next(i for i, v in enumerate(values) if isinstance(v, str) and not is_blank(v))
    return len(texts) == 1 and at <= 2 and len(texts[0]) <= 100 and bool(_PLACEHOLDER.match(fold(texts[0])))


def _has_data(values: list[object]) -> bool:
    """A row below a signature-like line that still holds a number, a date or digits other than the
    signing date: that line was an unfinished data row ("Giám đốc Sở" alone), not the footer."""
    for v in values:
        if is_blank(v):
            continue
        if not isinstance(v, str) or (_DIGIT.search(v) and not _FOOTER.match(fold(v).rstrip(" ."))):
            return True
    return False


def _is_footer(values: list[object]) -> bool:
    """A row of the signature block: every filled cell a place and date, a title or a signing note."""
    filled = [v for v in values if not is_blank(v)]
    return bool(filled) and all(isinstance(v, str) and _FOOTER.match(fold(v).rstrip(" .")) for v in filled)
