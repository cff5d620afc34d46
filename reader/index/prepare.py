"""Reading and parsing files into index rows: the part of indexing that runs in parallel."""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import BrokenExecutor
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from reader.index.rows import fts_values, to_row
from reader.model import Problem
from reader.scan import MAX_FILE_BYTES, READ_FLAGS, FileEntry, read_entry

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

PARALLEL_FROM = int(os.environ.get("NEWSDESK_PARALLEL_FROM", "4000"))
CHUNK = 64  # files per task of the pool
# Parsed ahead of the writer at most, so that the parsers go on while it commits a batch:
# 10,000 short files, or fewer long ones (each is held three times over once parsed).
AHEAD_FILES = 10_000
AHEAD_BYTES = 6 * 1024 * 1024


_Outcome = tuple[tuple[Any, ...] | None, str | None, tuple[tuple[str, ...], tuple[str, ...]]]
Task = Callable[[list[tuple[str, str, int, int]]], list[_Outcome]]
STOPPED = "its reading stopped the process parsing it (a crash in a parser); skipped"


@dataclass(frozen=True, slots=True)
class Prepared:
    """A file read and parsed, with its index row ready (or the problem it had)."""

    entry: FileEntry
    row: tuple[Any, ...] | None
    problem: str | None
    texts: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # the row's `fts_values`


def prepare(entry: FileEntry) -> Prepared:
    """Read, parse and turn into an index row; whatever goes wrong is that file's problem alone."""
    try:
        outcome = read_entry(entry)
        if isinstance(outcome, Problem):
            return Prepared(entry, None, outcome.reason)
        row = to_row(outcome, entry.mtime_ns)
        return Prepared(entry, row, None, fts_values(row))  # here, in parallel: marking breaks takes time
    except Exception as error:  # a parser's bug must not stop the sync of every other file
        return Prepared(entry, None, f"could not be read ({one_line_error(error)})")


def one_line_error(error: BaseException) -> str:
    """An unexpected error as one short line: its kind and the start of its message."""
    text = " ".join(str(error).split())
    text = text if len(text) <= 200 else text[:199] + "…"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def prepared(entries: list[FileEntry], task: Task | None = None) -> Iterator[Prepared]:
    """Prepare files, in a pool of processes when there are many of them (in the order given).

    `task` is what a process does with a chunk (`prepare_fields` unless given).
    """
    if len(entries) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        yield from map(prepare, entries)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")  # never fork a threaded process
    real_streams()
    # As many as there are cores: the writer (this process) takes what they leave.
    workers = max(min(os.cpu_count() or 2, 8), 1)
    pool = Workers(partial(ProcessPoolExecutor, max_workers=workers, mp_context=context), task)
    try:
        yield from _in_turn(pool, entries)
    finally:
        pool.shutdown()  # a stopped sync does not wait for the rest


class Workers:
    """The pool of parsing processes, started again when parsing a file stops one (a crash in a
    parser's compiled code, or the system's memory killer).

    Every chunk under way is lost with the pool: the one whose results were awaited is
    parsed again file by file, so that the file that stopped a process is that file's
    problem alone, and the others are asked of the new pool again.
    """

    def __init__(self, start: Callable[[], Executor], task: Task | None = None) -> None:
        self._start = start
        self._task = task or prepare_fields
        self._pool = start()
        self.starts = 1  # pools started: the chunks asked of an earlier one are lost

    def ask(self, chunk: list[FileEntry]) -> Future[list[_Outcome]]:
        """Have a process prepare a chunk of files."""
        fields = [(entry.relpath, entry.ospath, entry.size, entry.mtime_ns) for entry in chunk]
        try:
            return self._pool.submit(self._task, fields)
        except (BrokenExecutor, RuntimeError) as error:  # broken by a chunk asked just before
            from concurrent.futures import Future

            failed: Future[list[_Outcome]] = Future()  # its results say so, and the pool starts again
            failed.set_exception(error if isinstance(error, BrokenExecutor) else BrokenExecutor(str(error)))
            return failed

    def results(self, chunk: list[FileEntry], future: Future[list[_Outcome]]) -> list[_Outcome]:
        """A chunk's results; if its process was stopped, the chunk's files one by one in a new pool."""
        try:
            return future.result()
        except BrokenExecutor:
            self.restart()
        outcomes: list[_Outcome] = []
        for entry in chunk:
            try:
                outcomes += self.ask([entry]).result()
            except BrokenExecutor:
                self.restart()
                self._pool.submit(os.getpid).result()  # a pool that cannot run at all fails the sync
                outcomes.append((None, STOPPED, ((), ())))
        return outcomes

    def restart(self) -> None:
        """A new pool in place of one that is broken; the broken one's processes are ended here.

        Its own thread ends them too, but can fail doing so while processes were still being
        started for it (a race in Python 3.11), and a process left waiting for work would
        keep this one from exiting.
        """
        broken = self._pool
        try:  # private to ProcessPoolExecutor (no other pool has it); its thread may change it meanwhile
            processes = list((getattr(broken, "_processes", None) or {}).values())
        except RuntimeError:
            processes = []
        broken.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.kill()
        self._pool = self._start()
        self.starts += 1

    def shutdown(self) -> None:
        """Stop asking; the chunks not started are dropped."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def _in_turn(
    pool: Workers, entries: list[FileEntry], files: int = AHEAD_FILES, size: int = AHEAD_BYTES
) -> Iterator[Prepared]:
    """The pool's results in order, with at most `files` files (and `size` bytes of them) asked
    for and not yet taken.

    `Executor.map` would ask for every chunk at once: a million files' results would
    pile up in memory whenever the writer is slower than the parsers. Files and results
    cross between processes as plain tuples: unpickling a dataclass looks up its fields
    each time, which was a fifth of the writer's time.
    """
    chunks = (entries[start : start + CHUNK] for start in range(0, len(entries), CHUNK))
    waiting: deque[tuple[list[FileEntry], int, Future[list[_Outcome]]]] = deque()
    ahead = [0, 0]  # files and bytes asked for and not yet taken

    def ask_more() -> None:
        while ahead[0] < files and ahead[1] < size and (chunk := next(chunks, None)) is not None:
            chunk_bytes = sum(entry.size for entry in chunk)
            waiting.append((chunk, chunk_bytes, pool.ask(chunk)))
            ahead[0] += len(chunk)
            ahead[1] += chunk_bytes

    ask_more()
    while waiting:
        chunk, chunk_bytes, future = waiting.popleft()
        before = pool.starts
        outcomes = pool.results(chunk, future)
        if pool.starts != before:  # the pool was started again: what it was asked is lost
            for n, (later, later_bytes, _lost) in enumerate(waiting):
                waiting[n] = (later, later_bytes, pool.ask(later))
        ahead[0] -= len(chunk)
        ahead[1] -= chunk_bytes
        ask_more()
        yield from (Prepared(entry, *outcome) for entry, outcome in zip(chunk, outcomes, strict=True))


def prepare_fields(fields: list[tuple[str, str, int, int]]) -> list[_Outcome]:
    """What one task of the pool does: prepare a chunk of files, given and returned as tuples."""
    return [(item.row, item.problem, item.texts) for item in prepare_all([FileEntry(*f) for f in fields])]


def prepare_all(entries: list[FileEntry]) -> list[Prepared]:
    """Prepare a chunk of files, their reading asked for first."""
    ask_to_read(entries)
    return [prepare(entry) for entry in entries]


def ask_to_read(entries: list[FileEntry]) -> None:
    """Ask the system to start reading these files now, all at once, so that files not in memory
    (a first index of a large folder) come off the disk together rather than one after another."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    for entry in entries:
        if 0 < entry.size <= MAX_FILE_BYTES:  # a file past the limit is never read
            try:
                fd = os.open(entry.ospath, READ_FLAGS)
            except OSError:
                continue  # reading it says why
            try:
                advise(fd, 0, entry.size, os.POSIX_FADV_WILLNEED)
            except OSError:
                pass  # not a regular file, or a system that cannot: it is read as usual
            finally:
                os.close(fd)


def real_streams() -> None:
    """Start multiprocessing's resource tracker with the real stderr.

    A full-screen app replaces sys.stderr with an object without a file number, and
    the tracker, started on first use, would be handed -1 ("bad value(s) in
    fds_to_keep"). Starting it here, with the real streams, avoids that.
    """
    from multiprocessing import resource_tracker

    saved = sys.stdout, sys.stderr
    try:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        resource_tracker.ensure_running()
    finally:
        sys.stdout, sys.stderr = saved
