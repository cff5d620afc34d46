"""The main screen: mediates between the tree, the list and the reading pane."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.widgets import Footer, Static

from reader.history import History
from reader.library import Changes
from reader.model import Article, NotFound
from reader.ui.article_list import ArticleList, RowMarks
from reader.ui.category_tree import ALL, STARRED, CategoryTree, View
from reader.ui.dialogs import CategoryPicker, HelpScreen, ProblemsScreen
from reader.ui.navigation import ArticleNavigation
from reader.ui.reading_pane import ReadingPane

if TYPE_CHECKING:
    pass


class MainScreen(ArticleNavigation):
    """Three panes; every key of the reader that is not a widget's own."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("exclamation_mark", "problems", "Problems", show=False),
        Binding("c", "pick_category", "Category"),
        Binding("a", "show_all", "All", show=False),
        Binding("right_square_bracket", "step_category(1)", "Next category", show=False),
        Binding("left_square_bracket", "step_category(-1)", "Prev category", show=False),
        Binding("U", "toggle_unread_only", "Unread only", show=False),
        Binding("n", "step_article(1)", "Next"),
        Binding("p", "step_article(-1)", "Prev", show=False),
        Binding("N", "next_unread", "Next unread", show=False),
        Binding("u", "toggle_read", "Read", show=False),
        Binding("s", "toggle_star", "Star", show=False),
        Binding("o", "open_source", "Source", show=False),
        Binding("e", "edit", "Edit", show=False),
        Binding("r", "focus_related", "Related"),
        *(Binding(str(n), f"open_related({n})", show=False) for n in range(1, 10)),
        Binding("backspace,alt+left,H", "back", "Back"),
        Binding("alt+right,L", "forward", "Forward", show=False),
        Binding("space", "page_reader(1)", "Scroll", show=False),
        Binding("shift+space", "page_reader(-1)", "Scroll up", show=False),
        Binding("t", "toggle_tree", "Tree", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: View = ALL
        self.unread_only = False
        self.history = History()
        self.rows: list[Article] = []

    def compose(self) -> ComposeResult:
        yield Static(id="status", markup=False)
        with Horizontal(id="panes"):
            yield CategoryTree(id="tree")
            with Container(id="content"):
                yield ArticleList(id="list")
                yield ReadingPane(id="reader")
        yield Footer()

    def on_mount(self) -> None:
        article_list = self.query_one(ArticleList)
        article_list.marks = self._marks
        article_list.empty_text = "Reading the folder…"
        article_list.focus()
        self.query_one("#tree").border_title = "Categories"
        self.query_one("#reader").border_title = "Article"
        self.update_status()

    def _marks(self, article_id: str) -> RowMarks:
        state = self.news.state
        return RowMarks(state.is_read(article_id), state.is_starred(article_id))

    # Filling the panes ------------------------------------------------------------

    def reload(self, keep: str | None = None) -> None:
        """Recompute the list and the tree from the library, keeping the cursor's article."""
        keep = keep or self.query_one(ArticleList).current_id
        self.rows = self._rows_for(self.view)
        article_list = self.query_one(ArticleList)
        article_list.empty_text = (
            "No unread articles here" if self.unread_only else "No articles here"
        )
        categories = {a.category for a in self.rows}
        article_list.show_category = self.view.kind != "category" or len(categories) > 1
        article_list.set_rows(self.rows, keep=keep)
        self.refresh_tree()
        self.update_status()

    def _rows_for(self, view: View) -> list[Article]:
        library, state = self.news.library, self.news.state
        if view.kind == "category":
            try:
                rows = library.articles(category=view.key)
            except NotFound:
                rows = []
        elif view.kind == "starred":
            rows = [a for a in library.articles() if state.is_starred(a.id)]
        else:
            rows = library.articles()
        if self.unread_only:
            rows = [a for a in rows if not state.is_read(a.id) or a.id == self.open_id]
        return rows

    def refresh_tree(self) -> None:
        """Recount unread/total in the tree."""
        state = self.news.state
        tree = self.news.library.categories(lambda article_id: not state.is_read(article_id))
        starred = [a.id for a in self.news.library.articles() if state.is_starred(a.id)]
        unread_starred = sum(1 for i in starred if not state.is_read(i))
        self.query_one(CategoryTree).rebuild(tree, (unread_starred, len(starred)), self.view)

    def update_status(self) -> None:
        """The title line: folder, active filter, counts."""
        unread = sum(1 for a in self.rows if not self.news.state.is_read(a.id))
        status = Text("Newsdesk", style="bold", no_wrap=True, overflow="ellipsis")
        status.append(f"  {self.news.root}  ", style="dim")
        status.append(f"{len(self.rows)} articles, {unread} unread  ", style="dim")
        if self.unread_only:
            status.append("[unread only] ", style="bold reverse")
        status.append("▸ " + self.view.label(), style="bold")
        self.query_one("#status", Static).update(status)
        self.query_one("#list").border_title = f"Articles ({len(self.rows)})"

    # Filtering ------------------------------------------------------------------

    def set_view(self, view: View) -> None:
        """Filter the list to a view and say so."""
        self.view = view
        self.reload()
        self.query_one(ArticleList).move_to(0)

    @on(CategoryTree.ViewSelected)
    def _view_selected(self, event: CategoryTree.ViewSelected) -> None:
        self.set_view(event.view)

    def action_show_all(self) -> None:
        self.set_view(ALL)

    def action_step_category(self, step: int) -> None:
        views = self.query_one(CategoryTree).views()
        index = views.index(self.view) if self.view in views else 0
        self.set_view(views[(index + step) % len(views)])

    def action_toggle_unread_only(self) -> None:
        self.unread_only = not self.unread_only
        self.reload()

    def action_pick_category(self) -> None:
        tree = self.news.library.categories()
        choices = [(ALL, "All"), (STARRED, "Starred")]
        choices += [(View.category(node), " › ".join(node.names)) for node in tree.walk()[1:]]
        self.app.push_screen(CategoryPicker(choices), self._picked)

    def _picked(self, view: View | None) -> None:
        if view is not None:
            self.set_view(view)

    # Panes -----------------------------------------------------------------------

    def action_page_reader(self, direction: int) -> None:
        reader = self.query_one(ReadingPane)
        reader.action_page_down() if direction > 0 else reader.action_page_up()

    def action_toggle_tree(self) -> None:
        self.toggle_class("tree-toggled")
        tree = self.query_one(CategoryTree)
        if not tree.display and tree.has_focus:
            self.query_one(ArticleList).focus()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_problems(self) -> None:
        self.app.push_screen(ProblemsScreen(self.news.library.problems()))

    # Live folder -----------------------------------------------------------------

    async def apply_changes(self, changes: Changes) -> None:
        """Show what changed on disk without moving the selection or the reading position."""
        self.reload()
        reader = self.query_one(ReadingPane)
        open_id = self.open_id
        if open_id in changes.removed:
            self.history.forget(open_id or "")
            reader.show_message("This article's file was removed from the folder.")
        elif open_id is not None and open_id in changes.changed:
            article = self.news.library.get(open_id)
            await reader.show(article, self.related_of(article), reader.scroll_y)
