"""Hostile web pages end in an article or a ParseError within seconds, never a hang or a crash.

The time bounds are loose guards against hangs (each case takes well under a second
on the reference machine); `python -m bench.html_pages` prints the real figures.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.formats import parse_article
from reader.formats.html import parse_html
from reader.importer import import_file
from reader.library import Library
from reader.model import Article, ParseError
from reader.watcher import interesting

from conftest import write

FIXTURES = Path(__file__).parent / "fixtures" / "html"
SECONDS = 5.0
TEXT = b"<p>Some ordinary words of a paragraph, long enough to be read as article text.</p>"


def timed(parse: Callable[[], Article]) -> tuple[Article | ParseError, float]:
    start = time.perf_counter()
    try:
        outcome: Article | ParseError = parse()
    except ParseError as error:
        outcome = error
    return outcome, time.perf_counter() - start


def outcome_of(data: bytes, name: str = "hostile.html") -> tuple[Article | ParseError, float]:
    parse_article(b"<html><body>" + TEXT * 3 + b"</body></html>", "warm.html")  # imports are not the case
    return timed(lambda: parse_article(data, name))


def test_a_20_mb_page_is_refused_quickly() -> None:
    data = b"<html><body>" + TEXT * 260_000 + b"</body></html>"
    assert len(data) > 20_000_000
    for parse in (lambda: parse_article(data, "big.html"), lambda: parse_html(data, "big.html")):
        outcome, seconds = timed(parse)
        assert isinstance(outcome, ParseError) and "limit is 8.0 MiB" in str(outcome)
        assert seconds < SECONDS


def test_100000_nested_divs() -> None:
    data = b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000 + TEXT + b"</body></html>"
    outcome, seconds = outcome_of(data)
    assert isinstance(outcome, (Article, ParseError))
    assert seconds < SECONDS


def test_a_million_sibling_paragraphs_within_8_mib() -> None:
    data = b"<html><body>" + b"<p>x</p>" * 1_000_000 + b"</body></html>"
    assert len(data) < 8 * 1024 * 1024
    outcome, seconds = outcome_of(data)
    assert isinstance(outcome, ParseError) and "tags" in str(outcome)
    assert seconds < SECONDS


def test_150000_sibling_paragraphs_are_read_without_the_extractor() -> None:
    data = b"<html><body><article>" + b"<p>a few words here</p>" * 150_000 + b"</article></body></html>"
    outcome, seconds = outcome_of(data)
    assert isinstance(outcome, Article)
    assert outcome.body.startswith("a few words here")
    assert any("elements" in problem for problem in outcome.problems)
    assert seconds < SECONDS


def test_huge_attribute_values() -> None:
    data = b"<html><body><article><div class='" + b"a" * 7_000_000 + b"'>" + TEXT * 3 + b"</div></article>"
    outcome, seconds = outcome_of(data)
    assert isinstance(outcome, Article) and "ordinary words" in outcome.body
    assert seconds < SECONDS
    many = b"".join(b"<p data-x='" + b"b" * 3000 + b"'>para %d with some words</p>" % i for i in range(2000))
    outcome, seconds = outcome_of(b"<html><body><article>" + many + b"</article></body></html>")
    assert isinstance(outcome, Article) and "para 1999" in outcome.body
    assert seconds < SECONDS


def test_unclosed_tags() -> None:
    data = b"<html><body>" + TEXT + b"<div><b><i><span>text " * 60_000
    outcome, seconds = outcome_of(data)
    assert isinstance(outcome, (Article, ParseError))
    assert seconds < SECONDS


def test_table_nesting_bomb() -> None:
    data = b"<html><body>" + TEXT + b"<table><tr><td>cell " * 50_000
    outcome, seconds = outcome_of(data)
    assert isinstance(outcome, (Article, ParseError))
    assert seconds < SECONDS


def test_deeply_nested_quotes_and_lists_with_text_at_every_level() -> None:
    data = (
        b"<html><body><article>"
        + b"<blockquote><ul><li>words at this level " * 300
        + b"</article></body></html>"
    )
    outcome, seconds = outcome_of(data)
    assert isinstance(outcome, Article) and "words at this level" in outcome.body
    assert seconds < SECONDS


def test_one_8_mb_paragraph_is_cut() -> None:
    data = b"<html><body><p>" + b"word " * 1_600_000 + b"</p></body></html>"
    outcome, seconds = outcome_of(data)
    assert isinstance(outcome, Article)
    assert len(outcome.body) <= 200_000
    assert any("cut" in problem for problem in outcome.problems)
    assert seconds < SECONDS


def test_no_recursion_error_escapes_even_with_a_small_stack() -> None:
    code = (
        "import sys\n"
        "from reader.formats import parse_article\n"
        "from reader.model import ParseError\n"
        "parse_article(b'<html><body><p>warm up words for imports</p></body></html>', 'w.html')\n"
        "page = b'<html><body><article>' + b'<blockquote><ol><li>level ' * 95 + b'</article></body></html>'\n"
        "sys.setrecursionlimit(120)\n"
        "try:\n"
        "    print(type(parse_article(page, 'deep.html')).__name__)\n"
        "except ParseError as error:\n"
        "    print('ParseError', error)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(("Article", "ParseError"))


# The folder: pages are listed, watched, shown and imported like any article.


def test_pages_in_the_folder_are_articles(tmp_path: Path) -> None:
    write(tmp_path, "local/barrier.html", (FIXTURES / "harbour-gazette-tidal-barrier.html").read_bytes())
    write(tmp_path, "old.htm", (FIXTURES / "lua-gao-mien-tay-1258.html").read_bytes())
    write(tmp_path, "broken.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    library = Library.open(tmp_path)
    barrier = library.get("local/barrier")
    assert barrier.format == "html" and barrier.category == ("Local",)
    assert library.get("old").title == "Giá lúa tăng mạnh, nông dân miền Tây phấn khởi"
    assert [p.path for p in library.problems() if p.severity == "error"] == ["broken.html"]
    assert interesting(tmp_path, str(tmp_path / "new.html"))


def test_import_turns_a_page_into_markdown(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    root.mkdir()
    written = import_file(FIXTURES / "da-nang-xe-buyt-dien.html", root)
    assert written.relative_to(root).parts[0] == "thoi-su"
    text = written.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Đà Nẵng thí điểm xe buýt điện trên năm tuyến nội thành\n")
    imported = Library.open(root).articles()[0]
    assert imported.format == "markdown" and imported.author == "Nguyễn Đông"


@pytest.mark.parametrize("name", ["page.html", "page.HTM", "dir/page.htm"])
def test_page_names_are_parsed_as_pages(name: str) -> None:
    assert parse_article(b"<html><body>" + TEXT + b"</body></html>", name).format == "html"
