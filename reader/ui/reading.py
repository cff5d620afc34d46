"""Opening articles: from the list, by key, through related stories, back and forward; their marks."""

from __future__ import annotations

from typing import Protocol

from textual.app import App
from textual.message import Message
from textual.notifications import SeverityLevel

from reader.history import History
from reader.index.records import Summary
from reader.library import Changes, Library
from reader.model import NotFound
from reader.scan import locate
from reader.state import Mark, StateError
from reader.ui.article_list import ArticleList
from reader.ui.external import run_editor
from reader.ui.messages import SyncRequested
from reader.ui.reading_pane import ReadingPane

SCAN_CHUNK = 500


class ReadingHost(Protocol):
    """What opening articles needs of the screen: to say things, to recount, to ask for a sync."""

    @property
    def app(self) -> App[object]:
        """The running app (for the browser and the editor)."""
        ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
    ) -> None:
        """Show a short notice."""

    def marks_changed(self, article_id: str, read_delta: int) -> None:
        """A mark changed (read_delta: -1 read now, +1 unread now, 0 starred)."""

    def post_message(self, message: Message) -> bool:
        """Hand a message to the screen (it goes on up to the app)."""
        ...

    def remember(self, key: str, value: str) -> None:
        """Keep the open article for the next start."""


class Reading:
    """Which article is open, where the reader came from, and the marks the reader sets."""

    def __init__(
        self,
        library: Library,
        article_list: ArticleList,
        pane: ReadingPane,
        host: ReadingHost,
        *,
        mark_read_on_open: bool = True,
    ) -> None:
        self.library = library
        self.list = article_list
        self.pane = pane
        self.host = host
        self.mark_read_on_open = mark_read_on_open
        self.history = History()

    @property
    def open_id(self) -> str | None:
        """The article in the reading pane."""
        return self.pane.article.id if self.pane.article else None

    def open(
        self,
        article_id: str,
        *,
        scroll_y: float = 0.0,
        record: bool = True,
        highlight: list[str] | None = None,
    ) -> None:
        """Show an article, mark it read, and remember where the reader came from."""
        try:
            article = self.library.get(article_id)
        except NotFound:
            self.host.notify(f"That article is no longer in the folder ({article_id}).", severity="warning")
            return
        if record:
            self.history.open(article.id, self.pane.scroll_y)
        unread = not self.library.is_read(article.id)
        if self.mark_read_on_open and unread and self.save_mark(article.id, "read", True):
            self.host.marks_changed(article.id, -1)
        related = self.library.all_related(article)
        problem = self.library.file_problem(article.id)
        copies = self.library.copies_of(article.id)
        self.pane.show(article, related, scroll_y, problem=problem, highlight=highlight, copies=copies)
        self.list.mark_open(article.id)
        index = self.list.position_of(article.id)
        if index is not None:
            self.list.move_to(index)
        self.list.refresh_rows()
        self.host.remember("open", article.id)

    def step(self, step: int) -> None:
        """Open the next (or previous) article of the list."""
        if not len(self.list):
            return
        current = self.list.position_of(self.open_id)
        if current is None:
            current = self.list.cursor if self.open_id is not None else self.list.cursor - step
        row = self.list.summary_at(current + step)
        if row is None:
            self.host.notify("No more articles in this list.", timeout=2)
        else:
            self.open(row.id)

    def next_unread(self) -> None:
        """Open the next unread article of the list, going round to the top."""
        start = self.list.position_of(self.open_id)
        start = -1 if start is None else start
        total = len(self.list)
        for begin in range(start + 1, start + 1 + total, SCAN_CHUNK):
            for row in self._rows(begin, min(begin + SCAN_CHUNK, start + 1 + total), total):
                if row is not None and not row.read:
                    self.open(row.id)
                    return
        self.host.notify("No unread articles left here.", timeout=2)

    def _rows(self, begin: int, end: int, total: int) -> list[Summary | None]:
        """Rows [begin, end) of the list, counting on from the end to the top."""
        rows: list[Summary | None] = []
        for start in range(begin, end, SCAN_CHUNK):
            low, high = start % total, min(start % total + (end - start), total)
            rows += self.list.rows_between(low, high)
        return rows

    def target_id(self) -> str | None:
        """The article a mark applies to: the focused list row, else the open article."""
        if self.list.has_focus:
            return self.list.current_id
        return self.open_id or self.list.current_id

    def toggle(self, mark: Mark) -> tuple[str, bool] | None:
        """Mark read or unread, star or unstar, the target article; (its id, the new value), if done."""
        target = self.target_id()
        if target is None:
            return None
        now = not (self.library.is_read(target) if mark == "read" else self.library.is_starred(target))
        if not self.save_mark(target, mark, now):
            return None
        self.host.marks_changed(target, (-1 if now else 1) if mark == "read" else 0)
        return target, now

    def save_mark(self, article_id: str, mark: Mark, value: bool) -> bool:
        """Write a mark; if the marks file is busy or read-only, say so and go on."""
        try:
            (self.library.set_read if mark == "read" else self.library.set_starred)(article_id, value)
        except (StateError, NotFound) as error:
            self.host.notify(str(error), severity="error", timeout=6)
            return False
        return True

    def open_source(self) -> None:
        """Open the article's source URL in the browser."""
        article = self.pane.article
        if article is None or not article.source:
            self.host.notify("This article has no source URL.", timeout=3)
        else:
            self.open_url(article.source, announce=True)

    def follow(self, href: str) -> None:
        """Follow a link of the open article: into the folder when it leads there, else to the browser."""
        article = self.pane.article
        target = self.library.resolve_link(article, href) if article is not None else None
        if target is not None:
            self.open(target)
        else:
            self.open_url(href, announce=True)

    def open_url(self, url: str, *, announce: bool = False) -> None:
        """Open an http(s) URL in the browser; anything else is refused."""
        if not url.lower().startswith(("http://", "https://")):
            self.host.notify("Only http and https links are opened.", severity="warning")
            return
        if announce:
            self.host.notify(f"Opening {url}", timeout=3)
        self.host.app.open_url(url)

    def edit(self) -> None:
        """Edit the open article's file, then read it again at once."""
        article = self.pane.article
        if article is None:
            return
        path = locate(self.library.root, article.path)
        if path is None:
            self.host.notify(f"The file {article.path} is no longer in the folder.", severity="warning")
            return
        problem = run_editor(self.host.app, path)
        if problem:
            self.host.notify(problem, severity="error")
        else:
            self.host.post_message(SyncRequested(frozenset({str(path)})))

    def open_related(self, number: int) -> None:
        """Open related story N."""
        related = self.pane.related
        if number > len(related):
            self.host.notify(f"There is no related story {number}.", timeout=2)
        elif related[number - 1].id is None:
            self.host.notify("That story is not in this folder.", timeout=3)
        else:
            self.open(related[number - 1].id or "")

    def back(self) -> None:
        """Back to the article read before."""
        visit = self.history.back(self.pane.scroll_y)
        if visit is None:
            self.host.notify("Nothing to go back to.", timeout=2)
        else:
            self.open(visit.article_id, scroll_y=visit.scroll_y, record=False)

    def forward(self) -> None:
        """Forward again after going back."""
        visit = self.history.forward(self.pane.scroll_y)
        if visit is None:
            self.host.notify("Nothing to go forward to.", timeout=2)
        else:
            self.open(visit.article_id, scroll_y=visit.scroll_y, record=False)

    def apply_changes(self, changes: Changes) -> None:
        """The open article's file changed or went away: show it again, or say so."""
        open_id = self.open_id
        if open_id is None:
            return
        if open_id in changes.removed:
            self.history.forget(open_id)
            self.list.mark_open(None)
            self.pane.show_message("This article's file was removed from the folder.")
        elif open_id in changes.changed:
            article = self.library.get(open_id)
            self.pane.show(
                article,
                self.library.all_related(article),
                self.pane.scroll_y,
                problem=self.library.file_problem(open_id),
                copies=self.library.copies_of(open_id),
            )
