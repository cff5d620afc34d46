"""A file that arrives whole is read at once; one still being written waits until it is quiet."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.watcher import watch_folder
from reader.writers import being_written

from conftest import write

needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="open files are asked of /proc")
ARTICLE = "---\ntitle: Arrived\n---\nBody.\n"


@needs_proc
def test_a_file_open_for_writing_is_being_written_until_it_is_closed(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", ARTICLE)
    with path.open("a", encoding="utf-8"):
        assert being_written([str(path)]) == {str(path)}
    assert being_written([str(path)]) == set()


@needs_proc
def test_a_file_open_only_for_reading_is_not_being_written(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", ARTICLE)
    with path.open(encoding="utf-8"):
        assert being_written([str(path)]) == set()


@needs_proc
def test_another_process_writing_a_file_is_seen(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", ARTICLE)
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; f = open(sys.argv[1], 'a'); print('open', flush=True); input()",
            path,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "open\n"
        linked = tmp_path / "link.md"
        linked.symlink_to(path)
        assert being_written([str(linked), str(write(tmp_path, "b.md", ARTICLE))]) == {str(linked)}
    finally:
        child.communicate("\n", timeout=10)
    assert being_written([str(linked)]) == set()


def test_without_a_way_to_ask_every_file_may_be_being_written(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", ARTICLE)
    assert being_written([str(path)], proc=str(tmp_path / "no-proc")) == {str(path)}


@pytest.fixture
def handed_on(tmp_path: Path) -> Iterator[tuple[Path, list[tuple[float, set[str]]]]]:
    """A watch of an empty folder that waits a minute for files to go quiet; its batches, timed."""
    root = tmp_path / "articles"
    root.mkdir()
    stop, ready, batches = threading.Event(), threading.Event(), list[tuple[float, set[str]]]()

    def watch() -> None:
        for batch in watch_folder(root, stop, quiet=60, ready=ready.set):
            batches.append((time.monotonic(), batch))

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        assert ready.wait(10)
        yield root, batches
    finally:
        stop.set()
        watcher.join(10)


def _wait_for(batches: list[tuple[float, set[str]]], path: Path, seconds: float) -> float | None:
    """When the path was handed on, if it was within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for when, batch in batches:
            if str(path) in batch:
                return when
        time.sleep(0.02)
    return None


@needs_proc
def test_files_moved_or_copied_in_whole_are_handed_on_at_once(
    handed_on: tuple[Path, list[tuple[float, set[str]]]], tmp_path: Path
) -> None:
    root, batches = handed_on
    staged = write(tmp_path / "staging", "moved.md", ARTICLE)
    started = time.monotonic()
    staged.rename(root / "moved.md")
    write(root, "copied.md", ARTICLE)
    for name in ("moved.md", "copied.md"):
        when = _wait_for(batches, root / name, 10)
        assert when is not None and when - started < 5  # not the minute a file is given to go quiet


@needs_proc
def test_a_file_still_open_for_writing_waits_to_go_quiet(
    handed_on: tuple[Path, list[tuple[float, set[str]]]],
) -> None:
    root, batches = handed_on
    path = root / "slow.md"
    with path.open("w", encoding="utf-8") as stream:
        stream.write("---\ntitle: Slow")
        stream.flush()
        assert _wait_for(batches, path, 1.5) is None
        stream.write(" story\n---\nBody.\n")
    write(root, "other.md", ARTICLE)
    assert _wait_for(batches, root / "other.md", 10) is not None
    assert _wait_for(batches, path, 0.5) is None  # written again: it waits to be quiet once more


@needs_proc
def test_a_file_another_user_owns_may_be_being_written(tmp_path: Path) -> None:
    """Their processes are hidden from ours: the watch cannot tell, so it waits."""
    path = write(tmp_path, "a.md", ARTICLE)
    stranger = path.stat().st_uid + 1
    assert being_written([str(path)], user=stranger) == {str(path)}
    assert being_written([str(path)], user=path.stat().st_uid) == set()


@needs_proc
def test_a_scan_out_of_time_says_maybe(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", ARTICLE)
    assert being_written([str(path)], seconds=-1) == {str(path)}
