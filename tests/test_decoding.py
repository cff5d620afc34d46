"""Bytes to clean text: encodings, normalisation, and what never reaches the screen."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from reader.formats import parse_article
from reader.model import ParseError
from reader.text import clean_text, decode_bytes, fold

TEXT = "Hà Nội: đường phố ồn ào\n\nNội dung bài viết."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16le-bom",
        "utf16be-bom",
        "utf16",
        "utf16le-nobom",
        "utf16be-nobom",
    ],
)
def test_unicode_encodings_decode_without_warnings(data: bytes) -> None:
    decoded = decode_bytes(data)
    assert decoded.text == TEXT
    assert decoded.warnings == ()


def test_cp1252_falls_back_with_a_warning_and_is_still_shown() -> None:
    data = "Café “quotes” – naïve\n\nBody".encode("cp1252")
    article = parse_article(data, "a.txt")
    assert article.title == "Café “quotes” – naïve"
    assert any("cp1252" in p for p in article.problems)


def test_decomposed_vietnamese_is_normalised_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", TEXT)
    assert decomposed != TEXT
    assert decode_bytes(decomposed.encode("utf-8")).text == TEXT


def test_line_endings_are_normalised() -> None:
    assert decode_bytes(b"a\r\nb\rc\n").text == "a\nb\nc\n"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x1b[2Jb", "ab"),
        ("a\x1b]0;evil title\x07b", "ab"),
        ("a\x1b]52;c;ZXZpbA==\x07b", "ab"),
        ("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("a\x1b[10;10Hb", "ab"),
        ("bell\x07 back\x08space", "bell backspace"),
        ("c1\x9b31m control", "c1 control"),
        ("rtl \u202eoverride", "rtl override"),
        ("keep\ttab", "keep\ttab"),
        ("emoji 👩‍👩‍👧 zwj", "emoji 👩‍👩‍👧 zwj"),
    ],
)
def test_escape_sequences_and_controls_are_stripped(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_binary_files_are_a_parse_error() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    with pytest.raises(ParseError, match="binary"):
        parse_article(png, "image.txt")


def test_stray_nul_bytes_are_removed_with_a_warning() -> None:
    article = parse_article(b"Title\x00 here\n\nBody text that is long enough to be text.", "a.txt")
    assert article.title == "Title here"
    assert "NUL bytes removed" in article.problems


@pytest.mark.parametrize("data", [b"", b"   \n\n\t", codecs.BOM_UTF8])
def test_empty_files_are_a_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError, match="empty"):
        parse_article(data, "a.txt")


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Hà Nội", "ha noi"),
        ("Đak Đoa", "dak doa"),
        ("cải cách hành chính", "cai cach hanh chinh"),
        ('Câu lạc bộ "Thủ lĩnh"!', "cau lac bo thu linh"),
        ("  Spaced   OUT  ", "spaced out"),
        ("Straße", "strasse"),
    ],
)
def test_fold_removes_case_diacritics_and_punctuation(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert fold(unicodedata.normalize("NFD", text)) == folded
