"""What went wrong reading the folder: files that failed, and warnings about those that did not."""

from __future__ import annotations

from reader.index.connections import ConnectionFactory
from reader.index.problem_pages import ERRORS, ProblemPages
from reader.model import Problem
from reader.related import Lookups


class ProblemLog:
    """The problems the index recorded while reading files."""

    def __init__(self, connections: ConnectionFactory, lookups: Lookups) -> None:
        self._connections = connections
        self._lookups = lookups

    def unreadable_count(self) -> int:
        """How many files could not be read or parsed."""
        db = self._connections.get()
        return int(db.execute(f"SELECT count(*) {ERRORS}").fetchone()[0])

    def errors(self) -> list[Problem]:
        """Files that could not be read or parsed (without the warnings, which cost more to find)."""
        pages = self.pages()
        return pages.window(0, pages.errors)

    def problems(self) -> list[Problem]:
        """Files that could not be read or parsed, then warnings about those that were."""
        return list(self.pages())

    def pages(self) -> ProblemPages:
        """The same problems, counted and read a page at a time (for a list on screen)."""
        return ProblemPages(self._connections, self._lookups)
