"""Related-story references looked up in the index: by id, by path, by folded title."""

from __future__ import annotations

from reader.index.connections import ConnectionFactory


class IndexLookups:
    """The `reader.related.Lookups` the index answers."""

    def __init__(self, connections: ConnectionFactory) -> None:
        self._connections = connections

    def _id_where(self, column: str, value: str) -> str | None:
        row = (
            self._connections.get()
            .execute(
                f"SELECT id FROM articles WHERE {column} = ? ORDER BY copy_of IS NOT NULL, ts DESC LIMIT 1",
                (value,),
            )
            .fetchone()
        )
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
        row = (
            self._connections.get()
            .execute("SELECT title, lead FROM articles WHERE id = ?", (article_id,))
            .fetchone()
        )
        return (str(row[0]), str(row[1])) if row else ("", "")
