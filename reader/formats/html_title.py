"""A page's headline: its `<title>` without the site name that pages add before or after it."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple
from urllib.parse import urlsplit

from reader.text import clean_line, fold

_SEPARATOR = re.compile(r"(?<!\s)\s+(?:[-|–—·•»«]|::)\s+")  # tried from the first of a run of spaces only
_NAME_PUNCTUATION = re.compile(r"[-_.+]+")
_PREFIX_SEPARATORS = frozenset({"|", "::", "»", "«", "·", "•"})
SITE_WORDS = 5
_HOST_NOISE = frozenset({"www", "m", "amp", "mobile", "com", "net", "org", "co", "example", "news", "edu"})


class _Part(NamedTuple):
    """A part of a title: its text, where it starts, and where the separator before it starts."""

    text: str
    start: int
    cut: int
    separator: str


def strip_site_name(title: str, site_names: Iterable[str], host: str = "") -> str:
    """The title without a known site name (or the site's domain) at its start or end."""
    sites = {fold(name) for name in site_names if fold(name)}
    for _round in range(2):
        parts = _parts(title)
        if len(parts) < 2:
            break
        if _is_site(parts[-1].text, sites, host):
            title = title[: parts[-1].cut].strip()
        elif _is_site(parts[0].text, sites, host):
            title = title[parts[1].start :].strip()
        else:
            break
    return title


def page_headline(title: str, site_names: Iterable[str], host: str, known: Callable[[], set[str]]) -> str:
    """The headline in a `<title>`: site names known, else the part the page shows, else a guess."""
    stripped = strip_site_name(title, site_names, host)
    parts = _parts(title)
    if stripped != title or len(parts) < 2:
        return stripped
    without_last = title[: parts[-1].cut].strip()
    without_first = title[parts[1].start :].strip()
    texts = {fold(text) for text in known()}
    shown = [c for c in (without_last, without_first) if fold(c) in texts]
    if shown:
        return max(shown, key=len)
    return _guess(title, parts, without_last, without_first)


def _guess(title: str, parts: list[_Part], without_last: str, without_first: str) -> str:
    """A short last part is the site (`Headline - Site`); a short first part before `|` is too."""
    last, first = parts[-1].text, parts[0].text
    if len(last.split()) <= SITE_WORDS and len(last) <= len(without_last):
        return without_last
    first_is_short = len(first.split()) <= SITE_WORDS and len(first) < len(without_first)
    if parts[1].separator in _PREFIX_SEPARATORS and first_is_short:
        return without_first
    return title


def _parts(title: str) -> list[_Part]:
    """Each part of a title split at site separators, with where it and its separator start."""
    parts: list[_Part] = []
    start, cut, separator = 0, 0, ""
    for match in _SEPARATOR.finditer(title):
        parts.append(_Part(title[start : match.start()], start, cut, separator))
        start, cut, separator = match.end(), match.start(), match.group().strip()
    parts.append(_Part(title[start:], start, cut, separator))
    return parts


def _is_site(part: str, sites: set[str], host: str) -> bool:
    folded = fold(part)
    if not folded or len(part.split()) > SITE_WORDS + 2:
        return False
    if folded in sites:
        return True
    squashed = folded.replace(" ", "")
    return any(len(label) >= 4 and label in squashed for label in _host_labels(host))


def _host_labels(host: str) -> list[str]:
    labels = host.lower().split(".")
    return [label.replace("-", "") for label in labels if label and label not in _HOST_NOISE]


def host_of(url: str) -> str:
    """The host name of a URL ('' when it has none)."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def humanise_file_name(relpath: str) -> str:
    """A title made from a file name: `tidal-barrier_vote.html` gives `Tidal barrier vote`."""
    stem = posixpath.splitext(posixpath.basename(relpath))[0]
    words = clean_line(_NAME_PUNCTUATION.sub(" ", stem))
    return words[:1].upper() + words[1:] if words else "Untitled page"
