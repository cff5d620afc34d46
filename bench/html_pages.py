"""`python -m bench.html_pages`: web page parsing speed and the time hostile pages take.

Parses the fixture pages of tests/fixtures/html repeated to 1,000 pages in one
process and prints pages per second, beside the same articles written as Markdown
(as `newsdesk import` writes them) parsed the same number of times, then times each
hostile page shape once. `make bench` (bench/run.py) prints the first two figures.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.formats import parse_article
from reader.importer import to_markdown
from reader.model import ParseError

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "html"
TEXT = b"<p>Some ordinary words of a paragraph, long enough to be read as article text.</p>"
HOSTILE: dict[str, Callable[[], bytes]] = {
    "20 MB page": lambda: b"<html><body>" + TEXT * 260_000 + b"</body></html>",
    "100,000 nested <div>s": lambda: b"<html><body>" + b"<div>" * 100_000 + b"x" + b"</div>" * 100_000,
    "1,000,000 sibling <p>s": lambda: b"<html><body>" + b"<p>x</p>" * 1_000_000 + b"</body></html>",
    "150,000 sibling <p>s": lambda: b"<html><body><article>" + b"<p>a few words</p>" * 150_000,
    "7 MB attribute value": lambda: b"<html><body><div class='" + b"a" * 7_000_000 + b"'>" + TEXT * 3,
    "2,000 x 3 KB attributes": lambda: (
        b"<html><body>" + b"".join(b"<p data-x='" + b"b" * 3000 + b"'>para %d</p>" % i for i in range(2000))
    ),
    "unclosed tags": lambda: b"<html><body>" + TEXT + b"<div><b><i><span>text " * 60_000,
    "<table> nesting bomb": lambda: b"<html><body>" + TEXT + b"<table><tr><td>cell " * 50_000,
    "300 nested quotes and lists": lambda: b"<html><body><article>" + b"<blockquote><ul><li>words " * 300,
    "one 8 MB paragraph": lambda: b"<html><body><p>" + b"word " * 1_600_000 + b"</p></body></html>",
}


Files = list[tuple[bytes, str]]


@dataclass(frozen=True, slots=True)
class ParseRates:
    """Files parsed per second, one figure per repeat: the web pages, and the same articles as Markdown."""

    pages: int
    html: list[float]
    markdown: list[float]

    @property
    def ratio(self) -> float:
        """Median web pages per second over median Markdown files per second."""
        return statistics.median(self.html) / statistics.median(self.markdown)


def web_pages() -> Files:
    """The fixture pages: (bytes, file name)."""
    return [(path.read_bytes(), path.name) for path in sorted(FIXTURES.glob("*.htm*"))]


def as_markdown(pages: Files) -> Files:
    """The same articles as Markdown files with front matter, as `newsdesk import` writes them."""
    return [(to_markdown(parse_article(data, name)).encode("utf-8"), f"{name}.md") for data, name in pages]


def rate(files: Files, count: int) -> float:
    """Parse the files round-robin `count` times; return files per second."""
    start = time.perf_counter()
    for number in range(count):
        parse_article(*files[number % len(files)])
    return count / (time.perf_counter() - start)


def parse_rates(pages: int = 1000, repeats: int = 3) -> ParseRates:
    """Pages per second and Markdown files per second, `repeats` times each, taken in turn."""
    html = web_pages()
    markdown = as_markdown(html)  # also loads lxml, trafilatura and the Markdown parser
    rates = [(rate(html, pages), rate(markdown, pages)) for _ in range(repeats)]
    return ParseRates(pages, [r[0] for r in rates], [r[1] for r in rates])


def hostile() -> list[tuple[str, float, float, str]]:
    """(case, MB, seconds, outcome) for each hostile page shape."""
    rows = []
    for name, make in HOSTILE.items():
        data = make()
        start = time.perf_counter()
        try:
            article = parse_article(data, "hostile.html")
            outcome = f"article, {len(article.body):,} body characters"
        except ParseError as error:
            outcome = f"ParseError: {error}"
        rows.append((name, len(data) / 1e6, time.perf_counter() - start, outcome))
    return rows


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    rates = parse_rates(parser.parse_args().pages, repeats=1)
    print(
        f"{rates.pages:,} pages: {rates.html[0]:,.0f} pages/s (one process); the same articles as "
        f"Markdown: {rates.markdown[0]:,.0f} files/s (×{rates.ratio:.3f})"
    )
    print(f"{'case':30} {'MB':>6} {'seconds':>8}  outcome")
    for name, size, took, outcome in hostile():
        print(f"{name:30} {size:6.2f} {took:8.2f}  {outcome[:70]}")


if __name__ == "__main__":
    main()
