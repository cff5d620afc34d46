"""Frames follow changes at once: a change just after a frame waits what is left of the period, no more."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.timer import Timer

from reader.ui.frames import FramePacer, PacedScreen, next_frame_in
from reader.ui.messages import ResultsFound
from tests.tui.conftest import handled, running

PERIOD = 1 / 60


def test_the_next_frame_is_due_a_period_after_the_last_began() -> None:
    assert next_frame_in(10.0, 10.005, PERIOD) == pytest.approx(PERIOD - 0.005)
    assert next_frame_in(10.0, 10.0 + PERIOD, PERIOD) == 0.0
    assert next_frame_in(10.0, 12.0, PERIOD) == 0.0  # after an idle spell: at once
    assert next_frame_in(float("-inf"), 0.0, PERIOD) == 0.0  # the first frame


class _Blank(PacedScreen):
    pass


async def _until(done: Callable[[], bool]) -> None:
    for _ in range(1000):
        if done():
            return
        await asyncio.sleep(0)
    raise AssertionError("the pacer never drew")


async def test_a_change_just_after_a_frame_is_drawn_when_the_period_is_up_and_one_after_a_pause_at_once() -> (
    None
):
    """Textual's own timer would wait for the tick after next: 17 to 33 ms after the frame."""
    now = [0.0]
    waits: list[float] = []
    frames: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds
        await asyncio.sleep(0)

    app: App[None] = App()
    async with app.run_test():
        await app.push_screen(_Blank())
        pacer = FramePacer(app.screen, PERIOD, lambda: None, clock=lambda: now[0], sleep=sleep)

        def draw() -> None:
            pacer.pause()  # as a screen's frame does
            frames.append(now[0])

        pacer._callback = draw
        pacer._start()
        try:
            pacer.resume()  # a change after a long idle spell
            await _until(lambda: len(frames) == 1)
            now[0] += 0.005  # results found 5 ms after that frame
            pacer.resume()
            await _until(lambda: len(frames) == 2)
            now[0] = 1.0
            pacer.resume()
            await _until(lambda: len(frames) == 3)
        finally:
            pacer.stop()
    assert frames == [0.0, pytest.approx(PERIOD), 1.0]
    assert waits == [pytest.approx(PERIOD - 0.005)]


async def test_the_reader_draws_with_the_pacer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("A story\n\nIts text.\n", encoding="utf-8")
    async with running(tmp_path) as (app, pilot, messages):
        assert isinstance(app.screen._update_timer, FramePacer)
        drawn: list[str] = []
        display = app._display

        def spy(screen: Any, renderable: Any) -> None:
            drawn.append(type(renderable).__name__)
            display(screen, renderable)

        monkeypatch.setattr(app, "_display", spy)
        await pilot.press("/", *"story")
        await handled(pilot, messages, ResultsFound)
        await pilot.pause()
        assert drawn  # frames reached the terminal
        assert not app.screen._dirty_widgets and not app.screen._layout_required  # nothing left undrawn
        assert "1 result found" in str(app.main.query_one("#status").render())


async def test_a_pacer_whose_timer_internals_are_gone_falls_back_to_textuals_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Textual is free to rename its timer's insides: the screen must still be drawn."""

    def renamed(self: FramePacer) -> asyncio.Event:
        raise AttributeError("'FramePacer' object has no attribute '_active'")

    fell_back: list[Timer] = []

    async def textuals_run(self: Timer) -> None:
        fell_back.append(self)

    monkeypatch.setattr(FramePacer, "_changed", property(renamed))
    monkeypatch.setattr(Timer, "_run", textuals_run)
    app: App[None] = App()
    async with app.run_test():
        await app.push_screen(_Blank())
        pacer = FramePacer(app.screen, PERIOD, lambda: None)
        pacer._start()
        await _until(lambda: pacer in fell_back)
    assert pacer in fell_back
