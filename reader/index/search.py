"""Full-text search over the index, where the words matched, snippets, and "more like this"."""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from collections import Counter
from functools import partial
from typing import Any

from reader.bodies import markdown_document
from reader.document import MARKDOWN_FORMATS
from reader.forms import is_exact
from reader.index.catalog import Catalog
from reader.index.connections import ConnectionFactory
from reader.index.matching import Plan, plan
from reader.index.records import Hit, Matches
from reader.query import Query, QueryError, SearchStopped
from reader.text import fold, fold_mapped, index_text

WEIGHTS = "10.0, 4.0, 1.0, 3.0, 3.0, 3.0"  # title, lead, body, category, author, tags
SNIPPET_CHARS = 140
SNIPPET_WINDOW = 400  # characters of Markdown read around the first match to cut a snippet from
MARKUP = frozenset("[]*_`#>|\\!<&~=")  # a window without any of these reads the same as its text
SIMILAR_TERMS = 10
STOP_CHECK_STEPS = 10_000  # SQLite steps between two looks at whether a search was stopped (~0.1-1 ms)
CLOSE_WAIT_SECONDS = 2.0  # the longest closing waits for a stopped search to let go of its connection


def search_rowids(db: sqlite3.Connection, query: Query, *, limit: int, with_state: bool) -> list[int]:
    """Row ids of the articles matching a query, best first: the first `limit` of one whole ranking.

    The words side by side first, then the words in the form typed, then bm25 (title
    matches highest), then newest; the row id settles ties, so that a smaller limit
    gives the start of a larger one.
    """
    words = plan(db, query)
    if _words_alone(query, words):
        found = _by_relevance(db, words, limit)
        if found is not None:
            return found
    where: list[str] = ["a.copy_of IS NULL", *words.where]  # exact copies are found once
    params: list[object] = [*words.where_params]
    joins = ""
    if query.after is not None:
        where.append("a.undated = 0 AND a.ts >= ?")
        params.append(query.after)
    if query.before is not None:
        where.append("a.undated = 0 AND a.ts < ?")
        params.append(query.before)
    if query.flags and with_state:
        joins = " LEFT JOIN state.marks m ON m.id = a.id"
        where += [_FLAG_SQL[flag] for flag in sorted(query.flags)]
    elif query.flags:
        where.append("0")
    table = words.table
    if table is not None:
        rank = "INDEXED BY articles_rank "  # the planner would read the wide rows instead
        sql = f"SELECT a.rowid FROM {table} JOIN articles a {rank}ON a.rowid = {table}.rowid{joins}"
        sql += f" WHERE {table} MATCH ?"
        params.insert(0, words.match)
        order = [*words.order, f"bm25({table}, {WEIGHTS})", "a.ts DESC", "a.title_key", "a.rowid"]
    else:
        sql = f"SELECT a.rowid FROM articles a{joins} WHERE 1"
        order = ["a.ts DESC", "a.title_key", "a.rowid"]
    sql += "".join(f" AND {clause}" for clause in where) + f" ORDER BY {', '.join(order)} LIMIT ?"
    params += [*words.order_params, limit]
    return [row[0] for row in db.execute(sql, params)]


_MOST_RELEVANT = """
WITH top AS (
    SELECT rowid, {keys}bm25({table}, {weights}) AS score FROM {table} AS a
    WHERE {table} MATCH ?{condition} ORDER BY {ranked}score LIMIT ?
)
SELECT top.rowid, {top_keys}top.score, a.copy_of IS NULL AND a.rowid IS NOT NULL
FROM top LEFT JOIN articles a INDEXED BY articles_rank ON a.rowid = top.rowid
ORDER BY {top_ranked}top.score, a.ts DESC, a.title_key, top.rowid
"""
_MARGIN = 64  # rows scored past the limit, for copies and for ties at the cut


def _words_alone(query: Query, words: Plan) -> bool:
    """True for words alone (no dates, marks or conditions), ranked by relevance after at most two
    preferences: what `_by_relevance` can rank."""
    alone = not (words.where or query.flags) and query.after is None and query.before is None
    return alone and words.table is not None and len(words.preferences) <= 2


def _by_relevance(db: sqlite3.Connection, words: Plan, limit: int) -> list[int] | None:
    """The start of the ranking from the best-ranked matches: `articles` is read for those only,
    not for every match (which at a million articles costs as much again as scoring them).

    The form typed, when it is the one preference, is a tier of its own (the articles with
    it, then the others: the first is often enough, and only its articles are scored);
    otherwise the preferences are ranking keys of one search (the words side by side are
    rare: two searches would score most matches twice). None when copies or ties at the
    cut leave it unsure: the whole ranking is then needed.
    """
    preferences = list(words.preferences)
    tiers: list[tuple[str, list[object]]] = [("", [])]
    if words.typed_only:
        clause, params = preferences.pop()
        tiers = [(f" AND {clause}", params), (f" AND NOT {clause}", params)]
    found: list[int] = []
    for condition, params in tiers:
        wanted = limit - len(found)
        rows = db.execute(*_ranked(words, preferences, condition, [*params, wanted + _MARGIN])).fetchall()
        part = _certain(rows, wanted + _MARGIN, wanted)
        if part is None:
            return None
        found += part
        if len(found) >= limit:
            break
    return found


def _ranked(
    words: Plan, keys: list[tuple[str, list[object]]], condition: str, params: list[object]
) -> tuple[str, list[object]]:
    """The SQL of one tier: its matches ranked by the keys (first) and relevance."""
    names = [f"k{n}" for n in range(len(keys))]
    sql = _MOST_RELEVANT.format(
        table=words.table,
        weights=WEIGHTS,
        condition=condition,
        keys="".join(f"{clause} AS {name}, " for (clause, _), name in zip(keys, names, strict=True)),
        ranked="".join(f"{name} DESC, " for name in names),
        top_keys="".join(f"top.{name}, " for name in names),
        top_ranked="".join(f"top.{name} DESC, " for name in names),
    )
    return sql, [*(p for _, key_params in keys for p in key_params), words.match, *params]


def _certain(rows: list[tuple[Any, ...]], asked: int, wanted: int) -> list[int] | None:
    """The first `wanted` of a tier from its best-ranked rows (None if they do not tell them).

    A row is (rowid, its keys and score, shown). All of them when fewer than asked for
    were found; else every match ranked better than the worst row taken is among the
    rows, so those are in their final order.
    """
    if len(rows) < asked or not rows:
        return [row[0] for row in rows if row[-1]][:wanted]
    worst = rows[-1][1:-1]
    certain = [row[0] for row in rows if row[-1] and row[1:-1] != worst]
    return certain[:wanted] if len(certain) >= wanted else None


_FLAG_SQL = {
    "unread": "coalesce(m.read, 0) = 0",
    "read": "coalesce(m.read, 0) = 1",
    "starred": "coalesce(m.starred, 0) = 1",
    "unstarred": "coalesce(m.starred, 0) = 0",
}


def _pattern(word: str, flags: int = 0) -> re.Pattern[str]:
    """A whole word, or a word start for `prefix*`; words end where FTS5's do (`_` too)."""
    start, end = r"(?<![^\W_])", r"(?![^\W_])"
    if word.endswith("*"):
        return re.compile(start + re.escape(word[:-1]) + r"[^\W_]*", flags)
    return re.compile(start + re.escape(word) + end, flags)


def find_matches(text: str, words: list[str]) -> Matches:
    """Where the words a search matched are in a text, as the index matched them.

    A word without marks matches every form of itself (it is compared folded); a word
    with marks matches that form only, in any case (as `Query.highlight_words` gives them).
    """
    if not words or not text:
        return ()
    exact = [word for word in words if is_exact(word.rstrip("*"))]
    plain = [word for word in words if word not in exact]
    found = [m.span() for w in exact for m in _pattern(w, re.IGNORECASE).finditer(text) if m.group()]
    if plain:
        folded, origin = fold_mapped(text)
        found += [
            (origin[m.start()], origin[m.end() - 1] + 1)
            for word in plain
            for m in _pattern(word).finditer(folded)
            if m.end() > m.start()
        ]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def snippet(lead: str, body: str, article_format: str, words: list[str]) -> tuple[str, Matches]:
    """A short passage around the first match in the lead or body, and where the matches are in it."""
    text = " ".join((lead + " " + _body_text(body, article_format, words)).split())
    matches = find_matches(text, words)
    first = matches[0][0] if matches else 0
    start = max(0, first - 20)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    window = text[start : start + SNIPPET_CHARS]
    shown = ("…" if start else "") + window + ("…" if start + SNIPPET_CHARS < len(text) else "")
    return shown, find_matches(shown, words)


def _body_text(body: str, article_format: str, words: list[str]) -> str:
    """The words of the body near its first match (Markdown read as text, markup gone)."""
    if article_format not in MARKDOWN_FORMATS:
        return body
    matches = find_matches(body, words)
    first = matches[0][0] if matches else 0
    start = body.rfind("\n", 0, max(first - SNIPPET_WINDOW // 2, 0)) + 1
    end = body.find("\n", first + SNIPPET_WINDOW // 2)
    window = body[start : end if end >= 0 else len(body)]
    if MARKUP.isdisjoint(window) and "\n-" not in window and "\n+" not in window:
        return window  # plain prose (most news text): nothing to parse
    return markdown_document(window).plain_text()


def similar_rowids(db: sqlite3.Connection, rowid: int, text: str, *, limit: int) -> list[int]:
    """Stories sharing this text's most distinctive terms, best first, itself excluded."""
    counts = Counter(word for word in fold(index_text(text)).split() if len(word) > 2 and not word.isdigit())
    if not counts:
        return []
    candidates = [word for word, _ in counts.most_common(80)]
    total = db.execute("SELECT count(*) FROM articles").fetchone()[0] or 1
    marks = ",".join("?" * len(candidates))
    frequency = dict(
        db.execute(f"SELECT term, doc FROM vocab WHERE term IN ({marks})", candidates).fetchall()
    )
    scored = [
        (counts[word] * math.log(total / frequency[word]), word)
        for word in candidates
        if 1 < frequency.get(word, 0) <= max(3, total * 3 // 10)
    ]
    terms = [word for _score, word in sorted(scored, reverse=True)[:SIMILAR_TERMS]]
    if not terms:
        return []
    expression = " OR ".join('"' + term + '"' for term in terms)
    rows = db.execute(
        f"SELECT rowid FROM fts WHERE fts MATCH ? AND rowid != ? ORDER BY bm25(fts, {WEIGHTS}) LIMIT ?",
        (expression, rowid, limit),
    )
    return [row[0] for row in rows]


class Searcher:
    """Searches the index and describes each result: where its title matched, and a snippet."""

    def __init__(self, connections: ConnectionFactory, catalog: Catalog) -> None:
        self._connections = connections
        self._catalog = catalog
        self._stops: set[threading.Event] = set()  # one for each search under way
        self._changed = threading.Condition()
        self._closed = False

    def search(self, query: Query, *, limit: int) -> list[int]:
        """Row ids matching a query, best first; QueryError for one FTS5 refuses.

        SearchStopped when `stop` was called from another thread while it ran.
        """
        if query.is_empty():
            return []
        stop = threading.Event()
        with self._changed:
            if self._closed:
                raise SearchStopped("the index is closing")
            self._stops.add(stop)
        db = self._connections.get()
        # SQLite asks every few steps whether to go on: a stop is heard by the statement under
        # way, or by the next one (an interrupt between two statements would be lost).
        db.set_progress_handler(partial(self._stopped, stop), STOP_CHECK_STEPS)
        try:
            return search_rowids(db, query, limit=limit, with_state=self._catalog.with_marks)
        except sqlite3.OperationalError as error:
            if stop.is_set():
                raise SearchStopped("a newer search replaced it") from None
            raise QueryError(f"cannot search for that ({error})") from None
        finally:
            db.set_progress_handler(None, 0)
            with self._changed:
                self._stops.discard(stop)
                self._changed.notify_all()

    @staticmethod
    def _stopped(stop: threading.Event) -> bool:
        """Asked by SQLite as a search runs: True ends the statement under way."""
        return stop.is_set()

    def stop(self) -> None:
        """Stop the searches running in other threads: a query typed since makes them useless."""
        with self._changed:
            for stop in self._stops:
                stop.set()

    def close(self, wait: float = CLOSE_WAIT_SECONDS) -> None:
        """Stop every search, refuse new ones, and wait (a while) for those under way to end."""
        with self._changed:
            self._closed = True
            for stop in self._stops:
                stop.set()
            self._changed.wait_for(lambda: not self._stops, timeout=wait)

    def hits(self, rowids: list[int], query: Query) -> dict[int, Hit]:
        """Result rows for some row ids: the summary, the title's matches, a snippet."""
        summaries = self._catalog.summaries(rowids)
        title_words, text_words = query.highlight_words("title"), query.highlight_words("text")
        found = {}
        marks = ",".join("?" * len(rowids))
        rows = self._connections.get().execute(
            f"SELECT rowid, lead, body, format FROM articles WHERE rowid IN ({marks})", rowids
        )
        for rowid, lead, body, article_format in rows:
            summary = summaries.get(rowid)
            if summary is not None:
                text, matches = snippet(lead, body, article_format, text_words)
                found[rowid] = Hit(summary, find_matches(summary.title, title_words), text, matches)
        return found
