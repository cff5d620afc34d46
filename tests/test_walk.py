"""The folder walk gives files in path order, and a sync merges it with the index in one pass."""

from __future__ import annotations

import gc
import os
import unicodedata
from pathlib import Path

import pytest

from reader import scan
from reader.index.sync import compare
from reader.library import Library
from reader.model import ParseError
from reader.scan import FileEntry, Walk

NAMES = [
    "a.md",
    "a-c.md",
    "a/b.md",
    "a/a/z.md",
    "a b/x.md",
    "a.b/y.md",
    "B.md",
    "Đà Nẵng/tin.md",
    "Zebra/ă.md",
    unicodedata.normalize("NFD", "tiếng/việt.md"),
    "z\u202eright.md",
    "0/1/2.txt",
]


def make(root: Path) -> Path:
    for name in NAMES:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: {name}\n---\nBody.\n", encoding="utf-8")
    return root


def test_the_walk_gives_files_in_the_order_of_their_paths(tmp_path: Path) -> None:
    walked = [entry.relpath for entry in Walk(make(tmp_path))]
    assert len(walked) == len(NAMES)
    assert walked == sorted(walked)


def test_a_sync_finds_changed_new_and_gone_files_by_merging(tmp_path: Path) -> None:
    root = make(tmp_path)
    library = Library.open(root)
    (root / "a-c.md").unlink()
    (root / "a" / "b.md").write_text("---\ntitle: changed\n---\nLonger body now.\n", encoding="utf-8")
    (root / "a" / "new.md").write_text("---\ntitle: new\n---\nBody.\n", encoding="utf-8")
    db = library.index.connections.get()
    todo, gone = compare(db, Walk(root))
    assert sorted(entry.relpath for entry in todo) == ["a/b.md", "a/new.md"]
    assert gone == ["a-c.md"]


def test_files_given_out_of_order_are_still_compared_right(tmp_path: Path) -> None:
    root = make(tmp_path)
    library = Library.open(root)
    db = library.index.connections.get()
    entries = list(Walk(root))
    shuffled = entries[5:] + entries[:5]  # the first five arrive late
    touched = FileEntry(entries[1].relpath, entries[1].ospath, entries[1].size + 1, entries[1].mtime_ns)
    shuffled[shuffled.index(entries[1])] = touched
    todo, gone = compare(db, shuffled)
    assert todo == [touched] and gone == []


@pytest.mark.parametrize("said", [0, 5, 10_000])
def test_a_file_whose_size_changes_while_it_is_read_is_read_to_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said: int
) -> None:
    """The size asked first is only a guess: a file written meanwhile is read whole (or shorter)."""
    written = ("line of text\n" * 20_000).encode()  # 260 KB: more than one piece of the rest
    path = tmp_path / "a.md"
    path.write_bytes(written)
    real_fstat = os.fstat

    def fstat(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        return os.stat_result((*info[:6], said, *info[7:]))

    monkeypatch.setattr(scan.os, "fstat", fstat)
    assert scan.read_limited(str(path)) == written


def test_a_file_that_grows_past_the_limit_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"x" * 1_000)
    monkeypatch.setattr(scan, "MAX_FILE_BYTES", 500)
    real_fstat = os.fstat
    monkeypatch.setattr(
        scan.os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 10, *real_fstat(fd)[7:]))
    )
    with pytest.raises(ParseError, match="grew past the limit"):
        scan.read_limited(str(path))


def test_a_folder_listing_held_by_a_walk_is_left_out_of_the_collectors_walks(tmp_path: Path) -> None:
    """A million-file folder's listings, held while their files are compared, were walked again by
    every collection (a tuple holding a stat result is tracked): full collections of 0.1-0.4 s."""
    for number in range(300):
        (tmp_path / f"a{number:03}.txt").write_text("A story\n\nText.\n", encoding="utf-8")
    files = iter(Walk(tmp_path))
    first = next(files)  # the folder's listing is held while its files are given out
    gc.collect()
    root = os.path.realpath(tmp_path)
    held = [o for o in gc.get_objects() if type(o) is tuple and len(o) > 2 and str(o[1]).startswith(root)]
    assert first.relpath == "a000.txt" and held == []
    assert len(list(files)) == 299
