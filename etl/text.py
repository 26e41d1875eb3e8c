"""Vietnamese text helpers: normalisation, matching keys and legacy-font repair.

Real Excel files from Vietnamese offices mix three kinds of text:

* Unicode, sometimes decomposed (NFD) -> :func:`nfc`, :func:`clean`;
* TCVN3 / ABC text typed in ``.VnTime``-style fonts, which Excel hands us as the
  cp1252 reading of the font's bytes ("Céng hßa" for "Cộng hòa");
* VNI-Windows text typed in ``VNI-Times``-style fonts, where a toned vowel is a base
  letter followed by one or two mark characters ("Coäng hoøa" for "Cộng hòa").

:func:`repair` detects and converts the legacy forms; :func:`fold` and
:func:`fold_marks` build matching keys.

The conversion tables are built here from the published TCVN3 (TCVN 5712:1993 VN3)
and VNI-Windows layouts. They were cross-checked entry by entry against the tables
of the MIT-licensed ``viparse`` package (0.1.31, Copyright (c) 2026 minhtridinh,
``viparse/normalize/tcvn3.py`` and ``vni.py``); no code was copied from it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final, Literal

__all__ = [
    "LegacyEncoding",
    "ascii_width",
    "clean",
    "detect_legacy",
    "detect_legacy_many",
    "fold",
    "fold_all",
    "fold_marks",
    "legacy_to_unicode",
    "nfc",
    "repair",
    "strip_diacritics",
]

LegacyEncoding = Literal["tcvn3", "vni"]
TCVN3: Final = "tcvn3"
VNI: Final = "vni"
_ENCODINGS: Final[tuple[LegacyEncoding, ...]] = (TCVN3, VNI)

# ---------------------------------------------------------------------------
# Unicode normalisation and matching keys
# ---------------------------------------------------------------------------

_WHITESPACE_RE: Final = re.compile(r"\s+")  # str patterns: includes NBSP, \n, \t, ...
_ZERO_WIDTH: Final = dict.fromkeys(map(ord, "\u200b\ufeff"))  # ZWSP, BOM: dropped


def nfc(s: str) -> str:
    """Return ``s`` in Unicode NFC (composed) form."""
    return unicodedata.normalize("NFC", s)


def clean(s: object) -> str:
    """``str(s)`` in NFC, stripped, with every whitespace run collapsed to one space.

    Whitespace includes non-breaking spaces, tabs and newlines; zero-width spaces and
    BOMs are dropped. ``None`` gives ``""``.
    """
    if s is None:
        return ""
    text = str(s)
    if text.isprintable() and "  " not in text:
        # The usual cell: its only whitespace is single spaces and it has no zero-width character
        # (every other space, tab, newline, ZWSP and BOM is non-printable).
        return nfc(text).strip()
    text = nfc(text).translate(_ZERO_WIDTH)
    return _WHITESPACE_RE.sub(" ", text).strip()


# đ/Đ do not decompose in Unicode; U+00D0/U+00F0 (Icelandic eth) is a frequent
# look-alike typed in place of Đ/đ in Vietnamese files.
_BARRED_D: Final = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def strip_diacritics(s: str) -> str:
    """Remove all combining marks (Vietnamese tones and vowel marks); đ->d, Đ->D."""
    decomposed = unicodedata.normalize("NFD", s)
    base = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return nfc(base.translate(_BARRED_D))


def fold(s: object) -> str:
    """Accent- and case-insensitive matching key of a label (a header, a sheet name, a choice, a unit
    name): ``'ĐƠN  thư'`` -> ``'don thu'``; every dash is ``-`` (Word and Excel turn " - " into
    " – " as it is typed: "Văn hóa – xã hội")."""
    if isinstance(s, str):
        return _fold_text(s) if s.isascii() else _fold_label(s)
    return fold_key(s)


def fold_key(s: object) -> str:
    """Accent- and case-insensitive key of an entity's text (a case number, a course's name, an
    activity's content), as stored with its rows (contract §2): ``fold`` without the dashes, so a
    key keeps the meaning it had when the rows it matches were stored."""
    if isinstance(s, str):
        return _fold_text(s)
    return strip_diacritics(clean(s).casefold())


# Every dash a keyboard, Word's AutoCorrect or a font can give, read as '-' in labels.
_DASHES: Final = {code: "-" for code in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D)}
# and full-width letters and digits (ＣＴ０１, typed with a Vietnamese input method's full width) as ASCII
_FULL_WIDTH: Final = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_DASHES.update({code: ch for code, ch in _FULL_WIDTH.items() if code != 0xFF0D})


def ascii_width(text: str) -> str:
    """Full-width letters, digits and signs as their ASCII selves: '１５／０１／２０２５' -> '15/01/2025'."""
    return text if text.isascii() else text.translate(_FULL_WIDTH)


@lru_cache(maxsize=16384)
def _fold_label(s: str) -> str:
    return _fold_text(s).translate(_DASHES)


@lru_cache(maxsize=65536)
def _fold_text(s: str) -> str:
    # Cell values repeat a lot (choices, headers, units): cache the key per distinct text.
    if s.isascii():
        return _WHITESPACE_RE.sub(" ", s).strip().casefold()
    key = clean(s).casefold()
    quick = key.translate(_ASCII_FOLD)
    if quick.isascii():
        return quick  # what strip_diacritics gives, one table look-up per letter instead of NFD + NFC
    return strip_diacritics(key)


_JOIN: Final = "|"  # printable, ASCII, unchanged by casefold and _ASCII_FOLD, composes with nothing


def fold_all(values: list[object]) -> list[str]:
    """``[fold_key(v) for v in values]``, for a column of mostly distinct texts (case numbers).

    When every value is a text that ``clean`` would leave as it is (printable, NFC, no double,
    leading or trailing space) and none holds ``|``, the texts are joined with ``|`` and folded
    as one string (casefold and the letter table act letter by letter, and ``|`` is a starter
    that composes with nothing, so each piece is what ``_fold_text`` gives); a piece that is
    still not ASCII (a letter the table does not know) is folded alone. Anything else: one by one.
    """
    if not values or not all(v.__class__ is str for v in values):
        return [fold_key(v) for v in values]
    joined = _JOIN.join(values)  # type: ignore[arg-type]
    if (
        joined.count(_JOIN) != len(values) - 1
        or not joined.isprintable()
        or "  " in joined
        or " |" in joined
        or "| " in joined
        or joined.startswith(" ")
        or joined.endswith(" ")
        or not unicodedata.is_normalized("NFC", joined)
    ):
        return [fold_key(v) for v in values]
    folded = joined.casefold()
    if not folded.isascii():
        folded = folded.translate(_ASCII_FOLD)
    keys = folded.split(_JOIN)
    if len(keys) != len(values):  # cannot happen (see above); never trust a split blindly
        return [fold_key(v) for v in values]
    if not folded.isascii():
        for i, key in enumerate(keys):
            if not key.isascii():
                keys[i] = fold_key(values[i])
    return keys


# A space on either side of an ASCII sign, in a folded key: '01/ ĐT' (a line break typed in the cell)
# and '01 / ĐT' are the case '01/ĐT'. Written so that DuckDB's RE2 reads it alike (migration 005).
_KEY_SPACES: Final = re.compile(" ?([!-/:-@\\[-`{-~]) ?")
_KEY_SEP: Final = "\x00"  # never in a key: clean() leaves no control character
# Full-width signs, digits and letters ('０１／ＫＮ', a Vietnamese input method's full width) and their
# ASCII selves, in the order migration 005 gives them to DuckDB's translate().
FULL_WIDTH_FROM: Final = "".join(map(chr, _FULL_WIDTH))
FULL_WIDTH_TO: Final = "".join(_FULL_WIDTH.values())


def case_key(s: object) -> str:
    """The matching key of a case number (Số hiệu đơn): ``fold_key`` in ASCII width and without the
    spaces around a sign, so that '01/⏎ĐT', '01 / ĐT' and '０１／ĐT' are one case with '01/ĐT'; a number
    alone without its leading zeros, so that '01' typed as text is the case 1 that Excel keeps of a
    01 typed as a number (migration 008)."""
    key = ascii_width(fold_key(s))
    key = _KEY_SPACES.sub(r"\1", key) if " " in key else key
    return _unpadded(key)


def _unpadded(key: str) -> str:
    return (key.lstrip("0") or "0") if key[:1] == "0" and key.isdigit() else key


def case_keys(values: list[object]) -> list[str]:
    """``[case_key(v) for v in values]``, for a column of case numbers (one pass in all)."""
    keys = fold_all(values)
    joined = _KEY_SEP.join(keys)
    if not (joined.isascii() and " " not in joined):
        joined = ascii_width(joined)
        out = (_KEY_SPACES.sub(r"\1", joined) if " " in joined else joined).split(_KEY_SEP)
        if len(out) != len(keys):
            return [case_key(v) for v in values]
        keys = out
    if (_KEY_SEP + "0") in (_KEY_SEP + _KEY_SEP.join(keys)):  # a number with leading zeros: '01'
        keys = [_unpadded(k) for k in keys]
    return keys


def _ascii_fold_table() -> dict[int, str | int]:
    """Precomposed Latin letters (Vietnamese ones included) -> the ASCII letter strip_diacritics leaves.

    Only letters whose decomposition starts with a base letter (so that decomposing a whole string
    is decomposing each letter: no mark reorders across letters) and whose stripped form is ASCII
    are listed; any other character stays non-ASCII and sends the text to strip_diacritics.
    """
    table: dict[int, str | int] = {code: code for code in range(128)}  # ASCII to itself: str.translate
    # is much faster when a character is found in the table than when it is missing
    for code in (*range(0x80, 0x250), *range(0x1E00, 0x1F00)):
        ch = chr(code)
        decomposed = unicodedata.normalize("NFD", ch)
        if unicodedata.combining(decomposed[0]) or unicodedata.category(ch) == "Mn":
            continue
        stripped = strip_diacritics(ch)
        if stripped.isascii() and stripped != ch:
            table[code] = stripped
    return table


_ASCII_FOLD: Final = _ascii_fold_table()


def fold_marks(s: object) -> str:
    """Case-insensitive key that keeps diacritics: ``'Dân vận  KHÉO'`` -> ``'dân vận khéo'``.

    The eth look-alike ``ð`` is read as ``đ``.
    """
    return nfc(clean(s).casefold()).replace("ð", "đ")


# Quotes and dashes as keyboards, Word's AutoCorrect and fonts write them, read as the plain ones in
# a model's key (migration 006 gives DuckDB's translate() these same two strings).
KEY_QUOTES_FROM: Final = "“”„‟«»‘’‚‛‐‑‒–—―−"
KEY_QUOTES_TO: Final = '""""""' + "''''" + "-------"
_KEY_QUOTES: Final = str.maketrans(KEY_QUOTES_FROM, KEY_QUOTES_TO)
KEY_END: Final = " .;!"  # a full stop (or ; !) typed after a name is not part of it


def model_key(s: object) -> str:
    """The key of a 'Dân vận khéo' model (contract §2: NFC, case-folded, spaces collapsed), with its
    quotes and dashes plain, no full stop after it and the tone marks placed the one way: 'Mô hình
    “Dân vận khéo”.' is the same model as 'Mô hình "Dân vận khéo"', 'văn hoá' as 'văn hóa'."""
    key = modern_tones(fold_marks(s).translate(_KEY_QUOTES))
    return key.rstrip(KEY_END) or key


# The tone of "oa", "oe", "uy" closing a syllable is written on the first vowel or on the second as
# keyboards are set ('hóa'/'hoá', 'khỏe'/'khoẻ', 'thúy'/'thuý'): read on the first, lower case
# (after 'q' the 'u' is the consonant's, 'quý' is one way only). Migration 009 does the same in SQL.
_TONES: Final = {"a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ"}
_FIRST_VOWEL: Final = {"a": ("o", "òóỏõọ"), "e": ("o", "òóỏõọ"), "y": ("u", "ùúủũụ")}
OLD_TONES: Final = {f"{first}{toned}": f"{marked[i]}{plain}"
                    for plain, (first, marked) in _FIRST_VOWEL.items() for i, toned in enumerate(_TONES[plain])}
_OLD_TONE = re.compile(f"(?<!q)({'|'.join(OLD_TONES)})(?![^\\W\\d_])")


def modern_tones(s: str) -> str:
    """Lower-case text with the tone of a closing 'oa', 'oe', 'uy' on its first vowel ('hoá' → 'hóa')."""
    return _OLD_TONE.sub(lambda m: OLD_TONES[m.group(1)], s) if any(k in s for k in OLD_TONES) else s


# ---------------------------------------------------------------------------
# Conversion tables
# ---------------------------------------------------------------------------

# TCVN3 byte -> Unicode letter. Excel decodes the bytes as cp1252, which equals
# Latin-1 in 0xA1-0xFF, so the cp1252 character is chr(byte). Bytes 0xA1-0xA7 are
# the only capitals the normal font has; in the ".VnXxxH" fonts every letter byte is
# drawn as a capital (see _tcvn3_caps).
_TCVN3_BYTES: Final[dict[int, str]] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
_TCVN3_TABLE: Final[dict[str, str]] = {chr(b): u for b, u in _TCVN3_BYTES.items()}


def _build_vni_table() -> dict[str, str]:
    """VNI-Windows sequence (cp1252 characters) -> Unicode letter.

    A vowel is written as its base letter followed by a mark character; ơ, ư, đ and
    the toned i's are single characters. Capitals take the capital form of the mark.
    """
    tone_marks = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
    circumflex = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
    breve = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
    singles = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị"}

    lower: dict[str, str] = dict(singles)
    for base in ("a", "e", "o", "u", "y", "ô", "ö"):
        plain = singles.get(base, base)
        for mark, tone in tone_marks.items():
            lower[base + mark] = nfc(plain + tone)
    for base in ("a", "e", "o"):
        for mark, tone in circumflex.items():
            lower[base + mark] = nfc(base + "\u0302" + tone)
    for mark, tone in breve.items():
        lower["a" + mark] = nfc("a\u0306" + tone)

    table = dict(lower)
    for seq, letter in lower.items():
        table[seq.upper()] = letter.upper()
    return table


_VNI_TABLE: Final[dict[str, str]] = _build_vni_table()


@dataclass(frozen=True)
class _Codec:
    table: dict[str, str]
    scanner: re.Pattern[str]  # a table key (longest first) or any single character


def _codec(table: dict[str, str]) -> _Codec:
    keys = sorted(table, key=len, reverse=True)
    return _Codec(table, re.compile("|".join(map(re.escape, keys)) + "|.", re.DOTALL))


_CODECS: Final[dict[str, _Codec]] = {TCVN3: _codec(_TCVN3_TABLE), VNI: _codec(_VNI_TABLE)}

# Latin-1 letters (without × and ÷).
_LATIN1_LETTERS: Final = frozenset(chr(c) for c in range(0xC0, 0x100)) - {"×", "÷"}


def _convert(s: str, encoding: str) -> tuple[str, int]:
    """Convert with ``encoding``'s table; also count Latin-1 letters it cannot place.

    A leftover Latin-1 letter (for TCVN3: one of the unused bytes such as ``à``; for
    VNI: a mark with no base vowel before it, as in ``Café``) cannot occur in real
    text of that encoding.
    """
    codec = _CODECS[encoding]
    out: list[str] = []
    leftovers = 0
    for match in codec.scanner.finditer(s):
        piece = match.group()
        converted = codec.table.get(piece)
        if converted is None:
            leftovers += piece in _LATIN1_LETTERS
            converted = piece
        out.append(converted)
    return "".join(out), leftovers


def _normalise_encoding(encoding: str) -> LegacyEncoding:
    name = encoding.strip().lower().replace("-", "").replace("_", "")
    if name in ("tcvn3", "tcvn", "abc", "vn3"):
        return TCVN3
    if name in ("vni", "vniwindows", "vniwin"):
        return VNI
    raise ValueError(f"unknown legacy encoding {encoding!r}; expected 'tcvn3' or 'vni'")


# Lower-case TCVN3 letter bytes (0xA8 and up): in an all-capitals word they can only
# have been typed for a ".VnXxxH" font, where they are drawn as capitals.
_TCVN3_LOWER_BYTES: Final = frozenset(k for k in _TCVN3_TABLE if ord(k) >= 0xA8)
_ASCII_LOWER_RE: Final = re.compile(r"[a-z]")
_WORD_SPLIT_RE: Final = re.compile(r"(\s+)")


def _tcvn3_caps(s: str) -> str:
    """Convert TCVN3 ``s``, restoring capitals typed for an ``H`` font.

    A word whose ASCII letters are all capitals (at least two) and that holds a
    lower-case TCVN3 byte ('CéNG', 'HéI') is upper-cased; when such a word exists
    and the text has no lower-case ASCII letter at all, every word is upper-cased
    ('X·' in 'CéNG HßA X· HéI').
    """

    def is_caps_word(word: str) -> bool:
        ascii_letters = [c for c in word if c.isascii() and c.isalpha()]
        return (
            len(ascii_letters) >= 2
            and all(c.isupper() for c in ascii_letters)
            and any(c in _TCVN3_LOWER_BYTES for c in word)
        )

    parts = _WORD_SPLIT_RE.split(s)
    caps = [is_caps_word(p) for p in parts]
    all_caps = any(caps) and not _ASCII_LOWER_RE.search(s)
    out = []
    for part, is_caps in zip(parts, caps, strict=True):
        converted = _convert(part, TCVN3)[0]
        out.append(converted.upper() if (is_caps or all_caps) else converted)
    return "".join(out)


def legacy_to_unicode(s: str, encoding: str) -> str:
    """Convert TCVN3 (``'tcvn3'``) or VNI-Windows (``'vni'``) text to NFC Unicode.

    ``s`` is the text as Excel returns it (the cp1252 reading of the font bytes).
    Characters outside the table pass through. For TCVN3, all-capital words typed for
    an ``H`` font ('CéNG HßA') come back as capitals; use :func:`repair` with the
    font name to upper-case everything set in an ``H`` font.
    """
    enc = _normalise_encoding(encoding)
    converted = _tcvn3_caps(s) if enc == TCVN3 else _convert(s, enc)[0]
    return nfc(converted)


# ---------------------------------------------------------------------------
# Vietnamese syllable check (used only for detection)
# ---------------------------------------------------------------------------

_INITIALS: Final = (
    *("ngh", "ng", "gh", "gi", "kh", "ch", "nh", "ph", "th", "tr", "qu"),
    *("b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", ""),
)
# Rhymes without tone, old and new spellings, incl. place names ('Đắk') and loans ('oong').
_RHYME_LIST: Final = """
    a ac ach ai ak am an ang anh ao ap at au ay
    ăc ăk ăm ăn ăng ăp ăt
    âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et
    ê êch êm ên ênh êp êt êu
    i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
    o oc oi om on ong op ot ooc oong
    oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt
    oe oen oeo oet
    ô ôc ôi ôm ôn ông ôp ôt
    ơ ơi ơm ơn ơp ơt
    u ua uc ui um un ung up ut
    uân uâng uât uây uê uêch uênh
    uy uya uych uyn uynh uyp uyt uyu uyên uyêt
    uôc uôi uôm uôn uông uôt uơ
    ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
    y ych ynh yt yêm yên yêng yêt yêu
"""
_RHYMES: Final = frozenset(_RHYME_LIST.split())
_STOP_FINALS: Final = ("c", "ch", "p", "t", "k")
_TONES: Final = frozenset("\u0300\u0301\u0303\u0309\u0323")
_STOP_TONES: Final = frozenset("\u0301\u0323")  # stop syllables take only sắc / nặng
_VOWELS: Final = frozenset("aăâeêioôơuưy")


def _tone_position_ok(rhyme: str, tone_at: int) -> bool:
    """Whether a tone on ``rhyme[tone_at]`` sits where Vietnamese spelling puts it.

    Both the old and the new placement are accepted for oa, oe and uy ('hoà'/'hòa').
    """
    cluster = re.match(r"[aăâeêioôơuưy]*", rhyme).group()  # type: ignore[union-attr]
    has_final = len(rhyme) > len(cluster)
    last = len(cluster) - 1
    if any(pair in cluster for pair in ("iê", "yê", "uô", "ươ")):
        return cluster[tone_at] in "êôơ"
    if not has_final and len(cluster) >= 2 and tone_at == last:
        if cluster in ("ia", "ua", "ưa"):
            return False  # 'mía', 'múa', 'mưa': the tone goes on the first vowel
        if cluster[-1] in "iyuo" and cluster != "uy":
            return False  # 'tài', 'cháu', 'này': never on the closing glide
    return True


def _is_syllable(word: str) -> bool:
    """Whether ``word`` is spelled like one Vietnamese syllable (case-insensitive).

    Deliberately lenient about spelling conventions (k/c, gh/g) so that real words and
    place names pass; strict about structure: known initial + rhyme, at most one tone,
    the tone on a vowel of the nucleus, and stop finals only with sắc or nặng.
    """
    letters: list[str] = []  # base letter plus its non-tone marks, in NFD
    tone = ""
    tone_index = -1
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES:
            if tone or not letters:
                return False
            tone, tone_index = ch, len(letters) - 1
        elif unicodedata.combining(ch):
            if not letters:
                return False
            letters[-1] += ch
        else:
            letters.append(ch)
    base_letters = [nfc(letter) for letter in letters]
    if any(len(letter) != 1 for letter in base_letters):
        return False  # a mark Vietnamese does not use, such as a diaeresis
    base = "".join(base_letters)
    if tone and base[tone_index] not in _VOWELS:
        return False
    for initial in _INITIALS:
        if not base.startswith(initial):
            continue
        rhyme = base[len(initial) :]
        if rhyme not in _RHYMES:
            continue
        if rhyme.endswith(_STOP_FINALS) and tone not in _STOP_TONES:
            continue
        if tone and (tone_index < len(initial) or not _tone_position_ok(rhyme, tone_index - len(initial))):
            continue
        return True
    return False


# ---------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------

# Every character a cp1252 decode can produce (undefined bytes come through as C1).
_CP1252_CHARS: Final = frozenset(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))
# One character a cp1252 decode cannot produce (a regex search is much faster than a loop per character).
_NOT_CP1252: Final = re.compile("[^" + re.escape("".join(sorted(_CP1252_CHARS))) + "]")
# Characters that can belong to a word in legacy text: ASCII letters, Latin-1
# letters, and the TCVN3 letters that cp1252 shows as symbols (§, µ, ¸, ·, ...).
_TOKEN_RE: Final = re.compile(
    "[A-Za-z" + re.escape("".join(sorted(_LATIN1_LETTERS | {"×", "÷"} | set(_TCVN3_TABLE)))) + "]+"
)
# TCVN3 letters that cp1252 shows as symbols: they do not occur inside words of
# Western European languages.
_TCVN3_SYMBOL_LETTERS: Final = frozenset(k for k in _TCVN3_TABLE if ord(k) < 0xC0) | {"×", "÷"}
# A capital Latin-1 letter inside a lower-case word ('ViÖt', 'nghÜa', 'ThÞ'), or one
# of ß ñ ë ï þ straight after a consonant ('hßa', 'chñ', 'Së'): Western European
# languages put these after vowels or at the start of a word.
_TCVN3_ODD_RE: Final = re.compile(
    r"[a-z\u00df-\u00ff][\u00c0-\u00d6\u00d8-\u00de]|[b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z][ßñëïþ]"
)
# VNI pairs that also occur in French, Spanish or Portuguese words (naïve, goût, où,
# aéroport, Raphaël, Raúl): not enough on their own to call a text VNI.
_VNI_WEAK_PAIRS: Final = frozenset(
    ("aï", "eï", "oï", "uï", "yï", "oû", "eû", "aû", "uû", "où", "aé", "aè", "aë", "aú", "aü")
)
_VNI_STRONG_PAIRS: Final = frozenset(k for k in _VNI_TABLE if len(k) == 2 and k.lower() not in _VNI_WEAK_PAIRS)
# đ before ơ/ư, and ư before ơ ('Ñôn', 'ñöôïc'): no Western spelling has these.
_VNI_ODD_RE: Final = re.compile(r"[ñÑ][ôöÔÖ]|[öÖ][ôÔ]")


def _is_strong(token: str, encoding: str) -> bool:
    """Whether ``token`` carries a sign of ``encoding`` that Western words do not have."""
    if encoding == TCVN3:
        return any(c in _TCVN3_SYMBOL_LETTERS for c in token) or bool(_TCVN3_ODD_RE.search(token))
    return bool(_VNI_ODD_RE.search(token)) or any(token[i : i + 2] in _VNI_STRONG_PAIRS for i in range(len(token) - 1))


# Different gains needed when none carries a strong sign: 'J'ai dû partir tôt' has
# two ('dỷ', 'tụt' under TCVN3).
_WEAK_GAINS_NEEDED: Final = 3


@dataclass
class _Evidence:
    changed: int = 0  # tokens the conversion alters
    gains: int = 0  # not Vietnamese before, Vietnamese after
    strong_gains: int = 0  # ... and with a sign Western words lack
    weak_gain_words: set[str] = field(default_factory=set)  # the other gains
    losses: int = 0  # Vietnamese before, not after (text was already fine)
    junk: int = 0  # altered, Vietnamese neither before nor after
    impossible: int = 0  # tokens with a character this encoding never produces

    @property
    def against(self) -> int:
        return self.losses + self.impossible + self.junk


_Verdict = Literal["impossible", "same", "gain", "strong_gain", "loss", "junk", "neutral"]


@functools.lru_cache(maxsize=65536)
def _judge(token: str, encoding: str) -> _Verdict:
    """What converting one word with ``encoding`` says about the encoding (cached)."""
    converted, leftovers = _convert(token, encoding)
    if leftovers:
        return "impossible"
    if converted == token:
        return "same"
    before, after = _is_syllable(token), _is_syllable(converted)
    if after and not before:
        if len(token) < 2:  # a lone 'ª' or '«' is a symbol, not a word
            return "neutral"
        return "strong_gain" if _is_strong(token, encoding) else "gain"
    if before and not after:
        return "loss"
    return "neutral" if before else "junk"


def _evidence(s: str, encoding: str) -> _Evidence:
    ev = _Evidence()
    for token in _TOKEN_RE.findall(s):
        if token.isascii():
            continue
        verdict = _judge(token, encoding)
        if verdict == "impossible":
            ev.impossible += 1
            continue
        if verdict == "same":
            continue
        ev.changed += 1
        if verdict == "strong_gain":
            ev.gains += 1
            ev.strong_gains += 1
        elif verdict == "gain":
            ev.gains += 1
            ev.weak_gain_words.add(token.casefold())
        elif verdict == "loss":
            ev.losses += 1
        elif verdict == "junk":
            ev.junk += 1
    return ev


def _font_encoding(font_name: str | None) -> LegacyEncoding | None:
    """'.VnTime', '.VnArialH', ... -> TCVN3; 'VNI-Times', 'VNI-Helve', ... -> VNI."""
    if not font_name:
        return None
    name = font_name.strip().lower()
    if name.startswith(".vn"):
        return TCVN3
    if name.startswith("vni") and (len(name) == 3 or not name[3].isalpha()):
        return VNI
    return None


def _is_h_font(font_name: str | None) -> bool:
    """A TCVN3 capitals font: '.VnTimeH', '.VnArialH'."""
    return font_name is not None and _font_encoding(font_name) == TCVN3 and font_name.rstrip().endswith("H")


def detect_legacy(s: str, font_name: str | None = None, *, hint: LegacyEncoding | None = None) -> LegacyEncoding | None:
    """Return ``'tcvn3'``, ``'vni'`` or ``None`` (plain Unicode / nothing to convert).

    Text holding any character a cp1252 decode cannot produce (ư, ạ, a combining
    mark, ...) is Unicode: ``None``. Otherwise every word with a non-ASCII letter is
    converted on trial, and each alteration is judged with a Vietnamese syllable
    check: a *gain* turns a non-word into a Vietnamese syllable ('hßa' -> 'hòa'), a
    *loss* turns a Vietnamese syllable into a non-word ('chính' -> 'chớnh'), *junk*
    stays a non-word, and *impossible* words hold a character the encoding never
    produces ('à' in TCVN3, a mark with no vowel before it in VNI).

    * A ``.Vn...`` font means TCVN3, a ``VNI-...`` font VNI, when the conversion
      alters something and losses + impossible + junk do not outnumber the gains
      (so a lone 'Céng', valid either way, follows the font), or when it spoils no word and turns a
      sign only that encoding gives ('01/§T': ``legacy_signed``). ``hint`` (for
      instance what :func:`detect_legacy_many` found for the whole sheet) is used
      the same way when the font says nothing. Otherwise the content decides.
    * By content, an encoding needs a gain carrying a sign that Western words do not
      have (a TCVN3 letter cp1252 shows as a symbol such as '§', 'µ', '¸', '·'; a
      capital inside a word as in 'ViÖt'; 'hßa', 'chñ'; a VNI pair such as 'oä',
      'aø', 'ôù'), or three different gains without one; and the gains must be at
      least 2 * (losses + impossible) + junk. If both encodings qualify, the one with
      more gains wins; a tie gives ``None``.
    """
    if s.isascii() or _NOT_CP1252.search(s):
        return None
    hinted = _font_encoding(font_name) or hint
    if hinted is not None:
        ev = _evidence(s, hinted)
        if ev.changed and ev.against <= ev.gains:
            return hinted
        if legacy_signed(s, hinted):
            return hinted
    candidates: list[tuple[int, int, LegacyEncoding]] = []
    for encoding in _ENCODINGS:
        ev = _evidence(s, encoding)
        if (ev.strong_gains >= 1 or len(ev.weak_gain_words) >= _WEAK_GAINS_NEEDED) and 2 * (
            ev.losses + ev.impossible
        ) + ev.junk <= ev.gains:
            candidates.append((ev.gains, ev.strong_gains, encoding))
    if not candidates:
        return None
    candidates.sort(reverse=True)
    if len(candidates) > 1 and candidates[0][:2] == candidates[1][:2]:
        return None
    return candidates[0][2]


def legacy_signed(s: str, encoding: LegacyEncoding) -> bool:
    """Whether converting ``s`` with ``encoding`` (which a font or the sheet already suggests)
    alters it, spoils no word and turns a sign only that encoding gives: a case number '01/§T' is
    '01/ĐT'. 'ĐT' is no syllable, so its conversion counted as junk and the case, kept as typed,
    was two cases once a Unicode return spelled it right."""
    ev = _evidence(s, encoding)
    return bool(ev.changed) and ev.losses + ev.impossible == 0 and any(
        _is_strong(t, encoding) or (encoding == VNI and ("Ñ" in t or "ñ" in t))  # VNI's Đ, đ
        for t in _TOKEN_RE.findall(s) if not t.isascii())


def legacy_gains(s: str, encoding: LegacyEncoding) -> bool:
    """Whether converting ``s`` with ``encoding`` turns a non-word into a Vietnamese syllable and
    spoils no more words than it mends. A text whose words are syllables either way ('Vùng sâu' /
    'Vựng sõu') gains nothing: on its own it is not evidence of the encoding."""
    ev = _evidence(s, _normalise_encoding(encoding))
    return ev.gains > 0 and ev.against <= ev.gains


def detect_legacy_many(texts: Iterable[str]) -> LegacyEncoding | None:
    """Content detection over many cells at once (a sheet, a workbook).

    Cells that are plain ASCII or hold characters a cp1252 decode cannot produce are
    left out; the rest are judged together, so one-word cells such as 'Cã' (Có),
    undecidable alone, can then be repaired with ``repair(cell, hint=...)``.
    """
    pool = [t for t in texts if t and not t.isascii() and all(c in _CP1252_CHARS for c in t)]
    return detect_legacy("\n".join(pool)) if pool else None


def repair(
    s: str, font_name: str | None = None, *, hint: LegacyEncoding | None = None
) -> tuple[str, LegacyEncoding | None]:
    """Detect legacy text and convert it: ``(text, encoding or None)``.

    The text comes back in NFC either way (not otherwise cleaned). With a TCVN3
    ``H`` font ('.VnTimeH', '.VnArialH') the result is upper-cased. ``hint`` is as
    for :func:`detect_legacy`.
    """
    encoding = detect_legacy(s, font_name, hint=hint)
    if encoding is None:
        return nfc(s), None
    fixed = legacy_to_unicode(s, encoding)
    if encoding == TCVN3 and _is_h_font(font_name):
        fixed = fixed.upper()
    return fixed, encoding
