"""Pieces every format shares: ids, categories from paths, escaping plain text."""

from __future__ import annotations

import posixpath
import re

from reader.text import clean_line, slugify

MAX_CATEGORY_DEPTH = 12
MAX_TITLE = 500
# A run of spaces is only tried from its first space (`(?<!\s)`): tried from each, it costs n².
_BREADCRUMB = re.compile(r"(?<!\s)\s+[/>|»›]\s+|(?:(?<!\s)\s+)?[»›]\s*")


def default_id(relpath: str) -> str:
    """The id a file gets when it names none: its path without the extension."""
    stem, _ext = posixpath.splitext(relpath)
    return stem


def folder_category(relpath: str) -> tuple[str, ...]:
    """One category level per folder between the root and the file."""
    folders = relpath.split("/")[:-1]
    levels = tuple(clean_line(part) for part in folders if clean_line(part))
    return levels[:MAX_CATEGORY_DEPTH]


def scalar_text(value: object) -> str:
    """A front-matter value as text: a number too long to spell out is no error, just no text."""
    if isinstance(value, str):
        return value
    try:
        return str(value)
    except ValueError:  # an int past Python's digit limit for str()
        return ""


def split_levels(value: str) -> tuple[str, ...]:
    """Split a category written as `a / b` (or a breadcrumb `a > b`) into levels."""
    parts = value.split("/") if "/" in value else _BREADCRUMB.split(value)
    return tuple(level for level in (clean_line(part) for part in parts) if level)


def trim_title(title: str, warnings: list[str]) -> str:
    """Keep titles to a sane length, saying so when one is cut."""
    if len(title) <= MAX_TITLE:
        return title
    warnings.append(f"title is {len(title)} characters long; shortened")
    return title[: MAX_TITLE - 1].rstrip() + "…"


def place_category(file_levels: tuple[str, ...], folder_levels: tuple[str, ...]) -> tuple[str, ...]:
    """The file's category, under the folders above it when it names the folder it is in.

    A page in `xa-hoi/giao-thong/` that says its section is `Giao thông` belongs to
    `xa-hoi / Giao thông`: the file's words win, the folder supplies the parents.
    """
    if not file_levels:
        return folder_levels
    depth = len(file_levels)
    tail = folder_levels[-depth:] if depth < len(folder_levels) else ()
    if tail and all(slugify(a) == slugify(b) for a, b in zip(file_levels, tail, strict=True)):
        return folder_levels[:-depth] + file_levels
    return file_levels
