"""The main screen: mediates between the tree, the list, the search box and the reading pane."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.widgets import Footer, Input, Static

from reader.history import History
from reader.library import Changes
from reader.model import CategoryNode, NotFound
from reader.query import Query
from reader.ui.article_list import ArticleList, RowMarks
from reader.ui.category_tree import ALL, STARRED, CategoryTree, View
from reader.ui.dialogs import CategoryPicker, HelpScreen, ProblemsScreen
from reader.ui.reading_pane import ReadingPane
from reader.ui.search_box import SEARCH_LIMIT, SearchControls
from reader.ui.words import plural


class MainScreen(SearchControls):
    """Three panes; every key of the reader that is not a widget's own."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("slash", "search", "Search"),
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
        Binding("shift+space,b,minus", "page_reader(-1)", "Scroll up", show=False),
        Binding("t", "toggle_tree", "Tree", show=False),
        Binding("escape", "end_search", "Close search", show=False),
    ]

    def __init__(self, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.view: View = ALL
        self.unread_only = False
        self.history = History()
        self.counts: CategoryNode = CategoryNode("All", ())
        self.starred = (0, 0)
        self.search_query: Query | None = None
        self.saved: tuple[list[int], int] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="status", markup=False)
        yield Static(id="progress", markup=False)
        with Horizontal(id="panes"):
            yield CategoryTree(id="tree")
            with Container(id="content"):
                with Vertical(id="list-column"):
                    yield Input(
                        placeholder='search: words "phrase" prefix* -not field:…',
                        id="search",
                        select_on_focus=False,  # keys typed before focus arrives must stay
                    )
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
        self.reload()  # the first paint shows what the index already holds,
        self.call_after_refresh(self.news.load_folder)  # then the folder is caught up with
        self.set_timer(0.5, self.show_checking)

    def _marks(self, article_id: str) -> RowMarks:
        state = self.news.state
        return RowMarks(state.is_read(article_id), state.is_starred(article_id))

    # Filling the panes ------------------------------------------------------------

    def reload(self, *, recount: bool = True) -> None:
        """Recompute the list (and the counts) from the index, keeping the cursor's article."""
        article_list = self.query_one(ArticleList)
        keep = article_list.current_rowid if article_list.user_moved or self.open_id else None
        if recount:
            self.recount()
        if self.search_query is not None:
            self.show_search(self.search_query)
            return
        article_list.fetch = self.news.library.summaries
        article_list.empty_text = (
            " No unread articles here"
            if self.unread_only
            else " No starred articles yet: press s on an article to star it"
            if self.view.kind == "starred"
            else " No articles here"
        )
        article_list.row_height = 1
        article_list.show_category = self.view.kind != "category" or self._has_children(self.view)
        article_list.set_rows(self._rowids_for(self.view), keep=keep)
        self.update_status()

    def _has_children(self, view: View) -> bool:
        node = self._node(view.key)
        return node is None or bool(node.children)

    def _rowids_for(self, view: View) -> list[int]:
        library = self.news.library
        try:
            key = view.key if view.kind == "category" else None
            return library.view_rowids(
                category=key,
                starred=view.kind == "starred",
                unread_only=self.unread_only,
                keep=self.open_id,
            )
        except NotFound:
            return []

    def recount(self) -> None:
        """Recount unread/total for the tree and the title line."""
        self.counts = self.news.library.categories(with_unread=True)
        self.starred = self.news.library.starred_counts()
        self.query_one(CategoryTree).show_counts(self.counts, self.starred, self.view)

    def marks_changed(self, article_id: str, read_delta: int) -> None:
        """A mark changed: adjust the counts along the article's category path, redraw."""
        names = self.news.library.category_of(article_id)
        node: CategoryNode | None = self.counts
        depth = 0
        while node is not None:
            node.unread += read_delta
            depth += 1
            node = (
                next((c for c in node.children if c.names == names[:depth]), None)
                if depth <= len(names)
                else None
            )
        self.starred = self.news.library.starred_counts()
        self.query_one(CategoryTree).show_counts(self.counts, self.starred, self.view)
        self.query_one(ArticleList).refresh()
        self.update_status()

    def _node(self, key: tuple[str, ...]) -> CategoryNode | None:
        node: CategoryNode | None = self.counts
        for depth in range(1, len(key) + 1):
            if node is None:
                return None
            node = next((c for c in node.children if c.path == key[:depth]), None)
        return node

    def update_status(self) -> None:
        """The title line: counts, the filter (or search) shortened to fit, then the folder."""
        shown = len(self.query_one(ArticleList).rowids)
        status = Text("Newsdesk  ", style="bold", no_wrap=True, overflow="ellipsis")
        if self.search_query is not None:
            more = "+" if shown >= SEARCH_LIMIT else ""
            status.append(f"{shown:,}{more} results found" if shown != 1 else "1 result found", style="dim")
            label = "search"
        else:
            status.append(f"{plural(shown, 'article')}, {self._unread_in_view():,} unread", style="dim")
            if self.unread_only:
                status.append("  [unread only]", style="bold reverse")
            label = self.view.label()
        room = max(self.size.width - status.cell_len - 6, 10)
        filter_text = Text("  ▸ " + label, style="bold")
        filter_text.truncate(room, overflow="ellipsis")
        status.append_text(filter_text)
        status.append(f"  {self.news.root}", style="dim")
        self.query_one("#status", Static).update(status, layout=False)
        title = (
            f"Articles ({shown:,}{'+' if self.search_query is not None and shown >= SEARCH_LIMIT else ''})"
        )
        article_list = self.query_one("#list")
        if article_list.border_title != title:
            article_list.border_title = title

    def _unread_in_view(self) -> int:
        if self.view.kind == "starred":
            return self.starred[0]
        node = self._node(self.view.key) if self.view.kind == "category" else self.counts
        return node.unread if node else 0

    def show_checking(self) -> None:
        """A folder check that takes a while says so (a quick one stays silent)."""
        progress = self.query_one("#progress", Static)
        if not self.news.loaded.is_set() and not progress.display:
            progress.update(Text("Checking the folder for new and changed files…", style="italic"))
            progress.display = True

    def show_progress(self, done: int, total: int, rate: float) -> None:
        """The first-index progress line (hidden once indexing is over)."""
        progress = self.query_one("#progress", Static)
        progress.display = total > 0 and done < total
        if progress.display:
            width = 30
            filled = int(width * done / total)
            bar = "█" * filled + "░" * (width - filled)
            progress.update(
                Text(f"Indexing {bar} {done:,}/{total:,} files · {rate:,.0f} files/s", style="bold")
            )

    # Filtering ------------------------------------------------------------------

    def set_view(self, view: View) -> None:
        """Filter the list to a view and say so."""
        self._close_search()
        self.view = view
        self.reload(recount=False)
        self.query_one(ArticleList).move_to(0)
        self.query_one(CategoryTree).select_view(view)

    @on(CategoryTree.ViewSelected)
    def _view_selected(self, event: CategoryTree.ViewSelected) -> None:
        self.set_view(event.view)
        self.query_one(ArticleList).focus()

    def action_show_all(self) -> None:
        self.set_view(ALL)

    def action_step_category(self, step: int) -> None:
        views = self.query_one(CategoryTree).views()
        index = views.index(self.view) if self.view in views else 0
        self.set_view(views[(index + step) % len(views)])

    def action_toggle_unread_only(self) -> None:
        self.unread_only = not self.unread_only
        self.reload(recount=False)

    def action_pick_category(self) -> None:
        choices = [(ALL, "All"), (STARRED, "Starred")]
        choices += [(View.category(node), " › ".join(node.names)) for node in self.counts.walk()[1:]]
        self.app.push_screen(CategoryPicker(choices), self._picked)

    def _picked(self, view: View | None) -> None:
        if view is not None:
            self.set_view(view)

    # Panes -----------------------------------------------------------------------

    async def action_page_reader(self, direction: int) -> None:
        """Space pages down, and at the end of an article goes on to the next unread one."""
        reader = self.query_one(ReadingPane)
        if direction < 0:
            reader.action_page_up()
        elif reader.article is not None and reader.scroll_y >= reader.max_scroll_y:
            await self.action_next_unread()
        else:
            reader.action_page_down()

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
        if open_id is not None and open_id in changes.removed:
            self.history.forget(open_id)
            reader.show_message("This article's file was removed from the folder.")
        elif open_id is not None and open_id in changes.changed:
            article = self.news.library.get(open_id)
            await reader.show(article, self.related_of(article), reader.scroll_y)
