"""The reader on the hostile folder: good articles shown and openable, bad ones listed."""

from __future__ import annotations

from pathlib import Path

from hostile import MARKUP_TITLE, build

from reader.ui.dialogs import ProblemsScreen

from tui.conftest import reader, rows, running


async def test_reader_opens_every_good_article_and_lists_the_bad(tmp_path: Path) -> None:
    corpus = build(tmp_path)
    try:
        async with running(corpus.root) as (app, pilot, _):
            titles = rows(app)
            assert corpus.good_titles <= set(titles)
            opened = set()
            for _ in titles:
                await pilot.press("n")
                await pilot.pause()
                assert reader(app).article is not None
                opened.add(reader(app).article.title)
            assert opened == set(titles)
            await pilot.press("exclamation_mark")
            await pilot.pause()
            assert isinstance(app.screen, ProblemsScreen)
            listed = {p.path for p in app.screen.problems if p.severity == "error"}
            assert listed == corpus.bad_paths
            await pilot.press("escape", "slash", *"title:passwd", "enter")
            await pilot.pause()
            assert reader(app).article.title == MARKUP_TITLE
            assert str(reader(app).query_one("#headline").render()) == MARKUP_TITLE
    finally:
        (corpus.root / "unreadable.md").chmod(0o644)
