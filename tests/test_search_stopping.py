"""A search stopped from another thread: a query typed since makes the one under way useless."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.library import Library
from reader.query import SearchStopped


@pytest.fixture
def library(sample_dir: Path) -> Iterator[Library]:
    opened = Library.open(sample_dir)
    yield opened
    opened.close()


def test_a_search_stopped_from_another_thread_raises_and_the_next_one_runs(library: Library) -> None:
    running, released = threading.Event(), threading.Event()
    outcome: list[object] = []

    def hold() -> int:
        """Called by SQLite every few steps of the search: the first time, wait to be stopped."""
        if not running.is_set():
            running.set()
            released.wait(10)
        return 0

    def search_twice() -> None:
        db = library.index.connections.get()  # this thread's connection, as the search's
        db.set_progress_handler(hold, 50)
        try:
            outcome.append(library.search("ha noi", limit=10))
        except SearchStopped as stopped:
            outcome.append(stopped)
        db.set_progress_handler(None, 0)
        outcome.append(library.search("ha noi", limit=10))  # the same connection, not stopped

    thread = threading.Thread(target=search_twice)
    thread.start()
    assert running.wait(10)
    library.stop_searches()
    released.set()
    thread.join(10)
    assert isinstance(outcome[0], SearchStopped)
    assert outcome[1] == library.search("ha noi", limit=10) and len(outcome[1]) >= 2  # type: ignore[arg-type]


def test_stopping_when_no_search_runs_stops_nothing_later(library: Library) -> None:
    expected = library.search("ha noi", limit=10)
    library.stop_searches()
    assert library.search("ha noi", limit=10) == expected

    found: list[list[int]] = []
    thread = threading.Thread(target=lambda: found.append(library.search("ha noi", limit=10)))
    library.stop_searches()
    thread.start()
    thread.join(10)
    assert found == [expected]
