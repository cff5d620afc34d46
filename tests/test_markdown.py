"""Markdown files with YAML front matter."""

from __future__ import annotations

import pytest

from reader.formats import parse_article
from reader.model import ParseError

FULL = """---
title: "Hà Nội mở thêm 12 tuyến buýt điện"
category: "Xã hội / Giao thông"
published: 2024-03-05T08:30:00+07:00
author: Minh Anh
source: https://example.vn/buyt-dien
lead: "Từ tháng 4, hành khách có thêm lựa chọn."
tags: [giao thông, buýt điện]
language: vi
related:
  - xa-hoi/giao-thong/metro
  - "Giá vé metro giữ nguyên"
editor: Lan
word_count: 312
---
Đoạn đầu **in đậm**.

![Xe buýt điện tại bến Yên Nghĩa](https://example.vn/1.jpg)
"""


def test_every_documented_field() -> None:
    article = parse_article(FULL.encode(), "xa-hoi/giao-thong/buyt.md")
    assert article.format == "markdown"
    assert article.id == "xa-hoi/giao-thong/buyt"
    assert article.title == "Hà Nội mở thêm 12 tuyến buýt điện"
    assert article.category == ("Xã hội", "Giao thông")
    assert article.published is not None
    assert article.published.iso() == "2024-03-05T08:30:00+07:00"
    assert article.author == "Minh Anh"
    assert article.source == "https://example.vn/buyt-dien"
    assert article.lead == "Từ tháng 4, hành khách có thêm lựa chọn."
    assert article.tags == ("giao thông", "buýt điện")
    assert article.language == "vi"
    assert [r.ref for r in article.related] == [
        "xa-hoi/giao-thong/metro",
        "Giá vé metro giữ nguyên",
    ]
    assert article.body.startswith("Đoạn đầu **in đậm**.")
    assert article.captions == ("Xe buýt điện tại bến Yên Nghĩa",)
    assert article.problems == ()


def test_unknown_fields_are_kept_as_metadata() -> None:
    article = parse_article(FULL.encode(), "a.md")
    assert dict(article.metadata) == {"editor": "Lan", "word_count": "312"}


@pytest.mark.parametrize(
    ("value", "levels"),
    [
        ('"Xã hội / Dân tộc"', ("Xã hội", "Dân tộc")),
        ("a/b", ("a", "b")),
        ("[Thế giới, Châu Á]", ("Thế giới", "Châu Á")),
        ("Công nghệ", ("Công nghệ",)),
    ],
)
def test_category_forms(value: str, levels: tuple[str, ...]) -> None:
    article = parse_article(f"---\ntitle: T\ncategory: {value}\n---\nbody".encode(), "x/y/z.md")
    assert article.category == levels


def test_category_defaults_to_folders_then_nothing() -> None:
    assert parse_article(b"---\ntitle: T\n---\n", "kinh-te/nong-nghiep/a.md").category == (
        "kinh-te",
        "nong-nghiep",
    )
    assert parse_article(b"---\ntitle: T\n---\n", "a.md").category == ()


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T08:30:00", "2024-03-05T08:30:00"),
        ("2024-03-05 08:30", "2024-03-05T08:30:00"),
        ("2024-03-05T08:30:00Z", "2024-03-05T08:30:00+00:00"),
        ("2024-03-05T08:30:00-05:00", "2024-03-05T08:30:00-05:00"),
        ("21/10/2019", "2019-10-21"),
        ('"21/10/2019 14:05"', "2019-10-21T14:05:00"),
        ('"05/03/2024"', "2024-03-05"),
    ],
)
def test_published_forms_day_first(value: str, iso: str) -> None:
    article = parse_article(f"---\ntitle: T\npublished: {value}\n---\n".encode(), "a.md")
    assert article.published is not None and article.published.iso() == iso


@pytest.mark.parametrize("value", ["32/13/2019", "2019-02-30", "yesterday"])
def test_impossible_dates_are_warnings_not_errors(value: str) -> None:
    article = parse_article(f"---\ntitle: T\npublished: {value}\n---\n".encode(), "a.md")
    assert article.published is None
    assert any("published" in p for p in article.problems)


def test_custom_id_and_related_mappings() -> None:
    text = "---\ntitle: T\nid: space-1\nrelated:\n  - {id: space-2, summary: Next}\n---\n"
    article = parse_article(text.encode(), "a.md")
    assert article.id == "space-1"
    assert article.related[0].ref == "space-2"
    assert article.related[0].summary == "Next"


def test_title_from_heading_when_front_matter_has_none() -> None:
    article = parse_article(b"---\nauthor: A\n---\n# The heading\n\nText.", "a.md")
    assert article.title == "The heading"
    assert article.body == "Text."


def test_markdown_without_front_matter() -> None:
    article = parse_article("# Tiêu đề\n\nNội dung.".encode(), "a.md")
    assert article.title == "Tiêu đề"
    assert article.body == "Nội dung."


def test_numeric_title_is_text() -> None:
    assert parse_article(b"---\ntitle: 1984\n---\n", "a.md").title == "1984"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("---\ntitle: [a, b]\n---\n", "title must be text"),
        ("---\ntitle: {a: 1}\n---\n", "title must be text"),
        ("---\nauthor: A\n---\nno heading", "no title"),
        ("---\ntitle: 'unclosed\n---\n", "not valid YAML"),
        ("---\n- a\n- b\n---\n", "is a list, not a mapping"),
        ("---\njust text\n---\n", "is a text, not a mapping"),
        ("---\ntitle: !!python/object:os.system x\n---\n", "not valid YAML"),
    ],
)
def test_bad_front_matter_is_a_typed_error(text: str, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse_article(text.encode(), "a.md")


def test_yaml_error_names_the_line() -> None:
    with pytest.raises(ParseError, match="line 3"):
        parse_article(b"---\ntitle: T\nauthor: [unclosed\n---\n", "a.md")


def test_unclosed_front_matter_is_an_error() -> None:
    with pytest.raises(ParseError, match="not closed"):
        parse_article(b"---\ntitle: T\nno closing line", "a.md")


def test_alias_bomb_is_refused() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        previous = chr(ord("a") + level - 1)
        lines.append(
            f"{chr(ord('a') + level)}: &{chr(ord('a') + level)} [{', '.join(['*' + previous] * 10)}]"
        )
    text = "---\ntitle: T\n" + "\n".join(lines) + "\n---\n"
    with pytest.raises(ParseError, match="too large"):
        parse_article(text.encode(), "a.md")


@pytest.mark.parametrize("text", ["#", "# \n\n###", "#\n\n# Real title"])
def test_heading_marks_alone_are_not_a_title(text: str) -> None:
    if "Real" in text:
        assert parse_article(text.encode(), "a.md").title == "Real title"
    else:
        with pytest.raises(ParseError, match="no title"):
            parse_article(text.encode(), "a.md")
