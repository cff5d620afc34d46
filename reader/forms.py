"""Word forms and sentence breaks: what a typed word matches, and where a phrase may not run on.

A word typed with marks (`Hà`, `Đà`, `straße`) means that form and no other (case
aside); a word typed without them (`ha`, `da`) means every form that folds to it.
Sentence punctuation and paragraph breaks become a boundary token in the text the
full-text index is given, so that "ha, nói" is never the phrase "ha noi".
"""

from __future__ import annotations

import re
from functools import cache

from reader.text import fold_chars

BOUNDARY = "\ue000"
"""The token put where a sentence or paragraph breaks (a private-use character: no query can type it)."""

_BREAK_MARKS = "…。，、；：！？‼⁇⁈⁉،؛؟।"  # marks that need no space after them to end a sentence
_CLOSERS = "\"'”’»)\\]*_"  # what may stand between a mark and the space after it
# Starts with a plain character class (which the regex engine scans for quickly): one break,
# then any that follow it after spaces, all become one boundary. A run of marks and closers is
# read once, from its first character (closers before its first mark are taken along: they are
# no words), and never given back (`*+`); read from each mark of a long run, it cost n².
_BREAK_END = rf"""
      | (?<=[{_BREAK_MARKS}])
      | (?<=\n) (?![ \t]*[^\W_])                    # a line break that is no soft wrap: a blank line, a list
    )"""
_FIRST_BREAK = rf"""
    [.,;:!?{_CLOSERS}{_BREAK_MARKS}\n]
    (?: (?<=[.,;:!?{_CLOSERS}]) (?<![.,;:!?{_CLOSERS}].)      # the first of a run of marks and closers
        (?: (?<=[.,;:!?]) | [{_CLOSERS}]*+ [.,;:!?] )          # with a mark in it,
        [.,;:!?{_CLOSERS}]*+ (?=\s|\Z)                          # before a space
    {_BREAK_END}"""
_NEXT_BREAK = rf"""
    [.,;:!?{_BREAK_MARKS}\n]
    (?: (?<=[.,;:!?]) [.,;:!?{_CLOSERS}]*+ (?=\s|\Z)  # a mark before a space (closing quotes may come first)
    {_BREAK_END}"""
_BREAKS = re.compile(rf"{_FIRST_BREAK}(?:\s*{_NEXT_BREAK})*", re.VERBOSE)
_TOKEN = re.compile(rf"[^\W_]+|{BOUNDARY}")
_SPACED_BOUNDARY = f" {BOUNDARY} "
# Where the letters that fold to an ASCII letter live (Latin, Greek, Cyrillic and Vietnamese).
_LETTER_RANGES = ((0x00, 0x250), (0x370, 0x530), (0x1E00, 0x2000))


def mark_boundaries(text: str) -> str:
    """The text with every sentence or paragraph break replaced by the boundary token."""
    return _BREAKS.sub(_SPACED_BOUNDARY, text)


def tokens(text: str) -> list[str]:
    """The words of a query's term as the index splits them, boundaries between them but not around."""
    found: list[str] = []
    for token in _TOKEN.findall(mark_boundaries(text.replace(BOUNDARY, " "))):
        if token != BOUNDARY or (found and found[-1] != BOUNDARY):
            found.append(token.lower())
    if found and found[-1] == BOUNDARY:
        found.pop()
    return found


def is_exact(word: str) -> bool:
    """True for a word typed with marks (or a letter like đ or ß): it matches only that form."""
    return fold_chars(word) != word.lower()


def has_letters(word: str) -> bool:
    """True for a word with letters in it (digits alone have one form)."""
    return any(char.isalpha() for char in word)


def first_letters(word: str) -> list[str]:
    """The lower-case letters a form of this plain word may start with (`d`: d, đ, ď, ḍ …)."""
    if not word:
        return []
    return [char for char in _folding_to(word[0]) if word.startswith(fold_chars(char))]


@cache
def _folding_to(letter: str) -> tuple[str, ...]:
    """Every lower-case letter whose folded form starts with this one (itself first)."""
    found = [letter]
    for low, high in _LETTER_RANGES:
        for code in range(low, high):
            char = chr(code)
            folded = fold_chars(char)
            if char != letter and char == char.lower() and folded[:1] == letter:
                found.append(char)
    return tuple(found)
