"""Tests for etl.text: normalisation, matching keys, legacy TCVN3 / VNI repair."""

from __future__ import annotations

import unicodedata

import pytest

from etl.text import (
    clean,
    detect_legacy,
    detect_legacy_many,
    fold,
    fold_all,
    fold_key,
    fold_marks,
    legacy_to_unicode,
    nfc,
    repair,
    strip_diacritics,
)

MOTTO = "Cộng hòa xã hội chủ nghĩa Việt Nam"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"

# ---------------------------------------------------------------------------
# Independent Unicode -> legacy encoders (written apart from the module's tables)
# ---------------------------------------------------------------------------

# TCVN3 as it is usually charted: the letters in alphabetical order above, their
# cp1252 look-alikes below.
_TCVN3_UNI = "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵĂÂÊÔƠƯĐ"
_TCVN3_LEG = "µ¶·¸¹¨»¼½¾Æ©ÇÈÉÊË®ÌÎÏÐÑªÒÓÔÕÖ×ØÜÝÞßáâãä«åæçèé¬êëìíîïñòóô\xadõö÷øùúûüýþ¡¢£¤¥¦§"
assert len(_TCVN3_UNI) == len(_TCVN3_LEG)
_TO_TCVN3 = dict(zip(_TCVN3_UNI, _TCVN3_LEG, strict=True))


def to_tcvn3(s: str, h_font: bool = False) -> str:
    """Encode for a .VnTime font; with ``h_font`` capitals are typed as for .VnTimeH."""
    out = []
    for ch in nfc(s):
        if h_font and ch.lower() in _TO_TCVN3 and ch not in _TO_TCVN3:
            ch = ch.lower()
        if ch in _TO_TCVN3:
            out.append(_TO_TCVN3[ch])
        elif ch.isascii():
            out.append(ch)
        else:
            raise ValueError(f"{ch!r} cannot be typed in a TCVN3 normal font")
    return "".join(out)


_VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï", "": ""}
_VNI_CIRC = {"\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä", "": "â"}
_VNI_BREVE = {"\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë", "": "ê"}
_VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò", "": "i"}


def to_vni(s: str) -> str:
    """Encode for a VNI-Windows font by decomposing each letter into base + marks."""
    out = []
    for ch in nfc(s):
        if ch in "đĐ":
            out.append("ñ" if ch == "đ" else "Ñ")
            continue
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        if not marks:
            out.append(ch)
            continue
        upper = base.isupper()
        low = base.lower()
        tone = next((m for m in marks if m in _VNI_TONE and m), "")
        if low == "i":
            seq = _VNI_I[tone]
        elif "\u031b" in marks:  # horn: ơ / ư are single characters
            seq = {"o": "ô", "u": "ö"}[low] + _VNI_TONE[tone]
        elif "\u0302" in marks:
            seq = low + _VNI_CIRC[tone]
        elif "\u0306" in marks:
            seq = low + _VNI_BREVE[tone]
        else:
            seq = low + _VNI_TONE[tone]
        out.append(seq.upper() if upper else seq)
    return "".join(out)


def test_encoders_match_known_forms() -> None:
    assert to_tcvn3(MOTTO) == "Céng hßa x· héi chñ nghÜa ViÖt Nam"
    assert to_vni(MOTTO) == "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"
    assert to_vni("Việt Nam") == "Vieät Nam"


# ---------------------------------------------------------------------------
# nfc / clean / strip_diacritics / fold / fold_marks
# ---------------------------------------------------------------------------


def test_nfc_composes() -> None:
    decomposed = unicodedata.normalize("NFD", "Việt")
    assert decomposed != "Việt"
    assert nfc(decomposed) == "Việt"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Đơn  thư ", "Đơn thư"),
        ("Đơn\u00a0thư", "Đơn thư"),
        ("Tiếp\tcông\n\ndân", "Tiếp công dân"),
        ("\r\n Khiếu nại \u00a0\u2003", "Khiếu nại"),
        ("Đơn\u200bthư", "Đơnthư"),
        (unicodedata.normalize("NFD", " Tố cáo "), "Tố cáo"),
        (12, "12"),
        (12.5, "12.5"),
        (None, ""),
        ("", ""),
    ],
)
def test_clean(raw: object, expected: str) -> None:
    assert clean(raw) == expected


def test_strip_diacritics() -> None:
    assert strip_diacritics("Đơn thư") == "Don thu"
    assert strip_diacritics("ĐƯỜNG ĐẮK LẮK") == "DUONG DAK LAK"
    assert strip_diacritics(MOTTO) == "Cong hoa xa hoi chu nghia Viet Nam"
    assert strip_diacritics(unicodedata.normalize("NFD", "Nguyễn Thị Ánh")) == "Nguyen Thi Anh"
    assert strip_diacritics("Ðoàn") == "Doan"  # U+00D0 look-alike


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Đơn  thư", "don thu"),
        ("ĐƠN THƯ", "don thu"),
        (unicodedata.normalize("NFD", "Đơn thư"), "don thu"),
        (" Phòng Kế hoạch -\u00a0Tài chính\n", "phong ke hoach - tai chinh"),
        ("Dân vận KHÉO", "dan van kheo"),
        (None, ""),
    ],
)
def test_fold(raw: object, expected: str) -> None:
    assert fold(raw) == expected


TRICKY_TEXTS = [
    "000123/ĐT", "000123/ÐT", "Đơn-7", unicodedata.normalize("NFD", "Đơn thư số 5"), "ĐƠN  thư", " lead", "trail ",
    "a\u00a0b", "tab\there", "new\nline", "zero\u200bwidth", "bom\ufeff", "", " ", "|", "a|b", "a |b", "a| b",
    "ß Straße", "İstanbul", "ǅemal", "ﬁle", "Ω", "Ὀδυσσεύς", "Ǆ", "x\u0301", "\u0301x", "Ðông ða", "12", "Tố cáo",
    "tô cao", "ⅷ", "①", "ＡＢＣ", "e\u0308\u0301", "Việt Nam", "ư\u0323", "x" * 300,
]


@pytest.mark.parametrize("start", range(0, len(TRICKY_TEXTS), 5))
def test_fold_all_is_fold_of_each(start: int) -> None:
    """The joined fast path gives exactly what fold gives, one value at a time."""
    texts = TRICKY_TEXTS[start:] + TRICKY_TEXTS[:start]
    assert fold_all(texts) == [fold_key(t) for t in texts]
    for text in texts:  # each alone, and next to clean case numbers (the fast path's usual input)
        values = [f"{i:06d}/ĐT" for i in range(3)] + [text] + ["Đơn thư", "don thu"]
        assert fold_all(values) == [fold_key(v) for v in values]
        assert fold_all([text]) == [fold_key(text)]
    mixed = [None, 12, 1.5, True, "Đơn", "ĐƠN"]
    assert fold_all(mixed) == [fold_key(v) for v in mixed]
    assert fold_all([]) == []


def test_fold_all_matches_fold_on_random_text() -> None:
    import random

    rng = random.Random(5)
    alphabet = "aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠàáảãạĐđÐð ÉéÊêỆệỳýỷỹỵ|  \u00a0\u0301\u0323ßİıǅﬁΩ09/-.@"
    for _ in range(300):
        values = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))
                  for _ in range(rng.randrange(1, 8))]
        if rng.random() < 0.5:
            values = [unicodedata.normalize(rng.choice(["NFC", "NFD"]), v) for v in values]
        assert fold_all(values) == [fold_key(v) for v in values], values


def test_fold_nfd_equals_nfc() -> None:
    for text in (MOTTO, SLOGAN, "Ủy ban nhân dân", "Nguyễn Văn Đức"):
        assert fold(unicodedata.normalize("NFD", text)) == fold(text)
        assert fold_marks(unicodedata.normalize("NFD", text)) == fold_marks(text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dân vận  KHÉO", "dân vận khéo"),
        ("ĐƠN THƯ", "đơn thư"),
        (unicodedata.normalize("NFD", "Tiếp Công Dân"), "tiếp công dân"),
        ("Đơn\u00a0thư\n", "đơn thư"),
    ],
)
def test_fold_marks(raw: object, expected: str) -> None:
    assert fold_marks(raw) == expected
    assert fold_marks(raw) == nfc(fold_marks(raw))


def test_fold_marks_keeps_distinct_words_apart() -> None:
    assert fold("Tố cáo") == fold("tô cao")
    assert fold_marks("Tố cáo") != fold_marks("tô cao")


# ---------------------------------------------------------------------------
# Legacy conversion: exact outputs
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("legacy", "encoding", "expected"),
    [
        ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "tcvn3", MOTTO),
        ("§éc lËp - Tù do - H¹nh phóc", "tcvn3", SLOGAN),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni", MOTTO),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "vni", SLOGAN),
        ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "vni", MOTTO.upper()),
        ("ÑOÄC LAÄP - TÖÏ DO - HAÏNH PHUÙC", "vni", SLOGAN.upper()),
        ("Vieät Nam", "vni", "Việt Nam"),
        ("Saün coù, Ñaø Naüng", "vni", "Sẵn có, Đà Nẵng"),
        ("ViÖt Nam", "tcvn3", "Việt Nam"),
    ],
)
def test_legacy_to_unicode_exact(legacy: str, encoding: str, expected: str) -> None:
    assert legacy_to_unicode(legacy, encoding) == expected
    assert detect_legacy(legacy) == encoding
    assert repair(legacy) == (expected, encoding)


@pytest.mark.parametrize(
    ("legacy", "font", "encoding", "expected"),
    [
        ("Céng hßa x· héi chñ nghÜa ViÖt Nam", ".VnTime", "tcvn3", MOTTO),
        ("§éc lËp - Tù do - H¹nh phóc", ".VnArial", "tcvn3", SLOGAN),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "VNI-Times", "vni", MOTTO),
        # .VnTimeH: the lower-case bytes are drawn as capitals.
        ("Céng hßa x· héi chñ nghÜa ViÖt Nam", ".VnTimeH", "tcvn3", MOTTO.upper()),
        ("CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM", ".VnTimeH", "tcvn3", MOTTO.upper()),
        ("§éc lËp - Tù do - H¹nh phóc", ".VnArialH", "tcvn3", SLOGAN.upper()),
        # A single word that is also valid-looking Unicode: the font decides.
        ("Céng", ".VnTime", "tcvn3", "Cộng"),
        ("Tè c¸o", ".VnTime", "tcvn3", "Tố cáo"),
        # A case number: 'ĐT' is no syllable, but '§' (Đ) is a sign only TCVN3 gives, and no word is
        # lost (they were kept as typed, and the same case in a Unicode return counted twice).
        ("01/§T", ".VnTime", "tcvn3", "01/ĐT"),
        ("Sè 05/§T-TTr", ".VnTime", "tcvn3", "Số 05/ĐT-TTr"),
        ("01/ÑT", "VNI-Times", "vni", "01/ĐT"),
    ],
)
def test_repair_with_font(legacy: str, font: str, encoding: str, expected: str) -> None:
    assert detect_legacy(legacy, font) == encoding
    assert repair(legacy, font) == (expected, encoding)


def test_a_legacy_sign_without_its_font_is_left_as_typed() -> None:
    """Without the font (or a sheet's hint), '01/§T' is not enough to call it TCVN3."""
    assert repair("01/§T") == ("01/§T", None)
    assert repair("01/§T", "Arial") == ("01/§T", None)


def test_tcvn3_all_caps_words_without_font() -> None:
    # All-capital ASCII around lower-case TCVN3 bytes can only be meant as capitals.
    assert repair("CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM") == (MOTTO.upper(), "tcvn3")
    assert legacy_to_unicode("HéI ®ång nh©n d©n", "tcvn3") == "HỘI đồng nhân dân"
    # 'Sè 12/UBND': 'Sè' has one ASCII letter only, so it is left as typed.
    assert legacy_to_unicode("Sè 12/UBND", "tcvn3") == "Số 12/UBND"


def test_vni_single_letters() -> None:
    assert legacy_to_unicode("ñ Ñ ö Ö ô Ô æ ó ò í ì aú", "vni") == "đ Đ ư Ư ơ Ơ ỉ ĩ ị í ì ẳ"


def test_legacy_to_unicode_returns_nfc_and_rejects_unknown() -> None:
    out = legacy_to_unicode("ViÖt Nam", "TCVN3")
    assert out == "Việt Nam" and out == nfc(out)
    with pytest.raises(ValueError):
        legacy_to_unicode("x", "viscii")


def test_tcvn3_table_is_complete() -> None:
    # Every TCVN3 letter converts back to the Unicode letter it stands for.
    assert legacy_to_unicode(_TCVN3_LEG, "tcvn3") == _TCVN3_UNI


def test_vni_table_is_complete() -> None:
    letters = _TCVN3_UNI[:-7] + "ĂÂÊÔƠƯĐ"
    letters += "".join(c.upper() for c in letters)
    assert legacy_to_unicode(to_vni(letters), "vni") == letters


# ---------------------------------------------------------------------------
# Round trips through the encoders: detection and conversion
# ---------------------------------------------------------------------------

UNITS = [
    "Thanh tra Sở",
    "Phòng Kế hoạch - Tài chính",
    "Đơn thư",
    "Tiếp công dân",
    "Dân vận khéo",
    "Khiếu nại",
    "Tố cáo",
    "Đã giải quyết",
]

PHRASES = UNITS + [
    MOTTO,
    SLOGAN,
    "Sở Tư pháp",
    "Sở Tài nguyên và Môi trường",
    "Sở Giáo dục và Đào tạo",
    "Sở Lao động - Thương binh và Xã hội",
    "Công an tỉnh",
    "Phản ánh, kiến nghị",
    "Đang giải quyết",
    "Chưa giải quyết",
    "Quá hạn",
    "Đúng hạn",
    "Trả lời công dân",
    "Hòa giải ở cơ sở",
    "Huyện Đông Anh",
    "Xã Tân Phú",
    "Thành phố Hồ Chí Minh",
    "Thị xã Sơn Tây",
    "Ban Dân vận Tỉnh ủy",
    "Mặt trận Tổ quốc Việt Nam",
    "Hội Liên hiệp Phụ nữ",
    "Đoàn Thanh niên",
    "Số lượng đơn",
    "Tổng số đơn",
    "Ngày tiếp nhận",
    "Người đứng đơn",
    "Nội dung vụ việc",
    "Kết quả xử lý",
    "Bảo hiểm xã hội",
    "Nguyễn Văn An",
    "Trần Thị Bích Ngọc",
    "Lê Hoàng Long",
    "Phạm Minh Tuấn",
    "Võ Thị Sáu",
    "khuyến khích đổi mới",
    "quyết định số 15",
    "thuở xưa giường ngủ",
    "Buôn Ma Thuột, Đắk Lắk",
    "Bà Rịa - Vũng Tàu",
]


@pytest.mark.parametrize("phrase", PHRASES)
def test_tcvn3_round_trip(phrase: str) -> None:
    legacy = to_tcvn3(phrase)
    assert legacy_to_unicode(legacy, "tcvn3") == phrase
    assert detect_legacy(legacy) == "tcvn3"
    assert detect_legacy(legacy, ".VnTime") == "tcvn3"
    assert repair(legacy) == (phrase, "tcvn3")


# Legacy forms that are themselves plausible Unicode Vietnamese or carry no sign that
# Western words lack: only the font can tell ('Ghi chó' is a real phrase; 'Tæng' could
# be Danish).
FONT_ONLY = ["Ghi chú", "Tổng cộng", "Cộng", "Tố", "Sổ"]


@pytest.mark.parametrize("phrase", FONT_ONLY)
def test_tcvn3_ambiguous_needs_font(phrase: str) -> None:
    legacy = to_tcvn3(phrase)
    assert detect_legacy(legacy) is None
    assert repair(legacy, ".VnTime") == (phrase, "tcvn3")


@pytest.mark.parametrize("phrase", PHRASES + FONT_ONLY)
def test_tcvn3_h_font_round_trip(phrase: str) -> None:
    legacy = to_tcvn3(phrase.upper(), h_font=True)
    assert repair(legacy, ".VnTimeH") == (phrase.upper(), "tcvn3")


@pytest.mark.parametrize("phrase", PHRASES + ["Ủy ban nhân dân tỉnh", "ỦY BAN NHÂN DÂN"])
def test_vni_round_trip(phrase: str) -> None:
    legacy = to_vni(phrase)
    assert legacy_to_unicode(legacy, "vni") == phrase
    assert detect_legacy(legacy) == "vni"
    assert detect_legacy(legacy, "VNI-Times") == "vni"
    assert repair(legacy) == (phrase, "vni")


@pytest.mark.parametrize("phrase", PHRASES)
def test_vni_upper_round_trip(phrase: str) -> None:
    legacy = to_vni(phrase.upper())
    assert repair(legacy) == (phrase.upper(), "vni")


# ---------------------------------------------------------------------------
# No false positives
# ---------------------------------------------------------------------------

VIETNAMESE_UNICODE = [
    MOTTO,
    SLOGAN,
    "Nguyễn",
    "Đơn thư",
    "Tiếp công dân",
    "Dân vận khéo",
    "Khiếu nại",
    "Tố cáo",
    "Đã giải quyết",
    "Thanh tra Sở",
    "Ủy ban nhân dân tỉnh",
    "Người dân được hướng dẫn",  # ư ơ, huyền, nặng, ngã
    "Trường học mới xây",  # ư ơ, huyền, nặng, sắc
    "Mẹ tôi mua cá ở chợ",  # hỏi, nặng, ô, ơ
    "Văn bản đề nghị của công dân",
    "Ăn quả nhớ kẻ trồng cây",
    "Năm nay trời rét đậm",
    "Bảo vệ quyền lợi hợp pháp",
    "Sữa chua, bánh mì, phở bò",
    "Hồ Gươm, Hà Nội",
    "Đà Nẵng",
    "Cần Thơ",
    "Thừa Thiên Huế",
    "Quảng Ngãi",
    "Kỳ họp thứ năm",
    "Chủ tịch Hội đồng nhân dân",
    "Giấy chứng nhận quyền sử dụng đất",
    "khuya, khuỷu tay, thuở ấy",
    # Latin-1-only Vietnamese: the dangerous ones, every character is cp1252.
    "Phòng Tài chính",
    "Tòa án nhân dân",
    "Công an xã",
    "Tây Ninh",
    "Hòa Bình",
    "Cà Mau",
    "Lào Cai",
    "Yên Bái",
    "Thái Bình",
    "Tuyên Quang",
    "Tây Nguyên",
    "Hà Giang",
    "Thanh Hóa",
    "Thanh Hoá",
    "Kiên Giang",
    "Phú Yên",
    "Cà phê",
    "Bánh mì",
    "Tôi yêu em",
    "Xin chào",
    "Không có",
    "Chánh án",
    "Thi hành án",
    "Quân khu",
    "Hòa giải",
    "Hoà giải",
    "Khoá học",
    "Ông Bà",
    "Gò Công",
    "Cô Tô",
    "Bà Chiểu và Phú Nhuận",
    "Tôi",
    "có",
    "Tuý",
    "Thúy",
]

OTHER_TEXT = [
    "",
    "   ",
    "Café",
    "Señor",
    "Señora Muñoz",
    "Quán Café Sài Gòn",
    "Café Trung Nguyên",
    "Giám đốc Señor Pedro",
    "Crème brûlée à la française",
    "Là où il est, où est-il ?",
    "J'ai dû partir tôt",
    "Il est né à Genève",
    "El niño comió piña",
    "Raúl y José están en Perú",
    "A mãe e o pão",
    "Die Straße ist schön",
    "Größe, Übung, Äpfel, Öl, Käse",
    "Più, può, città, perché",
    "Loïc",
    "naïve où",
    "Le goût du café",
    "São Paulo",
    "mãe",
    "Müller GmbH, Zürich",
    "Straße",
    "Ångström",
    "1ª edición",
    "«Bonjour»",
    "© 2024 Company®",
    "25°C ± 2",
    "½ kg, 3×4 m²",
    "Total amount",
    "Complaint resolved",
    "The quick brown fox jumps over the lazy dog",
    "12345",
    "1.234",
    "12,5",
    "15/01/2025",
    "2025-01-15",
    "15/01/2025 08:30",
    "Tel: 0912 345 678",
    "UBND",
    "Số 12/UBND-TCD",
    "Nam",
    "Ha Noi",
]


@pytest.mark.parametrize("text", VIETNAMESE_UNICODE)
def test_no_false_positive_vietnamese(text: str) -> None:
    assert detect_legacy(text) is None
    assert repair(text) == (text, None)


@pytest.mark.parametrize("text", VIETNAMESE_UNICODE)
def test_no_false_positive_nfd(text: str) -> None:
    decomposed = unicodedata.normalize("NFD", text)
    assert detect_legacy(decomposed) is None
    assert repair(decomposed) == (text, None)  # comes back composed


@pytest.mark.parametrize("text", OTHER_TEXT)
def test_no_false_positive_other(text: str) -> None:
    assert detect_legacy(text) is None
    assert repair(text) == (text, None)


@pytest.mark.parametrize("font", [".VnTime", ".VnTimeH", "VNI-Times"])
@pytest.mark.parametrize("text", [t for t in VIETNAMESE_UNICODE if t.encode("cp1252", "ignore").decode("cp1252") != t])
def test_unicode_in_legacy_font_cell_is_left_alone(font: str, text: str) -> None:
    # Templates keep their .VnTime font while people type Unicode into them.
    assert detect_legacy(text, font) is None


@pytest.mark.parametrize(
    ("text", "font"),
    [
        ("Phòng Tài chính", ".VnTime"),
        ("Quán Café Sài Gòn", ".VnTime"),
        ("Công an xã", "VNI-Times"),
        ("Total 2025", ".VnTime"),
        ("15/01/2025", "VNI-Times"),
    ],
)
def test_legacy_font_needs_something_to_convert(text: str, font: str) -> None:
    assert detect_legacy(text, font) is None


@pytest.mark.parametrize("font", ["Times New Roman", "Arial", "", None])
def test_other_fonts_fall_back_to_content(font: str | None) -> None:
    assert detect_legacy("Céng hßa x· héi chñ nghÜa ViÖt Nam", font) == "tcvn3"
    assert detect_legacy("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", font) == "vni"
    assert detect_legacy(MOTTO, font) is None


def test_font_and_content_disagree_content_wins() -> None:
    # A VNI string in a cell whose font says TCVN3 is still read as VNI.
    assert detect_legacy("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", ".VnTime") == "vni"


# ---------------------------------------------------------------------------
# Sheet-level detection and hints
# ---------------------------------------------------------------------------

SHEET_TCVN3 = [to_tcvn3(t) for t in ("Chỉ tiêu", "Có", "Không", "Thực hiện", "Dân vận khéo", "Ghi chú")]


def test_detect_legacy_many_decides_for_the_sheet() -> None:
    assert detect_legacy("Cã") is None  # 'Có' alone is also valid Unicode ('cã')
    assert detect_legacy_many(["STT", "12", *SHEET_TCVN3, MOTTO]) == "tcvn3"
    assert detect_legacy_many([to_vni(t) for t in ("Có", "Không", "Ghi chú", "Thực hiện")]) == "vni"
    assert detect_legacy_many([MOTTO, "Phòng Tài chính", "Có", "Cà Mau", "12", ""]) is None
    assert detect_legacy_many([]) is None


def test_hint_repairs_single_words() -> None:
    assert repair("Cã", hint="tcvn3") == ("Có", "tcvn3")
    assert repair("Ghi chó", hint="tcvn3") == ("Ghi chú", "tcvn3")
    assert repair("Coù", hint="vni") == ("Có", "vni")
    # The hint never overrides what the cell itself shows.
    assert repair(MOTTO, hint="tcvn3") == (MOTTO, None)
    assert repair("Phòng Tài chính", hint="tcvn3") == ("Phòng Tài chính", None)
    assert repair("Total 2025", hint="vni") == ("Total 2025", None)
    # A legacy font wins over the hint.
    assert repair("Coäng hoøa", "VNI-Times", hint="tcvn3") == ("Cộng hòa", "vni")


def test_labels_fold_every_dash_and_stored_keys_keep_theirs() -> None:
    """A header, a sheet name or a choice typed with Word's en dash is the one with '-'; the key a
    case number or a course name is stored under does not change (rows stored before still match)."""
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d":
        assert fold(f"Văn hóa {dash} Xã hội") == "van hoa - xa hoi"
        assert fold_key(f"12{dash}KN") == f"12{dash}kn"
    assert fold("Quốc phòng - an ninh") == fold_key("Quốc phòng - an ninh") == "quoc phong - an ninh"
    assert fold_all(["12–KN", "Tập huấn"]) == ["12–kn", "tap huan"]


def test_case_keys_are_case_key_of_each() -> None:
    from etl.text import case_key, case_keys

    values = ["01/\nĐT", "01 / ĐT", "Đơn số 01 - KN", "12–KN (lần 2)", "TTR-03", "a\x00 / b", 7, "Số 5 /UBND", "０１／ＫＮ",
              "０１"]
    assert case_keys(values) == [case_key(v) for v in values]
    assert [case_key(v) for v in values[:4]] == ["01/dt", "01/dt", "don so 01-kn", "12–kn(lan 2)"]


def _migrated(migration: str, table: str, column: str, stored: list[str]) -> tuple[str, list[str]]:
    """(the migration's SQL, ``stored`` keys as it leaves them), run on a table of those keys alone."""
    from pathlib import Path

    import duckdb

    sql = (Path(__file__).resolve().parent.parent / "etl" / "migrations" / migration).read_text("utf-8")
    con = duckdb.connect()
    con.execute(f"CREATE TABLE {table} ({column} VARCHAR)")
    con.executemany(f"INSERT INTO {table} VALUES (?)", [[key] for key in stored])
    con.execute(sql)
    return sql, [r[0] for r in con.execute(f"SELECT {column} FROM {table} ORDER BY rowid").fetchall()]


def test_model_key_in_python_is_what_migration_006_gives_in_duckdb() -> None:
    from etl.text import KEY_END, KEY_QUOTES_FROM, KEY_QUOTES_TO, fold_marks, model_key

    names = ["Mô hình “Dân vận khéo”.", 'Mô hình "Dân vận khéo"', "Bản – làng ‘sạch’!", "...", "Đường — đẹp ;", "Sạch"]
    sql, got = _migrated("006_model_key_quotes.sql", "model_rows", "model_key", [fold_marks(n) for n in names])
    assert sql.count(f"'{KEY_QUOTES_FROM}'") == 3 and f"'{KEY_END}'" in sql
    assert sql.count("'" + KEY_QUOTES_TO.replace("'", "''") + "'") == 3
    assert got == [model_key(n) for n in names]
    assert got[:2] == ['mô hình "dân vận khéo"'] * 2 and got[3] == "..." and got[4] == "đường - đẹp"


def test_case_key_in_python_is_what_migration_005_gives_in_duckdb() -> None:
    from etl.text import FULL_WIDTH_FROM, FULL_WIDTH_TO, case_key, fold_key

    refs = ["01/\nĐT", "01 / ĐT", "０１／ＫＮ", "０１ － ＫＮ", "Đơn số 01 - KN", "12–KN (lần 2)", "TTR-03", "a [b] c",
            "x ` y", "p { q } r", "Số 5 /UBND", "Ｌò Văn"]
    sql, got = _migrated("005_case_key_spaces.sql", "petition_rows", "ref_key", [fold_key(r) for r in refs])
    assert f"'{FULL_WIDTH_FROM}'" in sql and "'" + FULL_WIDTH_TO.replace("'", "''") + "'" in sql
    assert got == [case_key(r) for r in refs]
    assert got[:4] == ["01/dt", "01/dt", "01/kn", "01-kn"]


def test_case_key_in_python_is_what_migration_008_gives_in_duckdb() -> None:
    """A number alone loses its leading zeros ('01' typed as text and 1, what Excel keeps of 01 typed
    as a number, are one case); nothing else changes."""
    from etl.text import case_key, case_keys

    refs = ["01", "1", "001", "0", "00", "01/ĐT", "10", "A01", "0A", "0 1"]
    stored = ["01", "1", "001", "0", "00", "01/dt", "10", "a01", "0a", "0 1"]  # as keyed before 008
    _, got = _migrated("008_case_key_zeros.sql", "petition_rows", "ref_key", stored)
    assert got == [case_key(r) for r in refs] == case_keys(refs)
    assert got == ["1", "1", "1", "0", "0", "01/dt", "10", "a01", "0a", "0 1"]
    assert case_key(1) == case_key("01")


def test_model_key_in_python_is_what_migration_009_gives_in_duckdb() -> None:
    """The tone of a closing 'oa', 'oe', 'uy' on its first vowel: 'văn hoá' and 'văn hóa' are one model
    (counted twice: a unit's keyboard set to the old style in Quý I, the new in 6 tháng)."""
    from etl.text import OLD_TONES, model_key

    names = ["Mô hình Văn hoá hoà hợp", "Mô hình Văn hóa hòa hợp", "Khoẻ để phục vụ", "Thuý", "Quý dân",
             "Hoàn thành", "Toà án", "Tuỳ cơ", "Hoá hoá", "Xoè,hoà", "hoà_hợp", "hoá1"]
    stored = [fold_marks(n) for n in names]  # as keyed before 009
    sql, got = _migrated("009_model_key_tones.sql", "model_rows", "model_key", stored)
    assert all(f"'(^|[^q]){old}(" in sql for old in OLD_TONES) and len(OLD_TONES) == 15
    assert got == [model_key(n) for n in names]
    assert got[0] == got[1] == "mô hình văn hóa hòa hợp"
    assert got[2:8] == ["khỏe để phục vụ", "thúy", "quý dân", "hoàn thành", "tòa án", "tùy cơ"]
