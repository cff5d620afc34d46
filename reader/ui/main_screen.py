"""The main screen: the mediator between the tree, the list, the search box and the reading pane.

Widgets post messages up; the screen asks the library and tells the widgets what
to show. The reading side (opening articles, marks, history) is `Reading`'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer

from reader.library import Changes, Library, ViewSpec
from reader.model import NotFound
from reader.text import plural
from reader.ui.article_body import ArticleBody
from reader.ui.article_list import ArticleList
from reader.ui.category_tree import ALL, CategoryTree, View
from reader.ui.counts import ViewCounts
from reader.ui.dialogs import CategoryPicker, HelpScreen, ProblemsScreen
from reader.ui.messages import ArticleChosen, FolderSynced, IndexProgressed, SyncFailed, ViewChosen
from reader.ui.progress_line import ProgressLine
from reader.ui.reading import Reading
from reader.ui.reading_pane import ReadingPane, RelatedList
from reader.ui.search_box import SearchBox
from reader.ui.searching import Searching
from reader.ui.status_line import Status, StatusLine

if TYPE_CHECKING:
    from textual.command import Provider


class MainScreen(Screen[None]):
    """Three panes; every key of the reader that is not a widget's own."""

    COMMANDS = Screen.COMMANDS | {lambda: _provider("ArticleCommands"), lambda: _provider("CategoryCommands")}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("slash", "search", "Search", priority=True),  # before anything else sees the next key
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

    def __init__(self, library: Library, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.library = library
        self.view: View = ALL
        self.unread_only = False
        self.counts = ViewCounts()
        self.synced = False
        self.unreadable = 0
        self.failing: set[str] = set()  # what failed and has been said (once, until it works again)

    def compose(self) -> ComposeResult:
        article_list = ArticleList(id="list")
        reading_pane = ReadingPane(id="reader")
        search_box = SearchBox(results=article_list, id="search")
        self.reading = Reading(self.library, article_list, reading_pane, self)
        self.searching = Searching(self.library, article_list, search_box, self)
        yield StatusLine(self.library.root, id="status")
        yield ProgressLine(id="progress")
        with Horizontal(id="panes"):
            yield CategoryTree(id="tree")
            with Container(id="content"):
                with Vertical(id="list-column"):
                    yield search_box
                    yield article_list
                yield reading_pane
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ArticleList).focus()
        self.query_one("#tree").border_title = "Categories"
        self.query_one("#reader").border_title = "Article"
        self.reload()  # the first paint shows what the index already holds
        self.set_timer(0.5, self.show_checking)

    def view_choices(self) -> list[tuple[View, str]]:
        """Every view with its name (for the palette and the picker)."""
        return self.counts.choices()

    # Filling the panes ---------------------------------------------------------------

    def reload(self, *, recount: bool = True) -> None:
        """Recompute the list (and the counts) from the index, keeping the cursor's article."""
        article_list = self.query_one(ArticleList)
        open_id = self.reading.open_id
        keep = article_list.current_id if article_list.moved_by_user or open_id else None
        if recount:
            self.counts.recount(self.library)
            self.query_one(CategoryTree).show_counts(self.counts.tree, self.counts.starred, self.view)
        if self.searching.query is not None:
            self.searching.show(self.searching.query)
            return
        spec = ViewSpec(
            category=self.view.key if self.view.kind == "category" else None,
            starred=self.view.kind == "starred",
            unread_only=self.unread_only,
            keep=open_id,
        )
        try:
            rows = self.library.rows(spec)
        except NotFound:
            rows = self.library.rows(ViewSpec())
        article_list.show_articles(
            rows,
            keep=keep,
            show_category=self.view.kind != "category" or self.counts.has_children(self.view),
            empty=self._empty_text(),
        )
        self.update_status()

    def _empty_text(self) -> str:
        if self.unread_only:
            return "No unread articles here"
        if self.view.kind == "starred":
            return "No starred articles yet: press s on an article to star it"
        return "No articles here" if self.synced else "Reading the folder…"

    def marks_changed(self, article_id: str, read_delta: int) -> None:
        """A mark changed: move the counts along the article's category, redraw."""
        names = self.library.category_of(article_id)
        self.counts.adjust(names, read_delta, self.library.starred_counts())
        self.query_one(CategoryTree).show_counts(self.counts.tree, self.counts.starred, self.view)
        self.query_one(ArticleList).refresh_rows()
        self.update_status()

    def update_status(self) -> None:
        """The title line and the list's border title."""
        article_list = self.query_one(ArticleList)
        shown, searching = len(article_list), self.searching.query is not None
        capped = self.searching.capped()
        status = Status(
            shown, self.counts.unread_in(self.view), self.view.label(), searching, capped, self.unread_only
        )
        self.query_one(StatusLine).show(status)
        title = f"Articles ({shown:,}{'+' if capped else ''})"
        if article_list.border_title != title:
            article_list.border_title = title

    def show_checking(self) -> None:
        """A folder check that takes a while says so (a quick one stays silent)."""
        progress = self.query_one(ProgressLine)
        if not self.synced and not progress.display:
            progress.checking()

    @on(IndexProgressed)
    def _index_progressed(self, message: IndexProgressed) -> None:
        self.query_one(ProgressLine).indexing(message.done, message.total, message.rate)
        if message.done < message.total:
            self.reload()

    @on(FolderSynced)
    def _folder_synced(self, message: FolderSynced) -> None:
        self.failing.discard("Updating the index")
        if message.full:
            self.failing.discard("Watching the folder")  # a walk follows every (re)start of the watch
        if message.full and not self.synced:
            self.synced = True
            self.query_one(ProgressLine).finish()
            self.reload()
        elif message.changes:
            self.apply_changes(message.changes)
        self.report_unreadable()

    @on(SyncFailed)
    def _sync_failed(self, message: SyncFailed) -> None:
        if message.what not in self.failing:  # said once; the log has every failure
            self.failing.add(message.what)
            self.notify(f"{message.what} failed: {message.error}; trying again.", severity="error", timeout=8)

    def report_unreadable(self) -> None:
        """Say so when (more) files cannot be read; the details are on the problems screen."""
        count = self.library.unreadable_count()
        if count > self.unreadable:
            self.notify(f"{plural(count, 'file')} could not be read; press ! to see why.", severity="warning")
        self.unreadable = count

    def apply_changes(self, changes: Changes) -> None:
        """Show what changed on disk without moving the selection or the reading position."""
        self.reload()
        self.reading.apply_changes(changes)
        self.notify(describe_changes(changes), timeout=4)

    # Filtering -------------------------------------------------------------------------

    def set_view(self, view: View) -> None:
        """Filter the list to a view and say so."""
        self.searching.close()
        self.view = view
        self.reload(recount=False)
        self.query_one(ArticleList).move_to(0)
        self.query_one(CategoryTree).select_view(view)

    @on(CategoryTree.ViewSelected)
    def _view_selected(self, event: CategoryTree.ViewSelected) -> None:
        self.set_view(event.view)
        self.query_one(ArticleList).focus()

    @on(ViewChosen)
    def _view_chosen(self, message: ViewChosen) -> None:
        self.set_view(message.view)

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
        self.app.push_screen(CategoryPicker(self.view_choices()), self._picked)

    def _picked(self, view: View | None) -> None:
        if view is not None:
            self.set_view(view)

    # Search ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "/" typed in the search box is part of the query
        return not (action == "search" and self.focused is self.query_one(SearchBox))

    def action_search(self) -> None:
        self.searching.begin()

    @on(SearchBox.SearchChanged)
    def _search_changed(self, message: SearchBox.SearchChanged) -> None:
        if message.text == self.query_one(SearchBox).value:  # else a later change is on its way
            self.searching.run(message.text)

    @on(SearchBox.SearchSubmitted)
    def _search_submitted(self, message: SearchBox.SearchSubmitted) -> None:
        self.searching.run(message.text)
        article_id = self.query_one(ArticleList).current_id
        if article_id is not None:
            self.reading.open(article_id)

    @on(SearchBox.SearchClosed)
    def _search_closed(self) -> None:
        self.searching.end()

    @on(SearchBox.ResultsMoved)
    def _results_moved(self, message: SearchBox.ResultsMoved) -> None:
        self.query_one(ArticleList).move_by(message.step)

    def action_end_search(self) -> None:
        self.searching.end()

    # Reading -----------------------------------------------------------------------------

    @on(ArticleList.Opened)
    def _list_opened(self, event: ArticleList.Opened) -> None:
        self.reading.open(event.article_id)

    @on(RelatedList.Chosen)
    def _related_chosen(self, event: RelatedList.Chosen) -> None:
        self.reading.open(event.article_id)

    @on(ArticleChosen)
    def _article_chosen(self, message: ArticleChosen) -> None:
        self.reading.open(message.article_id)

    @on(ArticleBody.LinkClicked)
    def _link_clicked(self, event: ArticleBody.LinkClicked) -> None:
        self.reading.open_url(event.href)

    def action_step_article(self, step: int) -> None:
        self.reading.step(step)

    def action_next_unread(self) -> None:
        self.reading.next_unread()

    def action_toggle_read(self) -> None:
        self.reading.toggle("read")

    def action_toggle_star(self) -> None:
        self.reading.toggle("starred")

    def action_open_source(self) -> None:
        self.reading.open_source()

    def action_edit(self) -> None:
        self.reading.edit()

    def action_focus_related(self) -> None:
        if not self.query_one(ReadingPane).focus_related():
            self.notify("No related stories.", timeout=2)

    def action_open_related(self, number: int) -> None:
        self.reading.open_related(number)

    def action_back(self) -> None:
        self.reading.back()

    def action_forward(self) -> None:
        self.reading.forward()

    def action_page_reader(self, direction: int) -> None:
        """Space pages down, and at the end of an article goes on to the next unread one."""
        reader = self.query_one(ReadingPane)
        if direction < 0:
            reader.action_page_up()
        elif reader.article is not None and reader.scroll_y >= reader.max_scroll_y:
            self.reading.next_unread()
        else:
            reader.action_page_down()

    # Dialogs and panes ---------------------------------------------------------------------

    def action_toggle_tree(self) -> None:
        self.toggle_class("tree-toggled")
        tree = self.query_one(CategoryTree)
        if not tree.display and tree.has_focus:
            self.query_one(ArticleList).focus()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_problems(self) -> None:
        self.app.push_screen(ProblemsScreen(self.library.problems()))


def _provider(name: str) -> type[Provider]:
    """Command palette providers, imported when the palette first opens (keeps start-up quick)."""
    from reader.ui import commands

    provider: type[Provider] = getattr(commands, name)
    return provider


def describe_changes(changes: Changes) -> str:
    """`3 new articles`, `1 article changed`, `2 articles removed`."""
    parts = []
    if changes.added:
        parts.append(f"{len(changes.added)} new article{'s' if len(changes.added) != 1 else ''}")
    if changes.changed:
        parts.append(plural(len(changes.changed), "article") + " changed")
    if changes.removed:
        parts.append(plural(len(changes.removed), "article") + " removed")
    return ", ".join(parts)
