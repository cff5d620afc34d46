"""A folder's problems read a page at a time: files that failed counted in SQL, warnings counted once.

Counting the warnings means resolving every related reference (`problem_count`): a
folder with few references is counted at once, a big one in a child process while the
list is on screen. Only how many warnings each file has is kept; the rows on screen
are made again from the index, a page at a time, each reason cut to a length a screen
can show.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator

from reader import child as children
from reader.child import ChildError
from reader.index.connections import ConnectionFactory
from reader.index.problem_count import WARNED, MemoryLookups, WarnedRow, counted, cut, warning_reasons
from reader.model import Problem
from reader.related import Lookups

QUICK_REFERENCES = 2000  # related references resolved at once, before the list is first shown
KEPT = "; its last version that could be read is still listed"
ERRORS = "FROM files WHERE problem IS NOT NULL"


class ProblemPages:
    """Files that failed, then warnings, in path order: counted, and read a window at a time."""

    def __init__(self, connections: ConnectionFactory, lookups: Lookups) -> None:
        self._connections = connections
        self._lookups = lookups  # the index's own: a window resolves a few references
        db = connections.get()
        self.errors = int(db.execute(f"SELECT count(*) {ERRORS}").fetchone()[0])
        references = db.execute(  # counted in the first files only: enough to know if there are too many
            "SELECT total(json_array_length(related)) FROM (SELECT related FROM articles"
            " WHERE format = 'markdown' AND related != '[]' LIMIT ?)",
            (QUICK_REFERENCES + 1,),
        ).fetchone()[0]
        self.quick = references <= QUICK_REFERENCES  # few enough to count before the list is shown
        self.complete = False
        self._lock = threading.Lock()
        self._rowids: list[int] = []  # files with warnings, in path order...
        self._ends: list[int] = []  # ...and the number of warnings up to and with each

    def __len__(self) -> int:
        return self.errors + self.warnings

    @property
    def warnings(self) -> int:
        """The warnings counted so far (all of them once `complete`)."""
        with self._lock:
            return self._ends[-1] if self._ends else 0

    def count(self, stopped: Callable[[], bool] = lambda: False) -> None:
        """Count each file's warnings, in path order (rows can be read as soon as they are counted).

        A big folder is counted in a child process; call this from a worker's thread then.
        """
        for batch in self._counted_here() if self.quick else self._counted_in_child(stopped):
            with self._lock:
                for rowid, n in batch:
                    self._rowids.append(rowid)
                    self._ends.append((self._ends[-1] if self._ends else 0) + n)
            if stopped():
                return
        self.complete = True

    def window(self, start: int, stop: int) -> list[Problem]:
        """The problems at positions [start, stop) of those counted so far."""
        stop = min(stop, len(self))
        rows = self._errors(start, stop) if start < self.errors else []
        if stop > self.errors:
            rows += self._warnings(max(start - self.errors, 0), stop - self.errors)
        return rows

    def __iter__(self) -> Iterator[Problem]:
        """Every problem, in order (whether or not they were counted)."""
        db = self._connections.get()
        yield from _error_rows(db.execute(f"SELECT path, problem, article {ERRORS} ORDER BY path"))
        lookups = MemoryLookups(db)
        for row in db.execute(WARNED + " ORDER BY path"):
            yield from (Problem(row[1], reason, "warning") for reason in warning_reasons(row, lookups))

    def _counted_here(self) -> Iterator[list[tuple[int, int]]]:
        return counted(self._connections.get(), self._lookups)

    def _counted_in_child(self, stopped: Callable[[], bool]) -> Iterator[list[tuple[int, int]]]:
        """The child's batches (counted here instead if the child fails before its first)."""
        index_file = self._connections.get().execute("PRAGMA database_list").fetchone()[2]
        child = children.start("reader.index.problem_count", index_file)
        started = False
        try:
            while (batch := children.receive(child.stdout)) is not None and not stopped():
                started = True
                yield [(rowid, n) for rowid, n in batch]
        except ChildError:
            if started or stopped():
                raise
            yield from self._counted_here()
        finally:
            children.stop(child)

    def _errors(self, start: int, stop: int) -> list[Problem]:
        query = f"SELECT path, problem, article {ERRORS} ORDER BY path LIMIT ? OFFSET ?"
        return list(_error_rows(self._connections.get().execute(query, (stop - start, start))))

    def _warnings(self, start: int, stop: int) -> list[Problem]:
        """Warnings [start, stop): the files they are in found by their counts, their reasons made again."""
        with self._lock:
            ends = self._ends
            first, last = bisect_right(ends, start), min(bisect_right(ends, stop - 1), len(ends) - 1)
            picked = [(self._rowids[i], ends[i - 1] if i else 0, ends[i]) for i in range(first, last + 1)]
        db = self._connections.get()
        marks = ",".join("?" * len(picked))
        rows = {r[0]: r for r in db.execute(WARNED + f" AND rowid IN ({marks})", [p[0] for p in picked])}
        found: list[Problem] = []
        for rowid, begin, end in picked:
            problems = _file_warnings(rows.get(rowid), end - begin, self._lookups)
            found += problems[max(start - begin, 0) : min(stop, end) - begin]
        return found


def _file_warnings(row: WarnedRow | None, size: int, lookups: Lookups) -> list[Problem]:
    """A file's `size` warnings as counted (the file may have changed since: then it says so)."""
    path = row[1] if row else "(a file no longer in the index)"
    reasons = list(warning_reasons(row, lookups))[:size] if row else []
    reasons += ["(changed since this list was made)"] * (size - len(reasons))
    return [Problem(path, reason, "warning") for reason in reasons]


def _error_rows(rows: Iterable[tuple[str, str, int | None]]) -> Iterator[Problem]:
    for path, problem, article in rows:
        yield Problem(path, cut(problem) + (KEPT if article is not None else ""))
