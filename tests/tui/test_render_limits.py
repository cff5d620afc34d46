"""Long bodies and long problem lists: the screen answers at once, and all of it can still be read."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from reader.ui.app import NewsdeskApp
from reader.ui.article_body import ArticleBody
from reader.ui.dialogs import ProblemsScreen
from reader.ui.problem_list import ProblemList

from conftest import settled, write
from tui.conftest import open_by_id, reader, running

AT_ONCE = 4.0  # seconds to open an article or the problems (they took 7 to 20 s before, on a quiet machine)
WHOLE = 60.0  # seconds the whole of a long body may take to be read (in a child process)
ITEMS = 20_000  # one-line list items: three seconds of Markdown, 20,000 blocks to lay out
PARAGRAPHS = 60_000  # 180 KB of one-letter paragraphs: 60,000 blocks to lay out
FILES = 200  # with 50 related stories that match nothing: 10,000 warnings


def body_text(app: NewsdeskApp) -> str:
    """The lines of the body that are on screen."""
    body = app.main.query_one(ArticleBody)
    top = int(reader(app).scroll_y) - body.virtual_region.y
    return "\n".join(body.render_line(y).text.rstrip() for y in range(max(top, 0), max(top, 0) + 30))


async def until(pilot: Pilot[Any], seconds: float, done: Any) -> None:
    """Let the app run until `done()` is true."""
    async with asyncio.timeout(seconds):
        while not done():
            await pilot.pause(0.05)


async def test_twenty_thousand_list_items_open_at_once(tmp_path: Path) -> None:
    items = "\n".join(f"- i{n}" for n in range(ITEMS))
    settled(write(tmp_path, "items.md", f"---\ntitle: Many items\n---\n{items}\n"))
    async with running(tmp_path) as (app, pilot, _):
        async with asyncio.timeout(AT_ONCE):
            await pilot.press("n")
            await pilot.pause()
            assert reader(app).article.title == "Many items" and "•  i0\n" in body_text(app)
            await pilot.press("space")  # the pane pages down at once
            await until(pilot, AT_ONCE, lambda: reader(app).scroll_y > 0)


async def test_sixty_thousand_paragraphs_open_at_once_and_all_of_them_can_be_read(tmp_path: Path) -> None:
    paragraphs = "x\n\n" * (PARAGRAPHS - 1)
    settled(write(tmp_path, "paragraphs.txt", f"Many paragraphs\n\nThe first.\n\n{paragraphs}The end.\n"))
    settled(write(tmp_path, "short.md", "---\ntitle: Short\n---\nA short one.\n"))
    async with running(tmp_path) as (app, pilot, _):
        async with asyncio.timeout(AT_ONCE):
            await open_by_id(app, pilot, "paragraphs")
            assert "The first.\n" in body_text(app)
            await pilot.press("space")
            await until(pilot, AT_ONCE, lambda: reader(app).scroll_y > 0)
        await until(pilot, WHOLE, lambda: reader(app).max_scroll_y >= 2 * PARAGRAPHS - 50)
        reader(app).focus()
        await pilot.press("G")
        await until(pilot, AT_ONCE, lambda: reader(app).scroll_y == reader(app).max_scroll_y)
        end = reader(app).scroll_y
        assert "The end." in body_text(app)
        await open_by_id(app, pilot, "short")
        await pilot.press("backspace")  # away and back: the same place
        await until(pilot, WHOLE, lambda: reader(app).scroll_y == end)
        assert "The end." in body_text(app)


async def test_ten_thousand_problems_open_at_once_and_scroll_to_the_last(tmp_path: Path) -> None:
    for file in range(FILES):
        refs = ", ".join(f'"Missing story {file} {ref}"' for ref in range(50))
        settled(
            write(tmp_path, f"a{file:03d}.md", f"---\ntitle: Article {file}\nrelated: [{refs}]\n---\nBody.\n")
        )
    settled(write(tmp_path, "broken.md", "---\ntitle: [\n---\n"))
    async with running(tmp_path) as (app, pilot, _):
        async with asyncio.timeout(AT_ONCE):
            await pilot.press("exclamation_mark")
            await pilot.pause()
            assert isinstance(app.screen, ProblemsScreen)
        await until(pilot, WHOLE, lambda: app.screen.problems.complete)
        await pilot.pause()
        heading = str(app.screen.query_one("#problem-heading").render())
        assert heading == f"Problems: 1 file could not be read, {FILES * 50:,} warnings"
        problems = app.screen.query_one(ProblemList)
        async with asyncio.timeout(AT_ONCE):
            await pilot.press("end")
            await pilot.pause()
        shown = "\n".join(problems.render_line(y).text for y in range(problems.size.height))
        last = FILES - 1
        assert f"a{last:03d}.md" in shown and f"related 'Missing story {last} 49' matches no article" in shown
