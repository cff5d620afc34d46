"""Resolving related-story references to articles: by id, by path, or by title."""

from __future__ import annotations

import posixpath
from typing import Protocol

from reader.formats import EXTENSIONS
from reader.model import Article, Related, RelatedRef
from reader.text import fold, squash


class Lookups(Protocol):
    """Where references are looked up (the index answers these)."""

    def id_by_id(self, value: str) -> str | None:
        """The id itself, if an article has it."""

    def id_by_path(self, value: str) -> str | None:
        """The id of the article at this relative path."""

    def id_by_title(self, folded_title: str) -> str | None:
        """The id of the (newest) article with this folded title."""

    def title_and_lead(self, article_id: str) -> tuple[str, str]:
        """An article's title and lead."""


def resolve(ref: str, from_path: str, lookups: Lookups) -> str | None:
    """The id a reference names, or None; a path never resolves outside the root."""
    ref = ref.strip()
    if not ref:
        return None
    found = lookups.id_by_id(ref)
    if found:
        return found
    for candidate in _path_candidates(ref, from_path):
        found = lookups.id_by_path(candidate) or lookups.id_by_id(candidate)
        stem, extension = posixpath.splitext(candidate)
        if found is None and extension.lower() in EXTENSIONS:
            found = lookups.id_by_id(stem)
        if found:
            return found
    return lookups.id_by_title(fold(ref)) if fold(ref) else None


def related_of(article: Article, lookups: Lookups) -> list[Related]:
    """The article's explicit related stories, resolved, without itself or repeats."""
    results: list[Related] = []
    seen: set[str] = set()
    for ref in article.related:
        target = resolve(ref.ref, article.path, lookups)
        if target is None and ref.title and ref.title != ref.ref:
            target = resolve(ref.title, article.path, lookups)
        if target == article.id:
            continue
        key = target or "?" + squash(ref.title or ref.ref)
        if key not in seen:
            seen.add(key)
            results.append(_entry(ref, target, lookups))
    return results


def _entry(ref: RelatedRef, target: str | None, lookups: Lookups) -> Related:
    if target is None:
        return Related(title=ref.title or ref.ref, summary=ref.summary, id=None)
    title, lead = lookups.title_and_lead(target)
    return Related(title=title, summary=ref.summary or lead, id=target)


def _path_candidates(ref: str, from_path: str) -> list[str]:
    """Root-relative, then article-relative readings of a path; none outside the root."""
    if "/" not in ref and "\\" not in ref and posixpath.splitext(ref)[1].lower() not in EXTENSIONS:
        return []
    ref = ref.replace("\\", "/")
    if ref.startswith("/"):
        return []
    readings = [ref]
    if ref.startswith(("./", "../")):  # relative to the article's own folder, as written
        readings = [posixpath.join(posixpath.dirname(from_path), ref)]
    inside = []
    for reading in readings:
        normal = posixpath.normpath(reading)
        if normal != ".." and not normal.startswith("../") and not normal.startswith("/"):
            inside.append(normal)
    return inside
