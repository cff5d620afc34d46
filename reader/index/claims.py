"""Who holds an id that several files ask for: the first of them by path, whatever the order of indexing.

Read and starred marks are kept by id, so the holder of an id must not depend on
which file the index met first: after the cache is deleted, after a file is touched,
the same file holds it again. The others are listed under their path (`path#2`… if
that is someone's id) with a warning, and when the holder goes (or asks for another
id) the next one takes the id over. Every function here runs inside the caller's
write transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from reader.index.rows import fallback_id, id_note

_CHUNK = 500
# The files asking for id ?1: its holder if it asked for it, and those whose id differs from the
# one they asked for (the only ones the index of asked-for ids holds).
_ASKING = "((id = ?1 AND wanted_id = ?1) OR (wanted_id = ?1 AND wanted_id != id))"


class IdChooser:
    """Ids for a batch of new rows: the one each asks for if it is free, else a stand-in until `settle`."""

    def __init__(self, db: sqlite3.Connection, wanted: list[str]) -> None:
        self.db = db
        self.taken: set[str] = set()
        self.wanted = set(wanted)
        self.disputed: set[str] = set()  # ids asked for by a file that was given a stand-in: to settle
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            found = db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)
            self.taken.update(row[0] for row in found)

    def choose(self, wanted: str, path: str) -> str:
        """The id to insert a row with (its own if free): `settle` gives it to the right file afterwards."""
        if wanted not in self.taken:
            self.taken.add(wanted)
            return wanted
        self.disputed.add(wanted)
        chosen = fallback_id(path, self._is_free)
        self.taken.add(chosen)
        return chosen

    def _is_free(self, candidate: str) -> bool:
        return candidate not in self.taken and candidate not in self.wanted and is_free(self.db, candidate)


def is_free(db: sqlite3.Connection, candidate: str) -> bool:
    """True if no article has this id, and none asks for it (a stand-in never takes an id someone wants)."""
    found = db.execute(
        "SELECT 1 FROM articles WHERE id = ?1 OR (wanted_id = ?1 AND wanted_id != id) LIMIT 1", (candidate,)
    )
    return found.fetchone() is None


def settle(db: sqlite3.Connection, wanted: Iterable[str]) -> list[tuple[int, str, str]]:
    """Give each of these ids to the first (by path) of the files asking for it; return the renames.

    Each rename is (rowid, old id, new id). The others asking are warned, naming the holder.
    """
    renames: list[tuple[int, str, str]] = []
    moved: set[str] = set()  # ids whose holder changed, or one of whose askers was renamed
    for article_id in sorted(set(wanted)):
        first = db.execute(
            f"SELECT rowid, id FROM articles WHERE {_ASKING} ORDER BY path LIMIT 1", (article_id,)
        ).fetchone()
        if first is None or first[1] == article_id:
            continue
        holder = db.execute(
            "SELECT rowid, path, wanted_id FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if holder is not None:
            stand_in = fallback_id(holder[1], lambda candidate: is_free(db, candidate))
            renames.append(_rename(db, holder[0], article_id, stand_in))
            moved.add(holder[2])  # its warning names the id it is listed as
        renames.append(_rename(db, first[0], first[1], article_id))
        moved.add(article_id)
    for article_id in sorted(set(wanted) | moved):
        _note_claims(db, article_id, every=article_id in moved)
    return renames


def _rename(db: sqlite3.Connection, rowid: int, old: str, new: str) -> tuple[int, str, str]:
    db.execute("UPDATE articles SET id = ? WHERE rowid = ?", (new, rowid))
    return rowid, old, new


def _note_claims(db: sqlite3.Connection, article_id: str, *, every: bool) -> None:
    """Warn each file asking for an id that another (the first by path) holds; not that one.

    Unless `every`, only the files whose warning is missing (or should not be there) are looked at.
    """
    owner = db.execute("SELECT path FROM articles WHERE id = ?", (article_id,)).fetchone()
    stale = f"id {article_id!r} is already used by "
    wrong = "" if every else " AND (instr(problems, ?2) > 0) = (id = wanted_id)"
    claims = db.execute(
        f"SELECT rowid, id, problems FROM articles WHERE {_ASKING}" + wrong,
        (article_id, json.dumps(stale, ensure_ascii=False)[1:-1]) if wrong else (article_id,),
    )
    for rowid, held, problems in claims.fetchall():
        before = json.loads(problems)
        kept = [note for note in before if not note.startswith(stale)]
        if held != article_id and owner is not None:
            kept.append(id_note(article_id, owner[0], held))
        if kept != before:
            text = json.dumps(kept, ensure_ascii=False)
            db.execute("UPDATE articles SET problems = ? WHERE rowid = ?", (text, rowid))
