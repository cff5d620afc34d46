"""What the app tells the main screen about the folder, and what the palette asks of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from reader.library import Changes
from reader.query import Query
from reader.ui.category_tree import View

if TYPE_CHECKING:
    from reader.feeds.fetching import FeedReport


class IndexProgressed(Message):
    """Files were indexed during a long sync: `done` of `total`, at `rate` files per second."""

    def __init__(self, done: int, total: int, rate: float) -> None:
        super().__init__()
        self.done, self.total, self.rate = done, total, rate


class FolderSynced(Message):
    """The index has caught up with the folder (a full walk) or with some changed files."""

    def __init__(self, changes: Changes, *, full: bool) -> None:
        super().__init__()
        self.changes = changes
        self.full = full


class SyncFailed(Message):
    """Updating the index or watching the folder failed; it is being retried."""

    def __init__(self, what: str, error: Exception) -> None:
        super().__init__()
        self.what = what
        self.error = error


class SyncRequested(Message):
    """The screen asks for files to be looked at again now (after an edit, say)."""

    def __init__(self, paths: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.paths = paths


class ResultsFound(Message):
    """A search run in a thread found its results (row ids, best first), or why it could not be run.

    `asked` numbers the searches asked for, so that the results of one typed over are dropped.
    `total` is set when `found` holds only the first of that many: the rest follow in a second
    message for the same search.
    """

    def __init__(
        self, asked: int, query: Query, found: list[int] | Exception, *, total: int | None = None
    ) -> None:
        super().__init__()
        self.asked = asked
        self.query = query
        self.found = found
        self.total = total

    @property
    def complete(self) -> bool:
        """True when these are all the results (or the search failed)."""
        return self.total is None


class ArticleChosen(Message):
    """An article was chosen outside the list (the command palette)."""

    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article_id = article_id


class ViewChosen(Message):
    """A view was chosen outside the tree (the command palette, the category picker)."""

    def __init__(self, view: View) -> None:
        super().__init__()
        self.view = view


class FeedsProgressed(Message):
    """Feeds are being fetched: `done` of `total`, the last one being `name`."""

    def __init__(self, done: int, total: int, name: str) -> None:
        super().__init__()
        self.done, self.total, self.name = done, total, name


class FeedsFetched(Message):
    """A fetch of the feeds ended: what each feed did, or why the fetch could not run."""

    def __init__(
        self,
        reports: list[FeedReport],
        *,
        problem: str = "",
        background: bool = False,
        no_feeds: bool = False,
    ) -> None:
        super().__init__()
        self.reports = reports
        self.problem = problem
        self.background = background
        self.no_feeds = no_feeds
