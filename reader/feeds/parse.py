"""A feed's bytes, whatever the format, as a ParsedFeed: JSON Feed by its look, else RSS or Atom."""

from __future__ import annotations

from reader.feeds.entries import ParsedFeed
from reader.feeds.jsonfeed import looks_like_json, parse_json_feed
from reader.feeds.xmlfeed import parse_xml_feed


def parse_feed(data: bytes, *, url: str, content_type: str = "") -> ParsedFeed:
    """Read RSS 0.9x/1.0/2.0, Atom or JSON Feed bytes; FeedParseError when they are none of these."""
    if looks_like_json(data, content_type):
        return parse_json_feed(data, url=url)
    return parse_xml_feed(data, url=url, content_type=content_type)
