"""`make bench`: Newsdesk at 1k, 10k and 100k articles, beside the floor and newsboat.

Every figure comes from this run on this machine: synthetic folders are written to
a temporary directory, the real `newsdesk` command is driven in a pseudo-terminal
(pexpect + pyte) and timed until the screen shows what a person waits for, and the
same is done for a minimal Textual app and, when installed, newsboat. Parsing alone
is timed too: saved web pages against the same articles as Markdown.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import newsboat
from bench.corpus import NEWEST_TITLE, make_corpus
from bench.html_pages import ParseRates, parse_rates
from bench.terminal import KEYS, Terminal
from reader.library import Library
from reader.query import parse_query
from reader.text import plural
from reader.ui.searching import SEARCH_LIMIT

NEWSDESK = str(Path(sys.executable).parent / "newsdesk")
QUERY_WORDS = 20
CHECK_SHOWN = 2.0  # seconds: the reader says it is checking the folder after 0.5 s


@dataclass
class Figures:
    """Everything measured for one folder size."""

    size: int
    cold_seconds: float = 0.0
    files_per_second: float = 0.0
    start_seconds: float = 0.0
    floor_seconds: float = 0.0  # the floor's start, taken just before each reader session (median)
    filter_ms: list[float] = field(default_factory=list)
    search_ms: list[float] = field(default_factory=list)
    search_screen_ms: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    added_seconds: float = 0.0


def environment(workdir: Path) -> dict[str, str]:
    """Private config, data and cache directories for one run."""
    env = {f"NEWSDESK_{k}_DIR": str(workdir / k.lower()) for k in ("CONFIG", "DATA", "CACHE")}
    os.environ.update(env)
    return env


def queries(library: Library) -> list[str]:
    """Twenty queries of the kinds people type: words, two words, a prefix, a phrase, a field."""
    rows = (
        library.index.connections.get()
        .execute(
            "SELECT term FROM vocab WHERE length(term) > 3 AND doc BETWEEN ? AND ? ORDER BY doc DESC, term",
            (max(2, len(library) // 2000), max(10, len(library) // 20)),
        )
        .fetchall()
    )
    words = [r[0] for r in rows if r[0].isalpha()][:60] or ["news"]
    made = []
    for n in range(QUERY_WORDS):
        a, b = words[n % len(words)], words[(n * 7 + 3) % len(words)]
        made.append([a, f"{a} {b}", f"{a[:4]}*", f'"{a} {b}"', f"title:{a}"][n % 5])
    return made


def cold_index(folder: Path) -> tuple[float, float]:
    """Seconds to build the index from nothing, and files per second."""
    library = Library.open(folder, sync=False, marks=False)
    library.rebuild()
    started = time.perf_counter()
    library.sync()
    seconds = time.perf_counter() - started
    count = len(library)
    library.close()
    return seconds, count / seconds


def in_process_search(folder: Path, words: list[str]) -> list[float]:
    """Milliseconds per query for search plus the first screenful of hits."""
    library = Library.open(folder, sync=False, marks=False)
    times = []
    for word in words:
        started = time.perf_counter()
        query_rowids = library.search(word, limit=SEARCH_LIMIT)
        library.hits(query_rowids[:20], parse_query(word))
        times.append((time.perf_counter() - started) * 1000)
    return times


def expectations(folder: Path, words: list[str]) -> dict[str, tuple[int, str]]:
    """For each query: how many results the reader will say it found, and the top title."""
    library = Library.open(folder, sync=False, marks=False)
    expected = {}
    for word in words:
        rowids = library.search(word, limit=SEARCH_LIMIT)
        top = library.summaries(rowids[:1])[rowids[0]].title[:25] if rowids else "Nothing found"
        expected[word] = (len(rowids), top)
    return expected


def tui_session(
    folder: Path, env: dict[str, str], figures: Figures, words: dict[str, tuple[int, str]]
) -> None:
    """Start the reader, filter, search, add a file; time each until the screen shows it."""
    term = Terminal([NEWSDESK, "-d", str(folder)], columns=120, lines=40, env=env)
    try:
        started = time.perf_counter()
        term.wait_for(NEWEST_TITLE[:25], timeout=120)
        figures.start_seconds = term.shown_at - started
        wait_until_checked(term, timeout=600)
        term.settle(0.5, 5)
        figures.filter_ms = filter_steps(term)
        term.send("a")
        term.settle(0.3, 3)
        figures.search_screen_ms = search_steps(term, words)
        title = "Fresh benchmark arrival"
        (folder / "fresh.md").write_text(f"---\ntitle: {title}\npublished: 2031-01-01\n---\nBody.\n", "utf-8")
        started = time.perf_counter()
        term.wait_for(title, timeout=30)
        figures.added_seconds = term.shown_at - started
        figures.peak_rss_mb = newsboat.peak_rss_mb(term.pid)
        term.send("q")
        term.wait_exit(30)
    finally:
        term.close()
        (folder / "fresh.md").unlink(missing_ok=True)


def wait_until_checked(term: Terminal, timeout: float, shown_within: float = 0.0) -> None:
    """Wait for the reader's check of the folder after its first frame to end, so that no step
    is timed while a walk runs beside it. The check is said half a second after it starts
    (one that ends sooner is never shown; on a large folder the walk slows the screen and it
    is said later): wait up to `shown_within` (CHECK_SHOWN) for it to show, then for it to go."""
    try:
        term.wait_for(
            lambda s: "Checking the folder" in s or "Indexing" in s, timeout=shown_within or CHECK_SHOWN
        )
    except TimeoutError:
        return
    term.wait_for(lambda s: "Indexing" not in s and "Checking the folder" not in s, timeout=timeout)


def filter_steps(term: Terminal, times: int = 10, timeout: float = 30) -> list[float]:
    """Milliseconds from `]` (next category) to the list of that category on screen, `times` times."""
    took = []
    for _ in range(times):
        before = term.screen.display[0]
        started = time.perf_counter()
        term.send("]")
        term.wait_for(lambda s, before=before: s.split("\n")[0] != before and "▸" in s, timeout=timeout)
        took.append((term.shown_at - started) * 1000)
        term.settle(0.15, 2)
    return took


def search_steps(term: Terminal, words: dict[str, tuple[int, str]], timeout: float = 30) -> list[float]:
    """Milliseconds from typing each query to its count and top result on screen."""
    took = []
    for word, (count, top) in words.items():
        term.send("/")
        term.settle(0.15, 2)
        started = time.perf_counter()
        term.send(word)
        expected = (
            f"{count:,}+ results found" if count >= SEARCH_LIMIT else f"{plural(count, 'result')} found"
        )
        term.wait_for(lambda s, e=expected, t=top: e in s.split("\n")[0] and t in s, timeout=timeout)
        took.append((term.shown_at - started) * 1000)
        term.send(KEYS["escape"])
        term.wait_for(lambda s: "found" not in s.split("\n")[0], timeout=timeout)
    return took


def next_article_steps(term: Terminal, times: int = 10, timeout: float = 30) -> list[float]:
    """Milliseconds from `n` (the next article) to a new title at the top of the reading pane,
    `times` times, from the article under the cursor (opened with Enter, not timed)."""
    term.send(KEYS["enter"])
    term.wait_for(lambda s: bool(_pane_title(s)), timeout=timeout)
    term.settle(0.3, 3)
    took = []
    for _ in range(times):
        shown = _pane_title(term.text())
        started = time.perf_counter()
        term.send("n")
        term.wait_for(lambda s, t=shown: _pane_title(s) not in (None, "", t), timeout=timeout)
        took.append((term.shown_at - started) * 1000)
        term.settle(0.15, 2)
    return took


def _pane_title(screen: str) -> str | None:
    """The start of the title the reading pane shows: its first line after the category line."""
    lines = screen.splitlines()
    top = next((n for n, line in enumerate(lines) if "─ Article ─" in line), None)
    if top is None:
        return None
    inside = [line.split("│")[-2].strip() for line in lines[top + 1 : top + 6] if line.count("│") >= 2]
    texts = [text for text in inside if text]
    return texts[1][:20].strip() if len(texts) > 1 else None


def floor_start() -> tuple[float, float]:
    """Seconds until the minimal Textual app shows its list, and its peak memory."""
    script = Path(__file__).with_name("minimal_app.py")
    term = Terminal([sys.executable, str(script)], columns=120, lines=40)
    try:
        started = time.perf_counter()
        term.wait_for("Minimal row 1", timeout=60)
        seconds = term.shown_at - started
        term.settle(0.3, 3)
        peak = newsboat.peak_rss_mb(term.pid)
        term.send("q")
        term.wait_exit(10)
    finally:
        term.close()
    return seconds, peak


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)] if values else float("nan")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--sizes", default="1000,10000,100000", help='comma-separated sizes; "": none')
    parser.add_argument("--starts", type=int, default=2, help="reader sessions per size (medians kept)")
    parser.add_argument("--html-pages", type=int, default=1000, help="web pages parsed per repeat")
    parser.add_argument("--html-repeats", type=int, default=3, help="repeats of the parsing (median kept)")
    parser.add_argument("--newsboat-at", type=int, default=10000, help="the size newsboat is measured at")
    parser.add_argument("--feeds", default="100x50", help='feeds x entries fetched ("": none)')
    parser.add_argument(
        "--smoke", action="store_true", help="every step once at 1k, small: seconds, to see nothing broke"
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.sizes, args.starts, args.newsboat_at, args.feeds = "1000", 1, 1000, "4x5"
        args.html_pages, args.html_repeats = 40, 1
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]  # --sizes "": floor and parsing only
    # As an installed package would be: compiled once, not on every start.
    compileall.compile_dir(Path(__file__).resolve().parent.parent / "reader", quiet=1)
    results: list[Figures] = []
    reference: newsboat.NewsboatRun | None = None
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        floors = [floor_start() for _ in range(args.starts)]
        floor_seconds = median([f[0] for f in floors])
        floor_rss = median([f[1] for f in floors])
        print(f"parsing {args.html_pages:,} web pages ×{args.html_repeats}…", file=sys.stderr)
        parsing = parse_rates(args.html_pages, args.html_repeats)
        for size in sizes:
            workdir = Path(tmp) / f"n{size}"
            env = environment(workdir)
            print(f"[{size:,}] writing the folder…", file=sys.stderr)
            folder = make_corpus(workdir / "articles", size)
            figures = Figures(size)
            figures.cold_seconds, figures.files_per_second = cold_index(folder)
            words = queries(Library.open(folder, sync=False, marks=False))
            figures.search_ms = in_process_search(folder, words)
            starts, beside = [], []
            for _ in range(args.starts):
                print(f"[{size:,}] reader session…", file=sys.stderr)
                beside.append(floor_start()[0])  # the machine's speed drifts: the floor is taken next to it
                run = Figures(size)
                tui_session(folder, env, run, expectations(folder, words))
                starts.append(run)
            figures.start_seconds = median([r.start_seconds for r in starts])
            figures.floor_seconds = median(beside)
            figures.filter_ms = [t for r in starts for t in r.filter_ms]
            figures.search_screen_ms = [t for r in starts for t in r.search_screen_ms]
            figures.peak_rss_mb = max(r.peak_rss_mb for r in starts)
            figures.added_seconds = median([r.added_seconds for r in starts])
            results.append(figures)
            if size == args.newsboat_at and newsboat.available():
                print(f"[{size:,}] newsboat…", file=sys.stderr)
                single = [w for w in words if w.isalpha()][:10] or ["news"]
                reference = newsboat.measure(
                    Library.open(folder, sync=False, marks=False), workdir / "newsboat", NEWEST_TITLE, single
                )
    print_table(results, floor_seconds, floor_rss, reference, args.newsboat_at)
    print_parsing(parsing)
    if args.feeds:
        feeds_row(*(int(n) for n in args.feeds.split("x")))
    return 0


def print_parsing(rates: ParseRates) -> None:
    """Web pages parsed per second, beside the same articles as Markdown parsed in the same run."""
    pages = f"{rates.pages // 1000}k" if rates.pages % 1000 == 0 else f"{rates.pages:,}"
    print(f"\n| parsing, one process | median of {len(rates.html)} | ×Markdown |")
    print("|---|---|---|")
    print(f"| HTML pages parsed / s ({pages} pages) | {median(rates.html):,.0f} | {rates.ratio:.3f} |")
    print(f"| Markdown files parsed / s (the same {pages}, as `.md`) | {median(rates.markdown):,.0f} | 1 |")


def print_machine() -> None:
    """The machine, and how to read the figures."""
    print(
        f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    print(
        "Absolute times vary from machine to machine and run to run (shared machines are noisy); "
        "compare the ratios, taken in this same run."
    )


def print_table(
    results: list[Figures],
    floor: float,
    floor_rss: float,
    reference: newsboat.NewsboatRun | None,
    newsboat_at: int = 10000,
) -> None:
    """The table the README quotes."""
    print_machine()
    print(f"Floor (minimal Textual app): start {floor:.3f} s, peak memory {floor_rss:.0f} MiB")
    beside = ", ".join(f"{r.size:,}: {r.floor_seconds:.3f} s" for r in results if r.floor_seconds)
    if beside:
        print(f"Floor started just before each reader session (×floor divides by these): {beside}")
    if reference:
        print(
            f"newsboat at {newsboat_at:,}: reload {reference.reload_seconds:.2f} s, start to article list "
            f"{reference.start_seconds:.3f} s, search p50 {median(reference.search_seconds) * 1000:.0f} ms, "
            f"peak memory {reference.peak_rss_mb:.0f} MiB"
        )
    else:
        print("newsboat: not installed, no comparison (Debian package 'newsboat')")
    if not results:
        return
    header = (
        "articles",
        "cold index",
        "files/s",
        "start",
        "×floor",
        "×nb",
        "filter p50",
        "search p50/p95",
        "×nb",
        "search screen p50/p95",
        "×nb",
        "peak MiB",
        "×nb",
        "added file",
    )
    print("\n| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in results:
        nb = reference if (reference and r.size == newsboat_at) else None
        print(
            "| "
            + " | ".join(
                [
                    f"{r.size:,}",
                    f"{r.cold_seconds:.2f} s" + (f" (nb {nb.reload_seconds:.2f} s)" if nb else ""),
                    f"{r.files_per_second:,.0f}",
                    f"{r.start_seconds:.3f} s",
                    f"{r.start_seconds / (r.floor_seconds or floor):.2f}",
                    f"{r.start_seconds / nb.start_seconds:.2f}" if nb else "–",
                    f"{median(r.filter_ms):.0f} ms",
                    f"{median(r.search_ms):.1f}/{p95(r.search_ms):.1f} ms",
                    f"{median(r.search_ms) / 1000 / median(nb.search_seconds):.2f}" if nb else "–",
                    f"{median(r.search_screen_ms):.0f}/{p95(r.search_screen_ms):.0f} ms",
                    f"{median(r.search_screen_ms) / 1000 / median(nb.search_seconds):.2f}" if nb else "–",
                    f"{r.peak_rss_mb:.0f}",
                    f"{r.peak_rss_mb / nb.peak_rss_mb:.2f}" if nb else "–",
                    f"{r.added_seconds:.2f} s",
                ]
            )
            + " |"
        )


def feeds_row(feeds: int = 100, entries: int = 50) -> None:
    """Local feeds fetched cold, then again (all 304): time and peak memory."""
    from bench.feeds import measure, print_feeds

    print(f"fetching {feeds} local feeds × {entries} entries, twice…", file=sys.stderr)
    print_feeds(measure(feeds, entries))


if __name__ == "__main__":
    sys.exit(main())
