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
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:"
    r"cookies?|consent|gdpr|share|sharing|sharedaddy|social|related|relatedposts|"
    r"tinlienquan|tinkhac|lienquan|xemthem|xemnhieu|comments?|disqus|newsletter|"
    r"promo|promoted|outbrain|taboola|advert|advertisement|adsbygoogle|ads|ad|sponsored|"
    r"paywall|mostread|most-read|popular|trending|print-tools"
    r")(?=$|[\s_-])",
    re.IGNORECASE,
)
_BOX_XPATH = "//body//*[@class or @id or @aria-label]"
_HIDDEN_XPATH = (
    "//body//*[@hidden or @aria-hidden='true' or contains(translate(@style, ' ', ''), 'display:none')]"
)
_BLOCKS = ("table", "p", "div", "form", "h1", "h2", "h3", "h4", "ul", "ol", "blockquote", "article")


def drop_never_text(tree: Element) -> None:
    """Remove the elements whose content is never article text (their tails stay)."""
    from lxml import etree

    etree.strip_elements(tree, *NEVER_TEXT, with_tail=False)


def drop_page_furniture(tree: Element, root: Element | None) -> None:
    """Remove hidden elements, script links and boilerplate boxes that do not hold the article."""
    keep = _holders(tree, root)
    for element in tree.xpath(_HIDDEN_XPATH + " | //a[starts-with(normalize-space(@href), 'javascript:')]"):
        if element not in keep:
            _drop(element)
    paragraphs = int(tree.xpath("count(//p)"))
    for element in tree.xpath(_BOX_XPATH)[:MAX_BOXES]:
        label = " ".join(element.get(name) or "" for name in ("class", "id", "aria-label"))
        if _BOILERPLATE.search(label) and element not in keep and not _holds_most(element, paragraphs):
            _drop(element)


def _holders(tree: Element, root: Element | None) -> set[Element]:
    if root is None:
        return set()
    return {root, *root.iterancestors()}


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


def drop_long_attributes(tree: Element) -> None:
    """Remove attribute values too long to be anything but data (they slow every lookup)."""
    for element in tree.iter():
        long = [name for name, value in element.attrib.items() if len(value) > MAX_ATTRIBUTE]
        for name in long:
            del element.attrib[name]


def unwrap_layout_tables(tree: Element) -> None:
    """Tables that hold paragraphs or other tables lay out a page: make their cells blocks."""
    tables = tree.iter("table")
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
