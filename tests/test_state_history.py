"""Read/starred state on disk, and browser-style history."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

from reader.history import History
from reader.paths import data_dir, folder_key
from reader.state import ReadState

from conftest import marked


def test_marks_are_written_at_once_and_read_back(tmp_path: Path) -> None:
    state = ReadState(tmp_path / "s.sqlite3")
    state.set_mark("a", "read", True)
    state.set_mark("b", "starred", True)
    state.set_mark("c", "read", True)
    state.set_mark("c", "read", False)
    # Another connection sees the committed rows without the first one closing.
    rows = sqlite3.connect(tmp_path / "s.sqlite3").execute("SELECT id, read, starred FROM marks ORDER BY id")
    assert rows.fetchall() == [("a", 1, 0), ("b", 0, 1), ("c", 0, 0)]
    again = ReadState(tmp_path / "s.sqlite3")
    assert (again.is_read("a"), again.is_read("c"), again.is_starred("b"), again.is_starred("a")) == (
        True,
        False,
        True,
        False,
    )


def test_state_lives_in_the_data_dir_per_folder(tmp_path: Path, isolated_home: Path) -> None:
    state = ReadState.for_folder(tmp_path / "articles")
    assert state.path.is_relative_to(data_dir())
    assert data_dir() == isolated_home / "data"
    assert folder_key(tmp_path / "articles").startswith("articles-")
    assert folder_key(tmp_path / "articles") != folder_key(tmp_path / "other" / "articles")


def test_corrupt_state_file_is_moved_aside_and_the_user_told(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    state = ReadState(path)
    assert "moved to" in state.notice
    assert list(tmp_path.glob("s.sqlite3.corrupt-*"))
    state.set_mark("a", "read", True)
    assert ReadState(path).is_read("a")


def _mark_many(path: str, prefix: str) -> None:
    state = ReadState(Path(path))
    for number in range(50):
        state.set_mark(f"{prefix}{number}", "read", True)


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "s.sqlite3")
    ReadState(Path(path)).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_mark_many, args=(path, p)) for p in ("x", "y")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert len(marked(Path(path))) == 100


def test_history_back_forward_and_branching() -> None:
    history = History()
    history.open("a")
    history.open("b", scroll_y=12)
    history.open("c", scroll_y=3)
    back = history.back(scroll_y=7)
    assert back is not None and (back.article_id, back.scroll_y) == ("b", 3)
    back = history.back(scroll_y=4)
    assert back is not None and (back.article_id, back.scroll_y) == ("a", 12)
    assert history.back() is None
    forward = history.forward(scroll_y=1)
    assert forward is not None and (forward.article_id, forward.scroll_y) == ("b", 4)
    history.open("d")
    assert history.forward() is None
    assert [v.article_id for v in history.back_stack] == ["a", "b"]


def test_history_forgets_removed_articles() -> None:
    history = History()
    for article_id in "abcb":
        history.open(article_id)
    history.forget("b")
    assert [v.article_id for v in history.back_stack] == ["a", "c"]
