"""Full-text search over the index, snippets with highlights, and "more like this"."""

from __future__ import annotations

import math
import re
import sqlite3
import unicodedata
from collections import Counter
from functools import cache

from rich.text import Text

from reader.query import Query, index_text
from reader.text import fold

WEIGHTS = "10.0, 4.0, 1.0, 3.0, 3.0, 3.0"  # title, lead, body, category, author, tags
SNIPPET_CHARS = 140
SIMILAR_TERMS = 10
_MARKDOWN_NOISE = re.compile(r"!\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)|[*_`#>|\\]+")


def search_rowids(db: sqlite3.Connection, query: Query, *, limit: int, with_state: bool) -> list[int]:
    """Row ids of the articles matching a query, best first (title matches rank highest)."""
    where: list[str] = []
    params: list[object] = []
    joins = ""
    positive, negative = query.positive_fts, query.negative_fts
    if negative:
        where.append("a.rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
        params.append(negative)
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
    if positive:
        sql = f"SELECT a.rowid FROM fts JOIN articles a ON a.rowid = fts.rowid{joins} WHERE fts MATCH ?"
        params.insert(0, positive)
        order = f"bm25(fts, {WEIGHTS}), a.undated, a.ts DESC"
    else:
        sql = f"SELECT a.rowid FROM articles a{joins} WHERE 1"
        order = "a.undated, a.ts DESC, a.title_key"
    sql += "".join(f" AND {clause}" for clause in where) + f" ORDER BY {order} LIMIT ?"
    params.append(limit)
    rowids = [row[0] for row in db.execute(sql, params)]
    return _phrase_first(db, query, rowids)


def _phrase_first(db: sqlite3.Connection, query: Query, rowids: list[int]) -> list[int]:
    """Several plain words: the articles that have them side by side come first."""
    phrase = query.phrase
    if phrase is None or len(rowids) < 2:
        return rowids
    together = {row[0] for row in db.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (phrase,))}
    return sorted(rowids, key=lambda rowid: rowid not in together)


_FLAG_SQL = {
    "unread": "coalesce(m.read, 0) = 0",
    "read": "coalesce(m.read, 0) = 1",
    "starred": "coalesce(m.starred, 0) = 1",
    "unstarred": "coalesce(m.starred, 0) = 0",
}


@cache
def _fold_table() -> dict[int, str]:
    """A one-character-for-one folding table: case and diacritics off, đ to d."""
    table: dict[int, str] = {}
    for code in [*range(0xC0, 0x250), *range(0x370, 0x530), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0].lower()
        if len(base) == 1 and base != char:
            table[code] = base
    table.update({ord("đ"): "d", ord("Đ"): "d"})
    table.update({code: chr(code).lower() for code in range(ord("A"), ord("Z") + 1)})
    return table


def fold_same_length(text: str) -> str:
    """Fold for finding matches while keeping every character where it was."""
    return text.translate(_fold_table())


def _pattern(word: str) -> re.Pattern[str]:
    """A whole folded word, or a word start for `prefix*`."""
    if word.endswith("*"):
        return re.compile(r"\b" + re.escape(word[:-1]) + r"\w*")
    return re.compile(r"\b" + re.escape(word) + r"\b")


def highlight(text: str, words: list[str], style: str = "bold reverse") -> Text:
    """Plain Text with the words the search matched highlighted (as the index matched them)."""
    result = Text(text)
    folded = fold_same_length(text)
    for word in words:
        for match in _pattern(word).finditer(folded):
            result.stylize(style, match.start(), match.end())
    return result


def snippet(lead: str, body: str, words: list[str]) -> Text:
    """A short passage around the first match in the lead or body, matches highlighted."""
    text = " ".join(_MARKDOWN_NOISE.sub(lambda m: m.group(1) or m.group(2) or " ", lead + " " + body).split())
    folded = fold_same_length(text)
    positions = [m.start() for w in words for m in [_pattern(w).search(folded)] if m]
    first = min(positions) if positions else 0
    start = max(0, first - 20)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    window = text[start : start + SNIPPET_CHARS]
    shown = ("…" if start else "") + window + ("…" if start + SNIPPET_CHARS < len(text) else "")
    return highlight(shown, words)


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
