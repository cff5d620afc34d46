"""Fixtures for driving the reader with Textual's Pilot."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.pilot import Pilot

from reader.index.records import Summary
from reader.ui.app import NewsdeskApp, create_app
from reader.ui.article_list import ArticleList
from reader.ui.main_screen import MainScreen
from reader.ui.messages import FolderSynced
from reader.ui.reading_pane import ReadingPane

SEED_ID = "xa-hoi/dan-toc/lai-chau-cai-cach-hanh-chinh"
DAK_DOA_ID = "xa-hoi/dan-toc/dak-doa-clb-thu-linh-thay-doi"


@asynccontextmanager
async def running(
    root: Path, *, size: tuple[int, int] = (120, 40), watch: bool = False
) -> AsyncIterator[tuple[NewsdeskApp, Pilot[Any], list[Message]]]:
    """Run the app on a folder until its first sync has been shown; record its messages."""
    app = create_app(root, watch=watch)
    messages: list[Message] = []
    async with app.run_test(size=size, message_hook=messages.append) as pilot:
        await handled(pilot, messages, FolderSynced, lambda m: m.full)
        yield app, pilot, messages


async def handled(
    pilot: Pilot[Any],
    messages: list[Message],
    kind: type[Message],
    test: Callable[[Any], bool] = lambda m: True,
    *,
    after: int = 0,
    timeout: float = 20,
) -> Any:
    """Wait until a message of `kind` (from `messages[after:]`) has been handled; return it."""
    async with asyncio.timeout(timeout):
        while not (found := posted(messages[after:], kind, test)):
            await pilot.pause()
    await pilot.pause()
    return found[0]


async def searched(pilot: Pilot[Any]) -> None:
    """Wait until the searches typed (each run in a thread) have ended and the last one is shown."""
    searches = [worker for worker in pilot.app.workers if worker.group == "search"]
    if searches:
        await pilot.app.workers.wait_for_complete(searches)
    await pilot.pause()


def screen(app: NewsdeskApp) -> MainScreen:
    return app.main


def summaries(app: NewsdeskApp) -> list[Summary]:
    """Every row of the list, in order (read the way the list reads them)."""
    article_list = app.main.query_one(ArticleList)
    found = article_list.rows_between(0, len(article_list))
    assert all(row is not None for row in found)
    return [row for row in found if row is not None]


def rows(app: NewsdeskApp) -> list[str]:
    return [row.title for row in summaries(app)]


def index_of(app: NewsdeskApp, article_id: str) -> int | None:
    return app.main.query_one(ArticleList).position_of(article_id)


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


def notices(app: NewsdeskApp, words: str) -> list[str]:
    """Every notice shown so far (kept by `keep_notices`) that has these words."""
    said: list[str] = getattr(app, "said", [])
    return [message for message in said if words in message]


def keep_notices(app: NewsdeskApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """Remember every notice, also those that have timed out and gone from the screen."""
    said: list[str] = []
    real = app.notify

    def notify(message: str, **options: Any) -> None:
        said.append(message)
        real(message, **options)

    monkeypatch.setattr(app, "notify", notify)
    monkeypatch.setattr(app, "said", said, raising=False)
