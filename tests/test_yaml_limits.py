"""Front matter that cost a traceback, gigabytes or minutes: read as the text written, or refused in one line."""

from __future__ import annotations

import tracemalloc

import pytest

from reader.formats import parse_article
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
