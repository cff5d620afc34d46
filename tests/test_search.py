"""Full-text search: folding, the query language, ranking, and malformed queries."""

from __future__ import annotations

import contextlib
import json
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.index.matching import plan
from reader.library import Library
from reader.query import QueryError, parse_query

from conftest import write


@pytest.fixture
def library(tmp_path: Path) -> Library:
    write(
        tmp_path,
        "vn/ha-noi.md",
        "---\ntitle: Hà Nội mở tuyến buýt điện\ncategory: Xã hội / Giao thông\n"
        "author: Minh Anh\ntags: [buýt, Hà Nội]\npublished: 2024-03-05\n---\nHành khách vui mừng.\n",
    )
    write(
        tmp_path,
        "vn/dak-doa.md",
        "---\ntitle: Đak Đoa giúp trẻ em tự tin\ncategory: Dân tộc\n"
        "published: 2019-10-18\n---\nCâu lạc bộ thủ lĩnh của sự thay đổi.\n",
    )
    undated = write(
        tmp_path, "vn/cai-cach.txt", "Lai Châu đẩy mạnh cải cách hành chính\n\nNgười dân hài lòng.\n"
    )
    os.utime(undated, (946684800, 946684800))  # a file from 2000: older than every dated article here
    decomposed = unicodedata.normalize("NFD", "Huế đón khách du lịch\n\nThành phố Huế rất đẹp.\n")
    undated = write(tmp_path, "vn/hue.txt", decomposed)
    os.utime(undated, (946771200, 946771200))  # a day later
    write(
        tmp_path,
        "en/space.md",
        "---\ntitle: Lander touches down\ncategory: Science / Space\n"
        "published: 2024-02-23\nauthor: Jane Doe\n---\nThe rover and the lander met on the moon.\n",
    )
    write(
        tmp_path,
        "en/rover.md",
        "---\ntitle: Rover field test\ncategory: Science / Space\n"
        "published: 2023-10-02\n---\nThe lander was not part of this test of the new rover.\n",
    )
    write(
        tmp_path,
        "en/garden.md",
        "---\ntitle: Community garden opens\ncategory: Culture\n"
        "published: 2022-05-01\ntags: [gardens]\n---\nVolunteers planted trees and a rover toy.\n",
    )
    return Library.open(tmp_path)


def titles(library: Library, query: str) -> list[str]:
    rowids = library.search(query)
    rows = library.summaries(rowids)
    return [rows[r].title for r in rowids]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ha noi", "Hà Nội mở tuyến buýt điện"),
        ("HÀ NỘI", "Hà Nội mở tuyến buýt điện"),
        ("dak doa", "Đak Đoa giúp trẻ em tự tin"),
        ("Đak Đoa", "Đak Đoa giúp trẻ em tự tin"),
        ("cai cach hanh chinh", "Lai Châu đẩy mạnh cải cách hành chính"),
        ("hue", "Huế đón khách du lịch"),
        (unicodedata.normalize("NFD", "Huế"), "Huế đón khách du lịch"),
    ],
)
def test_case_and_diacritics_never_matter(library: Library, query: str, expected: str) -> None:
    assert titles(library, query) == [expected]


def test_all_words_must_match(library: Library) -> None:
    assert titles(library, "rover lander") == ["Lander touches down", "Rover field test"]
    assert titles(library, "rover lander toy") == []


def test_title_matches_rank_above_body_matches(library: Library) -> None:
    assert titles(library, "rover")[0] == "Rover field test"
    assert titles(library, "lander")[0] == "Lander touches down"


@pytest.mark.parametrize("query", ["mars", "mars*", "mars OR venus", "author:ann mars"])
def test_a_title_that_holds_the_words_ranks_above_any_body_however_often_they_are_there(
    tmp_path: Path, query: str
) -> None:
    """By relevance alone, a short body saying "mars" five times would beat a long article with
    "Mars" once in its title."""
    filler = " ".join(["words about nothing in particular"] * 40)
    write(tmp_path, "title.md", f"---\ntitle: Mars rover lands\nauthor: Ann\n---\n{filler}\n")
    write(tmp_path, "body.md", "---\ntitle: Space news\nauthor: Ann\n---\nMars, mars, mars, mars, mars.\n")
    write(tmp_path, "other.md", "---\ntitle: Garden\nauthor: Bo\n---\nMars in the sky.\n")
    expected = ["Mars rover lands", "Space news", "Garden"]
    assert titles(Library.open(tmp_path), query) == (expected[:2] if "author" in query else expected)


@pytest.mark.parametrize(
    ("query", "asked"),
    [
        ("rover", True),
        ("title:rover lander", True),
        ("title:rover", False),
        ("title:rover author:jane", False),
    ],
)
def test_the_title_is_a_ranking_key_only_where_some_match_has_the_words_elsewhere(
    library: Library, query: str, asked: bool
) -> None:
    made = plan(library.index.connections.get(), parse_query(query))
    assert any("title : (" in str(params) for _, params in made.preferences) is asked


def test_phrase_prefix_or_and_not(library: Library) -> None:
    assert titles(library, '"new rover"') == ["Rover field test"]
    assert titles(library, '"rover new"') == []
    assert titles(library, "garde*") == ["Community garden opens"]
    assert sorted(titles(library, "huế OR garden")) == ["Community garden opens", "Huế đón khách du lịch"]
    assert titles(library, "rover -toy") == ["Rover field test", "Lander touches down"]
    assert titles(library, "rover NOT toy") == ["Rover field test", "Lander touches down"]
    assert titles(library, "-rover -lander -toy") == [
        "Hà Nội mở tuyến buýt điện",
        "Đak Đoa giúp trẻ em tự tin",
        "Huế đón khách du lịch",
        "Lai Châu đẩy mạnh cải cách hành chính",
    ]  # undated: by the time of their files
    assert "Rover field test" not in titles(library, "-rover")


def test_fields(library: Library) -> None:
    assert titles(library, "title:lander") == ["Lander touches down"]
    assert titles(library, "category:space") == ["Lander touches down", "Rover field test"]
    assert titles(library, "category:giao") == ["Hà Nội mở tuyến buýt điện"]
    assert titles(library, "author:doe") == ["Lander touches down"]
    assert titles(library, "tag:gardens") == ["Community garden opens"]
    assert titles(library, 'title:"field test"') == ["Rover field test"]


def test_date_filters(library: Library) -> None:
    assert titles(library, "rover after:2024-01-01") == ["Lander touches down"]
    assert titles(library, "rover before:2024-01-01") == ["Rover field test", "Community garden opens"]
    assert titles(library, "after:2024-02-23 before:2024-02-24") == ["Lander touches down"]


def test_read_and_starred_filters(library: Library) -> None:
    library.set_read("en/space")
    library.set_starred("en/rover")
    assert titles(library, "rover is:unread") == ["Rover field test", "Community garden opens"]
    assert titles(library, "rover is:read") == ["Lander touches down"]
    assert titles(library, "is:starred") == ["Rover field test"]
    assert sorted(titles(library, "rover -is:starred")) == ["Community garden opens", "Lander touches down"]


def test_hits_highlight_the_title_and_give_a_snippet(library: Library) -> None:
    query = parse_query("ha noi")
    rowids = library.search(query)
    hit = library.hits(rowids, query)[rowids[0]]
    assert hit.summary.title == "Hà Nội mở tuyến buýt điện"
    assert [hit.summary.title[start:end] for start, end in hit.title_matches] == ["Hà", "Nội"]
    assert "Hành khách" in hit.snippet


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unclosed', "closing"),
        ("OR rover", "OR needs"),
        ("rover OR", "OR needs"),
        ("rover OR OR lander", "OR needs"),
        ("after:yesterday", "after: needs a date"),
        ("before:2024-13-01", "before: needs a date"),
        ("is:sleeping", "is: takes"),
        ("rover NOT", "NOT needs"),
        ('""', "letters or digits"),
    ],
)
def test_malformed_queries_give_a_short_message(library: Library, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        library.search(query)


def test_punctuation_is_not_an_operator(library: Library) -> None:
    assert titles(library, "rover (test) AND: ^^ {x}") == []
    assert titles(library, "http://example.com") == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(
        alphabet=st.sampled_from(list('ab "*-:()^OR NOT title is after 2024-01-01 đ\\')), max_size=40
    )
)
def test_any_query_gives_results_or_a_query_error(library: Library, text: str) -> None:
    with contextlib.suppress(QueryError):
        library.search(text)


def test_search_command(capsys: pytest.CaptureFixture[str], library: Library) -> None:
    code = main(["search", "dak", "doa", "-d", str(library.root), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and [item["title"] for item in data] == ["Đak Đoa giúp trẻ em tự tin"]
    assert "Câu lạc bộ" in data[0]["snippet"] and "body" not in data[0]
    assert main(["search", "nothing-like-this", "-d", str(library.root)]) == 1
    assert main(["search", '"broken', "-d", str(library.root)]) == 2
    assert "closing" in capsys.readouterr().err


def test_matches_are_the_whole_words_that_matched() -> None:
    from reader.index.search import find_matches

    text = "Hành khách Hà Nội đi giao hàng"
    assert [text[start:end] for start, end in find_matches(text, ["ha", "noi"])] == ["Hà", "Nội"]
    text = "Metro và metropolis"
    assert [text[start:end] for start, end in find_matches(text, ["metro*"])] == ["Metro", "metropolis"]
    text = "Straße in Đà Nẵng"  # folding that changes length still maps back to the original letters
    assert [text[start:end] for start, end in find_matches(text, ["strasse", "da"])] == ["Straße", "Đà"]


def test_words_side_by_side_rank_first(tmp_path: Path) -> None:
    write(tmp_path, "apart.md", "---\ntitle: Nang and da\n---\nnang nang nang here, and da da da there.\n")
    write(tmp_path, "together.md", "---\ntitle: Trip\n---\nWe flew to Đà Nẵng.\n")
    library = Library.open(tmp_path)
    rows = library.summaries(library.search("da nang"))
    assert [rows[r].title for r in library.search("da nang")] == ["Trip", "Nang and da"]


def test_field_words_are_not_highlighted_in_the_body(library: Library) -> None:
    query = parse_query("category:space lander")
    rowids = library.search(query)
    hit = library.hits(rowids, query)[rowids[0]]
    assert {hit.snippet[start:end].lower() for start, end in hit.snippet_matches} == {"lander"}


@pytest.mark.parametrize("words", ["grand", "title:grand", "grand -canyon"])
def test_ranking_reads_the_narrow_index_not_the_articles_rows(library: Library, words: str) -> None:
    """A word in 50,000 of a million articles: its matches' dates and titles come from one narrow index."""
    db = library.index.connections.get()
    statements: list[str] = []
    db.set_trace_callback(statements.append)
    try:
        library.search(words)
    finally:
        db.set_trace_callback(None)
    search = next(sql for sql in statements if " MATCH " in sql and "ORDER BY" in sql)
    plan = " | ".join(row[-1] for row in db.execute("EXPLAIN QUERY PLAN " + search))
    assert "SEARCH a USING COVERING INDEX articles_rank" in plan, plan
