"""Pictures of the screen, grouped by feature, on a copy of the sample folder shown as `articles`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from reader.ui.app import NewsdeskApp, create_app
from reader.ui.article_list import ArticleList

from conftest import settled, write
from tui.conftest import SEED_ID


@pytest.fixture
def app(sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> NewsdeskApp:
    """The app on a copy of the sample folder, with one broken file, named as `make run` names it."""
    settled(write(sample_dir, "broken.md", "---\ntitle: [\n---\n"))
    monkeypatch.chdir(sample_dir.parent)
    return create_app(Path("articles"), watch=False)


async def loaded(pilot: Any) -> None:
    """Wait until the first sync has been shown, and let its notices go."""
    async with asyncio.timeout(20):
        while not pilot.app.main.synced:
            await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


def after(*keys: str) -> Callable[[Any], Awaitable[None]]:
    """Load, then press keys."""

    async def run(pilot: Any) -> None:
        await loaded(pilot)
        await pilot.press(*keys)
        await pilot.pause()

    return run


async def seed_open(pilot: Any) -> None:
    await loaded(pilot)
    article_list = pilot.app.main.query_one(ArticleList)
    article_list.move_to(article_list.position_of(SEED_ID))
    await pilot.press("enter")
    await pilot.pause()


class TestMainScreen:
    """The three panes when wide; the tree hidden and the reader below the list when narrow."""

    def test_wide_120x40(self, snap_compare: Any, app: NewsdeskApp) -> None:
        assert snap_compare(app, terminal_size=(120, 40), run_before=loaded)

    def test_narrow_80x24(self, snap_compare: Any, app: NewsdeskApp) -> None:
        assert snap_compare(app, terminal_size=(80, 24), run_before=loaded)


class TestReading:
    """An article open: the seed page with its lead, caption, body and related stories."""

    def test_seed_open(self, snap_compare: Any, app: NewsdeskApp) -> None:
        assert snap_compare(app, terminal_size=(120, 40), run_before=seed_open)


class TestSearch:
    """Search results replace the list: two lines each, the matched words marked."""

    def test_results_for_ha_noi(self, snap_compare: Any, app: NewsdeskApp) -> None:
        assert snap_compare(app, terminal_size=(120, 40), run_before=after("slash", *"ha noi"))


class TestDialogs:
    """The problems list, the key help and the category picker, over the main screen."""

    def test_problems(self, snap_compare: Any, app: NewsdeskApp) -> None:
        assert snap_compare(app, terminal_size=(120, 40), run_before=after("exclamation_mark"))

    def test_help(self, snap_compare: Any, app: NewsdeskApp) -> None:
        assert snap_compare(app, terminal_size=(120, 40), run_before=after("question_mark"))

    def test_category_picker_narrowed(self, snap_compare: Any, app: NewsdeskApp) -> None:
        assert snap_compare(app, terminal_size=(120, 40), run_before=after("c", *"kinh"))
