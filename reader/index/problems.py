"""What went wrong reading the folder: files that failed, and warnings about those that did not."""

from __future__ import annotations

import json

from reader.index.connections import ConnectionFactory
from reader.index.lookups import IndexLookups
from reader.model import Problem
from reader.related import resolve


class ProblemLog:
    """The problems the index recorded while reading files."""

    def __init__(self, connections: ConnectionFactory, lookups: IndexLookups) -> None:
        self._connections = connections
        self._lookups = lookups

    def unreadable_count(self) -> int:
        """How many files could not be read or parsed."""
        db = self._connections.get()
        return int(db.execute("SELECT count(*) FROM files WHERE problem IS NOT NULL").fetchone()[0])

    def problems(self) -> list[Problem]:
        """Files that could not be read or parsed, then warnings about those that were."""
        db = self._connections.get()
        kept = "; its last version that could be read is still listed"
        errors = [
            Problem(path, problem + (kept if article is not None else ""))
            for path, problem, article in db.execute(
                "SELECT path, problem, article FROM files WHERE problem IS NOT NULL ORDER BY path"
            )
        ]
        warnings = [
            Problem(r[0], warning, "warning")
            for r in db.execute("SELECT path, problems FROM articles WHERE problems != '[]' ORDER BY path")
            for warning in json.loads(r[1])
        ]
        rows = db.execute(
            "SELECT path, related FROM articles WHERE format = 'markdown' AND related != '[]' ORDER BY path"
        ).fetchall()
        for path, related in rows:
            for ref, _title, _summary in json.loads(related):
                if resolve(ref, path, self._lookups) is None:
                    warnings.append(Problem(path, f"related {ref!r} matches no article", "warning"))
        return errors + sorted(warnings, key=lambda p: p.path)
