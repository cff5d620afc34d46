"""The reader never puts a raw bidi control on the screen: not from names, not from article text."""

from __future__ import annotations

import asyncio
import html
from pathlib import Path

from hostile import Files, _write
from hostile_cases.security import BIDI_CONTROLS, _names_and_bidi

from reader.ui.dialogs import ProblemsScreen

from conftest import settled
from tui.conftest import rows, running


def bidi_folder(base: Path) -> Path:
    """The security group's hostile files, a bad file with isolates in its name, in a folder named
    with an override."""
    root = base / "news\u202efolder"
    root.mkdir()
    _names_and_bidi(Files(root, lambda name, content, title: _write(root / name, content), lambda *_: None))
    _write(root / "\u2066empty\u2069.md", b"")
    settled(root / "\u2066empty\u2069.md")  # an empty file just written may still be being written
    return root


async def test_problems_view_and_reading_pane_show_no_raw_bidi_control(tmp_path: Path) -> None:
    async with running(bidi_folder(tmp_path), size=(200, 40)) as (app, pilot, _):  # room for the path
        screens = [app.export_screenshot()]
        for _title in rows(app):
            await pilot.press("n")
            await app.workers.wait_for_complete()  # the body is read in a worker
            await pilot.pause()
            screens.append(app.export_screenshot())
        await pilot.press("exclamation_mark")
        async with asyncio.timeout(10):
            while not isinstance(app.screen, ProblemsScreen):
                await pilot.pause()
        assert [p.path for p in app.screen.problems if p.severity == "error"] == ["\\u2066empty\\u2069.md"]
        screens.append(app.export_screenshot())
    shown = [html.unescape(screen).replace("\xa0", " ") for screen in screens]
    assert [screen for screen in shown if set(screen) & set(BIDI_CONTROLS)] == []
    assert any("dlrow olleh" in screen for screen in shown)  # the body of bidi references, read
    assert any("news\\u202efolder" in screen for screen in shown)  # the folder's name, in the title line
