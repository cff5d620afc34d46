"""Pictures of the screen, grouped by feature, on a copy of the sample folder shown as `articles`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from reader.ui.app import NewsdeskApp, create_app
from reader.ui.article_list import ArticleList

from conftest import settled, write
from tui.conftest import SEED_ID

LINKED = """---
title: A story with links
published: 2018-05-05
tags: [links, testing]
---
Read [the cup final](sport/football/cup-final-harbour-city.md) first, then
[the council's page](https://example.org/council) and [the map](https://example.org/map).
"""


@pytest.fixture
def app(sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> NewsdeskApp:
    """The app on a copy of the sample folder, with one broken file and one with links, as `make run` names it."""
    settled(write(sample_dir, "broken.md", "---\ntitle: [\n---\n"))
    settled(write(sample_dir, "linked.md", LINKED))
    monkeypatch.chdir(sample_dir.parent)
    return create_app(Path("articles"), watch=False)


async def loaded(pilot: Any) -> None:
    """Wait until the first sync has been shown, and let its notices go."""
    async with asyncio.timeout(20):
        while not pilot.app.main.synced:
            await pilot.pause()
    await pilot.pause()  # a notice is a message to the app: let it arrive before it is cleared
    pilot.app.clear_notifications()
    await pilot.pause()


async def still(pilot: Any) -> None:
    """Wait until workers are done and no widget's size or scrollable size changed over a refresh.

    A pane re-wraps its text after a resize (its side padding follows its width), so one pause
    can catch a scrollbar sized for the layout before.
    """

    def sizes() -> list[tuple[object, ...]]:
        return [(w, w.size, w.virtual_size) for w in pilot.app.screen.walk_children()]

    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False  # a picture must not depend on when the cursor blinked
    async with asyncio.timeout(20):
        before = None
        while True:
            await pilot.app.workers.wait_for_complete()
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            now = sizes()
            if now == before:
                return
            before = now


def after(*keys: str) -> Callable[[Any], Awaitable[None]]:
    """Load, then press keys."""

    async def run(pilot: Any) -> None:
        await loaded(pilot)
        await pilot.press(*keys)
        await still(pilot)

    return run


async def seed_open(pilot: Any) -> None:
    await loaded(pilot)
    article_list = pilot.app.main.query_one(ArticleList)
    article_list.move_to(article_list.position_of(SEED_ID))
    await pilot.press("enter")
    await still(pilot)


class TestMainScreen:
    """The tree beside the list over the article at 120x40; three columns at 200x50; no tree at 80x24."""

    def test_stacked_120x40(self, snap_compare: Any, app: NewsdeskApp) -> None:
        assert snap_compare(app, terminal_size=(120, 40), run_before=after("j", "enter", "k"))

    def test_three_columns_200x50(self, snap_compare: Any, app: NewsdeskApp) -> None:
        assert snap_compare(app, terminal_size=(200, 50), run_before=after("j", "enter"))

    def test_narrow_80x24(self, snap_compare: Any, app: NewsdeskApp) -> None:
        assert snap_compare(app, terminal_size=(80, 24), run_before=after("j", "enter"))

    def test_light_theme(self, snap_compare: Any, app: NewsdeskApp) -> None:
        app.preferences.set("theme", "textual-light")  # as if chosen in the palette last time
        assert snap_compare(app, terminal_size=(120, 40), run_before=after("j", "enter", "k"))


class TestReading:
    """An article open; read alone at a comfortable width; its links listed."""

    def test_seed_open(self, snap_compare: Any, app: NewsdeskApp) -> None:
        assert snap_compare(app, terminal_size=(120, 40), run_before=seed_open)

    def test_full_screen(self, snap_compare: Any, app: NewsdeskApp) -> None:
        assert snap_compare(app, terminal_size=(120, 40), run_before=after("enter", "z"))

    def test_links_list(self, snap_compare: Any, app: NewsdeskApp) -> None:
        async def with_links(pilot: Any) -> None:
            await loaded(pilot)
            article_list = pilot.app.main.query_one(ArticleList)
            article_list.move_to(article_list.position_of("linked"))
            await pilot.press("enter", "l")
            await still(pilot)

        assert snap_compare(app, terminal_size=(120, 40), run_before=with_links)


class TestCatchingUp:
    """The order changed, and the question before a whole view is marked read."""

    def test_sorted_oldest_first(self, snap_compare: Any, app: NewsdeskApp) -> None:
        assert snap_compare(app, terminal_size=(120, 40), run_before=after("S"))

    def test_mark_all_read_asks_first(self, snap_compare: Any, app: NewsdeskApp) -> None:
        assert snap_compare(app, terminal_size=(120, 40), run_before=after("right_square_bracket", "A"))


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
