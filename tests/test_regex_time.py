"""Every regular expression in reader/ takes time in proportion to its text, even hostile text.

The patterns are found in the globals of every reader module (a new one must be given a
line in USES, or this fails). Each is run on text built from its own pieces: every
literal and every class of the pattern repeated, alone and after the pieces that come
before it in the pattern, with and without a tail that makes it fail. A pattern that
backtracks on such text (`\\s+x\\s+` tried from each of 30,000 spaces) costs n² or worse
and freezes indexing, and through the GIL the screen. Each run is timed against a
trivial pattern over as much text; an alarm stops one that would run for minutes.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import re._constants as sre  # the pattern's parsed form: where its pieces come from
import re._parser as sre_parse
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any, NamedTuple

import pytest
from hostile import Files
from hostile_cases import freezes

import reader
from reader.bodies import body_document
from reader.formats import parse_article
from reader.formats.html import MAX_DATE_TEXT
from reader.formats.html_clean import MAX_ATTRIBUTE
from reader.formats.lines import MAX_BYLINE, MAX_CAPTION_LINE
from reader.forms import mark_boundaries
from reader.model import ParseError

SCREEN = 8_000  # characters: every input, against RATIO times the trivial pattern
FULL = 500_000  # characters: the slowest input of each pattern, also under ABSOLUTE seconds
RATIO = 50
ABSOLUTE = 0.5  # a second a megabyte
ALARM = 3.0  # seconds before a run is stopped and counted as too slow
DATES = max(MAX_BYLINE, MAX_DATE_TEXT)  # find_date is given a byline, or a date cut to this length


class Use(NamedTuple):
    """How the code runs a pattern, and the longest text its callers give it."""

    anchored: bool = False  # only match() / fullmatch(): tried at the start alone
    limit: int = FULL


SCAN, ANCHORED = Use(), Use(anchored=True)
USES: dict[str, Use] = {
    "reader.config._DURATION": ANCHORED,  # a duration in the user's config
    "reader.dates._OFFSET": Use(limit=DATES),
    "reader.dates._DATE_PATTERNS[0]": Use(limit=DATES),
    "reader.dates._DATE_PATTERNS[1]": Use(limit=DATES),
    "reader.dates._DATE_PATTERNS[2]": Use(limit=DATES),
    "reader.dates._DATE_PATTERNS[3]": Use(limit=DATES),
    "reader.dates._DATE_PATTERNS[4]": Use(limit=DATES),
    "reader.dates._TIME_PATTERN": Use(limit=DATES),
    "reader.dates._SLASH_FORMATS": ANCHORED,
    "reader.folders._SLUG": ANCHORED,
    "reader.formats.common._BREADCRUMB": SCAN,
    "reader.formats.frontmatter._OPENING": ANCHORED,
    "reader.formats.frontmatter._CLOSING": SCAN,
    "reader.formats.frontmatter._PLAIN_INT": ANCHORED,
    "reader.formats.frontmatter._PLAIN_FLOAT": ANCHORED,
    "reader.formats.html_body._PARAGRAPH_BREAK": SCAN,
    "reader.formats.html_clean._BOILERPLATE": Use(limit=3 * MAX_ATTRIBUTE + 2),  # three attributes, cut
    "reader.formats.html_decode._DECLARED": SCAN,
    "reader.formats.html_jsonld._WRAPPERS": SCAN,
    "reader.formats.html_markdown._URL_UNSAFE": SCAN,
    "reader.formats.html_markdown._SPACES": SCAN,
    "reader.formats.html_markdown._MD_LINE_START": SCAN,
    "reader.formats.html_markdown._MD_ORDERED": SCAN,
    "reader.formats.html_markdown._MD_INLINE": SCAN,
    "reader.formats.html_meta._LANGUAGE": ANCHORED,
    "reader.formats.html_meta._BY": SCAN,
    "reader.formats.html_title._SEPARATOR": SCAN,
    "reader.formats.html_title._NAME_PUNCTUATION": SCAN,
    "reader.formats.lines._BYLINE_NOISE": Use(limit=MAX_BYLINE),
    "reader.formats.lines._SENTENCE_END": SCAN,
    "reader.formats.lines._QUESTION_END": SCAN,
    "reader.formats.lines._CAPTION_CREDIT": Use(limit=MAX_CAPTION_LINE),
    "reader.formats.lines._ATTRIBUTION": ANCHORED,
    "reader.formats.lines._TAGS": ANCHORED,
    "reader.formats.lines._NAME_SEPARATOR": SCAN,
    "reader.formats.lines._AUTHOR_SEPARATOR": SCAN,
    "reader.formats.lines._TAG_SEPARATOR": SCAN,
    "reader.formats.lines._NAME_WORD": ANCHORED,
    "reader.formats.plain._REFERENCE": SCAN,
    "reader.formats.prose._SENTENCE_END": SCAN,
    "reader.formats.prose._ENDS_SENTENCE": SCAN,
    "reader.formats.prose._LIST_ITEM": ANCHORED,
    "reader.forms._BREAKS": SCAN,
    "reader.forms._TOKEN": SCAN,
    "reader.importer._ADDRESS": ANCHORED,  # what `newsdesk import` was given
    "reader.importer._FRONT_MATTER": ANCHORED,
    "reader.query._TOKEN": SCAN,
    "reader.scan._UNSEEN": SCAN,
    "reader.text._ESCAPE_SEQUENCE": SCAN,
    "reader.text._CONTROL": SCAN,
    "reader.text._LINE_BREAK": SCAN,
    "reader.text._NEEDS_CLEANING": SCAN,
    "reader.text._NON_WORD": SCAN,
}
_REPRESENTATIVES = {
    sre.CATEGORY_SPACE: " \n",
    sre.CATEGORY_NOT_SPACE: "a",
    sre.CATEGORY_DIGIT: "1",
    sre.CATEGORY_NOT_DIGIT: "a",
    sre.CATEGORY_WORD: "aé_",
    sre.CATEGORY_NOT_WORD: "- ",
}


def reader_patterns() -> dict[str, re.Pattern[Any]]:
    """Every compiled pattern held in a global of a reader module (alone, or in a list or tuple)."""
    found: dict[str, re.Pattern[Any]] = {}
    for module in pkgutil.walk_packages(reader.__path__, "reader."):
        if module.name.endswith("__main__"):
            continue
        for name, value in vars(importlib.import_module(module.name)).items():
            if isinstance(value, re.Pattern):
                found[f"{module.name}.{name}"] = value
            elif isinstance(value, list | tuple):
                patterns = [v for v in value if isinstance(v, re.Pattern)]
                found |= {f"{module.name}.{name}[{n}]": p for n, p in enumerate(patterns)}
    return found


PATTERNS = reader_patterns()


def test_every_pattern_has_a_use() -> None:
    assert sorted(PATTERNS) == sorted(USES)


class Hostile(NamedTuple):
    """A text made of a pattern's pieces: `before`, then `piece` repeated, then `tail`."""

    before: str
    piece: str
    tail: str

    def text(self, size: int) -> str:
        """The text, about `size` characters long."""
        return self.before + self.piece * max(size // len(self.piece), 1) + self.tail


def hostile_texts(pattern: re.Pattern[Any]) -> list[Hostile]:
    """Each piece repeated (alone, after the pieces before it, and with them), then a failing tail or not."""
    steps = list(_steps(_parsed(pattern), ""))
    used = {char for before, piece in steps for char in before + piece}
    fail = next(c for c in "\x00\ufdd0~§" if c not in used)
    texts = {Hostile("", piece, tail) for _before, piece in steps for tail in ("", fail)}
    texts |= {Hostile(before, piece, fail) for before, piece in steps if before}
    texts |= {Hostile("", before + piece, fail) for before, piece in steps if before}
    return sorted(texts)


def _parsed(pattern: re.Pattern[Any]) -> Any:
    source = pattern.pattern
    if isinstance(source, bytes):
        return sre_parse.parse(source.decode("latin-1"), pattern.flags & ~re.UNICODE)
    return sre_parse.parse(source, pattern.flags)


def _steps(items: Any, before: str) -> Iterator[tuple[str, str]]:
    """(what comes before, a piece) for each literal run and each class member in the pattern."""
    literal = ""
    for op, arg in items:
        if op is sre.LITERAL:
            literal += chr(arg)
            continue
        if literal:
            yield before, literal
            before, literal = before + literal, ""
        pieces = list(_pieces(op, arg, before))
        yield from pieces
        if pieces:
            before = pieces[-1][0] + pieces[-1][1]  # one way through the item
    if literal:
        yield before, literal


def _pieces(op: Any, arg: Any, before: str) -> Iterator[tuple[str, str]]:
    """The pieces of one item of a parsed pattern."""
    if op is sre.NOT_LITERAL:
        yield before, "a" if arg != ord("a") else "b"
    elif op is sre.ANY:
        yield before, "a"
    elif op is sre.IN:
        yield from ((before, char) for char in _members(arg))
    elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        yield from _steps(arg[2], before)
    elif op is sre.SUBPATTERN:
        yield from _steps(arg[-1], before)
    elif op is sre.ATOMIC_GROUP:
        yield from _steps(arg, before)
    elif op is sre.BRANCH:
        for branch in arg[1]:
            yield from _steps(branch, before)
    elif op in (sre.ASSERT, sre.ASSERT_NOT):
        yield from _steps(arg[1], before)


def _members(items: Any) -> list[str]:
    """Characters a class holds (or, negated, some it does not)."""
    if any(op is sre.NEGATE for op, _arg in items):
        return ["a", " ", "-", "1"]
    chars: list[str] = []
    for op, arg in items:
        if op is sre.LITERAL:
            chars.append(chr(arg))
        elif op is sre.RANGE:
            chars += [chr(arg[0]), chr(arg[1])]
        elif op is sre.CATEGORY:
            chars += list(_REPRESENTATIVES.get(arg, "a"))
    return chars


def runner(pattern: re.Pattern[Any], use: Use) -> Callable[[str], object]:
    """The pattern run as the code runs it (a scan is `sub`: every start tried, every match taken)."""
    encode = isinstance(pattern.pattern, bytes)

    def run(text: str) -> object:
        data: Any = text.encode("utf-8") if encode else text
        if use.anchored:
            return pattern.match(data), pattern.fullmatch(data)
        return pattern.sub(data[:0], data)

    return run


class _TooSlow(Exception):
    pass


def _alarm(_signal: int, _frame: FrameType | None) -> None:
    raise _TooSlow


def seconds(run: Callable[[str], object], text: str, tries: int = 1) -> float:
    """The best of `tries` runs; an alarm stops a run after ALARM seconds (the regex engine checks it)."""
    best = float("inf")
    previous = signal.signal(signal.SIGVTALRM, _alarm)
    try:
        for _ in range(tries):
            signal.setitimer(signal.ITIMER_VIRTUAL, ALARM)
            start = time.thread_time()
            try:
                run(text)
            except _TooSlow:
                return float("inf")
            finally:
                signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            best = min(best, time.thread_time() - start)
    finally:
        signal.signal(signal.SIGVTALRM, previous)
    return best


_TRIVIAL = re.compile(r"(?s).")
_reference: dict[int, float] = {}


def reference(size: int) -> float:
    """What a pattern that matches every character costs on `size` characters: linear time."""
    if size not in _reference:
        _reference[size] = seconds(lambda text: _TRIVIAL.sub("", text), "x" * size, tries=2)
    return _reference[size]


def slowest(run: Callable[[str], object], texts: list[Hostile], size: int) -> tuple[float, Hostile]:
    """The slowest of the texts at this size (the first one over the bound, measured again, if any)."""
    bound = RATIO * reference(size)
    worst, slowest_text = 0.0, texts[0]
    for hostile in texts:
        took = seconds(run, hostile.text(size))
        if took > bound:
            return seconds(run, hostile.text(size), tries=3), hostile
        if took > worst:
            worst, slowest_text = took, hostile
    return worst, slowest_text


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_takes_linear_time(name: str) -> None:
    pattern, use = PATTERNS[name], USES[name]
    run = runner(pattern, use)
    texts = hostile_texts(pattern)
    worst, hostile = slowest(run, texts, SCREEN)
    assert worst <= RATIO * reference(SCREEN), (name, hostile, worst)
    full = seconds(run, hostile.text(use.limit))
    assert full <= min(ABSOLUTE, RATIO * reference(use.limit)), (name, hostile, full)


def freeze_cases() -> dict[str, tuple[bytes, str | None]]:
    """The hostile corpus' freezes: each file's bytes and its title (None for a file refused)."""
    cases: dict[str, tuple[bytes, str | None]] = {}

    def good(name: str, content: str | bytes, title: str) -> None:
        cases[name] = (content if isinstance(content, bytes) else content.encode(), title)

    def bad(name: str, content: str | bytes) -> None:
        cases[name] = (content if isinstance(content, bytes) else content.encode(), None)

    freezes.add(Files(Path(), good, bad))  # nothing is written
    return cases


FREEZES = freeze_cases()


@pytest.mark.parametrize("name", sorted(FREEZES))
def test_freeze_case_is_read_and_indexed_in_time(name: str) -> None:
    data, title = FREEZES[name]

    outcome: list[str | None] = []

    def read(_text: str) -> None:
        try:
            article = parse_article(data, name)
        except ParseError:
            outcome.append(None)
            return
        body_document(article.body, article.format)
        [mark_boundaries(text) for text in (article.title, article.lead, article.body)]
        outcome.append(article.title)

    assert seconds(read, "") < ALARM
    assert outcome == [title]
