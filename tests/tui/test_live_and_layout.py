"""The live folder, narrow terminals, and text that must be shown literally."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.message import Message
from textual.pilot import Pilot

from reader.ui.article_list import ArticleList
from reader.ui.category_tree import CategoryTree
from reader.ui.key_line import KeyLine
from reader.ui.messages import FolderSynced
from reader.ui.pickers import CategoryPicker

from tui.conftest import SEED_ID, handled, open_by_id, reader, rows, running, shown_id

NEW_ARTICLE = "---\ntitle: Breaking news from the folder\ncategory: Science / Space\npublished: 2026-01-01\n---\nBody.\n"


async def changes_applied(pilot: Pilot[Any], messages: list[Message], after: int) -> Any:
    """Wait for the watcher to report a change (after message `after`) and the screen to show it."""
    return await handled(pilot, messages, FolderSynced, lambda m: bool(m.changes), after=after)


async def test_added_file_appears_without_moving_the_selection(sample_dir: Path) -> None:
    near_the_top = "cong-nghe/robot-nong-nghiep-sinh-vien"
    async with running(sample_dir, watch=True) as (app, pilot, messages):
        await open_by_id(app, pilot, near_the_top)
        article_list = app.main.query_one(ArticleList)
        cursor_id = article_list.current_id
        screen_row = article_list.cursor - article_list.scroll_offset.y
        seen = len(messages)
        (sample_dir / "science" / "space" / "breaking.md").write_text(NEW_ARTICLE, encoding="utf-8")
        await changes_applied(pilot, messages, seen)
        # At the top of the list the newcomer shows above; the cursor stays on its article.
        assert article_list.scroll_offset.y == 0 and article_list.cursor == screen_row + 1
        assert rows(app)[0] == "Breaking news from the folder"
        assert app.main.query_one(ArticleList).current_id == cursor_id == near_the_top
        assert shown_id(app) == near_the_top
        tree = app.main.query_one(CategoryTree)
        assert str(tree.root.label) == "All 46"  # unread, of 47
        tree.show_totals(True)
        assert str(tree.root.label) == "All 46/47"
        assert any(str(n.message) == "1 new article" for n in app._notifications)


async def test_removed_open_file_is_reported_in_the_pane(sample_dir: Path) -> None:
    async with running(sample_dir, watch=True) as (app, pilot, messages):
        await open_by_id(app, pilot, SEED_ID)
        seen = len(messages)
        (sample_dir / (SEED_ID + ".txt")).unlink()
        await changes_applied(pilot, messages, seen)
        assert reader(app).article is None
        assert "removed" in str(reader(app).query_one("#headline").render())
        assert len(rows(app)) == 45


async def test_changed_open_file_rerenders_in_place(sample_dir: Path) -> None:
    path = sample_dir / "sport" / "football" / "cup-final-harbour-city.md"
    async with running(sample_dir, watch=True) as (app, pilot, messages):
        await pilot.press("enter")
        await pilot.pause()
        text = path.read_text(encoding="utf-8").replace("Harbour City win", "Harbour City triumph")
        seen = len(messages)
        path.write_text(text, encoding="utf-8")
        await changes_applied(pilot, messages, seen)
        assert reader(app).article.title == "Harbour City triumph cup final on penalties"


async def test_narrow_terminal_hides_the_tree_and_stacks_the_panes(sample_dir: Path) -> None:
    async with running(sample_dir, size=(80, 24)) as (app, pilot, _):
        tree = app.main.query_one(CategoryTree)
        article_list = app.main.query_one(ArticleList)
        assert not tree.display or tree.region.width == 0
        assert reader(app).region.y > article_list.region.y
        assert reader(app).region.width == article_list.region.width
        await pilot.press("t")
        await pilot.pause()
        assert tree.display and tree.region.width > 0
        await pilot.press("t")
        await pilot.pause()
        assert tree.region.width == 0


async def test_wide_terminal_has_three_panes_side_by_side(sample_dir: Path) -> None:
    async with running(sample_dir, size=(200, 50)) as (app, _pilot, _):
        tree = app.main.query_one(CategoryTree).region
        article_list = app.main.query_one(ArticleList).region
        pane = reader(app).region
        assert tree.x < article_list.x < pane.x
        assert tree.y == article_list.y == pane.y
        assert tree.right <= article_list.x and article_list.right <= pane.x


async def test_below_160_columns_the_list_is_over_the_article_beside_the_tree(sample_dir: Path) -> None:
    async with running(sample_dir, size=(120, 40)) as (app, _pilot, _):
        tree = app.main.query_one(CategoryTree).region
        article_list = app.main.query_one(ArticleList).region
        pane = reader(app).region
        assert tree.right <= article_list.x == pane.x and article_list.bottom <= pane.y
        assert article_list.width == pane.width and tree.height == article_list.height + pane.height


async def test_markup_and_escapes_in_titles_are_shown_literally(sample_dir: Path) -> None:
    (sample_dir / "hostile.md").write_text(
        "---\ntitle: '[bold red]x[/] [link=file:///etc/passwd]y[/] [/foo]'\npublished: 2030-01-01\n---\n"
        "Body with [b]markup[/b] and \x1b]0;title\x07 escapes.\n",
        encoding="utf-8",
    )
    async with running(sample_dir) as (app, pilot, _):
        assert rows(app)[0] == "[bold red]x[/] [link=file:///etc/passwd]y[/] [/foo]"
        await pilot.press("enter")
        await pilot.pause()
        headline = str(reader(app).query_one("#headline").render())
        assert headline == "[bold red]x[/] [link=file:///etc/passwd]y[/] [/foo]"
        line = app.main.query_one(ArticleList).render_line(0).text
        assert "[bold red]x[/]" in line


WIDE_TITLES = [
    "东京奥运会开幕式在新国立竞技场举行，各国代表团依次入场",
    "서울 지하철 9호선 연장 구간 개통 🚇🎉 시민들 환영",
    "Đak Đoa: Câu lạc bộ “Thủ lĩnh của sự thay đổi” 👩‍👩‍👧 tự tin",
]


async def test_wide_characters_keep_the_columns_aligned(sample_dir: Path) -> None:
    for number, title in enumerate(WIDE_TITLES):
        (sample_dir / f"wide-{number}.md").write_text(
            f"---\ntitle: '{title}'\ncategory: 国际 / 亚洲\npublished: 2031-01-0{number + 1}\n---\n本文。\n",
            encoding="utf-8",
        )
    for size in [(120, 40), (80, 24), (60, 20)]:
        async with running(sample_dir, size=size) as (app, _pilot, _):
            article_list = app.main.query_one(ArticleList)
            width = article_list.scrollable_content_region.width
            for y in range(3):
                strip = article_list.render_line(y)
                assert strip.cell_length == width
            date_columns = {article_list.render_line(y).text.index("2031") for y in range(3)}
            assert date_columns == {3}


async def test_panes_never_overlap_down_to_60x20(sample_dir: Path) -> None:
    for size in [(200, 50), (120, 40), (100, 30), (80, 24), (60, 20)]:
        async with running(sample_dir, size=size) as (app, pilot, _):
            await pilot.press("n")  # open the next article (never the reading-alone view)
            await pilot.pause()
            regions = [app.main.query_one(n).region for n in ("#status", "#list", "#reader")]
            tree = app.main.query_one(CategoryTree).region
            if tree.width:
                regions.append(tree)
            for index, first in enumerate(regions):
                assert first.width > 0 and first.height > 0, size
                assert first.right <= size[0] and first.bottom <= size[1]
                for second in regions[index + 1 :]:
                    assert not first.overlaps(second), (size, first, second)


async def test_added_file_keeps_a_scrolled_list_still(sample_dir: Path) -> None:
    async with running(sample_dir, watch=True) as (app, pilot, messages):
        article_list = app.main.query_one(ArticleList)
        await pilot.press("G")
        await pilot.pause()
        assert article_list.scroll_offset.y > 0
        cursor_id = article_list.current_id
        screen_row = article_list.cursor - article_list.scroll_offset.y
        seen = len(messages)
        (sample_dir / "breaking.md").write_text(NEW_ARTICLE, encoding="utf-8")
        await changes_applied(pilot, messages, seen)
        assert article_list.current_id == cursor_id
        assert article_list.cursor - article_list.scroll_offset.y == screen_row


def key_line_text(app: Any) -> str:
    """The bottom line as drawn."""
    line = app.main.query_one(KeyLine)
    return "".join(segment.text for segment in line.render_line(0))


async def test_the_key_line_follows_the_focus_shows_keys_whole_and_presses_a_clicked_key(
    sample_dir: Path,
) -> None:
    async with running(sample_dir, size=(120, 30)) as (app, pilot, _):
        text = key_line_text(app)
        assert " / Search " in text and " q Quit " in text and text.rstrip().endswith("^p palette")
        assert len(text) == 120
        await pilot.press("slash")
        await pilot.pause()
        assert "Back" in key_line_text(app) and " q Quit " not in key_line_text(app)  # the search box's keys
        await pilot.press("escape")
        await pilot.pause()
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        narrow = key_line_text(app)
        assert len(narrow) == 60 and narrow.rstrip().endswith("^p palette")
        shown = [item.description for item in app.main.query_one(KeyLine).items]
        drawn = [name for name in shown if f" {name} " in narrow]
        assert drawn and drawn == shown[: len(drawn)] and len(drawn) < len(shown)  # whole keys, in order
        assert " c Category " in narrow and " / Search " not in narrow
        category_at = narrow.index(" c Category ") + 1
        assert app.main.query_one(KeyLine).item_at(category_at) is not None
        await pilot.click(KeyLine, offset=(category_at, 0))
        await pilot.pause()
        assert isinstance(app.screen, CategoryPicker)  # the click pressed `c`
