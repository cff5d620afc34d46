"""Search in the reader, and the virtual list with 10,000 articles."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from bench.corpus import NEWEST_TITLE, make_corpus
from reader.library import Library
from reader.query import Query, parse_query
from reader.ui.article_list import ArticleList
from reader.ui.messages import FolderSynced, IndexProgressed, ResultsFound

from tui.conftest import handled, open_by_id, reader, rows, running, searched, shown_id, summaries

LARGE = 10_000


@pytest.fixture(scope="session")
def large_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A synthetic folder of 10,001 articles and a cache directory holding its index."""
    base = tmp_path_factory.mktemp("large")
    folder = make_corpus(base / "articles", LARGE)
    cache = base / "cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSDESK_CACHE_DIR", str(cache))
        Library.open(folder)
    return folder, cache


async def test_search_as_you_type_enter_opens_escape_restores(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await pilot.press("j", "j")
        cursor = app.main.query_one(ArticleList).cursor
        await pilot.press("slash")
        assert app.focused is app.main.query_one("#search")
        await pilot.press(*"ha noi")
        await searched(pilot)
        found = rows(app)
        assert found[:2] == [
            "Metro Nhổn - ga Hà Nội chạy thử đoạn đi ngầm",
            "Hà Nội mở thêm 12 tuyến buýt điện",
        ]
        assert "found" in str(app.main.query_one("#status").render())
        await pilot.press("down", "enter")
        await pilot.pause()
        assert reader(app).article.title == found[1]
        await pilot.press("escape")
        await pilot.pause()
        assert len(rows(app)) == 46
        # Back in the list, the cursor is on the article opened from the results (not where it was).
        article_list = app.main.query_one(ArticleList)
        assert article_list.cursor == article_list.position_of(shown_id(app)) != cursor
        assert not app.main.query_one("#search").display


def held_searches(library: Library, hold: Callable[[Query], bool]) -> tuple[threading.Event, list[bool]]:
    """Make the searches `hold` picks wait (as a slow one would) until the event is set.

    Returns the event, and for each search whether it ran away from the event loop's thread.
    """
    release, in_threads = threading.Event(), []
    real = library.search

    def search(query: Query, *, limit: int = 500) -> list[int]:
        in_threads.append(threading.current_thread() is not threading.main_thread())
        if hold(query):
            release.wait(30)
        return real(query, limit=limit)

    library.search = search  # type: ignore[method-assign]
    return release, in_threads


async def test_typing_goes_on_while_a_search_runs_and_only_the_last_query_is_shown(
    sample_dir: Path,
) -> None:
    async with running(sample_dir) as (app, pilot, messages):
        metro = parse_query("metro")
        found = app.library.search(metro)
        expected = [app.library.summaries(found)[rowid].title for rowid in found]
        first = parse_query("m")
        release, in_threads = held_searches(app.library, lambda query: query == first)
        await pilot.press("slash", *"metro")  # "m" is still being searched for
        await handled(pilot, messages, ResultsFound, lambda m: m.query == metro)
        assert rows(app) == expected and "2 results found" in str(app.main.query_one("#status").render())
        release.set()
        await handled(pilot, messages, ResultsFound, lambda m: m.query == first)
        await searched(pilot)
        assert rows(app) == expected  # the results for "m" came last, and were dropped
        assert len(in_threads) >= 2 and all(in_threads)


async def test_enter_and_down_act_on_the_results_of_the_query_typed_even_before_they_come(
    sample_dir: Path,
) -> None:
    async with running(sample_dir) as (app, pilot, _):
        away = threading.main_thread
        release, in_threads = held_searches(
            app.library, lambda query: threading.current_thread() is not away()
        )
        await pilot.press("slash", *"ha noi", "down", "enter")  # every search in a thread is held
        assert reader(app).article.title == "Hà Nội mở thêm 12 tuyến buýt điện"  # the second result
        assert rows(app)[:2] == ["Metro Nhổn - ga Hà Nội chạy thử đoạn đi ngầm", reader(app).article.title]
        assert in_threads.count(False) == 1  # found once, at once, when Down needed the results
        release.set()
        await searched(pilot)
        assert reader(app).article.title == "Hà Nội mở thêm 12 tuyến buýt điện"


async def test_a_search_that_fails_in_its_thread_says_why_under_the_box(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await pilot.press("slash", *"metro")
        await searched(pilot)
        before = rows(app)

        def broken(query: Query, *, limit: int = 500) -> list[int]:
            raise RuntimeError("the disk went away")

        app.library.search = broken  # type: ignore[method-assign]
        await pilot.press("space", "n")
        await searched(pilot)
        assert str(app.main.query_one("#search").border_subtitle) == "the search failed: the disk went away"
        assert rows(app) == before and app.is_running


async def test_malformed_query_shows_a_message_and_keeps_the_results(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await pilot.press("slash", *"metro")
        await searched(pilot)
        before = rows(app)
        await pilot.press("space", "quotation_mark")
        await pilot.pause()
        assert "closing" in str(app.main.query_one("#search").border_subtitle)
        assert rows(app) == before


async def test_search_results_have_snippets_with_matches(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await pilot.press("slash", *"dak doa")
        await searched(pilot)
        article_list = app.main.query_one(ArticleList)
        assert article_list.row_height == 2 and article_list.showing_results
        first, second = article_list.render_line(0).text, article_list.render_line(1).text
        assert "Đak Đoa (Gia Lai)" in first
        assert "Đak Đoa" in second or "Dù mới" in second


async def test_related_section_shows_more_like_this(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await open_by_id(app, pilot, "xa-hoi/dan-toc/lai-chau-cai-cach-hanh-chinh")
        kinds = [r.kind for r in reader(app).related]
        assert kinds[0] == "link" and "similar" in kinds
        assert len([k for k in kinds if k == "similar"]) <= 5


@pytest.mark.xdist_group("large_folder")  # one worker builds the folder, once
async def test_virtual_list_with_10000_articles(
    large_folder: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = large_folder
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(cache))
    async with running(folder) as (app, pilot, _):
        article_list = app.main.query_one(ArticleList)
        assert len(article_list) == LARGE + 1
        windows: list[int] = []
        summaries = app.library.index.catalog.summaries

        def spy(rowids: list[int]) -> Mapping[int, Any]:
            windows.append(len(rowids))
            return summaries(rowids)

        monkeypatch.setattr(app.library.index.catalog, "summaries", spy)
        app.main.reload()
        assert NEWEST_TITLE[:25] in article_list.render_line(0).text
        await pilot.press("G")
        await pilot.pause()
        assert article_list.cursor == LARGE
        assert article_list.render_line(article_list.scrollable_content_region.height - 1).text.strip()
        await pilot.press("pageup", "pageup", "g")
        await pilot.pause()
        assert windows and max(windows) < 200
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        filtered = len(article_list)
        assert 0 < filtered < LARGE
        assert filtered == len(app.library.view_rowids(category=app.main.view.key))
        await pilot.press("slash", *"title:newest")
        await searched(pilot)
        assert rows(app) == [NEWEST_TITLE]
        await pilot.press("enter")
        await pilot.pause()
        assert shown_id(app) == "newest"


@pytest.mark.xdist_group("large_folder")
async def test_first_index_shows_progress_and_articles_before_it_ends(
    large_folder: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _cache = large_folder
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "fresh-cache"))
    from reader.ui.app import create_app

    app = create_app(folder, watch=False)
    seen: list[tuple[int, int, int]] = []

    def hook(message: object) -> None:
        if isinstance(message, IndexProgressed):
            seen.append((message.done, message.total, len(app.main.query_one(ArticleList))))
        if isinstance(message, FolderSynced) and message.full:
            seen.append((-1, -1, -1))

    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        async with asyncio.timeout(120):
            while (-1, -1, -1) not in seen:
                await pilot.pause()
        await pilot.pause()
        assert len(app.main.query_one(ArticleList)) == LARGE + 1
    partial = [entry for entry in seen if 0 < entry[0] < entry[1]]
    assert partial, seen
    assert any(shown > 0 for _done, _total, shown in partial[1:])
    assert seen[-1] == (-1, -1, -1)


async def test_keys_typed_faster_than_focus_moves_are_not_lost(sample_dir: Path) -> None:
    """A burst like a fast typist's (or a paste): "/query" Enter, then again."""
    from textual import events

    async with running(sample_dir) as (app, pilot, _):
        for text, expected in (
            ("/metro nhon\r", "xa-hoi/giao-thong/metro-nhon-ga-ha-noi"),
            ("/dak doa\r", "xa-hoi/dan-toc/dak-doa-clb-thu-linh-thay-doi"),
        ):
            for character in text:
                name = {"/": "slash", "\r": "enter", " ": "space"}.get(character, character)
                app.post_message(events.Key(name, character))
            for _ in range(4):
                await pilot.pause()
            assert app.main.query_one("#search").value == text[1:-1]
            assert shown_id(app) == expected
            assert app.focused is app.main.query_one(ArticleList)
        assert not app.library.is_starred("xa-hoi/giao-thong/metro-nhon-ga-ha-noi")


async def test_a_capped_result_count_says_so(sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reader.ui.searching.SEARCH_LIMIT", 3)
    async with running(sample_dir) as (app, pilot, _):
        await pilot.press("slash", *"the")
        await searched(pilot)
        assert "3+ results found" in str(app.main.query_one("#status").render())


async def test_related_list_keys_stop_at_the_ends(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await open_by_id(app, pilot, "xa-hoi/dan-toc/lai-chau-cai-cach-hanh-chinh")
        await pilot.press("r")
        related = reader(app).query_one("#related")
        count = related.option_count
        await pilot.press(*["j"] * (count + 3))
        assert related.highlighted == count - 1
        await pilot.press("g")
        assert related.highlighted == 0
        await pilot.press("G")
        assert related.highlighted == count - 1


async def test_the_search_box_says_what_happened_as_messages(sample_dir: Path) -> None:
    from reader.ui.search_box import SearchBox

    def sent(kind: type[Any]) -> list[Any]:
        """Each message once (the hook sees it at every widget it bubbles through)."""
        return list({id(m): m for m in messages if isinstance(m, kind)}.values())

    async with running(sample_dir) as (app, pilot, messages):
        await pilot.press("slash", *"metro", "down", "enter")
        await pilot.pause()
        assert [m.text for m in sent(SearchBox.SearchChanged)] == ["m", "me", "met", "metr", "metro"]
        heard = [m for m in messages if isinstance(m, SearchBox.SearchChanged | SearchBox.ResultsMoved)]
        assert (
            len(heard) == 2 * 6
        )  # each at the screen, then the app, in typing order: never up the containers
        assert [m.step for m in sent(SearchBox.ResultsMoved)] == [1]
        assert [m.text for m in sent(SearchBox.SearchSubmitted)] == ["metro"]
        assert shown_id(app) == summaries(app)[1].id and app.focused is app.main.query_one(ArticleList)
        await pilot.press("slash", "x", "backspace", "escape")
        await pilot.pause()
        assert [m.text for m in sent(SearchBox.SearchChanged)][-2:] == ["x", ""]
        assert len(sent(SearchBox.SearchClosed)) == 1
        assert len(rows(app)) == 46 and not app.main.query_one(SearchBox).display
