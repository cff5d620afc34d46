"""Search that respects the marks a user typed, phrases that stop at punctuation, and a stable ranking."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.forms import BOUNDARY, is_exact, mark_boundaries, tokens
from reader.index import matching
from reader.index.search import find_matches
from reader.library import Library
from reader.query import parse_query
from reader.text import fold_chars

from conftest import write

NEWSDESK = str(Path(sys.executable).parent / "newsdesk")


def article(title: str, body: str, published: str = "2024-03-01", tags: str = "[]") -> str:
    return f"---\ntitle: {title}\npublished: {published}\ntags: {tags}\n---\n{body}\n"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    """Articles in which `ha` and `noi` appear in many forms, together or apart."""
    write(tmp_path, "ha-noi.md", article("Metro mới", "Tuyến metro ga Hà Nội chạy thử.", "2024-01-01"))
    write(
        tmp_path,
        "vuon.md",
        article(
            "Sầu riêng", "Ông Phước, chủ vườn 4 ha, nói mỗi năm lãi lớn. Ha ha, nói vậy thôi.", "2024-03-01"
        ),
    )
    write(tmp_path, "ket-noi.md", article("Hạ tầng", "Hạ tầng kết nối các huyện.", "2024-03-02"))
    write(tmp_path, "ha-hoi.md", article("Hỏi han", "Anh hả? Cậu bé há miệng cười.", "2024-03-03"))
    write(
        tmp_path,
        "da-nang.md",
        article("Đà Nẵng", "Thành phố Đà Nẵng đón khách, đà tăng trưởng tốt.", "2024-03-04"),
    )
    write(tmp_path, "da.md", article("Da giày", "Ngành da giày. Dạ, vâng ạ.", "2024-03-05"))
    write(tmp_path, "english.md", article("Ha Noi trip", "We landed in Ha Noi at dawn.", "2023-01-01"))
    return Library.open(tmp_path)


def titles(library: Library, query: str, limit: int = 500) -> list[str]:
    rowids = library.search(query, limit=limit)
    rows = library.summaries(rowids)
    return [rows[r].title for r in rowids]


def marked(text: str, query: str, where: str = "text") -> list[str]:
    return [text[start:end] for start, end in find_matches(text, parse_query(query).highlight_words(where))]


# A word typed with marks is that form; one typed without is every form ---------------


@pytest.mark.parametrize("query", ["Hà", "hà", "HÀ"])
def test_a_word_with_marks_matches_that_form_in_any_case(library: Library, query: str) -> None:
    assert titles(library, query) == ["Metro mới"]


def test_a_word_without_marks_matches_every_form(library: Library) -> None:
    assert set(titles(library, "ha")) == {"Metro mới", "Sầu riêng", "Hạ tầng", "Hỏi han", "Ha Noi trip"}
    assert titles(library, "hả") == ["Hỏi han"]
    assert titles(library, "há") == ["Hỏi han"]
    assert titles(library, "hạ") == ["Hạ tầng"]


@pytest.mark.parametrize("query", ["Hà Nội", "HÀ NỘI", "hà nội", '"Hà Nội"'])
def test_words_with_marks_do_not_find_other_forms(library: Library, query: str) -> None:
    """`Hà Nội` is not "4 ha, nói" nor "kết nối"."""
    assert titles(library, query) == ["Metro mới"]


def test_plain_words_find_every_form_and_the_words_side_by_side_first(library: Library) -> None:
    found = titles(library, "ha noi")
    assert found[:2] == ["Ha Noi trip", "Metro mới"]  # side by side: as typed first, then any form
    assert set(found[2:]) == {"Sầu riêng", "Hạ tầng"}  # apart, or across a comma


def test_how_many_articles_hold_a_word_is_read_once_until_the_index_changes(tmp_path: Path) -> None:
    write(tmp_path, "title.md", article("Phở ngon", "Một bát phở.", "2024-05-01"))
    library = Library.open(tmp_path)
    db = library.index.connections.get()
    counted: list[str] = []
    db.set_trace_callback(lambda sql: counted.append(sql) if " FROM vocab" in sql else None)
    assert titles(library, "pho") == titles(library, "pho xyz OR pho") == ["Phở ngon"]
    assert len(counted) == 2  # `pho` in each table, once for both searches
    write(tmp_path, "body.md", article("Street food", "We ate pho at noon.", "2020-01-01"))
    library.sync()
    assert titles(library, "pho") == ["Street food", "Phở ngon"]  # the form typed now counts: read again
    assert len(counted) == 4


def test_word_counts_kept_for_a_connection_are_not_used_once_the_index_file_is_replaced(
    tmp_path: Path,
) -> None:
    write(tmp_path, "a.md", article("One", "ha ha rain", "2024-01-01"))
    library = Library.open(tmp_path)
    held = library.index.connections.get()  # kept by its thread across the rebuild
    typed = parse_query("ha").typed_fts
    assert not any(typed in params for _, params in matching.plan(held, parse_query("ha")).preferences)
    library.rebuild()
    write(tmp_path, "b.md", article("Two", "hà", "2024-01-02"))
    library.sync()
    assert any(typed in params for _, params in matching.plan(held, parse_query("ha")).preferences)


def test_the_form_typed_ranks_above_other_forms_then_titles_above_bodies(tmp_path: Path) -> None:
    write(tmp_path, "pho.md", article("Phở Hà Nội", "Phở ngon, phở rẻ, phở nóng.", "2024-05-01"))
    write(tmp_path, "food.md", article("Street food", "We ate pho at noon.", "2020-01-01"))
    write(tmp_path, "title.md", article("Pho for breakfast", "A bowl at dawn.", "2019-01-01"))
    library = Library.open(tmp_path)
    assert titles(library, "pho") == ["Pho for breakfast", "Street food", "Phở Hà Nội"]
    assert titles(library, "phở") == ["Phở Hà Nội"]
    assert titles(library, "pho*")[-1] == "Street food"  # a prefix has no form typed: by relevance


def test_the_sample_folder_hanoi_is_not_4_ha_noi(sample_dir: Path) -> None:
    library = Library.open(sample_dir)
    durian = "Sầu riêng xuất khẩu lập kỷ lục, nhà vườn lo giữ chất lượng"  # "chủ vườn 4 ha, nói …"
    signal = "Phủ sóng 5G đến các xã vùng núi phía Bắc"  # "… kết nối …"
    exact = titles(library, "Hà Nội")
    assert "Hà Nội mở thêm 12 tuyến buýt điện" in exact and not {durian, signal} & set(exact)
    plain = titles(library, "ha noi")
    assert {durian, signal} <= set(plain)
    assert set(plain[: len(exact)]) == set(exact)  # those with Hà Nội come first


def test_d_stands_for_d_and_dd_but_dd_only_for_itself(library: Library) -> None:
    assert titles(library, "Đà") == ["Đà Nẵng"]
    assert titles(library, "đà") == ["Đà Nẵng"]
    assert titles(library, "da") == ["Da giày", "Đà Nẵng"]  # da, dạ, Đà, đà
    assert titles(library, "dạ") == ["Da giày"]
    assert titles(library, "Đà nang") == ["Đà Nẵng"]


def test_marks_count_in_prefixes_negations_fields_and_or(library: Library) -> None:
    assert titles(library, "hà*") == ["Metro mới"]
    assert set(titles(library, "ha*")) >= {"Metro mới", "Hạ tầng", "Hỏi han"}
    assert "Sầu riêng" in titles(library, "ha -Hà") and "Metro mới" not in titles(library, "ha -Hà")
    assert titles(library, "title:Đà") == ["Đà Nẵng"]
    assert titles(library, "title:đa") == []
    assert set(titles(library, "Hà OR hả")) == {"Metro mới", "Hỏi han"}


def test_a_phrase_mixing_both_kinds_of_word(library: Library) -> None:
    assert titles(library, '"Hà noi"') == ["Metro mới"]
    assert titles(library, '"ha Nội"') == ["Metro mới"]
    assert titles(library, '"Hà nong"') == []
    assert titles(library, '"ket Nối"') == ["Hạ tầng"]
    assert titles(library, '"kết noi"') == ["Hạ tầng"]
    assert titles(library, "Hà noi") == ["Metro mới"]


# Phrases stop at sentence punctuation and paragraph breaks ----------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Chủ vườn 4 ha, nói thêm.",
        "Diện tích 4 ha. Nói chung là tốt.",
        "Diện tích 4 ha; nói chung là tốt.",
        "Diện tích 4 ha… nói chung là tốt.",
        "Diện tích 4 ha!\nNói chung là tốt.",
        "Diện tích 4 ha\n\nNói chung là tốt.",
        "- 4 ha\n- nói chung là tốt",
        '"Được 4 ha." Nói xong, ông cười.',
    ],
)
def test_a_phrase_does_not_run_across_punctuation_or_lines(tmp_path: Path, body: str) -> None:
    write(tmp_path, "a.md", article("Vườn", body))
    library = Library.open(tmp_path)
    assert titles(library, "ha noi") == ["Vườn"]  # the words still match apart
    assert titles(library, '"ha noi"') == []


@pytest.mark.parametrize("body", ["Tới Hà Nội rồi.", "Tới Hà\nNội rồi.", "Giá 3.5 triệu.", "Lúc 10:30 sáng."])
def test_a_phrase_still_matches_where_no_sentence_breaks(tmp_path: Path, body: str) -> None:
    """A wrapped line is one paragraph; a point or colon between digits is no sentence end."""
    write(tmp_path, "a.md", article("Tin", body))
    library = Library.open(tmp_path)
    assert titles(library, '"ha noi" OR "3.5" OR "10:30"') == ["Tin"]


def test_a_phrase_typed_with_its_punctuation_matches_it(library: Library) -> None:
    assert titles(library, '"ha, noi"') == ["Sầu riêng"]
    assert titles(library, '"ha, nói"') == ["Sầu riêng"]
    assert titles(library, '"ha. noi"') == ["Sầu riêng"]  # a break is a break, whichever mark made it
    assert titles(library, '"noi, ha"') == []


def test_tags_are_apart(tmp_path: Path) -> None:
    write(tmp_path, "a.md", article("Tin", "Chữ.", tags="[Hà, Nội]"))
    library = Library.open(tmp_path)
    assert titles(library, "tag:hà tag:nội") == ["Tin"]
    assert titles(library, 'tag:"hà nội"') == []


def test_the_boundary_is_marked_once_where_breaks_follow_each_other() -> None:
    assert mark_boundaries("a.\n\nb") == f"a {BOUNDARY} \nb"
    assert tokens("4 ha, nói.") == ["4", "ha", BOUNDARY, "nói"]
    assert tokens(f"x {BOUNDARY} y") == ["x", "y"]  # no query can type the boundary


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab Hà\n\t.,;:!?…\"')*_-3")) | st.characters(), max_size=60)
)
def test_marking_breaks_loses_no_word_and_adds_only_boundaries(text: str) -> None:
    text = text.replace(BOUNDARY, " ")
    marked = mark_boundaries(text)
    assert marked.replace(BOUNDARY, " ").split() == [
        w for w in marked.split() if w != BOUNDARY
    ]  # stands alone
    assert re.findall(r"[^\W_]+", marked.replace(BOUNDARY, " ")) == re.findall(r"[^\W_]+", text)
    assert f"{BOUNDARY} {BOUNDARY}" not in " ".join(marked.split())  # one boundary per break


# Highlights: the words that matched, in the form that matched ---------------------------


def test_highlights_of_words_with_marks_are_that_form_only() -> None:
    text = "HÀ NỘI: chủ vườn 4 ha, nói rằng Hà Nội kết nối tốt"
    assert marked(text, "Hà Nội") == ["HÀ", "NỘI", "Hà", "Nội"]
    assert marked(text, "ha noi") == ["HÀ", "NỘI", "ha", "nói", "Hà", "Nội", "nối"]
    assert marked(text, "Hà noi") == ["HÀ", "NỘI", "nói", "Hà", "Nội", "nối"]
    assert marked("Hàng hạng Hà", "hà*") == ["Hàng", "Hà"]
    assert marked("Đà Nẵng, da, dạ", "Đà") == ["Đà"]
    assert marked("Đà Nẵng, da, dạ", "da") == ["Đà", "da", "dạ"]


def test_highlight_words_keep_the_form_typed() -> None:
    assert parse_query("Hà Nội").highlight_words("text") == ["hà", "nội"]
    assert parse_query("HA noi").highlight_words("text") == ["ha", "noi"]
    assert parse_query('"ha, Nội" kết*').highlight_words("text") == ["ha", "nội", "kết*"]
    assert parse_query("title:Hà noi").highlight_words("text") == ["noi"]


def test_hits_mark_only_the_form_searched(library: Library) -> None:
    query = parse_query("Hà Nội")
    [rowid] = library.search(query)
    hit = library.hits([rowid], query)[rowid]
    assert [hit.snippet[s:e] for s, e in hit.snippet_matches] == ["Hà", "Nội"]
    query = parse_query("ha noi")
    rowids = library.search(query)
    hits = library.hits(rowids, query)
    by_title = {hits[r].summary.title: hits[r] for r in rowids}
    garden = by_title["Sầu riêng"]
    assert [garden.snippet[s:e] for s, e in garden.snippet_matches] == ["ha", "nói", "Ha", "ha", "nói"]
    trip = by_title["Ha Noi trip"]
    assert [trip.summary.title[s:e] for s, e in trip.title_matches] == ["Ha", "Noi"]


# The index keeps both tables in step ------------------------------------------------------


def test_a_changed_or_removed_file_leaves_no_form_behind(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", article("Tin", "Người dân Hà Nội."))
    library = Library.open(tmp_path)
    assert titles(library, "Hà Nội") == ["Tin"]
    path.write_text(article("Tin", "Người dân thành phố khác, dài hơn trước."), encoding="utf-8")
    library.sync()
    assert titles(library, "Hà Nội") == titles(library, "ha noi") == []
    assert titles(library, "thành phố") == ["Tin"]
    path.unlink()
    library.sync()
    db = library.index.connections.get()
    assert db.execute("SELECT count(*) FROM vocab_exact").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM vocab").fetchone()[0] == 0


# A limit is the start of the whole ranking ------------------------------------------------

WORDS = ["Hà", "Nội", "ha", "nói", "nối", "hả", "Đà", "Nẵng", "da", "dạ", "cầu", "cau", "metro", "tàu"]
QUERY_WORDS = [*WORDS, "noi", "nang", "tau", "ha*", "hà*", '"ha noi"', '"Hà Nội"', "-da", "title:ha"]


def generated(root: Path, count: int = 60, seed: int = 7) -> Path:
    """Articles of a few words each: many ties in relevance and date, many forms of each word."""
    rng = random.Random(seed)
    for number in range(count):
        title = " ".join(rng.choices(WORDS, k=rng.randint(1, 3)))
        sentences = [" ".join(rng.choices(WORDS, k=rng.randint(2, 6))) for _ in range(rng.randint(1, 3))]
        body = rng.choice([". ", ", ", "\n\n", " "]).join(sentences)
        day = f"2024-01-{rng.randint(1, 4):02d}"
        write(root, f"g{number:02d}.md", article(title, body, day))
    return root


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return generated(tmp_path / "generated")


@pytest.fixture
def generated_library(folder: Path) -> Library:
    return Library.open(folder)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(QUERY_WORDS), min_size=1, max_size=3))
def test_a_limit_gives_the_start_of_the_whole_ranking(generated_library: Library, words: list[str]) -> None:
    library = generated_library
    query = " ".join(words)
    if all(word.startswith("-") for word in words):
        query = "ha " + query
    whole = library.search(query, limit=100)
    for k in range(len(whole) + 2):
        assert library.search(query, limit=k) == whole[:k]
    rows = library.results(query, limit=3)
    assert [hit.summary.rowid for hit in rows.window(0, 3) if hit] == whole[:3]


FORMS = sorted({*WORDS, *(w.upper() for w in WORDS), "noi", "nang", "tau", "dan", "HA", "Ha"})


def token_matches(token: str, word: str) -> bool:
    return token == word.lower() if is_exact(word) else fold_chars(token) == fold_chars(word)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(FORMS), min_size=1, max_size=3), quoted=st.booleans())
def test_search_agrees_with_a_model_of_forms_and_phrases(
    generated_library: Library, words: list[str], quoted: bool
) -> None:
    """What the index finds is what a plain reading of the text finds, word by word."""
    library = generated_library
    articles = library.articles(with_body=True)
    columns = {a.id: [tokens(a.title), tokens(a.lead), tokens(a.body)] for a in articles}

    def has_phrase(column: list[str]) -> bool:
        return any(
            all(token_matches(column[at + n], word) for n, word in enumerate(words))
            for at in range(len(column) - len(words) + 1)
        )

    if quoted:
        expected = {i for i, cols in columns.items() if any(has_phrase(c) for c in cols)}
    else:
        expected = {
            i
            for i, cols in columns.items()
            if all(any(token_matches(t, w) for c in cols for t in c) for w in words)
        }
    query = '"' + " ".join(words) + '"' if quoted else " ".join(words)
    found = library.search(query, limit=1000)
    summaries = library.summaries(found)
    assert {summaries[r].id for r in found} == expected


@pytest.mark.parametrize("query", ["ha noi", "da", "Hà", "cau tau", "ha* nang"])
def test_the_search_command_limit_cuts_the_same_ranking(folder: Path, query: str) -> None:
    def ids(limit: int) -> list[str]:
        command = [NEWSDESK, "search", "-d", str(folder), "--json", "--limit", str(limit), *query.split()]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
        return [item["id"] for item in json.loads(done.stdout)]

    longer = ids(20)
    assert len(longer) > 3
    assert ids(3) == longer[:3]


# The form typed is not asked for when it ranks every candidate alike ---------------------------


@pytest.fixture
def forms_library(tmp_path: Path) -> Library:
    """Words in one form only (`lake`, `news`), in two (`pho`/`phở`, `noi`/`nội`, `ha`/`hà`), and
    never as typed (`bun`: only `bún`)."""
    pick = random.Random(7)
    words = ["pho", "phở", "noi", "nội", "bún", "ha", "hà", "lake", "news"]
    for number in range(60):
        body = " ".join(pick.choice(words) for _ in range(pick.randint(1, 12)))
        title = " ".join(pick.choice(words) for _ in range(pick.randint(1, 3)))
        write(tmp_path, f"a{number}.md", article(title, body, f"2024-01-{number % 28 + 1:02d}"))
    return Library.open(tmp_path)


QUERIES = ["pho", "noi", "bun", "lake", "pho noi", "pho OR lake", "noi OR bun", "bun lake", "lake news", "ha"]


@pytest.mark.parametrize("query", QUERIES)
def test_leaving_out_the_form_typed_never_changes_the_ranking(
    forms_library: Library, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = forms_library.search(query, limit=100)
    monkeypatch.setattr(matching, "_alike", lambda _db, _query: False)
    assert forms_library.search(query, limit=100) == quick and quick


def test_the_form_typed_is_asked_for_only_where_it_ranks_some_articles_higher(forms_library: Library) -> None:
    db = forms_library.index.connections.get()
    plans = {query: matching.plan(db, parse_query(query)) for query in QUERIES}
    asked = {query: any("fts_exact" in key for key, _ in made.preferences) for query, made in plans.items()}
    assert [query for query, ask in asked.items() if ask] == [
        "pho",
        "noi",
        "pho noi",
        "pho OR lake",
        "noi OR bun",
        "ha",
    ]
