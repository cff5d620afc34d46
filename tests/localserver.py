"""A real HTTP server on 127.0.0.1 for the tests that fetch: fixed answers by path, and a log.

An answer with an ETag or Last-Modified header answers a request that sends it back
(If-None-Match, If-Modified-Since) with 304, as a real server does; `delay` makes it slow.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    """What the server says for one path."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0

    def unchanged_for(self, request: dict[str, str]) -> bool:
        """True when the request's validators match this answer's (a conditional GET that gets 304)."""
        etag = self.headers.get("ETag")
        modified = self.headers.get("Last-Modified")
        if etag and request.get("If-None-Match") == etag:
            return True
        return bool(modified and not etag and request.get("If-Modified-Since") == modified)


@dataclass
class Served:
    """The server's base address, its answers (change them while it runs) and what it was asked."""

    base: str
    answers: dict[str, Answer]
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def asked(self, path: str) -> list[dict[str, str]]:
        """The headers of every request for a path, in order."""
        return [headers for asked, headers in self.requests if asked == path]


@contextmanager
def serve(answers: dict[str, Answer]) -> Iterator[Served]:
    """Run a server answering `answers` (by path, query ignored) until the block ends."""
    served = Served("", answers)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            request = dict(self.headers.items())
            served.requests.append((path, request))
            answer = served.answers.get(path, Answer(b"not here", 404))
            if answer.delay:
                time.sleep(answer.delay)
            unchanged = answer.status == 200 and answer.unchanged_for(request)
            body = b"" if unchanged else answer.body
            try:
                self.send_response(304 if unchanged else answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                return  # the client gave up (a timeout, a size limit): not the server's problem

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    served.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield served
    finally:
        httpd.shutdown()
        httpd.server_close()
