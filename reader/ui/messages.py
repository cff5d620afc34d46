"""What the app tells the main screen about the folder, and what the palette asks of it."""

from __future__ import annotations

from textual.message import Message

from reader.library import Changes
from reader.ui.category_tree import View


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
