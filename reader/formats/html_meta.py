"""What a page says about itself: JSON-LD first, then Open Graph, then plain `<meta>` tags."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from reader.formats.html_jsonld import LinkedData, read_linked_data
from reader.formats.html_tree import Element
from reader.text import clean_line

MAX_META_TAGS = 2_000
MAX_META_VALUE = 10_000
MAX_URL = 2_000
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_BY = re.compile(r"^by\s+", re.IGNORECASE)
DATE_NAMES = (
    *("article:published_time", "pubdate", "publishdate", "publish-date", "date", "dc.date"),
    *("dc.date.issued", "dcterms.created", "datepublished"),
)
DESCRIPTION_NAMES = ("og:description", "description")
SITE_NAMES = ("og:site_name", "application-name", "apple-mobile-web-app-title")


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Candidates for each article field, best source first; empty tuples when the page says nothing."""

    titles: tuple[str, ...] = ()
    page_title: str = ""
    site_names: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    article_body: str = ""


def read_meta(tree: Element) -> PageMeta:
    """Read the page's JSON-LD, Open Graph and `<meta>` tags (before scripts are taken out)."""
    tags = meta_tags(tree)
    linked = read_linked_data([script.text or "" for script in _ld_scripts(tree)])
    base = _first(tags, "og:url") or next((b.get("href") or "" for b in tree.iter("base")), "")
    return PageMeta(
        titles=_present(linked.headline, _first(tags, "og:title")),
        page_title=_page_title(tree),
        site_names=_present(*(_first(tags, name) for name in SITE_NAMES), *linked.site_names),
        authors=_present(", ".join(linked.authors), *_meta_authors(tags)),
        dates=_present(linked.published, *(_first(tags, name) for name in DATE_NAMES)),
        sections=_present(linked.section, _first(tags, "article:section")),
        descriptions=_present(*(_first(tags, name) for name in DESCRIPTION_NAMES), linked.description),
        urls=_urls(tree, tags, linked, base),
        tags=_present(*tags.get("article:tag", []), *linked.keywords),
        languages=_languages(tree, tags, linked),
        article_body=linked.article_body,
    )


def meta_tags(tree: Element) -> dict[str, list[str]]:
    """`<meta>` contents by lower-cased name, property or itemprop, in page order."""
    found: dict[str, list[str]] = {}
    for count, element in enumerate(tree.iter("meta")):
        if count >= MAX_META_TAGS:
            break
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        value = element.get("content") or ""
        if key and value and len(value) <= MAX_META_VALUE:
            found.setdefault(key.strip().lower(), []).append(_clean(value))
    return found


def _clean(value: str) -> str:
    """Character references left over (pages often escape twice) decoded; cleaned to one line."""
    return clean_line(html.unescape(value) if "&" in value else value)


def _first(tags: dict[str, list[str]], key: str) -> str:
    return next((value for value in tags.get(key, []) if value), "")


def _present(*values: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value))


def _ld_scripts(tree: Element) -> list[Element]:
    return [s for s in tree.iter("script") if "ld+json" in (s.get("type") or "").lower()]


def _page_title(tree: Element) -> str:
    titles = (t for t in tree.iter("title") if next(t.iterancestors("svg"), None) is None)
    found = next(titles, None)
    return _clean(" ".join(found.itertext())) if found is not None else ""


def _meta_authors(tags: dict[str, list[str]]) -> list[str]:
    """`meta name=author`, and `article:author` when it is a name rather than a profile URL."""
    names = [_BY.sub("", value) for value in tags.get("author", [])]
    names += [v for v in tags.get("article:author", []) if "://" not in v and not v.startswith("/")]
    return [", ".join(dict.fromkeys(n for n in names if n))] if names else []


def _urls(tree: Element, tags: dict[str, list[str]], linked: LinkedData, base: str) -> tuple[str, ...]:
    """The canonical link, then `og:url`, then the JSON-LD `url` and `mainEntityOfPage`."""
    rels = (((link.get("rel") or "").lower().split(), link.get("href") or "") for link in tree.iter("link"))
    canonical = [href for rel, href in rels if "canonical" in rel]
    candidates = (*canonical[:1], *tags.get("og:url", [])[:1], *linked.urls)
    return _present(*(absolute_url(c, base) for c in candidates))


def absolute_url(value: str, base: str = "") -> str:
    """An http(s) URL, resolved against the page's own address when relative; else empty."""
    url = clean_line(value)
    if base and not url.lower().startswith(("http://", "https://")):
        try:
            url = urljoin(base, url)
        except ValueError:
            return ""
    ok = url.lower().startswith(("http://", "https://")) and len(url) <= MAX_URL and " " not in url
    return url if ok else ""


def _languages(tree: Element, tags: dict[str, list[str]], linked: LinkedData) -> tuple[str, ...]:
    locale = _first(tags, "og:locale").replace("_", "-")
    values = (clean_line(tree.get("lang") or ""), locale, linked.language.replace("_", "-"))
    return _present(*(value for value in values if _LANGUAGE.match(value)))
