"""The text of a saved web page: the charset its bytes declare, else UTF-8, else windows-1252."""

from __future__ import annotations

import codecs
import re

from reader.model import ParseError
from reader.text import BinaryContent, Decoded, clean_text, decode_bytes

SNIFF_BYTES = 8192
_DECLARED = re.compile(
    rb"""<meta\b[^<>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})"""
    rb"""|<\?xml\b[^<>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""",
    re.IGNORECASE,
)
# Labels browsers read differently from their names (the WHATWG Encoding Standard).
_BROWSER_READS = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "euc-kr": "cp949",
    "big5": "big5hkscs",
}
# A page declaring one of these in its own ASCII text cannot mean it (WHATWG: read as UTF-8).
_MEANS_UTF8 = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-8-sig"})
_NOT_FOR_PAGES = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined", "utf-7"})


def declared_charset(data: bytes) -> str | None:
    """The charset named by the first `<meta charset>`, `http-equiv` or XML declaration."""
    match = _DECLARED.search(data[:SNIFF_BYTES])
    if match is None:
        return None
    return (match.group(1) or match.group(2)).decode("ascii").strip().lower()


def codec_for(label: str) -> str | None:
    """The Python codec for a declared label, as a browser would choose it; None if unusable."""
    label = _BROWSER_READS.get(label, label)
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    name = info.name.replace("_", "-")
    if name in _MEANS_UTF8:
        return "utf-8"
    if name in _NOT_FOR_PAGES or not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def decode_html(data: bytes, transport: str = "") -> Decoded:
    """Decode a page: BOM, then the charset the server sent (`transport`), then the one the page
    declares, then UTF-8, then windows-1252 with a warning."""
    has_bom = data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    label = None if has_bom or b"\x00" in data[:SNIFF_BYTES] else (transport or declared_charset(data))
    warnings: list[str] = []
    if label is not None:
        decoded = _decode_declared(data, label, warnings)
        if decoded is not None:
            return decoded
    try:
        fallback = decode_bytes(data)
    except BinaryContent as error:
        raise ParseError(str(error)) from None
    return Decoded(fallback.text, fallback.encoding, (*warnings, *fallback.warnings))


def _decode_declared(data: bytes, label: str, warnings: list[str]) -> Decoded | None:
    codec = codec_for(label)
    if codec is None:
        warnings.append(f"unknown charset {label!r} declared; ignored")
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        warnings.append(f"declared charset {label!r} does not fit the bytes (at byte {error.start})")
        return None
    return Decoded(clean_text(text), codec, tuple(warnings))
