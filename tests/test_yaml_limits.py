"""Front matter that cost a traceback, gigabytes or minutes: read as the text written, or refused in one line."""

from __future__ import annotations

import tracemalloc

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.formats import frontmatter, parse_article
from reader.model import Article, ParseError


def article(front: str) -> Article:
    return parse_article(f"---\n{front}---\nBody text.\n".encode(), "a.md")


@pytest.mark.parametrize(
    "written",
    [
        "0x1F",
        "007",
        "0b101",
        "1_000",
        "1:30",
        "1:30.5",
        pytest.param("0x" + "f" * 3_700, id="hex-3700"),  # str() of it passed Python's 4,300-digit limit
        pytest.param("1" * 5_000, id="decimal-5000"),  # int() of it did
        pytest.param(":".join(["1"] + ["2"] * 3_000), id="base60-3000"),
        pytest.param(":".join(["1"] * 300) + ".5", id="base60-fraction"),  # read as a float: OverflowError
    ],
)
def test_a_number_in_another_form_stays_the_text_written(written: str) -> None:
    assert article(f"title: T\nlead: {written}\n").lead == written


@pytest.mark.parametrize("written", ["yes", "No", "on", "OFF", "y", "true", "False"])
def test_a_word_yaml_would_take_for_true_or_false_stays_the_text_written(written: str) -> None:
    read = article(f"title: {written}\nauthor: {written}\ncategory: {written}\ntags: [{written}, NO, SE]\n")
    assert (read.title, read.author, read.category) == (written, written, (written,))
    assert read.tags == (written, "NO", "SE")  # Norway is a country, not False
    assert read.problems == ()


def test_a_long_hex_title_is_the_title_written_cut_short() -> None:
    read = article("title: 0x" + "f" * 3_700 + "\n")
    assert read.title == "0x" + "f" * 497 + "…"
    assert read.problems == ("title is 3702 characters long; shortened",)


def test_a_huge_binary_date_is_a_warning() -> None:
    read = article("title: T\npublished: 0b" + "1" * 15_000 + "\n")
    assert read.published is None
    assert read.problems[0].startswith("field 'published': not a date: '0b111")


def test_base_60_tags_are_a_tag() -> None:
    assert article("title: T\ntags: 1:2:3\n").tags == ("1:2:3",)


@pytest.mark.parametrize("field", ["category", "captions", "tags", "editor"])
def test_one_big_anchor_named_thousands_of_times_is_refused_before_it_is_built(field: str) -> None:
    words = "word " * 10_000  # 50 KB, named 2,000 times: 100 MB once expanded
    front = f'title: T\nbig: &big "{words}"\n{field}: [{", ".join(["*big"] * 2_000)}]\n'
    tracemalloc.start()
    try:
        with pytest.raises(ParseError, match=r"^front matter is too large after expanding aliases"):
            article(front)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000


def test_nesting_past_the_limit_without_aliases_is_still_refused() -> None:
    deep = "[" * 60 + "x" + "]" * 60
    with pytest.raises(ParseError, match="nested too deeply"):
        article(f"title: T\nextra: {deep}\n")
    blocks = "".join(f"{'  ' * n}k{n}:\n" for n in range(60)) + "  " * 60 + "v\n"
    with pytest.raises(ParseError, match="nested too deeply"):
        article(f"title: T\n{blocks}")


def test_many_values_without_aliases_are_still_refused() -> None:
    with pytest.raises(ParseError, match="too many values"):
        article("title: T\nmany: [" + ",".join("1" * 25_000) + "]\n")


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8))
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(data=_DATA, flow=st.booleans())
def test_front_matter_the_text_shows_to_be_small_is_within_every_limit(data: object, flow: bool) -> None:
    """What skips the measuring of nodes must be what the measuring would have let through."""
    raw = yaml.safe_dump({"value": data}, default_flow_style=flow, allow_unicode=True)
    if not frontmatter._plainly_small(raw):
        return
    node = yaml.compose(raw, Loader=yaml.SafeLoader)
    frontmatter._check_size(node, len(raw) + frontmatter.MAX_ALIAS_GROWTH)  # raises past a limit


def test_the_text_alone_does_not_vouch_for_aliases_or_deep_nesting() -> None:
    assert frontmatter._plainly_small("title: T\ntags: [a, b]\npublished: 2024-01-02T03:04:05+07:00\n")
    assert not frontmatter._plainly_small("a: &x [1]\nb: *x\n")
    assert not frontmatter._plainly_small("a: " + "[" * 50 + "]" * 50 + "\n")
    assert not frontmatter._plainly_small("a: " + "x" * 10_000 + "\n")
