"""The main screen: the mediator between the tree, the list, the search box and the reading pane.

Widgets post messages up; the screen asks the library and tells the widgets what to
show. Opening articles is `Reading`'s, searching `Searching`'s, marking many
articles at once `CatchUp`'s; what the list shows comes from `Views`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input

from reader.actions import BY_ID
from reader.config import LAYOUTS, SORTS, Config
from reader.document import Link
from reader.garbage import keep_for_good
from reader.library import Changes, Library
from reader.live import WATCHING
from reader.text import plural
from reader.ui.article_body import ArticleBody
from reader.ui.article_list import ArticleList
from reader.ui.catchup import CatchUp, Marking
from reader.ui.category_tree import ALL, CategoryTree, View
from reader.ui.dialogs import HelpScreen, ProblemsScreen
from reader.ui.feed_fetching import FeedFetching
from reader.ui.frames import PacedScreen
from reader.ui.key_line import KeyLine
from reader.ui.keys import bindings
from reader.ui.messages import (
    ArticleChosen,
    FeedsFetched,
    FeedsProgressed,
    FolderSynced,
    IndexProgressed,
    ResultsFound,
    SyncFailed,
    ViewChosen,
)
from reader.ui.pickers import CategoryPicker, LinksScreen
from reader.ui.progress_line import ProgressLine
from reader.ui.reading import Reading
from reader.ui.reading_pane import ReadingPane, RelatedList
from reader.ui.search_box import SearchBox
from reader.ui.searching import Searching
from reader.ui.status_line import StatusLine
from reader.ui.views import Views

if TYPE_CHECKING:
    from textual.command import Provider

RELOAD_SPACING = 0.5  # the list is read again for writes to the index at most this often
FIRST_PAINT_SECONDS = 1.0  # the counts and the tree come after the list's first frame, or after this
COLUMNS_FROM = 160  # the automatic layout puts three columns side by side from this width on
SEARCH_SHARE = 0.7  # stacked, results take at most this share of the height (the article the rest)
LIST_LEAST = 6
PRIORITY = frozenset({"page_down", "page_up", "back_out", "search", "quit_now"})
PRIORITY_ACTIONS = {BY_ID[name].action for name in PRIORITY}


def _provider(name: str) -> type[Provider]:
    """Command palette providers, imported when the palette first opens (keeps start-up quick)."""
    from reader.ui import commands

    provider: type[Provider] = getattr(commands, name)
    return provider


def layout_class(choice: str, width: int) -> str:
    """The screen's class for a layout choice at a width: `-stacked` or `-columns`."""
    return "-stacked" if choice == "stacked" or (choice == "auto" and width < COLUMNS_FROM) else "-columns"


class MainScreen(PacedScreen):
    """Three panes (or the tree beside the list over the article); every key that is not a widget's own."""

    COMMANDS = Screen.COMMANDS | {
        lambda: _provider("ArticleCommands"),
        lambda: _provider("CategoryCommands"),
        lambda: _provider("ActionCommands"),
    }
    BINDINGS: ClassVar[list[BindingType]] = bindings("screen", priority=PRIORITY)

    def __init__(self, library: Library, config: Config, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.library = library
        self.config = config
        self.layout_choice = config.layout
        self.views = Views(library, config)
        self.synced = False
        self.unreadable = -1  # files that could not be read, as last reported (-1: not yet looked)
        self.failing: set[str] = set()  # what failed and has been said (once, until it works again)
        self.feeds = FeedFetching(self, library.root)
        self._first_painted = False
        self._reloaded_at = 0.0
        self._reload_waiting = False

    @property
    def view(self) -> View:
        """The view the list shows."""
        return self.views.view

    def compose(self) -> ComposeResult:
        article_list = ArticleList(id="list")
        reading_pane = ReadingPane(id="reader")
        search_box = SearchBox(results=article_list, id="search")
        self.reading = Reading(
            self.library, article_list, reading_pane, self, mark_read_on_open=self.config.mark_read_on_open
        )
        self.searching = Searching(self.library, article_list, search_box, self, self.config.date_format)
        self.catchup = CatchUp(self.library, self)
        yield StatusLine(self.library.root, id="status")
        yield ProgressLine(id="progress")
        with Horizontal(id="panes"):
            yield CategoryTree(id="tree")
            with Container(id="content"):
                with Vertical(id="list-column"):
                    yield search_box
                    yield article_list
                yield reading_pane
        yield KeyLine()

    def on_mount(self) -> None:
        self.query_one(ArticleList).focus()
        self.query_one("#tree").border_title = "Categories"
        self.query_one("#reader").border_title = "Article"
        self.apply_layout()
        self.views.restore()
        self.reload(recount=False)  # the first paint: the newest titles the index holds, nothing else
        self.set_timer(FIRST_PAINT_SECONDS, self._after_first_paint)  # in case the list is never drawn

    def on_article_list_painted(self) -> None:
        self._after_first_paint()

    def _after_first_paint(self) -> None:
        """The counts, the category tree and the article open last time, once the list is on screen."""
        if self._first_painted:
            return
        self._first_painted = True
        self.reload()
        self.restore_reading()
        self.set_timer(0.5, self.show_checking)
        if self.config.fetch_every:
            self.set_interval(self.config.fetch_every, lambda: self.feeds.fetch(background=True))

    def on_unmount(self) -> None:
        self.feeds.stop()

    def on_resize(self, event: events.Resize) -> None:
        self.apply_layout()
        self.fit_list()

    def view_choices(self) -> list[tuple[View, str]]:
        """Every view with its name (for the palette)."""
        return self.views.counts.choices()

    def remember(self, key: str, value: str) -> None:
        """Keep a part of the session for the next start."""
        self.library.remember(key, value)

    # Layout --------------------------------------------------------------------------

    def apply_layout(self) -> None:
        """Three columns, or the list over the article beside the tree, as chosen (or as the width allows)."""
        stacked = layout_class(self.layout_choice, self.app.size.width) == "-stacked"
        if self.has_class("-stacked") != stacked or self.has_class("-columns") == stacked:
            self.set_class(stacked, "-stacked")  # each change restyles the whole screen
            self.set_class(not stacked, "-columns")

    def fit_list(self) -> None:
        """Stacked and searching: the list as tall as its results, up to most of the height."""
        box = self.query_one(SearchBox)
        if box.display and box.outer_size.height:
            self._fit_list()  # the sizes are known: the results' frame has the right shape
        else:
            self.call_after_refresh(self._fit_list)  # once the box and the list have their sizes

    def _fit_list(self) -> None:
        column = self.query_one("#list-column")
        if not (self.has_class("-stacked") and self.has_class("searching")):
            if column.styles.inline.has_rule("height"):  # each assignment lays the screen out again
                column.styles.height = None  # back to the stylesheet's share
            return
        article_list = self.query_one(ArticleList)
        box = self.query_one(SearchBox)
        border = 2
        need = max(len(article_list), 1) * article_list.row_height + box.outer_size.height + border
        most = int(self.query_one("#content").size.height * SEARCH_SHARE)
        column.styles.height = max(min(need, most), LIST_LEAST)

    def action_cycle_layout(self) -> None:
        self.layout_choice = LAYOUTS[(LAYOUTS.index(self.layout_choice) + 1) % len(LAYOUTS)]
        self.apply_layout()
        self.notify(f"Layout: {self.layout_choice}", timeout=2)

    def action_full_screen(self) -> None:
        """The article alone, at a comfortable width (z again, or Esc, comes back)."""
        if self.has_class("-reading"):
            self._leave_full_screen()
        elif self.reading.open_id is not None:
            self.add_class("-reading")
            self.query_one(ReadingPane).focus()

    def _leave_full_screen(self) -> None:
        self.remove_class("-reading")
        article_list = self.query_one(ArticleList)
        found = article_list.position_of(self.reading.open_id)
        if found is not None:
            article_list.move_to(found)
        article_list.focus()

    def action_toggle_tree(self) -> None:
        self.toggle_class("tree-toggled")
        tree = self.query_one(CategoryTree)
        if not tree.display and tree.has_focus:
            self.query_one(ArticleList).focus()

    def action_tree_totals(self) -> None:
        tree = self.query_one(CategoryTree)
        tree.show_totals(not tree.totals)

    # Filling the panes ---------------------------------------------------------------

    def reload(self, *, recount: bool = True) -> None:
        """Recompute the list (and the counts) from the index, keeping the cursor's article."""
        self._reloaded_at = time.monotonic()
        self.library.index_written_since()  # the list shows the index as of now: later writes are looked for
        article_list = self.query_one(ArticleList)
        open_id = self.reading.open_id
        keep = article_list.current_id if article_list.moved_by_user or open_id else None
        if recount:
            self.views.recount()
            self.query_one(CategoryTree).show_counts(
                self.views.counts.tree, self.views.counts.starred, self.view
            )
        if self.searching.active:
            self.searching.show_again()
            return
        rows, columns = self.views.rows(open_id)
        article_list.show_articles(rows, keep=keep, columns=columns, empty=self.views.empty_text(self.synced))
        self.update_status()

    def _show_counts(self) -> None:
        counts = self.views.counts
        self.query_one(CategoryTree).show_counts(counts.tree, counts.starred, self.view)

    def marks_changed(self, article_id: str, read_delta: int) -> None:
        """A mark changed: move the counts along the article's category, redraw."""
        self.views.marked(article_id, read_delta)
        self._show_counts()
        self.query_one(ArticleList).refresh_rows()
        self.update_status()

    def index_written(self) -> None:
        """The index changed since the list was last read, and not by a sync of this reader's
        that was shown already: another program indexing the folder (a reader opened during
        a first `newsdesk index` fills as it goes).
        Shown at most every RELOAD_SPACING seconds, and not under a search (its results stay)."""
        if self.searching.active or self._reload_waiting:
            return  # closing the search reads the list again
        wait = RELOAD_SPACING - (time.monotonic() - self._reloaded_at)
        if wait <= 0:
            self.reload()
        else:
            self._reload_waiting = True
            self.set_timer(wait, self._reload_waited)

    def _reload_waited(self) -> None:
        self._reload_waiting = False
        if not self.searching.active:
            self.reload()

    def marks_redrawn(self) -> None:
        """Many marks changed: count everything again and redraw."""
        self.reload()

    def update_status(self) -> None:
        """The title line and the list's border title."""
        article_list = self.query_one(ArticleList)
        status = self.views.status(
            len(article_list), self.searching.query is not None, self.searching.capped()
        )
        self.query_one(StatusLine).show(status)
        title = f"Articles ({status.shown:,}{'+' if status.capped else ''})"
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
            self.failing.discard(WATCHING)  # a walk follows every (re)start of the watch
        if message.full and not self.synced:
            self.synced = True
            self.query_one(ProgressLine).finish()
            self.reload()
            keep_for_good()  # what the reader holds once the folder is read (see reader.garbage)
        elif message.changes:
            self.apply_changes(message.changes)
        self.report_unreadable()

    @on(SyncFailed)
    def _sync_failed(self, message: SyncFailed) -> None:
        if message.what not in self.failing:  # said once; the log has every failure
            self.failing.add(message.what)
            self.notify(f"{message.what} failed: {message.error}; trying again.", severity="error", timeout=8)

    def report_unreadable(self) -> None:
        """Say so when files that were not reported before cannot be read (details on the problems screen)."""
        count = self.library.unreadable_count()
        if count == self.unreadable:
            return
        self.unreadable = count
        new = len(self.library.unreported_problems())
        if new:
            also = f" ({count:,} in all)" if count > new else ""
            self.notify(
                f"{plural(new, 'file')} could not be read{also}; press ! to see why.", severity="warning"
            )

    def apply_changes(self, changes: Changes) -> None:
        """Show what changed on disk without moving the selection or the reading position."""
        self.reload()
        self.reading.apply_changes(changes)
        self.notify(describe_changes(changes), timeout=4)

    def restore_reading(self) -> None:
        """Open the article that was open when the reader was last closed, and the search, if any."""
        search = self.library.recall("search") or ""
        if search.strip():
            self.searching.begin()
            self.query_one(SearchBox).value = search
            self.searching.run(search, now=True)  # the results on screen before the open article is put back
            self.query_one(ArticleList).focus()
        open_id = self.library.recall("open")
        if open_id and self.library.rowid_of(open_id) is not None:
            self.reading.open(open_id, record=False)

    # Filtering -------------------------------------------------------------------------

    def set_view(self, view: View) -> None:
        """Filter the list to a view and say so."""
        self.searching.close()
        self.views.choose(view)
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

    def action_unread_only(self) -> None:
        self.views.toggle_unread_only()
        self.reload(recount=False)

    def action_sort(self) -> None:
        self.views.sort = SORTS[(SORTS.index(self.views.sort) + 1) % len(SORTS)]
        self.remember("sort", self.views.sort)
        self.reload(recount=False)
        self.notify(f"Sorted: {self.views.sort_label()}", timeout=2)

    def action_pick_category(self) -> None:
        self.app.push_screen(CategoryPicker(self.views.picker_choices()), self._picked)

    def _picked(self, view: View | None) -> None:
        if view is not None:
            self.set_view(view)

    # Search ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys bound above every widget are text while a box is being typed into."""
        return not (isinstance(self.focused, Input) and action in PRIORITY_ACTIONS)

    def action_search(self) -> None:
        self.searching.begin()

    @on(SearchBox.SearchChanged)
    def _search_changed(self, message: SearchBox.SearchChanged) -> None:
        if message.text == self.query_one(SearchBox).value:  # else a later change is on its way
            self.searching.run(message.text)

    @on(SearchBox.SearchSubmitted)
    def _search_submitted(self, message: SearchBox.SearchSubmitted) -> None:
        self.searching.run(message.text, now=True)
        article_id = self.query_one(ArticleList).current_id
        if article_id is not None:
            self.reading.open(article_id, highlight=self.searching.words())

    @on(SearchBox.SearchClosed)
    def _search_closed(self) -> None:
        self.searching.end()

    @on(SearchBox.ResultsMoved)
    def _results_moved(self, message: SearchBox.ResultsMoved) -> None:
        self.searching.settle()
        self.query_one(ArticleList).move_by(message.step)

    @on(ResultsFound)
    def _results_found(self, message: ResultsFound) -> None:
        self.searching.found(message)

    def search_in_thread(self, find: Callable[[], None]) -> None:
        """Run a search in a thread (a newer one stops it: see `Searching`)."""
        self.run_worker(find, thread=True, group="search", name="search", exit_on_error=False)

    # Reading -----------------------------------------------------------------------------

    @on(ArticleList.Opened)
    def _list_opened(self, event: ArticleList.Opened) -> None:
        if event.article_id == self.reading.open_id and not self.has_class("-reading"):
            self.action_full_screen()  # Enter on the open article: read it alone
        else:
            self.reading.open(event.article_id, highlight=self.searching.words())

    @on(RelatedList.Chosen)
    def _related_chosen(self, event: RelatedList.Chosen) -> None:
        self.reading.open(event.article_id)

    @on(ArticleChosen)
    def _article_chosen(self, message: ArticleChosen) -> None:
        self.reading.open(message.article_id)

    @on(ArticleBody.LinkClicked)
    def _link_clicked(self, event: ArticleBody.LinkClicked) -> None:
        self.reading.follow(event.href)

    def action_next_article(self) -> None:
        self.searching.settle()  # every result on screen, not the first alone
        self.reading.step(1)

    def action_previous_article(self) -> None:
        self.searching.settle()
        self.reading.step(-1)

    def action_next_unread(self) -> None:
        self.searching.settle()
        self.reading.next_unread()

    def action_toggle_read(self) -> None:
        self._toggle("read")

    def action_toggle_star(self) -> None:
        self._toggle("starred")

    def _toggle(self, mark: str) -> None:
        done = self.reading.toggle("read" if mark == "read" else "starred")
        if done is not None:
            article_id, value = done
            self.catchup.record(
                Marking("read" if mark == "read" else "starred", (article_id,), value, "1 article")
            )

    def action_open_source(self) -> None:
        self.reading.open_source()

    def action_edit(self) -> None:
        self.reading.edit()

    def action_links(self) -> None:
        if self.reading.open_id is None:
            self.notify("Open an article first.", timeout=2)
        else:
            self.app.push_screen(LinksScreen(self.query_one(ReadingPane).links), self._link_chosen)

    def _link_chosen(self, link: Link | None) -> None:
        if link is not None:
            self.reading.follow(link.href)

    def action_related(self) -> None:
        if not self.query_one(ReadingPane).focus_related():
            self.notify("No related stories.", timeout=2)

    def action_open_related(self, number: int) -> None:
        self.reading.open_related(number)

    def action_back(self) -> None:
        self.reading.back()

    def action_forward(self) -> None:
        self.reading.forward()

    def action_page_down(self) -> None:
        """Page the article down; at its end, open the next unread (with none open: the one at the cursor)."""
        pane = self.query_one(ReadingPane)
        if pane.article is None:
            article_id = self.query_one(ArticleList).current_id
            if article_id is not None:
                self.reading.open(article_id, highlight=self.searching.words())
        elif pane.scroll_y >= pane.max_scroll_y:
            self.action_next_unread()
        else:
            pane.action_page_down()

    def action_page_up(self) -> None:
        self.query_one(ReadingPane).action_page_up()

    # Catching up -------------------------------------------------------------------------

    def action_mark_all_read(self) -> None:
        self.searching.settle()  # every result, not the first alone
        where = "these search results" if self.searching.query is not None else self.view.label()
        self.catchup.mark_read(self.views.ids_in_list(self.query_one(ArticleList)), where)

    def action_mark_category_read(self) -> None:
        tree = self.query_one(CategoryTree)
        node = tree.cursor_node if tree.has_focus else None
        view = node.data if node is not None and node.data is not None else self.view
        self.catchup.mark_read(self.views.ids_of_view(view), view.label())

    def action_undo(self) -> None:
        self.catchup.undo()

    # Backing out ---------------------------------------------------------------------------

    def action_back_out(self) -> None:
        """Esc: close the search, leave the related stories, leave full screen, go back to the list."""
        if not self._close_innermost():
            self.query_one(ArticleList).focus()

    def _close_innermost(self) -> bool:
        """Close the innermost of search, related stories and full screen; False when none is open."""
        if self.searching.open:
            self.searching.end()
        elif isinstance(self.focused, RelatedList):
            self.query_one(ReadingPane).focus()
        elif self.has_class("-reading"):
            self._leave_full_screen()
        else:
            return False
        return True

    def action_quit(self) -> None:
        """q: close the innermost view; quit from the main panes."""
        if not self._close_innermost():
            self.app.exit()

    def action_quit_now(self) -> None:
        self.app.exit()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.config.keys))

    def action_problems(self) -> None:
        from reader.feeds.status import feed_problems

        pages = self.library.problem_pages()
        self.app.push_screen(ProblemsScreen(pages, feeds=feed_problems(self.library.root)))

    # Feeds -------------------------------------------------------------------------------

    def action_fetch_feeds(self) -> None:
        self.feeds.fetch()

    @on(FeedsProgressed)
    def _feeds_progressed(self, message: FeedsProgressed) -> None:
        self.feeds.progressed(message)

    @on(FeedsFetched)
    def _feeds_fetched(self, message: FeedsFetched) -> None:
        self.feeds.fetched(message)


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
