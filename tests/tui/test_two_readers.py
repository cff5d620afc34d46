"""Two programs on one folder: a reader on screen sees, within a second, the marks another one sets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.terminal import Terminal
from reader.library import Library

NEWSDESK = str(Path(sys.executable).parent / "newsdesk")
WITHIN = 1.5  # seconds: the reader looks twice a second; a loaded machine gets some slack


def row_of(screen: str, title: str) -> str:
    """The list row that shows a title (found by its start: a row may be cut to fit), without the tree."""
    line = next((line for line in screen.splitlines() if title[:24] in line), "")
    return line.split("││", 1)[-1]


def mark(root: Path, env: dict[str, str], *argv: str) -> None:
    """`newsdesk mark ...` in a process of its own (the reader's folders), to its end."""
    command = [NEWSDESK, "mark", *argv, "-d", str(root)]
    subprocess.run(command, env={**os.environ, **env}, check=True, timeout=30)


def test_marks_set_by_another_program_show_within_a_second(sample_dir: Path, isolated_home: Path) -> None:
    env = {f"NEWSDESK_{k}_DIR": str(isolated_home / k.lower()) for k in ("CONFIG", "DATA", "CACHE")}
    library = Library.open(sample_dir)
    first = library.articles(limit=1)[0]  # the top row of the list
    library.close()
    term = Terminal([NEWSDESK, "-d", str(sample_dir)], columns=120, lines=40, env=env)
    try:
        term.wait_for(lambda s: "46 articles, 46 unread" in s and "●" in row_of(s, first.title))

        mark(sample_dir, env, "read", first.id)
        took = term.wait_for(lambda s: "46 articles, 45 unread" in s and "●" not in row_of(s, first.title))
        assert took < WITHIN

        term.send("u")  # the reader marks it unread again, counting from what the other program did
        term.wait_for(lambda s: "46 articles, 46 unread" in s and "●" in row_of(s, first.title))

        mark(sample_dir, env, "star", first.id)
        took = term.wait_for(lambda s: "★" in row_of(s, first.title) and "★ Starred 1" in s)
        assert took < WITHIN

        term.send("q")
        assert term.wait_exit() == 0
    finally:
        term.close()


async def test_a_reader_shows_articles_another_program_indexes(tmp_path: Path, isolated_home: Path) -> None:
    """A reader opened on a folder that `newsdesk index` is filling (in another process) fills too."""
    from reader.ui.article_list import ArticleList

    from tui.conftest import running

    root = tmp_path / "articles"
    root.mkdir()
    async with running(root, watch=False) as (app, pilot, _):  # it never sees the files itself
        article_list = app.main.query_one(ArticleList)
        assert len(article_list) == 0
        for number in range(30):
            (root / f"story-{number}.md").write_text(f"---\ntitle: Story {number}\n---\nWords.\n", "utf-8")
        subprocess.run([NEWSDESK, "index", "-d", str(root)], env=os.environ, check=True, timeout=60)
        for _ in range(int(WITHIN / 0.05)):
            await pilot.pause(0.05)
            if len(article_list) == 30:
                break
        assert len(article_list) == 30
        assert "30 articles" in str(app.main.query_one("#status").render())


async def test_the_readers_own_sync_is_shown_once_not_again_by_the_index_poll(
    sample_dir: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.ui.main_screen import MainScreen
    from reader.ui.messages import FolderSynced, SyncRequested

    from tui.conftest import handled, running

    async with running(sample_dir, watch=False) as (app, pilot, messages):
        reloads: list[int] = []
        reload = MainScreen.reload

        def counted(self: MainScreen, **kwargs: bool) -> None:
            reloads.append(1)
            reload(self, **kwargs)

        monkeypatch.setattr(MainScreen, "reload", counted)
        new = sample_dir / "fresh-story.md"
        new.write_text("---\ntitle: A fresh story\n---\nWords.\n", "utf-8")
        before = len(messages)
        app.post_message(SyncRequested(frozenset({str(new)})))
        await handled(pilot, messages, FolderSynced, lambda m: bool(m.changes), after=before)
        await pilot.pause(1.2)  # two looks at the index
        assert reloads == [1]
