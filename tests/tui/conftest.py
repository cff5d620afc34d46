"""Fixtures for driving the reader with Textual's Pilot."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.pilot import Pilot

from reader.ui.app import NewsdeskApp, create_app
from reader.ui.article_list import ArticleList
from reader.ui.main_screen import MainScreen
from reader.ui.reading_pane import ReadingPane

SEED_ID = "xa-hoi/dan-toc/lai-chau-cai-cach-hanh-chinh"
DAK_DOA_ID = "xa-hoi/dan-toc/dak-doa-clb-thu-linh-thay-doi"


@asynccontextmanager
async def running(
    root: Path, *, size: tuple[int, int] = (120, 40), watch: bool = False
) -> AsyncIterator[tuple[NewsdeskApp, Pilot[Any], list[Message]]]:
    """Run the app on a folder until its first load has finished; record its messages."""
    app = create_app(root, watch=watch)
    messages: list[Message] = []
    async with app.run_test(size=size, message_hook=messages.append) as pilot:
        await app.loaded.wait()
        await pilot.pause()
        yield app, pilot, messages


def screen(app: NewsdeskApp) -> MainScreen:
    return app.main


def summaries(app: NewsdeskApp) -> list[Any]:
    """Every row of the list, in order (fetched the way the list fetches them)."""
    article_list = app.main.query_one(ArticleList)
    found = article_list.fetch(article_list.rowids)
    return [found[rowid] for rowid in article_list.rowids]


def rows(app: NewsdeskApp) -> list[str]:
    return [row.title for row in summaries(app)]


def index_of(app: NewsdeskApp, article_id: str) -> int | None:
    return app.main.query_one(ArticleList).index_of(app.library.rowid_of(article_id))


def reader(app: NewsdeskApp) -> ReadingPane:
    return app.main.query_one(ReadingPane)


def shown_id(app: NewsdeskApp) -> str | None:
    article = reader(app).article
    return article.id if article else None


def posted(
    messages: list[Message], kind: type[Message], test: Callable[[Any], bool] = lambda m: True
) -> list[Any]:
    return [m for m in messages if isinstance(m, kind) and test(m)]


async def open_by_id(app: NewsdeskApp, pilot: Pilot[Any], article_id: str) -> None:
    """Put the list cursor on an article (in the current view) and press Enter."""
    article_list = app.main.query_one(ArticleList)
    index = index_of(app, article_id)
    assert index is not None, article_id
    article_list.focus()
    article_list.move_to(index)
    await pilot.press("enter")
    await pilot.pause()
