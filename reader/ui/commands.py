"""Command palette providers: open an article by title, go to a category."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from reader.text import fold
from reader.ui.category_tree import View

if TYPE_CHECKING:
    from reader.ui.app import NewsdeskApp

MAX_HITS = 40


def folded_match(query: str, label: str) -> float:
    """0 when some folded query word is missing from the label; higher for earlier matches."""
    words = fold(query).split()
    folded = fold(label)
    if not words or not all(word in folded for word in words):
        return 0.0
    return 1.0 - min(folded.find(words[0]), 100) / 200 - min(len(folded), 1000) / 10_000


def highlighted(label: str, query: str) -> Text:
    """The label as plain Text, with each query word's folded match in bold."""
    text = Text(label)
    folded_chars = [fold(ch) or " " for ch in label]
    joined = "".join(c[:1] for c in folded_chars)
    for word in fold(query).split():
        start = joined.find(word)
        if start >= 0:
            text.stylize("bold underline", start, start + len(word))
    return text


class ArticleCommands(Provider):
    """`Open: <title>` for every article, matched without case or diacritics."""

    @property
    def news(self) -> NewsdeskApp:
        from reader.ui.app import NewsdeskApp

        assert isinstance(self.app, NewsdeskApp)
        return self.app

    async def search(self, query: str) -> Hits:
        for article_id, title in self.news.library.titles_matching(query, MAX_HITS):
            score = folded_match(query, title)
            yield Hit(
                score,
                highlighted(title, query),
                partial(self._open, article_id),
                text=title,
                help="Open article",
            )

    async def discover(self) -> Hits:
        library = self.news.library
        for summary in library.summaries(library.view_rowids()[:10]).values():
            yield DiscoveryHit(
                Text(summary.title),
                partial(self._open, summary.id),
                text=summary.title,
                help="Open article",
            )

    async def _open(self, article_id: str) -> None:
        await self.news.main.open_article(article_id)


class CategoryCommands(Provider):
    """`Go to category: <name>` for every category."""

    @property
    def news(self) -> NewsdeskApp:
        from reader.ui.app import NewsdeskApp

        assert isinstance(self.app, NewsdeskApp)
        return self.app

    def _choices(self) -> list[tuple[View, str]]:
        tree = self.news.main.counts
        return [
            (View.category(node), "Go to category: " + " › ".join(node.names)) for node in tree.walk()[1:]
        ]

    async def search(self, query: str) -> Hits:
        for view, label in self._choices():
            score = folded_match(query, label)
            if score:
                command = partial(self.news.main.set_view, view)
                yield Hit(score, highlighted(label, query), command, text=label)

    async def discover(self) -> Hits:
        for view, label in self._choices():
            command = partial(self.news.main.set_view, view)
            yield DiscoveryHit(Text(label), command, text=label)
