"""Many results: the first screenful is shown with the full count, and the rest join it after."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from reader.library import Library
from reader.query import Query, parse_query
from reader.ui.article_list import ArticleList
from reader.ui.messages import ResultsFound
from reader.ui.searching import FIRST_RESULTS, SEARCH_LIMIT

from tui.conftest import handled, rows, running, searched

MANY = 150


def write_folder(root: Path) -> Path:
    for n in range(MANY):
        body = "alpha " * (1 + n % 7) + f"story number {n}."
        (root / f"story-{n:03}.txt").write_text(f"Alpha story {n:03}\n\n{body}\n", encoding="utf-8")
    (root / "other.txt").write_text("Beta story\n\nNothing of the kind.\n", encoding="utf-8")
    return root


def hold_whole_searches(library: Library) -> threading.Event:
    """Make searches for the whole list of results wait until the event is set."""
    release = threading.Event()
    real = library.search

    def search(query: Query, *, limit: int = 500) -> list[int]:
        if limit == SEARCH_LIMIT and threading.current_thread() is not threading.main_thread():
            release.wait(30)
        return real(query, limit=limit)

    library.search = search  # type: ignore[method-assign]
    return release


def change_whole_searches(library: Library, change: Callable[[list[int]], list[int]]) -> None:
    """Make searches for the whole list of results give `change` of what they find (the index
    changed between the first results and the rest)."""
    found_by = library.search

    def search(query: Query, *, limit: int = 500) -> list[int]:
        found = found_by(query, limit=limit)
        return change(found) if limit == SEARCH_LIMIT else found

    library.search = search  # type: ignore[method-assign]


async def test_the_first_results_come_with_the_count_and_the_rest_join_them_where_the_cursor_is(
    tmp_path: Path,
) -> None:
    async with running(write_folder(tmp_path)) as (app, pilot, messages):
        found = app.library.search("alpha", limit=SEARCH_LIMIT)
        whole = [app.library.summaries(found)[rowid].title for rowid in found]
        release = hold_whole_searches(app.library)
        await pilot.press("slash", *"alpha")
        first = await handled(pilot, messages, ResultsFound, lambda m: not m.complete)
        assert first.total == MANY and len(first.found) == FIRST_RESULTS
        await pilot.pause()
        article_list = app.main.query_one(ArticleList)
        assert len(article_list) == MANY  # the scrollbar and the count are right at once
        assert f"{MANY} results found" in str(app.main.query_one("#status").render())
        assert rows(app) == whole[:FIRST_RESULTS]  # the start of the whole ranking
        article_list.move_to(5)  # the reader moves while the rest is found
        release.set()
        await handled(pilot, messages, ResultsFound, lambda m: m.complete)
        await searched(pilot)
        assert rows(app) == whole and article_list.cursor == 5
        assert f"{MANY} results found" in str(app.main.query_one("#status").render())


async def test_a_key_that_acts_on_results_has_them_all_first(tmp_path: Path) -> None:
    async with running(write_folder(tmp_path)) as (app, pilot, messages):
        release = hold_whole_searches(app.library)
        await pilot.press("slash", *"alpha")
        await handled(pilot, messages, ResultsFound, lambda m: not m.complete)
        await pilot.press("down")  # Down and Enter in the box act on all the results: found now
        await pilot.pause()
        assert len(rows(app)) == MANY and app.main.query_one(ArticleList).cursor == 1
        release.set()
        await searched(pilot)
        assert len(rows(app)) == MANY


async def test_few_results_come_at_once(tmp_path: Path) -> None:
    async with running(write_folder(tmp_path)) as (app, pilot, messages):
        await pilot.press("slash", *"beta")
        found = await handled(pilot, messages, ResultsFound)
        assert found.complete and rows(app) == ["Beta story"]
        await searched(pilot)
        beta = [m for m in messages if isinstance(m, ResultsFound) and m.query == parse_query("beta")]
        assert len({id(m) for m in beta}) == 1


async def test_when_the_rest_starts_otherwise_the_rows_on_screen_are_read_again(tmp_path: Path) -> None:
    """The index changed between the two (a sync): the list shows the whole results as they are."""
    async with running(write_folder(tmp_path)) as (app, pilot, messages):
        release = hold_whole_searches(app.library)
        change_whole_searches(app.library, lambda found: found[::-1])
        await pilot.press("slash", *"alpha")
        await handled(pilot, messages, ResultsFound, lambda m: not m.complete)
        await pilot.pause()
        article_list = app.main.query_one(ArticleList)
        first_line = article_list.render_line(0).text
        release.set()
        await handled(pilot, messages, ResultsFound, lambda m: m.complete)
        await searched(pilot)
        last_title = rows(app)[0]
        assert last_title.lower() not in first_line.lower()
        assert last_title in article_list.render_line(0).text


async def test_the_same_query_searched_again_while_filling_ends_with_all_its_results(tmp_path: Path) -> None:
    """The index changed (or a key was typed and taken back): the second search is shown whole."""
    async with running(write_folder(tmp_path)) as (app, pilot, messages):
        release = hold_whole_searches(app.library)
        await pilot.press("slash", *"alpha")
        first = await handled(pilot, messages, ResultsFound, lambda m: not m.complete)
        app.main.searching.show_again()  # as a sync of this folder does
        await handled(pilot, messages, ResultsFound, lambda m: not m.complete and m.asked > first.asked)
        await pilot.pause()
        assert len(app.main.query_one(ArticleList)) == MANY
        release.set()
        await searched(pilot)
        await pilot.pause()
        assert len(rows(app)) == MANY and f"{MANY} results found" in str(
            app.main.query_one("#status").render()
        )


async def test_when_the_rest_cannot_be_found_the_first_results_are_all_the_list_holds(tmp_path: Path) -> None:
    async with running(write_folder(tmp_path)) as (app, pilot, messages):
        real = app.library.search

        def search(query: Query, *, limit: int = 500) -> list[int]:
            if limit == SEARCH_LIMIT:
                raise RuntimeError("the disk went away")
            return real(query, limit=limit)

        app.library.search = search  # type: ignore[method-assign]
        await pilot.press("slash", *"alpha")
        await handled(pilot, messages, ResultsFound, lambda m: m.complete)
        await searched(pilot)
        assert len(app.main.query_one(ArticleList)) == len(rows(app)) == FIRST_RESULTS
        assert f"{FIRST_RESULTS} results found" in str(app.main.query_one("#status").render())
        assert str(app.main.query_one("#search").border_subtitle) == "the search failed: the disk went away"


async def test_marking_all_read_while_filling_marks_every_result(tmp_path: Path) -> None:
    async with running(write_folder(tmp_path)) as (app, pilot, messages):
        release = hold_whole_searches(app.library)
        await pilot.press("slash", *"alpha")
        await handled(pilot, messages, ResultsFound, lambda m: not m.complete)
        app.main.action_mark_all_read()  # asks first, about all of them
        await pilot.pause()
        assert len(rows(app)) == MANY
        release.set()
        await searched(pilot)


async def test_fewer_results_than_counted_keep_the_cursor_on_one(tmp_path: Path) -> None:
    async with running(write_folder(tmp_path)) as (app, pilot, messages):
        release = hold_whole_searches(app.library)
        change_whole_searches(app.library, lambda found: found[:80])  # files went meanwhile
        await pilot.press("slash", *"alpha")
        await handled(pilot, messages, ResultsFound, lambda m: not m.complete)
        article_list = app.main.query_one(ArticleList)
        article_list.move_to(120)  # a row still to come
        release.set()
        await handled(pilot, messages, ResultsFound, lambda m: m.complete)
        await searched(pilot)
        assert len(article_list) == 80 and article_list.cursor == 79
