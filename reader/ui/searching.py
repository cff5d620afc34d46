"""A search in progress: the query whose results the list shows, and the list to put back after."""

from __future__ import annotations

from typing import Protocol

from reader.library import Library
from reader.query import Query, QueryError, parse_query
from reader.ui.article_list import ArticleList
from reader.ui.list_rows import CATEGORY_MOST, Columns
from reader.ui.search_box import SearchBox

SEARCH_LIMIT = 1000


class SearchHost(Protocol):
    """What a search needs of the screen: to show the list again, and to say what it shows."""

    def reload(self, *, recount: bool = True) -> None:
        """Fill the list with the current view (or results) again."""

    def update_status(self) -> None:
        """Say on the title line what the list shows."""

    def set_class(self, add: bool, *class_names: str, update: bool = True) -> object:
        """Style the screen for searching (or not)."""

    def remember(self, key: str, value: str) -> None:
        """Keep the search for the next start."""

    def fit_list(self) -> None:
        """Size the list to the results it holds (a few results leave the article more room)."""


class Searching:
    """Runs queries as the user types and shows their results in the list."""

    def __init__(
        self, library: Library, article_list: ArticleList, box: SearchBox, host: SearchHost, date_format: str
    ) -> None:
        self.library = library
        self.list = article_list
        self.box = box
        self.host = host
        self.columns = Columns(dates=True, category_width=CATEGORY_MOST, date_format=date_format)
        self.query: Query | None = None
        self._saved_cursor: int | None = None

    @property
    def open(self) -> bool:
        """True from "/" until Esc (or a change of view)."""
        return self._saved_cursor is not None

    def begin(self) -> None:
        """Open an empty search box; the list's place is kept to be put back on Esc."""
        if self._saved_cursor is None:
            self._saved_cursor = self.list.cursor
        self.host.set_class(True, "searching")
        self.box.open()
        self.host.fit_list()

    def run(self, text: str) -> None:
        """Results replace the list; a malformed query is explained under the box."""
        try:
            query = parse_query(text)
        except QueryError as error:
            self.box.show_error(str(error))
            return
        self.box.show_error("")
        self.host.remember("search", text)
        if query.is_empty():
            if self.query is not None:
                self.query = None
                self.host.reload(recount=False)
        elif query != self.query:
            self.show(query)

    def show(self, query: Query) -> None:
        """Fill the list with a query's results, best first."""
        self.query = query
        rows = self.library.results(query, limit=SEARCH_LIMIT)
        self.list.show_results(rows, columns=self.columns, empty="Nothing found")
        self.host.update_status()
        self.host.fit_list()

    def end(self) -> None:
        """Close the search and put the list back, the cursor on the open article (else where it was)."""
        saved = self._saved_cursor
        if saved is None:
            return
        self.close()
        self.host.reload(recount=False)
        found = self.list.position_of(self.list.open_id)
        self.list.move_to(found if found is not None else saved)
        self.list.focus()

    def close(self) -> None:
        """Forget the search (the list is refilled by whoever closes it)."""
        self.host.set_class(False, "searching")
        self.box.close()
        self.host.fit_list()
        self.query = None
        self._saved_cursor = None
        self.host.remember("search", "")

    def words(self) -> list[str]:
        """The words the search matches in text (to mark them in an article opened from it)."""
        return self.query.highlight_words("text") if self.query is not None else []

    def capped(self) -> bool:
        """True when there were more results than the list holds."""
        return self.query is not None and len(self.list) >= SEARCH_LIMIT
