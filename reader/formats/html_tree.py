"""A page's element tree, bounded in size and depth, and the element that holds the article.

lxml is imported inside the functions: importing Newsdesk must not load it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reader.model import ParseError

MAX_PAGE_BYTES = 8 * 1024 * 1024
MAX_TAGS = 400_000
MAX_DEPTH = 100
MAX_LOOKUPS = 200
_LEAF_TAGS = ("h1", "h2", "h3", "h4", "p", "b", "strong", "span", "td", "div", "a", "font")
Element = Any  # an lxml.html element; lxml ships no type information


def parse_tree(text: str) -> Element:
    """Parse page text into an lxml tree, refusing pages too big to read in a few seconds."""
    from lxml import etree
    from lxml import html as lxml_html

    data = text.encode("utf-8")
    if len(data) > MAX_PAGE_BYTES:
        raise ParseError(f"page is {_mib(len(data))}; the limit is {_mib(MAX_PAGE_BYTES)}")
    tags = data.count(b"<")
    if tags > MAX_TAGS:
        raise ParseError(f"page has {tags:,} tags; the limit is {MAX_TAGS:,}")
    parser = lxml_html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, collect_ids=False
    )
    try:
        tree = lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise ParseError(f"not a web page ({error})") from None
    flatten_deep(tree)
    return tree


def _mib(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MiB"


def flatten_deep(tree: Element) -> None:
    """Elements nested deeper than MAX_DEPTH keep their text but lose their inner tags."""
    from lxml import etree

    for element in tree.xpath("/".join(["*"] * MAX_DEPTH)):
        etree.strip_tags(element, "*")


def element_count(tree: Element) -> int:
    """How many elements the tree holds (counted inside libxml2, quickly)."""
    return int(tree.xpath("count(.//*)"))


def find_article_root(tree: Element, thorough: bool = True) -> Element | None:
    """The element holding the article: the one marked `articleBody`, the `<article>` with most
    paragraphs, or `<main>`. Big trees skip the lookups that visit every element."""
    bodies = tree.xpath("//*[@itemprop='articleBody']") if thorough else []
    if bodies:
        found = bodies[0].xpath("ancestor-or-self::article[1]")
        return found[0] if found else bodies[0]
    articles = [(len(a.findall(".//p")), -index, a) for index, a in enumerate(tree.iter("article"))]
    articles = [entry for entry in articles if entry[0] > 0]
    if articles:
        return max(articles, key=lambda entry: entry[:2])[2]
    mains = list(tree.iter("main"))
    if not mains and thorough:
        mains = tree.xpath("//*[@role='main']")
    return mains[0] if mains else None


def headline_in(root: Element | None, tree: Element) -> str:
    """The text of the `<h1>` of the article (or of the page, when it has only one)."""
    if root is not None:
        parent = root.getparent()
        found = list(root.iter("h1"))
        if not found and parent is not None and parent.tag not in ("body", "html"):
            found = list(parent.iter("h1"))
    else:
        found = [h for h, _ in zip(body_of(tree).iter("h1"), range(2), strict=False)]
        found = found if len(found) == 1 else []
    return " ".join(found[0].itertext()) if found else ""


def body_of(tree: Element) -> Element:
    """The page's `<body>` (the whole tree when it has none)."""
    body = tree.find("body")
    return body if body is not None else tree


def first_heading(tree: Element) -> str:
    """The first heading of the page that has text, for pages nothing else names."""
    for heading in tree.iter("h1", "h2", "h3"):
        text = " ".join(" ".join(heading.itertext()).split())
        if text:
            return text
    return ""


def leaf_texts(tree: Element, limit: int = 5000) -> set[str]:
    """Whitespace-normalised texts of elements without children (headline candidates)."""
    texts: set[str] = set()
    for element in body_of(tree).iter(*_LEAF_TAGS):
        if len(element) == 0 and element.text:
            texts.add(" ".join(element.text.split()))
            if len(texts) >= limit:
                break
    return texts


def published_in(root: Element | None, tree: Element) -> list[str]:
    """Publication times the markup states: `<time itemprop=datePublished>`, the article's `<time>`."""
    times = [t for t, _ in zip(tree.iter("time"), range(MAX_LOOKUPS), strict=False)]
    values = [t.get("datetime") or "" for t in times if t.get("itemprop") == "datePublished"]
    scope = root if root is not None else tree
    values += [t.get("datetime") or "" for t, _ in zip(scope.iter("time"), range(MAX_LOOKUPS), strict=False)]
    return [value for value in values if value][:2]


def captions_in(scope: Element, in_article: bool) -> list[str]:
    """Figure captions, then the alt text of images without one (outside an article, of figures only)."""
    captions = [" ".join(" ".join(c.itertext()).split()) for c in _first(scope.iter("figcaption"))]
    for image in _first(scope.iter("img")):
        figure = next(image.iterancestors("figure"), None)
        if figure is None and not in_article:
            continue
        if figure is not None and figure.find(".//figcaption") is not None:
            continue
        alt = " ".join((image.get("alt") or "").split())
        if len(alt.split()) >= 3 and next(image.iterancestors("a"), None) is None:
            captions.append(alt)
    return captions


def _first(elements: Iterator[Element]) -> list[Element]:
    return [element for element, _ in zip(elements, range(MAX_LOOKUPS), strict=False)]
