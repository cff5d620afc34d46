"""The raw text of a news web page, as a person copies it from a browser.

The page is read as a sequence of non-empty lines. The header (chrome, a section
name, the title and a byline) is found around the first byline or the first prose
paragraph; the body runs to the first related-stories heading; captions are the
lines a page prints twice; the related block yields titles with their summaries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.formats import lines as ln
from reader.formats.common import (
    default_id,
    folder_category,
    place_category,
    split_levels,
    trim_title,
)
from reader.model import Article, Published, RelatedRef
from reader.text import fold

HEADER_WINDOW = 20
MAX_RELATED = 30


@dataclass(slots=True)
class Header:
    """Where the title, section, byline and first body line sit."""

    title: int
    category: int | None = None
    byline: int | None = None
    body_start: int = 0


@dataclass(slots=True)
class Body:
    """The article text once captions, credits and the trailing author are taken out."""

    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    author: str = ""
    tags: list[str] = field(default_factory=list)
    related: list[RelatedRef] = field(default_factory=list)


def find_header(lines: list[str]) -> Header | None:
    """Locate the header, or None when the text has no byline to anchor it."""
    window = lines[:HEADER_WINDOW]
    for index, line in enumerate(window):
        found = ln.byline(line)
        if found is None or found.found.has_seconds:
            continue
        header = _header_around_byline(lines, index)
        if header:
            return header
    return None


def _header_around_byline(lines: list[str], at: int) -> Header | None:
    after = lines[at + 1] if at + 1 < len(lines) else ""
    after2 = lines[at + 2] if at + 2 < len(lines) else ""
    before = lines[at - 1] if at > 0 else ""
    if after and ln.is_title_like(after) and (not after2 or not ln.is_title_like(after2)):
        # Date above the title (`Section / date / Title / lead`).
        category = at - 1 if before and ln.is_category_like(before) else None
        return Header(title=at + 1, category=category, byline=at, body_start=at + 2)
    if before and ln.is_title_like(before):
        above = lines[at - 2] if at > 1 else ""
        category = at - 2 if above and ln.is_category_like(above) else None
        return Header(title=at - 1, category=category, byline=at, body_start=at + 1)
    return None


def header_without_byline(lines: list[str]) -> Header:
    """Title before the first prose paragraph; failing that, the first line."""
    window = lines[:HEADER_WINDOW]
    first_prose = next((i for i, line in enumerate(window) if ln.is_prose(line)), None)
    if first_prose:
        for index in range(first_prose - 1, -1, -1):
            if ln.is_title_like(lines[index]):
                above = index - 1
                category = above if above >= 0 and ln.is_category_like(lines[above]) else None
                return Header(title=index, category=category, body_start=first_prose)
    start = next((i for i, line in enumerate(window) if not ln.is_chrome(line)), 0)
    return Header(title=start, body_start=start + 1)


def read_body(lines: list[str]) -> Body:
    """Split the lines after the header into body, captions and related stories."""
    body = Body()
    related_at = len(lines)
    for index, line in enumerate(lines):
        if ln.is_stop_heading(line):
            related_at = index
            break
        rest = ln.related_heading(line)
        if rest == "":
            related_at = index
            break
        if rest:
            body.related.append(RelatedRef(ref=rest, title=rest))
            continue
        _take_body_line(body, lines, index)
    _take_trailing_author(body)
    body.related.extend(_read_related(lines[related_at + 1 :]))
    return body


def _take_body_line(body: Body, lines: list[str], index: int) -> None:
    line = lines[index]
    previous = lines[index - 1] if index > 0 else None
    following = lines[index + 1] if index + 1 < len(lines) else None
    tags = ln.tags_line(line)
    if tags is not None:
        body.tags.extend(tags)
    elif line == previous and line in body.captions:
        return
    elif line == following or ln.is_caption_credit(line):
        if line not in body.captions:
            body.captions.append(line)
    else:
        body.paragraphs.append(line)


def _take_trailing_author(body: Body) -> None:
    """Names alone at the end (`Hoàng Nam`, `Theo TTXVN`) are the byline, not text."""
    person = outlet = ""
    while len(body.paragraphs) > 1:
        last = body.paragraphs[-1]
        who = ln.attribution(last)
        if who is None and not ln.is_author_line(last):
            break
        body.paragraphs.pop()
        if who is None:
            person = person or last
        else:
            outlet = outlet or who
    body.author = person or outlet


def _read_related(lines: list[str]) -> list[RelatedRef]:
    entries: list[RelatedRef] = []
    seen: set[str] = set()
    for line in lines:
        if ln.is_stop_heading(line) or len(entries) >= MAX_RELATED:
            break
        if ln.related_heading(line) == "" or ln.is_chrome(line):
            continue
        key = fold(line)
        if key in seen:
            continue
        last = entries[-1] if entries else None
        if last is not None and not last.summary and ln.is_prose(line):
            entries[-1] = RelatedRef(ref=last.ref, title=last.title, summary=line)
        else:
            seen.add(key)
            entries.append(RelatedRef(ref=line, title=line))
    return entries


def parse_news_page(text: str, relpath: str, warnings: list[str]) -> Article | None:
    """Parse copied page text; None when it does not look like a news page."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines:
        return None
    header = find_header(lines)
    if header is None:
        if not any(ln.related_heading(line) == "" for line in lines[3:]):
            return None
        header = header_without_byline(lines)
    return _build(lines, header, relpath, warnings)


def _build(lines: list[str], header: Header, relpath: str, warnings: list[str]) -> Article:
    body = read_body(lines[header.body_start :])
    found = ln.byline(lines[header.byline]) if header.byline is not None else None
    published: Published | None = found.found.published if found else None
    category = split_levels(lines[header.category]) if header.category is not None else ()
    lead, *rest = body.paragraphs or [""]
    return Article(
        id=default_id(relpath),
        path=relpath,
        format="news-page",
        title=trim_title(lines[header.title], warnings),
        category=place_category(category, folder_category(relpath)),
        category_from_file=bool(category),
        author=(found.author if found else "") or body.author,
        published=published,
        lead=lead,
        body="\n\n".join(rest),
        captions=tuple(body.captions),
        tags=tuple(dict.fromkeys(body.tags)),
        related=tuple(body.related),
        problems=tuple(warnings),
    )
