"""The SQLite index: incremental sync, deletion, rebuilding, and what it keeps."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from concurrent.futures import BrokenExecutor, ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import stopping_parser

from reader.index import prepare, sync
from reader.index.db import SCHEMA_VERSION, index_path
from reader.library import Library
from reader.paths import cache_dir
from reader.scan import FileEntry, Walk

from conftest import write


def md(title: str, body: str = "Body.") -> str:
    return f"---\ntitle: {title!r}\n---\n{body}\n"


def counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record which files the sync parses."""
    parsed: list[str] = []
    real = prepare.read_entry

    def spy(entry: FileEntry) -> object:
        parsed.append(entry.relpath)
        return real(entry)

    monkeypatch.setattr(prepare, "read_entry", spy)
    return parsed


def test_index_lives_in_the_cache_dir(tmp_path: Path) -> None:
    write(tmp_path, "a.md", md("A"))
    library = Library.open(tmp_path)
    assert library.index_file == index_path(tmp_path)
    assert library.index_file.is_relative_to(cache_dir()) and library.index_file.exists()
    assert not any(p.suffix == ".sqlite3" for p in tmp_path.rglob("*"))


def test_only_new_and_changed_files_are_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in "abc":
        write(tmp_path, f"{name}.md", md(name.upper()))
    library = Library.open(tmp_path)
    parsed = counting_reads(monkeypatch)
    assert not library.sync() and parsed == []
    write(tmp_path, "d.md", md("D"))
    path = write(tmp_path, "b.md", md("B2", "A longer body than before."))
    changes = library.sync()
    assert sorted(parsed) == ["b.md", "d.md"]
    assert (changes.added, changes.changed, changes.removed) == (("d",), ("b",), ())
    assert library.get("b").title == "B2"
    path.unlink()
    changes = library.sync()
    assert changes.removed == ("b",) and len(library) == 3
    with pytest.raises(Exception, match="no article"):
        library.get("b")


def test_a_renamed_file_is_removed_and_added(tmp_path: Path) -> None:
    write(tmp_path, "old.md", md("Moving"))
    library = Library.open(tmp_path)
    (tmp_path / "old.md").rename(tmp_path / "new.md")
    changes = library.sync()
    assert (changes.added, changes.removed) == (("new",), ("old",))
    assert library.search("moving") == [library.rowid_of("new")]


def test_removed_article_leaves_no_search_hits(tmp_path: Path) -> None:
    write(tmp_path, "a.md", md("Unique zebra story"))
    library = Library.open(tmp_path)
    assert len(library.search("zebra")) == 1
    (tmp_path / "a.md").unlink()
    library.sync()
    assert library.search("zebra") == []


def test_a_corrupt_index_is_rebuilt(tmp_path: Path) -> None:
    write(tmp_path, "a.md", md("Survivor"))
    library = Library.open(tmp_path)
    path = library.index_file
    library.close()
    path.write_bytes(b"garbage, not a database" * 500)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    again = Library.open(tmp_path)
    assert [a.title for a in again.articles()] == ["Survivor"]


def test_an_old_schema_is_rebuilt(tmp_path: Path) -> None:
    write(tmp_path, "a.md", md("Fresh"))
    library = Library.open(tmp_path)
    library.index.connections.get().execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    library.close()
    again = Library.open(tmp_path)
    assert again.index.connections.get().execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert [a.title for a in again.articles()] == ["Fresh"]


def test_deleting_the_index_loses_nothing(sample_dir: Path) -> None:
    library = Library.open(sample_dir)
    before = [(a.id, a.title, a.category) for a in library.articles()]
    library.rebuild()
    library.sync()
    assert [(a.id, a.title, a.category) for a in library.articles()] == before


def test_list_rows_carry_no_body(sample_dir: Path) -> None:
    library = Library.open(sample_dir)
    rows = library.summaries(library.view_rowids()[:5])
    assert rows and all(not hasattr(row, "body") and not hasattr(row, "lead") for row in rows.values())


def test_problems_are_kept_and_cleared(tmp_path: Path) -> None:
    write(tmp_path, "bad.md", "---\ntitle: [\n---\n")
    library = Library.open(tmp_path)
    assert [p.path for p in library.problems()] == ["bad.md"]
    write(tmp_path, "bad.md", md("Fixed now"))
    library.sync()
    assert library.problems() == [] and library.get("bad").title == "Fixed now"


def test_category_counts_come_from_the_index(sample_dir: Path) -> None:
    library = Library.open(sample_dir)
    tree = library.categories()
    science = next(c for c in tree.children if c.name == "Science")
    stored = library.index.connections.get().execute("SELECT sum(articles) FROM catmap").fetchone()[0]
    assert tree.count == stored == len(library) == 46
    assert science.count == len(library.view_rowids(category=science.path))


def test_changed_paths_update_without_a_walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "a.md", md("A"))
    library = Library.open(tmp_path)
    walks: list[Path] = []
    real_walk = sync.Walk
    monkeypatch.setattr(sync, "Walk", lambda root: walks.append(root) or real_walk(root))
    new = write(tmp_path, "sub/b.md", md("B"))
    changes = library.sync_changed([str(new), str(tmp_path / ".hidden.md"), str(tmp_path / "notes.docx")])
    assert changes.added == ("sub/b",) and walks == []
    (tmp_path / "a.md").unlink()
    assert library.sync_changed([str(tmp_path / "a.md")]).removed == ("a",)
    assert walks == []
    folder = tmp_path / "moved-in"
    write(folder, "c.md", md("C"))
    assert library.sync_changed([str(folder)]).added == ("moved-in/c",)
    assert walks == [tmp_path]


def test_a_folder_gone_is_told_from_a_file_gone_by_a_range_of_paths_not_a_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("news/a.md", "news-b.md", "news0/c.md", "newsx/d.md", "news/deep/e.md"):
        write(tmp_path, name, md(name))
    library = Library.open(tmp_path)
    walks: list[Path] = []
    real_walk = sync.Walk
    monkeypatch.setattr(sync, "Walk", lambda root: walks.append(root) or real_walk(root))
    (tmp_path / "news-b.md").unlink()  # its name begins like the folder beside it: still one file
    assert library.sync_changed([str(tmp_path / "news-b.md")]).removed == ("news-b",) and walks == []
    for path in sorted((tmp_path / "news").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (tmp_path / "news").rmdir()
    library.sync_changed([str(tmp_path / "news")])  # a folder went: a walk finds what was in it
    assert walks == [tmp_path]
    assert sorted(row.id for row in library.summaries(library.view_rowids()).values()) == [
        "news0/c",
        "newsx/d",
    ]
    db = library.index.connections.get()
    plan = " ".join(
        str(row)
        for row in db.execute(
            "EXPLAIN QUERY PLAN SELECT 1 FROM files WHERE path >= ? AND path < ? LIMIT 1", ("a/", "a0")
        )
    )
    assert "SEARCH files USING" in plan and "SCAN" not in plan
    assert sync._has_files_below(db, "news0") and not sync._has_files_below(db, "news")


def test_changed_paths_recount_only_their_categories_and_their_copies(tmp_path: Path) -> None:
    def counts() -> dict[tuple[str, ...], int]:
        return {node.names: node.count for node in library.categories().walk()[1:]}

    write(tmp_path, "asia/a.md", md("Same story"))
    write(tmp_path, "europe/b.md", md("Same story"))  # an exact copy, in another category
    write(tmp_path, "culture/c.md", md("Other story"))
    library = Library.open(tmp_path)
    assert counts() == {("Asia",): 1, ("Culture",): 1}
    (tmp_path / "asia" / "a.md").unlink()
    library.sync_changed([str(tmp_path / "asia" / "a.md")])
    assert counts() == {("Europe",): 1, ("Culture",): 1}  # the copy is counted now, where it is
    write(tmp_path, "culture/d.md", md("Third story"))
    library.sync_changed([str(tmp_path / "culture" / "d.md")])
    assert counts() == {("Europe",): 1, ("Culture",): 2}


def _prepared(body: str = "") -> prepare.Prepared:
    entry = FileEntry("a.md", "/nowhere/a.md", 1, 1)
    row = None if not body else ("id", "a.md", *[""] * 9, "", body)
    return prepare.Prepared(entry, row, None)


def test_a_long_sync_commits_small_batches_first_then_large_ones() -> None:
    """The first articles of a first index are listed after 500 files, not after 10,000."""
    sizes = [len(batch) for batch in sync._batches([_prepared()] * 30_000, sync.BIG_BATCH)]
    assert sizes == [500, 1000, 2000, 4000, 8000, 10_000, 4500]
    assert {len(batch) for batch in sync._batches([_prepared()] * 1200, sync.BATCH)} == {500, 200}


def test_a_batch_ends_early_when_its_text_is_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync, "BATCH_CHARS", 10_000)
    sizes = [len(batch) for batch in sync._batches([_prepared("x" * 3_000)] * 10, sync.BIG_BATCH)]
    assert sizes == [4, 4, 2]


def test_a_long_sync_gives_back_the_page_cache_and_checkpoints_it_changed(tmp_path: Path) -> None:
    write(tmp_path / "articles", "a.md", "---\ntitle: A\n---\nText.\n")
    library = Library.open(tmp_path / "articles", sync=False, marks=False)
    db = library.index.connections.get()
    before = [db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("cache_size", "wal_autocheckpoint")]
    with sync._bulk(db, 100_000) as size:
        assert size == sync.BIG_BATCH
        assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == sync.BULK_CHECKPOINT_PAGES
    after = [db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("cache_size", "wal_autocheckpoint")]
    assert after == before
    library.close()


class _CountingPool(ThreadPoolExecutor):
    """A pool that counts the tasks asked of it."""

    submitted = 0

    def submit(self, *args: Any, **kwargs: Any) -> Any:
        self.submitted += 1
        return super().submit(*args, **kwargs)


def test_parsers_work_ahead_of_the_writer_in_order_but_only_so_far(tmp_path: Path) -> None:
    """A million files' results never pile up: chunks are asked for as the writer takes results."""
    for n in range(40):
        write(tmp_path, f"a{n:02}.md", f"---\ntitle: Story {n}\n---\nText {n}.\n")
    entries = list(Walk(tmp_path))
    with _CountingPool(max_workers=2) as pool, pytest.MonkeyPatch.context() as patch:
        patch.setattr(prepare, "CHUNK", 4)
        results = prepare._in_turn(prepare.Workers(lambda: pool), entries, files=12)
        taken = [next(results) for _ in range(5)]  # two chunks taken (the second in part)
        assert pool.submitted == 5  # the three asked first, and one more for each chunk taken
        taken += list(results)
    assert [item.row[3] for item in taken if item.row] == [f"Story {n}" for n in range(40)]
    assert pool.submitted == 10
    with _CountingPool(max_workers=2) as pool, pytest.MonkeyPatch.context() as patch:
        patch.setattr(prepare, "CHUNK", 4)
        size = sum(entry.size for entry in entries[:8])  # long files: two chunks' worth of bytes
        results = prepare._in_turn(prepare.Workers(lambda: pool), entries, files=1000, size=size)
        next(results)
        assert pool.submitted == 3  # two asked first (their bytes reached the limit), one more


def test_a_file_that_stops_its_parsing_process_is_its_own_problem_and_the_rest_is_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(30):
        write(tmp_path, f"a{n:02}.md", f"---\ntitle: Story {n}\n---\nText {n}.\n")
    write(tmp_path, "a05-poison.md", "---\ntitle: Poison\n---\nText.\n")
    write(tmp_path, "a17-poison.md", "---\ntitle: Poison too\n---\nText.\n")
    write(tmp_path, "a17-poison2.md", "---\ntitle: Poison next to it\n---\nText.\n")
    monkeypatch.setattr(prepare, "PARALLEL_FROM", 0)
    monkeypatch.setattr(prepare, "CHUNK", 4)
    monkeypatch.setattr(prepare.os, "cpu_count", lambda: 2)
    entries = list(Walk(tmp_path))
    results = list(prepare.prepared(entries, task=stopping_parser.prepare_or_stop))
    assert [item.entry.relpath for item in results] == [entry.relpath for entry in entries]  # in order
    stopped = {item.entry.relpath: item.problem for item in results if item.row is None}
    assert stopped == dict.fromkeys(["a05-poison.md", "a17-poison.md", "a17-poison2.md"], prepare.STOPPED)
    titles = [item.row[3] for item in results if item.row]
    assert titles == [f"Story {n}" for n in range(30)]


def test_a_file_that_stopped_its_parsing_process_is_read_again_only_once_it_changes(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    write(root, "a.md", "---\ntitle: A\n---\nText.\n")
    poison = write(root, "poison.md", "---\ntitle: P\n---\nText.\n")
    write(root, "broken.md", "---\ntitle: [\n---\nText.\n")
    library = Library.open(root)
    db = library.index.connections.get()
    with db:
        db.execute(
            "UPDATE files SET problem = ?, article = NULL WHERE path = 'poison.md'", (prepare.STOPPED,)
        )
    todo, gone = sync.compare(db, Walk(root))
    assert [entry.relpath for entry in todo] == ["broken.md"] and gone == []  # other problems: again
    os.utime(poison, ns=(poison.stat().st_atime_ns, poison.stat().st_mtime_ns + 1_000_000_000))
    todo, _gone = sync.compare(db, Walk(root))
    assert [entry.relpath for entry in todo] == ["broken.md", "poison.md"]
    library.close()


def test_processes_that_cannot_run_at_all_fail_the_sync_rather_than_every_file(tmp_path: Path) -> None:
    for n in range(8):
        write(tmp_path, f"a{n}.md", f"---\ntitle: Story {n}\n---\nText.\n")
    context = multiprocessing.get_context("spawn")
    start = partial(ProcessPoolExecutor, 2, context, stopping_parser.exit_at_start)
    workers = prepare.Workers(start)
    try:
        with pytest.raises(BrokenExecutor):
            list(prepare._in_turn(workers, list(Walk(tmp_path))))
    finally:
        workers.shutdown()


def test_a_chunk_asks_for_its_files_to_be_read_first_and_no_file_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files not in memory come off the disk together; a missing file or a pipe neither blocks nor fails."""
    write(tmp_path, "a.md", "---\ntitle: A\n---\nText.\n")
    write(tmp_path, "b.md", "---\ntitle: B\n---\nText.\n")
    os.mkfifo(tmp_path / "c.md")
    entries = [FileEntry(name, str(tmp_path / name), 30, 1) for name in ("a.md", "b.md", "c.md", "gone.md")]
    asked: list[int] = []
    real = os.posix_fadvise
    monkeypatch.setattr(os, "posix_fadvise", lambda fd, *args: asked.append(fd) or real(fd, *args))
    results = prepare.prepare_all(entries)
    assert len(asked) == 3  # the two files and the pipe (which refuses, quietly); not the missing one
    assert [r.row[3] if r.row else r.problem for r in results] == [
        "A",
        "B",
        "not a regular file",
        "file vanished before it could be read",
    ]


def test_a_long_sync_that_fails_says_its_own_error_not_one_from_giving_back_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged index is rebuilt when the sync says so; an error of the clean-up must not hide it."""
    write(tmp_path / "articles", "a.md", "---\ntitle: A\n---\nText.\n")
    library = Library.open(tmp_path / "articles", sync=False, marks=False)
    db = library.index.connections.get()

    def failing(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(sync, "_give_back", failing)
    with pytest.raises(sqlite3.DatabaseError, match="malformed"), sync._bulk(db, 100_000):
        raise sqlite3.DatabaseError("database disk image is malformed")
    library.close()
