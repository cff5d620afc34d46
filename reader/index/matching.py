"""A query as SQL over the two full-text tables: `fts` (text folded) and `fts_exact` (as written).

Whatever matches a query matches its folded form in `fts`, so that table finds the
candidates and ranks them; a word typed with marks must then be found in that very
form in `fts_exact`. When every word was typed with marks, `fts_exact` alone finds
and ranks. A phrase that mixes both kinds of word is looked up in `fts_exact` once
for each form its plain words take in the index (`Hà noi`: "hà nội", "hà nói" …).
"""

from __future__ import annotations

import itertools
import math
import sqlite3
import weakref
from dataclasses import dataclass, field

from reader.forms import first_letters, has_letters, is_exact
from reader.index.connections import GuardedConnection
from reader.query import Query, Term, fts_phrase
from reader.text import fold_chars, index_text

MAX_FORMS = 64  # phrases a mixed phrase may become; past that, its marked words are checked apart
_IN_TABLE = "a.rowid IN (SELECT rowid FROM {0} WHERE {0} MATCH ?)"
_BEGINNING = "SELECT term FROM vocab_exact WHERE term >= ? AND term < ?"
_LAST = "\U0010ffff"  # after every character: `term < start + _LAST` for every term starting so


@dataclass(frozen=True, slots=True)
class Need:
    """What one term asks of an article: an FTS5 expression for each table (None: nothing there)."""

    folded: str | None = None
    exact: str | None = None

    @property
    def never(self) -> bool:
        """True when nothing can match (a plain word of a mixed phrase that the index never holds)."""
        return self.folded is None and self.exact is None

    def sql(self) -> tuple[str, list[object]]:
        """This need as a SQL condition on the article `a`."""
        if self.never:
            return "0", []
        parts = [(t, e) for t, e in (("fts", self.folded), ("fts_exact", self.exact)) if e is not None]
        return "(" + " AND ".join(_IN_TABLE.format(t) for t, _ in parts) + ")", [e for _, e in parts]


@dataclass(slots=True)
class Plan:
    """The SQL of a query's words: the table whose MATCH finds and ranks, conditions, ranking keys."""

    table: str | None = None
    match: str | None = None
    where: list[str] = field(default_factory=list)
    where_params: list[object] = field(default_factory=list)
    preferences: list[tuple[str, list[object]]] = field(default_factory=list)  # ranked first, in turn

    def require(self, clause: str, params: list[object]) -> None:
        """Add a condition every result must meet."""
        self.where.append(clause)
        self.where_params.extend(params)

    def prefer(self, clause: str, params: list[object]) -> None:
        """Add a ranking key: the results that meet the condition come first.

        It only ever sorts or filters the matches (`+`): as a way in, SQLite would run the
        full-text match once per row id of the set (seconds at a million articles).
        """
        self.preferences.append((clause.replace("a.rowid IN", "+a.rowid IN"), params))

    @property
    def order(self) -> list[str]:
        """The preferences as ORDER BY terms."""
        return [f"{clause} DESC" for clause, _ in self.preferences]

    @property
    def order_params(self) -> list[object]:
        """The parameters of `order`, in turn."""
        return [param for _, params in self.preferences for param in params]


def plan(db: sqlite3.Connection, query: Query) -> Plan:
    """How to find and rank what a query matches (its words only; dates and marks are not here)."""
    made = Plan()
    needs = [[need(db, term) for term in group] for group in query.groups]
    if needs and all(n.folded is None and n.exact is not None for group in needs for n in group):
        made.table = "fts_exact"
        made.match = " AND ".join(_any_of([n.exact for n in group if n.exact]) for group in needs)
    elif needs:
        made.table, made.match = "fts", query.positive_fts
        _require_forms(made, needs)
    _exclude(db, query, made)
    _rank(db, query, made, needs)
    return made


def _in_title(query: Query, needs: list[list[Need]], *, exact: bool) -> str | None:
    """The match as a title holds it: its groups that name no other field. None when that says
    nothing: no group is left, or every one left names the title, so every match has it."""
    held = [
        (group, group_needs)
        for group, group_needs in zip(query.groups, needs, strict=True)
        if all(term.field in (None, "title") for term in group)
    ]
    if all(term.field == "title" for group, _ in held for term in group):
        return None
    return " AND ".join(
        _any_of([n.exact for n in group_needs if n.exact] if exact else [t.fts() for t in group])
        for group, group_needs in held
    )


def need(db: sqlite3.Connection, term: Term, *, precise: bool = True) -> Need:
    """What a term asks: plain words in `fts`, words with marks in `fts_exact`, a mix both.

    A phrase that mixes the two is looked up form by form (see `forms`) when `precise`;
    else (to rank, not to filter) as the phrase folded plus its words with marks anywhere.
    """
    kind = term.kind
    if kind == "plain":
        return Need(folded=term.fts())
    if kind == "exact":
        return Need(exact=term.fts(exact=True))
    return _mixed(db, term) if precise else _roughly(term)


def forms(db: sqlite3.Connection, word: str, *, prefix: bool = False) -> list[str]:
    """The forms of a plain word that the index holds: `noi` → noi, nói, nối, nội …"""
    found: list[str] = []
    for letter in first_letters(word):
        for (term,) in db.execute(_BEGINNING, (letter, letter + _LAST)):
            folded = fold_chars(term)
            if folded == word or (prefix and folded.startswith(word)):
                found.append(term)
    return found


def _mixed(db: sqlite3.Connection, term: Term) -> Need:
    """A phrase with words typed with marks and without: each form of its plain words in turn."""
    words = term.words
    choices: list[list[str]] = []
    for n, word in enumerate(words):
        if is_exact(word) or not has_letters(word):  # the boundary and digits too: one form each
            choices.append([word])
            continue
        found = forms(db, word, prefix=term.prefix and n == len(words) - 1)
        if not found:
            return Need()
        choices.append(found)
    if math.prod(len(c) for c in choices) > MAX_FORMS:
        return _roughly(term)
    last = words[-1]
    prefix = term.prefix and (is_exact(last) or not has_letters(last))  # else its forms are whole words
    phrases = _any_of([fts_phrase(list(p), prefix=prefix) for p in itertools.product(*choices)])
    return Need(exact=f"{term.field} : {phrases}" if term.field else phrases)


def _roughly(term: Term) -> Need:
    """A mixed phrase, nearly: the phrase folded, and its words with marks anywhere in that form."""
    words = term.words
    last = len(words) - 1
    marked = [
        fts_phrase([w], prefix=term.prefix and n == last, field=term.field)
        for n, w in enumerate(words)
        if has_letters(w) and is_exact(w)
    ]
    return Need(folded=term.fts(), exact=" AND ".join(marked))


def _require_forms(made: Plan, needs: list[list[Need]]) -> None:
    """Beside the folded match: the forms typed with marks, looked up in `fts_exact`."""
    exact: list[str] = []
    for group in needs:
        if len(group) == 1 and group[0].exact is not None:
            exact.append(group[0].exact)  # its folded part is in the match already
        elif any(n.exact is not None or n.never for n in group):
            parts = [n.sql() for n in group]
            made.require("(" + " OR ".join(s for s, _ in parts) + ")", [p for _, ps in parts for p in ps])
    if exact:
        made.require(_IN_TABLE.format("fts_exact"), [" AND ".join(exact)])


def _exclude(db: sqlite3.Connection, query: Query, made: Plan) -> None:
    """What must not match: plain words in `fts`, the others as they ask."""
    if query.negative_fts:
        made.require(f"NOT {_IN_TABLE.format('fts')}", [query.negative_fts])
    for term in query.negated:
        if term.kind != "plain":
            sql, params = need(db, term).sql()
            made.require(f"NOT {sql}", params)


def _rank(db: sqlite3.Connection, query: Query, made: Plan, needs: list[list[Need]]) -> None:
    """Ranking before relevance: the words side by side first, then the words in the form typed,
    then the title holding the words."""
    phrase = query.phrase
    if phrase is not None:
        together = need(db, phrase, precise=False)
        if not together.never:
            made.prefer(*together.sql())
    typed = query.typed_fts
    if typed is not None and not _alike(db, query):
        made.prefer(_IN_TABLE.format("fts_exact"), [typed])
    title = _in_title(query, needs, exact=made.table == "fts_exact")
    if title is not None:
        made.prefer(_IN_TABLE.format(made.table), [f"title : ({title})"])


def _alike(db: sqlite3.Connection, query: Query) -> bool:
    """True when the form typed ranks every candidate alike, so that asking costs time for nothing.

    A plain word is in its typed form in every article that has it in any form (the two
    tables count as many articles), or in none (`fts_exact` never holds it). A group is
    alike when all its words are one way; the query when every group always is, or one never.
    """
    groups = [
        [_typed_form(db, term) for term in group]
        for group in query.groups
        if not any(t.prefix for t in group)
    ]
    if any(None in group for group in groups):
        return False
    return all(all(group) for group in groups) or any(not any(group) for group in groups)


def _typed_form(db: sqlite3.Connection, term: Term) -> bool | None:
    """Whether every candidate has this term in its typed form (True), none does (False), or some (None)."""
    words = [word for word in term.words if has_letters(word)]
    if term.kind == "exact" or not words:
        return True  # required already (or no letters: one form)
    if term.kind != "plain" or term.field or len(term.words) != 1:
        return None
    typed = _articles_with(db, "vocab_exact", words[0])
    if typed == 0:
        return False
    return True if typed == _articles_with(db, "vocab", index_text(words[0])) else None


def _articles_with(db: sqlite3.Connection, vocabulary: str, term: str) -> int:
    """How many articles hold a term (counted once per connection until the index changes).

    Counting walks the term's whole list (3 ms for a word in 50,000 articles), and every
    key typed after a word plans that word again.
    """
    if isinstance(db, GuardedConnection):
        db = db.live()  # the file may have been replaced since this connection was handed out
    version = (db.execute("PRAGMA data_version").fetchone()[0], db.total_changes)  # others', its own
    known = _COUNTS.get(db)
    if known is None or known[0] != version:
        known = _COUNTS[db] = (version, {})
    count = known[1].get((vocabulary, term))
    if count is None:
        row = db.execute(f"SELECT doc FROM {vocabulary} WHERE term = ?", (term,)).fetchone()
        count = known[1][vocabulary, term] = int(row[0]) if row else 0
    return count


# Per connection (each is used by one thread): the index's version as it sees it, and the counts read since.
_COUNTS: weakref.WeakKeyDictionary[sqlite3.Connection, tuple[object, dict[tuple[str, str], int]]] = (
    weakref.WeakKeyDictionary()
)


def _any_of(expressions: list[str]) -> str:
    return expressions[0] if len(expressions) == 1 else "(" + " OR ".join(expressions) + ")"
