"""Hostile surroundings: the index and the marks written over while open, cache and data folders
that cannot be used, and the watch kept to the depth a walk goes."""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bench.terminal import Terminal
from reader.cli import main
from reader.index.connections import ConnectionFactory, GuardedConnection
from reader.index.records import ViewSpec
from reader.library import Library
from reader.live import FolderWatch
from reader.scan import MAX_DEPTH
from reader.ui.messages import FolderSynced
from reader.watcher import UndecodableName, watch_folder

from conftest import settled, write
from tui.conftest import handled, keep_notices, notices, rows, running, summaries

NEWSDESK = str(Path(sys.executable).parent / "newsdesk")
COUNT = 60


def folder(base: Path) -> Path:
    """Articles with bodies long enough that a reader never holds the whole index in memory."""
    root = base / "articles"
    for number in range(COUNT):
        words = " ".join(f"filler{number}x{n}" for n in range(400))
        write(root, f"c{number % 6}/a{number}.md", f"---\ntitle: Story {number}\n---\nq{number} {words}\n")
    return root


def indexed(base: Path) -> Path:
    """A folder whose index was made and closed (all of it in the file, none of it in a reader's memory)."""
    root = folder(base)
    Library.open(root).close()
    return root


def write_over(path: Path, how: str) -> None:
    """What a careless copy does: the same file, its bytes replaced by noise or by a truncated copy."""
    data = path.read_bytes()
    noise = random.Random(7).randbytes(len(data))
    path.write_bytes(noise if how == "garbage" else data[: len(data) // 3])


# Written over while open ------------------------------------------------------------------


@pytest.mark.parametrize("how", ["garbage", "truncated"])
def test_an_index_written_over_while_open_is_rebuilt_and_said(tmp_path: Path, how: str) -> None:
    library = Library.open(indexed(tmp_path), sync=False)
    assert len(library) == COUNT
    write_over(library.index_file, how)
    library.search("q47")  # finds the damage: answered (from a new, empty index), not raised
    library.get("c5/a47") if library.rowid_of("c5/a47") else None
    mended = library.mending.take()
    assert [item.rebuilt for item in mended] == [True]
    assert "The index was damaged" in mended[0].notice and "rebuilt from the folder" in mended[0].notice
    library.sync()
    assert len(library) == COUNT
    assert library.search("q47") == [library.rowid_of("c5/a47")]


def test_marks_written_over_while_open_are_moved_aside_and_said(tmp_path: Path) -> None:
    root = indexed(tmp_path)
    first = Library.open(root, sync=False)
    first.set_read("c1/a1")
    first.close()
    library = Library.open(root, sync=False)
    assert library.marks is not None
    write_over(library.marks.path, "garbage")
    unread = library.categories(with_unread=True)  # the index reads the marks: finds the damage
    assert unread.unread == COUNT  # the marks begun anew
    mended = library.mending.take()
    assert len(mended) == 1 and not mended[0].rebuilt
    assert "Read/starred marks were damaged" in mended[0].notice and ".corrupt-" in mended[0].notice
    assert any(".corrupt-" in path.name for path in library.marks.path.parent.iterdir())
    library.set_read("c2/a2")
    assert library.is_read("c2/a2")
    assert library.categories(with_unread=True).unread == COUNT - 1
    assert len(library.view_rowids(ViewSpec(unread_only=True))) == COUNT - 1


def test_marks_written_over_are_mended_when_a_new_thread_connects(tmp_path: Path) -> None:
    library = Library.open(indexed(tmp_path), sync=False)
    library.set_read("c1/a1")
    assert library.marks is not None
    write_over(library.marks.path, "garbage")
    counted: list[int] = []
    worker = threading.Thread(target=lambda: counted.append(library.categories(with_unread=True).unread))
    worker.start()  # its own connection, which attaches the marks file: as a sync worker does
    worker.join()
    assert counted == [COUNT]
    assert [item.rebuilt for item in library.mending.take()] == [False]


def test_marks_written_over_are_replaced_when_a_mark_finds_it(tmp_path: Path) -> None:
    root = indexed(tmp_path)
    first, second = Library.open(root, sync=False), Library.open(root, sync=False)  # two readers
    first.set_read("c1/a1")
    second.set_read("c2/a2")  # the first one's memory of the file is out of date now
    assert first.marks is not None
    write_over(first.marks.path, "garbage")
    assert not first.is_read("c1/a1")  # the file is found damaged, replaced, and asked again
    first.set_starred("c3/a3")
    assert first.is_starred("c3/a3")
    notices = [item.notice for item in first.mending.take()]
    assert len(notices) == 1 and notices[0].startswith(
        "Read/starred marks were damaged (file is not a database)"
    )


def test_a_command_says_when_it_moved_damaged_marks_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = indexed(tmp_path)
    library = Library.open(root, sync=False)
    assert library.marks is not None
    marks = library.marks.path
    library.close()
    write_over(marks, "garbage")
    assert main(["list", "-d", str(root)]) == 0
    err = capsys.readouterr().err
    assert "read/starred state was unreadable; moved to" in err and len(err.splitlines()) == 1


async def test_the_reader_goes_on_when_its_index_is_written_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = indexed(tmp_path)
    async with running(root) as (app, pilot, messages):
        keep_notices(app, monkeypatch)
        write_over(app.library.index_file, "garbage")
        after = len(messages)
        await pilot.press("slash", *"q47", "enter", "escape")  # search, open what it found, back
        await pilot.press("u", "s")  # mark it, star it
        await handled(pilot, messages, FolderSynced, lambda m: m.full, after=after)
        assert notices(app, "The index was damaged")
        assert len(rows(app)) == COUNT
        truth = app.library.categories(with_unread=True)
        assert app.main.views.counts.tree.unread == truth.unread
        assert app.is_running


# Cache and data folders that cannot be used --------------------------------------------------

COMMANDS = (
    ["list"],
    ["show", "c1/a1"],
    ["search", "q1"],
    ["categories"],
    ["check"],
    ["index"],
    ["mark", "read", "c1/a1"],
)
SAYS = {
    "CACHE": "the index cannot be kept in {where}: {reason} (NEWSDESK_CACHE_DIR chooses another folder)",
    "DATA": "read/starred marks cannot be kept in {where}: {reason} (NEWSDESK_DATA_DIR chooses another folder)",
}
BELOW = {"CACHE": "index", "DATA": "state"}


@pytest.fixture
def small_folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    for number in range(3):
        settled(write(root, f"c{number}/a{number}.md", f"---\ntitle: Story {number}\n---\nq{number}\n"))
    return root


@pytest.mark.parametrize("kind", ["CACHE", "DATA"])
def test_every_command_says_in_one_line_when_a_folder_is_a_file(
    small_folder: Path, kind: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = small_folder.parent / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv(f"NEWSDESK_{kind}_DIR", str(blocker))
    said = SAYS[kind].format(where=blocker / BELOW[kind], reason="not a directory")
    for argv in COMMANDS:
        assert main([*argv, "-d", str(small_folder)]) == 1, argv
        _out, err = capsys.readouterr()
        assert err == f"newsdesk: {said}\n", argv


@pytest.mark.parametrize("kind", ["CACHE", "DATA"])
async def test_the_reader_reads_on_when_a_folder_is_a_file(
    small_folder: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = small_folder.parent / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv(f"NEWSDESK_{kind}_DIR", str(blocker))
    async with running(small_folder) as (app, pilot, _messages):
        said = [str(n.message) for n in app._notifications]
        assert sorted(rows(app)) == ["Story 0", "Story 1", "Story 2"]
        first = summaries(app)[0].id
        await pilot.press("u")  # marks still work, for the session
        await pilot.pause()
        assert app.library.is_read(first)
        assert app.main.views.counts.tree.unread == 2
        kept = app.library.index if kind == "CACHE" else app.library.marks
        assert kept is not None and kept.scratch is not None
    assert not kept.scratch.exists()  # the temporary place goes with the reader
    reason = SAYS[kind].format(where=blocker / BELOW[kind], reason="not a directory")
    ending = (
        "This session uses a temporary index instead."
        if kind == "CACHE"
        else "Marks made now are kept only until you quit."
    )
    assert f"{reason[0].upper()}{reason[1:]}. {ending}" in said


# Read-only and full for real: a tiny file system of its own, in a private mount namespace.
SMALL_DISK = """
set -e
mount -t tmpfs -o size=64k tmpfs "$SMALL"
mkdir "$SMALL/newsdesk"
if [ "$STATE" = full ]; then head -c 1000000 /dev/zero > "$SMALL/filler" 2>/dev/null || true; fi
if [ "$STATE" = read-only ]; then mount -o remount,ro "$SMALL"; fi
exec "$@"
"""


def _namespaces() -> bool:
    if shutil.which("unshare") is None:
        return False
    trial = subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False)
    return trial.returncode == 0


needs_namespaces = pytest.mark.skipif(
    not _namespaces(), reason="needs `unshare -rm` (user and mount namespaces) for a small or read-only disk"
)


def on_small_disk(base: Path, kind: str, state: str, argv: list[str]) -> tuple[list[str], dict[str, str]]:
    """A command run with the cache or data folder on a 64 KiB disk of its own, full or read-only."""
    small = base / "small"
    small.mkdir()
    env = {**os.environ, "SMALL": str(small), "STATE": state, f"NEWSDESK_{kind}_DIR": str(small / "newsdesk")}
    return ["unshare", "-rm", "sh", "-c", SMALL_DISK, "sh", *argv], env


@needs_namespaces
@pytest.mark.parametrize("state", ["full", "read-only"])
@pytest.mark.parametrize("kind", ["CACHE", "DATA"])
def test_a_command_says_in_one_line_when_a_folder_is_full_or_read_only(
    small_folder: Path, kind: str, state: str
) -> None:
    argv, env = on_small_disk(small_folder.parent, kind, state, [NEWSDESK, "list", "-d", str(small_folder)])
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 1
    where = small_folder.parent / "small" / "newsdesk" / BELOW[kind]
    reason = (
        "read-only file system"
        if state == "read-only"
        else "(database or disk is full|no space left on device)"
    )
    pattern = re.escape(SAYS[kind].format(where=where, reason="REASON")).replace("REASON", reason)
    assert re.fullmatch(f"newsdesk: {pattern}\n", done.stderr), done.stderr


def toasts(screen: str) -> str:
    """The text of the notices on a screen, their lines joined (a notice wraps within its box)."""
    parts = [line.split("▌", 1)[1].rstrip(" │╮╯─") for line in screen.splitlines() if "▌" in line]
    return " ".join(" ".join(parts).split())


@needs_namespaces
def test_the_reader_reads_on_when_its_cache_is_full(small_folder: Path) -> None:
    argv, env = on_small_disk(small_folder.parent, "CACHE", "full", [NEWSDESK, "-d", str(small_folder)])
    term = Terminal(argv, columns=120, lines=30, env=env)
    try:
        term.wait_for(
            lambda screen: "This session uses a temporary index" in toasts(screen) and "Story 2" in screen
        )
        term.send("q")
        assert term.wait_exit() == 0
    finally:
        term.close()


# The watch goes as deep as a walk, no deeper ----------------------------------------------------


def test_the_watch_never_adds_a_file_deeper_than_a_walk_reaches(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    deepest = root.joinpath(*[f"d{n}" for n in range(MAX_DEPTH)])  # a walk reads the files in here...
    (deepest / "below").mkdir(parents=True)  # ...and skips this folder, one deeper
    library = Library.open(root)
    assert [p.reason for p in library.problems()] == [f"folders nested deeper than {MAX_DEPTH}; skipped"]
    stop, ready, seen = threading.Event(), threading.Event(), set[str]()

    def watch() -> None:
        for batch in watch_folder(root, stop, quiet=0.05, ready=ready.set):
            seen.update(batch)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        assert ready.wait(5)
        write(deepest, "below/too-deep.md", "---\ntitle: Too deep\n---\nBody.\n")
        write(deepest, "at-the-limit.md", "---\ntitle: At the limit\n---\nBody.\n")
        for _ in range(100):
            if any(path.endswith("at-the-limit.md") for path in seen):
                break
            stop.wait(0.05)
    finally:
        stop.set()
        watcher.join(5)
    library.sync_changed(seen)
    assert sorted(article.title for article in library.articles()) == ["At the limit"]
    library.sync()
    assert sorted(article.title for article in library.articles()) == ["At the limit"]  # as a walk has it


# A name that is not UTF-8 text: the native watch cannot pass it on ---------------------------


def undecodable_folder(root: Path) -> Path:
    """A folder whose name is bytes that are not UTF-8 (skipped where the file system refuses them)."""
    path = os.fsdecode(os.fsencode(root) + b"/caf\xe9-\xff")
    try:
        os.makedirs(path)
    except OSError as error:
        pytest.skip(f"this file system refuses names that are not UTF-8: {error}")
    return Path(path)


def test_a_name_that_is_not_utf8_stops_the_native_watch_at_once(tmp_path: Path) -> None:
    undecodable_folder(tmp_path)
    with pytest.raises(UndecodableName):
        for _batch in watch_folder(tmp_path, threading.Event(), quiet=0.05):
            pass


class Heard:
    """What a watch told: changed paths as they come, and failures."""

    def __init__(self) -> None:
        self.paths: set[str] = set()
        self.failures: list[str] = []
        self.starts = 0  # each time the watch is (back) in place, and the reader walks to catch up
        self.arrived = threading.Condition()

    def changed(self, paths: frozenset[str]) -> None:
        with self.arrived:
            self.paths |= paths
            self.arrived.notify_all()

    def failed(self, what: str, error: Exception) -> None:
        self.failures.append(f"{what}: {error}")

    def watching(self) -> None:
        with self.arrived:
            self.starts += 1
            self.arrived.notify_all()

    def progressed(self, done: int, total: int, rate: float) -> None:
        pass

    def synced(self, changes: object, full: bool) -> None:
        pass

    def wait_for(self, path: Path, timeout: float = 10) -> bool:
        with self.arrived:
            return self.arrived.wait_for(lambda: str(path) in self.paths, timeout)

    def wait_for_starts(self, starts: int, timeout: float = 10) -> bool:
        with self.arrived:
            return self.arrived.wait_for(lambda: self.starts >= starts, timeout)


def test_a_folder_holding_such_a_name_is_watched_by_looking_and_every_change_arrives(tmp_path: Path) -> None:
    odd = undecodable_folder(tmp_path)
    heard, stop = Heard(), threading.Event()
    watch = FolderWatch(tmp_path, heard, quiet=0.05, poll_every=lambda: 0.2)  # type: ignore[arg-type]
    thread = threading.Thread(target=watch.run, args=(stop,))
    thread.start()
    try:
        assert heard.wait_for_starts(1)  # the native watch failed at once; looking is in place
        assert watch.polling
        write(tmp_path, "sport/fresh.md", "---\ntitle: Fresh\n---\nBody.\n")
        assert heard.wait_for(tmp_path / "sport" / "fresh.md")
        write(odd, "inside.md", "---\ntitle: Inside\n---\nBody.\n")  # stops the look: it starts again
        assert heard.wait_for_starts(2)  # and the reader walks the folder, which finds this file
        write(tmp_path, "later.md", "---\ntitle: Later\n---\nBody.\n")
        assert heard.wait_for(tmp_path / "later.md")
        assert str(tmp_path) not in heard.paths  # a folder whose files came is no change of its own
    finally:
        stop.set()
        thread.join(10)
    assert heard.failures == []  # nothing said on screen: the changes kept coming


def test_damage_found_half_way_through_the_rows_ends_them_and_is_mended(tmp_path: Path) -> None:
    path = tmp_path / "table.sqlite3"

    def make_table() -> None:
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as setup:
            setup.execute("PRAGMA journal_mode=WAL")
            setup.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, text TEXT)")

    def mend(error: sqlite3.DatabaseError, _db: object) -> None:
        found.append(str(error))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink()
        make_table()

    make_table()
    with contextlib.closing(sqlite3.connect(path)) as setup, setup:  # closed: all of it in the file
        setup.executemany("INSERT INTO t VALUES (?, ?)", ((n, "x" * 500) for n in range(20_000)))
    found: list[str] = []
    factory = ConnectionFactory(lambda: sqlite3.connect(path, factory=GuardedConnection), on_damage=mend)
    db = factory.get()
    assert len(db.execute("SELECT n FROM t WHERE n < 300").fetchall()) == 300  # the first pages, kept
    write_over(path, "garbage")
    rows = [n for n, _text in db.execute("SELECT n, text FROM t")]  # the first rows, then the damage
    assert 0 < len(rows) < 20_000 and found == ["database disk image is malformed"]
    assert factory.get() is not db  # every thread reconnects, to the mended file
    assert factory.get().execute("SELECT count(*) FROM t").fetchone() == (0,)
