"""schema.org JSON-LD in a page: the article object (NewsArticle and kin) and the site's name."""

from __future__ import annotations

import html
import json
import re
from collections import deque
from dataclasses import dataclass
from typing import Any

from reader.text import clean_line, clean_text

MAX_SCRIPTS = 20
MAX_SCRIPT_CHARS = 1_000_000
MAX_OBJECTS = 500
MAX_STEPS = 5_000
MAX_TEXT = 5_000
ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "AnalysisNewsArticle"}
    | {"OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "LiveBlogPosting", "Report"}
)
SITE_TYPES = frozenset({"Organization", "NewsMediaOrganization", "WebSite"})
_WRAPPERS = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")


@dataclass(frozen=True, slots=True)
class LinkedData:
    """What a page's JSON-LD says about its article."""

    headline: str = ""
    authors: tuple[str, ...] = ()
    published: str = ""
    section: str = ""
    description: str = ""
    urls: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    language: str = ""
    site_names: tuple[str, ...] = ()
    article_body: str = ""


def read_linked_data(scripts: list[str]) -> LinkedData:
    """The first article object found in the page's JSON-LD scripts (empty when there is none)."""
    objects = [obj for script in scripts[:MAX_SCRIPTS] for obj in _objects(_load(script))]
    articles = [obj for obj in objects if _types(obj) & ARTICLE_TYPES]
    sites = tuple(_text(obj.get("name")) for obj in objects if _types(obj) & SITE_TYPES)
    if not articles:
        return LinkedData(site_names=tuple(s for s in sites if s))
    article = next((a for a in articles if _text(a.get("headline"))), articles[0])
    publisher = article.get("publisher")
    names = (*sites, _text(publisher.get("name")) if isinstance(publisher, dict) else "")
    return LinkedData(
        headline=_text(article.get("headline")) or _text(article.get("name")),
        authors=_authors(article.get("author")),
        published=_text(article.get("datePublished")),
        section=_first_text(article.get("articleSection")),
        description=_text(article.get("description")),
        urls=tuple(u for u in (_text(article.get("url")), _page_id(article.get("mainEntityOfPage"))) if u),
        keywords=_keywords(article.get("keywords")),
        language=_language(article.get("inLanguage")),
        site_names=tuple(dict.fromkeys(n for n in names if n)),
        article_body=_body(article.get("articleBody")),
    )


def _load(script: str) -> Any:
    text = _WRAPPERS.sub("", script[:MAX_SCRIPT_CHARS].strip())
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None


def _objects(data: Any) -> list[dict[str, Any]]:
    """Every object at the top, in lists, in `@graph` and as a page's `mainEntity` (bounded)."""
    found: list[dict[str, Any]] = []
    pending = deque([(data, 0)])
    for _step in range(MAX_STEPS):
        if not pending or len(found) >= MAX_OBJECTS:
            break
        item, depth = pending.popleft()
        if isinstance(item, list) and depth < 4:
            pending.extend((entry, depth + 1) for entry in item[:MAX_OBJECTS])
        elif isinstance(item, dict):
            found.append(item)
            if depth < 4:
                pending.extend((item[k], depth + 1) for k in ("@graph", "mainEntity") if k in item)
    return found


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.rsplit("/", 1)[-1] for v in values if isinstance(v, str)}


def _text(value: Any, limit: int = MAX_TEXT) -> str:
    """A string value, character references decoded, cleaned, on one line."""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return ""
    return clean_line(html.unescape(str(value)))[:limit]


def _first_text(value: Any) -> str:
    if isinstance(value, list):
        return next((_text(v) for v in value if _text(v)), "")
    return _text(value)


def _authors(value: Any) -> tuple[str, ...]:
    """Names of people first; organisations only when no person is named."""
    items = value if isinstance(value, list) else [value]
    people: list[str] = []
    others: list[str] = []
    for item in items[:50]:
        if isinstance(item, dict):
            name = _text(item.get("name"))
            (others if _types(item) & SITE_TYPES else people).append(name)
        else:
            people.append(_text(item))
    return tuple(dict.fromkeys(n for n in (people if any(people) else others) if n))


def _page_id(value: Any) -> str:
    if isinstance(value, dict):
        return _text(value.get("@id")) or _text(value.get("url"))
    return _text(value)


def _keywords(value: Any) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value if isinstance(value, list) else []
    words = (_text(item, 200) for item in items[:100])
    return tuple(dict.fromkeys(w for w in words if w))


def _language(value: Any) -> str:
    if isinstance(value, dict):
        return _text(value.get("alternateName")) or _text(value.get("name"))
    return _text(value)


def _body(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    return clean_text(html.unescape(value[:MAX_SCRIPT_CHARS])).strip()
