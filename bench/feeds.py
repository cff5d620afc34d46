"""`python -m bench.feeds`: fetching 100 local feeds of 50 entries, cold and then all unchanged.

A server on 127.0.0.1 (in this process) serves the feeds with ETags; the fetch runs in
a child process (`python -m bench.feeds child FOLDER`) so that its peak memory is its
own: the first fetch writes every entry as a file, the second gets a 304 for each feed.
`make bench` (bench/run.py) prints the row.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PARAGRAPH = (
    "<p>Theo báo cáo của Tổng cục Thống kê, kinh tế <b>quý I</b> tăng trưởng ổn định nhờ xuất khẩu "
    "và đầu tư công, trong khi lạm phát được kiểm soát dưới mức mục tiêu. Xem "
    '<a href="/kinh-te/bao-cao.html">báo cáo đầy đủ</a>.</p>'
)


@dataclass(frozen=True, slots=True)
class FeedFigures:
    """One run: feeds and entries, seconds for the cold fetch and the unchanged one, peak memory."""

    feeds: int
    entries: int
    written: int
    cold_seconds: float
    unchanged_seconds: float
    not_modified: int
    peak_rss_mb: float


def feed_body(number: int, entries: int) -> bytes:
    """An RSS 2.0 feed of `entries` items, each with `content:encoded`."""
    items = "".join(
        f"<item><title>Tin {number}-{entry}: kinh tế quý I tăng trưởng</title>"
        f"<link>https://nguon{number}.vidu.vn/tin-{entry}.html</link>"
        f"<guid>https://nguon{number}.vidu.vn/tin-{entry}.html</guid>"
        f"<pubDate>Tue, {1 + entry % 28:02d} Mar 2024 08:{entry % 60:02d}:00 +0700</pubDate>"
        f"<category>Kinh tế</category><description>Tóm tắt tin {entry}.</description>"
        f"<content:encoded><![CDATA[{PARAGRAPH * 4}]]></content:encoded></item>"
        for entry in range(entries)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Nguồn {number}</title><link>https://nguon{number}.vidu.vn/</link>{items}</channel></rss>"
    ).encode()


@contextmanager
def feed_server(bodies: dict[str, bytes]) -> Iterator[str]:
    """Serve the bodies by path with an ETag each (304 when it is sent back); yield the base address."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            body = bodies.get(self.path, b"")
            etag = f'"{len(body)}-{self.path}"'
            unchanged = self.headers.get("If-None-Match") == etag
            self.send_response(304 if unchanged else 200 if body else 404)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0" if unchanged else str(len(body)))
            self.end_headers()
            if not unchanged:
                self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def measure(feeds: int = 100, entries: int = 50) -> FeedFigures:
    """Serve the feeds here, fetch them twice in a child process, and return its figures."""
    bodies = {f"/nguon-{number}.rss": feed_body(number, entries) for number in range(feeds)}
    with tempfile.TemporaryDirectory(prefix="newsdesk-feeds-bench-") as tmp, feed_server(bodies) as base:
        root = Path(tmp) / "articles"
        root.mkdir()
        listed = "".join(f"  - url: {base}{path}\n    category: Nguồn / {path[1:-4]}\n" for path in bodies)
        (root / "feeds.yaml").write_text("feeds:\n" + listed, encoding="utf-8")
        env = {
            **os.environ,
            **{f"NEWSDESK_{k}_DIR": str(Path(tmp) / k.lower()) for k in ("CONFIG", "DATA", "CACHE")},
        }
        result = subprocess.run(
            [sys.executable, "-m", "bench.feeds", "child", str(root)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=300,
        )
    found = json.loads(result.stdout)
    return FeedFigures(feeds, entries, **found)


def child(root: Path) -> dict[str, float | int]:
    """The fetch, twice (in the child process): the figures as JSON-ready numbers."""
    from reader.feeds.fetching import fetch_feeds
    from reader.feeds.subscriptions import load_subscriptions

    feeds = load_subscriptions(root).feeds
    started = time.perf_counter()
    cold = fetch_feeds(root, feeds)
    cold_seconds = time.perf_counter() - started
    started = time.perf_counter()
    warm = fetch_feeds(root, feeds)
    unchanged_seconds = time.perf_counter() - started
    failed = [report.error for report in (*cold, *warm) if report.failed]
    if failed:
        raise SystemExit(f"feeds failed: {failed[:3]}")
    return {
        "written": sum(report.new for report in cold),
        "cold_seconds": cold_seconds,
        "unchanged_seconds": unchanged_seconds,
        "not_modified": sum(1 for report in warm if report.not_modified),
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the process that started
        # this one (the benchmark, hundreds of MB after the 100k folder).
        "peak_rss_mb": _own_peak_mb(),
    }


def _own_peak_mb() -> float:
    """This process's peak resident memory (VmHWM) in MiB; ru_maxrss where there is no /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def print_feeds(figures: FeedFigures) -> None:
    """The table row `make bench` prints."""
    print(f"\n| fetching feeds ({figures.feeds} × {figures.entries} entries, local server) | value |")
    print("|---|---|")
    print(f"| cold: every entry written ({figures.written:,} files) | {figures.cold_seconds:.2f} s |")
    print(f"| again, all unchanged ({figures.not_modified} × 304) | {figures.unchanged_seconds:.2f} s |")
    print(f"| peak memory of the fetching process | {figures.peak_rss_mb:.0f} MiB |")


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.feeds [--feeds N] [--entries N]`, or `child FOLDER` (used by the run itself)."""
    parser = argparse.ArgumentParser(prog="bench.feeds")
    parser.add_argument("mode", nargs="?", default="run", choices=["run", "child"])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument("--entries", type=int, default=50)
    args = parser.parse_args(argv)
    if args.mode == "child":
        print(json.dumps(child(args.folder)))
        return 0
    print_feeds(measure(args.feeds, args.entries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
