"""Read and starred marks, the source URL, the editor and the command palette."""

from __future__ import annotations

import asyncio
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList

from reader.state import ReadState
from reader.ui.article_list import ArticleList
from reader.ui.category_tree import STARRED

from tui.conftest import SEED_ID, open_by_id, reader, rows, running, shown_id, summaries


async def test_u_and_s_toggle_marks_and_survive_a_restart(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        first = summaries(app)[0].id
        await pilot.press("s", "u")
        await pilot.pause()
        assert app.library.is_starred(first) and app.library.is_read(first)
        tree = app.main.query_one("#tree")
        tree.show_totals(True)
        assert str(tree.root.children[-1].label) == "★ Starred 0/1"
        strip = app.main.query_one(ArticleList).render_line(0)
        assert strip.text.startswith("★ ")
    state = ReadState.for_folder(sample_dir)
    assert state.is_starred(first) and state.is_read(first)
    async with running(sample_dir) as (app, pilot, _):
        app.main.set_view(STARRED)
        assert [a.id for a in summaries(app)] == [first]
        await pilot.press("u", "s")
        await pilot.pause()
        assert not app.library.is_read(first) and not app.library.is_starred(first)


async def test_opening_marks_read_in_the_state_file(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await open_by_id(app, pilot, SEED_ID)
    assert ReadState.for_folder(sample_dir).is_read(SEED_ID)


async def test_o_opens_the_source_url(sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with running(sample_dir) as (app, pilot, _):
        opened: list[str] = []
        monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
        await pilot.press("enter", "o")
        await pilot.pause()
        assert opened == [reader(app).article.source]
        assert opened[0].startswith("https://")
        await open_by_id(app, pilot, SEED_ID)
        await pilot.press("o")
        assert len(opened) == 1
        assert any("no source" in str(n.message) for n in app._notifications)


async def test_e_edits_in_the_editor_and_rerenders(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        "open(path, 'w', encoding='utf-8').write(text.replace('Harbour City win', 'Harbour City WIN'))\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    async with running(sample_dir) as (app, pilot, _):
        suspended: list[bool] = []

        @contextmanager
        def fake_suspend() -> Any:
            suspended.append(True)
            yield

        monkeypatch.setattr(app, "suspend", fake_suspend)
        await pilot.press("enter", "e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert suspended == [True]
        assert reader(app).article.title == "Harbour City WIN cup final on penalties"
        assert rows(app)[0] == "Harbour City WIN cup final on penalties"


async def palette_offers(pilot: Any, label: str) -> None:
    """Wait until the command palette's first offer starts with `label`."""
    async with asyncio.timeout(10):
        while True:
            offers = pilot.app.screen.query_one(CommandList)
            if offers.option_count and str(offers.get_option_at_index(0).prompt).startswith(label):
                return
            await pilot.pause()


async def test_command_palette_opens_an_article_by_folded_title(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"dak doa cau lac")
        await palette_offers(pilot, "Đak Đoa (Gia Lai): Câu lạc bộ")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert shown_id(app) == "xa-hoi/dan-toc/dak-doa-clb-thu-linh-thay-doi"


async def test_command_palette_goes_to_a_category(sample_dir: Path) -> None:
    async with running(sample_dir) as (app, pilot, _):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"category the gioi")
        await palette_offers(pilot, "Go to category: Thế giới")
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.view.names == ("Thế giới",)
        assert len(rows(app)) == 4


async def test_notices_quote_article_text_literally(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (sample_dir / "odd.md").write_text(
        "---\ntitle: Odd source\nid: 'notes [/draft]'\npublished: 2040-01-01\n"
        "source: 'https://example.com/[/]'\n---\nBody.\n",
        encoding="utf-8",
    )
    async with running(sample_dir) as (app, pilot, _):
        monkeypatch.setattr(app, "open_url", lambda url, **_: None)
        await pilot.press("enter", "o")
        await pilot.pause()
        assert any(str(n.message) == "Opening https://example.com/[/]" for n in app._notifications)
        app.main.reading.open("gone [/draft]")
        await pilot.pause()
        assert any("gone [/draft]" in str(n.message) for n in app._notifications)
        assert app.is_running
