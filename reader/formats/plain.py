"""Plain text: the first non-empty line is the title, the rest is the body, kept as written."""

from __future__ import annotations

import re

from reader.formats.common import default_id, folder_category, trim_title
from reader.model import Article, ParseError

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def parse_plain(text: str, relpath: str, warnings: list[str]) -> Article:
    """Build an article from title-first plain text."""
    stripped = text.strip()
    if not stripped:
        raise ParseError("empty file: no title")
    first, _, rest = stripped.partition("\n")
    paragraphs = (_join_lines(p) for p in _PARAGRAPH_BREAK.split(rest))
    return Article(
        id=default_id(relpath),
        path=relpath,
        format="plain",
        title=trim_title(" ".join(first.split()), warnings),
        category=folder_category(relpath),
        body="\n\n".join(p for p in paragraphs if p),
        problems=tuple(warnings),
    )


def _join_lines(paragraph: str) -> str:
    """Lines of one paragraph, without their indentation."""
    return "\n".join(line.strip() for line in paragraph.split("\n") if line.strip())
