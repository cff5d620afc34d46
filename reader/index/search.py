"""Full-text search over the index, where the words matched, snippets, and "more like this"."""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from reader.bodies import markdown_document
from reader.document import MARKDOWN_FORMATS
from reader.forms import is_exact
from reader.index.catalog import Catalog
from reader.index.connections import ConnectionFactory
from reader.index.matching import Plan, plan
from reader.index.records import Hit, Matches
from reader.query import Query, QueryError, SearchStopped, fts_phrase
from reader.sqlite import Snapshot, is_corruption
from reader.text import fold, fold_mapped, index_text

WEIGHTS = "10.0, 4.0, 1.0, 3.0, 3.0, 3.0"  # title, lead, body, category, author, tags
SNIPPET_CHARS = 140
SNIPPET_WINDOW = 400  # characters of Markdown read around the first match to cut a snippet from
MARKUP = frozenset("[]*_`#>|\\!<&~=")  # a window without any of these reads the same as its text
SIMILAR_TERMS = 10
SIMILAR_CANDIDATES = 80  # the text's most frequent words, whose rarity is looked up
DISTINCT_DOCS = 5_000  # a word in more articles (or 30% of them) says little of what a story is about
MATCHES_BUDGET = 20_000  # articles the terms chosen may match in all: ranking scores every one of them
STOP_CHECK_STEPS = 10_000  # SQLite steps between two looks at whether a search was stopped (~0.1-1 ms)
CLOSE_WAIT_SECONDS = 2.0  # the longest closing waits for a stopped search to let go of its connection
_T = TypeVar("_T")


def search_rowids(db: sqlite3.Connection, query: Query, *, limit: int, with_state: bool) -> list[int]:
    """Row ids of the articles matching a query, best first: the first `limit` of one whole ranking.

    The words side by side first, then the words in the form typed, then the articles
    whose title holds the words, then bm25 (title matches highest), then newest; the row
    id settles ties, so that a smaller limit gives the start of a larger one.
    """
    words = plan(db, query)
    if _words_alone(query, words):
        return _by_relevance(db, words, limit)
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
WITH scored AS (  -- used twice: SQLite materializes it (the matches are scored once)
    SELECT rowid, {keys}bm25({table}, {weights}) AS score FROM {table} AS a WHERE {table} MATCH ?{condition}
), cut AS (
    SELECT * FROM (SELECT {rank} FROM scored ORDER BY {rank} LIMIT ?) ORDER BY {worst} LIMIT 1
)
SELECT s.rowid, a.copy_of IS NULL AND a.rowid IS NOT NULL
FROM scored s LEFT JOIN articles a INDEXED BY articles_rank ON a.rowid = s.rowid
WHERE ({rank}) <= (SELECT * FROM cut)
ORDER BY {rank}, a.ts DESC, a.title_key, s.rowid
"""
_MARGIN = 64  # rows taken past the limit, for copies
_FEW = 10_000  # matches ranked in one statement (with more, the first tiers are scored alone)


def _words_alone(query: Query, words: Plan) -> bool:
    """True for words alone (no dates, marks or conditions): what `_by_relevance` can rank."""
    alone = not (words.where or query.flags) and query.after is None and query.before is None
    return alone and words.table is not None


def _by_relevance(db: sqlite3.Connection, words: Plan, limit: int) -> list[int]:
    """The start of the ranking, `articles` read for its best-ranked rows only.

    When the words match many articles, the matches are ranked in tiers, each scored
    apart, until the results are full: those that meet the first preference, then
    those that meet the second but not the first, and so on (the later preferences rank
    within a tier). A common word at a million articles matches 50,000: its title matches
    often fill the results, and scoring every match costs several times as much. When
    few match, the preferences rank them in one statement.
    """
    preferences = words.preferences
    if _count(db, words, _FEW + 1) <= _FEW:
        return _best(db, _ranked(words, preferences, ("", [])), limit)
    found: list[int] = []
    for met in range(len(preferences) + 1):
        unmet = [(f"NOT {clause}", params) for clause, params in preferences[:met]]
        tier = [*unmet, *preferences[met : met + 1]]
        condition = ("".join(f" AND {clause}" for clause, _ in tier), [p for _, ps in tier for p in ps])
        found += _best(db, _ranked(words, preferences[met + 1 :], condition), limit - len(found))
        if len(found) >= limit:
            break
    return found


def count_rowids(db: sqlite3.Connection, query: Query, *, most: int) -> int | None:
    """How many results `search_rowids` gives, counted up to `most`: None when counting them
    would cost as much as finding them (dates, marks or conditions to check on every match).

    For words alone it is a few milliseconds (the matches that are not copies, up to `most`),
    where ranking them may take a hundred at a million articles.
    """
    words = plan(db, query)
    if not _words_alone(query, words):
        return None
    table = words.table
    sql = (
        f"SELECT count(*) FROM (SELECT 1 FROM {table} JOIN articles a INDEXED BY articles_rank "
        f"ON a.rowid = {table}.rowid WHERE {table} MATCH ? AND a.copy_of IS NULL LIMIT ?)"
    )
    return int(db.execute(sql, (words.match, most)).fetchone()[0])


def _count(db: sqlite3.Connection, words: Plan, most: int) -> int:
    """How many articles the words match, counted up to `most`."""
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {words.table} WHERE {words.table} MATCH ? LIMIT ?)"
    return int(db.execute(sql, (words.match, most)).fetchone()[0])


def _ranked(
    words: Plan, keys: list[tuple[str, list[object]]], tier: tuple[str, list[object]]
) -> tuple[str, list[object]]:
    """The SQL of one tier ranked by the keys, then relevance; its last parameter, how many to take."""
    names = [f"k{n}" for n in range(len(keys))]
    sql = _MOST_RELEVANT.format(
        table=words.table,
        weights=WEIGHTS,
        condition=tier[0],
        keys="".join(f"{clause} AS {name}, " for (clause, _), name in zip(keys, names, strict=True)),
        rank=", ".join([*(f"-{name}" for name in names), "score"]),
        worst=", ".join(f"{n + 1} DESC" for n in range(len(names) + 1)),
    )
    return sql, [*(p for _, key_params in keys for p in key_params), words.match, *tier[1]]


def _best(db: sqlite3.Connection, ranked: tuple[str, list[object]], wanted: int) -> list[int]:
    """The first `wanted` of a tier, in order (`_MOST_RELEVANT`), asked again for more when copies
    leave too few (they are found once, as the article they copy)."""
    sql, params = ranked
    asked = wanted + _MARGIN
    while True:
        rows = db.execute(sql, [*params, asked]).fetchall()
        shown = [rowid for rowid, is_shown in rows if is_shown]
        if len(rows) < asked or len(shown) >= wanted:  # the tier is all there, or enough of it
            return shown[:wanted]
        asked = len(rows) + 2 * (wanted - len(shown)) + _MARGIN


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
    """Stories sharing this text's most distinctive terms, best first, itself excluded.

    A term's articles are counted only up to what makes it too common to tell stories
    apart, and the terms chosen match at most MATCHES_BUDGET articles in all: at a
    million articles, counting every article of "the" and ranking every article that
    holds one of ten terms took most of a second.
    """
    counts = Counter(word for word in fold(index_text(text)).split() if len(word) > 2 and not word.isdigit())
    if not counts:
        return []
    candidates = [word for word, _ in counts.most_common(SIMILAR_CANDIDATES)]
    total = db.execute("SELECT coalesce(max(rowid), 1) FROM articles").fetchone()[0]  # about how many
    ceiling = max(3, min(total * 3 // 10, DISTINCT_DOCS))
    frequency = {word: _count_holding(db, word, ceiling + 1) for word in candidates}
    weights = {word: counts[word] * math.log(total / n) for word, n in frequency.items() if 1 < n <= ceiling}
    terms = _within_budget(sorted(weights, key=lambda word: (weights[word], word), reverse=True), frequency)
    if not terms:
        return []
    expression = " OR ".join(fts_phrase([term]) for term in terms)
    rows = db.execute(
        f"SELECT rowid FROM fts WHERE fts MATCH ? AND rowid != ? ORDER BY bm25(fts, {WEIGHTS}) LIMIT ?",
        (expression, rowid, limit),
    )
    return [row[0] for row in rows]


def _within_budget(words: list[str], frequency: dict[str, int]) -> list[str]:
    """The first SIMILAR_TERMS words, in turn, that match MATCHES_BUDGET articles at most in all."""
    chosen: list[str] = []
    matched = 0
    for word in words:
        if len(chosen) < SIMILAR_TERMS and matched + frequency[word] <= MATCHES_BUDGET:
            chosen.append(word)
            matched += frequency[word]
    return chosen


def _count_holding(db: sqlite3.Connection, word: str, most: int) -> int:
    """How many articles hold a word, counted up to `most` (the count stops reading there)."""
    sql = "SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT ?)"
    return int(db.execute(sql, (fts_phrase([word]), most)).fetchone()[0])


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
        with_state = self._catalog.with_marks
        return self._guarded(partial(search_rowids, query=query, limit=limit, with_state=with_state))

    def count(self, query: Query, *, most: int) -> int | None:
        """How many results `search` would give, counted up to `most` (see `count_rowids`)."""
        if query.is_empty():
            return 0
        return self._guarded(partial(count_rowids, query=query, most=most))

    def _guarded(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        """Run a search's statements, stoppable from another thread, in one read of the index."""
        stop = threading.Event()
        with self._changed:
            if self._closed:
                raise SearchStopped("the index is closing")
            self._stops.add(stop)
        db = self._connections.get()
        try:
            try:
                with Snapshot(db):  # its statements (a tier each) see one state of the index
                    return self._run(db, work, stop)
            except sqlite3.DatabaseError as error:
                if not is_corruption(error):
                    raise
            # The file was found damaged: searched again outside a transaction, the first
            # statement has it mended (see `connections`) and the search answers.
            return self._run(db, work, stop)
        finally:
            with self._changed:  # after the snapshot ends: closing may close the connection then
                self._stops.discard(stop)
                self._changed.notify_all()

    def _run(
        self, db: sqlite3.Connection, work: Callable[[sqlite3.Connection], _T], stop: threading.Event
    ) -> _T:
        # SQLite asks every few steps whether to go on: a stop is heard by the statement under
        # way, or by the next one (an interrupt between two statements would be lost).
        db.set_progress_handler(partial(self._stopped, stop), STOP_CHECK_STEPS)
        try:
            return work(db)
        except sqlite3.OperationalError as error:
            if stop.is_set():
                raise SearchStopped("a newer search replaced it") from None
            if is_corruption(error):
                raise  # the file, not the query: mended by `_guarded`
            raise QueryError(f"cannot search for that ({error})") from None
        finally:
            db.set_progress_handler(None, 0)

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
