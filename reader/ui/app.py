"""The Newsdesk application: hosts the main screen and runs the folder's sync and watch threads."""

from __future__ import annotations

import logging
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

from textual import work
from textual.app import App
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from reader.config import Config, ConfigProblem, load_config
from reader.garbage import collect_again
from reader.library import Changes, Library
from reader.live import SETTLE_SECONDS, WATCHING, FolderSync, FolderWatch, SyncQueue
from reader.model import NewsdeskError
from reader.paths import cache_dir
from reader.preferences import Preferences
from reader.ui.external import start_browser
from reader.ui.main_screen import MainScreen, layout_class
from reader.ui.messages import FolderSynced, IndexProgressed, SyncFailed, SyncRequested
from reader.ui.strips import free_strips
from reader.watcher import poll_seconds

RESTART_SECONDS = 2.0
LOOK_SECONDS = 0.5  # how often the reader looks for marks changed by another program, and mended files
# The first walk waits this long at most for the watch to be in place: a walk begun before
# it is followed by a second one once it is (a million-file folder: 25 s each), and putting
# the watch on such a folder takes seconds. A watch that fails starts the walk at once.
WATCH_START_SECONDS = 10.0


class FirstWalk(Message):
    """Walk the folder now if it has not been walked yet."""


class SyncLater(Message):
    """Files that could not be read while they were being written: look at them again later."""

    def __init__(self, paths: frozenset[str]) -> None:
        super().__init__()
        self.paths = paths


class NewsdeskApp(App[int]):
    """A terminal reader for a folder of articles."""

    CSS_PATH = "newsdesk.tcss"
    TITLE = "Newsdesk"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 - declared so by App
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        library: Library,
        *,
        config: Config | None = None,
        problems: list[ConfigProblem] | None = None,
        preferences: Preferences | None = None,
        watch: bool = True,
    ) -> None:
        super().__init__()
        self.library = library
        self.config = config or Config()
        self.config_problems = problems or []
        self.preferences = preferences or Preferences()
        self.watch_enabled = watch
        self._remember_theme = False
        self.sync_queue = SyncQueue()
        self._stopping = threading.Event()
        self._walked = False

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

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Open a URL in a browser without ever freezing the reader; say so if none can be started."""
        problem = start_browser(self, url, self.config.browser or None)
        if problem:
            self.notify(problem, severity="warning", timeout=6)

    @property
    def main(self) -> MainScreen:
        """The main screen (whatever modal is on top of it)."""
        return self._main

    def get_default_screen(self) -> MainScreen:
        """The main screen is the first screen (no blank screen is made, laid out and resumed before it)."""
        width_class = next(
            name for edge, name in reversed(self.HORIZONTAL_BREAKPOINTS) if self.size.width >= edge
        )
        self._apply_settings()  # the theme before any styling: a later change restyles everything
        layout = layout_class(self.config.layout, self.size.width)
        self._main = MainScreen(self.library, self.config, classes=f"{width_class} {layout}")  # styled once
        return self._main

    def on_mount(self) -> None:
        for notice in self.library.notices:
            self.notify(notice, severity="warning", timeout=10)
        self.call_after_refresh(self._first_painted)
        self.set_interval(LOOK_SECONDS, self.look_around)

    def _first_painted(self) -> None:
        """The first paint comes before any disk work, and before any collection of garbage."""
        # What was made so far lives as long as the reader (see reader.garbage).
        collect_again(more_to_keep=True)
        self.start_syncing()

    def _apply_settings(self) -> None:
        """The theme (the last one chosen, else the config's), the keys, and what was wrong in the config."""
        theme = self.preferences.get("theme") or self.config.theme
        if theme in self.available_themes:
            self.theme = theme
        else:
            self.notify(f"There is no theme {theme!r}; using {self.theme}.", severity="warning", timeout=8)
        self.set_keymap(self.config.keys)
        if self.config_problems:
            first = self.config_problems[0]
            more = f" (and {len(self.config_problems) - 1} more)" if len(self.config_problems) > 1 else ""
            self.notify(
                f"{first}{more}. The other settings are in use; `newsdesk config check` lists every problem.",
                severity="warning",
                timeout=12,
            )
        self._remember_theme = True

    def watch_theme(self, theme: str) -> None:
        """A theme chosen in the palette is remembered for the next start."""
        if self._remember_theme:
            self.preferences.set("theme", theme)

    def start_syncing(self) -> None:
        """Watch the folder (first, so nothing is missed), then catch the index up with it."""
        if self.watch_enabled:
            self.watch_folder()  # `watching` asks for the first walk once the watch is in place
            self.set_timer(WATCH_START_SECONDS, self._first_walk)
        else:
            self._first_walk()

    def _first_walk(self) -> None:
        if not self._walked:
            self._walked = True
            self.post_message(SyncRequested())

    @work(thread=True, exclusive=True, group="watch", name="watch folder", exit_on_error=False)
    def watch_folder(self) -> None:
        """Report file changes until the app exits."""
        watch = FolderWatch(
            self.library.root,
            self,
            quiet=self.config.quiet_seconds,
            poll_every=lambda: poll_seconds(len(self.library)),  # if it must be watched by looking at it
        )
        watch.run(self._stopping)

    @work(thread=True, group="sync", name="update index", exit_on_error=False)
    def run_syncs(self) -> None:
        """Carry out sync requests, one at a time, until none are left."""
        FolderSync(self.library, self).run(self.sync_queue, self._stopping)

    # What the sync thread reports (called from that thread) ------------------------------

    def progressed(self, done: int, total: int, rate: float) -> None:
        """Files indexed so far in a long sync."""
        self.main.post_message(IndexProgressed(done, total, rate))

    def synced(self, changes: Changes, full: bool) -> None:
        """A sync request was carried out."""
        self.main.post_message(FolderSynced(changes, full=full))
        if changes.deferred:
            self.post_message(SyncLater(frozenset(changes.deferred)))

    def failed(self, what: str, error: Exception) -> None:
        """A sync or the watch failed; it is being retried."""
        self.main.post_message(SyncFailed(what, error))
        if what == WATCHING and not self._walked:
            self.post_message(FirstWalk())  # no waiting for a watch that is not coming

    def changed(self, paths: frozenset[str]) -> None:
        """Files changed on disk: ask for them to be read."""
        self.post_message(SyncRequested(paths))

    def watching(self) -> None:
        """The watch is in place (again): walk the folder to catch up."""
        self.post_message(SyncRequested())

    def look_around(self) -> None:
        """Show marks another program changed, and catch up after a damaged file was replaced."""
        mended = self.library.mending.take()
        for item in mended:
            self.notify(item.notice, severity="warning", timeout=10)
        if any(item.rebuilt for item in mended):
            self.main.synced = False  # filled again as at start-up, with its progress line
            self.post_message(SyncRequested())
        try:
            changed = self.library.marks_changed_elsewhere()
        except NewsdeskError as error:
            self.notify(str(error), severity="error", timeout=6)
            return
        if changed or mended:
            self.main.marks_redrawn()
        elif self.library.index_written_since():
            self.main.index_written()

    def on_first_walk(self, message: FirstWalk) -> None:
        self._first_walk()

    def on_sync_later(self, message: SyncLater) -> None:
        self.set_timer(SETTLE_SECONDS, lambda: self.post_message(SyncRequested(message.paths)))

    def on_sync_requested(self, message: SyncRequested) -> None:
        """Queue the request; start the sync thread when none is running."""
        if not message.paths:
            self._walked = True
        queue = self.sync_queue
        if (
            queue.request_paths(message.paths) if message.paths else queue.request_full()
        ) and not self._stopping.is_set():
            self.run_syncs()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A loop that died anyway is reported and started again; any other failed worker is reported."""
        if event.state != WorkerState.ERROR or self._stopping.is_set():
            return
        if event.worker.group not in ("watch", "sync"):
            self.notify(f"{event.worker.name} failed: {event.worker.error}", severity="error")
            return
        self.notify(f"{event.worker.name} failed: {event.worker.error}; starting again.", severity="error")
        if event.worker.group == "watch":
            self.set_timer(RESTART_SECONDS, self.watch_folder)
        else:
            self.sync_queue = SyncQueue()  # the thread that was taking from it is gone
        self.set_timer(RESTART_SECONDS, lambda: self.post_message(SyncRequested()))

    def on_unmount(self) -> None:
        self._stopping.set()
        self.library.close()


def create_app(root: Path, *, watch: bool = True) -> NewsdeskApp:
    """The one way to build the app, shared by the command line and the tests."""
    free_strips()  # see reader.ui.strips
    config, problems = load_config()
    library = Library.open(root, sync=False, temporary_ok=True)  # the reader reads even with no place to keep
    return NewsdeskApp(library, config=config, problems=problems, watch=watch)


def start_log() -> None:
    """Errors the reader recovers from go to a small log in the cache folder, never to the screen."""
    logger = logging.getLogger("newsdesk")
    logger.propagate = False  # Python's last-resort handler would write over the screen
    try:
        path = cache_dir() / "newsdesk.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=2, encoding="utf-8")
    except OSError:
        logger.addHandler(logging.NullHandler())
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def run_app(root: Path) -> int:
    """Run the reader on a folder until the user quits."""
    start_log()
    app = create_app(root)
    app.run()
    return app.return_code or 0
