"""The reader on a folder that changes under it: nothing missed, nothing half-read, nothing lost."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.pilot import Pilot

from reader.library import Changes
from reader.ui.app import NewsdeskApp, create_app
from reader.ui.article_list import ArticleList
from reader.ui.messages import FolderSynced, IndexProgressed, SyncFailed

from conftest import many_articles, write
from tui.conftest import SEED_ID, handled, keep_notices, notices, open_by_id, reader, rows, running, summaries


async def shows(pilot: Pilot[Any], test: Any, timeout: float = 20) -> None:
    """Wait until the reader shows what `test` looks for."""
    async with asyncio.timeout(timeout):
        while not test():
            await pilot.pause()


def move_into_place(path: Path, text: str) -> None:
    """Write a file the careful way: a temporary file beside it, renamed over it."""
    temporary = path.with_name("." + path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


async def test_a_file_written_during_the_first_index_is_shown(tmp_path: Path) -> None:
    folder = many_articles(tmp_path / "articles", 3000)
    app = create_app(folder, watch=True)
    messages: list[Message] = []
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await handled(pilot, messages, IndexProgressed, lambda m: 0 < m.done < m.total, timeout=60)
        write(
            folder,
            "arrival.md",
            "---\ntitle: Arrived during the first index\npublished: 2030-01-01\n---\nx\n",
        )
        await handled(pilot, messages, FolderSynced, lambda m: m.full, timeout=60)
        await shows(pilot, lambda: "Arrived during the first index" in rows(app)[:1])
        assert len(rows(app)) == 3001


@pytest.mark.parametrize("gap", [0.25, 0.5, 1.5])
async def test_a_file_written_in_pieces_is_never_reported_broken(
    sample_dir: Path, gap: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(sample_dir, watch=True) as (app, pilot, messages):
        keep_notices(app, monkeypatch)
        path = sample_dir / "slow.md"
        with path.open("w", encoding="utf-8") as stream:
            for piece in ("---\ntitle: Slow", " story\npublished: 2030-01-01\n---\n", "The whole body.\n"):
                stream.write(piece)
                stream.flush()
                await asyncio.sleep(gap)
        await shows(
            pilot, lambda: app.library.rowid_of("slow") is not None and _body(app) == "The whole body."
        )
        await asyncio.sleep(4)  # longer than a settling file is given: a late report would show by now
        await pilot.pause()
        assert not notices(app, "could not be read")
        assert not [p for p in app.library.problems() if p.path == "slow.md"]
        assert rows(app)[0] == "Slow story"
        seen = [m.changes for m in messages if isinstance(m, FolderSynced) and "slow" in _ids(m.changes)]
        if gap < 1.0:  # read once, whole
            assert {id(c) for c in seen} and all(c.added == ("slow",) for c in seen)


def _body(app: NewsdeskApp) -> str:
    return app.library.get("slow").body


def _ids(changes: Changes) -> set[str]:
    return {*changes.added, *changes.changed, *changes.removed}


async def test_an_open_article_whose_file_breaks_stays_with_a_problem_marker(sample_dir: Path) -> None:
    path = sample_dir / (SEED_ID + ".txt")
    good = path.read_bytes()
    async with running(sample_dir, watch=True) as (app, pilot, messages):
        await open_by_id(app, pilot, SEED_ID)
        title = reader(app).article.title
        seen = len(messages)
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)  # not text any more
        past = time.time() - 60
        os.utime(path, (past, past))  # long settled: a real problem, not a file being written
        await handled(pilot, messages, FolderSynced, lambda m: SEED_ID in m.changes.changed, after=seen)
        assert reader(app).article is not None and reader(app).article.title == title
        assert "cannot be read now" in str(reader(app).query_one("#file-problem").render())
        row = next(r for r in summaries(app) if r.id == SEED_ID)
        assert row.broken
        article_list = app.main.query_one(ArticleList)
        line = (article_list.position_of(SEED_ID) or 0) - int(article_list.scroll_offset.y)
        assert article_list.render_line(line).text[:3] == " ! "
        [problem] = [p for p in app.library.problems() if p.severity == "error"]
        assert problem.path == SEED_ID + ".txt" and "still listed" in problem.reason
        seen = len(messages)
        move_into_place(path, good.decode("utf-8"))
        await handled(pilot, messages, FolderSynced, lambda m: SEED_ID in m.changes.changed, after=seen)
        assert not reader(app).query_one("#file-problem").display
        assert app.library.is_read(SEED_ID) and not next(r for r in summaries(app) if r.id == SEED_ID).broken


async def test_a_failing_sync_is_said_once_and_the_reader_keeps_up(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.live.RETRY_SECONDS", (0.2,))
    async with running(sample_dir, watch=True) as (app, pilot, messages):
        keep_notices(app, monkeypatch)
        real = app.library.sync_changed
        failures = {"left": 2}

        def locked(paths: Any, settle: float = 0.0) -> Changes:
            if failures["left"]:
                failures["left"] -= 1
                raise sqlite3.OperationalError("database is locked")
            return real(paths, settle)

        monkeypatch.setattr(app.library, "sync_changed", locked)
        move_into_place(
            sample_dir / "one.md", "---\ntitle: First after the lock\npublished: 2031-01-01\n---\nx\n"
        )
        await shows(pilot, lambda: "First after the lock" in rows(app))
        failures["left"] = 1
        move_into_place(
            sample_dir / "two.md", "---\ntitle: Second after the lock\npublished: 2032-01-01\n---\nx\n"
        )
        await shows(pilot, lambda: "Second after the lock" in rows(app))
        assert len([m for m in messages if isinstance(m, SyncFailed)]) >= 2
        assert len(notices(app, "Updating the index failed")) == 2  # once for each time it broke


async def test_a_folder_removed_and_made_again_is_watched_again(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.live.RETRY_SECONDS", (0.3,))
    async with running(sample_dir, watch=True) as (app, pilot, _):
        shutil.rmtree(sample_dir)
        await asyncio.sleep(0.5)
        write(sample_dir, "back.md", "---\ntitle: Back again\n---\nThe folder returned.\n")
        await shows(pilot, lambda: rows(app) == ["Back again"], timeout=30)
        write(sample_dir, "later.md", "---\ntitle: Later still\n---\nWatched again.\n")
        await shows(pilot, lambda: sorted(rows(app)) == ["Back again", "Later still"], timeout=30)


async def test_no_two_syncs_ever_run_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = many_articles(tmp_path / "articles", 2000)
    app = create_app(folder, watch=True)
    active = {"now": 0, "most": 0}

    def counted(method: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            active["now"] += 1
            active["most"] = max(active["most"], active["now"])
            try:
                return method(*args, **kwargs)
            finally:
                active["now"] -= 1

        return run

    monkeypatch.setattr(app.library, "sync", counted(app.library.sync))
    monkeypatch.setattr(app.library, "sync_changed", counted(app.library.sync_changed))
    messages: list[Message] = []
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await handled(pilot, messages, IndexProgressed, lambda m: 0 < m.done < m.total, timeout=60)
        for number in range(5):
            move_into_place(folder / f"new-{number}.md", f"---\ntitle: New {number}\n---\nx\n")
            app.post_message(app_sync_request(folder / f"c{number}/a{number}.md"))
        await handled(pilot, messages, FolderSynced, lambda m: m.full, timeout=60)
        await shows(pilot, lambda: len(rows(app)) == 2005)
    assert active["most"] == 1


def app_sync_request(path: Path) -> Message:
    """What the screen sends after an edit: look at this file again now."""
    from reader.ui.messages import SyncRequested

    return SyncRequested(frozenset({str(path)}))


async def test_a_slow_watch_is_waited_for_so_the_folder_is_walked_once(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Putting a watch on a million files takes seconds; a walk begun before it is in place has
    to be followed by another, so the first walk waits for it (up to WATCH_START_SECONDS)."""
    from reader import live, watcher

    real_watch = watcher.watch_folder

    def slow_watch(root: Path, stop: Any, **kwargs: Any) -> Any:
        ready = kwargs.pop("ready")

        def late_ready() -> None:
            time.sleep(2.5)  # past the old 2 s wait
            ready()

        return real_watch(root, stop, ready=late_ready, **kwargs)

    monkeypatch.setattr(live, "watch_folder", slow_watch)
    app = create_app(sample_dir, watch=True)
    messages: list[Message] = []
    async with app.run_test(message_hook=messages.append) as pilot:
        await handled(pilot, messages, FolderSynced, lambda m: m.full)
        await asyncio.sleep(1.0)  # a second walk would be asked for at once
        await pilot.pause()
        walks = {id(m) for m in messages if isinstance(m, FolderSynced) and m.full}  # one, as it bubbles
        assert len(walks) == 1


async def test_a_watch_that_cannot_start_does_not_hold_the_first_walk_back(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader import live

    def broken_watch(root: Path, stop: Any, **kwargs: Any) -> Any:
        raise OSError("inotify watch limit reached")
        yield  # a generator, like the real one

    monkeypatch.setattr(live, "watch_folder", broken_watch)
    app = create_app(sample_dir, watch=True)
    messages: list[Message] = []
    started = time.monotonic()
    async with app.run_test(message_hook=messages.append) as pilot:
        await handled(pilot, messages, FolderSynced, lambda m: m.full)
        assert time.monotonic() - started < 5.0  # not the 10 s a slow watch is given
        assert len(summaries(app)) == 46
