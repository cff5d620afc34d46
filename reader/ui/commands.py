"""Command palette providers: open an article by title, go to a category."""

from __future__ import annotations

from functools import partial
from typing import Protocol, runtime_checkable

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.message import Message

from reader.actions import ACTIONS, key_display
from reader.library import Library, ViewSpec
from reader.text import fold, fold_mapped
from reader.ui.category_tree import View
from reader.ui.messages import ArticleChosen, ViewChosen

MAX_HITS = 40


@runtime_checkable
class PaletteHost(Protocol):
    """What the providers need of the screen the palette was opened on."""

    library: Library

    def view_choices(self) -> list[tuple[View, str]]:
        """Every view with its name."""
        ...

    def post_message(self, message: Message) -> bool:
        """Hand a message to the screen."""
        ...


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
    folded, origin = fold_mapped(label)
    for word in fold(query).split():
        start = folded.find(word)
        if start >= 0:
            text.stylize("bold underline", origin[start], origin[start + len(word) - 1] + 1)
    return text


def _host(provider: Provider) -> PaletteHost:
    screen = provider.screen
    if not isinstance(screen, PaletteHost):
        raise TypeError("the command palette was opened on a screen without articles")
    return screen


class ArticleCommands(Provider):
    """`Open: <title>` for every article, matched without case or diacritics."""

    async def search(self, query: str) -> Hits:
        host = _host(self)
        for article_id, title in host.library.titles_matching(query, MAX_HITS):
            yield Hit(
                folded_match(query, title),
                highlighted(title, query),
                partial(host.post_message, ArticleChosen(article_id)),
                text=title,
                help="Open article",
            )

    async def discover(self) -> Hits:
        host = _host(self)
        library = host.library
        rowids = library.view_rowids(ViewSpec())[:10]
        found = library.summaries(rowids)
        for summary in (found[rowid] for rowid in rowids if rowid in found):
            yield DiscoveryHit(
                Text(summary.title),
                partial(host.post_message, ArticleChosen(summary.id)),
                text=summary.title,
                help="Open article",
            )


class ActionCommands(Provider):
    """Every action of the reader, by name, with its key."""

    def _actions(self) -> list[tuple[str, str, str]]:
        screen_actions = [a for a in ACTIONS if a.where == "screen" and not a.id.startswith("related_")]
        return [(a.text[0].upper() + a.text[1:], key_display(a.keys), a.action) for a in screen_actions]

    async def search(self, query: str) -> Hits:
        screen = self.screen
        for text, keys, action in self._actions():
            label = f"{text} ({keys})"
            score = folded_match(query, label)
            if score:
                yield Hit(score, highlighted(label, query), partial(screen.run_action, action), text=label)

    async def discover(self) -> Hits:
        screen = self.screen
        for text, keys, action in self._actions():
            label = f"{text} ({keys})"
            yield DiscoveryHit(Text(label), partial(screen.run_action, action), text=label)


class CategoryCommands(Provider):
    """`Go to category: <name>` for every category."""

    def _choices(self) -> list[tuple[View, str]]:
        return [(view, "Go to category: " + name) for view, name in _host(self).view_choices()[2:]]

    async def search(self, query: str) -> Hits:
        host = _host(self)
        for view, label in self._choices():
            score = folded_match(query, label)
            if score:
                yield Hit(
                    score, highlighted(label, query), partial(host.post_message, ViewChosen(view)), text=label
                )

    async def discover(self) -> Hits:
        host = _host(self)
        for view, label in self._choices():
            yield DiscoveryHit(Text(label), partial(host.post_message, ViewChosen(view)), text=label)
