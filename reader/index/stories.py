"""The library's stories: related, similar, same category, and search results."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.index.records import Hit, Summary, fields
from reader.index.rows import raw_category
from reader.index.search import highlight, search_rowids, similar_rowids, snippet
from reader.model import Article, Related
from reader.query import Query, QueryError, parse_query
from reader.related import related_of


class StoryQueries:
    """Related-story and search queries of the Library (mixed into it)."""

    state_file: Path | None

    @property
    def db(self) -> sqlite3.Connection:
        """The index connection (the Library provides it)."""
        raise NotImplementedError

    def get(self, ref: str) -> Article:
        """One article (the Library provides it)."""
        raise NotImplementedError

    def rowid_of(self, article_id: str) -> int | None:
        """The row id of an article id (the Library provides it)."""
        raise NotImplementedError

    def summaries(self, rowids: list[int]) -> dict[int, Summary]:
        """List rows (the Library provides them)."""
        raise NotImplementedError

    def _category_names(self) -> dict[str, tuple[tuple[str, ...], str]]:
        raise NotImplementedError

    def related(self, article: Article | str) -> list[Related]:
        """The article's related stories as its file names them, resolved where possible."""
        if isinstance(article, str):
            article = self.get(article)
        return related_of(article, IndexLookups(self.db))

    def same_category(self, article: Article, limit: int = 5) -> list[Related]:
        """Other stories of the article's category, newest first."""
        raw = self.db.execute("SELECT raw_cat FROM articles WHERE id = ?", (article.id,)).fetchone()
        if raw is None:
            return []
        key = self._category_names().get(raw[0], ((), ""))[1]
        rows = self.db.execute(
            "SELECT a.id, a.title, a.lead FROM articles a JOIN catmap c ON c.raw_cat = a.raw_cat "
            "WHERE c.cat_key = ? AND a.id != ? ORDER BY a.undated, a.ts DESC, a.title_key LIMIT ?",
            (key, article.id, limit),
        )
        return [Related(r[1], r[2], r[0], kind="category") for r in rows]

    def similar(self, article: Article, limit: int = 5) -> list[Related]:
        """Up to `limit` stories like this one, same category first, itself excluded."""
        rowid = self.rowid_of(article.id)
        if rowid is None:
            return []
        text = " ".join((article.title, article.title, article.lead, article.body))
        rowids = similar_rowids(self.db, rowid, text, limit=limit * 4)
        if not rowids:
            return []
        names = self._category_names()
        marks = ",".join("?" * len(rowids))
        rows = {
            r[0]: r
            for r in self.db.execute(
                f"SELECT rowid, id, title, lead, raw_cat FROM articles WHERE rowid IN ({marks})",
                rowids,
            )
        }
        own = names.get(raw_category(article), ((), ""))[1]
        ranked = sorted(rowids, key=lambda r: (names.get(rows[r][4], ((), ""))[1] != own, rowids.index(r)))
        return [
            Related(rows[r][2], rows[r][3], rows[r][1], kind="similar") for r in ranked[:limit] if r in rows
        ]

    def search(self, query: str | Query, *, limit: int = 500) -> list[int]:
        """Row ids matching a query, best first; raises QueryError for a malformed query."""
        parsed = parse_query(query) if isinstance(query, str) else query
        if parsed.is_empty():
            return []
        try:
            return search_rowids(self.db, parsed, limit=limit, with_state=self.state_file is not None)
        except sqlite3.OperationalError as error:  # a query FTS5 refuses
            raise QueryError(f"cannot search for that ({error})") from None

    def hits(self, rowids: list[int], query: Query) -> dict[int, Hit]:
        """List rows for search results: the summary, the title highlighted, a snippet."""
        summaries = self.summaries(rowids)
        marks = ",".join("?" * len(rowids))
        title_words, text_words = query.highlight_words("title"), query.highlight_words("text")
        found = {}
        for rowid, lead, body in self.db.execute(
            f"SELECT rowid, lead, body FROM articles WHERE rowid IN ({marks})", rowids
        ):
            if rowid in summaries:
                base = summaries[rowid]
                found[rowid] = Hit(
                    *fields(base), highlight(base.title, title_words), snippet(lead, body, text_words)
                )
        return found


class IndexLookups:
    """Related-story lookups answered by the index."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def _id_where(self, column: str, value: str) -> str | None:
        row = self.db.execute(
            f"SELECT id FROM articles WHERE {column} = ? ORDER BY undated, ts DESC LIMIT 1",
            (value,),
        ).fetchone()
        return str(row[0]) if row else None

    def id_by_id(self, value: str) -> str | None:
        """The id itself, if an article has it."""
        return self._id_where("id", value)

    def id_by_path(self, value: str) -> str | None:
        """The id of the article at this relative path."""
        return self._id_where("path", value)

    def id_by_title(self, folded_title: str) -> str | None:
        """The id of the newest article with this folded title."""
        return self._id_where("title_key", folded_title)

    def title_and_lead(self, article_id: str) -> tuple[str, str]:
        """An article's title and lead."""
        row = self.db.execute("SELECT title, lead FROM articles WHERE id = ?", (article_id,)).fetchone()
        return (str(row[0]), str(row[1])) if row else ("", "")
