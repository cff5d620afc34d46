"""The search query language, parsed into an FTS5 expression and SQL filters.

    words            every word must match (in any field)
    "exact phrase"   the words in this order
    prefix*          words starting with `prefix`
    a OR b           either (binds tighter than the implicit AND)
    -word, NOT word  must not match
    title: category: author: tag:   restrict a word or "phrase" to one field
    after:YYYY-MM-DD before:YYYY-MM-DD   publication date (after is inclusive)
    is:unread is:read is:starred is:unstarred

Case never matters. A word typed without marks matches every form of it (`ha`: ha, hà,
hả …; `d` also đ); a word typed with them matches that form only (`Hà`: Hà, HÀ, not ha).
Phrases, and words typed side by side, do not run across sentence punctuation or
paragraph breaks. Results come best first: the words side by side, then the words as
typed, then the title holding the words, then by relevance, then newest.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from reader.forms import BOUNDARY, has_letters, is_exact, tokens
from reader.model import NewsdeskError
from reader.text import index_text

FIELDS = {
    "title": "title",
    "category": "category",
    "author": "author",
    "tag": "tags",
    "tags": "tags",
}
FLAGS = {"unread", "read", "starred", "unstarred"}
MAX_TERMS = 64
_TOKEN = re.compile(
    r"""
    (?P<neg>-)?
    (?:(?P<field>[A-Za-z]+):)?
    (?: "(?P<phrase>[^"]*)(?P<closed>")? | (?P<word>[^\s"]+) )
    """,
    re.VERBOSE,
)


class QueryError(NewsdeskError):
    """A query that cannot be run; the message is short enough for a search box."""


class SearchStopped(NewsdeskError):
    """A search stopped part way, because a newer one made its results useless."""


@dataclass(slots=True)
class Term:
    """One searchable unit: a word, a prefix or a phrase (as typed), maybe tied to a field."""

    text: str
    field: str | None = None
    prefix: bool = False
    negated: bool = False

    @property
    def words(self) -> list[str]:
        """Its words in lower case as the index splits them, BOUNDARY where a sentence breaks."""
        return tokens(self.text)

    @property
    def kind(self) -> str:
        """`plain` (typed without marks: any form matches), `exact` (with marks), or `mixed`."""
        marked = {is_exact(word) for word in self.words if has_letters(word)}  # digits have one form
        return "mixed" if len(marked) > 1 else "exact" if marked == {True} else "plain"

    def fts(self, *, exact: bool = False) -> str:
        """This term in FTS5 syntax: folded for the `fts` table, or as typed for `fts_exact`."""
        words = self.words if exact else [index_text(word) for word in self.words]
        return fts_phrase(words, prefix=self.prefix, field=self.field)


def fts_phrase(words: list[str], *, prefix: bool = False, field: str | None = None) -> str:
    """Words as one FTS5 phrase, quoted so that nothing in it is an operator."""
    quoted = '"' + " ".join(words).replace('"', '""') + '"' + (" *" if prefix else "")
    return f"{field} : {quoted}" if field else quoted


@dataclass(slots=True)
class Query:
    """A parsed query: what FTS5 must match, and what SQL must filter."""

    groups: list[list[Term]] = field(default_factory=list)
    negated: list[Term] = field(default_factory=list)
    after: float | None = None
    before: float | None = None
    flags: set[str] = field(default_factory=set)

    @property
    def positive_fts(self) -> str | None:
        """What must match, folded, for the `fts` table (None when there is none).

        A word typed with marks is folded here too: this finds (and ranks) every
        candidate; that the form is right is checked in `fts_exact`.
        """
        return _all_of(self.groups, exact=False)

    @property
    def negative_fts(self) -> str | None:
        """What must not match among the words typed without marks, for the `fts` table."""
        return " OR ".join(t.fts() for t in self.negated if t.kind == "plain") or None

    @property
    def typed_fts(self) -> str | None:
        """What must match with every word in the form typed, for `fts_exact`: a ranking hint.

        Prefixes are left out (a form typed is a whole word). None when it would say
        nothing new: every word was typed with marks, or none has letters.
        """
        groups = [group for group in self.groups if not any(t.prefix for t in group)]
        words = [word for group in groups for term in group for word in term.words]
        if not any(has_letters(word) and not is_exact(word) for word in words):
            return None
        return _all_of(groups, exact=True)

    def highlight_words(self, where: str) -> list[str]:
        """Patterns to highlight in a result's `title` or `text`; `word*` for prefixes.

        A word with marks stands for that form only, a word without for all its forms
        (see `find_matches`), as the search matched them.
        """
        fields = {None, "title"} if where == "title" else {None}
        words: list[str] = []
        for group in self.groups:
            for term in group:
                if term.field in fields:
                    found = [word for word in term.words if word != BOUNDARY]
                    words.extend(
                        w + "*" if term.prefix and n == len(found) - 1 else w for n, w in enumerate(found)
                    )
        return words

    @property
    def phrase(self) -> Term | None:
        """The whole query as one phrase, when it is two or more words (or phrases) side by side."""
        terms = [group[0] for group in self.groups if len(group) == 1]
        plain = [t for t in terms if t.field is None and not t.prefix]
        if len(plain) < 2 or len(plain) != len(self.groups):
            return None
        return Term(" ".join(t.text for t in plain))

    def is_empty(self) -> bool:
        """True when the query asks for nothing at all."""
        return not (self.groups or self.negated or self.after or self.before or self.flags)


def _all_of(groups: list[list[Term]], *, exact: bool) -> str | None:
    """Groups as one FTS5 expression: each an OR of its terms, all of them ANDed."""
    parts = []
    for group in groups:
        terms = [t.fts(exact=exact) for t in group]
        parts.append(terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")")
    return " AND ".join(parts) or None


def parse_query(text: str) -> Query:
    """Parse what a user typed; raise QueryError with a short reason if it makes no sense."""
    text = unicodedata.normalize("NFC", text)
    if text.count('"') % 2:
        raise QueryError('missing closing "')
    query = Query()
    pending_or = negate_next = last_negated = False
    position = 0
    for match in _TOKEN.finditer(text):
        if text[position : match.start()].strip():
            raise QueryError(f"cannot read {text[position : match.start()].strip()!r}")
        position = match.end()
        token = match.group(0)
        if token == "OR" and not match.group("neg"):
            if last_negated:
                raise QueryError("OR cannot join a word that must not match")
            if not query.groups or pending_or or negate_next:
                raise QueryError("OR needs a word on each side")
            pending_or = True
            continue
        if token == "NOT" and not match.group("neg"):
            if pending_or:
                raise QueryError("OR cannot join a word that must not match")
            if negate_next:
                raise QueryError("NOT needs a word after it")
            negate_next = True
            continue
        term = _term(match, query)
        if term is None:
            continue
        if negate_next:
            term.negated, negate_next = True, False
        last_negated = term.negated
        if term.negated:
            if pending_or:
                raise QueryError("OR cannot join a word that must not match")
            query.negated.append(term)
        elif pending_or:
            query.groups[-1].append(term)
        else:
            query.groups.append([term])
        pending_or = False
        if len(query.groups) + len(query.negated) > MAX_TERMS:
            raise QueryError(f"too many words (at most {MAX_TERMS})")
    if pending_or:
        raise QueryError("OR needs a word on each side")
    if negate_next:
        raise QueryError("NOT needs a word after it")
    return query


def _term(match: re.Match[str], query: Query) -> Term | None:
    """Turn one token into a term, or apply it as a filter (returning None)."""
    name = (match.group("field") or "").lower()
    value = match.group("phrase") if match.group("phrase") is not None else match.group("word")
    negated = bool(match.group("neg"))
    if name in ("after", "before", "is"):
        _apply_filter(query, name, value, negated)
        return None
    if name and name not in FIELDS:
        value = f"{match.group('field')}:{value}"
        name = ""
    prefix = match.group("word") is not None and value.endswith("*")
    typed = value.rstrip("*") if prefix else value
    if not tokens(typed):
        if prefix or match.group("phrase") is not None:
            raise QueryError("a search word needs letters or digits")
        return None
    return Term(typed, FIELDS.get(name), prefix, negated)


def _apply_filter(query: Query, name: str, value: str, negated: bool) -> None:
    if name == "is":
        flag = value.lower()
        if flag not in FLAGS:
            raise QueryError(f"is: takes {', '.join(sorted(FLAGS))}")
        opposite = {
            "read": "unread",
            "unread": "read",
            "starred": "unstarred",
            "unstarred": "starred",
        }
        query.flags.add(opposite[flag] if negated else flag)
        return
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{name}: needs a date like 2024-01-31") from None
    stamp = datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()
    if name == "after":
        query.after = stamp
    else:
        query.before = stamp
