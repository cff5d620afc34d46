"""Hostile cases: surroundings.

What is hostile here is not a file in the folder but what is around it: the index and
the marks file written over while a reader has them open, cache and data folders that
are read-only, full or a file, a second program marking articles, folders nested past
the depth a walk goes. Those are tests of directories and processes, not files to
index: they live in tests/test_surroundings.py and tests/tui/test_two_readers.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hostile import Files


def add(files: Files) -> None:
    """This group adds no files to the hostile folder (see the module)."""
