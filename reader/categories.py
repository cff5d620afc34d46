"""Categories: merging spellings, building the tree with counts, matching filters."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from reader.formats.common import split_levels
from reader.model import UNCATEGORIZED, CategoryNode
from reader.text import fold, slugify, squash

CategoryKey = tuple[str, ...]


def category_key(levels: Sequence[str]) -> CategoryKey:
    """The merge key of a category path: case and spacing do not count."""
    return tuple(squash(level) for level in levels) or (squash(UNCATEGORIZED),)


class CategoryNames:
    """Chooses one display spelling per merged category: the most used, then the first."""

    def __init__(self) -> None:
        self._spellings: dict[CategoryKey, Counter[str]] = {}

    def add(self, levels: Sequence[str], weight: int = 1) -> None:
        """Count the spellings of each prefix of a category path (`weight` times)."""
        levels = tuple(levels) or (UNCATEGORIZED,)
        for depth in range(1, len(levels) + 1):
            key = category_key(levels[:depth])
            self._spellings.setdefault(key, Counter())[levels[depth - 1]] += weight

    def display(self, levels: Sequence[str]) -> tuple[str, ...]:
        """The chosen spelling of every level of a category path."""
        levels = tuple(levels) or (UNCATEGORIZED,)
        return tuple(
            self._name(category_key(levels[: depth + 1]), level) for depth, level in enumerate(levels)
        )

    def _name(self, key: CategoryKey, fallback: str) -> str:
        counter = self._spellings.get(key)
        if not counter:
            return fallback
        ranked = enumerate(counter.items())
        return min(ranked, key=lambda e: (-e[1][1], _casing_penalty(e[1][0]), e[0]))[1][0]


def build_tree(
    entries: Iterable[tuple[CategoryKey, tuple[str, ...], int, int]], root_name: str = "All"
) -> CategoryNode:
    """The tree of categories; each node counts its articles and its subcategories'.

    `entries` yields (merge key, display names, articles, unread articles) per category.
    """
    root = CategoryNode(root_name, ())
    index: dict[CategoryKey, CategoryNode] = {(): root}
    for key, names, count, unread in entries:
        root.count += count
        root.unread += unread
        for depth in range(1, len(key) + 1):
            node = index.get(key[:depth])
            if node is None:
                node = CategoryNode(names[depth - 1], key[:depth], names[:depth])
                index[key[:depth]] = node
                index[key[: depth - 1]].children.append(node)
            node.count += count
            node.unread += unread
    for node in index.values():
        node.children.sort(key=lambda child: (fold(child.name), child.name))
    return root


def parse_filter(text: str) -> tuple[str, ...]:
    """A category filter typed by a user: `Kinh tế / Nông nghiệp` or `kinh-te/nong-nghiep`."""
    return split_levels(text)


def adopt_declared_names(paths: list[tuple[tuple[str, ...], bool]]) -> list[tuple[str, ...]]:
    """Show a slug folder (`kinh-te`) under the name a file declares for it (`Kinh tế`).

    `paths` holds (category levels, declared by the file) per article.
    """
    declared: dict[tuple[str, ...], tuple[str, ...]] = {}
    for levels, from_file in paths:
        for depth in range(1, len(levels) + 1 if from_file else 0):
            key = tuple(slugify(x) for x in levels[:depth])
            known = declared.get(key)
            if known is None or (_slug_like(known[-1]) and not _slug_like(levels[depth - 1])):
                declared[key] = levels[:depth]
    adopted = []
    for levels, _from_file in paths:
        names = []
        for depth, level in enumerate(levels):
            key = tuple(slugify(x) for x in levels[: depth + 1])
            names.append(declared[key][depth] if _slug_like(level) and key in declared else level)
        adopted.append(tuple(names))
    return adopted


def _slug_like(level: str) -> bool:
    return level == slugify(level)


def _casing_penalty(name: str) -> int:
    """Prefer `Thế giới` to `thế giới` to `THẾ GIỚI` when they are equally common."""
    if name.isupper():
        return 2
    return 1 if name.islower() else 0
