"""A search stopped from another thread: a query typed since makes the one under way useless."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import reader.index.search as search_module
from reader.index.search import Searcher
from reader.library import Library
from reader.query import SearchStopped


@pytest.fixture
def library(sample_dir: Path) -> Iterator[Library]:
    opened = Library.open(sample_dir)
    yield opened
    opened.close()


def held(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> tuple[threading.Event, threading.Event]:
    """The first call of `owner.name` in another thread (a search's) waits there to be released.

    Returns (reached, release): set when the search waits; set by the test.
    """
    reached, release = threading.Event(), threading.Event()
    real = getattr(owner, name)

    def waiting(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is not threading.main_thread() and not reached.is_set():
            reached.set()
            release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, staticmethod(waiting) if isinstance(owner, type) else waiting)
    monkeypatch.setattr(search_module, "STOP_CHECK_STEPS", 1)  # the sample's statements are short
    return reached, release


def held_inside_a_statement(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """A search waits the first time SQLite asks it whether to go on."""
    return held(monkeypatch, Searcher, "_stopped")


def held_between_statements(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """A search waits once its plan's statements have run, before its ranking's begins."""
    return held(monkeypatch, search_module, "_words_alone")


def test_a_search_stopped_from_another_thread_raises_and_the_next_one_runs(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    running, release = held_inside_a_statement(monkeypatch)
    thread, outcome = searching_in_thread(library, times=2)  # the same thread and connection twice
    assert running.wait(10)
    library.stop_searches()
    release.set()
    thread.join(10)
    assert isinstance(outcome[0], SearchStopped)
    assert outcome[1] == library.search("ha noi", limit=10) and len(outcome[1]) >= 2  # type: ignore[arg-type]


def searching_in_thread(library: Library, times: int = 1) -> tuple[threading.Thread, list[object]]:
    """Searches for "ha noi" made one after another in another thread; their row ids, or
    SearchStopped, go in the list."""
    outcome: list[object] = []

    def search() -> None:
        for _ in range(times):
            try:
                outcome.append(library.search("ha noi", limit=10))
            except SearchStopped as error:
                outcome.append(error)

    thread = threading.Thread(target=search)
    thread.start()
    return thread, outcome


def test_a_stop_between_two_statements_of_a_search_is_not_lost(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    planned, release = held_between_statements(monkeypatch)
    thread, outcome = searching_in_thread(library)
    assert planned.wait(10)
    library.stop_searches()
    release.set()
    thread.join(10)
    assert isinstance(outcome[0], SearchStopped)
    assert len(library.search("ha noi", limit=10)) >= 2  # a search begun after the stop runs


def test_closing_stops_the_search_under_way_and_waits_for_it(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closed between two of its statements, the search must not start the next on a closed connection."""
    library = Library.open(sample_dir)
    planned, release = held_between_statements(monkeypatch)
    thread, outcome = searching_in_thread(library)
    assert planned.wait(10)
    threading.Timer(0.3, release.set).start()  # the search goes on a moment after closing began
    library.close()
    assert outcome and isinstance(outcome[0], SearchStopped)  # it ended before the index was closed
    thread.join(10)
    with pytest.raises(SearchStopped):
        library.search("ha noi", limit=10)
