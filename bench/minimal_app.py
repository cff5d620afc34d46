"""The floor: a minimal Textual app (one tree, one list of 20 rows, one text pane)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, ListItem, ListView, Static, Tree

MARKER = "Minimal row 1"


class MinimalApp(App[None]):
    """What any Textual program pays before it does anything of its own."""

    BINDINGS = [("q", "quit", "Quit")]  # noqa: RUF012
    CSS = """
    Tree { width: 28; }
    ListView { width: 50; }
    Static { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        tree: Tree[None] = Tree("All")
        for name in ("News", "Sport", "Culture", "Science"):
            tree.root.add_leaf(name)
        tree.root.expand()
        with Horizontal():
            yield tree
            yield ListView(*(ListItem(Static(f"Minimal row {n}")) for n in range(1, 21)))
            yield Static("A text pane with a paragraph of text in it.")
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
