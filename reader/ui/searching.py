"""A search in progress: the query whose results the list shows, and the list to put back after.

A query typed is run in a thread, so that the box takes the next key at once, however
long a search takes (a common word at a million articles). A newer query stops the
search under way; a key that acts on the results (Enter, Down) waits for them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol

from textual.message import Message

from reader.index.records import Hit
from reader.index.rowsets import Rows
from reader.library import Library
from reader.query import Query, QueryError, SearchStopped, parse_query
from reader.ui.article_list import ArticleList
from reader.ui.list_rows import CATEGORY_MOST, Columns
from reader.ui.messages import ResultsFound
from reader.ui.search_box import SearchBox

SEARCH_LIMIT = 1000
FIRST_RESULTS = 60  # found first when there are more: a screenful of results at any height, and more


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

    def search_in_thread(self, find: Callable[[], None]) -> None:
        """Run a search away from the event loop (it posts ResultsFound when it ends)."""

    def post_message(self, message: Message) -> bool:
        """Hand a message to the screen (from any thread)."""


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
        self.query: Query | None = None  # whose results the list shows
        self._asked: Query | None = None  # the last query asked for (its results may be on their way)
        self._asking = 0  # numbers the queries asked for: only the last one's results are shown
        self._saved_cursor: int | None = None
        self._filling: tuple[int, list[int]] | None = None  # (search, first results) shown; the rest coming

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

    @property
    def active(self) -> bool:
        """True while the list shows results, or results are on their way."""
        return self.query is not None or self._asked is not None

    def run(self, text: str, *, now: bool = False) -> None:
        """Search for what was typed, in a thread (or `now`); a malformed query is explained under the box."""
        try:
            query = parse_query(text)
        except QueryError as error:
            self.box.show_error(str(error))
            return
        self.box.show_error("")
        self.host.remember("search", text)
        if query == self._asked:
            if now:
                self.settle()
        elif query.is_empty():
            self._ask(None)
            if self.query is not None:
                self.query = None
                self.host.reload(recount=False)
        elif now:
            self.show(query)
        else:
            self._search_in_thread(query)

    def _ask(self, query: Query | None) -> None:
        """A new query replaces the last: the search under way is stopped, its results dropped."""
        self.library.stop_searches()
        self._asking += 1
        self._asked = query

    def _search_in_thread(self, query: Query) -> None:
        self._ask(query)
        self.host.search_in_thread(partial(self._find, self._asking, query))

    def _find(self, asked: int, query: Query) -> None:
        """In a thread: the row ids a query finds, or why it failed, for the screen (nothing once stopped).

        With many results, the first screenful is found and shown first, with the count: ranking
        a thousand of them can take several times as long (a common word at a million articles).
        """
        try:
            total = self.library.count_results(query, most=SEARCH_LIMIT)
            if total is not None and total > FIRST_RESULTS and asked == self._asking:
                first = self.library.search(query, limit=FIRST_RESULTS)
                self.host.post_message(ResultsFound(asked, query, first, total=total))
            if asked != self._asking:
                return  # typed over between two steps: the next one is not run
            found: list[int] | Exception = self.library.search(query, limit=SEARCH_LIMIT)
        except SearchStopped:
            return
        except Exception as error:  # said under the box by the screen, not lost with the thread
            found = error
        self.host.post_message(ResultsFound(asked, query, found))

    def found(self, message: ResultsFound) -> None:
        """A search in a thread found results: they are shown, unless another query was asked since.

        The rest of a search whose first results are on screen are added after them.
        """
        if message.asked != self._asking:
            return
        found = message.found
        if isinstance(found, Exception):
            self._fill(None)  # what was found first is all there is
            self.box.show_error(
                str(found) if isinstance(found, QueryError) else f"the search failed: {found}"
            )
        elif self._filling is not None and self._filling[0] == message.asked and message.complete:
            self._fill(found)
        else:
            self._show(message.query, self.library.result_rows(found, message.query, total=message.total))
            self._filling = None if message.complete else (message.asked, found)

    def _fill(self, found: list[int] | None) -> None:
        """The rest of the results on screen after the first (or, None, the first alone: the rest
        could not be found); the rows on screen and the cursor stay."""
        if self._filling is None or self.query is None:
            return
        first = self._filling[1]
        self._filling = None
        rows = found if found is not None else first
        same_start = rows[: len(first)] == first  # unless the index changed between the two
        self.list.complete_results(self.library.result_rows(rows, self.query), same_start=same_start)
        self.host.update_status()
        self.host.fit_list()

    def settle(self) -> None:
        """The results of the last query asked for, all on screen now (before a key acts on them)."""
        if self._asked is None:
            return
        if self._asked != self.query:
            self.show(self._asked)
        elif self._filling is not None:
            query = self._asked
            self._ask(query)  # the rest found here and now: the search in its thread is dropped
            try:
                found = self.library.search(query, limit=SEARCH_LIMIT)
            except QueryError:
                found = None
            self._fill(found)

    def show_again(self) -> None:
        """The last query asked for, searched again (the index changed): its results come in a thread."""
        if self._asked is not None:
            self._search_in_thread(self._asked)

    def show(self, query: Query) -> None:
        """Fill the list with a query's results, best first (found here and now)."""
        self._ask(query)
        try:
            rows = self.library.results(query, limit=SEARCH_LIMIT)
        except QueryError as error:
            self.box.show_error(str(error))
            return
        self._show(query, rows)

    def _show(self, query: Query, rows: Rows[Hit]) -> None:
        self.query = query
        self._filling = None
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
        self._ask(None)
        self.query = None
        self._filling = None
        self._saved_cursor = None
        self.host.remember("search", "")

    def words(self) -> list[str]:
        """The words the search matches in text (to mark them in an article opened from it)."""
        return self.query.highlight_words("text") if self.query is not None else []

    def capped(self) -> bool:
        """True when there were more results than the list holds."""
        return self.query is not None and len(self.list) >= SEARCH_LIMIT
