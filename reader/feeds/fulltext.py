"""The whole article behind an entry that carries only a summary: its page fetched and extracted."""

from __future__ import annotations

from dataclasses import dataclass

from reader.importer import WEB_PAGE_TYPES, media_type
from reader.model import NewsdeskError
from reader.text import clean_line


@dataclass(frozen=True, slots=True)
class Limits:
    """How long one fetch may take and how big its answer may be."""

    timeout: float
    max_bytes: int


def page_body(link: str, limits: Limits) -> str:
    """The article text of the page at `link`, as Markdown; NewsdeskError says why there is none."""
    from reader.formats.html import parse_html
    from reader.web import fetch

    fetched = fetch(link, timeout=limits.timeout, max_bytes=limits.max_bytes)
    kind, charset = media_type(fetched.content_type)
    if kind not in WEB_PAGE_TYPES:
        raise NewsdeskError(f"{clean_line(link)[:120]}: not a web page ({kind or 'no content type'})")
    return parse_html(fetched.body, "entry.html", url=fetched.url, charset=charset).body
