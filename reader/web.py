"""Fetching one URL safely: bounded in time, size and redirects, every failure a FetchError.

Used to import a page by its address and to poll feeds. httpx is imported on the
first fetch, so the reader starts without it.
"""

from __future__ import annotations

import email.utils
import mimetypes
import os
import stat
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

from reader import __version__
from reader.model import NewsdeskError
from reader.text import clean_line

if TYPE_CHECKING:
    import ssl

    import httpx

DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = f"Newsdesk/{__version__} (terminal news reader)"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.8"
)


class FetchError(NewsdeskError):
    """A URL could not be fetched: the message says why in one line.

    `status` is the HTTP status when the server answered; `retry_after` the seconds
    it asked to wait (429 and 503 answers), when it said.
    """

    def __init__(
        self, message: str, *, url: str, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(f"{clean_line(url)[:200]}: {clean_line(message)}")
        self.url = url
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Fetched:
    """What a fetch brought back: the final URL, status, the headers that matter, and the body."""

    url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    etag: str | None = None,
    last_modified: str | None = None,
    user_agent: str = USER_AGENT,
    allow_file: bool = False,
) -> Fetched:
    """GET `url` (http or https; `file:` only with allow_file), following at most `max_redirects`.

    `timeout` bounds the whole fetch, redirects and a body that trickles in included;
    `max_bytes` bounds the body after decompression. `etag` and `last_modified` make
    the request conditional: an unchanged resource comes back with `not_modified`.
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme == "file" and allow_file:
        return _read_file(url, max_bytes)
    if scheme not in ("http", "https"):
        shown = f"{scheme}: addresses" if scheme else "addresses without http:// or https://"
        raise FetchError(f"only http and https addresses can be fetched, not {shown}", url=url)
    headers = _headers(user_agent, etag, last_modified)
    return _Fetch(url, timeout, max_bytes, max_redirects, headers).run()


def _headers(user_agent: str, etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate", "Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


class _Fetch:
    """One fetch in progress: its deadline, the addresses visited, and the limits."""

    def __init__(
        self, url: str, timeout: float, max_bytes: int, max_redirects: int, headers: dict[str, str]
    ) -> None:
        self.start_url = url
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.headers = headers

    def run(self) -> Fetched:
        """Fetch, turning every transport failure into a FetchError."""
        import httpx

        try:
            with httpx.Client(follow_redirects=False, timeout=self.timeout, verify=_tls()) as client:
                return self._follow(client)
        except FetchError:
            raise
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.timeout:g} s", url=self.start_url) from None
        except httpx.HTTPError as error:
            raise FetchError(_reason(error), url=self.start_url) from None

    def _follow(self, client: httpx.Client) -> Fetched:
        url, seen = self.start_url, [self.start_url]
        while True:
            request = client.build_request("GET", url, headers=self.headers, timeout=self._remaining())
            response = client.send(request, stream=True)
            try:
                location = self._redirect_target(response, url, seen)
                if location is None:
                    return self._finish(response, url)
            finally:
                response.close()
            url = location
            seen.append(url)

    def _redirect_target(self, response: httpx.Response, url: str, seen: list[str]) -> str | None:
        if response.status_code not in REDIRECTS or "location" not in response.headers:
            return None
        target = urljoin(url, response.headers["location"].strip())
        if urlsplit(target).scheme.lower() not in ("http", "https"):
            raise FetchError(f"redirected to a non-http address ({target[:80]}); refused", url=url)
        if target in seen:
            raise FetchError(f"redirect loop (back to {target[:80]})", url=self.start_url)
        if len(seen) > self.max_redirects:
            raise FetchError(f"more than {self.max_redirects} redirects", url=self.start_url)
        return target

    def _finish(self, response: httpx.Response, url: str) -> Fetched:
        status = response.status_code
        if status == 304:
            content_type, etag, modified = _kept_headers(response)
            etag = etag or self.headers.get("If-None-Match", "")
            modified = modified or self.headers.get("If-Modified-Since", "")
            return Fetched(url, status, b"", content_type, etag, modified, not_modified=True)
        if status >= 400:
            retry = _retry_after(response.headers.get("retry-after", ""))
            wait = f"; retry after {retry:g} s" if retry is not None else ""
            message = f"HTTP {status} {response.reason_phrase}".strip() + wait
            raise FetchError(message, url=url, status=status, retry_after=retry)
        return Fetched(url, status, self._body(response, url), *_kept_headers(response))

    def _body(self, response: httpx.Response, url: str) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"response is {int(declared):,} bytes; the limit is {self.max_bytes:,}", url=url)
        inflater = _Inflater(response.headers.get("content-encoding", ""), url, self.max_bytes)
        for chunk in response.iter_raw():
            inflater.feed(chunk)
            if time.monotonic() > self.deadline:
                raise FetchError(f"timed out after {self.timeout:g} s (body still arriving)", url=url)
        return inflater.result()

    def _remaining(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"timed out after {self.timeout:g} s", url=self.start_url)
        return remaining


@cache
def _tls() -> ssl.SSLContext:
    """httpx's default TLS settings, made once: loading the certificates costs tens of milliseconds."""
    import httpx

    return httpx.create_ssl_context()


def _kept_headers(response: httpx.Response) -> tuple[str, str, str]:
    headers = response.headers
    return headers.get("content-type", ""), headers.get("etag", ""), headers.get("last-modified", "")


class _Inflater:
    """Decompresses a body as it arrives, stopping as soon as it grows past the limit."""

    def __init__(self, encoding: str, url: str, limit: int) -> None:
        self.encoding = encoding.strip().lower()
        if self.encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise FetchError(f"unsupported content encoding {self.encoding!r}", url=url)
        self.url, self.limit = url, limit
        self.parts: list[bytes] = []
        self.size = 0
        self.decoder: zlib._Decompress | None = None

    def feed(self, chunk: bytes) -> None:
        """Take the next raw chunk."""
        if self.encoding in ("", "identity"):
            self._keep(chunk)
            return
        data = chunk
        while data:
            decoder = self.decoder or self._new_decoder(data)
            try:
                self._keep(decoder.decompress(data, self.limit - self.size + 1))
            except zlib.error as error:
                raise FetchError(f"corrupt {self.encoding} body ({error})", url=self.url) from None
            data = decoder.unconsumed_tail
            if decoder.eof:
                self.decoder = None
                rest = decoder.unused_data  # another gzip member, or padding to ignore
                data = rest if rest.startswith(b"\x1f\x8b") and "gzip" in self.encoding else b""

    def _new_decoder(self, data: bytes) -> zlib._Decompress:
        # gzip, or deflate as zlib data (RFC 9110), or the raw deflate some servers send
        zlib_header = len(data) >= 2 and (data[0] & 0x0F) == 8 and (data[0] << 8 | data[1]) % 31 == 0
        bits = 16 + zlib.MAX_WBITS if "gzip" in self.encoding else zlib.MAX_WBITS if zlib_header else -15
        self.decoder = zlib.decompressobj(bits)
        return self.decoder

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise FetchError(f"response is bigger than the limit of {self.limit:,} bytes", url=self.url)
        self.parts.append(data)

    def result(self) -> bytes:
        """The whole decompressed body."""
        return b"".join(self.parts)


def _retry_after(value: str) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _reason(error: Exception) -> str:
    """One line for a transport failure: what went wrong, without a traceback."""
    kind = type(error).__name__
    text = " ".join(str(error).split()) or kind
    if kind == "ConnectError":
        return f"cannot connect ({text})"
    if kind in ("RemoteProtocolError", "LocalProtocolError"):
        return f"the server broke the HTTP protocol ({text})"
    if kind in ("InvalidURL", "UnsupportedProtocol"):
        return f"not a usable address ({text})"
    return text


def _read_file(url: str, max_bytes: int) -> Fetched:
    """A `file:` URL read from disk, within the same size limit."""
    path = url2pathname(urlsplit(url).path)
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise FetchError("not a regular file", url=url)
            if info.st_size > max_bytes:
                raise FetchError(f"file is {info.st_size:,} bytes; the limit is {max_bytes:,}", url=url)
            body = handle.read(max_bytes + 1)
    except OSError as error:
        raise FetchError(f"cannot read the file ({error.strerror or error})", url=url) from None
    if len(body) > max_bytes:
        raise FetchError(f"file grew past the limit of {max_bytes:,} bytes", url=url)
    return Fetched(url, 200, body, mimetypes.guess_type(path)[0] or "")
