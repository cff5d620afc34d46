"""Reading the news every day: one reading flow, catching up, order, links, memory and settings."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest

from reader.preferences import Preferences
from reader.text import fold
from reader.ui.article_body import ArticleBody
from reader.ui.article_list import ArticleList
from reader.ui.category_tree import CategoryTree
from reader.ui.dialogs import ConfirmScreen
from reader.ui.messages import FolderSynced
from reader.ui.pickers import CategoryPicker, LinksScreen, rank
from reader.ui.reading_pane import ReadingPane, RelatedList

from conftest import write
from tui.conftest import SEED_ID, handled, open_by_id, reader, rows, running, shown_id, summaries

LINKED = """---
title: A story with links
published: 2031-05-05
tags: [links, testing]
---
Read [the other story](sport/football/cup-final-harbour-city.md) first, then
[the council's page](https://example.org/council) and [the map](https://example.org/map).
"""


async def test_space_pages_and_goes_on_to_the_next_unread_from_any_pane(sample_dir: Path) -> None:
    async with running(sample_dir, size=(120, 30)) as (app, pilot, _):
        ids = [row.id for row in summaries(app)]
        await pilot.press("space")  # nothing open: the article at the cursor
        assert shown_id(app) == ids[0]
        for pane in (app.main.query_one(CategoryTree), reader(app), app.main.query_one(ArticleList)):
            pane.focus()
            await pilot.pause()
            before = shown_id(app)
            for _ in range(40):  # page to the end, then one more: the next unread
                await pilot.press("space")
                await pilot.pause()
                if shown_id(app) != before:
                    break
            assert shown_id(app) != before and app.library.is_read(before or "")
        top = reader(app).scroll_y
        await pilot.press("space")
        assert reader(app).scroll_y > top
        await pilot.press("b")
        assert reader(app).scroll_y == top


async def test_enter_in_the_tree_filters_without_folding(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        tree = app.main.query_one(CategoryTree)
        tree.focus()
        science = next(n for n in tree.root.children if str(n.label).startswith("Science"))
        tree.move_cursor(science)
        await pilot.press("enter")
        assert app.main.view.key == ("science",) and science.is_expanded
        tree.focus()
        tree.move_cursor(science)
        await pilot.press("left")
        assert not science.is_expanded
        await pilot.press("l")
        assert science.is_expanded
        await pilot.press("l")
        assert tree.cursor_node is science.children[0]
        await pilot.press("h")
        assert tree.cursor_node is science


async def test_escape_backs_out_one_level_and_never_quits(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await open_by_id(app, pilot, SEED_ID)
        await pilot.press("z")
        assert app.main.has_class("-reading")
        await pilot.press("r")
        assert isinstance(app.focused, RelatedList)
        await pilot.press("escape")
        assert isinstance(app.focused, ReadingPane) and app.main.has_class("-reading")
        await pilot.press("escape")
        assert not app.main.has_class("-reading") and app.focused is app.main.query_one(ArticleList)
        assert app.main.query_one(ArticleList).current_id == SEED_ID  # where it was
        await pilot.press("slash", *"metro")
        await pilot.press("escape")
        assert not app.main.searching.open
        for _ in range(3):
            await pilot.press("escape")
        assert app.is_running


async def test_q_closes_the_innermost_view_and_quits_from_the_panes(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await open_by_id(app, pilot, SEED_ID)
        await pilot.press("z")
        await pilot.press("q")
        assert app.is_running and not app.main.has_class("-reading")
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    async with running(sample_dir) as (app, pilot, _):
        await pilot.press("z", "Q")
        await pilot.pause()
        assert not app.is_running


async def test_enter_on_the_open_article_reads_it_alone_and_esc_comes_back(sample_dir: Path) -> None:
    async with running(sample_dir, size=(200, 50)) as (app, pilot, _):
        await pilot.press("j", "enter")
        opened = shown_id(app)
        await pilot.press("enter")
        assert app.main.has_class("-reading")
        assert (
            not app.main.query_one(ArticleList).display or app.main.query_one(ArticleList).region.width == 0
        )
        body = app.main.query_one(ArticleBody)
        assert body.region.width <= 90 and body.region.x >= (200 - 90) // 2 - 2  # centred
        await pilot.press("escape")
        assert app.main.query_one(ArticleList).cursor == 1 and shown_id(app) == opened


async def test_the_open_article_is_marked_and_the_cursor_lands_on_it(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        article_list = app.main.query_one(ArticleList)
        await pilot.press("n", "n")
        assert article_list.open_id == shown_id(app) and article_list.cursor == 1
        await pilot.press("k")  # the cursor moves, the open article stays marked
        assert article_list.cursor == 0 and article_list.open_id == summaries(app)[1].id
        assert article_list.render_line(1).text[1] == "▶" and article_list.render_line(0).text[1] != "▶"
        await pilot.press("backspace")
        assert article_list.cursor == 0 and shown_id(app) == summaries(app)[0].id


async def test_the_category_picker_puts_exact_names_first_with_counts(sample_dir: Path) -> None:
    write(sample_dir, "x/long.md", "---\ntitle: X\ncategory: Khu vực kinh tế trọng điểm phía nam\n---\nx\n")
    async with running(sample_dir) as (app, pilot, _):
        await pilot.press("c", *"kinh te")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, CategoryPicker)
        assert picker.shown[0].names == ("Kinh tế",)
        first = picker.query_one("#picker-list").get_option_at_index(0).prompt
        assert "8 unread of 8" in str(first)
    assert rank("kinh te", "Kinh tế") == 0 and rank("kinh te", "Kinh tế › Nông nghiệp") == 1
    assert rank("kinh te", "Khu vực kinh tế trọng điểm") == 2 and rank("zzz", "Kinh tế") is None


async def test_mark_all_read_asks_with_the_count_and_undo_restores_exactly(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await open_by_id(app, pilot, SEED_ID)  # one article read before
        await pilot.press("right_square_bracket")  # the first category: 4 articles, the seed's
        assert "4 articles, 3 unread" in str(app.main.query_one("#status").render())
        await pilot.press("A")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Mark 3 articles in" in str(app.screen.query_one("#question").render())
        await pilot.press("n")
        assert "3 unread" in str(app.main.query_one("#status").render())
        await pilot.press("A", "y")
        await pilot.pause()
        assert "4 articles, 0 unread" in str(app.main.query_one("#status").render())
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "4 articles, 3 unread" in str(app.main.query_one("#status").render())
        assert app.library.is_read(SEED_ID)  # it was read before: it stays read


async def test_a_category_is_marked_read_from_the_tree(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        tree = app.main.query_one(CategoryTree)
        tree.focus()
        science = next(n for n in tree.root.children if str(n.label).startswith("Science"))
        tree.move_cursor(science)
        await pilot.press("C", "enter")
        await pilot.pause()
        assert str(science.label) == "Science"  # nothing unread left: no count
        assert app.main.view.kind == "all"  # marking did not filter
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert str(science.label) == "Science 8"


async def test_sort_cycles_through_the_orders(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        newest = rows(app)
        await open_by_id(app, pilot, SEED_ID)
        await pilot.press("S")
        times = [row.published.timestamp() for row in summaries(app) if row.published]
        assert times == sorted(times) and "[oldest first]" in str(app.main.query_one("#status").render())
        await pilot.press("S")
        titles = [fold(title) for title in rows(app)]
        assert titles == sorted(titles)
        await pilot.press("S")
        read = [row.read for row in summaries(app)]
        assert read == sorted(read) and read[-1]  # the one read comes last
        await pilot.press("S")
        assert rows(app) == newest and "[" not in str(app.main.query_one("#status").render()).split("▸")[0]


async def test_undated_articles_go_by_their_files_time_shown_as_approximate(sample_dir: Path) -> None:
    undated = write(sample_dir, "undated.txt", "A story that gives no date\n\nIts body.\n")
    stamp = 1_600_000_000  # September 2020: between dated articles of the sample
    os.utime(undated, (stamp, stamp))
    async with running(sample_dir) as (app, _pilot, _):
        found = next(row for row in summaries(app) if row.id == "undated")
        assert found.approximate and found.published is not None
        before, after = (
            summaries(app)[i] for i in (rows(app).index(found.title) - 1, rows(app).index(found.title) + 1)
        )
        assert before.published and after.published
        assert before.published.timestamp() >= stamp >= after.published.timestamp()


async def test_links_are_numbered_listed_and_followed(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(sample_dir, "linked.md", LINKED)
    async with running(sample_dir) as (app, pilot, _):
        opened: list[str] = []
        monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
        await open_by_id(app, pilot, "linked")
        body = "\n".join(
            line.text for line in (app.main.query_one(ArticleBody).render_line(y) for y in range(3))
        )
        assert "the other story[1]" in body and "the council's page[2]" in body
        assert "Tags: links · testing" in str(reader(app).query_one("#tags").render())
        await pilot.press("l")
        assert isinstance(app.screen, LinksScreen)
        await pilot.press("down", "y")
        assert app.clipboard == "https://example.org/council"
        await pilot.press("enter")
        await pilot.pause()
        assert opened == ["https://example.org/council"]
        await pilot.press("l", "enter")  # the first link leads to an article in the folder
        await pilot.pause()
        assert shown_id(app) == "football-2025-cup-final"
        await pilot.press("backspace")
        assert shown_id(app) == "linked"


async def test_an_article_opened_from_a_search_has_the_words_marked(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await pilot.press("slash", *"penalties", "enter")
        await pilot.pause()
        body = app.main.query_one(ArticleBody)
        marked = [
            segment.text
            for y in range(60)
            for segment in body.render_line(y)
            if segment.style is not None and segment.style.reverse
        ]
        assert any("penalties" in text.lower() for text in marked)


async def test_the_view_sort_and_open_article_are_back_at_the_next_start(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await pilot.press("right_square_bracket", "S", "U")
        await open_by_id(app, pilot, SEED_ID)
        view = app.main.view
    async with running(sample_dir) as (app, pilot, _):
        assert app.main.view == view and app.main.views.sort == "oldest" and app.main.views.unread_only
        assert shown_id(app) == SEED_ID
        assert app.main.query_one(ArticleList).position_of(SEED_ID) is not None


async def test_counts_are_right_during_a_first_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.ui.app import create_app
    from reader.ui.messages import IndexProgressed

    from conftest import many_articles

    monkeypatch.setattr("reader.index.sync.RECOUNT_SECONDS", 0.0)
    folder = many_articles(tmp_path / "articles", 3000)
    app = create_app(folder, watch=False)
    seen: list[tuple[int, str, str]] = []

    def hook(message: object) -> None:
        if isinstance(message, IndexProgressed) and 0 < message.done < message.total:
            status = str(app.main.query_one("#status").render())
            seen.append(
                (
                    len(app.main.query_one(ArticleList)),
                    status,
                    str(app.main.query_one(CategoryTree).root.label),
                )
            )

    messages: list[Any] = []
    async with app.run_test(size=(120, 40), message_hook=lambda m: (messages.append(m), hook(m))) as pilot:
        await handled(pilot, messages, FolderSynced, lambda m: m.full, timeout=60)
    later = [entry for entry in seen[1:] if entry[0] > 0]
    assert later
    for shown, status, label in later:
        unread = int(status.split(" articles, ")[1].split(" unread")[0].replace(",", ""))
        assert status.startswith(f"Newsdesk  {shown:,} articles") and unread > 0 and label != "All"


async def test_a_bad_config_file_is_said_once_and_the_rest_is_used(
    sample_dir: Path, isolated_home: Path
) -> None:
    config = isolated_home / "config" / "config.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        "layout: sideways\nsort: oldest\nkeys:\n  next_article: x\n  nothing: y\n", encoding="utf-8"
    )
    async with running(sample_dir) as (app, pilot, _):
        said = [str(n.message) for n in app._notifications]
        assert any("config.yaml:1: layout: must be one of auto, columns, stacked" in text for text in said)
        assert app.main.views.sort == "oldest"
        await pilot.press("x")
        assert shown_id(app) == summaries(app)[0].id  # x is now "next article"
        assert app.main.layout_choice == "auto"


async def test_a_theme_chosen_is_remembered(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, _pilot, _):
        app.theme = "textual-light"
    assert Preferences().get("theme") == "textual-light"
    async with running(sample_dir) as (app, _pilot, _):
        assert app.theme == "textual-light"


async def test_the_palette_offers_every_action_with_its_key(sample_dir: Path) -> None:
    from textual.command import CommandList

    async with running(sample_dir) as (app, pilot, _):
        await pilot.press("ctrl+p", *"mark every article")
        async with asyncio.timeout(10):
            while True:
                offers = app.screen.query_one(CommandList)
                if offers.option_count:
                    break
                await pilot.pause()
        assert "(A)" in str(offers.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
