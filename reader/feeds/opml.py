"""OPML 2.0, the list of feeds other readers import and export: categories are nested outlines.

Reading refuses documents with a DOCTYPE (no entities, no external anything) and takes
every outline with an `xmlUrl`; the outlines around it (or its `category` attribute)
give its category.
"""

from __future__ import annotations

import email.utils
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from dataclasses import dataclass

from reader import __version__
from reader.feeds.subscriptions import Subscription, check_url, name_from_url, parse_category
from reader.formats.common import MAX_CATEGORY_DEPTH
from reader.model import NewsdeskError
from reader.text import clean_line

MAX_OPML_BYTES = 4 * 1024 * 1024
MAX_FEEDS = 10_000


class OpmlError(NewsdeskError):
    """The file is not OPML that can be read; the message says why."""


@dataclass(frozen=True, slots=True)
class OpmlRead:
    """The feeds of an OPML file, and the outlines that could not be used (and why)."""

    feeds: tuple[Subscription, ...]
    skipped: tuple[str, ...] = ()


def read_opml(data: bytes) -> OpmlRead:
    """The feeds an OPML document lists, with their categories."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"is over {MAX_OPML_BYTES // (1024 * 1024)} MiB; not read")
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise OpmlError("has a DOCTYPE; OPML needs none, and it is refused for safety")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise OpmlError(f"is not well-formed XML ({error})") from None
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise OpmlError("is not OPML (no <opml> with a <body>)")
    reading = _Outlines()
    reading.walk(body, ())
    return OpmlRead(tuple(reading.feeds), tuple(reading.skipped))


class _Outlines:
    """Walks nested outlines, keeping the category path that leads to each feed."""

    def __init__(self) -> None:
        self.feeds: list[Subscription] = []
        self.skipped: list[str] = []

    def walk(self, parent: ElementTree.Element, path: tuple[str, ...]) -> None:
        for outline in parent.findall("outline"):
            if len(self.feeds) >= MAX_FEEDS:
                return
            label = clean_line(outline.get("text") or outline.get("title") or "")
            address = outline.get("xmlUrl") or outline.get("xmlurl")
            if address is None:
                below = (*path, label) if label else path
                self.walk(outline, below[:MAX_CATEGORY_DEPTH])
                continue
            self._feed(outline, address, label, path)

    def _feed(self, outline: ElementTree.Element, address: str, label: str, path: tuple[str, ...]) -> None:
        try:
            url = check_url(address)
            category = parse_category(_first_category(outline.get("category"))) or path
        except ValueError as error:
            self.skipped.append(f"{label or address[:80]}: {error}")
            return
        self.feeds.append(Subscription(url, label or name_from_url(url), category))


def _first_category(value: str | None) -> str | None:
    """The first of an outline's comma-separated `/A/B` categories, or None."""
    if not value:
        return None
    first = value.split(",")[0].strip().strip("/")
    return first or None


def write_opml(feeds: Sequence[Subscription], title: str) -> str:
    """An OPML 2.0 document of the feeds, each under outlines for its category's levels."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = title
    ElementTree.SubElement(head, "dateCreated").text = email.utils.formatdate(usegmt=True)
    ElementTree.SubElement(head, "docs").text = "https://opml.org/spec2.opml"
    body = ElementTree.SubElement(root, "body")
    folders: dict[tuple[str, ...], ElementTree.Element] = {(): body}
    for feed in feeds:
        parent = _folder(folders, feed.category)
        ElementTree.SubElement(
            parent, "outline", type="rss", text=feed.name, title=feed.name, xmlUrl=feed.url
        )
    ElementTree.indent(root)
    generator = f"<!-- Written by Newsdesk {__version__} -->\n"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + generator
        + ElementTree.tostring(root, encoding="unicode")
        + "\n"
    )


def _folder(
    folders: dict[tuple[str, ...], ElementTree.Element], levels: tuple[str, ...]
) -> ElementTree.Element:
    """The outline for a category path, made (with its parents) the first time it is needed."""
    if levels not in folders:
        parent = _folder(folders, levels[:-1])
        folders[levels] = ElementTree.SubElement(parent, "outline", text=levels[-1], title=levels[-1])
    return folders[levels]
