"""Unread and total counts of every view, kept in step as marks change."""

from __future__ import annotations

from reader.library import Library
from reader.model import CATEGORY_SEPARATOR, CategoryNode
from reader.ui.category_tree import ALL, STARRED, View


class ViewCounts:
    """The category tree with its counts, and the starred counts, as last read from the library."""

    def __init__(self) -> None:
        self.tree = CategoryNode("All", ())
        self.starred = (0, 0)
        self.counted = False

    def recount(self, library: Library) -> None:
        """Read every count again."""
        self.tree = library.categories(with_unread=True)
        self.starred = library.starred_counts()
        self.counted = True

    def adjust(self, names: tuple[str, ...], read_delta: int, starred: tuple[int, int]) -> None:
        """One article was marked: move the unread counts along its category path."""
        node: CategoryNode | None = self.tree
        depth = 0
        while node is not None:
            node.unread += read_delta
            depth += 1
            node = (
                next((c for c in node.children if c.names == names[:depth]), None)
                if depth <= len(names)
                else None
            )
        self.starred = starred

    def node(self, key: tuple[str, ...]) -> CategoryNode | None:
        """The node of a category key, or None."""
        node: CategoryNode | None = self.tree
        for depth in range(1, len(key) + 1):
            if node is None:
                return None
            node = next((c for c in node.children if c.path == key[:depth]), None)
        return node

    def unread_in(self, view: View) -> int:
        """Unread articles in a view."""
        if view.kind == "starred":
            return self.starred[0]
        node = self.node(view.key) if view.kind == "category" else self.tree
        return node.unread if node else 0

    def has_children(self, view: View) -> bool:
        """True when a category view spans subcategories (or is not known yet)."""
        node = self.node(view.key)
        return node is None or bool(node.children)

    def choices(self) -> list[tuple[View, str]]:
        """Every view with its name: All, Starred, then each category path."""
        choices = [(ALL, "All"), (STARRED, "Starred")]
        return choices + [(View.category(n), CATEGORY_SEPARATOR.join(n.names)) for n in self.tree.walk()[1:]]
