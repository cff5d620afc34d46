"""Moving, opening and filtering with the keyboard, as a reader would."""

from __future__ import annotations

from pathlib import Path

from reader.ui.article_list import ArticleList
from reader.ui.category_tree import CategoryTree
from reader.ui.dialogs import HelpScreen, ProblemsScreen
from reader.ui.pickers import CategoryPicker

from conftest import settled, write
from tui.conftest import (
    DAK_DOA_ID,
    SEED_ID,
    open_by_id,
    posted,
    reader,
    rows,
    running,
    shown_id,
    summaries,
)


async def test_startup_shows_all_articles_newest_first(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, _pilot, _):
        titles = rows(app)
        assert len(titles) == 46
        assert titles[0] == "Harbour City win cup final on penalties"
        status = str(app.main.query_one("#status").render())
        assert "46 articles, 46 unread" in status and "▸ All" in status
        tree = app.main.query_one(CategoryTree)
        labels = [str(node.label) for node in tree.root.children]
        assert labels[0].startswith("Chương trình") and labels[0].endswith(" 4")
        assert labels[-1] == "★ Starred"  # nothing unread in it: no count
        assert str(tree.root.label) == "All 46"
        tree.show_totals(True)
        assert str(tree.root.label) == "All 46/46" and str(tree.root.children[-1].label) == "★ Starred 0/0"


async def test_cursor_keys_move_in_the_list(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, messages):
        article_list = app.main.query_one(ArticleList)
        assert article_list.has_focus
        await pilot.press("j", "j", "down")
        assert article_list.cursor == 3
        await pilot.press("k", "up")
        assert article_list.cursor == 1
        await pilot.press("G")
        assert article_list.cursor == 45
        await pilot.press("g")
        assert article_list.cursor == 0
        await pilot.press("pagedown")
        page = article_list.cursor
        assert page > 10
        await pilot.press("pageup")
        assert article_list.cursor == 0
        await pilot.press("end")
        assert article_list.cursor == 45
        highlighted = posted(messages, ArticleList.Highlighted)
        assert highlighted[-1].article_id == summaries(app)[45].id


async def test_enter_opens_and_marks_read(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, messages):
        await pilot.press("j", "enter")
        await pilot.pause()
        second = summaries(app)[1]
        assert shown_id(app) == second.id
        assert app.library.is_read(second.id)
        assert posted(messages, ArticleList.Opened)[-1].article_id == second.id
        headline = str(reader(app).query_one("#headline").render())
        assert headline == second.title
        assert "45 unread" in str(app.main.query_one("#status").render())


async def test_tree_selection_filters_by_category_and_subcategories(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, messages):
        tree = app.main.query_one(CategoryTree)
        tree.focus()
        science = next(n for n in tree.root.children if str(n.label).startswith("Science"))
        tree.move_cursor(science)
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.view.key == ("science",)
        assert len(rows(app)) == 8
        assert {a.category[0] for a in summaries(app)} == {"Science"}
        assert {a.category for a in summaries(app)} >= {
            ("Science", "Space"),
            ("Science", "Climate"),
        }
        assert posted(messages, CategoryTree.ViewSelected)[-1].view.key == ("science",)
        assert "▸ Science" in str(app.main.query_one("#status").render())


async def test_category_picker_narrows_without_diacritics(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await pilot.press("c")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, CategoryPicker)
        await pilot.press(*"nong nghiep")
        await pilot.pause()
        assert [v.names for v in picker.shown] == [("Kinh tế", "Nông nghiệp")]
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.view.names == ("Kinh tế", "Nông nghiệp")
        assert len(rows(app)) == 5
        await pilot.press("a")
        assert len(rows(app)) == 46 and app.main.view.kind == "all"


async def test_picker_escape_keeps_the_view(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await pilot.press("c", "x", "escape")
        await pilot.pause()
        assert app.main.view.kind == "all" and not isinstance(app.screen, CategoryPicker)


async def test_next_and_previous_category_keys(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await pilot.press("right_square_bracket")
        first = app.main.view
        assert first.kind == "category" and first.names[0].startswith("Chương trình")
        await pilot.press("right_square_bracket")
        assert app.main.view.names == ("Công nghệ",)
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert app.main.view.kind == "all"
        await pilot.press("left_square_bracket")
        assert app.main.view.kind == "starred"


async def test_unread_only_toggle(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await pilot.press("enter", "j", "enter", "U")
        await pilot.pause()
        assert app.main.views.unread_only
        assert len(rows(app)) == 45  # the open article stays until the view changes
        assert "[unread only]" in str(app.main.query_one("#status").render())
        await pilot.press("U")
        assert len(rows(app)) == 46


async def test_next_previous_and_next_unread(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        ids = [a.id for a in summaries(app)]
        await pilot.press("n")
        await pilot.pause()
        assert shown_id(app) == ids[0]
        await pilot.press("n", "n")
        await pilot.pause()
        assert shown_id(app) == ids[2]
        await pilot.press("p")
        await pilot.pause()
        assert shown_id(app) == ids[1]
        await pilot.press("N")
        await pilot.pause()
        assert shown_id(app) == ids[3]  # ids[2] was read on the way
        assert app.main.query_one(ArticleList).cursor == 3


async def test_tab_moves_between_panes(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        assert app.focused is app.main.query_one(ArticleList)
        await pilot.press("tab")
        assert app.focused is reader(app)
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused is app.main.query_one(CategoryTree)


async def test_space_scrolls_the_reading_pane(sample_dir: Path) -> None:
    async with running(sample_dir, size=(120, 30)) as (app, pilot, _):
        await open_by_id(app, pilot, SEED_ID)
        await pilot.pause()
        assert reader(app).scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        assert reader(app).scroll_y > 5
        assert app.focused is app.main.query_one(ArticleList)


async def test_help_and_problems_screens(sample_dir: Path) -> None:
    settled(write(sample_dir, "broken.md", "---\ntitle: [\n---\n"))
    async with running(sample_dir) as (app, pilot, _):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        [problem] = [p for p in app.screen.problems if p.severity == "error"]
        assert problem.path == "broken.md" and "YAML" in problem.reason
        await pilot.press("escape")
        assert not isinstance(app.screen, ProblemsScreen)


async def test_quit_key(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_related_digit_back_and_forward_keep_scroll(sample_dir: Path) -> None:
    async with running(sample_dir, size=(120, 30)) as (app, pilot, _):
        await open_by_id(app, pilot, SEED_ID)
        await pilot.press("space")
        await pilot.pause()
        seed_scroll = reader(app).scroll_y
        assert seed_scroll > 0
        await pilot.press("1")
        await pilot.pause()
        assert shown_id(app) == DAK_DOA_ID
        assert reader(app).scroll_y == 0
        await pilot.press("backspace")
        await pilot.pause()
        await pilot.pause()
        assert shown_id(app) == SEED_ID
        assert reader(app).scroll_y == seed_scroll
        await pilot.press("alt+right")
        await pilot.pause()
        assert shown_id(app) == DAK_DOA_ID
        await pilot.press("alt+left")
        await pilot.pause()
        assert shown_id(app) == SEED_ID


async def test_related_list_focus_and_enter(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await open_by_id(app, pilot, SEED_ID)
        related = reader(app).related
        assert related[0].id == DAK_DOA_ID and related[0].kind == "link"
        kinds = [r.kind for r in related[1:]]
        assert set(kinds) <= {"similar", "category"} and kinds == sorted(
            kinds, key=["similar", "category"].index
        )
        await pilot.press("r")
        await pilot.pause()
        assert app.focused is reader(app).query_one("#related")
        await pilot.press("j", "enter")
        await pilot.pause()
        assert shown_id(app) == related[1].id


async def test_unresolved_related_story_is_shown_dimmed_and_not_opened(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await open_by_id(app, pilot, "xa-hoi/giao-thong/da-nang-cau-vuot-nut-giao")
        related = reader(app).related
        missing = next(i for i, r in enumerate(related) if r.id is None)
        option = reader(app).query_one("#related").get_option_at_index(missing)
        assert option.disabled
        await pilot.press(str(missing + 1))
        await pilot.pause()
        assert shown_id(app) == "xa-hoi/giao-thong/da-nang-cau-vuot-nut-giao"
        assert any("not in this folder" in str(n.message) for n in app._notifications)
