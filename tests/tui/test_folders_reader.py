"""In the reader: exact copies shown once with where the others are; start-up notices only for new problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.message import Message
from textual.widgets import Static

from reader.ui.app import create_app
from reader.ui.category_tree import CategoryTree
from reader.ui.messages import FolderSynced

from conftest import settled, write
from tui.conftest import handled, keep_notices, notices, open_by_id, reader, rows, running

STORY = "---\ntitle: Bão số 3 đổ bộ\n---\nGió mạnh cấp 12 ở vùng tâm bão.\n"


async def test_a_copied_article_is_listed_once_and_says_where_the_copies_are(tmp_path: Path) -> None:
    write(tmp_path, "thoi_su/bao.md", STORY)
    write(tmp_path, "downloads/bao (1).md", STORY)
    write(tmp_path, "thoi_su/other.md", "---\ntitle: Another story\n---\nText.\n")
    async with running(tmp_path) as (app, pilot, _messages):
        assert sorted(rows(app)) == ["Another story", "Bão số 3 đổ bộ"]
        await open_by_id(app, pilot, "downloads/bao (1)")
        copies = reader(app).query_one("#copies", Static)
        assert copies.display and str(copies.render()) == "Also in: thoi_su/bao.md"
        await open_by_id(app, pilot, "thoi_su/other")
        assert not reader(app).query_one("#copies", Static).display
        labels = [str(node.label) for node in app.main.query_one(CategoryTree).root.children]
        assert any(label.startswith("Thoi su") for label in labels), labels


async def start(folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Start the reader on a folder until its first sync is shown; the notices it gave."""
    app = create_app(folder, watch=False)
    keep_notices(app, monkeypatch)
    messages: list[Message] = []
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await handled(pilot, messages, FolderSynced, lambda m: m.full)
        await pilot.pause()
    return notices(app, "could not be read")


async def test_only_problems_new_since_the_last_start_are_announced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(37):
        settled(write(tmp_path, f"empty/{number:02}.txt", b""))  # not being written: broken
    write(tmp_path, "good.md", "---\ntitle: Good\n---\nText.\n")
    assert await start(tmp_path, monkeypatch) == ["37 files could not be read; press ! to see why."]
    assert await start(tmp_path, monkeypatch) == []  # the same 37: nothing new to say
    settled(write(tmp_path, "broken.md", "---\ntitle: [\n---\n"))
    assert await start(tmp_path, monkeypatch) == ["1 file could not be read (38 in all); press ! to see why."]
