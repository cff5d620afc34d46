"""A parsing task that stops its own process on files whose name holds `poison`, as a crash in a parser's
compiled code would (imported by the pool's processes, which are started afresh)."""

from __future__ import annotations

import os

from reader.index.prepare import prepare_fields


def prepare_or_stop(fields: list[tuple[str, str, int, int]]) -> list[object]:
    """`prepare_fields`, unless a poisoned file is among them."""
    if any("poison" in relpath for relpath, *_ in fields):
        os._exit(3)
    return list(prepare_fields(fields))


def exit_at_start() -> None:
    """A process that cannot start (its initializer ends it)."""
    os._exit(3)
