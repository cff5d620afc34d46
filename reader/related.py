"""Resolving related-story references to articles: by id, by path, or by title."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field

from reader.formats import EXTENSIONS
from reader.model import Article, Related, RelatedRef
from reader.text import fold, squash


@dataclass(slots=True)
class Resolver:
    """Lookup tables for turning references into article ids."""

    by_id: dict[str, str] = field(default_factory=dict)
    by_path: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    leads: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, articles: Iterable[Article]) -> Resolver:
        """Index articles (given newest first, so a shared title resolves to the newest)."""
        resolver = cls()
        for article in articles:
            resolver.add(article.id, article.path, article.title, article.lead)
        return resolver

    def add(self, article_id: str, path: str, title: str, lead: str = "") -> None:
        """Make one article findable; earlier additions win ties on a title."""
        self.by_id.setdefault(article_id, article_id)
        self.by_path.setdefault(path, article_id)
        self.by_title.setdefault(fold(title), article_id)
        self.titles[article_id] = title
        self.leads[article_id] = lead

    def resolve(self, ref: str, from_path: str = "") -> str | None:
        """The id a reference names, or None; a path never resolves outside the root."""
        ref = ref.strip()
        if not ref:
            return None
        if ref in self.by_id:
            return ref
        for candidate in _path_candidates(ref, from_path):
            found = self.by_path.get(candidate) or self.by_id.get(candidate)
            if found is None and posixpath.splitext(candidate)[1].lower() in EXTENSIONS:
                found = self.by_id.get(posixpath.splitext(candidate)[0])
            if found:
                return found
        return self.by_title.get(fold(ref)) if fold(ref) else None

    def related_of(self, article: Article) -> list[Related]:
        """The article's explicit related stories, resolved, without itself or repeats."""
        results: list[Related] = []
        seen: set[str] = set()
        for ref in article.related:
            target = self.resolve(ref.ref, article.path)
            if target is None and ref.title and ref.title != ref.ref:
                target = self.resolve(ref.title, article.path)
            results.extend(self._entry(ref, target, article.id, seen))
        return results

    def _entry(
        self, ref: RelatedRef, target: str | None, own: str, seen: set[str]
    ) -> list[Related]:
        if target == own:
            return []
        key = target or "?" + squash(ref.title or ref.ref)
        if key in seen:
            return []
        seen.add(key)
        if target is None:
            return [Related(title=ref.title or ref.ref, summary=ref.summary, id=None)]
        summary = ref.summary or self.leads.get(target, "")
        return [Related(title=self.titles[target], summary=summary, id=target)]


def _path_candidates(ref: str, from_path: str) -> list[str]:
    """Root-relative, then article-relative readings of a path; none outside the root."""
    if "/" not in ref and "\\" not in ref and posixpath.splitext(ref)[1].lower() not in EXTENSIONS:
        return []
    ref = ref.replace("\\", "/")
    if ref.startswith("/"):
        return []
    readings = [ref]
    if ref.startswith(("./", "../")) and from_path:
        readings.append(posixpath.join(posixpath.dirname(from_path), ref))
    inside = []
    for reading in readings:
        normal = posixpath.normpath(reading)
        if normal != ".." and not normal.startswith("../") and not normal.startswith("/"):
            inside.append(normal)
    return inside
