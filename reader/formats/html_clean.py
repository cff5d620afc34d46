"""Taking out of a page's tree what is never article text, before the extractor reads it.

Scripts, styles, frames, forms, `<noscript>`, templates and SVG go first, then what
is hidden, page tools, and boxes whose class or id says they are cookie banners,
share buttons, comments, advertising or related stories. A box is kept when it
holds the article. Layout tables (tables of blocks) become plain blocks.
"""

from __future__ import annotations

import re

from reader.formats.html_tree import Element

NEVER_TEXT = (
    *("script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset"),
    *("object", "embed", "applet", "canvas", "form", "button", "input", "select", "textarea"),
    *("dialog", "video", "audio", "map"),
)
MAX_ATTRIBUTE = 2000
MAX_BOXES = 3000
MAX_TEXT_RUN = 200_000
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:"
    r"cookies?|consent|gdpr|share|sharing|sharedaddy|social|related|relatedposts|"
    r"tinlienquan|tinkhac|lienquan|xemthem|xemnhieu|comments?|disqus|newsletter|"
    r"promo|promoted|outbrain|taboola|advert|advertisement|adsbygoogle|ads|ad|sponsored|"
    r"paywall|mostread|most-read|popular|trending|print-tools"
    r")(?=$|[\s_-])",
    re.IGNORECASE,
)
_BOX_XPATH = ".//*[@class or @id or @aria-label]"
_HIDDEN_XPATH = (
    ".//*[@hidden or @aria-hidden='true' or contains(translate(@style, ' ', ''), 'display:none')]"
    " | .//a[starts-with(normalize-space(@href), 'javascript:')]"
)
_NEVER_DROPPED = frozenset({"html", "body", "main"})
_BLOCKS = ("table", "p", "div", "form", "h1", "h2", "h3", "h4", "ul", "ol", "blockquote", "article")


def drop_never_text(tree: Element) -> None:
    """Remove the elements whose content is never article text (their tails stay)."""
    from lxml import etree

    etree.strip_elements(tree, *NEVER_TEXT, with_tail=False)


def drop_page_furniture(scope: Element, root: Element | None) -> None:
    """Remove hidden elements, script links and boilerplate boxes that do not hold the article."""
    keep = {root, *root.iterancestors()} if root is not None else set()
    for element in scope.xpath(_HIDDEN_XPATH):
        if element not in keep and element.tag not in _NEVER_DROPPED:
            _drop(element)
    paragraphs = int(scope.xpath("count(.//p)"))
    for element in scope.xpath(_BOX_XPATH)[:MAX_BOXES]:
        label = " ".join((element.get(name) or "")[:MAX_ATTRIBUTE] for name in ("class", "id", "aria-label"))
        if not _BOILERPLATE.search(label) or element in keep or element.tag in _NEVER_DROPPED:
            continue
        if not _holds_most(element, paragraphs):
            _drop(element)


def _holds_most(element: Element, paragraphs: int) -> bool:
    """True for a box holding half the page's paragraphs (a main column with an odd name)."""
    mine = len(element.findall(".//p"))
    return mine >= 3 and 2 * mine >= paragraphs


def _drop(element: Element) -> None:
    """Remove an element but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    parent.remove(element)
    if tail and tail.strip():
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def drop_long_attributes(scope: Element) -> None:
    """Remove attribute values too long to be anything but data (they slow every lookup)."""
    for element in scope.xpath(f".//*[@*[string-length(.) > {MAX_ATTRIBUTE}]]"):
        long = [name for name, value in element.attrib.items() if len(value) > MAX_ATTRIBUTE]
        for name in long:
            del element.attrib[name]


def cap_text_runs(scope: Element) -> int:
    """Cut runs of text longer than any paragraph (MAX_TEXT_RUN characters); say how many were cut."""
    runs = scope.xpath(f".//text()[string-length(.) > {MAX_TEXT_RUN}]")
    for run in runs:
        parent = run.getparent()
        if run.is_tail:
            parent.tail = run[:MAX_TEXT_RUN]
        else:
            parent.text = run[:MAX_TEXT_RUN]
    return len(runs)


def unwrap_layout_tables(scope: Element) -> None:
    """Tables that hold paragraphs or other tables lay out a page: make their cells blocks."""
    tables = scope.iter("table")
    layout = [table for table in tables if next(table.iterdescendants(*_BLOCKS), None) is not None]
    chosen = set(layout)
    for table in layout:
        for part in table.iterdescendants("tr", "td", "th", "tbody", "thead", "tfoot", "caption"):
            if next(part.iterancestors("table")) in chosen:
                part.tag = "div"
    for table in layout:
        table.tag = "div"


def drop_captions(tree: Element) -> None:
    """Figure captions are kept apart from the body text."""
    from lxml import etree

    etree.strip_elements(tree, "figcaption", with_tail=False)
