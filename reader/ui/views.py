"""What the list shows: the view (all, a category, the starred), its order, unread only, its counts.

Kept apart from the screen so that it can be remembered for the next start and asked
for the rows, the columns and the title line of the list.
"""

from __future__ import annotations

from reader.config import SORTS, Config, Sort
from reader.index.records import Summary, ViewSpec
from reader.index.rowsets import Rows
from reader.index.windows import KeysetRows
from reader.library import Library
from reader.model import NotFound
from reader.ui.article_list import ArticleList
from reader.ui.category_tree import ALL, STARRED, View
from reader.ui.counts import ViewCounts
from reader.ui.list_rows import Columns, category_label
from reader.ui.pickers import Choice
from reader.ui.status_line import Status

SORT_LABELS = {
    "newest": "newest first",
    "oldest": "oldest first",
    "title": "by title",
    "unread": "unread first",
}


class Views:
    """The list's view and its order, with the counts of every view."""

    def __init__(self, library: Library, config: Config) -> None:
        self.library = library
        self.date_format = config.date_format
        self.view: View = ALL
        self.sort: Sort = config.sort
        self.unread_only = False
        self.counts = ViewCounts()

    def restore(self) -> None:
        """The view, order and filter of the last session (kept by the library)."""
        self.view = View.from_json(self.library.recall("view"))
        remembered = self.library.recall("sort")
        self.sort = next((s for s in SORTS if s == remembered), self.sort)
        self.unread_only = self.library.recall("unread_only") == "1"

    def choose(self, view: View) -> None:
        """Show another view (and remember it)."""
        self.view = view
        self.library.remember("view", view.to_json())

    def toggle_unread_only(self) -> None:
        """Unread only, on or off (and remember it)."""
        self.unread_only = not self.unread_only
        self.library.remember("unread_only", "1" if self.unread_only else "0")

    def sort_label(self) -> str:
        """The order, in words."""
        return SORT_LABELS[self.sort]

    def spec(self, keep: str | None = None, view: View | None = None) -> ViewSpec:
        """The query of a view (the current one by default)."""
        view = view or self.view
        return ViewSpec(
            category=view.key if view.kind == "category" else None,
            starred=view.kind == "starred",
            unread_only=self.unread_only and view == self.view,
            keep=keep,
            sort=self.sort,
        )

    def rows(self, open_id: str | None) -> tuple[Rows[Summary] | KeysetRows[Summary], Columns]:
        """The list's rows, and the columns they need; All if the view has gone."""
        try:
            spec = self.spec(open_id)
            rows = self.library.rows(spec)
        except NotFound:
            self.view, spec = ALL, self.spec(open_id, ALL)
            rows = self.library.rows(spec)
        columns = Columns(self.library.has_dates(spec), self._category_width(), self.date_format)
        return rows, columns

    def _category_width(self) -> int:
        """As wide as the longest category label the view can show (none for a category without children)."""
        if self.view.kind == "category":
            node = self.counts.node(self.view.key)
            if node is not None and not node.children:
                return 0
            nodes = node.walk() if node is not None else []
        else:
            nodes = self.counts.tree.walk()[1:]
        return max((len(category_label(n.names)) for n in nodes), default=0)

    def empty_text(self, synced: bool) -> str:
        """What an empty list says."""
        if self.unread_only:
            return "No unread articles here"
        if self.view.kind == "starred":
            return "No starred articles yet: press s on an article to star it"
        return "No articles here" if synced else "Reading the folder…"

    def status(self, shown: int, searching: bool, capped: bool) -> Status:
        """What the title line says about the list."""
        order = "" if self.sort == "newest" or searching else self.sort_label()
        return Status(
            shown,
            self.counts.unread_in(self.view) if self.counts.counted else None,
            self.view.label(),
            searching,
            capped,
            self.unread_only,
            order,
        )

    def recount(self) -> None:
        """Count every view again."""
        self.counts.recount(self.library)

    def marked(self, article_id: str, read_delta: int) -> None:
        """One article's mark changed: move the counts along its category."""
        self.counts.adjust(self.library.category_of(article_id), read_delta, self.library.starred_counts())

    def picker_choices(self) -> list[Choice]:
        """Every view with its counts, for the category picker."""
        choices = [
            Choice(ALL, "All", self.counts.tree.unread, self.counts.tree.count),
            Choice(STARRED, "Starred", *self.counts.starred),
        ]
        for node in self.counts.tree.walk()[1:]:
            choices.append(Choice(View.category(node), " › ".join(node.names), node.unread, node.count))
        return choices

    def ids_of_view(self, view: View) -> list[str]:
        """The article ids of a view (for marking them all)."""
        return self.library.ids_in(self.spec(view=view))

    def ids_in_list(self, article_list: ArticleList) -> list[str]:
        """The article ids the list shows now (a view or search results)."""
        rows = article_list.rows_between(0, len(article_list))
        return [row.id for row in rows if row is not None]
