"""Hostile cases: rendering (bodies of many blocks, code a highlighter could choke on)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hostile import Files

OLD = 946_684_800  # 2000-01-01: these files sort after the first round's, which tests look for on screen
LIST_ITEMS = 5_000
PARAGRAPH = "A paragraph of prose that runs on for a while, with a few more words to make it wrap. "


def add(files: Files) -> None:
    """Add this group's files to the hostile folder."""
    items = "\n".join(f"- item {n} of a long list" for n in range(LIST_ITEMS))
    _good(
        files,
        "many-items.md",
        f"---\ntitle: Five thousand list items\n---\n{items}\n",
        "Five thousand list items",
    )
    paragraphs = "\n\n".join([PARAGRAPH] * (199_000 // (len(PARAGRAPH) + 2)))
    _good(
        files,
        "many-paragraphs.md",
        f"# Two hundred KB of paragraphs\n\n{paragraphs}\n",
        "Two hundred KB of paragraphs",
    )
    spaces = " " * 2_500
    fences = "".join(f"```{tag}\n{spaces}x\n{spaces}\n```\n\n" for tag in ("systemd", "autohotkey", "python"))
    _good(files, "spaces-in-fences.md", f"---\ntitle: Fences of spaces\n---\n{fences}", "Fences of spaces")


def _good(files: Files, name: str, content: str, title: str) -> None:
    files.good(name, content, title)
    os.utime(files.root / name, (OLD, OLD))
