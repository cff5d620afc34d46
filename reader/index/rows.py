"""Articles to index rows and back; category keys and their display names."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from reader.categories import CategoryNames, adopt_declared_names, category_key, folder_positions
from reader.folders import FolderName
from reader.forms import BOUNDARY, mark_boundaries
from reader.model import Article, Published, RelatedRef
from reader.text import fold, index_text

ARTICLE_COLUMNS = (
    "id, path, format, title, title_key, raw_cat, author, published, has_time, undated, ts, "
    "lead, body, captions, tags, source, language, related, metadata, problems, content_key, wanted_id"
)
KEY_SEPARATOR = "\x1f"
_SPACED_BOUNDARY = f" {BOUNDARY} "
_JSON = json.JSONEncoder(ensure_ascii=False)  # one encoder: `json.dumps` with options makes one per call


def raw_category(article: Article) -> str:
    """The category as the file gave it, with whether the file itself said it."""
    return _dump([list(article.category), article.category_from_file])


def key_string(key: tuple[str, ...]) -> str:
    """A merge key as one string whose prefixes are its parent categories."""
    return "".join(level + KEY_SEPARATOR for level in key)


def key_range(key: tuple[str, ...]) -> tuple[str, str]:
    """The [low, high) range of key strings of a category and everything below it."""
    low = key_string(key)
    return low, low[:-1] + chr(ord(KEY_SEPARATOR) + 1) if low else "\U0010ffff"


def to_row(article: Article, mtime_ns: int = 0) -> tuple[Any, ...]:
    """The values of ARTICLE_COLUMNS for an article; an undated one sorts by its file's time."""
    published = article.published
    return (
        article.id,
        article.path,
        article.format,
        article.title,
        fold(article.title),
        raw_category(article),
        article.author,
        published.value.isoformat() if published else None,
        int(published.has_time) if published else 0,
        int(published is None),
        published.timestamp() if published else mtime_ns / 1e9,
        article.lead,
        article.body,
        _dump(article.captions),
        _dump(article.tags),
        article.source,
        article.language,
        _dump([[r.ref, r.title, r.summary] for r in article.related]),
        _dump(article.metadata),
        _dump(article.problems),
        content_key(article),
        article.id,  # the id the file asks for; `id` holds it unless another file comes first
    )


def content_key(article: Article) -> int:
    """What two exact copies of an article share: a 64-bit digest of its title and text."""
    text = "\x00".join((article.title, " ".join(article.lead.split()), " ".join(article.body.split())))
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)  # fits SQLite's INTEGER


def fallback_id(path: str, is_free: Callable[[str], bool]) -> str:
    """The id of an article whose own id another file has: its path, else `path#2`, `path#3`…"""
    candidates = [path, *(f"{path}#{n}" for n in range(2, 1000))]
    digest = hashlib.blake2b(path.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    return next((c for c in candidates if is_free(c)), f"{path}#{digest}")


def id_note(wanted: str, owner: str, listed_as: str) -> str:
    """The warning about a file whose id is another's: both paths named, and the id it is listed by."""
    return f"id {wanted!r} is already used by {owner} (the first by name); listed as {listed_as!r}"


def fts_values(row: Sequence[Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What the two full-text tables are given for an article row (in ARTICLE_COLUMNS order).

    First the text as written, for `fts_exact`; then folded as far as FTS5 needs, for
    `fts`. Both have sentence and paragraph breaks (and the gaps between tags or
    category levels) marked, so that no phrase runs across them. The values depend
    on the row alone, so that they can be given again to delete the row from the
    (contentless) tables.
    """
    title, raw_cat, author, lead, body, tags = row[3], row[5], row[6], row[11], row[12], row[14]
    tag_text = _SPACED_BOUNDARY.join(json.loads(tags))
    category = _SPACED_BOUNDARY.join(json.loads(raw_cat)[0])
    exact = tuple(mark_boundaries(t) for t in (title, lead, body, category, author, tag_text))
    return exact, tuple(index_text(t) for t in exact)


def from_row(row: Mapping[str, Any], names: tuple[str, ...]) -> Article:
    """Rebuild an Article from its row (columns as in ARTICLE_COLUMNS)."""
    published = None
    if row["published"]:
        published = Published(datetime.fromisoformat(row["published"]), bool(row["has_time"]))
    raw_levels, from_file = json.loads(row["raw_cat"])
    return Article(
        id=row["id"],
        path=row["path"],
        format=row["format"],
        title=row["title"],
        category=names or tuple(raw_levels),
        author=row["author"],
        published=published,
        lead=row["lead"],
        body=row.get("body", ""),
        captions=tuple(json.loads(row["captions"])),
        tags=tuple(json.loads(row["tags"])),
        source=row["source"],
        language=row["language"],
        related=tuple(RelatedRef(*entry) for entry in json.loads(row["related"])),
        metadata=tuple(tuple(pair) for pair in json.loads(row["metadata"])),
        problems=tuple(json.loads(row["problems"])),
        category_from_file=from_file,
    )


def category_map(
    raw_counts: list[tuple[str, int]], folder_names: Mapping[tuple[str, ...], FolderName]
) -> list[tuple[str, str, str, str]]:
    """(raw_cat, cat_key, display names JSON, folder positions JSON) for every distinct raw category."""
    decoded = [(tuple(json.loads(raw)[0]), bool(json.loads(raw)[1]), count) for raw, count in raw_counts]
    adopted = adopt_declared_names([(levels, from_file) for levels, from_file, _ in decoded], folder_names)
    names = CategoryNames()
    for levels, (_, _, count) in zip(adopted, decoded, strict=True):
        names.add(levels, count)
    rows = []
    for (raw, _count), levels, (raw_levels, _, _) in zip(raw_counts, adopted, decoded, strict=True):
        display = names.display(levels)
        positions = folder_positions(raw_levels, folder_names)
        rows.append((raw, key_string(category_key(display)), _dump(display), _dump(positions)))
    return rows


def _dump(value: Any) -> str:
    return "[]" if value == () else _JSON.encode(value)
