"""Saved web pages (`.html`, `.htm`): metadata from the page's own tags, the body from trafilatura.

One pure function: bytes and a relative path in, an Article or a ParseError out.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from reader.dates import DateError, find_date, parse_date
from reader.formats.common import (
    MAX_CATEGORY_DEPTH,
    default_id,
    folder_category,
    place_category,
    split_levels,
    trim_title,
)
from reader.formats.html_body import (
    MAX_EXTRACTOR_ELEMENTS,
    Extracted,
    blocks_from_text,
    extract_body,
    extraction_scope,
    loose_text,
    only_chrome,
)
from reader.formats.html_clean import (
    MAX_TEXT_RUN,
    cap_text_runs,
    drop_captions,
    drop_long_attributes,
    drop_never_text,
    drop_page_furniture,
    unwrap_layout_tables,
)
from reader.formats.html_decode import decode_html
from reader.formats.html_markdown import Block
from reader.formats.html_meta import PageMeta, read_meta
from reader.formats.html_title import host_of, humanise_file_name, page_headline, strip_site_name
from reader.formats.html_tree import (
    Element,
    body_of,
    captions_in,
    element_count,
    find_article_root,
    first_heading,
    headline_in,
    leaf_texts,
    parse_tree,
    published_in,
)
from reader.model import Article, ParseError, Published
from reader.text import clean_line, clean_text, fold, slugify

MAX_BODY_CHARS = 2_000_000
MAX_LEAD = 2_000
MAX_CAPTIONS = 100
FEW_BLOCKS = 5
MAX_DATE_TEXT = 200  # characters of a date candidate searched for a date


@dataclass(slots=True)
class _Page:
    """A parsed page and what was read from it before its tree was cleaned."""

    tree: Element
    meta: PageMeta
    root: Element | None
    headline: str
    dates: tuple[str, ...]
    count: int
    warnings: list[str]
    address: str = ""

    @property
    def source(self) -> str:
        """The page's own address, when it states one (else the address it was fetched from)."""
        stated = self.meta.urls[0] if self.meta.urls else ""
        if self.address and not stated.lower().startswith(("http://", "https://")):
            return urljoin(self.address, stated) if stated else self.address
        return stated


def parse_html(data: bytes, relpath: str, *, url: str = "", charset: str = "") -> Article:
    """Build an article from a web page's bytes.

    A fetched page passes the address it came from (its links are resolved against it, and it
    is the source when the page names none) and the charset the server declared.
    """
    page = _read(data, charset)
    page.address = url
    extracted, captions = _extract(page)
    title = _title(page, extracted.fallback, relpath)
    blocks = _body_blocks(extracted.blocks, page, title)
    lead = _lead(page.meta, extracted.fallback, blocks, title)
    body = _join(blocks, page.warnings)
    if not body and not lead:
        raise ParseError("no article text found")
    return _article(page, relpath, extracted.fallback, title=title, lead=lead, body=body, captions=captions)


def _read(data: bytes, charset: str = "") -> _Page:
    """Decode and parse the page; read its metadata while its scripts are still there."""
    decoded = decode_html(data, charset)
    if not decoded.text.strip():
        raise ParseError("empty file")
    tree = parse_tree(decoded.text)
    meta = read_meta(tree)
    drop_never_text(tree)
    count = element_count(tree)
    root = find_article_root(tree, thorough=count <= MAX_EXTRACTOR_ELEMENTS)
    headline = clean_line(headline_in(root, tree))
    dates = (*meta.dates, *published_in(root, tree))
    return _Page(tree, meta, root, headline, dates, count, list(decoded.warnings))


def _extract(page: _Page) -> tuple[Extracted, tuple[str, ...]]:
    """The body (trafilatura, or a plain walk of a huge page) and the captions kept apart from it."""
    scope = extraction_scope(page.tree, page.root, page.count)
    _prepare(scope, page.root, page.count, page.warnings)
    captions = _captions(page.root, page.tree)
    drop_captions(page.tree)
    article = page.root if page.root is not None else body_of(page.tree)
    extracted = extract_body(scope, article, page.source, page.warnings, metadata=_incomplete(page))
    return extracted, captions


def _article(
    page: _Page,
    relpath: str,
    fallback: dict[str, str],
    *,
    title: str,
    lead: str,
    body: str,
    captions: tuple[str, ...],
) -> Article:
    """The Article: the page's own metadata first, trafilatura's where the page said nothing."""
    meta = page.meta
    category, from_file = _category(meta, relpath)
    author = meta.authors[0] if meta.authors else clean_line(fallback.get("author", "").replace(";", ","))
    return Article(
        id=default_id(relpath),
        path=relpath,
        format="html",
        title=trim_title(title, page.warnings),
        category=category,
        category_from_file=from_file,
        author=author,
        published=_published((*page.dates, fallback.get("date", "")), page.warnings),
        lead=lead,
        body=body,
        captions=captions,
        tags=meta.tags,
        source=page.source or _fallback_url(fallback),
        language=meta.languages[0] if meta.languages else "",
        metadata=(("site", meta.site_names[0]),) if meta.site_names else (),
        problems=tuple(page.warnings),
    )


def _incomplete(page: _Page) -> bool:
    """True when the page's own tags leave a field for trafilatura's metadata to fill."""
    meta = page.meta
    named = meta.titles or page.headline or meta.page_title
    return not (named and meta.authors and page.dates and meta.descriptions and meta.urls)


def _prepare(scope: Element | None, root: Element | None, count: int, warnings: list[str]) -> None:
    """Clear what the extractor will read of page furniture, data attributes and endless text."""
    if scope is None:
        warnings.append(f"page has {count:,} elements; read without the article extractor")
        return
    drop_page_furniture(scope, root)
    drop_long_attributes(scope)
    unwrap_layout_tables(scope)
    if cap_text_runs(scope):
        warnings.append(f"text runs longer than {MAX_TEXT_RUN:,} characters were cut")


def _captions(root: Element | None, tree: Element) -> tuple[str, ...]:
    found = captions_in(root, True) if root is not None else captions_in(body_of(tree), False)
    texts = (clean_line(text) for text in found)
    return tuple(dict.fromkeys(text for text in texts if text))[:MAX_CAPTIONS]


def _title(page: _Page, fallback: dict[str, str], relpath: str) -> str:
    """JSON-LD headline, og:title, the article's `<h1>`, the `<title>` without the site name, ..."""
    meta = page.meta
    sites = (*meta.site_names, fallback.get("sitename", ""))
    host = host_of(page.source)
    named = [candidate for candidate in (*meta.titles, page.headline) if candidate]
    if named:
        return strip_site_name(_whole(named), sites, host)
    if meta.page_title:
        return page_headline(meta.page_title, sites, host, lambda: leaf_texts(page.tree))
    for candidate in (clean_line(fallback.get("title", "")), clean_line(first_heading(page.tree))):
        if candidate:
            return candidate
    return humanise_file_name(relpath)


def _whole(titles: list[str]) -> str:
    """The first title, or a later one that it only cut short (`Big news about…`)."""
    first = titles[0]
    stem = first.rstrip(" .…")
    if stem == first:
        return first
    return next((t for t in titles[1:] if t.startswith(stem) and len(t) > len(stem)), first)


def _body_blocks(blocks: list[Block], page: _Page, title: str) -> list[Block]:
    """The extracted blocks without a repeated headline or trailing page tools; fallbacks if none."""
    scope = page.root if page.root is not None else body_of(page.tree)
    if len(blocks) <= FEW_BLOCKS and only_chrome(scope):  # a page of menus has no article
        blocks = []
    if not blocks and page.meta.article_body:
        blocks = blocks_from_text(page.meta.article_body)
    if not blocks:
        blocks = loose_text(scope)
    if blocks and blocks[0].kind in ("heading", "paragraph") and fold(blocks[0].plain) == fold(title):
        blocks = blocks[1:]
    while blocks and blocks[-1].link_only:
        blocks = blocks[:-1]
    return blocks


def _lead(meta: PageMeta, fallback: dict[str, str], blocks: list[Block], title: str) -> str:
    """The standfirst, unless it only repeats the title or the body's first paragraph."""
    lead = clean_text((*meta.descriptions, fallback.get("description", ""))[0]).strip()[:MAX_LEAD]
    folded = fold(lead.rstrip(".…").removesuffix("..."))
    first = next((fold(block.plain) for block in blocks if block.kind == "paragraph"), "")
    if not folded or folded == fold(title) or (first and first.startswith(folded)):
        return ""
    return lead


def _join(blocks: list[Block], warnings: list[str]) -> str:
    body = clean_text("\n\n".join(block.markdown for block in blocks)).strip()
    if len(body) <= MAX_BODY_CHARS:
        return body
    warnings.append(f"body is {len(body):,} characters long; kept the first {MAX_BODY_CHARS:,}")
    return body[:MAX_BODY_CHARS].rsplit("\n\n", 1)[0]


def _category(meta: PageMeta, relpath: str) -> tuple[tuple[str, ...], bool]:
    """The page's section, unless the folder it sits in says otherwise (then the folder wins)."""
    folder = folder_category(relpath)
    section = split_levels(meta.sections[0])[:MAX_CATEGORY_DEPTH] if meta.sections else ()
    placed = place_category(section, folder)
    if not section or not folder:
        return placed, bool(section)
    return (placed, True) if _same_levels(placed, folder) else (folder, False)


def _same_levels(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """Two category paths that differ only in spelling (`Thời sự` and `thoi-su`)."""
    pairs = zip(first, second, strict=False)
    return len(first) == len(second) and all(slugify(a) == slugify(b) for a, b in pairs)


def _published(candidates: tuple[str, ...], warnings: list[str]) -> Published | None:
    """The first candidate that reads as a date; a warning only when none does."""
    unread = []
    for value in (clean_line(c) for c in candidates if c):
        try:
            return parse_date(value)
        except DateError:
            found = find_date(value[:MAX_DATE_TEXT])  # a date is short; the patterns need not read on
            if found is not None:
                return found.published
            unread.append(value)
    if unread:
        warnings.append(f"publication date {unread[0][:40]!r} could not be read")
    return None


def _fallback_url(fallback: dict[str, str]) -> str:
    url = clean_line(fallback.get("url", ""))
    return url if url.lower().startswith(("http://", "https://")) else ""
