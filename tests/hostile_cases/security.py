"""Hostile cases: security."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hostile import Files


def add(files: Files) -> None:
    """Add this group's files to the hostile folder."""
