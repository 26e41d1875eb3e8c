"""Check a unit's return against contract §1 and turn it into typed rows.

``validate_workbook`` never raises for bad input: it returns a ``ParsedReturn`` whose ``findings``
list every broken rule at once (sheet, Excel cell, value, Vietnamese message, severity). Only a
return without errors reaches the loader.
"""

from __future__ import annotations

import gc
import hashlib
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from operator import itemgetter

from etl.catalog import ABBREVIATIONS, Catalog, Column, SheetSpec, default_catalog, loose_key
from etl.cells import CellError, format_date, parse_date, parse_int, parse_number
from etl.deadlines import RuleSet
from etl.errors import UnreadableFile
from etl.findings import ERROR, WARNING, Finding, cell_ref, show_value
from etl.holidays import WorkCalendar
from etl.periods import Period, PeriodError, cumulative_alternative, cumulative_words, parse_period
from etl.reader import (
    FOOTNOTE_MARKS,
    PLACE_AND_DATE,
    ExcelError,
    RawSheet,
    RawWorkbook,
    Table,
    UncachedFormula,
    find_table,
    has_comments,
    is_blank,
    percent_text,
    read_workbook,
)
from etl.text import case_keys, clean, fold, fold_key, model_key, repair, strip_diacritics

EARLIEST = date(2000, 1, 1)
# Dates that may lie after the upload day: a case's deadline, a model's planned start and end.
FUTURE_DATES = frozenset({"due_date_given", "start_date", "end_date"})
# The largest whole number a column takes (database INTEGER); days of extension: a year at most
# (Luật Tố cáo 2018, Điều 30: at most twice 30 days).
MAX_WHOLE = {"": 2_147_483_647, "extension_days": 365}


def format_whole(number: int) -> str:
    """1234567 -> '1.234.567'."""
    return f"{number:,}".replace(",", ".")

# The date that places a list's row in a period: after the period's end, it belongs to a later one.
# Lists of what happens in the period (a case may be carried over from before it, a model registered then)
_HELD_IN_PERIOD = {"reception", "training", "dissemination"}
_ENTRY_DATES = {"petitions": "received_date", "reception": "session_date", "models": "registered_date",
                "training": "course_date", "dissemination": "activity_date"}
# Choices an office writes inside a longer text, an official's name with the role: "Đ/c Trần Văn A -
# Phó Giám đốc Sở" is the role (the name is not kept); two roles named apart stay an error.
ROLE_IN_TEXT = {"host_role"}
# A chair who heads a centre, a board or a section ("Giám đốc Trung tâm", "PGĐ Ban QLDA", "Trưởng ban",
# "Hạt trưởng"), in ``loose_key`` form: the unit's own leadership, not the department's.
_UNIT_HEAD = re.compile(r" (?:giam doc|truong ban|pho truong ban) (?:trung tam|tt|ttdk|ban|bql|bqlda|doan|hat|cong ty"
                        r"|don vi|chi cuc)\b| (?:truong ban|hat truong|doan truong|pho hat truong|pho doan truong) ")
# units whose own head is titled Giám đốc: there a bare "Giám đốc" may be theirs
_HEADED_BY_DIRECTOR = re.compile(r"(trung tam|ban quan ly)\b")
CLOSED_STATUSES = {"da_giai_quyet", "da_chuyen_don", "da_huong_dan", "rut_don", "dinh_chi"}
OPEN_STATUSES = {"chua_xu_ly", "dang_giai_quyet"}

TYPE_HINT = {
    "date": "Hãy nhập ngày dạng dd/mm/yyyy, ví dụ 15/01/2025.",
    "int": "Hãy nhập số nguyên không âm, ví dụ 12 (không ghi chữ, không ghi số thập phân).",
    "number": "Hãy nhập một số, ví dụ 12 hoặc 12,5.",
}

# Free text must not carry a citizen's contact details or ID (domain.md, confidentiality).
_PII_PATTERNS = [
    # e-mail, also written "(at)" or without its domain's ending; a social network's address
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|[\w.+-]+\s*[(\[]at[)\]]\s*[\w-]+(?:\.[\w-]+)+|[\w.+-]+@[\w-]+"
               r"|(?i:(?:facebook|fb|zalo)\.(?:com|me)/\S+)"),
    # a phone number in brackets of its own, "(0987654321)": masked with them, no stray ')' left
    re.compile(r"\((?:\+?84|0)(?:[\s.-]{0,2}\d){9,10}\s*\)"),
    # phone numbers: mobile 0912 345 678, +84 912…, landline (0213) 3876543 / 0213.3876.543
    re.compile(r"(?<!\d)\(?(?:\+?84|0)(?:[\s.()\-–]{0,2}\d){9,10}(?!\d)"),
    # CMND (9) / CCCD (12), not an amount of money ("125000000 đồng", "125000000đ", "...VNĐ")
    re.compile(r"(?<!\d)(?:\d{9}|\d{12})(?!\d)(?!\s*(?i:đồng|đ\b|vnđ|vnd|dong\b))"),
    # CCCD in groups: 035 123 456 789, 035.123.456.789 (not part of an amount: 1.200.000.000.000 đồng)
    re.compile(r"(?<![\d.,])\d{3}(?:[\s.]\d{3}){3}(?![\d.,])(?!\s*(?i:đồng|đ\b|vnđ|vnd|dong\b))"),
    # CCCD (12 digits) in any other groups: 0123 4567 8901, 012-345-678-901; CMND (9) with dashes or
    # spaces: 123-456-789 (with dots it reads as an amount: 100.000.000)
    re.compile(r"(?<![\d.,])\d(?:[\s.-]?\d){11}(?![\d.,])(?!\s*(?i:đồng|đ\b|vnđ|vnd|dong\b))"),
    re.compile(r"(?<![\d.,])\d{3}([\s-])\d{3}\1\d{3}(?![\d.,])(?!\s*(?i:đồng|đ\b|vnđ|vnd|dong\b))"),
]
# An ID, an account or a network's user after the word that names it, whatever its grouping: "CMND số
# 040.123.456", "Hộ chiếu C1234567", "STK 0123456789012", "MST cá nhân 8012345678", "Zalo: SungPao88"
_ID_AFTER_NAME = re.compile(
    r"((?i:cmnd|cccd|căn cước|hộ chiếu|stk|số tài khoản|mst cá nhân|mã số thuế cá nhân)(?:\s+(?i:số))?\s*:?\s*)"
    r"([A-Z]?\d(?:[\s.\-]?\d){5,18})(?!\d)"
    r"|((?i:zalo|facebook|gmail|nick zalo|nick)\s*:\s*)([^\s,;]+)")
MASK = "[đã ẩn]"
# How offices write "none" in a count they may leave blank (folded: every dash is '-').
_NONE_WRITTEN = frozenset({"-", "--", "---", "khong", "khong co"})
# Free-text columns where a citizen's name is masked too (names of models, courses and officials stay).
NAME_MASKED = frozenset({"summary", "note", "highlights", "field", "content"})
# cheap pre-check before the patterns: every match holds 7 digits in a row, two digits apart by one or
# two separators, or an @ (\d is any digit, full-width ones included)
_MAY_HOLD_PII = re.compile(r"\d(?:\d{6}|[\s.()\-–]{1,2}\d)|@|\(at\)|\[at\]|(?i:zalo|facebook|gmail|fb\.com)")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


# A citizen's day or year of birth ("sinh năm 1975", "SN 1980", "ngày sinh 12/3/1980") and a vehicle's
# plate ("biển số 25A-123.45", "BKS: 25H1 - 12345", or written in that strict form alone).
_BIRTH = re.compile(r"(?<![^\W\d_])((?i:sinh năm|năm sinh|sn|s\.n|ns|ngày sinh|sinh ngày)\s*:?\s*)"
                    r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|(?:19|20)\d{2})(?!\d)"
                    r"|(?<=\[đã ẩn\] )(\()((?:19|20)\d{2})\)")  # "[đã ẩn] (1975) khiếu nại"
_PLATE = re.compile(r"((?i:biển số|biển kiểm soát|bks|bs)\s*:?\s*)(\d{2}\s*[A-Z]{1,2}\d{0,2}\s*[-.]?\s*\d{3,5}(?:[.\s]?\d{2})?)(?!\w)"
                    r"|(?<![\w.])()(\d{2}[A-Z]{1,2}\d?-\d{3}\.\d{2})(?!\w)")
_MAY_HOLD_IDENTITY = re.compile(r"(?i:sinh|sn|s\.n|ns\b)|\d{2}[A-Z]|\((?:19|20)\d{2}\)")


def _mask_identity(text: str) -> str:
    """``text`` with a day of birth and a vehicle's plate masked, the words before them kept."""
    if not _MAY_HOLD_IDENTITY.search(text):
        return text
    text = _BIRTH.sub(lambda m: m.group(1) + MASK if m.group(1) is not None else f"({MASK})", text)
    return _PLATE.sub(lambda m: (m.group(1) or m.group(3) or "") + MASK, text)


def _mask_personal(text: str, names: bool = False) -> str:
    """Text with phone numbers, e-mails and ID numbers replaced by ``[đã ẩn]`` (full-width digits
    count as digits), and with ``names`` a citizen's name too (see ``_mask_names``); text with none
    of them is returned as it is."""
    if names and _MAY_HOLD_NAME.search(text):
        text = _mask_names(text)
    if names:  # before the residence: "SN 1980" is a year of birth, not a house's number
        text = _mask_identity(text)
    if names and _MAY_HOLD_RESIDENCE.search(text):
        text = _mask_residence(text)
    if not _MAY_HOLD_PII.search(text):
        return text
    plain = text.translate(_FULL_WIDTH_DIGITS)  # ０９１２… typed with a Vietnamese input method's full width
    masked = plain
    masked = _ID_AFTER_NAME.sub(lambda m: (m.group(1) or m.group(3)) + MASK, masked)
    for pattern in _PII_PATTERNS:
        masked = pattern.sub(MASK, masked)
    return text if masked == plain else masked


# A citizen's name in free text (a case's summary, a note):
# - after a form of address ("Tiếp ông Lò Văn Pành", "đơn của bà Hoa");
# - a surname, then Văn or Thị, or the Mông middle names A and Seo ("Nguyễn Thị Hoa", "Giàng A Sử");
# - a surname and one to three more capitalised words, where what follows or comes before says a
#   person: before a citizen's verb ("Nguyễn Hoàng Long khiếu nại"), after "đơn của" or "hộ gia đình".
# Officials' titles after the form of address ("ông Chủ tịch UBND xã"), Hồ Chí Minh / Bác Hồ, and
# places or firms named like people ("huyện Sìn Hồ kiến nghị", "Công ty TNHH Hoàng Long đề nghị") stay.
_CAPITALS = "".join(ch for ch in map(chr, range(0x41, 0x1F00))
                    if ch.isupper() and ch.isalpha() and (ch < "\u0250" or ch >= "\u1E00"))
_NAME_WORD = f"[{_CAPITALS}][^\\W\\d_]*"
_ADDRESS = "ông|bà|anh|chị|cụ|chú|cô|bác|cháu|em|công dân|hộ"
_SURNAMES = ("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Lò Lường Tòng Quàng Hà Đinh "
             "Lương Giàng Sùng Vàng Thào Tẩn Phàn Chảo Lù Mùa Hờ Lầu Cứ Chang Pờ Sìn Lỳ Khoàng Điêu Kha Cầm Tao "
             "Mào Vì Lèo Trịnh Đào Mai Cao Tạ Kiều Tô Hứa Chu Lại Lâm Phùng Triệu Nông La Tăng Đàm Bế Hầu Mã Thái "
             "Doãn Lục Trương Đoàn Vương Châu Lưu Khổng Quan Tống Lã Lữ Mạc Thân Ninh Kim Lèng "
             "Vừ Hảng Tráng Bàn Đèo Chẻo Sần Hạng Khang Sình Lồ").split()
_SURNAME = f"(?<![^\\W\\d_])(?:{'|'.join(_SURNAMES)})"
_MIDDLE = "Văn|Thị|A|Seo|Mý|Mí|Láo|Gơ|Chá|Páo|Phì|Chứ"  # Kinh and Thái; Mông, Dao, Hà Nhì
_CITIZEN_VERBS = "khiếu nại|tố cáo|kiến nghị|phản ánh|đề nghị|trình bày|gửi đơn|có đơn|yêu cầu"
_NAME_AFTER_ADDRESS = re.compile(
    f"(?<![^\\W\\d_])((?i:{_ADDRESS}))(\\s+)({_NAME_WORD}(?:\\s+{_NAME_WORD}){{0,3}})")
_NAME_WITH_MIDDLE = re.compile(
    f"{_SURNAME}\\s+(?:{_MIDDLE})\\s+{_NAME_WORD}(?:\\s+{_NAME_WORD})?(?![^\\W\\d_])")
_NAME_BY_CONTEXT = re.compile(
    f"({_SURNAME}(?:\\s+{_NAME_WORD}){{1,3}})(?![^\\W\\d_])(\\s*,?\\s+(?i:{_CITIZEN_VERBS})(?![^\\W\\d_]))?")
# the same name in capitals ("NGUYỄN VĂN AN") or typed without diacritics ("Nguyen Van An")
_UPPER_WORD = f"[{_CAPITALS}]+"
# A name after the label or the words that say whose it is: "Họ tên: Bùi Quang Hải", "Người tố cáo:
# Đỗ Quang Vinh", "NKN: Lý Quốc Bảo", "Tố cáo của Trần Đức Minh": any capitalised words, no surname
# needed (a denouncer's name above all: Luật Tố cáo Điều 47).
_PERSON_LABEL = ("họ và tên|họ tên|người khiếu nại|người tố cáo|người kiến nghị|người phản ánh|người đứng đơn"
                 "|người gửi đơn|người gửi|người bị tố cáo|người bị khiếu nại|người đại diện|nkn|ntc"
                 "|khiếu nại của|tố cáo của|kiến nghị của|phản ánh của|đề nghị của|yêu cầu của")
_NAME_AFTER_LABEL = re.compile(
    f"(?<![^\\W\\d_])((?i:{_PERSON_LABEL})(?:\\s*[:\\-–]\\s*|\\s+))({_NAME_WORD}(?:\\s+{_NAME_WORD}){{0,4}})")
# A name after a label and a colon, a few small words between ("Người KN: Chảo Mý Mẩy", "Họ tên chủ
# hộ: Tẩn Láo Lở", "Người phản ánh qua đường dây nóng: …", "Bà: …"), or a dash ("Tên chủ hộ - Giàng Sử")
_LOWERS = "".join(ch for ch in map(chr, range(0x61, 0x1F00)) if ch.islower() and ch.isalpha())
_COLON_LABEL = (f"{_PERSON_LABEL}|người|tên chủ hộ|chủ hộ|đương sự|đại diện|công dân|ông\\s*\\(bà\\)|ông/bà|ông|bà"
                "|anh|chị|cháu|cụ|hộ")
_NAME_AFTER_COLON = re.compile(
    f"(?<![^\\W\\d_])((?i:{_COLON_LABEL})(?:\\s+(?:[{_LOWERS}]+|[{_CAPITALS}]{{2,3}})){{0,5}}?\\s*:\\s*"
    f"|(?i:{_COLON_LABEL})\\s*[-–]\\s*)({_NAME_WORD}(?:\\s+{_NAME_WORD}){{0,4}})(?![/\\w])")
# a name after the word for a kinsman or a family ("Vợ là Chảo Mý Mẩy", "Gia đình Tẩn Láo Lở", "do Lò Pành")
_NAME_AFTER_KIN = re.compile(
    "(?<![^\\W\\d_])((?i:vợ|chồng|con trai|con gái|con|mẹ đẻ|bố đẻ|mẹ|bố|cha|gia đình|do|giữa|fb|facebook|zalo)"
    f"(?:\\s*:)?(?:\\s+là)?\\s+)({_SURNAME}(?:\\s+{_NAME_WORD}){{1,3}})(?![^\\W\\d_])")
# a name after a masked one in a list: "[đã ẩn], Vàng Dơ", "[đã ẩn] và Pờ Gơ Xá", "[đã ẩn] - Chảo Mý Mẩy"
_NAME_IN_LIST = re.compile(f"(?<=\\[đã ẩn\\])(\\s*(?:,|;|-|–|và)\\s*){_SURNAME}(?:\\s+{_NAME_WORD}){{1,2}}(?![^\\W\\d_])")
# "Ô. Nguyễn Khắc Tùng", "B. Lò Thị Mai", as notes shorten the form of address: capitals and a
# surname after them ("100 ô. Hãy xoá ...": the cells of a message are no person)
_NAME_AFTER_INITIAL = re.compile(f"(?<![^\\W\\d_])([ÔBAC]\\.\\s*)({_SURNAME}(?:\\s+{_NAME_WORD}){{1,3}})")
_NAME_IN_CAPITALS = re.compile(
    f"(?<![^\\W\\d_])(?:{'|'.join(s.upper() for s in _SURNAMES)})\\s+(?:{_MIDDLE.upper()})\\s+{_UPPER_WORD}"
    f"(?:\\s+{_UPPER_WORD})?(?![^\\W\\d_])")
_PLAIN_SURNAMES = sorted({strip_diacritics(s) for s in _SURNAMES}, key=len, reverse=True)
_NAME_WITHOUT_MARKS = re.compile(
    f"(?<![^\\W\\d_])(?:{'|'.join(_PLAIN_SURNAMES)})\\s+(?:Van|Thi|A|Seo)\\s+[A-Z][a-z]*(?:\\s+[A-Z][a-z]*)?"
    "(?![^\\W\\d_])")
_SPACE = re.compile(r"\s")  # what each alternative of _MAY_HOLD_NAME holds
_MAY_HOLD_NAME = re.compile(
    f"(?i:{_ADDRESS})\\s+[{_CAPITALS}]|(?i:{_MIDDLE}|Van|Thi)\\s+[{_CAPITALS}]"
    f"|(?i:{_CITIZEN_VERBS}|đơn của|thư của|hộ gia đình|{_PERSON_LABEL})|[ÔBAC]\\.\\s*[{_CAPITALS}]"
    f"|:\\s*[{_CAPITALS}]|[-–]\\s*[{_CAPITALS}]|(?i:vợ|chồng|con|mẹ|bố|cha|gia đình|do|giữa|fb|facebook|zalo)\\s")
# the first word of an official's title, or of a place, after a form of address: not a name
_TITLE_WORDS = frozenset(
    "giám phó chủ trưởng bí tổng chánh cán thanh đội tổ hội đại bộ sở ủy uỷ ban phòng nhà trung xã thôn bản "
    "huyện tỉnh thành phường công viện kiểm".split())
# provinces and districts that read as a surname and a name ("Sìn Hồ kiến nghị")
_PLACES_LIKE_NAMES = frozenset(("Hà Nội", "Hà Giang", "Hà Nam", "Hà Tĩnh", "Cao Bằng", "Lâm Đồng", "Thái Bình",
                                "Thái Nguyên", "Sìn Hồ", "Hồ Thầu", "Hoàng Thèn", "Khổng Lào", "Vàng San",
                                "Vàng Ma Chải", "Hoàng Liên", "Hà Nhì", "La Hủ", "Thái Đen", "Thái Trắng"))
# peoples of the province: "20 hộ Mông", "đồng bào Hà Nhì" are no person
_ETHNIC_WORDS = frozenset("Mông Dao Thái Hà La Giáy Lự Kháng Khơ Cống Mảng Si Kinh Tày Nùng Hoa Lào".split())
_NOT_HOUSEHOLD = frozenset("ủng phòng cứu bảo giúp".split())  # "ủng hộ", "phòng hộ": not a household
# the word before a name that makes it a namesake school ("Trường THCS Lê Văn Tám")
_SCHOOL_WORDS = frozenset(("thcs", "thpt", "ptdtbt", "ptdtnt", "th"))
# words that end a name written after a form of address
_AFTER_A_NAME = _TITLE_WORDS | frozenset(("sn", "ubnd", "hđnd", "trú", "khiếu", "tố", "kiến", "phản", "đề", "trình",
                                          "gửi", "có", "yêu", "ở", "tại", "sinh"))
# the word before a capitalised name that makes it a place, a road or a firm ("huyện Sìn Hồ")
_PLACE_WORDS = _TITLE_WORDS | frozenset(
    "đường phố quốc lộ tỉnh lộ trấn thị khu ty tnhh hợp tác xã cầu dự án bến trường chợ suối đèo mường".split())


# the first word after "kiến nghị của", "Người đại diện:" ... that makes it a body, not a person
_NOT_A_PERSON = _PLACE_WORDS | frozenset(
    "ubnd hđnd mttq ủy uỷ đảng đoàn cử nhân các tập đại chi hội bộ sở ban mặt trung tòa toà cục văn điện kho "
    "bảo ngân cảnh quân doanh hợp liên hạt trạm bệnh báo đài cơ tổ".split())


def _mask_names(text: str) -> str:
    """``text`` with a citizen's name masked, the form of address kept: 'Tiếp ông [đã ẩn]'."""
    def after_address(m: re.Match) -> str:
        name = m.group(3)
        if name.split()[0].casefold() in _TITLE_WORDS or name == "Hồ" or name.startswith("Hồ Chí Minh"):
            return m.group(0)
        before = m.string[:m.start()].split()
        if m.group(1).casefold() == "hộ" and (before and (before[-1].casefold() in _NOT_HOUSEHOLD
                                                            or before[-1].isdigit())
                                             or name.split()[0] in _ETHNIC_WORDS):
            return m.group(0)  # "ủng hộ Quỹ …", "rừng phòng hộ Sìn Hồ", "20 hộ Mông nghèo"
        if before and before[-1].casefold() in _PLACE_WORDS:
            return m.group(0)  # "phố Bà Triệu"
        words = name.split()
        # the name ends before a title, a body, "SN" or a verb that the capitals ran into
        # ("ông Pành Chủ tịch Hội …", "Ông Tẩn Láo Lở UBND xã …", "ÔNG TẨN LÁO LỞ KHIẾU NẠI")
        end = next((i for i, w in enumerate(words) if i and w.casefold() in _AFTER_A_NAME), len(words))
        rest = name[len(" ".join(words[:end])):] if end < len(words) else ""
        return f"{m.group(1)}{m.group(2)}{MASK}{rest}"

    def by_context(m: re.Match) -> str:
        before = m.string[:m.start()].rstrip()
        said = before.casefold().endswith(("đơn của", "thư của", "hộ gia đình"))
        name = m.group(1)
        if not (said or m.group(2)) or name in _PLACES_LIKE_NAMES or name.startswith("Hồ Chí Minh"):
            return m.group(0)
        previous = before.split()[-1] if before.split() else ""
        if not said and previous and (previous[0].isupper() or previous.casefold() in _PLACE_WORDS):
            return m.group(0)  # part of a longer proper name, or a place or firm
        return MASK + (m.group(2) or "")

    def after_label(m: re.Match) -> str:
        first = m.group(2).split()[0].casefold()
        if first in _NOT_A_PERSON or m.group(2) in _PLACES_LIKE_NAMES:
            return m.group(0)  # "kiến nghị của UBND xã", "phản ánh của Công ty ..."
        return m.group(1) + MASK

    def with_middle(m: re.Match) -> str:
        before = m.string[:m.start()].split()
        if before and before[-1].casefold() in _PLACE_WORDS | _SCHOOL_WORDS:
            return m.group(0)  # "đường Nguyễn Văn Linh", "Trường THCS Lê Văn Tám" (an official stays masked)
        return MASK

    text = _NAME_AFTER_COLON.sub(after_label, _NAME_AFTER_LABEL.sub(after_label, text))
    text = _NAME_AFTER_INITIAL.sub(lambda m: m.group(1) + MASK, _NAME_AFTER_KIN.sub(after_label, text))
    text = _NAME_WITH_MIDDLE.sub(with_middle, _NAME_AFTER_ADDRESS.sub(after_address, text))
    text = _NAME_WITHOUT_MARKS.sub(MASK, _NAME_IN_CAPITALS.sub(MASK, text))
    text = _NAME_BY_CONTEXT.sub(by_context, text)
    for _ in range(8):  # the next names of a list ("… : [đã ẩn], Vàng Dơ, Thào Mỷ", "[đã ẩn] và Pờ Gơ Xá")
        listed = _NAME_IN_LIST.sub(lambda m: m.group(1) + MASK, text)
        if listed == text:
            break
        text = listed
    return text


# Where a citizen lives, after the words that say so ("trú tại bản Nà Luồng, xã Bình Lư", "địa chỉ:
# tổ 5, phường Tân Phong"): the place is masked up to the end of the clause, the words kept.
# where a clause ends: a stop, a bracket, the end, or the words that go on to what the case is about
_CLAUSE_END = (r"(?=\s*(?:[.;()\n]|$| (?i:khiếu nại|tố cáo|kiến nghị|phản ánh|đề nghị|về việc|với nội dung)\b))")
_RESIDENCE = re.compile(r"(?<![^\W\d_])(?<!lưu )(?<!Lưu )((?i:thường trú|tạm trú|cư trú|trú|địa chỉ|nơi ở|quê quán)"
                        r"(?:\s+(?i:tại|ở))?\s*:?\s+)"
                        r"((?:(?i:bản|xã|thôn|tổ|xóm|làng|khu|khối|phường|thị trấn|huyện|tỉnh|thành phố|số|đường|phố)\b"
                        f"|[{_CAPITALS}])"
                        r"[^.;()\n]{0,80}?)" + _CLAUSE_END)
# a house's number and what follows it in the clause: "số nhà 25 tổ 7 phường Đông Phong" (no "trú" needed)
_HOUSE = re.compile(r"(?<![^\W\d_])((?i:số nhà|nhà số|sn(?!\s*:?\s*(?:19|20)\d\d(?!\d)))\s*:?\s*)(\d+[^.;()\n]{0,80}?)" + _CLAUSE_END)
# Where a citizen lives written as a chain of its parts ("bản Nà Luồng, xã Bình Lư, huyện Tam Đường",
# "tổ 7 phường Đông Phong"): after a masked name ("[đã ẩn], bản …", "[đã ẩn] (bản …)", "[đã ẩn] ở bản …")
# or the words that say so ("Quê:", "HKTT:", "ĐC:", "trú tại"); masked to where the chain ends, so that
# what follows ("là hộ nghèo") stays, however long the address.
_ADDRESS_PART = (r"(?i:bản|thôn|xóm|tổ dân phố|tổ|khu|khối|số nhà|số|đường|phố|xã|phường|thị trấn|huyện|tỉnh|tp\.?"
                 f"|thành phố)\\s+(?:\\d+[^\\W_]*(?:/\\d+)?|{_NAME_WORD}(?:\\s+{_NAME_WORD})*)")
_RESIDENCE_CHAIN = re.compile(
    f"((?:\\[đã ẩn\\](?:\\s*[,(\\-–]\\s*|\\s+(?:(?:nhà\\s+)?ở|sống\\s+(?:tại|ở)|tại)\\s+(?:cuối\\s+|đầu\\s+)?)"
    r"|(?<![^\W\d_])(?i:quê(?: quán)?|hktt|đc|nơi cư trú(?: hiện nay)?|nơi ở(?: hiện nay)?|địa chỉ"
    r"|(?:thường |tạm )?trú(?: tại| ở)?|cư trú(?: tại| ở)?)\s*:?\s*))"
    f"({_ADDRESS_PART}(?:\\s*,\\s*{_ADDRESS_PART}|\\s+{_ADDRESS_PART})*)")
_MAY_HOLD_RESIDENCE = re.compile(r"(?i:trú|địa chỉ|nơi ở|quê|hktt|đc\b|số nhà|nhà số|sn\s*:?\s*\d|đã ẩn)")


def _mask_residence(text: str) -> str:
    """``text`` with the place a citizen lives masked, the words that say so kept: 'trú tại [đã ẩn]',
    'số nhà [đã ẩn]'."""
    text = _RESIDENCE_CHAIN.sub(lambda m: m.group(1) + MASK, text)
    return _HOUSE.sub(lambda m: m.group(1) + MASK, _RESIDENCE.sub(lambda m: m.group(1) + MASK, text))


# A cell holding nothing but a citizen's name ("Đỗ Quang Vinh": no middle name, no verb to say a
# person) or a place of residence ("Bản Nà Tăm, xã Bản Hon": a bản, thôn or tổ, then its commune),
# as a value quoted back by a message: typed into the wrong column, it is no label of the list.
_BARE_NAME = re.compile(f"{_SURNAME}(?:\\s+{_NAME_WORD}){{1,3}}")
_BARE_RESIDENCE = re.compile(r"(?i:bản|thôn|xóm|tổ|khu|khối|số nhà)\s+\S.{0,40}?,?\s+(?i:xã|phường|thị trấn)\s+"
                             f"[{_CAPITALS}]")


def _quoted_personal(value: str) -> bool:
    if value in _PLACES_LIKE_NAMES:
        return False
    return bool(_BARE_NAME.fullmatch(value) or _BARE_RESIDENCE.match(value))


# A formula's text literals ("Nguyễn Văn A") are the one place it can hold free text.
_FORMULA_TEXT = re.compile(r'"(?:[^"]|"")*"')


def _formula_shown(formula: str) -> str:
    """A formula as quoted in a message: its text literals left out and any phone, e-mail or ID
    number in the rest masked, like a text cell's value, and cut when long."""
    return _mask_personal(show_value(_FORMULA_TEXT.sub('"…"', formula)))


@dataclass
class ParsedReturn:
    file_name: str
    sha256: str
    size: int
    format: str = ""
    unit_code: str | None = None
    unit_name: str | None = None
    period: Period | None = None
    info: dict[str, object] = field(default_factory=dict)
    rows: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    sheet_names: dict[str, str] = field(default_factory=dict)  # spec key -> name in the file
    columns: dict[str, dict[str, int]] = field(default_factory=dict)  # spec key -> column key -> col
    dropped_columns: list[tuple[str, str]] = field(default_factory=list)  # (sheet, header)
    # Sheets the return does not read (unknown, or a second sheet for the same part): left out of
    # the stored copy, since nothing checked them for personal data.
    unstored_sheets: list[str] = field(default_factory=list)
    comments: bool = False  # cell comments: never read, left out of the stored copy
    # Cells of the Thông tin sheet that are no label or value (column C onwards): (sheet, row, col), 1-based,
    # left out of the stored copy.
    unread_cells: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        held = self._held
        return {key: len(held[key]) if key in held else len(rows) for key, rows in self.__dict__["_rows"].items()}

    # ``rows`` is a property (set below): a big sheet's rows are held as the validator's columns
    # (``self._held``: sheet key -> _HeldRows) and turned into row dicts only when someone reads
    # ``rows``; the loader stores the columns.

    def _put(self, key: str, rows: list[dict[str, object]] | _HeldRows) -> None:
        """Set a sheet's rows (validator only) without building the row dicts of a held sheet."""
        self.__dict__["_rows"][key] = [] if isinstance(rows, _HeldRows) else rows  # keeps the sheet order
        if isinstance(rows, _HeldRows):
            self._held[key] = rows
        else:
            self._held.pop(key, None)

    def _columns_of(self, key: str, keys: tuple[str, ...]) -> dict[str, list[object]]:
        """The columns ``keys`` of a sheet's rows, None where a row lacks a key; {} for no rows.
        A held sheet gives its own lists (read-only), without building its row dicts."""
        held = self._held.get(key)
        if held is not None:
            return held.take(keys)
        return _take(self.__dict__["_rows"].get(key, []), keys)


class _HeldRows:
    """A sheet's rows as columns: ``keys``, one list per key, and the keys some rows lack."""

    __slots__ = ("absent", "columns", "keys")

    def __init__(self, keys: list[str], columns: list[list[object]], absent: list[tuple[int, tuple[str, ...]]]) -> None:
        self.keys, self.columns, self.absent = keys, columns, absent

    def __len__(self) -> int:
        return len(self.columns[0])

    def rows(self) -> list[dict[str, object]]:
        rows = _dicts(self.keys, self.columns)
        for i, keys in self.absent:
            for key in keys:
                del rows[i][key]
        return rows

    def take(self, keys: tuple[str, ...]) -> dict[str, list[object]]:
        mine = dict(zip(self.keys, self.columns))
        n = len(self)
        return {key: mine[key] if key in mine else [None] * n for key in keys}


_BUILDING = threading.Lock()  # one thread builds a held sheet's row dicts


def _get_rows(self: ParsedReturn) -> dict[str, list[dict[str, object]]]:
    rows = self.__dict__["_rows"]
    if self._held:
        with _BUILDING:
            for key, held in list(self._held.items()):
                rows[key] = held.rows()
                del self._held[key]
    return rows


def _set_rows(self: ParsedReturn, rows: dict[str, list[dict[str, object]]]) -> None:
    self.__dict__["_rows"] = rows
    self.__dict__["_held"] = {}


# After @dataclass: ``rows`` stays a field (constructor, ==, repr) and every read of it gives
# plain lists of row dicts, built on the first read from the columns a sheet is held as.
ParsedReturn.rows = property(_get_rows, _set_rows)  # type: ignore[assignment]


def _take(rows: list[dict[str, object]], keys: tuple[str, ...]) -> dict[str, list[object]]:
    """The columns ``keys`` of row dicts (None where a row lacks a key), in one pass over the rows."""
    if not rows:
        return {}
    try:
        values = list(map(itemgetter(*keys), rows))  # validated rows hold every key: one C call per row
    except KeyError:
        values = [tuple(map(row.get, keys)) for row in rows]
    return dict(zip(keys, map(list, zip(*values))))


class _Context:
    """Collects findings for one workbook."""

    def __init__(self, result: ParsedReturn) -> None:
        self.result = result

    def add(self, severity: str, rule: str, message: str, sheet: str = "", row: int | None = None,
            col: int | None = None, value: object = "") -> None:
        # A value quoted in a message may be a citizen's phone, e-mail or ID number typed into the
        # wrong cell (a date, a choice), or a name: shown masked, as a note's value is stored.
        shown = show_value(value) if value != "" else ""
        if shown and _quoted_personal(shown):  # a bare name or an address typed into a choice or a date
            message, shown = message.replace(f"'{shown}'", f"'{MASK}'"), MASK
        shown = _mask_personal(shown, names=True)
        self.result.findings.append(Finding(severity, rule, _mask_personal(message, names=True), sheet, row, col, shown))

    def error(self, *args, **kwargs) -> None:
        self.add(ERROR, *args, **kwargs)

    def warning(self, *args, **kwargs) -> None:
        self.add(WARNING, *args, **kwargs)

    def has_error_at(self, sheet: str, row: int, col: int | None) -> bool:
        """Whether a cell already has an error (a value that could not be read): a rule that would
        call it missing says nothing more."""
        return col is not None and any(
            f.severity == ERROR and (f.sheet, f.row, f.col) == (sheet, row, col) for f in self.result.findings)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a return is read, checked or stored.

    A 100,000-row return allocates millions of lists, tuples and dicts, none of them in a
    reference cycle (reference counting frees them): the collector's passes over them cost
    10-15% of the time and free nothing. Nesting-safe: only a call that found it running
    restarts it.
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def validate_workbook(
    data: bytes,
    file_name: str,
    catalog: Catalog | None = None,
    today: date | None = None,
    calendar: WorkCalendar | None = None,
    rules: RuleSet | None = None,
) -> ParsedReturn:
    with paused_gc():
        return _validate(data, file_name, catalog, today, calendar, rules)


def _validate(data: bytes, file_name: str, catalog: Catalog | None, today: date | None,
              calendar: WorkCalendar | None, rules: RuleSet | None) -> ParsedReturn:
    catalog = catalog or default_catalog()
    today = today or date.today()
    result = ParsedReturn(file_name=file_name, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    ctx = _Context(result)
    try:
        book = read_workbook(data, file_name, catalog.vocabulary)
    except UnreadableFile as exc:
        ctx.error("file.unreadable", exc.message)
        return result
    result.format = book.format
    sheets = _match_sheets(book, catalog, ctx)
    if book.format == "xlsx" and has_comments(data):
        result.comments = True
        ctx.warning(
            "privacy.comments",
            "Tệp có ghi chú (comment) ở một số ô. Ghi chú không được đọc và không được lưu cùng tệp "
            "(tránh lưu thông tin cá nhân); nội dung cần báo cáo hãy ghi vào các cột của mẫu.",
        )
    if book.macros:
        ctx.warning(
            "file.macros",
            "Tệp có macro (VBA). Macro không bao giờ được chạy: chỉ giá trị các ô được đọc, và bản lưu là tệp "
            ".xlsx không có macro. Lần sau hãy lưu báo cáo dạng .xlsx.",
        )

    info_sheet = sheets.get("info")
    if info_sheet is None:
        ctx.error(
            "sheet.missing",
            "Thiếu trang 'Thông tin' (ghi Mã đơn vị và Kỳ báo cáo). "
            "Hãy dùng mẫu báo cáo của Văn phòng Sở, hoặc thêm trang 'Thông tin' rồi gửi lại.",
        )
    else:
        _read_info(info_sheet, catalog, ctx, today)

    year = result.period.year if result.period else today.year
    checker = _RowChecker(ctx, catalog, today)
    for spec in catalog.sheets:
        if spec.layout != "table":
            continue
        sheet = sheets.get(spec.key)
        if sheet is None:
            if spec.required:
                ctx.error(
                    "sheet.missing",
                    f"Thiếu trang '{spec.name}'. Hãy dùng mẫu báo cáo của Văn phòng Sở, "
                    f"hoặc thêm trang '{spec.name}' với đủ các cột rồi gửi lại.",
                )
            elif spec.is_list and not spec.optional:
                ctx.warning(
                    "sheet.missing_list",
                    f"Không có trang '{spec.name}': coi như kỳ này đơn vị không có gì để báo cáo ở mục này. "
                    f"Nếu có, hãy bổ sung trang '{spec.name}' và gửi lại.",
                )
            result._put(spec.key, [])
            continue
        table = _read_table(sheet, spec, catalog, ctx)
        if table is None:
            result._put(spec.key, [])
            continue
        if not sheet.visible and table.rows:
            # read as any other: the data is in the file. But nobody who opened it saw those rows.
            ctx.warning(
                "sheet.hidden",
                f"Trang '{sheet.name}' đang bị ẩn trong tệp nhưng vẫn được đọc và nạp "
                f"({format_whole(len(table.rows))} dòng). Nếu trang này không phải số liệu báo cáo kỳ này, hãy "
                "xoá trang rồi gửi lại.",
                sheet.name,
            )
        elif sheet.hidden_rows or sheet.hidden_cols:
            _hidden_told(sheet, table, ctx)
        if spec.key == "indicators" and sheet.percent_cells:
            _percent_as_shown(table, sheet, result.columns.get(spec.key, {}), catalog, year)
        if spec.key == "indicators":
            _plan_words_as_numbers(table, result.columns.get(spec.key, {}), catalog, year)
        keys, columns = checker.parse_columns(spec, table)
        checker.after_cutoff(spec, table.sheet, keys, columns)
        if spec.key == "petitions":
            result._put(spec.key, checker.petitions(
                table.sheet, keys, columns, calendar or _default_calendar(), rules or _default_rules()))
            checker.transferred_competence(table, keys, columns)
            checker.filed_without_date(table.sheet, keys, columns)
            continue
        rows = _dicts(keys, columns)
        result._put(spec.key, rows)
        checker.check_sheet(spec, table.sheet, rows, year, result)
    if result.period is not None and not result.errors and not any(result.counts().values()) and any(
            f.rule == "indicator.not_reported" and f.row for f in result.warnings):
        # the template as it was downloaded (its indicator rows there, every Thực hiện blank, no list
        # row): stored, it would supersede the unit's real return. A return owing no indicator (a
        # month's) with nothing to report stays valid.
        ctx.error(
            "return.no_data",
            "Báo cáo chưa có số liệu nào: các ô Thực hiện ở trang 'Chỉ tiêu' còn trống và các trang danh sách "
            "không có dòng nào. Có thể đây là mẫu chưa điền; hãy điền số liệu rồi gửi lại.",
        )
    _in_reading_order(result.findings, [sheet.name for sheet in book.sheets])
    return result


def _in_reading_order(findings: list[Finding], sheet_names: list[str]) -> None:
    """Sort the findings as whoever corrects the file reads it: the whole file's first, then sheet
    by sheet in the file's tab order, a sheet's own findings before its cells', then row by row and
    cell by cell. Findings at one cell keep the order of the checks (the sort is stable)."""
    rank = {name: i for i, name in enumerate(sheet_names)}
    findings.sort(key=lambda f: (rank.get(f.sheet, len(rank)) if f.sheet else -1, f.row or 0, f.col or 0))


# -- sheets and headers --------------------------------------------------------------------


# What offices append to a tab's name: the period ("Tiếp công dân Q1-2025", "Đơn thư quý I", "Dân vận khéo 2025").
_PERIOD_SUFFIX = re.compile(r"^[\s\-_.:,/]+(q\s*\d|quy\b|thang\b|nam\b|ky\b|\d)[\w\s\-_.:/,]*$")


def _with_period(name: str, names: dict[str, str]) -> str | None:
    """The sheet a folded tab name is, once a period written after it is set aside."""
    for known in sorted(names, key=len, reverse=True):
        if name.startswith(known) and _PERIOD_SUFFIX.match(name[len(known):]):
            return names[known]
    return None


# A tab's number in front of its name, folded: '3. ', 'Biểu 2 - ', 'Mẫu số 01 - ', 'PL1. ', 'II. '.
_SHEET_NUMBER = re.compile(
    r"^(?:(?:bieu|mau|phu luc|pl|bang|sheet)\s*(?:so\s*)?\d{0,3}[a-z]?\s*[-.:)_]*|\d{1,3}\s*[-.:)_]*"
    r"|[ivx]{1,4}\s*[-.:)_]+)\s*")


def _sheet_key(name: str, names: dict[str, str]) -> str | None:
    """The template sheet a tab is, by its name folded: as it is, without '(...)' after it, with a
    period after it ('Đơn thư quý I'), each also without a number in front ('3. Đơn thư', 'Biểu 2 -
    Tiếp công dân'); or typed in TCVN3/VNI."""
    folded = fold(name)
    spaced = " ".join(re.sub(r"[_.\-]+", " ", folded).split())  # 'Don_thu', 'Đơn-thư'
    for candidate in dict.fromkeys((folded, _SHEET_NUMBER.sub("", folded, count=1), spaced)):
        if not candidate:
            continue
        key = names.get(candidate) or names.get(re.sub(r"\s*\(.*\)$", "", candidate))
        if key is None and not name.isascii() and candidate == folded:
            key = names.get(fold(repair(name)[0]))  # a tab name typed in TCVN3/VNI
        key = key or _with_period(candidate, names)
        if key:
            return key
    return None


def _holds_list(sheet: RawSheet, spec: SheetSpec) -> bool:
    """Whether a list sheet has headers and at least one data row."""
    if spec.layout != "table":
        return False
    table = find_table(sheet, _header_matcher(spec))
    return table is not None and bool(table.rows)


def _only_headers(sheet: RawSheet, spec: SheetSpec) -> bool:
    """Whether a list sheet holds its headers and no data row (a tab left empty beside its copy)."""
    if spec.layout != "table":
        return False
    table = find_table(sheet, _header_matcher(spec))
    return table is not None and not table.rows


def _template_sheet_extras(sheet: RawSheet, catalog: Catalog, ctx: _Context) -> None:
    """Text typed onto the template's own sheets (a note with a citizen's name under the
    instructions): nothing reads it, so the stored copy leaves it out, and the uploader is told
    which cells, without their values. The template's own texts (any year's) stay."""
    known = _template_texts(catalog).get(fold(sheet.name))
    if known is None:
        return  # a sheet of ours the template does not write (an annotated copy's findings)
    extras = [(r + 1, c + 1) for r, row in enumerate(sheet.rows) for c, value in enumerate(row)
              if not is_blank(value) and fold(str(value)) not in known
              and not fold(str(value)).startswith(_PREFILLED_NOTE)]
    if not extras:
        return
    ctx.result.unread_cells.extend((sheet.name, r, c) for r, c in extras)
    cells = ", ".join(cell_ref(r, c) for r, c in extras[:3]) + (
        f" và {len(extras) - 3} ô khác" if len(extras) > 3 else "")
    ctx.warning(
        "sheet.template_edited",
        f"Trang '{sheet.name}' của mẫu có nội dung ghi thêm ({cells}): không được đọc và không được lưu "
        "(tránh lưu thông tin cá nhân). Ghi chú cho Văn phòng hãy ghi ở cột Ghi chú của các trang số liệu.",
        sheet.name,
    )


_PREFILLED_NOTE = fold("Mẫu này đã ghi sẵn:")  # the guide's line naming a pre-filled unit and period


_TEMPLATE_TEXTS: dict[int, tuple[Catalog, dict[str, frozenset[str]]]] = {}  # id(catalog) -> texts
_TEMPLATE_TEXTS_LOCK = threading.Lock()


def _template_texts(catalog: Catalog) -> dict[str, frozenset[str]]:
    """The folded texts the template writes on each of its own sheets (instructions, lists), over
    every year a template could be made for: the catalogue's, last year and this one. Built once
    per catalogue (about 0,3 s a year), the first time a return has such a sheet."""
    with _TEMPLATE_TEXTS_LOCK:
        held = _TEMPLATE_TEXTS.get(id(catalog))
        if held is None or held[0] is not catalog:
            held = _TEMPLATE_TEXTS[id(catalog)] = (catalog, _build_template_texts(catalog))
    return held[1]


def _build_template_texts(catalog: Catalog) -> dict[str, frozenset[str]]:
    from etl.template import template_texts

    years = {i.year for i in catalog.indicators} | {date.today().year - 1, date.today().year}
    texts: dict[str, set[str]] = {}
    for year in sorted(years):
        for name, values in template_texts(catalog, year).items():
            texts.setdefault(fold(name), set()).update(fold(v) for v in values)
    return {name: frozenset(values) for name, values in texts.items()}


def _match_sheets(book: RawWorkbook, catalog: Catalog, ctx: _Context) -> dict[str, RawSheet]:
    names: dict[str, str] = {}
    for spec in catalog.sheets:
        for text in (spec.name, *spec.aliases):
            names.setdefault(fold(text), spec.key)
    found: dict[str, RawSheet] = {}
    unknown: list[RawSheet] = []
    for sheet in book.sheets:
        key = _sheet_key(sheet.name, names)
        set_aside = bool(key and key in found and found[key].visible != sheet.visible)
        if set_aside:
            # a visible tab and a hidden copy ('Đơn thư (2)' from last period, hidden): the visible
            # one is what the unit filled and checked, empty or not; the hidden one is set aside
            if not found[key].visible:
                found[key], sheet = sheet, found[key]
                ctx.result.sheet_names[key] = found[key].name
            ctx.result.unstored_sheets.append(sheet.name)
            ctx.warning(
                "sheet.duplicate_hidden",
                f"Trang ẩn '{sheet.name}' trùng với trang '{found[key].name}' nên bị bỏ qua và không được lưu "
                f"(số liệu được đọc ở trang '{found[key].name}'). Nếu trang ẩn có số liệu cần báo cáo kỳ này, "
                f"hãy chép vào trang '{found[key].name}' rồi gửi lại.",
                sheet.name,
            )
        elif key and key in found and _only_headers(found[key], catalog.sheet(key)) \
                and not _only_headers(sheet, catalog.sheet(key)):
            # the first copy holds only its headers and this one the list ("Đơn thư" left empty, the
            # cases in "Đơn thư (2)"): the list is read, the empty copy set aside
            found[key], sheet = sheet, found[key]
            ctx.result.sheet_names[key] = found[key].name
        if set_aside:
            pass
        elif key and key not in found:
            found[key] = sheet
            ctx.result.sheet_names[key] = sheet.name
        elif key and _holds_list(sheet, catalog.sheet(key)) and _holds_list(found[key], catalog.sheet(key)):
            # two lists of one kind (last period's copy left beside this one, a list split in two):
            # reading one and dropping the other would lose or misread cases without a word
            ctx.result.unstored_sheets.append(sheet.name)
            ctx.error(
                "sheet.duplicate_list",
                f"Trang '{sheet.name}' và trang '{found[key].name}' đều có danh sách "
                f"{catalog.sheet(key).name.lower()}. Mỗi mục chỉ ghi trên một trang: hãy chép các dòng cần "
                f"báo cáo vào trang '{found[key].name}' rồi xoá trang '{sheet.name}'.",
                sheet.name,
            )
        elif key:
            ctx.result.unstored_sheets.append(sheet.name)
            ctx.warning(
                "sheet.duplicate",
                f"Trang '{sheet.name}' trùng với trang '{found[key].name}' nên bị bỏ qua và không được lưu "
                f"(số liệu được đọc ở trang '{found[key].name}'). Mỗi mục chỉ ghi trên một trang.",
                sheet.name,
            )
        elif fold(sheet.name) in catalog.ignored_sheets:
            _template_sheet_extras(sheet, catalog, ctx)
        elif any(not is_blank(v) for row in sheet.rows for v in row):
            unknown.append(sheet)
        if sheet.legacy_cells:
            encodings = " và ".join(sorted(e.upper() for e in sheet.legacy_encodings))
            ctx.warning(
                "text.legacy",
                f"Trang '{sheet.name}' có {sheet.legacy_cells} ô gõ bằng phông chữ cũ ({encodings}); "
                "đã tự chuyển sang Unicode. Hãy kiểm tra lại các ô tiếng Việt và lần sau dùng phông Unicode.",
                sheet.name,
            )
        for row, col in sheet.truncated_cells:
            ctx.warning(
                "text.too_long",
                "Nội dung ô dài quá 2.000 ký tự nên đã được cắt bớt. Hãy tóm tắt ngắn gọn hơn.",
                sheet.name, row, col,
            )
    for sheet in unknown:
        key = _list_by_headers(sheet, catalog, found)
        if key:  # 'Đơn thư khiếu nại', 'Đơn KNTC': the list the unit sent, under another name
            found[key] = sheet
            ctx.result.sheet_names[key] = sheet.name
            spec = catalog.sheet(key)
            ctx.warning(
                "sheet.renamed",
                f"Trang '{sheet.name}' được đọc là trang '{spec.name}' vì có đủ các cột bắt buộc của trang đó. "
                f"Lần sau hãy giữ tên trang '{spec.name}' như mẫu.",
                sheet.name,
            )
            continue
        hidden = " (trang ẩn)" if not sheet.visible else ""
        ctx.result.unstored_sheets.append(sheet.name)
        ctx.warning(
            "sheet.unknown",
            f"Trang '{sheet.name}'{hidden} không thuộc mẫu báo cáo nên bị bỏ qua và không được lưu "
            "(tránh lưu thông tin cá nhân).",
            sheet.name,
        )
    return found


def _list_by_headers(sheet: RawSheet, catalog: Catalog, found: dict[str, RawSheet]) -> str | None:
    """The list sheet missing from the workbook that a tab of another name is, by its headers: every
    required column of that sheet and at least one row; None unless exactly one sheet fits."""
    fits = []
    for spec in catalog.sheets:
        if spec.layout != "table" or spec.key in found:
            continue
        table = find_table(sheet, _header_matcher(spec))
        required = {c.key for c in spec.columns if c.required}
        if table is not None and table.rows and required <= {h.key for h in table.headers if h.key}:
            fits.append(spec.key)
    return fits[0] if len(fits) == 1 else None


# A header's numbering: '1.', '1.2.', '(2)', 'a)', Roman 'II.' or 'iv)', '3 -' (folded, so lower case).
_NUMBERING_RE = re.compile(
    r"^\(?(?:(?:\d{1,2}|[a-z]|[ivxl]{2,5})\s*[.)]|\d{1,2}(?:\.\d{1,2})+\.?|(?:\d{1,2}|[ivxl]{1,5})\s*-)\s+")


# A hint in square brackets, a footnote mark: 'Ngày thụ lý [dd/mm/yyyy]', 'Vùng sâu, vùng xa²'.
_HEADER_MARKS = re.compile(rf"\[[^\]]{{0,30}}\]|[{FOOTNOTE_MARKS}⁰]+")


def _strip_header(text: str) -> str:
    """A folded header without its hints ('(dd/mm/yyyy)', '[ngày]', '*', a footnote mark '²'), a
    numbering in front ('1. ', '(2) ', 'a) ', '1.2. ', 'II. ', '3 - ') and a full stop or colon after it."""
    text = re.sub(r"\(\s*(dd/mm/yyyy|ngay/thang/nam|bat buoc|\*)\s*\)", "", text)
    text = " ".join(_HEADER_MARKS.sub(" ", text).split())
    text = _NUMBERING_RE.sub("", text.strip())
    return text.replace("*", "").strip(" :.")


def _header_words(text: str) -> str:
    """A folded header as its words, abbreviations spelt out: 'so ky hieu don' for 'Số, ký hiệu
    đơn', 'han giai quyet' for 'Hạn GQ'."""
    return " ".join(ABBREVIATIONS.get(w, w) for w in _words(text).split())


def _header_matcher(spec: SheetSpec):
    names: dict[str, str] = {}
    for column in spec.columns:
        for text in (column.label, *column.aliases):
            names.setdefault(fold(text), column.key)
    by_words = {}
    for name, key in names.items():
        by_words.setdefault(_header_words(name), key)

    def match(text: str) -> str | None:
        key = fold(text)
        if key in names:
            return names[key]
        key = _strip_header(key)
        if key in names:
            return names[key]
        key = re.sub(r"\s*\(.*\)$", "", key)
        if key in names:
            return names[key]
        return by_words.get(_header_words(key)) if key else None

    return match


def _words(text: str) -> str:
    """' ho ten dia chi ' for 'họ, tên / địa chỉ': the words of a folded text, space-delimited."""
    return " " + " ".join(re.findall(r"[^\W_]+", text)) + " "


def is_personal_header(text: str, catalog: Catalog, anywhere: bool = True) -> bool:
    """Whether a header names a citizen's identity (contract §1.8): one of the catalogue's phrases
    as whole words, whatever the punctuation ("Họ, tên", "Số CMND/CCCD", "Điện thoại/Email").
    ``anywhere``: the phrase may sit anywhere in the header ("Tên, địa chỉ người gửi"), as for an
    unknown column, which is dropped either way; else only at its start (a Thông tin key)."""
    words = _words(_strip_header(fold(text)))
    phrases = [_words(p) for p in catalog.personal_data_headers]
    if anywhere:
        if any(p in words for p in phrases):
            return True
    elif any(words.startswith(p) for p in phrases):
        return True
    # a phrase of several words written without its spaces ("Họtên": a zero-width space between them)
    compact = words.replace(" ", "")
    joined = [p.replace(" ", "") for p in phrases if " " in p.strip()]
    return any(p in compact for p in joined) if anywhere else any(compact.startswith(p) for p in joined)


def _header_row_of(sheet: RawSheet, table: Table, col: int) -> int:
    """The row Excel shows a column's header in: the top of a header merged over two rows (F4 of
    F4:F5), else the header row."""
    r, c = table.header_row - 1, col - 1
    for (r1, c1), (r2, c2) in sheet.merged:
        if r1 <= r <= r2 and c1 <= c <= c2:
            return r1 + 1
    return table.header_row


def _rows_text(rows: list[int], shown: int = 5) -> str:
    """'dòng 5, 6, 7, 8, 9 và 4 dòng khác': the first rows a finding is about, then how many more."""
    more = f" và {format_whole(len(rows) - shown)} dòng khác" if len(rows) > shown else ""
    return "dòng " + ", ".join(map(str, rows[:shown])) + more


def _hidden_told(sheet: RawSheet, table: Table, ctx: _Context) -> None:
    """Data rows and columns hidden in the file (by hand, by a filter, folded into a group) are
    read as any other, as a hidden sheet is: the data is in the file. But whoever checked it before
    sending did not see them, so they are named."""
    columns = [h for h in table.headers if h.col in sheet.hidden_cols
               and any(h.col - 1 < len(values) and not is_blank(values[h.col - 1]) for _, values in table.rows)]
    if columns:
        names = ", ".join(f"'{h.text}' (cột {_letter(h.col)})" for h in columns)
        ctx.warning(
            "column.hidden",
            f"{'Cột' if len(columns) == 1 else 'Các cột'} {names} của trang '{sheet.name}' đang bị ẩn trong tệp nhưng "
            "vẫn được đọc và nạp. Hãy hiện cột để kiểm tra lại số liệu; nếu có chỗ sai, sửa rồi gửi lại.",
            sheet.name, _header_row_of(sheet, table, columns[0].col), columns[0].col,
        )
    hidden = [r for r, _ in table.rows if r in sheet.hidden_rows]
    if not hidden:
        return
    ctx.warning(
        "row.hidden",
        f"{format_whole(len(hidden))} dòng số liệu của trang '{sheet.name}' đang bị ẩn hoặc bị lọc trong tệp "
        f"({_rows_text(hidden)}) nhưng vẫn được đọc và nạp như các dòng khác. Nếu các dòng đó không thuộc báo cáo kỳ này, "
        "hãy xoá hẳn các dòng rồi gửi lại.",
        sheet.name, hidden[0],
    )


def _told_apart(sheet: RawSheet, table: Table, ctx: _Context) -> None:
    """Say which rows of a list sheet are not its data: the header row repeated (after a page break),
    and another table under the list (a monthly summary), which is neither read nor stored."""
    if table.repeated_headers:
        rows = ", ".join(str(r) for r in table.repeated_headers)
        ctx.warning(
            "row.repeated_header",
            f"Dòng {rows} lặp lại hàng tiêu đề (thường do ngắt trang khi in) nên được bỏ qua; các dòng số liệu "
            "trên và dưới vẫn được đọc.",
            sheet.name, table.repeated_headers[0],
        )
    if table.summary_rows:  # "Tổng cộng", "I. ĐƠN KIẾN NGHỊ": said, in case a row of data was taken for one
        rows = [r for r, _ in table.summary_rows]
        labels = list(dict.fromkeys(_mask_names(clean(label))[:60] for _, label in table.summary_rows))
        quoted = ", ".join(f"'{label}'" for label in labels[:3]) + (" …" if len(labels) > 3 else "")
        ctx.warning(
            "row.summary",
            f"{_rows_text(rows).capitalize()} của trang '{sheet.name}' ({quoted}) là dòng tổng cộng hoặc tiêu đề "
            "nhóm nên được bỏ qua: số liệu được tính từ từng dòng của danh sách. Nếu có dòng nào trong đó là "
            "số liệu, hãy sửa lại theo mẫu rồi gửi lại.",
            sheet.name, rows[0], 1,
        )
    if table.other_table:
        start, title = table.other_table
        ctx.result.unread_cells.extend(
            (sheet.name, r + 1, c + 1) for r in range(start - 1, len(sheet.rows))
            for c, value in enumerate(sheet.rows[r]) if not is_blank(value))
        ctx.warning(
            "sheet.other_table",
            f"Từ dòng {start} ('{show_value(title)}') là một bảng khác đặt dưới danh sách: bảng này không được "
            "đọc và không được lưu. Số liệu được tính từ các dòng của danh sách; nếu cần báo cáo thêm, hãy ghi "
            "thành dòng của danh sách theo mẫu.",
            sheet.name, start, 1,
        )


def _read_table(sheet: RawSheet, spec: SheetSpec, catalog: Catalog, ctx: _Context) -> Table | None:
    table = find_table(sheet, _header_matcher(spec))
    if table is not None:  # a note alone on its row ("Ghi chú: …" under the list) is no case, and unread
        ctx.result.unread_cells.extend((sheet.name, r, c) for r, c in table.note_cells)
        _told_apart(sheet, table, ctx)
    if table is None:
        if all(is_blank(v) for row in sheet.rows for v in row):
            if spec.is_list and not spec.optional:  # emptied, headers and all: told as a missing sheet is
                ctx.warning(
                    "sheet.empty_list",
                    f"Trang '{sheet.name}' để trống, không còn cả hàng tiêu đề: coi như kỳ này đơn vị không có gì "
                    f"để báo cáo ở mục này. Nếu có, hãy ghi vào trang '{sheet.name}' theo mẫu và gửi lại.",
                    sheet.name,
                )
            elif not spec.is_list and spec.required:  # 'Chỉ tiêu' emptied: told as a missing one is
                ctx.error(
                    "sheet.empty_required",
                    f"Trang '{sheet.name}' để trống. Đây là trang bắt buộc: hãy ghi theo mẫu (các cột: "
                    f"{', '.join(c.label for c in spec.columns if c.required)}) rồi gửi lại.",
                    sheet.name,
                )
            return None  # an empty sheet: nothing to report
        ctx.error(
            "header.missing",
            f"Không tìm thấy hàng tiêu đề của trang '{sheet.name}'. Hãy giữ nguyên hàng tiêu đề như mẫu "
            f"(các cột: {', '.join(c.label for c in spec.columns if c.required)}).",
            sheet.name,
        )
        return None
    chosen = _chosen_headers(table.headers, spec)
    seen: dict[str, int] = {}
    kept = []
    numbering: set[int] = set()  # the STT columns: what a row holds there alone makes no data row
    for header in table.headers:
        if header.key and chosen[header.key] != header.col:
            ctx.warning(
                "header.duplicate",
                f"Cột '{header.text}' lặp lại (đã có ở cột {_letter(chosen[header.key])}) nên bị bỏ qua.",
                sheet.name, _header_row_of(sheet, table, header.col), header.col,
            )
            continue
        if header.key:
            seen[header.key] = header.col
            kept.append(header)
        elif _strip_header(fold(header.text)) in {_strip_header(h) for h in catalog.ignored_headers}:
            numbering.add(header.col)  # a numbering column (STT) that many templates carry
        elif is_personal_header(header.text, catalog):
            ctx.result.dropped_columns.append((sheet.name, header.text))
            ctx.warning(
                "privacy.column_dropped",
                f"Cột '{header.text}' chứa thông tin cá nhân của công dân nên đã bị loại bỏ, không lưu. "
                "Mẫu báo cáo không cần cột này; lần sau hãy xoá cột trước khi gửi.",
                sheet.name, _header_row_of(sheet, table, header.col), header.col,
            )
        else:
            ctx.warning(
                "header.unknown",
                f"Cột '{header.text}' không thuộc mẫu trang '{spec.name}' nên bị bỏ qua và không được lưu.",
                sheet.name, _header_row_of(sheet, table, header.col), header.col,
            )
    headerless = _without_header(table, sheet, ctx)
    table.headers = kept
    filled_first = _drop_unread_rows(table, kept, numbering | headerless)
    _drop_default_rows(table, kept, spec, catalog, ctx, filled_first, numbering)
    for column in spec.columns:
        if column.required and column.key not in seen:
            ctx.error(
                "header.required_missing",
                f"Thiếu cột bắt buộc '{column.label}' ở trang '{sheet.name}'. "
                f"Hãy thêm cột '{column.label}' vào hàng tiêu đề (dòng {table.header_row}) như mẫu báo cáo.",
                sheet.name, table.header_row,
            )
    ctx.result.columns[spec.key] = {h.key: h.col for h in kept if h.key}
    return table


def _chosen_headers(headers: list, spec: SheetSpec) -> dict[str, int]:
    """The column read for each key two headers name: the one titled as the template titles it, else
    the first ('Kết quả' and 'Thực hiện' both read as Thực hiện: the column titled 'Thực hiện' is it,
    wherever it stands; the first was kept, the other dropped, and the wrong numbers stored)."""
    labels = {c.key: _strip_header(fold(c.label)) for c in spec.columns}
    chosen: dict[str, tuple[bool, int]] = {}
    for header in headers:
        if not header.key:
            continue
        exact = _strip_header(fold(header.text)) == labels.get(header.key)
        if header.key not in chosen or (exact and not chosen[header.key][0]):
            chosen[header.key] = (exact, header.col)
    return {key: col for key, (_, col) in chosen.items()}


def _without_header(table: Table, sheet: RawSheet, ctx: _Context) -> set[int]:
    """Columns with data under no header (a clerk's notes beside the list, a column inserted in it):
    one warning per column, naming its cells but not their values, and the stored copy leaves it out
    (nothing read it, so nothing checked it for personal data). A column under a header merged across
    it ("Ghi chú" over Q3:R3) has a header. Returns those columns (1-based)."""
    found: set[int] = set()
    if not table.rows:
        return found
    headed = {h.col for h in table.headers}  # every header: read, unknown, personal, STT
    header = table.header_row - 1  # 0-based
    headed.update(c + 1 for (r1, c1), (r2, c2) in sheet.merged if r1 <= header <= r2 for c in range(c1, c2 + 1))
    width = max(map(len, (values for _, values in table.rows)))
    for c in range(width):
        if c + 1 in headed:
            continue
        filled = [r for r, values in table.rows if c < len(values) and not is_blank(values[c])]
        if not filled:
            continue
        found.add(c + 1)
        letter = _letter(c + 1)
        ctx.warning(
            "column.without_header",
            f"Cột {letter} không có tiêu đề nhưng có dữ liệu ({_cells_text(letter, filled)}): cột này không thuộc "
            "mẫu nên bị bỏ qua và không được lưu. Nếu đó là số liệu của báo cáo, hãy ghi vào đúng cột của mẫu; ghi "
            "chú thì ghi vào cột Ghi chú (nếu có).",
            table.sheet, table.header_row, c + 1,
        )
    return found


def _cells_text(letter: str, rows: list[int]) -> str:
    """``S4, S7, S9 và 2 ô khác``: the first cells of a column, never their values."""
    more = f" và {len(rows) - 3} ô khác" if len(rows) > 3 else ""
    return ", ".join(f"{letter}{r}" for r in rows[:3]) + more


def _drop_default_rows(table: Table, read: list, spec: SheetSpec, catalog: Catalog, ctx: _Context,
                       filled_first: int | None = None, numbering: set[int] = frozenset()) -> None:
    """Leave out rows that hold nothing but the defaults of choice columns ("Có", "Lần đầu", "Không"
    dragged down a column past the last case): no required cell filled and every filled cell a
    default, or a number in a ``numbering`` column (STT, 1-based: rows numbered in advance). One
    warning names them; they were one "Thiếu …" error per required cell."""
    columns = {c.key: c for c in spec.columns}
    required = [h.col - 1 for h in read if columns[h.key].required]
    defaults: dict[int, tuple] = {}
    for h in read:
        column = columns[h.key]
        if column.type == "choice" and column.default is not None:
            defaults[h.col - 1] = (catalog.choices[column.choices], column.default)
    if not required or not defaults or not table.rows:
        return

    def only_defaults(values: list[object]) -> bool:
        if any(c < len(values) and not is_blank(values[c]) for c in required):
            return False
        filled = [(c, v) for c, v in enumerate(values) if not is_blank(v) and c + 1 not in numbering]
        return bool(filled) and all(c in defaults and defaults[c][0].match(v) == defaults[c][1] for c, v in filled)

    first = min(required)
    if first == filled_first or _all_filled(table, first):
        return  # every row has its first required cell: the usual list (_drop_unread_rows may have looked)
    dropped = [r for r, values in table.rows if (first >= len(values) or is_blank(values[first])) and only_defaults(values)]
    if not dropped:
        return
    gone = set(dropped)
    table.rows = [(r, values) for r, values in table.rows if r not in gone]
    rows = ", ".join(map(str, dropped[:3])) + (f" và {len(dropped) - 3} dòng khác" if len(dropped) > 3 else "")
    ctx.warning(
        "row.defaults_only",
        f"{len(dropped)} dòng của trang '{table.sheet}' (dòng {rows}) chỉ có giá trị mặc định (như 'Có', 'Lần đầu', "
        "'Không') mà không có số liệu nào khác: được coi là dòng trống và bỏ qua.",
        table.sheet, dropped[0],
    )


def _all_filled(table: Table, col: int) -> bool:
    """Whether every row has a value in column ``col`` (0-based), decided at C speed."""
    try:
        column = [values[col] for _, values in table.rows]
    except IndexError:
        return False
    return None not in column and "" not in column and not any(x.isspace() for x in column if x.__class__ is str)


def _drop_unread_rows(table: Table, read: list, ignorable: set[int]) -> int | None:
    """Leave out rows whose only content is in ``ignorable`` columns (1-based): rows numbered in
    advance (STT 1, 2, 3 … and nothing else), or holding only a note under no header (already told,
    column by column). A row with something in a read column, or in a column the template does not
    have (a name under "Họ tên"), stays a row, with its errors. Decided on the first read column
    first: a filled one is a data row. Returns that column (0-based) when every row has it filled."""
    cols = sorted(h.col - 1 for h in read)
    if not cols or not table.rows:
        return None
    first = cols[0]
    ignored = {c - 1 for c in ignorable}

    def reads_something(values: list[object]) -> bool:
        return any(not is_blank(v) for c, v in enumerate(values) if c not in ignored)

    if _all_filled(table, first):  # the usual list: no row to leave out
        return first
    table.rows = [(r, values) for r, values in table.rows
                  if (first < len(values) and not is_blank(values[first])) or reads_something(values)]
    return None


def _plan_words_as_numbers(table: Table, cols: dict[str, int], catalog: Catalog, year: int) -> None:
    """Kế hoạch written as the template shows it: 'Tốt' or 'Tốt trở lên' for a rating (the template
    keeps 4 behind its 'Tốt trở lên'), 'Có' for a Có/Không indicator, is the number it stands for;
    it was refused as not a number ('ví dụ 12 hoặc 12,5')."""
    code_col, col = cols.get("indicator_code"), cols.get("plan")
    if code_col is None or col is None:
        return
    for _, values in table.rows:
        value = values[col - 1] if col - 1 < len(values) else None
        code = values[code_col - 1] if code_col - 1 < len(values) else None
        if not isinstance(value, str) or is_blank(code):
            continue
        indicator = catalog.indicator(year, str(code))
        if indicator is None or indicator.kind not in ("rating", "boolean"):
            continue
        words = re.sub(r"\s+trở\s+lên\s*$", "", value.strip(), flags=re.IGNORECASE)
        found = catalog.choices["rating" if indicator.kind == "rating" else "yes_no"].match(words)
        if found is not None:
            values[col - 1] = float(found) if indicator.kind == "rating" else (1.0 if found == "co" else 0.0)


def _percent_as_shown(table: Table, sheet: RawSheet, cols: dict[str, int], catalog: Catalog, year: int) -> None:
    """A ratio indicator's Kế hoạch or Thực hiện typed as '100%' in an Excel cell (stored 1, styled
    0%) is read as the text it shows, as a typed '100%' is: Kế hoạch 100, Thực hiện that share of Tổng
    số. Elsewhere a percentage style changes nothing (Tổng số, a Có/Không, a count are the number),
    nor does it on a number above 1 (shown above 100%: the number typed into a cell styled so)."""
    code_col = cols.get("indicator_code")
    if code_col is None:
        return
    for key in ("plan", "actual"):
        col = cols.get(key)
        if col is None:
            continue
        for r, values in table.rows:
            value = values[col - 1] if col - 1 < len(values) else None
            if value.__class__ not in (int, float) or not 0 < value <= 1 or (r - 1, col - 1) not in sheet.percent_cells:
                continue  # a share shows as at most 100%; 10 shown as 1000% was typed as 10
            code = values[code_col - 1] if code_col - 1 < len(values) else None
            indicator = catalog.indicator(year, str(code)) if not is_blank(code) else None
            if indicator is not None and indicator.kind == "ratio":
                values[col - 1] = percent_text(value)


def _letter(col: int) -> str:
    from etl.findings import column_letter

    return column_letter(col)


# -- the Thông tin sheet -------------------------------------------------------------------


def _info_written_twice(name: str, spec: SheetSpec, catalog: Catalog, ctx: _Context,
                        found: dict[str, tuple[int, int, object]], again: list[tuple[str, int, int, object]]) -> None:
    """A label written twice with different values ("Kỳ báo cáo: Quý I/2025" and, lower, "Quý
    II/2025" in a reused file): the unit and the period decide which return a file replaces, so two
    of them are an error naming both cells; another field keeps its first value, with a warning."""
    labels = {c.key: c.label for c in spec.columns}
    for key, r, c, value in again:
        first_row, first_col, first = found[key]
        if is_blank(first) or _same_info(key, first, value, catalog):
            continue
        both = (f"'{show_value(first)}' ({cell_ref(first_row, first_col)}) và '{show_value(value)}' "
                f"({cell_ref(r, c)})")
        if key in ("unit", "period"):
            ctx.error(
                "info.conflict",
                f"Trang '{name}' ghi {labels.get(key, key)} hai lần, khác nhau: {both}. Đơn vị và kỳ quyết định "
                "báo cáo này thay cho báo cáo nào, nên hãy giữ một dòng đúng, xoá dòng kia rồi gửi lại.",
                name, r, c, value,
            )
        else:
            ctx.warning(
                "info.conflict",
                f"Trang '{name}' ghi {labels.get(key, key)} hai lần, khác nhau: {both}; dùng giá trị đầu tiên. "
                "Hãy xoá dòng thừa.",
                name, r, c, value,
            )


def _same_info(key: str, a: object, b: object, catalog: Catalog) -> bool:
    """Whether two values of one label say the same. A second value that is no period or unit at all
    ("Từ ngày 15/12/2024 đến ngày 14/03/2025" under a second "Kỳ báo cáo") is a note, not a conflict."""
    if key == "period":
        try:
            first = parse_period(a).code
        except ValueError:
            return True  # the first one's error is told as it is
        try:
            return parse_period(b).code == first
        except ValueError:
            return True
    if key == "unit":
        unit_a, unit_b = catalog.match_unit(a), catalog.match_unit(b)
        return unit_a is None or unit_b is None or unit_a == unit_b
    try:
        return parse_date(a) == parse_date(b)  # Ngày lập 20/03/2025 and 2025-03-20
    except ValueError:
        return fold(str(a)) == fold(str(b))


# The right-hand half of an official letterhead: the national motto, its underline, the place and date.
_LETTERHEAD_WORDS = {"cong hoa xa hoi chu nghia viet nam", "doc lap tu do hanh phuc",
                     # the titles over a form laid out as a table (STT | Nội dung | Giá trị)
                     "gia tri", "noi dung", "thong tin", "muc", "stt", "tt", "so tt", "ket qua", "so lieu"}


def _letterhead(value: object) -> bool:
    if not isinstance(value, str):
        return False
    folded = fold(value).strip(" .")
    return (_words(folded).strip() in _LETTERHEAD_WORDS or bool(PLACE_AND_DATE.match(folded))
            or (bool(folded) and set(folded) <= set("-_=~.* ")))


def _info_outside(sheet: RawSheet, ctx: _Context, used: set[tuple[int, int]]) -> None:
    """Cells right of the labels and values (column C onwards) that are neither: the stored copy
    leaves them out, and the uploader is told once per column, without their values."""
    outside: dict[int, list[int]] = {}
    for r, row in enumerate(sheet.rows):
        for c in range(2, len(row)):
            if not is_blank(row[c]) and (r, c) not in used and not _letterhead(row[c]):
                outside.setdefault(c, []).append(r + 1)
                ctx.result.unread_cells.append((sheet.name, r + 1, c + 1))
    for c, rows in outside.items():
        letter = _letter(c + 1)
        ctx.warning(
            "column.without_header",
            f"Cột {letter} của trang '{sheet.name}' có dữ liệu ({_cells_text(letter, rows)}) ngoài các mục của mẫu và "
            "giá trị của chúng: bị bỏ qua và không được lưu.",
            sheet.name, 1, c + 1,
        )


def _is_separator(value: object) -> bool:
    """A cell between a label and its value holding only a colon or a dash, as a form lays them out."""
    return isinstance(value, str) and value.strip() in {":", "-", "–", "=", ":-", "=>"}


def _read_info(sheet: RawSheet, catalog: Catalog, ctx: _Context, today: date) -> None:
    spec = catalog.sheet("info")
    match = _header_matcher(spec)
    found: dict[str, tuple[int, int, object]] = {}  # key -> (row, col, value)
    again: list[tuple[str, int, int, object]] = []  # a key written a second time: (key, row, col, value)
    used: set[tuple[int, int]] = set()  # 0-based (row, col) of the labels read and their values
    for r, row in enumerate(sheet.rows):
        for c, value in enumerate(row):
            if is_blank(value) or not isinstance(value, str):
                continue
            key = match(value) if c < len(row) - 1 or len(row) == 1 else None
            if key is None and ":" in value and all(is_blank(v) for v in row[c + 1:]):
                # "Mã đơn vị: VP" written in one cell
                label, _, given = value.partition(":")
                key = match(label)
                if key is not None and given.strip():
                    used.add((r, c))
                    if key in found:
                        again.append((key, r + 1, c + 1, given.strip()))
                    else:
                        found[key] = (r + 1, c + 1, given.strip())
                    break
                key = None
            if key is None:
                if c == len(row) - 1 and len(row) > 1 and ":" not in value:
                    continue
                in_cell = ":" in value and value.partition(":")[2].strip()  # "Họ tên: ..." in one cell
                if is_personal_header(value, catalog, anywhere=False) and (
                        in_cell or any(not is_blank(v) for v in row[c + 1:])):
                    label = clean(value.partition(":")[0] if in_cell else value)  # never the value itself
                    ctx.result.dropped_columns.append((sheet.name, label))
                    ctx.warning(
                        "privacy.column_dropped",
                        f"Mục '{label}' chứa thông tin cá nhân nên đã bị loại bỏ, không lưu.",
                        sheet.name, r + 1, c + 1,
                    )
                continue
            rest = [(cc, v) for cc, v in enumerate(row[c + 1:], start=c + 1) if not is_blank(v)]
            while len(rest) > 1 and _is_separator(rest[0][1]):  # "Mã đơn vị" | ":" | "VP"
                used.add((r, rest.pop(0)[0]))
            vc, val = rest[0] if rest else (c + 1, None)
            used.update(((r, c), (r, vc)))
            if key in found:
                if not is_blank(val):
                    again.append((key, r + 1, vc + 1, val))
                break
            found[key] = (r + 1, vc + 1, val)
            break
    result = ctx.result
    name = sheet.name
    _info_written_twice(name, spec, catalog, ctx, found, again)
    _info_outside(sheet, ctx, used)
    hidden = [(key, row) for key, (row, _, value) in found.items() if row in sheet.hidden_rows and not is_blank(value)]
    if hidden and sheet.visible:  # the unit or the period read from a row nobody who checked the file saw
        labels = {c.key: c.label for c in spec.columns}
        ctx.warning(
            "row.hidden",
            f"{_rows_text([row for _, row in hidden]).capitalize()} của trang '{name}' "
            f"({', '.join(labels[key] for key, _ in hidden)}) đang bị ẩn trong tệp nhưng vẫn được đọc. "
            "Hãy hiện dòng để kiểm tra lại; nếu có chỗ sai, sửa rồi gửi lại.",
            name, hidden[0][1],
        )
    for field_ in spec.columns:
        if field_.required and (field_.key not in found or is_blank(found[field_.key][2])):
            row = found[field_.key][0] if field_.key in found else None
            col = 2 if row else None
            ctx.error(
                "info.required_missing",
                f"Thiếu '{field_.label}' ở trang '{name}'. Hãy ghi '{field_.label}' ở cột A và giá trị ở cột B"
                + (" (ví dụ: Quý I/2025)." if field_.key == "period" else "."),
                name, row, col,
            )
    if "unit" in found and not is_blank(found["unit"][2]):
        row, col, value = found["unit"]
        unit = catalog.match_unit(value)
        if unit is None and (unit := catalog.match_unit_loosely(value)) is not None:
            ctx.warning(  # 'Phòng KHTC', 'VP Sở': read, and said, so that a wrong guess is seen
                "info.unit_read_as",
                f"Mã đơn vị '{show_value(value)}' được đọc là {unit.code} ({unit.name}). Nếu đúng, lần sau hãy ghi "
                f"mã {unit.code}; nếu sai, hãy sửa Mã đơn vị rồi gửi lại.",
                name, row, col, value,
            )
        if unit is None:
            codes = "; ".join(f"{u.code} ({u.short_name or u.name})" for u in catalog.units if not u.valid_to)
            ctx.error(
                "info.unknown_unit",
                f"Mã đơn vị '{show_value(value)}' không có trong danh mục đơn vị. Hãy ghi một trong các mã: {codes}.",
                name, row, col, value,
            )
        else:
            result.unit_code = unit.code
            result.unit_name = unit.name
            if "unit_name" in found and not is_blank(found["unit_name"][2]):
                r2, c2, given = found["unit_name"]
                if fold(given) not in {fold(t) for t in (unit.name, *unit.aliases)}:
                    ctx.warning(
                        "info.unit_name_mismatch",
                        f"Tên đơn vị '{show_value(given)}' khác tên trong danh mục của mã {unit.code} "
                        f"('{unit.name}'). Số liệu được ghi cho '{unit.name}'; nếu sai đơn vị, hãy sửa Mã đơn vị.",
                        name, r2, c2, given,
                    )
    if "period" in found and not is_blank(found["period"][2]):
        row, col, value = found["period"]
        try:
            period = parse_period(value)
        except PeriodError as exc:
            ctx.error("info.bad_period", str(exc), name, row, col, value)
        else:
            if period.start > today:
                ctx.error(
                    "info.future_period",
                    f"Kỳ báo cáo '{period.label}' bắt đầu từ {format_date(period.start)}, sau ngày nộp "
                    f"({format_date(today)}). Hãy kiểm tra lại kỳ báo cáo.",
                    name, row, col, value,
                )
            else:
                result.period = period
                if cumulative_words(value, period):
                    alternative = cumulative_alternative(period)
                    kind = "quý" if period.kind == "quarter" else "tháng"
                    ctx.warning(
                        "info.period_cumulative_words",
                        f"Kỳ báo cáo '{show_value(value)}' được đọc là {period.label} "
                        f"({format_date(period.start)} – {format_date(period.end)}). "
                        + (f"Nếu đây là báo cáo lũy kế từ đầu năm, hãy ghi Kỳ báo cáo '{alternative.label}' rồi gửi lại; "
                           if alternative else
                           "Không có kỳ báo cáo lũy kế nào kết thúc cùng tháng này (kỳ lũy kế là 6 tháng, 9 tháng và "
                           "năm), nên số liệu được tính cho riêng tháng này; ")
                        + f"nếu là báo cáo {kind}, không cần sửa.",
                        name, row, col, value,
                    )
                unit = catalog.unit(result.unit_code) if result.unit_code else None
                unit_cell = found["unit"][:2]  # the warning is about the unit written there, as read for this period
                window = f"{period.label} ({format_date(period.start)} – {format_date(period.end)})"
                if unit and unit.valid_from and unit.valid_from > period.end:
                    ctx.warning(
                        "info.unit_not_yet",
                        f"Đơn vị '{unit.name}' bắt đầu hoạt động từ {format_date(unit.valid_from)}, sau kỳ {window}. "
                        "Số liệu vẫn được nhận; hãy kiểm tra lại kỳ báo cáo hoặc mã đơn vị.",
                        name, *unit_cell,
                    )
                elif unit and unit.valid_to and unit.valid_to < period.start:
                    successor = catalog.unit(unit.successor_code) if unit.successor_code else None
                    ctx.warning(
                        "info.unit_inactive",
                        f"Đơn vị '{unit.name}' đã sáp nhập hoặc đổi tên sau ngày {format_date(unit.valid_to)}, nên không "
                        f"còn hoạt động trong kỳ {window}. Số liệu vẫn được nhận"
                        + (f" và cộng vào đơn vị kế thừa '{successor.name}'." if successor else "."),
                        name, *unit_cell,
                    )
    for key in ("reporter",):
        if key in found and not is_blank(found[key][2]):
            result.info[key] = clean(found[key][2])[:200]
    if "report_date" in found and not is_blank(found["report_date"][2]):
        row, col, value = found["report_date"]
        try:
            made = parse_date(value)
        except CellError:
            ctx.warning(
                "info.bad_date",
                f"Ngày lập '{show_value(value)}' không đúng dạng ngày nên bị bỏ qua. {TYPE_HINT['date']}",
                name, row, col, value,
            )
        else:
            if made > today:  # a typo of the year ("05/01/2027" for 2026): kept out, and said
                ctx.warning(
                    "info.future_date",
                    f"Ngày lập {format_date(made)} sau ngày nộp ({format_date(today)}) nên bị bỏ qua. "
                    "Hãy kiểm tra lại năm của Ngày lập.",
                    name, row, col, format_date(made),
                )
            else:
                result.info["report_date"] = made


# -- rows ----------------------------------------------------------------------------------


class _RowChecker:
    def __init__(self, ctx: _Context, catalog: Catalog, today: date) -> None:
        self.ctx = ctx
        self.catalog = catalog
        self.today = today

    def parse_columns(self, spec: SheetSpec, table: Table) -> tuple[list[str], list[list[object]]]:
        """The data rows of ``table`` as typed columns: (keys, one list per key), ``_row`` first
        (the Excel rows), then the spec's columns in order.

        Column by column, each distinct value is parsed once: a 100,000-row sheet holds a few
        hundred dates and a handful of choices, so the work is per distinct value, not per cell.
        The findings of a value are repeated for each of its cells and added in row order, then
        column order, exactly as reading the sheet row by row gives them.
        """
        if not table.rows:
            return [], []
        excel_rows = [r for r, _ in table.rows]
        grid = _transpose([values for _, values in table.rows])
        cols = self.ctx.result.columns.get(spec.key, {})
        keys: list[str] = ["_row"]
        columns: list[list[object]] = [excel_rows]
        located: list[tuple[int, int, Finding]] = []  # (row index, column index in spec, finding)
        for position, column in enumerate(spec.columns):
            col = cols.get(column.key)
            raws = grid[col - 1] if col is not None and col - 1 < len(grid) else (None,) * len(excel_rows)
            keys.append(column.key)
            columns.append(self._parse_column(spec, table.sheet, column, col, raws, excel_rows, position, located))
        if located:
            located.sort(key=lambda item: item[:2])  # stable: a cell's own findings keep their order
            self.ctx.result.findings.extend(finding for _, _, finding in located)
        return keys, columns

    def _parse_column(self, spec: SheetSpec, sheet: str, column: Column, col: int | None,
                      raws: tuple[object, ...], excel_rows: list[int], position: int,
                      located: list[tuple[int, int, Finding]]) -> list[object]:
        """One column's typed values; its findings go to ``located`` with their row index.

        Parsing a value depends only on the value (the row only places the finding), so each
        distinct value is parsed once with ``_cell`` and its findings are copied to every row
        that holds it.
        """
        findings = self.ctx.result.findings
        try:
            keyed, distinct = _distinct(raws)
        except TypeError:  # an unhashable value: not from a workbook reader, parse cell by cell
            keyed, distinct = list(range(len(raws))), dict(enumerate(raws))
        plain_text = column.type == "text"
        names = column.key in NAME_MASKED
        if plain_text and _kept_texts(distinct, names):
            return list(raws)  # every value is a text that _cell keeps as it is, without findings
        parsed: dict[object, object] = {}
        flagged: dict[object, list[Finding]] = {}
        for key, raw in distinct.items():
            if plain_text and raw.__class__ is str:
                text = clean(raw)
                if text and not _MAY_HOLD_PII.search(text) and not (
                        names and (_MAY_HOLD_NAME.search(text) or _MAY_HOLD_RESIDENCE.search(text)
                                   or _MAY_HOLD_IDENTITY.search(text))):
                    # what _cell gives, without its checks
                    parsed[key] = text
                    continue
            before = len(findings)
            parsed[key] = self._cell(spec, sheet, column, excel_rows[0], col, raw)
            if len(findings) > before:
                flagged[key] = findings[before:]
                del findings[before:]
        if flagged:
            for i, key in enumerate(keyed):
                for finding in flagged.get(key, ()):
                    located.append((i, position, replace(finding, row=excel_rows[i])))
        return list(map(parsed.__getitem__, keyed))

    def _cell(self, spec: SheetSpec, sheet: str, column: Column, r: int, c: int | None, raw: object) -> object:
        ctx = self.ctx
        if raw.__class__ is UncachedFormula:
            formula = _formula_shown(raw)
            ctx.error(
                "formula.no_value",
                f"{column.label} là công thức '{formula}' nhưng tệp không lưu kết quả của công thức (tệp do phần mềm "
                "tạo ra, chưa mở bằng Excel). Hãy mở tệp bằng Excel, bấm Lưu rồi gửi lại, hoặc nhập số thay cho "
                "công thức.",
                sheet, r, c, formula,
            )
            return None
        if raw.__class__ is ExcelError:
            if column.type == "text" and not column.required:  # a note: the rest of the row still counts
                ctx.warning(
                    "cell.error_value",
                    f"{column.label} là giá trị lỗi '{raw}' của Excel nên được để trống. Nếu cần, hãy sửa công "
                    "thức hoặc ghi lại nội dung rồi gửi lại.",
                    sheet, r, c, raw,
                )
            else:
                ctx.error(
                    "cell.error_value",
                    f"{column.label} là giá trị lỗi '{raw}' của Excel (công thức tính ra lỗi, hoặc dán từ một ô "
                    "lỗi). Hãy sửa công thức hoặc nhập đúng giá trị rồi gửi lại.",
                    sheet, r, c, raw,
                )
            return None
        if is_blank(raw):
            # A blank result on an indicator row means "not reported yet" (a warning, later).
            if column.required and c is not None and column.type != "indicator_value":
                ctx.error(
                    "value.required",
                    f"Thiếu {column.label}. " + _fill_hint(column, self.catalog),
                    sheet, r, c,
                )
            if column.type == "choice" and column.default:
                return column.default
            return None
        kind = column.type
        try:
            if kind == "date":
                value = parse_date(raw)
                if column.key in FUTURE_DATES:  # a deadline, a planned end: ahead of the upload day
                    if value.year > self.today.year + 10:
                        ctx.error(
                            "date.too_far",
                            f"{column.label} {format_date(value)} xa quá 10 năm sau ngày nộp báo cáo. "
                            "Hãy kiểm tra lại năm.",
                            sheet, r, c, raw,
                        )
                elif value > self.today:
                    ctx.error(
                        "date.future",
                        f"{column.label} {format_date(value)} sau ngày nộp báo cáo ({format_date(self.today)}). "
                        "Hãy kiểm tra lại ngày, tháng, năm.",
                        sheet, r, c, raw,
                    )
                elif value < EARLIEST:
                    ctx.error(
                        "date.too_old",
                        f"{column.label} {format_date(value)} trước 01/01/2000. Hãy kiểm tra lại năm.",
                        sheet, r, c, raw,
                    )
                return value
            if kind == "int":
                if not column.required and raw.__class__ is str and fold(raw) in _NONE_WRITTEN:
                    return 0  # "-" or "không" in an optional count: none
                value = parse_int(raw)
                limit = MAX_WHOLE.get(column.key, MAX_WHOLE[""])
                if value > limit:
                    ctx.error(
                        "int.too_large",
                        f"{column.label} '{show_value(raw)}' quá lớn (tối đa {format_whole(limit)}). "
                        "Hãy kiểm tra lại số đã nhập.",
                        sheet, r, c, raw,
                    )
                    return None
                return value
            if kind == "number":
                return parse_number(raw)
        except CellError as exc:
            ctx.error(
                f"{kind}.invalid",
                f"{column.label} '{show_value(raw)}' {exc}. {TYPE_HINT[kind]}",
                sheet, r, c, raw,
            )
            return None
        if kind == "choice":
            choices = self.catalog.choices[column.choices or ""]
            if column.key == "host_role" and _UNIT_HEAD.search(f" {loose_key(fold(raw))} "):
                ctx.warning(  # "Giám đốc Trung tâm": the unit's own head, not the department's
                    "host.unit_head",
                    f"Người chủ trì '{show_value(raw)}' là lãnh đạo của đơn vị, không phải lãnh đạo Sở, nên được tính "
                    f"là '{choices.label('lanh_dao_phong')}' (không tính vào việc Giám đốc Sở tiếp công dân). "
                    "Nếu đúng là lãnh đạo Sở chủ trì, hãy ghi 'Giám đốc Sở' hoặc 'Phó Giám đốc Sở' rồi gửi lại.",
                    sheet, r, c, raw,
                )
                return "lanh_dao_phong"
            code = choices.match(raw)
            if code is None and column.key in ROLE_IN_TEXT:
                code = choices.match_within(raw)
            if code in ("giam_doc", "pho_giam_doc") and " so " not in f" {loose_key(fold(raw))} ":
                unit = self.catalog.unit(ctx.result.unit_code) if ctx.result.unit_code else None
                if unit and _HEADED_BY_DIRECTOR.match(fold(unit.name)):  # "Giám đốc" in a centre's return
                    ctx.warning(
                        "host.which_director",
                        f"Người chủ trì '{show_value(raw)}' được tính là '{choices.label(code)}'. Nếu là lãnh đạo của "
                        f"{unit.name}, hãy ghi '{choices.label('lanh_dao_phong')}' rồi gửi lại.",
                        sheet, r, c, raw,
                    )
            if code is None:
                ctx.error(
                    "choice.unknown",
                    f"{column.label} '{show_value(raw)}' không có trong danh sách. "
                    f"Hãy chọn một trong: {', '.join(choices.labels)}.",
                    sheet, r, c, raw,
                )
            return code
        if kind == "indicator_value":
            return raw if not isinstance(raw, str) else clean(raw)
        if column.key == "petition_ref" and isinstance(raw, date):
            # "12/2025" or "2/1" typed into a General cell: Excel made it a date, which is no case
            # number, and the next return typing it as text would make it a second case
            shown = format_date(raw.date() if isinstance(raw, datetime) else raw)
            ctx.error(
                "petition.ref_is_date",
                f"{column.label} '{shown}' là một ngày: Excel tự đổi số hiệu gõ dạng '12/2025' hay '2/1' thành "
                "ngày. Hãy định dạng cột Số hiệu đơn là Text (Văn bản), gõ lại đúng số hiệu như trên đơn rồi "
                "gửi lại.",
                sheet, r, c, shown,
            )
            return None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)  # a reference typed as a number (15, read as 15.0) is the text "15"
        text = clean(raw)
        masked = _mask_personal(text, names=column.key in NAME_MASKED)
        if masked != text:
            found = []
            unnamed = _mask_names(text) if column.key in NAME_MASKED else text
            if unnamed != text:
                found.append("họ tên người dân")
            if column.key in NAME_MASKED and _mask_residence(unnamed) != unnamed:  # a chain after a name, too
                found.append("nơi cư trú của người dân")
            if column.key in NAME_MASKED and _mask_identity(text) != text:
                found.append("ngày sinh hoặc biển số xe")
            if _mask_personal(text) != text:
                found.append("chuỗi giống số điện thoại, email hoặc số CMND/CCCD")
            ctx.warning(
                "privacy.masked",
                f"{column.label} có {' và '.join(found)}; phần đó đã được ẩn "
                "và không lưu. Không ghi thông tin cá nhân của công dân vào báo cáo.",
                sheet, r, c,
            )
        return masked

    # -- per-sheet rules ------------------------------------------------------------------
    def after_cutoff(self, spec: SheetSpec, sheet: str, keys: list[str], columns: list[list[object]]) -> None:
        """One warning for a list's rows dated after its period's cut-off (the 14th): a case
        received, a session held, a model registered later belongs to a later return."""
        period = self.ctx.result.period
        key = _ENTRY_DATES.get(spec.key)
        if period is None or key not in keys:
            return
        days = columns[keys.index(key)]
        if spec.key in _HELD_IN_PERIOD and days and all(d.__class__ is date and d < period.start for d in days):
            column = next(c for c in spec.columns if c.key == key)
            self.ctx.warning(  # Quý I's file sent again as Quý II: every session before the period
                "date.before_period",
                f"Cả {format_whole(len(days))} dòng của trang '{sheet}' có {column.label} trước kỳ {period.label} "
                f"({format_date(period.start)} – {format_date(period.end)}), muộn nhất là {format_date(max(days))}: "
                "có thể đây là tệp của kỳ trước. Số liệu vẫn được nhận và tính theo ngày đã ghi; hãy kiểm tra lại "
                "Kỳ báo cáo.",
                sheet, columns[0][days.index(max(days))], self.ctx.result.columns.get(spec.key, {}).get(key),
                format_date(max(days)),
            )
        late = [(r, d) for r, d in zip(columns[0], days)  # (a day after today is an error)
                if d.__class__ is date and period.end < d <= self.today]
        if not late:
            return
        row, day = late[0]
        column = next(c for c in spec.columns if c.key == key)
        cutoff = f"sau ngày chốt số liệu của kỳ {period.label} ({format_date(period.end)})"
        what = (f"{format_whole(len(late))} dòng có {column.label} {cutoff}, dòng đầu tiên ngày {format_date(day)}"
                if len(late) > 1 else f"{column.label} {format_date(day)} {cutoff}")
        self.ctx.warning(
            "date.after_cutoff",
            f"{what}. Số liệu sau ngày chốt thuộc kỳ báo cáo sau; vẫn được nhận, hãy kiểm tra lại kỳ báo cáo "
            "hoặc ngày.",
            sheet, row, self.ctx.result.columns.get(spec.key, {}).get(key), format_date(day),
        )

    def check_sheet(self, spec: SheetSpec, sheet: str, rows: list[dict], year: int, result: ParsedReturn) -> None:
        cols = result.columns.get(spec.key, {})
        getattr(self, f"_check_{spec.key}")(sheet, rows, cols, year)

    def _col(self, cols: dict[str, int], *keys: str) -> int | None:
        for key in keys:
            if key in cols:
                return cols[key]
        return None

    def _order(self, sheet: str, row: dict, cols: dict[str, int], first: str, second: str,
               first_label: str, second_label: str) -> None:
        a, b = row.get(first), row.get(second)
        if isinstance(a, date) and isinstance(b, date) and b < a:
            self.ctx.error(
                "date.order",
                f"{second_label} {format_date(b)} trước {first_label} {format_date(a)}. "
                f"{second_label} phải cùng ngày hoặc sau {first_label}; hãy kiểm tra lại.",
                sheet, row["_row"], cols.get(second), format_date(b),
            )

    def _duplicates(self, sheet: str, rows: list[dict], cols: dict[str, int], key_fn, col_key: str,
                    describe) -> None:
        seen: dict[object, tuple[int, object]] = {}
        for row in rows:
            key = key_fn(row)
            if key is None:
                continue
            if key in seen:
                first_row, first = seen[key]
                written = row.get(col_key)
                # written otherwise ('012' and 12, 'Đ' and 'D'): why the two are one
                alike = (f"'{show_value(first)}' ở dòng {first_row} ({_ALIKE[col_key]})"
                         if col_key in _ALIKE and clean(first) != clean(written) else f"dòng {first_row}")
                self.ctx.error(
                    "row.duplicate",
                    f"{describe(row)} trùng với {alike}. Mỗi {_ENTITY[col_key]} chỉ ghi một dòng; "
                    "hãy gộp hai dòng hoặc sửa lại.",
                    sheet, row["_row"], cols.get(col_key), written if not isinstance(written, date) else format_date(written),
                )
            else:
                seen[key] = (row["_row"], row.get(col_key))

    def petitions(self, sheet: str, keys: list[str], columns: list[list[object]], calendar: WorkCalendar,
                  rules: RuleSet) -> _HeldRows | list[dict[str, object]]:
        """The rows of the petitions sheet from its parsed columns, held as columns (see
        ``ParsedReturn.rows``): checked across each row's cells and for repeated case numbers, and
        given their matching key (``ref_key``) and statutory deadline (``due_date``, ``due_basis``,
        ``due_rule``).

        The same findings in the same order, and the same rows with the same keys, as checking and
        deriving row dict by row dict; but the work is done on the columns. Only rows that a cheap
        test cannot clear (a date before the one it follows, an extension, a status at odds with
        the dates or the result) go through the row checks, ``_check_petition_row``.
        """
        if not keys:
            return []
        cols = self.ctx.result.columns.get("petitions", {})
        c = dict(zip(keys, columns))
        status_list = self.catalog.choices["petition_status"]
        for i in _petition_suspects(c, bool(cols.get("status"))):
            self._check_petition_row(sheet, dict(zip(keys, [column[i] for column in columns])), cols, status_list)

        refs = c["petition_ref"]
        # every name the patterns know spans a space: '000123/ĐT' is not searched (a fifth of a second in 100.000)
        named = {ref for ref in set(refs) if isinstance(ref, str) and _SPACE.search(ref) and _MAY_HOLD_NAME.search(ref)
                 and _mask_names(ref) != ref}
        for row, ref in zip(c["_row"], refs) if named else ():
            if ref in named:  # a key cannot be masked (two cases would become one): the unit rewrites it
                self.ctx.error(
                    "petition.ref_personal",
                    "Số hiệu đơn có họ tên người dân, không được lưu. Hãy ghi số hiệu đơn của đơn vị "
                    "(ví dụ 01/ĐT hoặc 15/KN), không ghi tên người gửi đơn.",
                    sheet, row, cols.get("petition_ref"), ref,
                )
        if all(refs):
            ref_keys: list[object] = case_keys(refs)
            unkeyed: list[int] = []
        else:
            keyed_at = [i for i, ref in enumerate(refs) if ref]
            unkeyed = [i for i, ref in enumerate(refs) if not ref]
            ref_keys = [None] * len(refs)
            for i, key in zip(keyed_at, case_keys([refs[i] for i in keyed_at])):
                ref_keys[i] = key
        present = [key for key in ref_keys if key is not None] if unkeyed else ref_keys
        if len(set(present)) != len(present):  # a repeated case number: reported row by row
            rows = [{"_row": r, "petition_ref": ref, "ref_key": key} for r, ref, key in zip(c["_row"], refs, ref_keys)]
            self._duplicates(sheet, rows, cols, lambda row: row.get("ref_key"), "petition_ref",
                             lambda row: f"Số hiệu đơn '{row['petition_ref']}'")

        due_dates, due_bases, due_rules, undated = _petition_deadlines(c, calendar, rules)
        if None in due_dates:
            self._no_deadline_rule(sheet, cols, c, due_dates, set(undated), rules)
        # A row without a case number has no matching key, one without a kind or a receipt date no
        # deadline: those keys are left out of its row dict.
        absent = sorted([(i, ("ref_key",)) for i in unkeyed] + [(i, _DUE_KEYS) for i in undated])
        return _HeldRows([*keys, "ref_key", *_DUE_KEYS], [*columns, ref_keys, due_dates, due_bases, due_rules], absent)

    def transferred_competence(self, table: Table, keys: list[str], columns: list[list[object]]) -> None:
        """One warning for the cases "Đã chuyển đơn" whose Thuộc thẩm quyền is blank (or has no
        column): the contract's default, "Có", gives them the deadline of a case the unit resolves
        itself (30 days from thụ lý for a complaint), not the transfer's (5 or 10 working days from
        receipt). A unit usually transfers a case because it is not its own: the unit checks."""
        c = dict(zip(keys, columns))
        if "da_chuyen_don" not in c.get("status", ()):
            return
        col = self.ctx.result.columns.get("petitions", {}).get("within_competence")
        raws = [values[col - 1] if col is not None and col - 1 < len(values) else None for _, values in table.rows]
        blank = [i for i, (status, raw) in enumerate(zip(c["status"], raws))
                 if status == "da_chuyen_don" and is_blank(raw)]
        if not blank:
            return
        first = blank[0]
        others = (f" và {format_whole(len(blank) - 1)} đơn khác ({_rows_text([c['_row'][i] for i in blank])})"
                  if len(blank) > 1 else "")
        where = "để trống" if col is not None else "không có (tệp không có cột này)"
        self.ctx.warning(
            "petition.transfer_competence",
            f"Đơn '{c['petition_ref'][first] or ''}'{others} có Trạng thái 'Đã chuyển đơn' nhưng ô Thuộc thẩm "
            f"quyền {where}, nên được tính là đơn thuộc thẩm quyền: hạn là hạn giải quyết (như 30 ngày kể từ "
            "ngày thụ lý), không phải hạn chuyển đơn (5 ngày làm việc với đơn tố cáo, 10 ngày với đơn khác, kể từ "
            "ngày nhận). Nếu đơn không thuộc thẩm quyền của đơn vị, hãy ghi 'Không' vào cột Thuộc thẩm quyền và "
            "gửi lại.",
            # no column to point at: the case's status cell
            *((table.sheet, c["_row"][first], col) if col is not None else (
                table.sheet, c["_row"][first], self.ctx.result.columns["petitions"].get("status"), "Đã chuyển đơn")),
        )

    def filed_without_date(self, sheet: str, keys: list[str], columns: list[list[object]]) -> None:
        """One warning for the cases "Lưu đơn" without a Ngày giải quyết (the contract does not ask
        for one): without the day it was filed a case stays open, and once past its deadline it is
        counted and listed as overdue, though nothing is left to do on it."""
        c = dict(zip(keys, columns))
        if "luu_don" not in c.get("status", ()):
            return
        cols = self.ctx.result.columns.get("petitions", {})
        dates = c.get("resolved_date") or [None] * len(c["status"])
        undated = [i for i, (status, day) in enumerate(zip(c["status"], dates))
                   if status == "luu_don" and day is None
                   and not self.ctx.has_error_at(sheet, c["_row"][i], cols.get("resolved_date"))]
        if not undated:
            return
        first = undated[0]
        others = (f" và {format_whole(len(undated) - 1)} đơn khác ({_rows_text([c['_row'][i] for i in undated])})"
                  if len(undated) > 1 else "")
        self.ctx.warning(
            "petition.filed_without_date",
            f"Đơn '{c['petition_ref'][first] or ''}'{others} có Trạng thái 'Lưu đơn' nhưng không ghi Ngày giải quyết "
            "(ngày lưu đơn), nên được tính là đơn chưa giải quyết xong: khi quá hạn giải quyết, đơn được tính và "
            "liệt kê là đơn quá hạn. Hãy ghi ngày lưu đơn vào cột Ngày giải quyết và gửi lại.",
            sheet, c["_row"][first], self._col(cols, "resolved_date", "status"),
        )

    def _no_deadline_rule(self, sheet: str, cols: dict[str, int], c: dict[str, list[object]],
                          due_dates: list[object], undated: set[int], rules: RuleSet) -> None:
        """One warning per kind for cases received before any rule of deadline_rules.csv was in force
        (a case carried over from before the law): no deadline, so never on time nor overdue."""
        missing: dict[str, list[int]] = {}
        for i, day in enumerate(due_dates):
            if day is None and i not in undated and c["received_date"][i] >= EARLIEST:  # earlier: an error
                missing.setdefault(str(c["kind"][i]), []).append(i)
        kinds = self.catalog.choices["petition_kind"]
        for kind, rows in missing.items():
            first = rows[0]
            since = min((r.effective_from for r in rules.rules if r.kind == kind), default=None)
            others = f" và {len(rows) - 1} đơn {kinds.label(kind).lower()} khác" if len(rows) > 1 else ""
            rule_text = (f"quy định về thời hạn của đơn {kinds.label(kind).lower()} trong danh mục có hiệu lực từ "
                         f"{since:%d/%m/%Y}" if since else f"danh mục chưa có quy định thời hạn cho đơn "
                         f"{kinds.label(kind).lower()}")
            self.ctx.warning(
                "petition.no_deadline_rule",
                f"Đơn nhận ngày {format_date(c['received_date'][first])}{others} không tính được hạn giải quyết "
                f"({rule_text}), nên không được xét đúng hạn hay quá hạn. Nếu biết hạn, hãy ghi vào cột "
                "Hạn giải quyết.",
                sheet, c["_row"][first], cols.get("received_date"), format_date(c["received_date"][first]),
            )

    def _check_petition_row(self, sheet: str, row: dict, cols: dict[str, int], status_list) -> None:
        """The checks across one petition row's cells (dates in order, status, extension, attempt)."""
        order = self._order
        r = row["_row"]
        accepted, resolved = row.get("accepted_date"), row.get("resolved_date")
        # _order needs both dates: the calls are skipped when the later one is missing.
        if accepted is not None:
            order(sheet, row, cols, "received_date", "accepted_date", "Ngày nhận", "Ngày thụ lý")
        if resolved is not None:
            if isinstance(accepted, date):
                order(sheet, row, cols, "accepted_date", "resolved_date", "Ngày thụ lý", "Ngày giải quyết")
            else:
                order(sheet, row, cols, "received_date", "resolved_date", "Ngày nhận", "Ngày giải quyết")
        if row.get("due_date_given") is not None:
            order(sheet, row, cols, "received_date", "due_date_given", "Ngày nhận", "Hạn giải quyết")
        status = row.get("status")
        if status in CLOSED_STATUSES:
            # a date written but unreadable ('15/8/25') has its own error at the cell
            if resolved is None and cols.get("status") and not self.ctx.has_error_at(sheet, r, cols.get("resolved_date")):
                label = status_list.label(status)
                self.ctx.error(
                    "petition.resolved_without_date",
                    f"Trạng thái '{label}' cần có Ngày giải quyết. Hãy nhập ngày giải quyết (dd/mm/yyyy) "
                    "hoặc sửa lại trạng thái.",
                    sheet, r, self._col(cols, "resolved_date", "status"), label,
                )
        elif status in OPEN_STATUSES:
            label = status_list.label(status)
            if resolved is not None:
                self.ctx.error(
                    "petition.open_with_date",
                    f"Trạng thái '{label}' không được có Ngày giải quyết ({format_date(resolved)}). "
                    "Nếu đơn đã giải quyết xong, hãy sửa trạng thái thành 'Đã giải quyết'; nếu chưa, xoá ngày giải quyết.",
                    sheet, r, self._col(cols, "resolved_date"), format_date(resolved),
                )
            if row.get("result"):
                self.ctx.error(
                    "petition.result_on_open",
                    f"Kết quả '{self.catalog.choices['petition_result'].label(row['result'])}': đơn đang ở trạng thái "
                    f"'{label}' nên chưa có Kết quả. "
                    "Chỉ ghi Kết quả khi đơn đã giải quyết xong; hãy xoá Kết quả hoặc sửa trạng thái.",
                    sheet, r, cols.get("result"), self.catalog.choices["petition_result"].label(row["result"]),
                )
        if row.get("extension_days"):
            self._check_extension(sheet, row, cols)
        if row.get("attempt") == "2" and row.get("kind") not in (None, "khieu_nai") and cols.get("attempt"):
            kind = self.catalog.choices["petition_kind"].label(row["kind"])
            self.ctx.warning(
                "petition.attempt_not_complaint",
                f"Lần giải quyết 'Lần hai' chỉ dùng cho đơn Khiếu nại; đơn này là '{kind}' nên hạn giải quyết "
                f"vẫn tính như lần đầu. Nếu đơn là khiếu nại lần hai, hãy sửa Loại đơn; nếu không, xoá ô này.",
                sheet, r, cols["attempt"], "Lần hai",
            )

    def _check_extension(self, sheet: str, row: dict, cols: dict[str, int]) -> None:
        extension = int(row["extension_days"])
        complexity = row.get("complexity") or "binh_thuong"
        c = cols.get("extension_days")
        if row.get("kind") != "to_cao":
            self.ctx.warning(
                "petition.extension_not_denunciation",
                f"Gia hạn {extension} ngày chỉ áp dụng cho đơn tố cáo (Luật Tố cáo 2018, Điều 30) nên không "
                "được tính vào hạn giải quyết của đơn này.",
                sheet, row["_row"], c, extension,
            )
            return
        limit = {"binh_thuong": 60, "phuc_tap": 30, "dac_biet_phuc_tap": 60}.get(complexity, 0)
        if complexity == "binh_thuong" and extension <= limit:
            # a written extension decision says the case is complex, the column may have been left blank
            self.ctx.warning(
                "petition.extension_simple_case",
                f"Đơn tố cáo được gia hạn {extension} ngày nhưng Mức độ phức tạp ghi 'Bình thường'. Theo Luật "
                "Tố cáo, chỉ vụ việc phức tạp mới được gia hạn; số ngày gia hạn vẫn được tính vào hạn giải quyết. "
                "Hãy ghi Mức độ phức tạp theo quyết định gia hạn.",
                sheet, row["_row"], c, extension,
            )
        elif complexity == "binh_thuong":
            self.ctx.error(
                "petition.extension_too_long",
                f"Gia hạn {extension} ngày vượt mức tối đa 60 ngày mà Luật Tố cáo 2018 (Điều 30) cho phép, kể cả "
                "vụ việc đặc biệt phức tạp. Hãy kiểm tra lại số ngày theo quyết định gia hạn và ghi Mức độ phức tạp.",
                sheet, row["_row"], c, extension,
            )
        elif extension > limit:
            self.ctx.error(
                "petition.extension_too_long",
                f"Gia hạn {extension} ngày vượt mức tối đa {limit} ngày cho vụ việc "
                f"{self.catalog.choices['complexity'].label(complexity).lower()} (Luật Tố cáo 2018, Điều 30). "
                "Hãy kiểm tra lại số ngày theo quyết định gia hạn.",
                sheet, row["_row"], c, extension,
            )

    def _check_reception(self, sheet: str, rows: list[dict], cols: dict[str, int], year: int) -> None:
        for row in rows:
            if row.get("on_schedule") is None:
                row["on_schedule"] = "co" if row.get("form") == "dinh_ky" else "khong"
            for key in ("cases", "delegations"):
                if row.get(key) is None:
                    row[key] = 0
        forms = self.catalog.choices["reception_form"]
        hosts = self.catalog.choices["host_role"]
        self._duplicates(
            sheet, rows, cols,
            lambda row: (row.get("session_date"), row.get("form"), row.get("host_role"))
            if row.get("session_date") and row.get("form") and row.get("host_role") else None,
            "session_date",
            lambda row: f"Buổi tiếp ngày {format_date(row['session_date'])} ({forms.label(row['form'])}, "
            f"{hosts.label(row['host_role'])})",
        )

    def _check_models(self, sheet: str, rows: list[dict], cols: dict[str, int], year: int) -> None:
        level = cols.get("recognition_level")
        flagged = {f.row for f in self.ctx.result.findings  # a level already refused: one error per cell
                   if f.severity == ERROR and f.sheet == sheet and f.col == level} if level else set()
        for row in rows:
            self._order(sheet, row, cols, "start_date", "end_date", "Ngày bắt đầu", "Ngày kết thúc")
            if row.get("status") == "duoc_cong_nhan" and not row.get("recognition_level") and row["_row"] not in flagged:
                self.ctx.error(
                    "model.recognition_level_missing",
                    "Mô hình 'Được công nhận' cần ghi Cấp công nhận. Hãy chọn một trong: Cơ sở, Sở, Tỉnh, Trung ương.",
                    sheet, row["_row"], self._col(cols, "recognition_level", "status"),
                )
            row["model_key"] = model_key(row["model_name"]) if row.get("model_name") else None
        self._duplicates(
            sheet, rows, cols, lambda row: row.get("model_key"), "model_name",
            lambda row: f"Mô hình '{row['model_name']}'",
        )

    def _check_training(self, sheet: str, rows: list[dict], cols: dict[str, int], year: int) -> None:
        for row in rows:
            assigned, attended = row.get("assigned"), row.get("attended")
            if isinstance(assigned, int) and isinstance(attended, int) and attended > assigned:
                self.ctx.error(
                    "training.attended_over_assigned",
                    f"Số người tham dự ({attended}) lớn hơn Số người được cử ({assigned}). "
                    "Số tham dự không được vượt số được cử; hãy kiểm tra lại.",
                    sheet, row["_row"], cols.get("attended"), attended,
                )
        self._duplicates(
            sheet, rows, cols,
            lambda row: (row.get("course_date"), fold_key(row["course_name"])) if row.get("course_name") and row.get("course_date") else None,
            "course_name", lambda row: f"Lớp '{row['course_name']}' ngày {format_date(row['course_date'])}",
        )

    def _check_dissemination(self, sheet: str, rows: list[dict], cols: dict[str, int], year: int) -> None:
        self._duplicates(
            sheet, rows, cols,
            lambda row: (row.get("activity_date"), fold_key(row["content"])) if row.get("content") and row.get("activity_date") else None,
            "content", lambda row: f"Hoạt động '{row['content']}' ngày {format_date(row['activity_date'])}",
        )

    def _check_indicators(self, sheet: str, rows: list[dict], cols: dict[str, int], year: int) -> None:
        known = self.catalog.indicators_for(year)
        if not known and any(row.get("indicator_code") for row in rows):
            # a year before any catalogue: one error for the sheet, not one per row with no codes to offer
            first = min(self.catalog.indicators, key=lambda i: i.year).year if self.catalog.indicators else None
            self.ctx.error(
                "indicator.no_catalog",
                f"Chưa có danh mục chỉ tiêu năm {year}"
                + (f" (danh mục sớm nhất là năm {first})" if first else "")
                + ", nên không đọc được trang chỉ tiêu. Hãy kiểm tra lại Kỳ báo cáo ở trang 'Thông tin'; nếu "
                "đúng là báo cáo năm đó, hãy xoá các dòng chỉ tiêu (chỉ gửi đơn thư, tiếp công dân, mô hình) "
                "hoặc đề nghị quản trị bổ sung danh mục chỉ tiêu năm đó.",
                sheet, None, None,
            )
            rows[:] = []
            return
        seen: dict[str, int] = {}
        listed: dict[str, int] = {}  # code -> Excel row of a row listing it with Thực hiện blank
        kept: list[dict] = []
        for row in rows:
            r = row["_row"]
            raw_code = row.get("indicator_code")
            if not raw_code:
                continue
            indicator = self.catalog.indicator(year, str(raw_code))
            if indicator is None:
                codes = ", ".join(i.code for i in known if not i.derived)
                self.ctx.error(
                    "indicator.unknown",
                    f"Mã chỉ tiêu '{show_value(raw_code)}' không có trong danh mục chỉ tiêu năm {year}. "
                    f"Hãy dùng một trong: {codes}.",
                    sheet, r, cols.get("indicator_code"), raw_code,
                )
                continue
            row["indicator_code"] = indicator.code
            row["indicator_kind"] = indicator.kind
            row["direction"] = indicator.direction
            if indicator.derived:
                source = {"models": "trang 'Dân vận khéo'", "reception": "trang 'Tiếp công dân'"}.get(indicator.source, "số liệu khác")
                self.ctx.warning(
                    "indicator.derived",
                    f"Chỉ tiêu {indicator.code} được tính tự động từ {source} nên dòng này bị bỏ qua.",
                    sheet, r, cols.get("indicator_code"), indicator.code,
                )
                continue
            if row.get("actual") is None:
                listed.setdefault(indicator.code, r)  # listed but not filled in: reported below as not reported
                continue
            if indicator.code in seen:
                self.ctx.error(
                    "indicator.duplicate",
                    f"Chỉ tiêu {indicator.code} đã ghi ở dòng {seen[indicator.code]}. Mỗi chỉ tiêu chỉ ghi một dòng.",
                    sheet, r, cols.get("indicator_code"), indicator.code,
                )
                continue
            seen[indicator.code] = r
            if self._indicator_value(sheet, row, cols, indicator):
                kept.append(row)
        rows[:] = kept
        period = self.ctx.result.period
        if period is None:
            return  # which indicators the return owes depends on its period, which is already an error
        for indicator in known:
            if not indicator.derived and indicator.code not in seen and indicator.expected_in(period.kind):
                if indicator.code in listed:  # its row is there, Thực hiện left blank
                    if self.ctx.has_error_at(sheet, listed[indicator.code], cols.get("actual")):
                        continue  # not blank: a value it could not read ('#REF!'), already an error
                    self.ctx.warning(
                        "indicator.not_reported",
                        f"Chưa báo cáo chỉ tiêu {indicator.code} ({indicator.short_name}): ô Thực hiện còn trống. "
                        "Nếu đã có kết quả, hãy ghi vào ô này.",
                        sheet, listed[indicator.code], cols.get("actual"),
                    )
                    continue
                self.ctx.warning(
                    "indicator.not_reported",
                    f"Chưa báo cáo chỉ tiêu {indicator.code} ({indicator.short_name}). "
                    "Nếu đã có kết quả, hãy bổ sung một dòng cho chỉ tiêu này.",
                    sheet,
                )

    def _indicator_value(self, sheet: str, row: dict, cols: dict[str, int], indicator) -> bool:
        r, c = row["_row"], cols.get("actual")
        raw = row.get("actual")
        if raw is None:
            return False  # already reported as a missing required value
        row["actual_label"] = None
        if indicator.kind == "boolean":
            code = self.catalog.choices["yes_no"].match(raw)
            if code is None:
                self.ctx.error(
                    "indicator.bad_boolean",
                    f"Thực hiện '{show_value(raw)}' của chỉ tiêu {indicator.code} phải là Có hoặc Không.",
                    sheet, r, c, raw,
                )
                return False
            row["actual"] = 1.0 if code == "co" else 0.0
            row["actual_label"] = "Có" if code == "co" else "Không"
        elif indicator.kind == "rating":
            ratings = self.catalog.choices["rating"]
            code = ratings.match(raw)
            if code is None:
                self.ctx.error(
                    "indicator.bad_rating",
                    f"Thực hiện '{show_value(raw)}' của chỉ tiêu {indicator.code} phải là một mức xếp loại: "
                    f"{', '.join(ratings.labels)}.",
                    sheet, r, c, raw,
                )
                return False
            row["actual"] = float(code)
            row["actual_label"] = ratings.label(code)
        else:
            valid = True
            try:
                row["actual"] = parse_number(raw)
            except CellError as exc:
                self.ctx.error(
                    "number.invalid",
                    f"Thực hiện '{show_value(raw)}' của chỉ tiêu {indicator.code} {exc}. {TYPE_HINT['number']}",
                    sheet, r, c, raw,
                )
                valid = False
            if valid and row["actual"] < 0:
                self.ctx.error("number.negative", f"Thực hiện của chỉ tiêu {indicator.code} không được âm.", sheet, r, c, raw)
                valid = False
            # a ratio's Tổng số is checked even when its Thực hiện is wrong: every error of the row at once
            denominator = self._ratio_denominator(sheet, row, cols, indicator) if indicator.kind == "ratio" else None
            if not valid or (indicator.kind == "ratio" and denominator is None):
                return False
        if indicator.kind == "ratio":
            if isinstance(raw, str) and raw.strip().endswith("%") and row["actual"] > 100:
                self.ctx.error(
                    "indicator.percent_over_100",
                    f"Thực hiện '{show_value(raw)}' của chỉ tiêu {indicator.code} vượt 100%. Hãy ghi số (ví dụ số "
                    f"người) không lớn hơn Tổng số ({_num(denominator)}).",
                    sheet, r, c, raw,
                )
                return False
            if isinstance(raw, str) and raw.strip().endswith("%") and row["actual"] <= 100:
                # "100%" of 15 assigned: the count the ratio is made of
                share = row["actual"]
                row["actual"] = round(share * denominator / 100, 2)
                self.ctx.warning(
                    "indicator.percent_read_as_count",
                    f"Thực hiện '{show_value(raw)}' của chỉ tiêu {indicator.code} được hiểu là {_num(share)}% của "
                    f"Tổng số {_num(denominator)}, tức {_num(row['actual'])}. Lần sau hãy ghi số (ví dụ số người), "
                    "không ghi tỷ lệ.",
                    sheet, r, c, raw,
                )
            elif isinstance(raw, float) and 0 < raw < 1 and denominator > 1:
                # 0,95 in a General cell beside Tổng số 40: no count of people has a fraction under
                # one, so it is the share (as '95%' typed, or 0,95 in a cell styled '0%', already is)
                share = raw * 100
                row["actual"] = round(raw * denominator, 2)
                self.ctx.warning(
                    "indicator.fraction_read_as_count",
                    f"Thực hiện '{_num(raw)}' của chỉ tiêu {indicator.code} được hiểu là tỷ lệ {_num(share)}% của "
                    f"Tổng số {_num(denominator)}, tức {_num(row['actual'])}. Lần sau hãy ghi số (ví dụ số người), "
                    "không ghi tỷ lệ.",
                    sheet, r, c, raw,
                )
            elif not float(row["actual"]).is_integer() or not float(denominator).is_integer():
                # '12.5' or '98,5' of 100: a ratio counts people or tasks, whole (a typo kept as typed, told)
                whole = not float(row["actual"]).is_integer()
                self.ctx.warning(
                    "indicator.count_not_whole",
                    f"{'Thực hiện' if whole else 'Tổng số'} '{show_value(raw if whole else row['denominator'])}' của "
                    f"chỉ tiêu {indicator.code} có phần thập phân ({_num(row['actual'])}/{_num(denominator)}), nhưng "
                    "chỉ tiêu tỷ lệ đếm số người hoặc số việc. Số liệu vẫn được nhận như đã ghi; nếu ghi nhầm, hãy "
                    "sửa thành số nguyên rồi gửi lại.",
                    sheet, r, c if whole else cols.get("denominator"), raw if whole else row["denominator"],
                )
            if row["actual"] > denominator:
                self.ctx.error(
                    "indicator.actual_over_total",
                    f"Thực hiện ({_num(row['actual'])}) lớn hơn Tổng số ({_num(denominator)}) ở chỉ tiêu "
                    f"{indicator.code}. Hãy kiểm tra lại.",
                    sheet, r, c, row["actual"],
                )
                return False
        self._plan_as_meant(sheet, row, cols, indicator)
        if row.get("plan") is None:
            row["plan"] = indicator.target
        return True

    def _ratio_denominator(self, sheet: str, row: dict, cols: dict[str, int], indicator) -> float | None:
        """A ratio's Tổng số, or None with its error said (missing, or not above 0)."""
        r, dc = row["_row"], cols.get("denominator")
        denominator = row.get("denominator")
        if denominator is None and self.ctx.has_error_at(sheet, r, dc):
            return None  # written but not a number ('23 người'): that error says it, not "cần ghi Tổng số"
        if denominator is None:
            self.ctx.error(
                "indicator.denominator_missing",
                f"Chỉ tiêu {indicator.code} là tỷ lệ nên cần ghi Tổng số "
                f"({indicator.description.split('/')[-1].strip()}).",
                sheet, r, dc or cols.get("actual"),
            )
            return None
        if denominator <= 0:
            self.ctx.error(
                "indicator.denominator_zero",
                f"Tổng số của chỉ tiêu {indicator.code} phải lớn hơn 0.", sheet, r, dc, denominator,
            )
            return None
        return denominator

    def _plan_as_meant(self, sheet: str, row: dict, cols: dict[str, int], indicator) -> None:
        """Kế hoạch written as the plan words it: a Có/Không indicator's '100' or '100%' (the plan's
        "100% đơn vị") is its target 'Có'; a ratio's 1 or 0,95 is 100% or 95%. Read as written, the
        target was 100 against Thực hiện 'Có' (1), or 1% against 10 of 20: a wrong verdict, no word."""
        plan = row.get("plan")
        if plan is None or plan.__class__ not in (int, float):
            return
        r, c = row["_row"], cols.get("plan")
        if indicator.kind == "boolean" and plan != indicator.target:
            row["plan"] = indicator.target
            if plan not in (1, 100):
                shown = "Không" if plan == 0 else _num(plan)  # 'Không' typed, read as 0
                self.ctx.warning(
                    "indicator.plan_boolean",
                    f"Kế hoạch '{shown}' không dùng cho chỉ tiêu {indicator.code} (Có/Không): mục tiêu là 'Có'. "
                    "Hãy để trống ô Kế hoạch của chỉ tiêu này.",
                    sheet, r, c, shown,
                )
        elif (indicator.kind == "ratio" and indicator.measure_unit == "%" and plan not in (0, 100)
              and plan == row.get("denominator")):
            row["plan"] = 100.0  # the plan's "100% công chức" written as their number: every one of them
            self.ctx.warning(
                "indicator.plan_count",
                f"Kế hoạch '{_num(plan)}' của chỉ tiêu {indicator.code} bằng Tổng số nên được hiểu là 100%. "
                "Lần sau hãy ghi tỷ lệ phần trăm (ví dụ 100), không ghi số người.",
                sheet, r, c, plan,
            )
        elif indicator.kind == "ratio" and indicator.measure_unit == "%" and 0 < plan <= 1:
            row["plan"] = round(plan * 100, 2)
            self.ctx.warning(
                "indicator.plan_share",
                f"Kế hoạch '{_num(plan)}' của chỉ tiêu {indicator.code} được hiểu là {_num(row['plan'])}%. "
                "Lần sau hãy ghi tỷ lệ phần trăm (ví dụ 100 hoặc 95), không ghi phân số.",
                sheet, r, c, plan,
            )
        meant = row["plan"]
        easier = meant < indicator.target if indicator.direction == ">=" else meant > indicator.target
        if indicator.kind == "ratio" and easier:
            # allowed (contract §1.2: the unit's own plan), but it decides the unit's verdict: said
            suffix = "%" if indicator.measure_unit == "%" else ""
            self.ctx.warning(
                "indicator.plan_below_target",
                f"Kế hoạch {_num(meant)}{suffix} của chỉ tiêu {indicator.code} "
                f"{'thấp' if indicator.direction == '>=' else 'cao'} hơn chỉ tiêu của kế hoạch Sở "
                f"({_num(indicator.target)}{suffix}): đơn vị được đánh giá đạt hay chưa đạt theo {_num(meant)}{suffix}. "
                "Nếu không có văn bản giao kế hoạch riêng cho đơn vị, hãy để trống ô Kế hoạch rồi gửi lại.",
                sheet, r, c, plan,
            )


_ENTITY = {
    "petition_ref": "đơn",
    "session_date": "buổi tiếp",
    "model_name": "mô hình",
    "course_name": "lớp",
    "content": "hoạt động",
}
# What makes two texts one entity though written otherwise (the keys: etl.text.case_key, model_key, fold_key).
_ALIKE = {
    "petition_ref": "số hiệu chỉ khác nhau ở chữ hoa/chữ thường, có dấu hay không dấu, dấu cách hoặc số 0 ở đầu là cùng một đơn",
    "model_name": "tên chỉ khác nhau ở chữ hoa/chữ thường, dấu cách, kiểu dấu ngoặc kép hoặc dấu chấm cuối là cùng một mô hình",
    "course_name": "tên chỉ khác nhau ở chữ hoa/chữ thường, có dấu hay không dấu hoặc dấu cách là cùng một lớp",
    "content": "nội dung chỉ khác nhau ở chữ hoa/chữ thường, có dấu hay không dấu hoặc dấu cách là cùng một hoạt động",
}


def _transpose(rows: list[list[object]]) -> list[tuple[object, ...]]:
    """Rows of cells -> columns of cells; short rows are padded with None (a missing cell)."""
    widths = set(map(len, rows))
    if len(widths) > 1:
        width = max(widths)
        rows = [row if len(row) == width else [*row, *([None] * (width - len(row)))] for row in rows]
    return list(zip(*rows))


_NUMERIC = {bool, int, float}


def _distinct(raws: tuple[object, ...]) -> tuple[tuple[object, ...] | list[object], dict[object, object]]:
    """(a key per cell, {key: value} for each distinct key) for a column's values.

    The key is the value itself, unless the column mixes bool, int and float, which compare equal
    (True == 1 == 1.0) but do not parse alike ("1" vs "1.0" as text): then (type, value). A column
    holding any number has a number among its distinct values, so only those columns are checked.
    """
    distinct = dict(zip(raws, raws))
    if not _NUMERIC.isdisjoint(map(type, distinct)) and len(_NUMERIC.intersection(map(type, raws))) > 1:
        keyed = [(type(raw), raw) for raw in raws]
        return keyed, dict(zip(keyed, raws))
    return raws, distinct


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def _fill_hint(column: Column, catalog: Catalog) -> str:
    if column.type == "choice":
        return f"Hãy chọn một trong: {', '.join(catalog.choices[column.choices or ''].labels)}."
    if column.type in TYPE_HINT:
        return TYPE_HINT[column.type]
    if column.type == "indicator_value":
        return "Hãy ghi Có/Không, mức xếp loại (Xuất sắc, Tốt, Khá, Trung bình, Yếu) hoặc số."
    return f"Hãy nhập {column.label.lower()}."


@lru_cache(maxsize=1)
def _default_calendar() -> WorkCalendar:
    return WorkCalendar.from_csv()


@lru_cache(maxsize=1)
def _default_rules() -> RuleSet:
    return RuleSet.from_csv()


_FACT_KEYS = ("kind", "received_date", "accepted_date", "within_competence", "attempt", "complexity",
              "remote_area", "extension_days")  # the row values a case's deadline depends on
_DUE_KEYS = ("due_date", "due_basis", "due_rule")
_DATE_CELL = {date, type(None)}  # what a parsed date column holds


def _petition_suspects(c: dict[str, list[object]], status_column: bool) -> Iterable[int]:
    """The rows (indexes) that ``_check_petition_row`` might report on: every row whose dates are
    in order, whose status agrees with its resolution date and result, that has no extension and
    no second attempt outside a complaint yields no finding there. Every row when a date column holds something other than dates."""
    rec, acc, res, due = c["received_date"], c["accepted_date"], c["resolved_date"], c["due_date_given"]
    if not all(_DATE_CELL.issuperset(map(type, column)) for column in (rec, acc, res, due)):
        return range(len(rec))
    closed, open_ = CLOSED_STATUSES, OPEN_STATUSES
    return [
        i for i, (r, a, z, d, status, outcome, extension, kind, attempt) in enumerate(
            zip(rec, acc, res, due, c["status"], c["result"], c["extension_days"], c["kind"], c["attempt"]))
        if (a is not None and r is not None and a < r)
        or (z is not None and (z < a if a is not None else r is not None and z < r))
        or (d is not None and r is not None and d < r)
        or extension
        or (status in closed and z is None and status_column)
        or (status in open_ and (z is not None or outcome))
        or (attempt == "2" and kind not in (None, "khieu_nai"))
    ]


def _petition_deadlines(c: dict[str, list[object]], calendar: WorkCalendar,
                        rules: RuleSet) -> tuple[list[object], list[object], list[object], list[int]]:
    """Statutory deadline of every case (unless the unit gave one), its basis and rule:
    (due dates, bases, rule ids, the rows that get none of the three: no kind or no receipt date).

    Cases repeat their facts (same kind, dates, complexity ...): the deadline is computed once per
    distinct combination of the row values it depends on (``RuleSet.resolution_due``, the facts
    as ``CaseFacts`` would hold them).
    """
    values = list(zip(*(c[key] for key in _FACT_KEYS)))
    outcomes: dict[tuple, tuple[object, object, object] | None] = {}
    due = rules.resolution_due
    for case in dict.fromkeys(values):
        kind, received, accepted, within_competence, attempt, complexity, remote_area, extension_days = case
        if not isinstance(received, date) or not kind:
            outcomes[case] = None
            continue
        try:
            outcomes[case] = due(
                calendar, str(kind), received, accepted if isinstance(accepted, date) else None,
                within_competence != "khong", int(attempt or 1) if kind == "khieu_nai" else 1,
                str(complexity or "binh_thuong"), remote_area == "co",
                int(extension_days or 0) if kind == "to_cao" else 0,
            )
        except ValueError:
            outcomes[case] = (None, None, None)
        except OverflowError:  # a date near 31/12/9999, already an error of its cell: no deadline to speak of
            outcomes[case] = None
    found = list(map(outcomes.__getitem__, values))
    undated = [i for i, outcome in enumerate(found) if outcome is None] if None in found else []
    for i in undated:
        found[i] = (None, None, None)
    skipped = set(undated)
    given = c["due_date_given"]
    for i in [i for i, day in enumerate(given) if day is not None]:
        if isinstance(given[i], date) and i not in skipped:
            found[i] = (given[i], "Hạn do đơn vị ghi trong báo cáo", found[i][2])
    due_dates, bases, rule_ids = map(list, zip(*found))
    return due_dates, bases, rule_ids, undated


def _dicts(keys: list[str], columns: list[list[object]]) -> list[dict[str, object]]:
    """Columns -> one dict per row."""
    return [dict(zip(keys, values)) for values in zip(*columns)]


def _kept_texts(distinct: dict[object, object], names: bool = False) -> bool:
    """Whether ``_cell`` keeps every one of these values of a text column as it is, without a
    finding: each is a non-empty ``str`` that ``clean`` leaves alone (printable, so its only space
    is U+0020; no double, leading or trailing space; NFC) and that ``_MAY_HOLD_PII`` does not match
    (nor, with ``names``, ``_MAY_HOLD_NAME``, ``_MAY_HOLD_RESIDENCE`` or ``_MAY_HOLD_IDENTITY``: a
    match needs a space or a word of its own, never '|').

    Checked once on the values joined with ``|``: printable, NFC-stable (it composes with nothing),
    never part of a ``_MAY_HOLD_PII`` match, and next to a space or to ``|`` only where a value
    starts or ends with a space, or is empty (or holds ``|``: then refused, which only costs time).
    """
    texts = distinct.values()
    if not texts or set(map(type, texts)) != {str}:
        return False
    joined = "|".join(texts)  # type: ignore[arg-type]
    return (
        joined.isprintable()
        and joined[:1] not in ("", " ", "|")
        and joined[-1:] not in (" ", "|")
        and "  " not in joined
        and "||" not in joined
        and " |" not in joined
        and "| " not in joined
        and unicodedata.is_normalized("NFC", joined)
        and not _MAY_HOLD_PII.search(joined)
        and not (names and (_MAY_HOLD_NAME.search(joined) or _MAY_HOLD_RESIDENCE.search(joined)
                            or _MAY_HOLD_IDENTITY.search(joined)))
    )
