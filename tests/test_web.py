"""Fetching against a real HTTP server on 127.0.0.1: statuses, redirects, limits and timeouts."""

from __future__ import annotations

import gzip
import json
import socket
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from reader import __version__
from reader.web import FetchError, fetch

BOMB = gzip.compress(b"\0" * 20_000_000, compresslevel=9)
PAGE = b"<html><body><p>Hello from the test server.</p></body></html>"
TRICKLE_SECONDS = 8.0  # the slow routes stop by themselves after this long


class Handler(BaseHTTPRequestHandler):
    """Routes for each case; nothing here reaches beyond this machine."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        return

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        parts = path.strip("/").split("/")
        route = getattr(self, "route_" + parts[0].replace("-", "_"), None)
        try:
            if route is None:
                self.reply(404, b"not here")
            else:
                route(parts[1:])
        except OSError:  # the client hung up (size limits, timeouts): what those tests want
            self.close_connection = True

    def reply(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        headers.setdefault("Content-Type", "text/html; charset=utf-8")
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route_ok(self, _parts: list[str]) -> None:
        self.reply(200, PAGE, ETag='"v1"', Last_Modified="Wed, 21 Oct 2015 07:28:00 GMT")

    def route_etag(self, _parts: list[str]) -> None:
        if self.headers.get("If-None-Match") == '"v1"':
            self.reply(304, ETag='"v1"')
        else:
            self.reply(200, PAGE, ETag='"v1"')

    def route_headers(self, _parts: list[str]) -> None:
        self.reply(200, json.dumps(dict(self.headers.items())).encode(), Content_Type="application/json")

    def route_status(self, parts: list[str]) -> None:
        status = int(parts[0])
        extra = {"Retry_After": "120"} if status in (429, 503) else {}
        self.reply(status, b"status page", **extra)

    def route_hops(self, parts: list[str]) -> None:
        left = int(parts[0])
        if left == 0:
            self.reply(200, b"arrived")
        else:
            self.reply(302, Location=f"/hops/{left - 1}")

    def route_loop(self, parts: list[str]) -> None:
        self.reply(301, Location="/loop/b" if parts[0] == "a" else "/loop/a")

    def route_elsewhere(self, _parts: list[str]) -> None:
        self.reply(302, Location="ftp://files.example/secret.txt")

    def route_to_file(self, _parts: list[str]) -> None:
        self.reply(302, Location="file:///etc/passwd")

    def route_big(self, _parts: list[str]) -> None:
        self.reply(200, b"x" * 2_000_000)

    def route_big_unannounced(self, _parts: list[str]) -> None:
        self.send_response(200)
        self.send_header("Connection", "close")
        self.end_headers()
        for _ in range(40):
            self.wfile.write(b"y" * 100_000)

    def route_bomb(self, _parts: list[str]) -> None:
        self.reply(200, BOMB, Content_Encoding="gzip")

    def route_gzip(self, _parts: list[str]) -> None:
        self.reply(200, gzip.compress(PAGE), Content_Encoding="gzip")

    def route_deflate(self, _parts: list[str]) -> None:
        self.reply(200, zlib.compress(PAGE), Content_Encoding="deflate")

    def route_slow(self, _parts: list[str]) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        self.trickle(lambda: self.wfile.write(b"z"))

    def route_stall(self, _parts: list[str]) -> None:
        self.trickle(lambda: None)

    def trickle(self, step: Callable[[], object]) -> None:
        end = time.monotonic() + TRICKLE_SECONDS
        try:
            while time.monotonic() < end:
                step()
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            return


class QuietServer(ThreadingHTTPServer):
    """The test server: clients that hang up mid-request (as the limit tests do) are not errors."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_200_with_headers(server: str) -> None:
    fetched = fetch(server + "/ok")
    assert (fetched.status, fetched.body, fetched.not_modified) == (200, PAGE, False)
    assert fetched.content_type == "text/html; charset=utf-8"
    assert fetched.etag == '"v1"'
    assert fetched.last_modified == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert fetched.url == server + "/ok"


def test_request_names_newsdesk_and_asks_for_gzip(server: str) -> None:
    sent = json.loads(
        fetch(server + "/headers", etag='"abc"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT").body
    )
    assert sent["User-Agent"].startswith(f"Newsdesk/{__version__}")
    assert "gzip" in sent["Accept-Encoding"]
    assert sent["If-None-Match"] == '"abc"'
    assert sent["If-Modified-Since"] == "Mon, 01 Jan 2024 00:00:00 GMT"


def test_304_when_the_etag_still_matches(server: str) -> None:
    first = fetch(server + "/etag")
    again = fetch(server + "/etag", etag=first.etag)
    assert (again.status, again.not_modified, again.body, again.etag) == (304, True, b"", '"v1"')


def test_compressed_bodies_are_decompressed(server: str) -> None:
    assert fetch(server + "/gzip").body == PAGE
    assert fetch(server + "/deflate").body == PAGE


@pytest.mark.parametrize(
    ("status", "words"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")]
)
def test_error_statuses_say_the_status(server: str, status: int, words: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(f"{server}/status/{status}")
    assert caught.value.status == status
    assert str(caught.value).endswith(words)
    assert "\n" not in str(caught.value)


def test_429_surfaces_the_retry_delay(server: str) -> None:
    with pytest.raises(FetchError, match="retry after 120 s") as caught:
        fetch(server + "/status/429")
    assert (caught.value.status, caught.value.retry_after) == (429, 120.0)


def test_redirects_up_to_five_are_followed(server: str) -> None:
    fetched = fetch(server + "/hops/3")
    assert (fetched.body, fetched.url) == (b"arrived", server + "/hops/0")
    assert fetch(server + "/hops/5").body == b"arrived"


def test_six_redirects_are_refused(server: str) -> None:
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(server + "/hops/6")


def test_redirect_loop_is_refused(server: str) -> None:
    with pytest.raises(FetchError, match="redirect loop"):
        fetch(server + "/loop/a")


@pytest.mark.parametrize("route", ["/elsewhere", "/to-file"])
def test_redirect_to_another_scheme_is_refused(server: str, route: str) -> None:
    with pytest.raises(FetchError, match="non-http address"):
        fetch(server + route, allow_file=True)


def test_oversized_responses_are_refused(server: str) -> None:
    with pytest.raises(FetchError, match="limit"):
        fetch(server + "/big", max_bytes=1_000_000)
    with pytest.raises(FetchError, match="bigger than the limit"):
        fetch(server + "/big-unannounced", max_bytes=1_000_000)


def test_gzip_bomb_is_stopped_by_its_decompressed_size(server: str) -> None:
    assert len(BOMB) < 100_000
    with pytest.raises(FetchError, match="bigger than the limit of 1,000,000 bytes"):
        fetch(server + "/bomb", max_bytes=1_000_000)


@pytest.mark.parametrize("route", ["/slow", "/stall"])
def test_slow_servers_are_cut_off(server: str, route: str) -> None:
    start = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch(server + route, timeout=0.6)
    assert time.monotonic() - start < 3.0


def test_connection_failure_is_a_fetch_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect"):
        fetch(f"http://127.0.0.1:{port}/", timeout=2)


@pytest.mark.parametrize(
    "url", ["ftp://files.example/x", "javascript:alert(1)", "news.example/page", "file:///etc/hosts"]
)
def test_only_http_addresses_by_default(url: str) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetch(url)


def test_file_addresses_when_allowed(tmp_path: Path) -> None:
    page = tmp_path / "saved page.html"
    page.write_bytes(PAGE)
    fetched = fetch(page.as_uri(), allow_file=True)
    assert (fetched.status, fetched.body, fetched.content_type) == (200, PAGE, "text/html")
    with pytest.raises(FetchError, match="limit"):
        fetch(page.as_uri(), allow_file=True, max_bytes=10)
    with pytest.raises(FetchError, match="cannot read"):
        fetch((tmp_path / "missing.html").as_uri(), allow_file=True)
