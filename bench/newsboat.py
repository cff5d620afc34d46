"""Newsboat, the reference terminal reader, measured on the same articles (when installed)."""

from __future__ import annotations

import email.utils
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from bench.terminal import KEYS, Terminal
from reader.library import Library

FEED_TITLE = "Newsdesk benchmark feed"


@dataclass
class NewsboatRun:
    """Newsboat's figures for one folder."""

    reload_seconds: float
    start_seconds: float
    search_seconds: list[float]
    peak_rss_mb: float


def available() -> bool:
    """True when the newsboat command is installed (the benchmark never installs it)."""
    return shutil.which("newsboat") is not None


def export_rss(library: Library, target: Path) -> Path:
    """Every article of the library as one RSS 2.0 file."""
    rowids = library.view_rowids()
    with target.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>')
        out.write(
            f"<title>{FEED_TITLE}</title><link>http://localhost/</link><description>bench</description>\n"
        )
        for start in range(0, len(rowids), 1000):
            for article in library.articles_by_rowid(rowids[start : start + 1000], with_body=True):
                when = article.published.value if article.published else None
                date = email.utils.format_datetime(when) if when and when.tzinfo else ""
                out.write(
                    "<item>"
                    f"<title>{escape(article.title)}</title>"
                    f"<link>http://localhost/{escape(article.id)}</link>"
                    f"<guid>http://localhost/{escape(article.id)}</guid>"
                    f"<description>{escape(article.lead + ' ' + article.body)}</description>"
                    + (f"<pubDate>{date}</pubDate>" if date else "")
                    + "</item>\n"
                )
        out.write("</channel></rss>\n")
    return target


def measure(library: Library, workdir: Path, newest_title: str, words: list[str]) -> NewsboatRun:
    """Fill newsboat's cache (timed: its cold index), then time its start and searches."""
    workdir.mkdir(parents=True, exist_ok=True)
    feed = export_rss(library, workdir / "feed.xml")
    urls = workdir / "urls"
    urls.write_text(f"file://{feed}\n", encoding="utf-8")
    config = workdir / "config"
    config.write_text("", encoding="utf-8")
    cache = workdir / "cache.db"
    argv = ["newsboat", "-u", str(urls), "-c", str(cache), "-C", str(config)]
    started = time.perf_counter()
    subprocess.run([*argv, "-x", "reload"], check=True, capture_output=True)
    reload_seconds = time.perf_counter() - started
    term = Terminal(argv, columns=120, lines=40)
    try:
        started = time.perf_counter()
        term.wait_for(FEED_TITLE, timeout=120)
        term.send(KEYS["enter"])
        term.wait_for(newest_title[:25], timeout=120)
        start_seconds = term.shown_at - started
        searches = [_search(term, word) for word in words]
        peak = peak_rss_mb(term.pid)
        term.send("Q")
        term.wait_exit(30)
    finally:
        term.close()
    return NewsboatRun(reload_seconds, start_seconds, searches, peak)


def _search(term: Terminal, word: str) -> float:
    term.send("/")
    term.wait_for("Search for:", timeout=10)
    term.settle(0.1, 1)
    started = time.perf_counter()
    term.send(word + KEYS["enter"])
    term.wait_for(lambda screen: "Search result" in screen or "No results" in screen, timeout=60)
    seconds = term.shown_at - started
    if "Search result" in term.text():
        term.send("q")
        term.wait_for(lambda screen: "Search result" not in screen, timeout=10)
    term.settle(0.1, 1)
    return seconds


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")
