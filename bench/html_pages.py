"""`python -m bench.html_pages`: web page parsing speed and the time hostile pages take.

Parses the fixture pages of tests/fixtures/html repeated to 1,000 pages in one
process and prints pages per second, then times each hostile page shape once.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from reader.formats import parse_article
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


def throughput(pages: int) -> tuple[int, float]:
    """Parse the fixtures round-robin `pages` times; return (pages, seconds)."""
    fixtures = [(path.read_bytes(), path.name) for path in sorted(FIXTURES.glob("*.htm*"))]
    parse_article(*fixtures[0])  # the first page loads lxml and trafilatura
    start = time.perf_counter()
    for number in range(pages):
        parse_article(*fixtures[number % len(fixtures)])
    return pages, time.perf_counter() - start


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
    pages, seconds = throughput(parser.parse_args().pages)
    print(f"{pages:,} pages in {seconds:.2f} s: {pages / seconds:,.0f} pages/s (one process)")
    print(f"{'case':30} {'MB':>6} {'seconds':>8}  outcome")
    for name, size, took, outcome in hostile():
        print(f"{name:30} {size:6.2f} {took:8.2f}  {outcome[:70]}")


if __name__ == "__main__":
    main()
