"""Hostile cases: security."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hostile import Files

# Bidi overrides, embeddings and isolates, and the separators: what must never reach a terminal raw.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
EDITOR_COMMAND_NAME = "+!touch PWNED.md"  # vi reads an argument starting with `+` as a command
OLD = 946_684_800  # 2000-01-01: these files sort after the first round's, which tests look for on screen
REFERENCES = "&#x202E; &#x202D; &#x2067; &#x2069; &#8238; &#x2028; &#x2029; &#X202a;"


def add(files: Files) -> None:
    """Add this group's files to the hostile folder."""
    _names_and_bidi(files)


def _good(files: Files, name: str, content: str, title: str) -> None:
    files.good(name, content, title)
    os.utime(files.root / name, (OLD, OLD))


def _names_and_bidi(files: Files) -> None:
    """File names that are commands or reorder text, and bodies that decode to bidi controls."""
    _good(
        files,
        EDITOR_COMMAND_NAME,
        "---\ntitle: A name that vi would run\n---\nBody.\n",
        "A name that vi would run",
    )
    _good(
        files,
        "right\u202eto-left override.md",
        "---\ntitle: Override in the name\n---\nx\n",
        "Override in the name",
    )
    _good(
        files,
        "isolate \u2067rtl\u2069 name.md",
        "---\ntitle: Isolate in the name\n---\nx\n",
        "Isolate in the name",
    )
    _good(
        files,
        "plain \u202dname\u2028.txt",
        "Plain with \u202econtrols\u2069 in its text\n\nBody.",
        "Plain with controls in its text",
    )
    _good(
        files,
        "bidi-references.md",
        "---\ntitle: Bidi references in the body\n---\n"
        f"Para {REFERENCES} dlrow &#x202E;olleh\n\n![alt {REFERENCES}](x.png)\n\n"
        f"[link {REFERENCES}](http://example.com/&#x202E;)\n\n| a {REFERENCES} |\n|---|\n| b {REFERENCES} |\n",
        "Bidi references in the body",
    )
    _good(
        files,
        "bidi-heading.md",
        f"# Bidi heading {REFERENCES} end\n\nBody {REFERENCES}.\n",
        "Bidi heading end",
    )
    _good(
        files,
        "bidi-plain-references.txt",
        f"Plain bidi &#x202E;&#x2067; title\n\nBody {REFERENCES}.\n",
        "Plain bidi title",
    )
