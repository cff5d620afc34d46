"""Decoding and cleaning of untrusted article text, and folding for comparisons."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

# Escape sequences a terminal would act on: CSI, OSC, DCS/SOS/PM/APC strings and
# two-byte ESC sequences. Anything left over after these goes with the controls.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?              # CSI ... final byte
    | \x9b[0-?]*[ -/]*[@-~]?              # 8-bit CSI
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])  # OSC, DCS, SOS, PM, APC (7- or 8-bit)
      [^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?  # ... up to BEL, ST or line end
    | \x1b[ -/]*[0-~]?                    # other ESC sequences
    """,
    re.VERBOSE,
)
# C0 and C1 controls except tab and newline, DEL, and the bidirectional overrides
# and isolates that can make text display in a different order than it is stored.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAK = re.compile("\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_NEEDS_CLEANING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")

# Letters that have no Unicode decomposition but that readers type without the mark.
_FOLD_EXTRA = {
    "đ": "d",
    "ð": "d",
    "ł": "l",
    "ø": "o",
    "ħ": "h",
    "ı": "i",
    "æ": "ae",
    "œ": "oe",
    "ß": "ss",
}
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from a file's bytes, with the warnings decoding raised."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


class BinaryContent(ValueError):
    """The bytes are not text (an image, an archive, an executable)."""


_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"PK\x03\x04",
    b"\x7fELF",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"RIFF",
    b"OggS",
    b"ID3",
    b"MZ",
    b"SQLite format 3",
)


def decode_bytes(data: bytes) -> Decoded:
    """Decode file bytes to clean text: BOMs, UTF-8, UTF-16, cp1252 fallback."""
    if data.startswith(codecs.BOM_UTF8):
        return _finish(*_decode_utf8(data[3:]))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _finish(*_decode_utf16(data, "utf-16"))
    guessed = _guess_bomless_utf16(data)
    if guessed:
        return _finish(*_decode_utf16(data, guessed))
    if data.startswith(_BINARY_MAGIC) or _looks_binary(data):
        raise BinaryContent("binary file, not text")
    return _finish(*_decode_utf8(data))


def _decode_utf8(data: bytes) -> tuple[str, str, list[str]]:
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as error:
        where = f"byte {error.start}"
    try:
        text = data.decode("cp1252")
        encoding = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "latin-1"
    return text, encoding, [f"not valid UTF-8 (at {where}); read as {encoding}"]


def _decode_utf16(data: bytes, codec: str) -> tuple[str, str, list[str]]:
    try:
        return data.decode(codec), codec, []
    except UnicodeDecodeError as error:
        text = data.decode(codec, errors="replace")
        return text, codec, [f"invalid {codec.upper()} at byte {error.start}; replaced"]


def _guess_bomless_utf16(data: bytes) -> str | None:
    """Recognise UTF-16 without a BOM by its pattern of zero bytes in ASCII text."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.4 * half and even.count(0) < 0.05 * half:
        return "utf-16-le" if _mostly_text(even, odd) else None
    if even.count(0) > 0.4 * half and odd.count(0) < 0.05 * half:
        return "utf-16-be" if _mostly_text(odd, even) else None
    return None


def _mostly_text(low: bytes, high: bytes) -> bool:
    """In UTF-16 text, code units with a zero high byte are mostly printable ASCII."""
    ascii_units = [lo for lo, hi in zip(low, high, strict=True) if hi == 0]
    printable = sum(1 for b in ascii_units if 32 <= b < 127 or b in (9, 10, 13))
    return printable >= 0.9 * len(ascii_units)


def _looks_binary(data: bytes) -> bool:
    """True when the start of the bytes is mostly non-text control bytes."""
    sample = data[:8192]
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return sample.count(0) > 0.01 * len(sample) + 8 or controls > 0.1 * len(sample)


def _finish(text: str, encoding: str, warnings: list[str]) -> Decoded:
    if "\x00" in text:
        warnings.append("NUL bytes removed")
    cleaned = clean_text(text)
    return Decoded(cleaned, encoding, tuple(warnings))


def clean_text(text: str) -> str:
    """Normalise to NFC with Unix line ends; strip escape sequences and controls."""
    if not _NEEDS_CLEANING.search(text):
        return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
    text = _LINE_BREAK.sub("\n", text.lstrip("\ufeff"))
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_line(text: str) -> str:
    """Clean text meant for one line: no newlines or tabs, spaces collapsed."""
    return " ".join(clean_text(text).split())


class _FoldTable(dict[int, str]):
    """What each character folds to (filled in as characters are met): no case, no marks."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if unicodedata.combining(char):
            folded = ""
        else:
            lower = char.casefold()
            decomposed = unicodedata.normalize("NFD", lower)
            if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]):
                lower = decomposed[0]
            folded = "".join(_FOLD_EXTRA.get(c, c) for c in lower)
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold_chars(text: str) -> str:
    """Case and diacritics off (đ counts as d), punctuation kept: the one folding table."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


def fold(text: str) -> str:
    """Fold for matching: no case, no diacritics (đ counts as d), no punctuation."""
    return " ".join(_NON_WORD.sub(" ", fold_chars(text)).split())


def fold_mapped(text: str) -> tuple[str, list[int]]:
    """`fold_chars(text)` with, for each folded character, where it came from in `text`."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    folded: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        piece = _FOLD_TABLE[ord(char)]
        folded.append(piece)
        origin.extend([position] * len(piece))
    return "".join(folded), origin


def index_text(text: str) -> str:
    """Text as the full-text index is given it: FTS5 folds case and marks itself, we add đ.

    This is `fold_chars` as far as FTS5 needs it (folding 40 MB of bodies in Python
    would cost seconds at every first index).
    """
    if text.isascii():
        return text
    return text.replace("đ", "d").replace("Đ", "D").replace("ð", "d").replace("Ð", "D")


def slugify(text: str, fallback: str = "", limit: int = 80) -> str:
    """A file-name-safe form: folded, words joined by dashes, bounded in length."""
    words = _NON_WORD.sub("-", fold(text)).strip("-")
    return words[:limit].rstrip("-") or fallback


def squash(text: str) -> str:
    """Key for case- and whitespace-insensitive merging (diacritics still count)."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def plural(count: int, noun: str) -> str:
    """`1 article`, `3 articles`, `1,000 files`."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


# Sorting names as a Vietnamese reader expects: the letters in their alphabet's order
# (a ă â b c d đ e ê …), a bare letter before its accented forms, case ignored.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTERS_FROM = 16  # after the separators (0) and digits (1-10)
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_SHAPE_MARKS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}  # breve, circumflex, horn
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def collation_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """A sort key: letters by the Vietnamese alphabet (other characters after, by code point),
    then tones and other marks (none first), then the text itself."""
    letters: list[int] = []
    marks: list[int] = []
    for char in text.casefold():
        parts = unicodedata.normalize("NFD", char)
        base, combining = parts[0], parts[1:]
        shape = "".join(m for m in combining if m in _SHAPE_MARKS)
        letter = unicodedata.normalize("NFC", base + shape) if shape else base
        rank = _LETTER_RANK.get(letter)
        if rank is not None:
            letters.append(_LETTERS_FROM + rank)
        elif base.isspace() or unicodedata.category(base).startswith("P"):
            letters.append(0)  # `An ninh` before `Anh`; `Ê-đê` as `Ê đê`
        elif base.isdigit():
            letters.append(1 + int(base) if base.isascii() else _LETTERS_FROM - 1)
        else:
            letters.extend(_LETTERS_FROM + len(_ALPHABET) + ord(c) for c in letter)
        rest = [m for m in combining if m not in _SHAPE_MARKS]
        marks.append(sum(_TONE_RANK.get(m, 6 + ord(m) % 64) for m in rest))
    return tuple(letters), tuple(marks), text
