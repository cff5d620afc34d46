"""R in the reader: the feeds are fetched in a worker and their new entries join the list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from localserver import Answer, Served, serve

from reader.ui.article_list import ArticleList
from reader.ui.dialogs import ProblemsScreen
from reader.ui.messages import FeedsFetched, FeedsProgressed, FolderSynced
from reader.ui.progress_line import ProgressLine

from .conftest import handled, posted, rows, running

# Dated after every sample article: the new entries come first in the list, above the cursor.
FEED = (
    (Path(__file__).parent.parent / "fixtures" / "feeds" / "rss2-the-gioi.xml")
    .read_bytes()
    .replace(b" 2024 ", b" 2030 ")
)
NEW_TITLES = {
    "Hội nghị Cấp cao ASEAN khai mạc tại Jakarta",
    "Nhật Bản nâng cảnh báo sóng thần sau động đất mạnh",
}


@pytest.fixture
def server() -> Iterator[Served]:
    with serve({"/the-gioi.rss": Answer(FEED, headers={"Content-Type": "application/rss+xml"})}) as served:
        yield served


def subscribe(root: Path, *urls: str) -> None:
    entries = "".join(
        f"  - url: {url}\n    category: Thế giới\n    name: Nguồn {n}\n" for n, url in enumerate(urls)
    )
    (root / "feeds.yaml").write_text("feeds:\n" + entries, encoding="utf-8")


async def test_r_adds_the_new_entries_without_moving_the_cursor(sample_dir: Path, server: Served) -> None:
    subscribe(sample_dir, server.url("/the-gioi.rss"))
    async with running(sample_dir) as (app, pilot, messages):
        article_list = app.main.query_one(ArticleList)
        article_list.focus()
        await pilot.press("j", "j", "j")
        chosen, count = article_list.current_id, len(article_list)
        after = len(messages)
        await pilot.press("R")
        fetched = await handled(pilot, messages, FeedsFetched, after=after)
        assert [report.new for report in fetched.reports] == [2]
        await handled(pilot, messages, FolderSynced, lambda m: bool(m.changes.added), after=after)
        assert len(article_list) == count + 2
        assert set(rows(app)) >= NEW_TITLES
        assert article_list.current_id == chosen  # the list grew above the cursor; the cursor stayed
        assert max(rows(app).index(title) for title in NEW_TITLES) < article_list.cursor
        assert posted(messages[after:], FeedsProgressed, lambda m: m.done == m.total == 1)
        assert not app.main.query_one(ProgressLine).display


async def test_a_failed_feed_is_on_the_problems_screen(sample_dir: Path, server: Served) -> None:
    subscribe(sample_dir, server.url("/the-gioi.rss"), server.url("/gone.rss"))
    async with running(sample_dir) as (app, pilot, messages):
        after = len(messages)
        await pilot.press("R")
        fetched = await handled(pilot, messages, FeedsFetched, after=after)
        assert [report.failed for report in fetched.reports] == [False, True]
        await pilot.press("exclamation_mark")
        await pilot.pause()
        problems = app.screen
        assert isinstance(problems, ProblemsScreen)
        assert [(p.path, "HTTP 404" in p.reason) for p in problems.feeds] == [("feed Nguồn 1", True)]


async def test_r_without_feeds_says_how_to_add_one(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, messages):
        after = len(messages)
        await pilot.press("R")
        fetched = await handled(pilot, messages, FeedsFetched, after=after)
        assert fetched.no_feeds
        assert any("newsdesk feeds add" in str(n.message) for n in app._notifications)
