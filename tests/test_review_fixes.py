"""Regression tests for defects found in review."""

from __future__ import annotations

import os
import sqlite3
import threading
import unicodedata
from pathlib import Path

import pytest
from watchfiles import Change

from reader.cli import main
from reader.importer import write_new
from reader.library import Library
from reader.model import FolderError
from reader.query import QueryError, parse_query
from reader.scan import locate
from reader.state import ReadState, StateError
from reader.watcher import interesting, note_changes

from conftest import write


def md(title: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\n{extra}---\nBody about {title}.\n"


def test_or_followed_by_another_word_searches(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "a.md", md("Glacier climate"))
    write(tmp_path, "b.md", md("Mangrove climate"))
    write(tmp_path, "c.md", md("Glacier skiing"))
    library = Library.open(tmp_path)
    assert len(library.search("glacier OR mangrove climate")) == 2
    assert main(["search", "glacier", "OR", "mangrove", "climate", "-d", str(tmp_path)]) == 0
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("query", "positive", "negative"),
    [("NOT a b", '"b"', '"a"'), ("a -b c", '"a" AND "c"', '"b"'), ("a OR b c", '("a" OR "b") AND "c"', None)],
)
def test_not_and_or_bind_as_documented(query: str, positive: str, negative: str | None) -> None:
    parsed = parse_query(query)
    assert (parsed.positive_fts, parsed.negative_fts) == (positive, negative)


@pytest.mark.parametrize("query", ["NOT x OR y", "x OR NOT y", "a -b OR c"])
def test_or_with_a_negated_word_is_a_query_error(query: str) -> None:
    with pytest.raises(QueryError, match="OR cannot join"):
        parse_query(query)


def test_look_alike_file_names_do_not_break_the_index(tmp_path: Path) -> None:
    write(tmp_path, unicodedata.normalize("NFC", "café.md"), md("Composed"))
    write(tmp_path, unicodedata.normalize("NFD", "café.md"), md("Decomposed"))
    library = Library.open(tmp_path)
    assert len(library) == 1
    [problem] = [p for p in library.problems() if p.severity == "error"]
    assert "same name once Unicode is normalised" in problem.reason


def test_a_taken_fallback_id_gets_a_number(tmp_path: Path) -> None:
    write(tmp_path, "a.md", md("A", "id: c.md\n"))
    write(tmp_path, "b.md", md("B", "id: dup\n"))
    write(tmp_path, "c.md", md("C", "id: dup\n"))
    library = Library.open(tmp_path)
    assert sorted(a.id for a in library.articles()) == ["c.md", "c.md#2", "dup"]


def test_a_busy_marks_file_is_not_moved_aside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reader.state.BUSY_SECONDS", 0.5)
    path = tmp_path / "marks.sqlite3"
    state = ReadState(path)
    state.set_mark("kept", "read", True)
    state.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StateError):
            ReadState(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not list(tmp_path.glob("*.corrupt-*"))
    assert ReadState(path).is_read("kept")


def test_a_mark_that_cannot_be_written_is_not_remembered(tmp_path: Path) -> None:
    path = tmp_path / "marks.sqlite3"
    state = ReadState(path)
    holder = sqlite3.connect(path, isolation_level=None, timeout=0.1)
    holder.execute("BEGIN IMMEDIATE")
    state._db.execute("PRAGMA busy_timeout = 100")
    try:
        with pytest.raises(StateError):
            state.set_mark("never", "read", True)
    finally:
        holder.execute("ROLLBACK")
    assert not state.is_read("never")


def test_import_creates_nothing_outside_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    outside = tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "world").symlink_to(outside)
    with pytest.raises(FolderError):
        write_new(root, root / "world" / "asia", "story", "text")
    assert list(outside.iterdir()) == []


def test_a_rebuild_in_one_thread_is_seen_by_the_others(tmp_path: Path) -> None:
    write(tmp_path, "a.md", md("First"))
    library = Library.open(tmp_path)
    assert len(library) == 1
    write(tmp_path, "b.md", md("Second"))

    def rebuild_and_sync() -> None:
        library.rebuild()
        library.sync()

    worker = threading.Thread(target=rebuild_and_sync)
    worker.start()
    worker.join()
    assert len(library) == 2
    assert library.search("second")


def test_a_renamed_file_keeps_its_declared_id(tmp_path: Path) -> None:
    write(tmp_path, "a.md", md("Keep", "id: keep-me\n"))
    library = Library.open(tmp_path)
    (tmp_path / "a.md").rename(tmp_path / "b.md")
    changes = library.sync_changed([str(tmp_path / "b.md"), str(tmp_path / "a.md")])
    assert library.get("keep-me").path == "b.md"
    assert changes.changed == ("keep-me",) and not changes.removed


def test_watcher_filter_is_relative_to_the_root(tmp_path: Path) -> None:
    root = tmp_path / ".news"
    write(root, "World/a.md", md("A"))
    assert interesting(root, str(root / "World" / "a.md"))
    assert not interesting(root, str(root / ".git" / "a.md"))
    assert interesting(root, str(root / "gone-folder.with.dots"))
    pending: dict[str, float] = {}
    note_changes([(Change.added, str(root / "World" / ".swap.md"))], pending, 1.0)
    assert pending == {}  # a hidden file is never handed on, only noticed


def test_a_removed_folder_with_a_dotted_name_is_noticed(tmp_path: Path) -> None:
    folder = tmp_path / "U.S."
    write(folder, "election.md", md("Election night"))
    library = Library.open(tmp_path)
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    assert library.sync_changed([str(folder)]).removed == ("U.S./election",)


def test_dot_slash_related_paths_are_relative_to_the_article(tmp_path: Path) -> None:
    write(tmp_path, "b.md", md("Root B"))
    write(tmp_path, "sport/b.md", md("Sport B"))
    write(tmp_path, "sport/a.md", md("A", "related: [./b.md]\n"))
    library = Library.open(tmp_path)
    assert [r.title for r in library.related("sport/a")] == ["Sport B"]


def test_decomposed_file_names_are_found_on_disk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = unicodedata.normalize("NFD", "tiếng-việt.md")
    path = write(tmp_path, name, md("Decomposed name"))
    library = Library.open(tmp_path)
    article = library.get(unicodedata.normalize("NFC", "tiếng-việt"))
    assert locate(tmp_path, article.path) == path
    assert main(["show", str(path), "-d", str(tmp_path)]) == 0
    assert "Decomposed name" in capsys.readouterr().out


def test_a_file_that_failed_is_read_again_without_being_touched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = write(tmp_path, "locked.md", md("Now readable"))
    real_open = os.open

    def refuse(path: str, flags: int, *args: int) -> int:
        if os.path.realpath(path) == os.path.realpath(secret):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args)

    monkeypatch.setattr("reader.scan.os.open", refuse)
    library = Library.open(tmp_path)
    assert [p.reason for p in library.problems()] == ["permission denied"]
    monkeypatch.setattr("reader.scan.os.open", real_open)
    library.sync()
    assert library.problems() == [] and library.get("locked").title == "Now readable"
