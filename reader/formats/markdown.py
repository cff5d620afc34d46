"""Markdown files with YAML front matter."""

from __future__ import annotations

import json
from typing import Any

from reader.bodies import heading_title, image_captions
from reader.dates import DateError, parse_date
from reader.formats.common import (
    MAX_CATEGORY_DEPTH,
    default_id,
    folder_category,
    place_category,
    scalar_text,
    split_levels,
    trim_title,
)
from reader.formats.frontmatter import split_front_matter
from reader.model import Article, ParseError, Published, RelatedRef
from reader.text import clean_line, clean_text

KNOWN_FIELDS = frozenset(
    (
        *("title", "category", "categories", "published", "date", "author", "source", "url"),
        *("lead", "summary", "description", "tags", "captions", "related", "id", "language"),
        "lang",
    )
)
MAX_RELATED = 50


def parse_markdown(text: str, relpath: str, warnings: list[str]) -> Article:
    """Build an article from Markdown text, with or without front matter."""
    split = split_front_matter(text)
    warnings.extend(split.warnings)
    fields = split.front_matter or {}
    body = split.body.strip("\n")
    title, body = _title(fields, body, relpath, split.front_matter is not None)
    category = _category(fields, warnings)
    return Article(
        id=_text_field(fields, "id", warnings) or default_id(relpath),
        path=relpath,
        format="markdown",
        title=trim_title(title, warnings),
        category=place_category(category, folder_category(relpath)),
        category_from_file=bool(category),
        author=_first_text(fields, ("author",), warnings),
        published=_published(fields, warnings),
        lead=clean_text(_first_text(fields, ("lead", "summary", "description"), warnings, True)),
        body=body,
        captions=_captions(fields.get("captions"), body),
        tags=_tags(fields.get("tags"), warnings),
        source=_first_text(fields, ("source", "url"), warnings),
        language=_first_text(fields, ("language", "lang"), warnings),
        related=_related(fields.get("related"), warnings),
        metadata=_metadata(fields),
        problems=tuple(warnings),
    )


def _title(fields: dict[str, Any], body: str, relpath: str, has_fm: bool) -> tuple[str, str]:
    """The front-matter title; else the first `# heading` (taken out of the body)."""
    value = fields.get("title")
    if isinstance(value, (dict, list)):
        raise ParseError(f"title must be text, not a {'list' if isinstance(value, list) else 'mapping'}")
    title = clean_line(scalar_text(value)) if value is not None else ""
    if title:
        return title, body
    heading = heading_title(body)
    if heading is not None:
        return heading
    if has_fm:
        raise ParseError("front matter has no title (and the body no '# heading')")
    lines = body.strip().split("\n")
    for number, line in enumerate(lines):
        title = clean_line(line.strip().lstrip("#"))
        if title:
            return title, "\n".join(lines[number + 1 :]).strip("\n")
    raise ParseError("no title: the file has no text line")


def _text_field(fields: dict[str, Any], key: str, warnings: list[str], multiline: bool = False) -> str:
    value = fields.get(key)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        warnings.append(f"field '{key}' should be text; ignored")
        return ""
    text = scalar_text(value)
    return clean_text(text).strip() if multiline else clean_line(text)


def _first_text(
    fields: dict[str, Any], keys: tuple[str, ...], warnings: list[str], multiline: bool = False
) -> str:
    for key in keys:
        value = _text_field(fields, key, warnings, multiline)
        if value:
            return value
    return ""


def _category(fields: dict[str, Any], warnings: list[str]) -> tuple[str, ...]:
    value = fields.get("category", fields.get("categories"))
    if value is None or isinstance(value, dict):
        if isinstance(value, dict):
            warnings.append("field 'category' should be text or a list; ignored")
        return ()
    if isinstance(value, list):
        count, levels = sum(v is not None for v in value), _first_levels(value)
    else:
        levels = split_levels(scalar_text(value))
        count = len(levels)
    if count > MAX_CATEGORY_DEPTH:
        warnings.append(f"category has {count} levels; kept the first {MAX_CATEGORY_DEPTH}")
    return levels[:MAX_CATEGORY_DEPTH]


def _first_levels(values: list[Any]) -> tuple[str, ...]:
    """The first MAX_CATEGORY_DEPTH levels of a list, the rest never cleaned (it may be huge)."""
    levels: list[str] = []
    for value in values:
        level = clean_line(scalar_text(value)) if value is not None else ""
        if level:
            levels.append(level)
            if len(levels) == MAX_CATEGORY_DEPTH:
                break
    return tuple(levels)


def _published(fields: dict[str, Any], warnings: list[str]) -> Published | None:
    key = "published" if fields.get("published") is not None else "date"
    value = fields.get(key)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (dict, list)):
        warnings.append(f"field '{key}' should be a date; ignored")
        return None
    try:
        return parse_date(clean_line(scalar_text(value)))
    except DateError as error:
        warnings.append(f"field '{key}': {error}")
        return None


def _captions(value: Any, body: str) -> tuple[str, ...]:
    """Captions named in the front matter, then the alt text of the body's images."""
    listed = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    texts = [clean_line(scalar_text(c)) for c in _distinct(listed)]
    texts += image_captions(body)
    return tuple(dict.fromkeys(t for t in texts if t))


def _distinct(values: list[Any]) -> list[str | int | float]:
    """The scalars of a list, each once (an alias repeated 5,000 times is cleaned once)."""
    seen = dict.fromkeys((type(v), v) for v in values if isinstance(v, (str, int, float)))
    return [value for _kind, value in seen]


def _tags(value: Any, warnings: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        warnings.append("field 'tags' should be a list; ignored")
        return ()
    tags = (clean_line(scalar_text(t)) for t in _distinct(items))
    return tuple(dict.fromkeys(t for t in tags if t))


def _related(value: Any, warnings: list[str]) -> tuple[RelatedRef, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    refs: list[RelatedRef] = []
    for item in items[:MAX_RELATED]:
        ref = _related_item(item)
        if ref is None:
            warnings.append(f"related entry {_short(item)} is not a reference; ignored")
        else:
            refs.append(ref)
    return tuple(refs)


def _related_item(item: Any) -> RelatedRef | None:
    if isinstance(item, (str, int, float)) and not isinstance(item, bool):
        text = clean_line(scalar_text(item))
        return RelatedRef(ref=text) if text else None
    if isinstance(item, dict):
        ref = next((item[k] for k in ("id", "path", "title") if isinstance(item.get(k), str)), None)
        title = item.get("title")
        summary = item.get("summary")
        if ref is None:
            return None
        return RelatedRef(
            ref=clean_line(ref),
            title=clean_line(title) if isinstance(title, str) else "",
            summary=clean_text(summary).strip() if isinstance(summary, str) else "",
        )
    return None


def _metadata(fields: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Unknown fields, kept as text to be shown, never an error."""
    return tuple(
        (clean_line(key), _short(value, 500))
        for key, value in fields.items()
        if key not in KNOWN_FIELDS and clean_line(key)
    )


def _short(value: Any, limit: int = 60) -> str:
    if isinstance(value, str):
        text = clean_line(value)
    else:
        try:
            text = clean_line(json.dumps(value, ensure_ascii=False, default=str))
        except (ValueError, TypeError, RecursionError):
            text = clean_line(repr(type(value)))
    return text if len(text) <= limit else text[: limit - 1] + "…"
