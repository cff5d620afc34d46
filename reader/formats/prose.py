"""The shapes of plain prose: where sentences end, where a run-on title stops, which breaks are wraps.

Files exported by scrapers and datasets come in three shapes: paragraphs separated
by blank lines, one paragraph per line, and text wrapped at a fixed width. A line
break is read as a wrap when the next word would not have fitted on the line (the
break was forced by the width), as a paragraph end after a sentence, and as a line
break kept inside the paragraph otherwise (verse, addresses, short lists).
"""

from __future__ import annotations

import re
from itertools import pairwise

MAX_TITLE = 150  # a first line longer than this is a title and its text run together
MIN_TITLE = 12
WIDEST_WRAP = 120  # text wrapped wider than this is not wrapped: its lines are paragraphs
NARROWEST_WRAP = 45  # nor is text whose lines are all shorter than this (verse, addresses)
ELLIPSIS = "…"
# A sentence ends at . ! ? … (closing quotes or brackets allowed) before a space and a capital
# or an opening quote; the word before a full stop must not be a known abbreviation.
# Tried from the first mark of a run only (the lookbehind), and never giving back what it took
# (`*+`): tried from each mark of a long run, it cost n².
_SENTENCE_END = re.compile(r"(?P<end>[.!?…](?<![.!?…].)[.!?…]*+['\"”’»)\]]*+)(?=\s+['\"“‘«(\[]?[^\W\d_])")
_ENDS_SENTENCE = re.compile(r"[.!?…:;]['\"”’»)\]]*$")
_LIST_ITEM = re.compile(r"^(?:[-*•–]\s|\d{1,3}[.)]\s)")
ABBREVIATIONS = frozenset(
    {
        *("mr", "mrs", "ms", "dr", "st", "prof", "gen", "sen", "rep", "gov", "col", "lt", "sgt", "capt"),
        *("inc", "ltd", "co", "corp", "jr", "sr", "vs", "no", "fig", "est", "approx", "dept", "univ"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
        *("tp", "ths", "ts", "pgs", "gs", "bs", "ks", "q", "p", "tx", "tt", "ubnd", "hđnd"),
    }
)


def sentence_ends(text: str, start: int = 0, stop: int | None = None) -> list[int]:
    """Offsets just after each sentence end in text[start:stop] (abbreviations and initials skipped)."""
    found = []
    for match in _SENTENCE_END.finditer(text[start:stop]):  # a slice: marks before `start` are not seen
        if match.group("end")[0] == "." and _is_abbreviation(text, start + match.start()):
            continue
        found.append(start + match.end())
    return found


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the word before the full stop at `dot` is an abbreviation or an initial."""
    before = text[max(dot - 12, 0) : dot].rsplit(None, 1)
    word = before[-1] if before else ""
    word = word.lstrip("(\"'“‘«[")
    if not word:
        return True
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Smith"
    if "." in word:
        return True  # "U.S.", "a.m."
    return word.casefold() in ABBREVIATIONS


def ends_sentence(line: str) -> bool:
    """True when a line ends as a sentence (or a clause that runs on) does."""
    return _ENDS_SENTENCE.search(line) is not None


def split_title(line: str) -> tuple[str, str]:
    """A first line that is far too long to be a title: the title, and the text that follows it.

    The title ends at the first sentence end within MAX_TITLE characters; failing that, it is
    cut at the last word boundary within MAX_TITLE and marked with an ellipsis, and the rest
    (marked the same way) begins the text. A line that fits is the title alone.
    """
    if len(line) <= MAX_TITLE:
        return line, ""
    ends = [end for end in sentence_ends(line, MIN_TITLE, MAX_TITLE + 1) if len(line[:end].split()) >= 3]
    if ends:
        end = ends[0]
        title = line[:end].rstrip()
        if title.endswith(".") and not title.endswith(".."):
            title = title[:-1]
        return title, line[end:].strip()
    cut = line.rfind(" ", MIN_TITLE, MAX_TITLE + 1)
    if cut == -1:
        cut = MAX_TITLE
    return line[:cut].rstrip() + ELLIPSIS, ELLIPSIS + line[cut:].strip()


def paragraphs(lines: list[str]) -> list[str]:
    """The paragraphs of a body given as lines ('' for a blank line), each wrap undone.

    A paragraph may hold line breaks where the text had short lines that end no sentence.
    """
    found: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(" ".join(line.split()))
        elif block:
            found.extend(_block_paragraphs(block))
            block = []
    return found


def _block_paragraphs(block: list[str]) -> list[str]:
    """One block between blank lines: its paragraphs, its wrapped lines joined."""
    if len(block) == 1:
        return block
    width = max(len(line) for line in block[:-1])
    ends = sum(1 for line in block[:-1] if ends_sentence(line))
    # Wrapped text ends a line at a sentence end now and then; most of its lines go on mid-sentence.
    wrapped = NARROWEST_WRAP <= width <= WIDEST_WRAP and (len(block) == 2 or 2 * ends <= len(block) - 1)
    short = width < NARROWEST_WRAP
    found: list[str] = []
    current = block[0]
    for line, following in pairwise(block):
        joint = _joint(line, following, width, wrapped, short=short, two_lines=len(block) == 2)
        if joint == "paragraph":
            found.append(current)
            current = following
        else:
            current += (" " if joint == "wrap" else "\n") + following
    found.append(current)
    return found


def _joint(line: str, following: str, width: int, wrapped: bool, *, short: bool, two_lines: bool) -> str:
    """What a single line break between two lines is: "wrap", "paragraph" or "line"."""
    if _LIST_ITEM.match(following):
        return "line" if _LIST_ITEM.match(line) or line.endswith(":") else "paragraph"
    if _LIST_ITEM.match(line):
        return "paragraph"  # the list has ended
    if short:
        return "paragraph" if ends_sentence(line) else "line"
    if not wrapped:
        return "paragraph"  # one paragraph per line
    next_word = following.split(None, 1)[0]
    forced = len(line) + 1 + len(next_word) > width
    if forced and not (two_lines and ends_sentence(line)):
        return "wrap"
    return "paragraph" if ends_sentence(line) else "line"
