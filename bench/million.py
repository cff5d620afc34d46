"""`make bench-1m`: Newsdesk on a million articles (not run by CI: the folder alone is several GB).

The folder is written once, deterministically, under the cache directory and reused
by later runs. Every figure comes from this run: the cold index is built by the
real `newsdesk index` command (with a reader started while it runs, to see that it
is usable), then the reader is started on the warm index and timed until the
screen shows what a person waits for.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from bench.corpus import NEWEST_TITLE, TOPICS, VIETNAMESE_TOPICS, CorpusWriter, _markdown, _slug
from bench.run import (
    NEWSDESK,
    environment,
    expectations,
    filter_steps,
    median,
    next_article_steps,
    p95,
    print_machine,
    queries,
    search_steps,
    wait_until_checked,
)
from bench.terminal import Terminal
from reader.library import Library

MILLION = 1_000_000
VERSION = "1"  # written beside the folder: a change of generator writes it again


class ShortWriter(CorpusWriter):
    """The benchmark's articles with short bodies (a lead and one paragraph), written fast."""

    def write(self) -> Path:
        topics = [(top, sub) for top, subs in TOPICS.items() for sub in subs]
        start = datetime(2006, 1, 1, 6, 0)
        for top, sub in topics:
            (self.root / _slug(top) / _slug(sub)).mkdir(parents=True, exist_ok=True)
        for number in range(self.count):
            top, sub = topics[number % len(topics)]
            vocabulary = self.vietnamese if top in VIETNAMESE_TOPICS else self.english
            when = start + timedelta(minutes=self.random.randint(0, 60 * 24 * 365 * 20))
            folder = self.root / _slug(top) / _slug(sub)
            title, lead = self.title(vocabulary), self.sentence(vocabulary)
            if number % 4:
                text = _markdown(title, f"{top} / {sub}", when, lead, self.paragraph(vocabulary), [])
                (folder / f"a{number:07d}.md").write_text(text, encoding="utf-8")
            else:
                body = f"{title}\n\n{lead}\n\n{self.paragraph(vocabulary)}\n"
                (folder / f"a{number:07d}.txt").write_text(body, encoding="utf-8")
            if number % 50000 == 0:
                print(f"  {number:,} articles written…", file=sys.stderr)
        self._write_newest()
        return self.root


def folder(base: Path, count: int) -> Path:
    """The million-article folder, written the first time (or when the generator changed)."""
    root, stamp = base / "articles", base / "generated"
    if stamp.exists() and stamp.read_text() == f"{VERSION} {count}":
        return root
    shutil.rmtree(root, ignore_errors=True)
    print(f"writing {count:,} articles under {root} (once)…", file=sys.stderr)
    ShortWriter(root, count).write()
    stamp.write_text(f"{VERSION} {count}")
    return root


@dataclass
class MillionFigures:
    """What `make bench-1m` measures."""

    count: int
    cold_seconds: float | None = None  # None: an index was kept (`--keep-index`), none built
    usable_during_index_seconds: float | None = None  # None: not measured (no cold index, or it ended first)
    starts: list[float] = field(default_factory=list)
    filter_ms: list[float] = field(default_factory=list)
    search_ms: list[float] = field(default_factory=list)
    next_ms: list[float] = field(default_factory=list)
    peak_rss_mb: list[float] = field(default_factory=list)
    added_seconds: list[float] = field(default_factory=list)


def cold_index(root: Path, env: dict[str, str], figures: MillionFigures) -> None:
    """Time `newsdesk index` from nothing; meanwhile start a reader and time its first titles."""
    cache = Path(env["NEWSDESK_CACHE_DIR"])
    shutil.rmtree(cache, ignore_errors=True)
    started = time.perf_counter()
    indexer = subprocess.Popen(
        [NEWSDESK, "-d", str(root), "index"], env={**os.environ, **env}, stderr=subprocess.PIPE, text=True
    )
    time.sleep(20)
    if indexer.poll() is None:
        try:
            figures.usable_during_index_seconds = reader_during_index(root, env)
        except (TimeoutError, EOFError) as error:
            print(f"  the reader was not usable during the cold index: {error}"[:2000], file=sys.stderr)
    _, errors = indexer.communicate()
    figures.cold_seconds = time.perf_counter() - started
    if indexer.returncode:
        raise SystemExit(f"newsdesk index failed ({indexer.returncode}): {errors[-2000:]}")
    print(f"  cold index: {figures.cold_seconds:.0f} s; {errors.strip().splitlines()[-1:]}", file=sys.stderr)


def reader_during_index(root: Path, env: dict[str, str]) -> float:
    """Seconds until a reader started during the cold index lists articles and answers a filter key."""
    term = Terminal([NEWSDESK, "-d", str(root)], columns=120, lines=40, env=env)
    try:
        started = time.perf_counter()
        term.wait_for(lambda s: "Articles (" in s and "Articles (0)" not in s, timeout=300)
        filter_steps(term, times=1, timeout=60)
        seconds = term.shown_at - started
        term.send("q")
        term.wait_exit(60)
    finally:
        term.close()
    return seconds


def session(
    root: Path, env: dict[str, str], figures: MillionFigures, words: dict[str, tuple[int, str]]
) -> None:
    """One reader on the warm index: start, filters, searches, 100 files added, the next article."""
    shutil.rmtree(env["NEWSDESK_DATA_DIR"], ignore_errors=True)  # marks and the last view: start as new
    term = Terminal([NEWSDESK, "-d", str(root)], columns=120, lines=40, env=env)
    added = root / "culture" / "books"
    try:
        started = time.perf_counter()
        term.wait_for(NEWEST_TITLE[:25], timeout=120)
        figures.starts.append(term.shown_at - started)
        wait_until_checked(term, timeout=900, shown_within=30)  # at 1M it is said after 4–8 s
        term.settle(0.5, 5)
        figures.filter_ms += filter_steps(term, timeout=60)
        term.send("a")
        term.settle(0.3, 3)
        figures.search_ms += search_steps(term, words, timeout=60)
        figures.added_seconds.append(add_hundred(term, added))
        figures.next_ms += next_article_steps(term, timeout=60)
        figures.peak_rss_mb.append(peak_rss(term.pid))
        term.send("Q")  # q would close the article first
        term.wait_exit(60)
    finally:
        term.close()
        for path in added.glob("added-*.md"):
            path.unlink()
        subprocess.run([NEWSDESK, "-d", str(root), "index"], env={**os.environ, **env}, capture_output=True)


def add_hundred(term: Terminal, folder: Path) -> float:
    """Move 100 new articles into a folder, one after another; seconds until the list and its
    count show them all.

    The list keeps the article under the cursor where it was, so the new ones arrive just
    above it: the one next to it is on screen, and the header counts all of them.
    """
    header = term.screen.display[0]
    count = int(header.split(" articles")[0].split()[-1].replace(",", ""))
    staging = Path(tempfile.mkdtemp(prefix="added-", dir=folder.parent.parent.parent))
    for number in range(100):
        when = datetime(2031, 1, 1, 0, 0) + timedelta(minutes=number)
        text = _markdown(f"Added article number {number:03d}", "Culture / Books", when, "Lead.", "Body.", [])
        (staging / f"added-{number:03d}.md").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    for path in sorted(staging.iterdir()):
        path.rename(folder / path.name)  # each arrives whole
    term.wait_for(lambda s: f"{count + 100:,} articles" in s and "Added article number 000" in s, timeout=120)
    seconds = term.shown_at - started
    staging.rmdir()
    return seconds


def peak_rss(pid: int) -> float:
    from bench.newsboat import peak_rss_mb

    return peak_rss_mb(pid)


def report(figures: MillionFigures) -> None:
    """The table, with the targets beside the figures."""
    print_machine()
    print(f"\n| {figures.count:,} articles | median | target |")
    print("|---|---|---|")
    rows = [
        (
            "cold index (`newsdesk index`)",
            _figure(figures.cold_seconds, 60, "min", "not run: index kept"),
            "≤ 8 min",
        ),
        (
            "a reader started during the cold index: first titles and a filter",
            _figure(figures.usable_during_index_seconds, 1, "s", "not measured"),
            "usable",
        ),
        ("launch → newest titles (warm index)", f"{median(figures.starts):.2f} s", "≤ 1.0 s"),
        ("filter key → list, p50/p95", _spread(figures.filter_ms), "≤ 100 ms"),
        ("search typed → screen, p50/p95", _spread(figures.search_ms), "≤ 100 ms"),
        ("next article (n) → its text, p50/p95", _spread(figures.next_ms), "–"),
        ("peak memory of the reader", f"{max(figures.peak_rss_mb):.0f} MiB", "≤ 300 MiB"),
        ("100 files added → on screen", f"{median(figures.added_seconds):.2f} s", "≤ 1 s"),
    ]
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\nstarts: {', '.join(f'{s:.2f}' for s in figures.starts)} s")


def _figure(value: float | None, unit_seconds: float, unit: str, missing: str) -> str:
    """A time in `unit` with one decimal, or what to say when it was not taken."""
    return missing if value is None else f"{value / unit_seconds:.1f} {unit}"


def _spread(values: list[float]) -> str:
    return f"{median(values):.0f}/{p95(values):.0f} ms" if values else "not measured"


def main(argv: list[str] | None = None) -> int:
    """Build (once) and index the folder, then time the reader on it."""
    parser = argparse.ArgumentParser(prog="bench.million")
    default_base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newsdesk-bench"
    parser.add_argument("--base", type=Path, default=default_base, help="where the folder is kept")
    parser.add_argument("--count", type=int, default=MILLION)
    parser.add_argument("--sessions", type=int, default=3, help="reader sessions on the warm index")
    parser.add_argument("--keep-index", action="store_true", help="skip the cold index if one exists")
    args = parser.parse_args(argv)
    compileall.compile_dir(Path(__file__).resolve().parent.parent / "reader", quiet=1)
    base = args.base / f"n{args.count}"
    root = folder(base, args.count)
    env = environment(base / "state")
    figures = MillionFigures(args.count)
    index_file = Path(env["NEWSDESK_CACHE_DIR"])
    if not (args.keep_index and index_file.exists()):
        print("cold index…", file=sys.stderr)
        cold_index(root, env, figures)
    library = Library.open(root, sync=False, marks=False)
    words = queries(library)
    library.close()
    expected = expectations(root, words)
    for number in range(args.sessions):
        print(f"reader session {number + 1}…", file=sys.stderr)
        session(root, env, figures, expected)
    report(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
