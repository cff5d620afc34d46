"""Keeping the index in step with a live folder: one sync at a time, loops that never die."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from reader import live
from reader.library import Changes, Library
from reader.live import FolderSync, FolderWatch, SyncQueue, SyncRequest
from reader.watcher import POLL_SECONDS, UndecodableName, poll_seconds

from conftest import write


class Recorder:
    """A SyncListener that remembers what it heard."""

    def __init__(self) -> None:
        self.done: list[tuple[Changes, bool]] = []
        self.failures: list[tuple[str, str]] = []
        self.changes: list[frozenset[str]] = []

    def progressed(self, done: int, total: int, rate: float) -> None:
        pass

    def synced(self, changes: Changes, full: bool) -> None:
        self.done.append((changes, full))

    def failed(self, what: str, error: Exception) -> None:
        self.failures.append((what, str(error)))

    def changed(self, paths: frozenset[str]) -> None:
        self.changes.append(paths)

    def watching(self) -> None:
        self.changes.append(frozenset({"<watching>"}))


def md(title: str) -> str:
    return f"---\ntitle: {title}\n---\nBody.\n"


def test_requests_merge_while_waiting_and_say_when_a_thread_must_start() -> None:
    queue = SyncQueue()
    assert queue.request_paths({"a"}) is True  # nobody is taking: start a thread
    assert queue.request_paths({"b"}) is False  # one is (about to be) running
    assert queue.take() == SyncRequest(False, frozenset({"a", "b"}))
    assert queue.request_paths({"c"}) is False
    assert queue.request_full() is False
    assert queue.take() == SyncRequest(True)  # a full walk covers the paths
    assert queue.take() is None  # empty: the thread ends...
    assert queue.request_full() is True  # ...so the next request starts one again


def test_a_failed_sync_is_reported_and_retried_with_a_full_walk(tmp_path: Path) -> None:
    write(tmp_path, "a.md", md("A"))
    library = Library.open(tmp_path, sync=False)
    recorder = Recorder()
    calls = {"n": 0}
    real_sync = library.sync

    def flaky(*args: object, **kwargs: object) -> Changes:
        calls["n"] += 1
        if calls["n"] == 1:
            raise sqlite3.OperationalError("database is locked")
        return real_sync(*args, **kwargs)  # type: ignore[arg-type]

    library.sync = flaky  # type: ignore[method-assign]
    queue = SyncQueue()
    queue.request_full()
    FolderSync(library, recorder, retry=(0.01,)).run(queue, threading.Event())
    assert recorder.failures == [("Updating the index", "database is locked")]
    assert [(c.added, full) for c, full in recorder.done] == [(("a",), True)]
    assert queue.take() is None


def test_a_sync_cut_short_by_closing_is_no_failure(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Closing stops the sync and closes the index under it: that is not reported, nor retried."""
    write(tmp_path, "a.md", md("A"))
    library = Library.open(tmp_path, sync=False)
    recorder = Recorder()
    stop = threading.Event()

    def closed_under_it(*args: object, **kwargs: object) -> Changes:
        stop.set()
        raise sqlite3.ProgrammingError("Cannot operate on a closed database.")

    library.sync = closed_under_it  # type: ignore[method-assign]
    queue = SyncQueue()
    queue.request_full()
    FolderSync(library, recorder, retry=(0.01,)).run(queue, stop)
    assert recorder.failures == [] and recorder.done == []
    assert "updating the index failed" not in caplog.text
    assert queue.take() is None  # no full walk asked for again


def test_the_watch_starts_again_after_it_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder()
    stop = threading.Event()
    attempts = {"n": 0}

    def watch(root: Path, stop_event: threading.Event, **options: Any) -> object:
        attempts["n"] += 1
        if attempts["n"] == 1:
            raise OSError("the folder was removed")
        options["ready"]()
        yield {str(root / "b.md")}
        stop.set()

    monkeypatch.setattr(live, "watch_folder", watch)
    FolderWatch(tmp_path, recorder, retry=(0.01,)).run(stop)
    assert recorder.failures == [("Watching the folder", "the folder was removed")]
    # Back in place: it says so (the reader then walks the folder to catch up), then the change.
    assert recorder.changes == [frozenset({"<watching>"}), frozenset({str(tmp_path / "b.md")})]


def test_a_name_the_native_watch_cannot_pass_on_turns_the_watch_to_looking_without_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorder()
    stop = threading.Event()
    asked: list[float | None] = []

    def watch(root: Path, stop_event: threading.Event, **options: Any) -> object:
        asked.append(options["poll_every"])
        if len(asked) == 1:
            raise UndecodableName("a name in the folder is not UTF-8 text")  # natively: at once
        options["ready"]()
        yield {str(root / f"b{len(asked)}.md")}
        if len(asked) == 2:
            raise UndecodableName("a name in the folder is not UTF-8 text")  # such a name changed
        stop.set()

    monkeypatch.setattr(live, "watch_folder", watch)
    FolderWatch(tmp_path, recorder, retry=(0.01,), poll_every=lambda: 7.5).run(stop)
    assert asked == [None, 7.5, 7.5]  # natively first, then by looking, every time after
    assert recorder.failures == []  # nothing for the reader to say: changes keep coming
    watching, b2, b3 = (
        frozenset({"<watching>"}),
        frozenset({str(tmp_path / "b2.md")}),
        frozenset({str(tmp_path / "b3.md")}),
    )
    assert recorder.changes == [watching, b2, watching, b3]  # each start catches up with a walk


def test_such_a_name_that_goes_on_changing_restarts_the_look_ever_more_slowly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorder()
    waits: list[float] = []

    class Stop(threading.Event):
        def wait(self, timeout: float | None = None) -> bool:
            waits.append(timeout or 0.0)
            if len(waits) == 4:
                self.set()
            return self.is_set()

    def watch(root: Path, stop_event: threading.Event, **options: Any) -> object:
        raise UndecodableName("a name in the folder is not UTF-8 text")
        yield  # a generator, as the real watch is

    monkeypatch.setattr(live, "watch_folder", watch)
    FolderWatch(tmp_path, recorder, retry=(1.0, 2.0, 5.0), poll_every=lambda: 2.0).run(Stop())
    assert waits == [1.0, 2.0, 5.0, 5.0]  # the first failure turns to looking at once, with no pause
    assert recorder.failures == []


def test_a_folder_is_looked_at_less_often_the_more_files_it_holds() -> None:
    assert poll_seconds(0) == poll_seconds(10_000) == POLL_SECONDS
    assert poll_seconds(100_000) == 10.0 and poll_seconds(1_000_000) == 100.0


def test_a_watch_that_ends_by_itself_is_started_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorder()
    stop = threading.Event()
    attempts = {"n": 0}

    def watch(root: Path, stop_event: threading.Event, **options: Any) -> object:
        attempts["n"] += 1
        if attempts["n"] == 2:
            stop.set()
        return iter(())

    monkeypatch.setattr(live, "watch_folder", watch)
    FolderWatch(tmp_path, recorder, retry=(0.01,)).run(stop)
    assert attempts["n"] == 2 and recorder.failures == [("Watching the folder", "the watch ended")]


def test_stopping_ends_a_long_first_sync_between_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.index.sync.BATCH", 5)
    for number in range(40):
        write(tmp_path, f"a{number}.md", md(f"A{number}"))
    library = Library.open(tmp_path, sync=False)
    stop = threading.Event()
    done: list[int] = []

    def progress(count: int, total: int) -> None:
        done.append(count)
        if count >= 10:
            stop.set()

    library.sync(progress, should_stop=stop.is_set)
    assert done == [5, 10] and len(library) == 10
