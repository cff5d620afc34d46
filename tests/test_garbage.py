"""The collector is paused while `newsdesk` starts, and always running again once it has."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader import garbage, launch
from reader.ui.messages import FolderSynced

from tui.conftest import handled, running


@pytest.fixture
def collector() -> Iterator[None]:
    """Whatever a test does to the collector is undone after it."""
    yield
    gc.enable()
    gc.unfreeze()
    garbage.collect_again()  # a pause not followed by a reader is forgotten


def test_a_command_collects_again_as_it_begins(
    sample_dir: Path, collector: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["newsdesk", "-d", str(sample_dir), "list", "--limit", "1"])
    frozen = gc.get_freeze_count()
    assert launch.main() == 0
    assert gc.isenabled() and gc.get_freeze_count() > frozen  # what the start made is left alone
    assert capsys.readouterr().out.strip()


async def test_the_reader_collects_again_once_its_first_screen_is_painted(
    sample_dir: Path, collector: None
) -> None:
    gc.disable()  # as `newsdesk` starts it
    async with running(sample_dir) as (_app, _pilot, messages):
        assert [m for m in messages if isinstance(m, FolderSynced)]
        assert gc.isenabled()


async def test_the_reader_started_by_the_command_freezes_again_once_it_has_read_the_folder(
    sample_dir: Path, collector: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(len(frozen)))
    garbage.pause()  # as `newsdesk` starts it
    async with running(sample_dir) as (_app, pilot, messages):
        await handled(pilot, messages, FolderSynced, lambda m: m.full)
        assert gc.isenabled() and frozen == [0, 1]  # at the first paint, and once the folder is read
    assert frozen == [0, 1]


async def test_a_reader_started_with_the_collector_on_freezes_nothing(sample_dir: Path) -> None:
    frozen = gc.get_freeze_count()
    async with running(sample_dir):
        assert gc.isenabled() and gc.get_freeze_count() == frozen
