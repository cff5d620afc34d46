"""Reading and parsing files into index rows: the part of indexing that runs in parallel."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from reader.index.rows import fts_values, to_row
from reader.model import Problem
from reader.scan import FileEntry, read_entry

PARALLEL_FROM = int(os.environ.get("NEWSDESK_PARALLEL_FROM", "4000"))


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


def prepared(entries: list[FileEntry]) -> Iterator[Prepared]:
    """Prepare files, in a pool of processes when there are many of them."""
    if len(entries) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        yield from map(prepare, entries)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")  # never fork a threaded process
    real_streams()
    # As many as there are cores: the writer (this process) waits on them most of the time.
    workers = max(min(os.cpu_count() or 2, 8), 1)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        yield from pool.map(prepare, entries, chunksize=64)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # a stopped sync does not wait for the rest


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
