"""Lines drawn by Textual freed as soon as they are dropped, not left for the garbage collector.

Textual's `Strip.divide` and `Strip.crop_extend` keep their result in a cache of the
strip itself; when there is nothing to cut (the usual case: the compositor asks it of
every line of every frame) the result is the strip itself, so each strip drawn refers
to itself and outlives its last use until a collection finds the cycle. In the reader
that made every frame leave hundreds of strips (13 objects each) to the collector:
collections of 2-4 ms several times a second, and full ones of 30-150 ms that stopped
the reader. These two give the same results without keeping a strip in its own cache.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.style import Style
from textual.strip import Strip

_divide = Strip.divide
_crop_extend = Strip.crop_extend


def divide(strip: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
    """`Strip.divide`, the strip itself (uncut) not kept in its own cache."""
    length = strip.cell_length
    within = [cut for cut in cuts if cut <= length]  # as Textual's keeps them
    if within == [length]:
        return [strip]
    return _divide(strip, within)


def crop_extend(strip: Strip, start: int, end: int, style: Style | None) -> Strip:
    """`Strip.crop_extend`, the strip itself (nothing to crop or add) not kept in its own cache."""
    if start == 0 and end == strip.cell_length:
        return strip
    return _crop_extend(strip, start, end, style)


def free_strips() -> None:
    """Have Textual's strips use the two above (once, before anything is drawn)."""
    Strip.divide = divide  # type: ignore[method-assign, assignment]
    Strip.crop_extend = crop_extend  # type: ignore[method-assign, assignment]
