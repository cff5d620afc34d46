"""Publication dates: ISO 8601, day-first numeric dates, and dates inside bylines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from reader.model import Published

_TIME = r"(?P<H>[01]?\d|2[0-3])\s*[:hH]\s*(?P<M>[0-5]\d)(?:\s*:\s*(?P<S>[0-5]\d))?"
_DMY = r"(?P<d>[0-3]?\d)\s*[/.-]\s*(?P<m>[01]?\d)\s*[/.-]\s*(?P<y>(?:19|20)\d\d)"
_YMD = r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
_VIET = r"ng[àa]y\s+(?P<d>[0-3]?\d)\s+th[áa]ng\s+(?P<m>[01]?\d)\s+n[ăa]m\s+(?P<y>(?:19|20)\d\d)"
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
_EN_DMY = rf"(?P<d>[0-3]?\d)\s+(?P<mn>{_MONTH_NAME})\.?,?\s+(?P<y>(?:19|20)\d\d)"
_EN_MDY = rf"(?P<mn>{_MONTH_NAME})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)"
# Spaces are tried from the first of a run only: from each, a long run of them cost n².
_OFFSET = re.compile(
    r"(?:\(\s*|(?<!\s)\s+)?(?:GMT|UTC)\s*(?:(?P<sign>[+-])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?)?\s*\)?",
    re.IGNORECASE,
)
_DATE_PATTERNS = [re.compile(p, re.IGNORECASE) for p in (_VIET, _DMY, _YMD, _EN_DMY, _EN_MDY)]
_TIME_PATTERN = re.compile(rf"(?<![\d:]){_TIME}(?![\d:])")
_SLASH_FORMATS = re.compile(rf"^\s*{_DMY}(?:[\sT,]+{_TIME})?\s*$")


class DateError(ValueError):
    """A date that names no real day or time (32/13/2019, 2019-02-30)."""


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date found inside a line of text, and what is left of the line without it."""

    published: Published
    rest: str
    has_seconds: bool


def parse_date(value: str) -> Published:
    """Parse a front-matter date: ISO 8601, or day-first `DD/MM/YYYY [HH:MM]`."""
    text = value.strip()
    match = _SLASH_FORMATS.match(text)
    if match:
        return _build(match.groupdict(), None)
    try:
        parsed = datetime.fromisoformat(text.replace(" ", "T", 1) if " " in text else text)
    except ValueError as error:
        raise DateError(f"not a date: {text[:40]!r}") from error
    has_time = "T" in text or " " in text or ":" in text
    return Published(parsed, has_time=has_time)


def find_date(line: str) -> FoundDate | None:
    """Find a publication date (and time and offset) anywhere in a byline-like line."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(line)
        if match:
            break
    else:
        return None
    parts = match.groupdict()
    rest = line[: match.start()] + " " + line[match.end() :]
    time_match = _TIME_PATTERN.search(rest)
    if time_match:
        parts.update(time_match.groupdict())
        rest = rest[: time_match.start()] + " " + rest[time_match.end() :]
    offset, rest = _take_offset(rest)
    try:
        published = _build(parts, offset)
    except DateError:
        return None
    return FoundDate(published, rest, has_seconds=bool(parts.get("S")))


def _take_offset(text: str) -> tuple[timezone | None, str]:
    for match in _OFFSET.finditer(text):
        if not match.group(0).strip(" ()"):
            continue
        offset = UTC
        if match.group("sign"):
            hours = int(match.group("oh"))
            minutes = int(match.group("om") or 0)
            if hours > 14 or minutes > 59:
                continue
            delta = timedelta(hours=hours, minutes=minutes)
            offset = timezone(-delta if match.group("sign") == "-" else delta)
        return offset, text[: match.start()] + " " + text[match.end() :]
    return None, text


def _build(parts: dict[str, str | None], offset: timezone | None) -> Published:
    month_name = parts.get("mn")
    month = _MONTHS[month_name.lower()] if month_name else int(parts["m"] or 0)
    hour, minute, second = (int(parts.get(k) or 0) for k in ("H", "M", "S"))
    try:
        value = datetime(
            int(parts["y"] or 0), month, int(parts["d"] or 0), hour, minute, second, tzinfo=offset
        )
    except ValueError as error:
        raise DateError(f"impossible date: {error}") from error
    return Published(value, has_time=parts.get("H") is not None)
