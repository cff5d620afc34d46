"""Categories: merging spellings, building the tree with counts, matching filters."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from reader.folders import FolderName, humanise, is_slug
from reader.formats.common import split_levels
from reader.model import UNCATEGORIZED, CategoryNode
from reader.text import collation_key, slugify, squash

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
    entries: Iterable[tuple[CategoryKey, tuple[str, ...], int, int]],
    root_name: str = "All",
    positions: Mapping[CategoryKey, int] | None = None,
) -> CategoryNode:
    """The tree of categories; each node counts its articles and its subcategories'.

    `entries` yields (merge key, display names, articles, unread articles) per category.
    Siblings sort by the position their folder asks for, then in Vietnamese alphabetical
    order (case ignored, Đ after D, a bare letter before its accented forms).
    """
    placed = positions or {}
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
        node.children.sort(key=lambda child: _sibling_order(child, placed))
    return root


def _sibling_order(node: CategoryNode, positions: Mapping[CategoryKey, int]) -> tuple[object, ...]:
    position = positions.get(node.path)
    return (position is None, position or 0, collation_key(node.name))


def parse_filter(text: str) -> tuple[str, ...]:
    """A category filter typed by a user: `Kinh tế / Nông nghiệp` or `kinh-te/nong-nghiep`."""
    return split_levels(text)


def adopt_declared_names(
    paths: list[tuple[tuple[str, ...], bool]], folder_names: Mapping[CategoryKey, FolderName] | None = None
) -> list[tuple[str, ...]]:
    """The names each category path is shown under.

    `paths` holds (category levels, declared by the file) per article; `folder_names` the
    names folders give themselves, by their slugged path. A level is shown as its folder
    names it; else a slug (`kinh-te`) under the name a file declares for it (`Kinh tế`);
    else a slug made readable (`thoi_su` → `Thoi su`).
    """
    named = folder_names or {}
    declared: dict[tuple[str, ...], tuple[str, ...]] = {}
    for levels, from_file in paths:
        for depth in range(1, len(levels) + 1 if from_file else 0):
            key = slug_path(levels[:depth])
            known = declared.get(key)
            if known is None or (is_slug(known[-1]) and not is_slug(levels[depth - 1])):
                declared[key] = levels[:depth]
    adopted = []
    for levels, _from_file in paths:
        names = []
        for depth, level in enumerate(levels):
            key = slug_path(levels[: depth + 1])
            if key in named:
                names.append(named[key].name)
            elif is_slug(level):
                names.append(humanise(declared[key][depth]) if key in declared else humanise(level))
            else:
                names.append(level)
        adopted.append(tuple(names))
    return adopted


def slug_path(levels: Sequence[str]) -> tuple[str, ...]:
    """A category path (or a folder's) as slugs, the key that folders and names are matched by."""
    return tuple(slugify(level) for level in levels)


def folder_positions(
    levels: Sequence[str], folder_names: Mapping[CategoryKey, FolderName]
) -> list[int | None]:
    """The sort position the folder of each level of a category path asks for (None: none)."""
    found: list[int | None] = []
    for depth in range(1, len(levels) + 1):
        folder = folder_names.get(slug_path(levels[:depth]))
        found.append(folder.position if folder is not None else None)
    return found


def _casing_penalty(name: str) -> int:
    """Prefer `Thế giới` to `thế giới` to `THẾ GIỚI` when they are equally common."""
    if name.isupper():
        return 2
    return 1 if name.islower() else 0
