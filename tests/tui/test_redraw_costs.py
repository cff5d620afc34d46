"""What a filter step redraws: the list and the two tree lines the cursor left and reached, no layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget

from reader.ui.article_list import ArticleList
from reader.ui.category_tree import CategoryTree
from reader.ui.search_box import SearchBox

from conftest import write
from tui.conftest import running, searched


@pytest.fixture
def nested_dir(tmp_path: Path) -> Path:
    """Categories of 60, 25 and 80 articles (the last in four subcategories: a branch of five lines),
    and one of 3 that needs no scrollbar."""
    root = tmp_path / "articles"
    for number in range(60):
        write(root, f"alpha/a{number}.md", f"---\ntitle: Alpha {number}\n---\nWords.\n")
    for number in range(25):
        write(root, f"beta/b{number}.md", f"---\ntitle: Beta {number}\n---\nWords.\n")
    for number in range(3):
        write(root, f"zeta/z{number}.md", f"---\ntitle: Zeta {number}\n---\nWords.\n")
    for number in range(80):
        write(root, f"world/part{number % 4}/w{number}.md", f"---\ntitle: World {number}\n---\nWords.\n")
    return root


async def test_stepping_through_categories_never_lays_the_screen_out_again(
    nested_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    layouts: list[int] = []
    refresh_layout = Screen._refresh_layout

    def counted(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        layouts.append(1)
        refresh_layout(self, *args, **kwargs)

    async with running(nested_dir, size=(120, 40)) as (app, pilot, _):
        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        lengths = set()
        for _ in range(5):  # 60, 25, 80, 20 and 20 articles: the length changes, the scrollbar stays
            await pilot.press("right_square_bracket")
            await pilot.pause()
            lengths.add(len(app.main.query_one(ArticleList)))
        assert len(lengths) > 1
        assert layouts == []
        article_list = app.main.query_one(ArticleList)
        assert article_list.show_vertical_scrollbar
        await pilot.press(*["right_square_bracket"] * 3)  # part2, part3, then Zeta: 3 articles
        await pilot.pause()
        assert len(article_list) == 3 and not article_list.show_vertical_scrollbar
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert len(article_list) == 20 and article_list.show_vertical_scrollbar


async def test_the_tree_repaints_only_the_lines_the_cursor_left_and_reached(
    nested_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(nested_dir, size=(120, 40)) as (app, pilot, _):
        tree = app.main.query_one(CategoryTree)
        world = next(view for view in tree.views() if view.label() == "World")
        before = tree.cursor_line
        repainted: list[Region] = []
        refresh = Widget.refresh

        def spied(self: Widget, *regions: Region, **kwargs: Any) -> Any:
            if self is tree:
                repainted.extend(regions or [Region(0, 0, 0, 999)])
            return refresh(self, *regions, **kwargs)

        monkeypatch.setattr(Widget, "refresh", spied)
        tree.select_view(world)  # a branch of four subcategories
        await pilot.pause()
        assert tree.cursor_line != before
        assert {region.y for region in repainted} == {before, tree.cursor_line}


async def test_typing_a_search_lays_the_screen_out_for_its_results_not_for_each_key(
    nested_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each key typed laid the whole screen out (Input's size changed back and forth), and the
    list was fitted to the results a frame late, then laid out again when it resized."""
    layouts: list[str] = []
    refresh_layout = Screen._refresh_layout

    def counted(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        layouts.append(app.main.query_one(SearchBox).value)
        refresh_layout(self, *args, **kwargs)

    async with running(nested_dir, size=(120, 40)) as (app, pilot, _):
        await pilot.press("slash", "w")  # nothing found: the list empties and is fitted
        await searched(pilot)
        await pilot.pause()
        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        for key in "or":
            await pilot.press(key)
            await searched(pilot)
        assert layouts == []  # still nothing found: the same shape, the box only repainted
        await pilot.press("l", "d")
        await searched(pilot)
        await pilot.pause()
        assert len(app.main.query_one(ArticleList)) == 80
        # Stacked, the list column grows to fit the results in the frame that shows them (the
        # second pass is Textual's own, for the panes whose size changed).
        assert layouts == ["world", "world"]
