"""The category tree: All, the category hierarchy with unread counts (totals on request), Starred.

Enter filters the list to a node and never folds it; Left/Right (h/l) fold and unfold.
The tree is as wide as its labels need, up to a cap, so that no label is cut that fits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from reader.model import CategoryNode
from reader.ui.keys import binding


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

    def to_json(self) -> str:
        """The view as text, to be remembered for the next start."""
        return json.dumps({"kind": self.kind, "key": list(self.key), "names": list(self.names)})

    @classmethod
    def from_json(cls, text: str | None) -> View:
        """A remembered view (All when there is none, or it cannot be read)."""
        try:
            data = json.loads(text or "")
            view = cls(str(data["kind"]), tuple(map(str, data["key"])), tuple(map(str, data["names"])))
        except (ValueError, KeyError, TypeError):
            return ALL
        return view if view.kind in ("all", "starred", "category") else ALL


ALL = View("all")
STARRED = View("starred")


class CategoryTree(Tree[View]):
    """Posts `ViewSelected` when the user picks a node."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("cursor_down"),
        binding("cursor_up"),
        binding("first", "scroll_home"),
        binding("last", "scroll_end"),
        binding("collapse"),
        binding("expand"),
        binding("open", "select_cursor"),
    ]
    DEFAULT_CSS = """
    CategoryTree {
        & > .tree--guides-selected { color: $surface-lighten-2; }
        &:focus > .tree--guides-selected { color: $surface-lighten-3; }
        &:light > .tree--guides-selected { color: $surface-darken-1; }
    }
    """
    WIDEST = 36

    class ViewSelected(Message):
        """A node of the tree was chosen."""

        def __init__(self, view: View) -> None:
            super().__init__()
            self.view = view

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("All"), data=ALL, id=id)
        self._cursor_moving = False
        self.show_root = True
        self.auto_expand = False  # Enter filters; it never folds or unfolds
        self.guide_depth = 2
        self.totals = False
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
        self._fit_width()

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
        self._fit_width()

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

    def _counts_text(self, unread: int, total: int) -> str:
        if self.totals:
            return f" {unread:,}/{total:,}"
        return f" {unread:,}" if unread else ""

    def _label(self, name: str, unread: int, total: int, depth: int = 0) -> Text:
        """`Name 3` (unread, dimmed) or `Name 3/10`; the name cut only when the tree is at its widest."""
        counts = self._counts_text(unread, total)
        room = max(self.size.width or self.WIDEST, 12) - 2 * depth - 5 - len(counts)
        label = Text(name, no_wrap=True)
        if label.cell_len > room:
            label.truncate(max(room, 3), overflow="ellipsis")
        label.append(counts, style="dim")
        return label

    def _fit_width(self) -> None:
        """As wide as the widest label needs (with its indent and counts), up to WIDEST."""
        needed = max(
            (
                Text(name).cell_len + 2 * depth + 5 + len(self._counts_text(unread, total))
                for name, unread, total, depth in self._counts.values()
            ),
            default=12,
        )
        width = min(max(needed + 2, 16), self.WIDEST)
        if self.styles.width is None or self.styles.width.value != width:
            self.styles.width = width

    def show_totals(self, shown: bool) -> None:
        """Show the total counts beside the unread ones (or not)."""
        self.totals = shown
        self._relabel()
        self._fit_width()

    def on_resize(self) -> None:
        """Fit the labels to the new width, counts always visible."""
        self._relabel()

    def _relabel(self) -> None:
        for view, node in self._view_nodes.items():
            if view in self._counts:
                node.set_label(self._label(*self._counts[view]))

    def action_collapse(self) -> None:
        """Fold the node under the cursor, or go to its parent when it is folded or a leaf."""
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None:
            self.move_cursor(node.parent)

    def action_expand(self) -> None:
        """Unfold the node under the cursor, or go to its first child when it is open."""
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if not node.is_expanded:
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0])

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

    def watch_cursor_line(self, previous_line: int, line: int) -> None:
        self._cursor_moving = True
        try:
            super().watch_cursor_line(previous_line, line)
        finally:
            self._cursor_moving = False

    def _refresh_node(self, node: TreeNode[View]) -> None:
        """When the cursor moves, repaint the two lines it left and reached.

        Tree repaints every line under a node the cursor reaches, to colour their guides;
        here those guides look the same under the cursor (see DEFAULT_CSS), so stepping
        through the categories with `]` redraws two lines, not a whole branch.
        """
        if not self._cursor_moving:
            super()._refresh_node(node)
        elif node.line >= 0:
            self._refresh_line(node.line)

    def on_tree_node_selected(self, event: Tree.NodeSelected[View]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.ViewSelected(event.node.data))
