"""Hostile cases: the index writer (files that ask for one id, ids that are not text)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hostile import Files

OLD = 946_684_800  # 2000-01-01: these files sort after the first round's, which tests look for on screen


def add(files: Files) -> None:
    """Add this group's files to the hostile folder."""
    same_id = (
        ("dup-id-b.md", "Second to ask for the id", "Body."),
        ("dup-id-a.md", "First to ask for the id", "Body."),
        ("dup-id-c.md", "Third to ask for the id", "Other body."),
    )
    for name, title, body in same_id:
        _good(files, name, f"---\nid: dup-shared\ntitle: {title}\n---\n{body}\n", title)
    _good(
        files,
        "id-list.md",
        "---\nid: [a, b]\ntitle: An id that is a list\n---\nBody.\n",
        "An id that is a list",
    )
    _good(
        files,
        "id-number.md",
        "---\nid: 1.0e+400\ntitle: An id that is a number\n---\nBody.\n",
        "An id that is a number",
    )


def _good(files: Files, name: str, content: str, title: str) -> None:
    files.good(name, content, title)
    os.utime(files.root / name, (OLD, OLD))
