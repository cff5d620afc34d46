"""Web pages: charsets, hostile text, what never reaches the body, titles, categories, fallbacks."""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from dataclasses import fields
from pathlib import Path

import pytest

from reader.formats import parse_article
from reader.formats.html_decode import codec_for, declared_charset
from reader.formats.html_title import page_headline, strip_site_name
from reader.model import Article, ParseError

FIXTURES = Path(__file__).parent / "fixtures" / "html"
PARAGRAPHS = "".join(
    f"<p>Paragraph {n} of the story has enough ordinary words in it to be read as article text.</p>"
    for n in range(1, 6)
)


def page(body: str = PARAGRAPHS, head: str = "<title>A headline</title>", lang: str = "en") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body><article>{body}</article></body></html>'
    )


def parse(html: str | bytes, relpath: str = "page.html") -> Article:
    return parse_article(html.encode("utf-8") if isinstance(html, str) else html, relpath)


def texts(article: Article) -> list[str]:
    """Every text field of an article, flattened."""
    out: list[str] = []
    for field in fields(article):
        value = getattr(article, field.name)
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, tuple):
            out += [v if isinstance(v, str) else " ".join(v) for v in value]
    return out


# Charsets


def test_windows_1258_page_reads_as_composed_vietnamese() -> None:
    data = (FIXTURES / "lua-gao-mien-tay-1258.html").read_bytes()
    assert b"\xcc" in data  # the file spells tones as combining marks, as windows-1258 does
    article = parse_article(data, "lua.html")
    assert article.title == "Giá lúa tăng mạnh, nông dân miền Tây phấn khởi"
    assert all(unicodedata.is_normalized("NFC", text) for text in texts(article))
    assert "Nguyễn Văn Tư" in article.body


def test_declared_charsets_are_found_in_either_form() -> None:
    assert declared_charset(b'<meta charset="Windows-1258">') == "windows-1258"
    assert declared_charset(b"<meta charset=utf-8>") == "utf-8"
    http_equiv = b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    assert declared_charset(http_equiv) == "iso-8859-1"
    assert declared_charset(b'<?xml version="1.0" encoding="cp1251"?>') == "cp1251"
    assert declared_charset(b"<p>no declaration</p>") is None


def test_labels_map_to_the_codec_a_browser_uses() -> None:
    assert codec_for("windows-1258") == "cp1258"
    assert codec_for("iso-8859-1") == "cp1252"
    assert codec_for("utf-16") == "utf-8"
    assert codec_for("x-no-such-charset") is None
    assert codec_for("rot13") is None
    assert codec_for("unicode_escape") is None


def test_meta_charset_decides_the_decoding() -> None:
    html = page("<p>Crème brûlée and café au lait for everyone at the opening of the new bakery.</p>" * 3)
    data = html.replace("<head>", '<head><meta charset="iso-8859-1">').encode("cp1252")
    article = parse_article(data, "cafe.html")
    assert "Crème brûlée" in article.body
    assert article.problems == ()


def test_undeclared_invalid_utf8_falls_back_to_cp1252_with_a_warning() -> None:
    data = page("<p>Caf\xe9 owners said the new rules were unfair to small businesses in town.</p>" * 3)
    article = parse_article(data.encode("cp1252"), "cafe.html")
    assert "Café owners" in article.body
    assert any("not valid UTF-8" in problem for problem in article.problems)


def test_wrong_declaration_is_a_warning_not_mojibake() -> None:
    data = page("<p>Naïve café visitors queued for the new season's menu all morning long.</p>" * 3)
    data = data.replace("<head>", "<head><meta charset=utf-8>")
    article = parse_article(data.encode("cp1252"), "cafe.html")
    assert "Naïve café" in article.body
    assert any("does not fit" in problem for problem in article.problems)


def test_bom_wins_over_the_declaration() -> None:
    data = page("<p>Tiếng Việt có dấu được đọc đúng khi tệp bắt đầu bằng BOM của UTF-8 nhé.</p>" * 3)
    data = data.replace("<head>", '<head><meta charset="windows-1252">')
    article = parse_article(codecs.BOM_UTF8 + data.encode("utf-8"), "bom.html")
    assert "Tiếng Việt có dấu" in article.body
    utf16 = parse_article(data.encode("utf-16"), "utf16.html")
    assert "Tiếng Việt có dấu" in utf16.body


def test_binary_and_empty_pages_are_parse_errors() -> None:
    with pytest.raises(ParseError, match="binary"):
        parse_article(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "image.html")
    with pytest.raises(ParseError, match="empty"):
        parse_article(b"   \n", "blank.html")
    with pytest.raises(ParseError, match="no article text"):
        parse_article(b"<html><head><title>Only a title</title></head><body></body></html>", "t.html")


# Hostile text


@pytest.mark.parametrize(
    "evil",
    ["&#x202E;", "&#x1b;[31m", "&#27;]8;;http://x.example/&#7;", "&#x9b;2J", "&#x2066;", "\x1b[2J", "&#0;"],
)
def test_control_characters_never_survive_anywhere(evil: str) -> None:
    head = (
        f"<title>Title {evil}here</title>"
        f'<meta name="description" content="Lead {evil}text">'
        f'<meta name="author" content="Ann {evil}Writer">'
        f'<meta property="article:tag" content="tag{evil}">'
        f'<script type="application/ld+json">{{"@type": "NewsArticle", "articleSection": "Sec{evil}tion",'
        f' "headline": "Headline \\u001b[1m{evil}x \\u202e"}}</script>'
    )
    body = (
        f"<h2>Sub {evil}heading</h2><figure><img src=a.jpg alt='alt {evil} text here'>"
        f"<figcaption>Cap {evil}tion</figcaption></figure>"
        f"<p>Body {evil}paragraph with enough words to be kept as the article text here.</p>" * 3
    )
    article = parse(page(body, head))
    bad = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    assert [text for text in texts(article) if bad.search(text)] == []
    assert article.title.startswith("Headline")


def test_script_style_frames_forms_templates_and_svg_never_reach_the_text() -> None:
    hidden = (
        "<script>var SCRIPT_TEXT = 1;</script><style>.STYLE_TEXT{}</style>"
        "<noscript>NOSCRIPT_TEXT</noscript><template><p>TEMPLATE_TEXT</p></template>"
        "<iframe>IFRAME_TEXT</iframe><form><label>FORM_TEXT</label><textarea>TEXTAREA_TEXT</textarea></form>"
        "<svg><title>SVG_TITLE</title><text>SVG_TEXT</text></svg><object>OBJECT_TEXT</object>"
    )
    article = parse(page(PARAGRAPHS[:200] + hidden + PARAGRAPHS[200:]))
    everything = " ".join(texts(article))
    assert "Paragraph 1" in article.body
    assert not re.search(r"[A-Z]+_(TEXT|TITLE)", everything)


def test_boilerplate_boxes_are_left_out() -> None:
    body = (
        PARAGRAPHS
        + '<div class="share-tools"><a href="#">Share on Facebook</a></div>'
        + '<div id="cookie-consent"><p>We use cookies to improve your experience on our site today.</p></div>'
        + '<section class="comments"><p>First comment: what a load of rubbish this whole thing is.</p></section>'
        + '<aside class="related-stories"><h2>Related stories</h2><p>Another story about something.</p></aside>'
    )
    article = parse(page(body))
    assert "Paragraph 5" in article.body
    for phrase in ("Share on", "cookies", "rubbish", "Related stories"):
        assert phrase not in article.body


def test_body_text_is_escaped_markdown_and_links_are_safe() -> None:
    body = (
        "<p># not a heading, and 1. not a list, with *stars* and [brackets] in ordinary words.</p>"
        '<p>Read <a href="javascript:alert(1)">this script link</a> and <a href="/next">the next story</a>'
        ' and <a href="https://x.example/a b(c)">an odd address</a> in the paragraph text here.</p>'
        + PARAGRAPHS
    )
    article = parse(page(body, '<title>T</title><link rel="canonical" href="https://news.example/s/1">'))
    first, second = article.body.split("\n\n")[:2]
    assert first.startswith("\\# not a heading") and "\\*stars\\*" in first and "\\[brackets\\]" in first
    assert "javascript" not in article.body
    assert "[the next story](https://news.example/next)" in second
    assert "(https://x.example/a%20b%28c%29)" in second


def test_structure_becomes_markdown() -> None:
    body = (
        "<p>Intro paragraph with enough words to count as the start of the article.</p>"
        "<h2>A subheading</h2><ul><li>first point</li><li>second point<ul><li>nested</li></ul></li></ul>"
        "<ol><li>one</li><li>two</li></ol><blockquote><p>A quoted line.</p><p>Another.</p></blockquote>"
        "<p>Text with <strong>bold</strong>, <em>italic</em> and <code>code</code> in it.</p>" + PARAGRAPHS
    )
    blocks = parse(page(body)).body.split("\n\n")
    assert "## A subheading" in blocks
    assert "- first point\n- second point\n  - nested" in blocks
    assert "1. one\n2. two" in blocks
    assert "> A quoted line.\n>\n> Another." in blocks
    assert "Text with **bold**, *italic* and `code` in it." in blocks


# Metadata


def test_title_prefers_json_ld_then_open_graph_then_h1_then_title() -> None:
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "From JSON-LD"}</script>'
    og = '<meta property="og:title" content="From Open Graph">'
    h1 = "<h1>From the h1</h1>"
    title = "<title>From the title | Site</title>"
    assert parse(page(h1 + PARAGRAPHS, title + og + ld)).title == "From JSON-LD"
    assert parse(page(h1 + PARAGRAPHS, title + og)).title == "From Open Graph"
    assert parse(page(h1 + PARAGRAPHS, title)).title == "From the h1"
    assert parse(page(PARAGRAPHS, title)).title == "From the title"


def test_a_headline_cut_short_gives_way_to_the_whole_one() -> None:
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council votes to build a…"}</script>'
    og = '<meta property="og:title" content="Council votes to build a tidal barrier">'
    assert parse(page(PARAGRAPHS, ld + og)).title == "Council votes to build a tidal barrier"
    assert parse(page(PARAGRAPHS, ld)).title == "Council votes to build a…"


def test_site_names_come_off_titles() -> None:
    assert strip_site_name("Big news - The Site", ["The Site"]) == "Big news"
    assert strip_site_name("The Site | Big news", ["The Site"]) == "Big news"
    assert strip_site_name("Big news | Politics | The Site", ["The Site"]) == "Big news | Politics"
    assert strip_site_name("Big news – The Site", [], "www.thesite.example") == "Big news"
    assert (
        strip_site_name("Hòa Khánh - trung tâm nối tuyến mới", ["Báo X"])
        == "Hòa Khánh - trung tâm nối tuyến mới"
    )


def test_page_titles_without_a_known_site_name() -> None:
    nothing: set[str] = set()
    assert page_headline("Big news - The Site", [], "", lambda: nothing) == "Big news"
    assert page_headline("The Site | Big news", [], "", lambda: {"Big news"}) == "Big news"
    assert page_headline("The Site | A rather longer headline today", [], "", lambda: nothing) == (
        "A rather longer headline today"
    )
    assert page_headline("Just a headline", [], "", lambda: nothing) == "Just a headline"


def test_title_falls_back_to_a_heading_then_the_file_name() -> None:
    assert parse("<html><body><h2>Heading only</h2>" + PARAGRAPHS + "</body></html>").title == "Heading only"
    article = parse("<html><body>" + PARAGRAPHS + "</body></html>", "news/port-elvane_barrier-vote.htm")
    assert article.title == "Port elvane barrier vote"
    assert article.id == "news/port-elvane_barrier-vote"


def test_authors_from_json_ld_meta_and_article_author() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "H", "author": '
        '[{"@type": "Organization", "name": "Desk"}, {"@type": "Person", "name": "A. Writer"}]}</script>'
    )
    assert parse(page(PARAGRAPHS, ld)).author == "A. Writer"
    assert parse(page(PARAGRAPHS, '<meta name="author" content="By Sam Jones">')).author == "Sam Jones"
    profile = '<meta property="article:author" content="https://site.example/profile/sam">'
    assert parse(page(PARAGRAPHS, profile)).author == ""
    named = '<meta property="article:author" content="Sam Jones">'
    assert parse(page(PARAGRAPHS, named)).author == "Sam Jones"


def test_json_ld_in_graphs_lists_and_with_entities() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "The Site"},
            {"@type": ["ReportageNewsArticle"], "headline": "Caf&eacute; &amp; bar reopen", "keywords": "a, b",
             "datePublished": "2024-01-02T03:04:05+01:00", "articleSection": ["World", "Asia"],
             "inLanguage": "fr-FR", "mainEntityOfPage": {"@id": "https://site.example/x"}},
        ],
    }  # fmt: skip
    head = f'<script type="application/ld+json">{json.dumps([graph])}</script>'
    article = parse(page(PARAGRAPHS, head + "<title>Café & bar reopen | The Site</title>"))
    assert article.title == "Café & bar reopen"
    assert article.tags == ("a", "b")
    assert article.published is not None and article.published.iso() == "2024-01-02T03:04:05+01:00"
    assert article.category == ("World",)
    assert article.language == "en"
    assert article.source == "https://site.example/x"
    assert ("site", "The Site") in article.metadata


def test_broken_json_ld_is_ignored() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    head += '<script type="application/ld+json">' + "[" * 100_000 + "</script>"
    assert parse(page(PARAGRAPHS, head + "<title>Fine</title>")).title == "Fine"


def test_section_gives_levels_unless_the_folder_gives_the_category() -> None:
    head = '<meta property="article:section" content="World / Asia">'
    assert parse(page(PARAGRAPHS, head), "p.html").category == ("World", "Asia")
    in_folder = parse(page(PARAGRAPHS, head), "sport/p.html")
    assert (in_folder.category, in_folder.category_from_file) == (("sport",), False)
    named = parse(
        page(PARAGRAPHS, '<meta property="article:section" content="Thời sự">'), "tin/thoi-su/p.html"
    )
    assert (named.category, named.category_from_file) == (("tin", "Thời sự"), True)


def test_lead_is_dropped_when_the_body_starts_with_it() -> None:
    first = "Paragraph 1 of the story has enough ordinary words in it to be read as article text."
    assert parse(page(PARAGRAPHS, f'<meta name="description" content="{first[:40]}…">')).lead == ""
    other = parse(page(PARAGRAPHS, '<meta property="og:description" content="A standfirst of its own.">'))
    assert other.lead == "A standfirst of its own."


def test_language_and_source_fallbacks() -> None:
    head = '<meta property="og:locale" content="vi_VN"><meta property="og:url" content="https://a.example/b">'
    article = parse(page(PARAGRAPHS, head, lang=""))
    assert (article.language, article.source) == ("vi-VN", "https://a.example/b")
    relative = parse(page(PARAGRAPHS, head + '<link rel="canonical" href="/c">', lang=""))
    assert relative.source == "https://a.example/c"


def test_captions_from_figures_and_article_images() -> None:
    body = (
        "<figure><img src=a.jpg alt='alt of a captioned image'><figcaption>The caption "
        "<span>Photo: Someone</span></figcaption></figure><img src=b.jpg alt='An image with no caption'>"
        "<img src=c.jpg alt='x'><a href=/ad><img src=d.jpg alt='Buy our lovely things'></a>" + PARAGRAPHS
    )
    article = parse(page(body))
    assert article.captions == ("The caption Photo: Someone", "An image with no caption")
    assert "The caption" not in article.body


def test_page_without_paragraphs_still_gives_its_text() -> None:
    article = parse(
        "<html><head><title>Notice</title></head><body>Closed on Monday for repairs.</body></html>"
    )
    assert (article.title, article.body) == ("Notice", "Closed on Monday for repairs.")
    body = '<script type="application/ld+json">{"@type": "NewsArticle", "articleBody": "One.\\n\\nTwo."}</script>'
    only_ld = parse("<html><head><title>T</title>" + body + "</head><body></body></html>")
    assert only_ld.body == "One.\n\nTwo."
    lead_only = parse(
        '<html><head><title>T</title><meta name="description" content="Just a summary."></head></html>'
    )
    assert (lead_only.lead, lead_only.body) == ("Just a summary.", "")
