"""Plain text as its authors wrote it: a title line, perhaps a standfirst, paragraphs, a credit.

The title is the first line (split when a title and its text run together); the
paragraphs are read from blank lines, one paragraph per line or text wrapped at a
width alike (see `prose`); a one-sentence line after the title is the standfirst;
a last line that is only a name is the author, and `Theo …` the attribution.
No word of the file is dropped: each is in the title, lead, body or credits.
"""

from __future__ import annotations

import html
import re

from reader.formats import lines as ln
from reader.formats import prose
from reader.formats.common import default_id, folder_category, trim_title
from reader.model import Article, ParseError
from reader.text import clean_text

MAX_STANDFIRST = 300
MAX_CREDIT_LINES = 2
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_references(text: str) -> str:
    """HTML character references (`&#163;`, `&amp;`, `&eacute;`) as the characters they name."""
    if "&" not in text:
        return text
    decoded = _REFERENCE.sub(lambda match: html.unescape(match.group()), text)
    return clean_text(decoded) if decoded != text else text  # `&#27;` must not make an escape


def parse_plain(text: str, relpath: str, warnings: list[str]) -> Article:
    """Build an article from title-first plain text."""
    lines = [line.strip() for line in decode_references(text).strip().split("\n")]
    if not lines or not lines[0]:
        raise ParseError("empty file: no title")
    title, spill = prose.split_title(" ".join(lines[0].split()))
    body_lines = lines[1:]
    author, attribution = _take_credits(body_lines)
    paragraphs = prose.paragraphs(body_lines)
    if spill:
        paragraphs.insert(0, spill)
    lead = ""
    if len(paragraphs) >= 2 and _is_standfirst(paragraphs[0]):
        lead = paragraphs.pop(0)
    return Article(
        id=default_id(relpath),
        path=relpath,
        format="plain",
        title=trim_title(title, warnings),
        category=folder_category(relpath),
        author=author,
        lead=lead,
        body="\n\n".join(paragraphs),
        metadata=(("attribution", attribution),) if attribution else (),
        problems=tuple(warnings),
    )


def _take_credits(lines: list[str]) -> tuple[str, str]:
    """Take a trailing author line and `Theo …` line off the end of the lines; return them."""
    author = attribution = ""
    for _ in range(MAX_CREDIT_LINES):
        while lines and not lines[-1]:
            lines.pop()
        text_lines = [line for line in lines if line]
        if len(text_lines) < 2:  # a body of one line is text, whatever it looks like
            break
        last = lines[-1]
        outlet = ln.attribution(last)
        if outlet is not None and not attribution:
            attribution = last
        elif not author and ln.is_name_line(last) and _ends_text(lines[:-1]):
            author = last
        else:
            break
        lines.pop()
    return author, attribution


def _ends_text(lines: list[str]) -> bool:
    """True when what comes before a name line ends as text does (not a heading over the name)."""
    before = next((line for line in reversed(lines) if line), "")
    return prose.ends_sentence(before) or not lines[-1]


def _is_standfirst(paragraph: str) -> bool:
    """One sentence on one line, short enough to stand under a title."""
    if "\n" in paragraph or len(paragraph) > MAX_STANDFIRST or len(paragraph.split()) < 4:
        return False
    return prose.ends_sentence(paragraph) and not prose.sentence_ends(paragraph)
