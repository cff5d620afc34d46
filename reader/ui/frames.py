"""When a screen draws: as soon as something changed, at most one frame per period.

Textual's screen redraws on a timer that keeps to a grid of ticks and, after an idle
spell, skips to the tick after next: a change made just after a frame (search results
found a few milliseconds after the echo of the keys typed) waited 17 to 33 ms to be
drawn. The pacer draws it once a period has passed since the last frame began.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable

from textual.screen import Screen
from textual.timer import EventTargetGone, Timer, TimerCallback

_SCREEN_UPDATE = "screen_update"  # the name Textual gives a screen's update timer


def next_frame_in(last_frame: float, now: float, period: float) -> float:
    """Seconds to wait before the next frame: none once a period has passed since the last began."""
    return max(last_frame + period - now, 0.0)


class FramePacer(Timer):
    """A screen's update timer: when resumed (something changed), it draws as soon as a frame is due."""

    def __init__(
        self,
        screen: Screen[None],
        period: float,
        callback: TimerCallback,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__(screen, period, name=_SCREEN_UPDATE, callback=callback, pause=True)
        self.last_frame = -math.inf
        self._clock, self._sleep = clock, sleep

    @property
    def _changed(self) -> asyncio.Event:
        """The timer's event: set by `resume` (a change to draw), cleared by `pause`."""
        event: asyncio.Event = getattr(self, "_active")  # noqa: B009 (typed as never by Textual)
        return event

    async def _run(self) -> None:
        try:
            await self._pace()
        except (AttributeError, TypeError):  # Textual's timer changed under it: its own pacing, not none
            logging.getLogger("newsdesk").exception("frame pacing fell back to Textual's timer")
            await super()._run()

    async def _pace(self) -> None:
        while True:
            await self._changed.wait()  # paused by each frame, resumed by the next change
            wait = next_frame_in(self.last_frame, self._clock(), self._interval)
            if wait:
                await self._sleep(wait)
            self.last_frame = self._clock()
            try:
                await self._tick(next_timer=self.last_frame, count=0)
            except EventTargetGone:
                return


class PacedScreen(Screen[None]):
    """A screen whose frames follow changes at once (see `FramePacer`)."""

    def set_interval(
        self,
        interval: float,
        callback: TimerCallback | None = None,
        *,
        name: str | None = None,
        repeat: int = 0,
        pause: bool = False,
    ) -> Timer:
        if name != _SCREEN_UPDATE or callback is None or repeat:
            return super().set_interval(interval, callback, name=name, repeat=repeat, pause=pause)
        pacer = FramePacer(self, interval, callback)
        pacer._start()
        self._timers.add(pacer)
        return pacer
