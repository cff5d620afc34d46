"""What a line of copied web-page text is: prose, a title, a byline, a heading, chrome."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reader.dates import FoundDate, find_date
from reader.text import fold

RELATED_HEADINGS = frozenset(
    fold(h)
    for h in (
        "Tin cùng chuyên mục",
        "Cùng chuyên mục",
        "Tin liên quan",
        "Tin bài liên quan",
        "Bài liên quan",
        "Bài viết liên quan",
        "Tin khác",
        "Các tin khác",
        "Tin cùng chủ đề",
        "Xem thêm",
        "Đọc thêm",
        "Có thể bạn quan tâm",
        "Related",
        "Related stories",
        "Related articles",
        "Related news",
        "Related content",
        "Read more",
        "Read next",
        "More stories",
        "More on this story",
        "See also",
        "You may also like",
    )
)
STOP_HEADINGS = frozenset(
    fold(h)
    for h in (
        "Bình luận",
        "Ý kiến",
        "Ý kiến bạn đọc",
        "Gửi bình luận",
        "Comments",
        "Leave a comment",
        "Chia sẻ",
        "Share",
        "Share this article",
    )
)
CHROME_WORDS = frozenset(
    fold(w)
    for w in (
        "Analytic",
        "Analytics",
        "Menu",
        "Home",
        "Trang chủ",
        "Search",
        "Tìm kiếm",
        "Đăng nhập",
        "Đăng ký",
        "Login",
        "Sign in",
        "Subscribe",
        "Video",
        "Podcast",
        "English",
        "Tiếng Việt",
        "Skip to content",
        "Advertisement",
        "Quảng cáo",
        "RSS",
    )
)
MAX_BYLINE = 140  # characters: a longer line is text, not a byline
MAX_CAPTION_LINE = 400  # characters: a longer line is text, not a photo caption
_WEEKDAYS = (
    r"th[ứu]\s*(?:hai|ba|t[ưu]|n[ăa]m|s[áa]u|b[ảa]y|[2-7])|ch[ủu]\s*nh[ậa]t|cn|t[2-7]"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun"
)
_BYLINE_NOISE = re.compile(
    rf"\b(?:{_WEEKDAYS}|c[ậa]p nh[ậa]t|đ[ăa]ng(?: l[úu]c| ng[àa]y)?|l[úu]c|ng[àa]y|gi[ờo]"
    r"|published|updated|posted|last updated|on|at|by|b[ởo]i|gmt|utc|ict|am|pm)\b"
    r"|[-–—|,·:()\[\]/]+",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.…:;]['\"”’»)\]]*$")
_QUESTION_END = re.compile(r"[?!]['\"”’»)\]]*$")
_CAPTION_CREDIT = re.compile(r"(?:^|[\s(.])(?:Ảnh|Nguồn ảnh|Ảnh minh họa|Photo|Image)\s*:\s*[^.]{1,60}\)?$")
# Spaces taken once and kept (`*+`, `++`): read both ways, `\s*:?\s+` tried every split of a run, n².
_ATTRIBUTION = re.compile(r"^(?:Theo|Nguồn|Source|Via)(?:\s*+:)?\s++(?P<who>.{2,60})$", re.IGNORECASE)
_TAGS = re.compile(r"^(?:Tags?|Từ khóa|Từ khoá|Chủ đề|Topics?)\s*:\s*(?P<tags>.+)$", re.IGNORECASE)
# Spaces are only tried from the first of a run (`(?<!\s)`): tried from each, a long run costs n².
_NAME_SEPARATOR = re.compile(r"(?<!\s)\s+(?:[-–—&/]|và|and)\s+|(?:(?<!\s)\s+)?,\s*")
_AUTHOR_SEPARATOR = re.compile(r"\s+|\s*[-–&,/]\s*")
_TAG_SEPARATOR = re.compile(r"[,;#]")
NOT_IN_NAMES = frozenset(
    {
        *("the", "a", "of", "and", "in", "on", "for", "to", "with", "at", "by", "from", "is"),
        *("are", "was", "new", "how", "why", "what", "our", "your", "my", "this", "that", "end"),
        *("của", "và", "các", "những", "là", "có", "cho", "trong", "với", "được", "không", "một"),
        *("tin", "bài", "ảnh", "video", "xem", "thêm", "hết", "home", "menu", "top"),
        *("read", "more", "about", "see", "also", "click", "here", "share", "follow", "us", "subscribe"),
    }
)
_NAME_WORD = re.compile(r"^[(\[]?[^\W\d_][^\W\d_.'’-]*(?:[-'’.][^\W\d_]+)*\.?[)\]]?,?$")


@dataclass(frozen=True, slots=True)
class Byline:
    """A byline found in a line: the date it gives and the author it names, if any."""

    found: FoundDate
    author: str


def is_prose(line: str) -> bool:
    """A sentence-like paragraph (a lead or body text), not a heading or a title."""
    if len(line) >= 200:
        return True
    if _SENTENCE_END.search(line) and len(line.split()) >= 4:
        return True
    return bool(_QUESTION_END.search(line)) and len(line) >= 150


def is_chrome(line: str) -> bool:
    """Navigation and widget text copied along with a page."""
    return fold(line) in CHROME_WORDS or not fold(line)


def is_title_like(line: str) -> bool:
    """Could be a title or a section name: short, not a sentence, not a date."""
    return (
        not is_prose(line)
        and len(line) <= 300
        and not is_chrome(line)
        and byline(line) is None
        and related_heading(line) is None
    )


def is_category_like(line: str) -> bool:
    """Could be a section name above a title."""
    return is_title_like(line) and len(line) <= 160 and len(line.split()) <= 24


@lru_cache(maxsize=4096)
def byline(line: str) -> Byline | None:
    """A line that carries a publication date, with an author's name if it has one."""
    if len(line) > MAX_BYLINE:
        return None
    found = find_date(line)
    if found is None:
        return None
    rest = _BYLINE_NOISE.sub(" ", found.rest)
    words = rest.split()
    if len(words) > 8:
        return None
    author = " ".join(words) if words and is_author_line(" ".join(words)) else ""
    return Byline(found, author)


def related_heading(line: str) -> str | None:
    """The rest of the line if it opens a related-stories block ('' for a bare heading)."""
    head = line[:40]
    if ":" not in head and len(line) > 40:
        return None
    bare = fold(line) if len(line) <= 40 else ""
    if bare in RELATED_HEADINGS:
        return ""
    head, sep, rest = line.partition(":")
    if sep and fold(head) in RELATED_HEADINGS and rest.strip():
        return rest.strip()
    return None


def is_stop_heading(line: str) -> bool:
    """Where the article ends and the page's comments or footer begin."""
    if "©" in line:
        return True
    start = fold(line[:12])
    if start.startswith(("copyright", "ban quyen")):
        return True
    return len(line) <= 40 and fold(line) in STOP_HEADINGS


def is_author_line(line: str) -> bool:
    """A name (or names) on its own: `Trọng Bảo`, `NGUYỄN HÀ - MINH ANH`, `PV`."""
    if len(line) > 60 or _SENTENCE_END.search(line.rstrip(".")) or _QUESTION_END.search(line):
        return False
    words = [w for w in _AUTHOR_SEPARATOR.split(line) if w]
    if not 1 <= len(words) <= 8:
        return False
    return all(_NAME_WORD.match(w) and (w.lstrip("([")[:1].isupper()) for w in words)


def is_name_line(line: str) -> bool:
    """A line that is only a name, or names: one to five capitalised words each, no sentence.

    `Nguyễn Văn An`, `Maya Okonkwo`, `Hoàng Nam - Minh Anh`, `PV`. A title-case heading
    (`The End of the Road`) is not a name: names hold no little words.
    """
    if len(line) > 80 or _SENTENCE_END.search(line) or _QUESTION_END.search(line):
        return False
    names = [n for n in _NAME_SEPARATOR.split(line.strip()) if n]
    if not 1 <= len(names) <= 4:
        return False
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 5:
            return False
        for word in words:
            if not _NAME_WORD.match(word) or not word.lstrip("([")[:1].isupper():
                return False
            if word.casefold() in NOT_IN_NAMES:
                return False
    return True


def attribution(line: str) -> str | None:
    """`Theo TTXVN` at the end of a story: the outlet the text came from."""
    match = _ATTRIBUTION.match(line)
    if match and not _SENTENCE_END.search(line.rstrip(".")):
        return match.group("who").strip().rstrip(".")
    return None


def is_caption_credit(line: str) -> bool:
    """A photo caption that ends with a credit: `... (Ảnh: TTXVN)`, `Photo: AP`."""
    return len(line) <= MAX_CAPTION_LINE and bool(_CAPTION_CREDIT.search(line))


def tags_line(line: str) -> list[str] | None:
    """A `Tags: a, b` line, as the list of tags."""
    match = _TAGS.match(line)
    if not match:
        return None
    return [t.strip() for t in _TAG_SEPARATOR.split(match.group("tags")) if t.strip()]
