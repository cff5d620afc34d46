"""Pictures of the screen: the main screen wide and narrow, and the seed open."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from reader.ui.app import NewsdeskApp, create_app
from reader.ui.article_list import ArticleList

from tui.conftest import SEED_ID


@pytest.fixture
def app(sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> NewsdeskApp:
    """The app on a copy of the sample folder, shown as `articles` like `make run` shows it."""
    monkeypatch.chdir(sample_dir.parent)
    return create_app(Path("articles"), watch=False)


async def loaded(pilot: Any) -> None:
    """Wait until the first sync has been shown (the list says how many articles it holds)."""
    async with asyncio.timeout(20):
        while not pilot.app.main.synced:
            await pilot.pause()
    await pilot.pause()


async def seed_open(pilot: Any) -> None:
    await loaded(pilot)
    article_list = pilot.app.main.query_one(ArticleList)
    article_list.move_to(article_list.position_of(SEED_ID))
    await pilot.press("enter")
    await pilot.pause()


def test_main_screen_120x40(snap_compare: Any, app: NewsdeskApp) -> None:
    assert snap_compare(app, terminal_size=(120, 40), run_before=loaded)


def test_main_screen_80x24(snap_compare: Any, app: NewsdeskApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded)


def test_seed_open_in_the_reading_pane(snap_compare: Any, app: NewsdeskApp) -> None:
    assert snap_compare(app, terminal_size=(120, 40), run_before=seed_open)
