"""The category tree: All, the category hierarchy with unread/total counts, Starred."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from reader.model import CategoryNode


@dataclass(frozen=True, slots=True)
class View:
    """What the article list shows: all, one category (and below), or the starred."""

    kind: str = "all"
    key: tuple[str, ...] = ()
    names: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def category(cls, node: CategoryNode) -> View:
        """The view of one category node."""
        return cls("category", node.path, node.names)

    def label(self) -> str:
        """How the view is named in the title line."""
        if self.kind == "starred":
            return "Starred"
        if self.kind == "category":
            return " › ".join(self.names) if self.names else " › ".join(self.key)
        return "All"


ALL = View("all")
STARRED = View("starred")


class CategoryTree(Tree[View]):
    """Posts `ViewSelected` when the user picks a node."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_home", "First", show=False),
        Binding("G", "scroll_end", "Last", show=False),
    ]

    class ViewSelected(Message):
        """A node of the tree was chosen."""

        def __init__(self, view: View) -> None:
            super().__init__()
            self.view = view

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("All"), data=ALL, id=id)
        self.show_root = True
        self.guide_depth = 2
        self._view_nodes: dict[View, TreeNode[View]] = {}
        self._counts: dict[View, tuple[str, int, int, int]] = {}
        self.collapsed: set[View] = set()

    def show_counts(self, tree: CategoryNode, starred: tuple[int, int], selected: View) -> None:
        """Show new counts: relabel what changed, or rebuild when categories came or went."""
        counts = {ALL: ("All", tree.unread, tree.count, 0), STARRED: ("★ Starred", *starred, 0)}
        for node in tree.walk()[1:]:
            counts[View.category(node)] = (node.name, node.unread, node.count, len(node.path))
        if counts.keys() != self._counts.keys() or [v.names for v in counts] != [
            v.names for v in self._counts
        ]:
            self.rebuild(tree, starred, selected)
            return
        for view, entry in counts.items():
            if self._counts[view] != entry:
                self._view_nodes[view].set_label(self._label(*entry))
        self._counts = counts

    def rebuild(self, tree: CategoryNode, starred: tuple[int, int], selected: View) -> None:
        """Replace the nodes, keeping what was expanded and where the cursor was."""
        self.collapsed |= {v for v, n in self._view_nodes.items() if n.allow_expand and not n.is_expanded}
        self.collapsed -= {v for v, n in self._view_nodes.items() if n.is_expanded}
        self.clear()
        self._view_nodes = {ALL: self.root}
        self._counts = {ALL: ("All", tree.unread, tree.count, 0), STARRED: ("★ Starred", *starred, 0)}
        self.root.set_label(self._label("All", tree.unread, tree.count))
        for child in tree.children:
            self._add(self.root, child)
        star = self.root.add_leaf(self._label("★ Starred", *starred), data=STARRED)
        self._view_nodes[STARRED] = star
        self.root.expand()
        self.select_view(selected)

    def _add(self, parent: TreeNode[View], node: CategoryNode) -> None:
        view = View.category(node)
        self._counts[view] = (node.name, node.unread, node.count, len(node.path))
        label = self._label(node.name, node.unread, node.count, len(node.path))
        if node.children:
            branch = parent.add(label, data=view, expand=view not in self.collapsed)
            for child in node.children:
                self._add(branch, child)
            self._view_nodes[view] = branch
        else:
            self._view_nodes[view] = parent.add_leaf(label, data=view)

    def _label(self, name: str, unread: int, total: int, depth: int = 0) -> Text:
        """`Name 3/10`, the name shortened so that the counts always show."""
        counts = f" {unread}/{total}"
        width = self.size.width or (28 if self.app.size.width >= 100 else 24)
        room = max(width, 12) - 2 * depth - 5 - len(counts)
        label = Text(name, no_wrap=True)
        if label.cell_len > room:
            label.truncate(max(room, 3), overflow="ellipsis")
        label.append(counts, style="dim" if not unread else "bold")
        return label

    def on_resize(self) -> None:
        """Fit the labels to the new width, counts always visible."""
        for view, node in self._view_nodes.items():
            if view in self._counts:
                node.set_label(self._label(*self._counts[view]))

    def views(self) -> list[View]:
        """Every view in tree order (All, categories depth first, Starred)."""
        order: list[View] = []

        def visit(node: TreeNode[View]) -> None:
            if node.data is not None:
                order.append(node.data)
            for child in node.children:
                visit(child)

        visit(self.root)
        return order

    def select_view(self, view: View) -> None:
        """Move the cursor to a view's node, opening its parents."""
        node = self._view_nodes.get(view)
        if node is None:
            return
        parent = node.parent
        while parent is not None:
            if not parent.is_expanded:
                parent.expand()
            parent = parent.parent
        if self.cursor_node is not node:
            self.move_cursor(node)

    def on_tree_node_selected(self, event: Tree.NodeSelected[View]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.ViewSelected(event.node.data))
