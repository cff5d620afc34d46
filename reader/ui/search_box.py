"""The search box: opened with "/", searching as you type, Enter opens, Esc restores."""

from __future__ import annotations

from textual import events, on
from textual.widgets import Input

from reader.query import Query, QueryError, parse_query
from reader.ui.article_list import ArticleList
from reader.ui.navigation import ArticleNavigation

SEARCH_LIMIT = 1000


class SearchControls(ArticleNavigation):
    """The main screen's search, kept apart to keep each file short."""

    search_query: Query | None
    saved: tuple[list[int], int] | None

    def reload(self, *, recount: bool = True) -> None:
        """Refill the list (the main screen does it)."""

    def update_status(self) -> None:
        """Redraw the title line (the main screen does it)."""

    def action_search(self) -> None:
        self.begin_search()

    def begin_search(self) -> None:
        """Open an empty search box and give it the keyboard at once."""
        search = self.query_one("#search", Input)
        if self.saved is None:
            article_list = self.query_one(ArticleList)
            self.saved = (article_list.rowids, article_list.cursor)
        search.display = True
        self.add_class("searching")
        search.value = ""  # "/" always starts a new search, as in less and vim
        self.set_focus(search)  # now, not on the next tick: the next key is already on its way

    def take_typed_key(self, event: events.Key) -> bool:
        """Handle search typing as each key arrives, so that fast typing is never lost.

        Textual moves focus and updates an Input on later ticks, and a fast typist's
        next key is already queued by then. So "/" opens the box, and the box's keys
        are applied here and now, in the order they were typed.
        """
        search = self.query_one("#search", Input)
        if event.key == "slash" and not isinstance(self.focused, Input) and self.app.screen is self:
            self.begin_search()
            return True
        if self.focused is not search:
            return False
        if event.key == "enter":
            self.run_search(search.value)
            self.submit_search()
        elif event.key == "escape":
            self.action_end_search()
        elif event.key in ("down", "up"):
            article_list = self.query_one(ArticleList)
            article_list.move_to(article_list.cursor + (1 if event.key == "down" else -1))
        elif event.key == "backspace":
            search.action_delete_left()
        elif event.is_printable and event.character:
            search.insert_text_at_cursor(event.character)
        else:
            return False
        return True

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if event.value == event.input.value:  # a later keystroke will search again anyway
            self.run_search(event.value)

    def run_search(self, text: str) -> None:
        """Search as the user types: results replace the list; errors show in the box."""
        search = self.query_one("#search", Input)
        try:
            query = parse_query(text)
        except QueryError as error:
            search.border_subtitle = str(error)
            return
        search.border_subtitle = ""
        if query.is_empty():
            self.search_query = None
            if self.saved is not None:
                self.reload()
            return
        if query != self.search_query:
            self.show_search(query)

    def show_search(self, query: Query) -> None:
        """Fill the list with a query's results, best first."""
        self.search_query = query
        article_list = self.query_one(ArticleList)
        article_list.fetch = lambda rowids: self.news.library.hits(rowids, query)
        article_list.row_height = 2
        article_list.show_category = True
        article_list.empty_text = " Nothing found"
        article_list.set_rows(self.news.library.search(query, limit=SEARCH_LIMIT))
        article_list.move_to(0)
        self.update_status()

    def submit_search(self) -> None:
        """Enter: the keyboard goes back to the list, and the result under the cursor opens."""
        article_list = self.query_one(ArticleList)
        self.set_focus(article_list)
        if article_list.current_id is not None:
            self.call_later(self.open_article, article_list.current_id)

    def action_end_search(self) -> None:
        """Esc: close the search and put the list back as it was."""
        if self.saved is None and not self.query_one("#search").display:
            return
        saved = self.saved
        self._close_search()
        self.reload()
        if saved is not None:
            self.query_one(ArticleList).move_to(saved[1])
        self.set_focus(self.query_one(ArticleList))

    def _close_search(self) -> None:
        self.remove_class("searching")
        search = self.query_one("#search", Input)
        search.display = False
        search.value = ""
        self.search_query = None
        self.saved = None
