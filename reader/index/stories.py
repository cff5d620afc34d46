"""An article's stories: the ones it links to, the ones like it, and others of its category."""

from __future__ import annotations

from reader.index.catalog import ORDER, Catalog
from reader.index.connections import ConnectionFactory
from reader.index.lookups import IndexLookups
from reader.index.search import similar_rowids
from reader.model import Article, Related
from reader.related import related_of

SIMILAR = 5
NEARBY = 5


class Stories:
    """Related stories, answered by the index."""

    def __init__(self, connections: ConnectionFactory, catalog: Catalog) -> None:
        self._connections = connections
        self._catalog = catalog
        self.lookups = IndexLookups(connections)

    def linked(self, article: Article) -> list[Related]:
        """The stories the article's file names, resolved where possible."""
        return related_of(article, self.lookups)

    def all_related(self, article: Article) -> list[Related]:
        """Its own links first, then stories like it, then others of the same category."""
        related = self.linked(article)
        shown = {r.id for r in related if r.id is not None} | {article.id}
        similar = [r for r in self.similar(article, SIMILAR + len(shown)) if r.id not in shown]
        related += similar[:SIMILAR]
        shown |= {r.id for r in similar[:SIMILAR] if r.id is not None}
        nearby = [r for r in self.same_category(article, NEARBY + len(shown)) if r.id not in shown]
        return related + nearby[:NEARBY]

    def same_category(self, article: Article, limit: int = NEARBY) -> list[Related]:
        """Other stories of the article's category, newest first."""
        rows = self._connections.get().execute(
            "SELECT a.id, a.title, a.lead FROM articles a JOIN catmap c ON c.raw_cat = a.raw_cat "
            "WHERE c.cat_key = (SELECT c2.cat_key FROM articles a2 JOIN catmap c2 ON c2.raw_cat = a2.raw_cat "
            f"WHERE a2.id = ?) AND a.id != ? AND a.copy_of IS NULL ORDER BY {ORDER} LIMIT ?",
            (article.id, article.id, limit),
        )
        return [Related(r[1], r[2], r[0], kind="category") for r in rows]

    def similar(self, article: Article, limit: int = SIMILAR) -> list[Related]:
        """Up to `limit` stories like this one, same category first, itself excluded."""
        rowid = self._catalog.rowid_of(article.id)
        if rowid is None:
            return []
        db = self._connections.get()
        text = " ".join((article.title, article.title, article.lead, article.body))
        rowids = similar_rowids(db, rowid, text, limit=limit * 4)
        if not rowids:
            return []
        marks = ",".join("?" * len(rowids))
        rows = {
            r[0]: r
            for r in db.execute(
                "SELECT a.rowid, a.id, a.title, a.lead, c.cat_key FROM articles a "
                "LEFT JOIN catmap c ON c.raw_cat = a.raw_cat "
                f"WHERE a.rowid IN ({marks}) AND a.copy_of IS NULL",
                rowids,
            )
        }
        own = db.execute(
            "SELECT c.cat_key FROM articles a JOIN catmap c ON c.raw_cat = a.raw_cat WHERE a.rowid = ?",
            (rowid,),
        ).fetchone()
        ranked = sorted((r for r in rowids if r in rows), key=lambda r: own is None or rows[r][4] != own[0])
        return [Related(rows[r][2], rows[r][3], rows[r][1], kind="similar") for r in ranked[:limit]]
