"""Read a workbook (.xlsx, .xlsm, .xls, .ods) into plain rows that keep their Excel coordinates.

python-calamine does the reading (5-12x faster than openpyxl here, and it reads .xls and .ods);
openpyxl is used only to learn cell fonts when the workbook uses legacy Vietnamese fonts.
Nothing here knows the return's rules: that is ``etl.validate``.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

import python_calamine as calamine

from etl.errors import UnreadableFile
from etl.text import clean, fold, legacy_to_unicode, repair

MAX_FILE_BYTES = 50 * 1024 * 1024  # what an upload may weigh
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # what a zipped workbook may expand to
MAX_ZIP_RATIO = 200  # a real workbook compresses 5-30x; a zip bomb, thousands of times
MAX_ROWS = 200_000  # rows per sheet
MAX_TEXT = 2_000  # characters per cell before it is cut

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


@dataclass
class RawWorkbook:
    file_name: str
    format: str  # xlsx | xls | ods
    sheets: list[RawSheet]


def sniff_format(data: bytes, file_name: str) -> str:
    """What the bytes really are, whatever the file name says; raise UnreadableFile otherwise."""
    if not data:
        raise UnreadableFile(f"Tệp '{file_name}' rỗng (0 byte). Hãy lưu lại bảng tính và gửi lại.")
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"Tệp '{file_name}' nặng {len(data) / 1048576:.1f} MB, vượt giới hạn "
            f"{MAX_FILE_BYTES // 1048576} MB. Hãy xoá các trang, hình ảnh không cần thiết rồi gửi lại."
        )
    if data.startswith(OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data:
            raise UnreadableFile(
                f"Tệp '{file_name}' đang được đặt mật khẩu. Hãy gỡ mật khẩu "
                "(Tệp → Thông tin → Bảo vệ sổ làm việc) rồi gửi lại."
            )
        return "xls"
    if data.startswith(ZIP_MAGIC):
        _check_zip(data, file_name)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                if "xl/workbook.bin" in names:
                    raise UnreadableFile(
                        f"Tệp '{file_name}' là bảng tính nhị phân .xlsb. Hãy lưu lại dạng .xlsx rồi gửi lại."
                    )
                return "xlsx"
            if "content.xml" in names and b"opendocument.spreadsheet" in archive.read("mimetype")[:100]:
                return "ods"
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
    raise UnreadableFile(
        f"Tệp '{file_name}' không phải bảng tính Excel mà là {kind}, dù tên tệp có đuôi bảng tính. "
        "Hãy mở mẫu báo cáo bằng Excel, nhập số liệu và lưu dạng .xlsx."
    )


def _check_zip(data: bytes, file_name: str) -> None:
    """Refuse zip bombs before anything is decompressed: sizes come from the central directory."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(
            f"Tệp '{file_name}' bị hỏng (không giải nén được). Hãy mở bằng Excel, lưu lại rồi gửi lại."
        ) from exc
    unpacked = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if unpacked > MAX_UNPACKED_BYTES or (unpacked > 20 * 1024 * 1024 and unpacked / packed > MAX_ZIP_RATIO):
        raise UnreadableFile(
            f"Tệp '{file_name}' khi giải nén lên tới {unpacked / 1048576:,.0f} MB "
            f"(gấp {unpacked / packed:,.0f} lần), vượt giới hạn an toàn. "
            "Tệp này không phải báo cáo bình thường; hãy lập lại từ mẫu báo cáo."
        )


def read_workbook(data: bytes, file_name: str) -> RawWorkbook:
    """Every sheet's cell values; text repaired from legacy encodings and NFC-normalised."""
    fmt = sniff_format(data, file_name)
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
    sheets: list[RawSheet] = []
    for meta in metadata:
        if str(meta.typ) not in ("SheetTypeEnum.WorkSheet", "WorkSheet"):
            continue
        try:
            sheet = book.get_sheet_by_name(meta.name)
            if sheet.total_height > MAX_ROWS + 1000 and sheet.height > MAX_ROWS:
                raise UnreadableFile(
                    f"Trang '{clean(meta.name)}' của tệp '{file_name}' có {sheet.height:,} dòng, vượt giới hạn "
                    f"{MAX_ROWS:,} dòng một trang. Hãy xoá các dòng thừa hoặc chia thành nhiều tệp.".replace(",", ".")
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
                f"Trang '{clean(meta.name)}' của tệp '{file_name}' có hơn {MAX_ROWS:,} dòng, vượt giới hạn. "
                "Hãy xoá các dòng thừa hoặc chia thành nhiều tệp.".replace(",", ".")
            )
        raw = RawSheet(
            name=clean(meta.name),
            rows=rows,
            visible=str(meta.visible).endswith("Visible") and "Hidden" not in str(meta.visible),
            merged=merged,  # type: ignore[arg-type]
        )
        _repair_text(raw, fonts.get(meta.name, {}))
        sheets.append(raw)
    return RawWorkbook(file_name=file_name, format=fmt, sheets=sheets)


def _repair_text(sheet: RawSheet, fonts: dict[tuple[int, int], str]) -> None:
    """NFC-normalise every text cell, convert legacy-encoded text, cut over-long text.

    Detection is per cell (by font, else by content). Short words ("Cã" for "Có") carry too little
    evidence on their own, so once a sheet shows one legacy encoding, its remaining cells written
    only with cp1252 characters (as legacy text always is) are converted with it too: real Unicode
    Vietnamese almost always has a letter beyond U+00FF (ă, đ, ơ, ư, ạ ...).
    """
    pending: list[tuple[int, int]] = []
    for r, row in enumerate(sheet.rows):
        for c, value in enumerate(row):
            if not isinstance(value, str) or not value:
                continue
            text = value
            if not text.isascii():
                text, encoding = repair(text, fonts.get((r, c)))
                if encoding:
                    sheet.legacy_cells += 1
                    sheet.legacy_encodings.add(encoding)
                elif all(ord(ch) <= 0xFF or ch in _CP1252_EXTRA for ch in text):
                    pending.append((r, c))
            if len(text) > MAX_TEXT:
                text = text[:MAX_TEXT]
                sheet.truncated_cells.append((r + 1, c + 1))
            row[c] = text
    if len(sheet.legacy_encodings) == 1 and pending:
        encoding = next(iter(sheet.legacy_encodings))
        for r, c in pending:
            converted = legacy_to_unicode(sheet.rows[r][c], encoding)
            if converted != sheet.rows[r][c]:
                sheet.rows[r][c] = converted
                sheet.legacy_cells += 1


_CP1252_EXTRA = set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")


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
    total_rows: list[int] = field(default_factory=list)  # "Tổng cộng" rows skipped

    def col_of(self, key: str) -> int | None:
        return next((h.col for h in self.headers if h.key == key), None)


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


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
    for r in range(limit):
        single = _header_cells(sheet.rows[r], None, match_header)
        score = len({h.key for h in single if h.key})
        if score and (best is None or score > best[0]):
            best = (score, r, single)
        if r + 1 < len(sheet.rows):
            upper = _fill_merged(sheet, r)
            pair = _header_cells(sheet.rows[r + 1], upper, match_header)
            pair_score = len({h.key for h in pair if h.key})
            if pair_score and (best is None or pair_score > best[0]):
                best = (pair_score, r + 1, pair)
    if best is None:
        return None
    _, last, headers = best
    start = last + 1
    numbering_row = None
    if start < len(sheet.rows) and _is_numbering(sheet.rows[start]):
        numbering_row = start + 1
        start += 1
    rows: list[tuple[int, list[object]]] = []
    totals: list[int] = []
    for r in range(start, len(sheet.rows)):
        values = sheet.rows[r]
        if all(is_blank(v) for v in values):
            continue
        if _is_total(values):
            totals.append(r + 1)
            continue
        rows.append((r + 1, values))
    return Table(sheet.name, last + 1, headers, rows, numbering_row, totals)


def _header_cells(row: list[object], upper: list[object] | None, match_header) -> list[HeaderCell]:
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
        if upper is not None and not lower and not key:
            continue  # an upper title cell over several columns, not a header of its own
        cells.append(HeaderCell(c + 1, text, key))
    return cells


_NUMBERING = re.compile(r"^\(?([0-9]{1,2}|[a-z])\)?$")


def _is_numbering(values: list[object]) -> bool:
    """A row like 1, 2, 3 ... or (1), (2) ... or A, B, C under the headers."""
    cells = [v for v in values if not is_blank(v)]
    if len(cells) < 2:
        return False
    numbers: list[int] = []
    for v in cells:
        if isinstance(v, (int, float)) and float(v).is_integer():
            numbers.append(int(v))
            continue
        m = _NUMBERING.match(fold(v))
        if not m:
            return False
        token = m.group(1)
        numbers.append(int(token) if token.isdigit() else ord(token) - 96)
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers) and numbers[0] <= 2


_TOTAL = {"tong cong", "tong so", "cong", "tong", "tong cong:", "cong:"}


def _is_total(values: list[object]) -> bool:
    texts = [fold(v) for v in values if isinstance(v, str) and v.strip()]
    return bool(texts) and texts[0].rstrip(":") in _TOTAL
