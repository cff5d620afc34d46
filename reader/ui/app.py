"""The Newsdesk application: loads the folder in a worker, watches it, hosts the screen."""

from __future__ import annotations

import asyncio
import gc
import os
import shlex
import subprocess
import threading
import time
from pathlib import Path

from textual import events, work
from textual.app import App, SuspendNotSupported
from textual.command import Provider
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from reader.index.sync import real_streams
from reader.library import Changes, Library
from reader.model import Article
from reader.scan import locate
from reader.state import ReadState
from reader.ui.main_screen import MainScreen
from reader.ui.watcher import watch_folder
from reader.ui.words import plural


class IndexProgressed(Message):
    """Files were indexed; `done` of `total`, at `rate` files per second."""

    def __init__(self, done: int, total: int, rate: float) -> None:
        super().__init__()
        self.done, self.total, self.rate = done, total, rate


class LibraryLoaded(Message):
    """The index has caught up with the folder."""


class FolderChanged(Message):
    """Files were added, changed or removed on disk and the library has been updated."""

    def __init__(self, changes: Changes) -> None:
        super().__init__()
        self.changes = changes


class NewsdeskApp(App[int]):
    """A terminal reader for a folder of articles."""

    CSS_PATH = "newsdesk.tcss"
    TITLE = "Newsdesk"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 - declared so by App
    COMMANDS = App.COMMANDS | {lambda: _provider("ArticleCommands"), lambda: _provider("CategoryCommands")}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, root: Path, *, state: ReadState, watch: bool = True) -> None:
        super().__init__()
        self.root = root
        self.state = state
        self.library = Library(root, state=state.path)
        self.watch_enabled = watch
        self.loaded = asyncio.Event()
        self.changes_applied = asyncio.Event()
        self.unreadable = 0
        self._stop_watching = threading.Event()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notices often quote file names and text from articles: never read them as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    @property
    def main(self) -> MainScreen:
        """The main screen (whatever modal is on top of it)."""
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def on_mount(self) -> None:
        width_class = next(
            name for edge, name in reversed(self.HORIZONTAL_BREAKPOINTS) if self.size.width >= edge
        )
        self.push_screen(MainScreen(classes=width_class))  # styled for its width from the start
        if self.state.notice:
            self.notify(self.state.notice, severity="warning", timeout=10)

    @work(thread=True, exclusive=True, group="load", name="read folder", exit_on_error=False)
    def load_folder(self) -> None:
        """Bring the index up to date with the folder, reporting progress."""
        started = time.perf_counter()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.perf_counter()
            if now - last[0] >= 0.25 or done == total:
                last[0] = now
                self.post_message(IndexProgressed(done, total, done / max(now - started, 1e-6)))

        self.library.sync(progress)
        self.post_message(LibraryLoaded())

    def on_index_progressed(self, message: IndexProgressed) -> None:
        self.main.show_progress(message.done, message.total, message.rate)
        if message.done < message.total:
            self.main.reload()

    async def on_library_loaded(self, message: LibraryLoaded) -> None:
        self.main.show_progress(0, 0, 0)
        self.main.reload()
        gc.freeze()  # what is loaded by now lives long: keep the collector from rescanning it
        self.report_unreadable()
        self.loaded.set()
        if self.watch_enabled:
            self.watch_files()

    @work(thread=True, exclusive=True, group="watch", name="watch folder", exit_on_error=False)
    def watch_files(self) -> None:
        """Rescan when files change, until the app exits."""
        for batch in watch_folder(self.root, self._stop_watching):
            self.post_message(FolderChanged(self.library.sync_changed(batch)))

    async def on_folder_changed(self, message: FolderChanged) -> None:
        changes = message.changes
        await self.main.apply_changes(changes)
        if changes:
            self.notify(describe_changes(changes), timeout=4)
        self.report_unreadable()
        self.changes_applied.set()

    def report_unreadable(self) -> None:
        """Say so when (more) files cannot be read; the details are on the problems screen."""
        count = self.library.unreadable_count()
        if count > self.unreadable:
            self.notify(f"{plural(count, 'file')} could not be read; press ! to see why.", severity="warning")
        self.unreadable = count

    async def edit_article(self, article: Article) -> None:
        """Open the article's file in $VISUAL or $EDITOR, then show it again."""
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        path = locate(self.root, article.path)
        if path is None:
            self.notify(f"The file {article.path} is no longer in the folder.", severity="warning")
            return
        try:
            with self.suspend():
                subprocess.call([*shlex.split(editor), str(path)])
        except SuspendNotSupported:
            self.notify("The editor cannot be started here.", severity="warning")
            return
        except OSError as error:
            self.notify(f"Could not start {editor}: {error.strerror}", severity="error")
            return
        self.rescan()

    @work(thread=True, exclusive=True, group="load", name="rescan folder", exit_on_error=False)
    def rescan(self) -> None:
        """Pick up edits at once, without waiting for the watcher."""
        changes = self.library.sync()
        if changes:
            self.post_message(FolderChanged(changes))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Every worker failure ends up here, as a message to the user."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(f"{event.worker.name} failed: {error}", severity="error", timeout=10)

    async def on_event(self, event: events.Event) -> None:
        """Let the search box have keys typed faster than focus moves to it."""
        screen = self.screen if self.screen_stack else None
        if isinstance(event, events.Key) and isinstance(screen, MainScreen) and screen.take_typed_key(event):
            return
        await super().on_event(event)

    def on_unmount(self) -> None:
        self._stop_watching.set()
        self.state.close()
        self.library.close()


def _provider(name: str) -> type[Provider]:
    """Command palette providers, imported when the palette first opens."""
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


def create_app(root: Path, *, watch: bool = True, state: ReadState | None = None) -> NewsdeskApp:
    """The one way to build the app, shared by the command line and the tests."""
    return NewsdeskApp(root, state=state or ReadState.for_folder(root), watch=watch)


def run_app(root: Path) -> int:
    """Run the reader on a folder until the user quits."""
    real_streams()  # before the app takes stderr over (see real_streams)
    app = create_app(root)
    app.run()
    return app.return_code or 0
