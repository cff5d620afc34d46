"""Property tests: any bytes under any name give an Article or a ParseError, nothing else."""

from __future__ import annotations

import codecs
import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.dates import DateError, find_date, parse_date
from reader.formats import parse_article
from reader.formats.frontmatter import load_mapping
from reader.model import Article, ParseError
from reader.query import Query, QueryError, parse_query

names = st.builds(
    lambda folders, stem, ext: "/".join([*folders, stem + ext]),
    st.lists(st.text(min_size=1, max_size=12).filter(lambda s: "/" not in s), max_size=3),
    st.text(min_size=1, max_size=20).filter(lambda s: "/" not in s),
    st.sampled_from([".md", ".markdown", ".txt", ".TXT", ".MD"]),
)
texts = st.text(
    alphabet=st.characters(codec="utf-8") | st.sampled_from(list("-:\n#[]{}*&!|>'\"\x1b\x00")),
    max_size=400,
)
encoded = st.one_of(
    st.binary(max_size=600),
    texts.map(lambda t: t.encode("utf-8")),
    texts.map(lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le", "surrogatepass")),
    texts.map(lambda t: ("---\n" + t + "\n---\nbody").encode("utf-8")),
)

SETTINGS = settings(
    max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def _check_article(article: Article, name: str) -> None:
    assert article.path == name
    assert article.title and "\n" not in article.title
    everything = article.title + article.lead + article.body + "".join(article.captions)
    assert "\x1b" not in everything and "\x00" not in everything


@SETTINGS
@given(data=encoded, name=names)
def test_parse_article_returns_article_or_parse_error(data: bytes, name: str) -> None:
    try:
        article = parse_article(data, name)
    except ParseError:
        return
    _check_article(article, name)


@SETTINGS
@given(front=texts)
def test_front_matter_reader_returns_mapping_or_parse_error(front: str) -> None:
    try:
        result = load_mapping(front)
    except ParseError:
        return
    assert isinstance(result, dict)


@SETTINGS
@given(text=st.text(max_size=60))
def test_date_parser_returns_date_or_date_error(text: str) -> None:
    with contextlib.suppress(DateError):
        parse_date(text)
    found = find_date(text)
    assert found is None or found.published.value.year >= 1900


@SETTINGS
@given(day=st.integers(0, 40), month=st.integers(0, 14), year=st.integers(1990, 2030))
def test_numeric_dates_are_valid_or_refused(day: int, month: int, year: int) -> None:
    try:
        published = parse_date(f"{day:02d}/{month:02d}/{year}")
    except DateError:
        assert day > 28 or month > 12 or day == 0 or month == 0
    else:
        assert (published.value.day, published.value.month) == (day, month)


@SETTINGS
@given(
    text=st.text(max_size=80)
    | st.text(alphabet=st.sampled_from(list('ab"*-: ORNTisafter2024-01é')), max_size=40)
)
def test_query_parser_returns_query_or_query_error(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError:
        return
    assert isinstance(query, Query)
    for expression in (query.positive_fts, query.negative_fts):
        assert expression is None or expression.count('"') % 2 == 0
