"""What a folder calls itself: its name file (`category.yaml`), or its slug made readable.

A folder named `thoi-su` is shown as `Thoi su` unless a file in it declares the
proper name (`category: Thời sự`) or the folder holds a `category.yaml`:

    name: Thời sự
    position: 1

`position` (optional) puts the category before its unnumbered siblings, lowest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.model import ParseError
from reader.text import BinaryContent, clean_line, decode_bytes

FOLDER_FILE = "category.yaml"
MAX_FOLDER_FILE = 64 * 1024
MAX_NAME = 200
_SLUG = re.compile(r"[a-z0-9]+(?:[-_]+[a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class FolderName:
    """A folder's declared name and sort position."""

    name: str
    position: int | None = None


def read_folder_file(data: bytes) -> FolderName:
    """Read a `category.yaml`; a ParseError says what is wrong with it."""
    if len(data) > MAX_FOLDER_FILE:
        raise ParseError(f"larger than {MAX_FOLDER_FILE // 1024} KB; a folder name file holds a name")
    try:
        text = decode_bytes(data).text
    except BinaryContent as error:
        raise ParseError(str(error)) from None
    from reader.formats.frontmatter import load_mapping  # the YAML reader, only when a folder has a file

    fields = load_mapping(text) if text.strip() else {}
    name = fields.get("name")
    if not isinstance(name, str | int | float) or isinstance(name, bool) or not clean_line(str(name)):
        raise ParseError("needs a `name:` line, such as `name: Thời sự`")
    position = fields.get("position")
    if position is not None and (isinstance(position, bool) or not isinstance(position, int)):
        raise ParseError(f"`position` must be a whole number, not {str(position)[:40]!r}")
    if position is not None and not -1_000_000 <= position <= 1_000_000:
        raise ParseError("`position` must be between -1000000 and 1000000")
    return FolderName(clean_line(str(name))[:MAX_NAME], position)


def is_slug(level: str) -> bool:
    """A name written as a slug: lower-case ASCII words joined by `-` or `_` (`thoi_su`, `giai-tri`)."""
    return _SLUG.fullmatch(level) is not None


def humanise(level: str) -> str:
    """A slug as words: `thoi_su` → `Thoi su`, `giai-tri` → `Giai tri`; other names unchanged."""
    if not is_slug(level):
        return level
    words = re.sub(r"[-_]+", " ", level)
    return words[:1].upper() + words[1:]
