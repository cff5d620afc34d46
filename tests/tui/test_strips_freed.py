"""Lines drawn are freed when dropped: no strip is kept in its own cache (see reader.ui.strips)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from reader.ui import strips

CASES: list[tuple[str, Callable[[Strip], Any]]] = [
    ("divided where it ends", lambda s: s.divide([11])),
    ("divided where it ends, cuts past the end", lambda s: s.divide([11, 40])),
    ("divided", lambda s: s.divide([5, 11])),
    ("cropped and extended to itself", lambda s: s.crop_extend(0, 11, None)),
    ("cropped and extended", lambda s: s.crop_extend(2, 20, Style(bold=True))),
    ("cropped", lambda s: s.crop_extend(0, 5, None)),
]


def line() -> Strip:
    return Strip([Segment("hello "), Segment("world", Style(italic=True))], 11)


@pytest.fixture
def collector_off() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.mark.parametrize(("name", "use"), CASES)
def test_a_strip_used_by_the_compositor_is_freed_when_dropped(
    name: str, use: Callable[[Strip], Any], collector_off: None
) -> None:
    strips.free_strips()
    use(line())
    assert gc.collect() == 0, name  # nothing was left in a cycle for the collector


@pytest.mark.parametrize(("name", "use"), CASES)
def test_the_results_are_textuals(name: str, use: Callable[[Strip], Any]) -> None:
    strips.free_strips()
    ours = use(line())
    Strip.divide, Strip.crop_extend = strips._divide, strips._crop_extend  # type: ignore[method-assign]
    try:
        theirs = use(line())
    finally:
        strips.free_strips()
    as_text = (lambda r: [list(s) for s in r]) if isinstance(theirs, list) else list
    assert as_text(ours) == as_text(theirs), name


def test_textuals_own_strips_refer_to_themselves(collector_off: None) -> None:
    """Why the module exists: if this fails, Textual has mended it and the module can go."""
    Strip.divide, Strip.crop_extend = strips._divide, strips._crop_extend  # type: ignore[method-assign]
    try:
        line().divide([11])
        assert gc.collect() > 0
    finally:
        strips.free_strips()
