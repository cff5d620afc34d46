"""Ranking by relevance from the best-scored matches alone gives exactly the whole ranking's start."""

from __future__ import annotations

import os
import random
import threading
from pathlib import Path

import pytest

from reader.index import search
from reader.library import Library

from conftest import write

WORDS = ["pho", "phở", "noi", "nội", "lake", "news", "rain", "hà", "ha"]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """Many articles with few distinct lengths (scores tie in large groups), a few dates (ties go on to
    the date and the title), and exact copies in other folders (found once)."""
    root = tmp_path_factory.mktemp("ranking")
    pick = random.Random(11)
    for number in range(400):
        title = " ".join(pick.choice(WORDS) for _ in range(pick.choice([1, 2, 2, 3])))
        body = " ".join(pick.choice(WORDS) for _ in range(pick.choice([3, 6, 6, 9, 20])))
        text = f"---\ntitle: {title}\npublished: 2024-0{pick.randint(1, 3)}-01\n---\n{body}\n"
        write(root, f"c{number % 5}/a{number}.md", text)
        if number % 9 == 0:
            write(root, f"copies/a{number}.md", text)
    return Library.open(root)


QUERIES = [
    "pho",
    "noi",
    "lake",
    "rain*",
    "ph*",
    "title:lake",
    "title:noi",
    "ha",
    "phở",
    "nội OR rain",
    "news",
    "pho noi",  # words side by side, and the form typed: two ranking keys
    "lake news",
    "ha rain",
]


@pytest.mark.parametrize("few", [0, 10_000])  # ranked by tiers, or in one statement
@pytest.mark.parametrize("margin", [0, 3, 64])
@pytest.mark.parametrize("limit", [1, 5, 40, 150, 1000])
def test_the_best_matches_alone_rank_as_the_whole_ranking_does(
    library: Library, few: int, margin: int, limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "_MARGIN", margin)
    monkeypatch.setattr(search, "_FEW", few)
    quick = {query: library.search(query, limit=limit) for query in QUERIES}
    whole = {query: whole_ranking(library, query, limit, monkeypatch) for query in QUERIES}
    assert quick == whole
    assert all(quick.values())


def whole_ranking(library: Library, query: str, limit: int, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ranking of every match, in one ORDER BY (as for a query with dates or marks)."""
    with monkeypatch.context() as patched:
        patched.setattr(search, "_words_alone", lambda _query, _words: False)
        return library.search(query, limit=limit)


@pytest.mark.parametrize("most", [1, 7, 60, 1000])
def test_results_are_counted_as_the_search_finds_them_copies_once(library: Library, most: int) -> None:
    for query in QUERIES:
        if query != "nội OR rain":  # a word with marks beside a plain one: forms to check, as below
            assert library.count_results(query, most=most) == len(library.search(query, limit=most)), query


def test_results_with_dates_marks_or_words_left_out_are_not_counted_apart(library: Library) -> None:
    for query in ("pho after:2024-02-01", "pho is:unread", "pho -noi", '"pho" -rain', "nội OR rain"):
        assert library.count_results(query, most=1000) is None, query


def test_copies_are_found_once_and_ties_cut_in_the_middle_are_ranked_whole(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "_FEW", 0)
    monkeypatch.setattr(search, "_MARGIN", 0)
    found = library.search("title:lake", limit=30)
    assert whole_ranking(library, "title:lake", 30, monkeypatch) == found
    assert len(found) == len(set(found)) == 30
    names = {library.summaries(found)[rowid].id.rsplit("/", 1)[-1] for rowid in found}
    assert len(names) == 30  # never an article and its copy (`c4/a9` and `copies/a9`) both


def test_with_many_matches_the_later_tiers_are_not_scored_once_the_first_fill_the_results(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "_FEW", 0)
    asked = spy(monkeypatch, search, "_ranked")
    found = library.search("news", limit=3)  # in the title of many: the first tier is enough
    assert len(found) == 3 and len(asked) == 1
    assert all("news" in library.summaries(found)[rowid].title for rowid in found)
    asked.clear()
    assert library.search("news", limit=1000) == whole_ranking(library, "news", 1000, monkeypatch)
    assert len(asked) == 2  # in the title, then the others


def spy(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[tuple[object, ...]]:
    """The arguments of each call to `owner.name`, which still does its work."""
    calls: list[tuple[object, ...]] = []
    real = getattr(owner, name)

    def called(*args: object) -> object:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(owner, name, called)
    return calls


def test_a_search_reads_one_state_of_the_index_while_another_thread_changes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file changed between two tiers keeps its row id: read from two states, it came twice."""
    for number in range(5):
        write(
            tmp_path,
            f"a/{number}.md",
            f"---\ntitle: other {number}\npublished: 2024-01-0{number + 1}\n---\nrain\n",
        )
    changed = write(tmp_path, "a/9.md", "---\ntitle: rain today\npublished: 2023-01-09\n---\nrain\n")
    library = Library.open(tmp_path)
    monkeypatch.setattr(search, "_FEW", 0)
    before = library.search("rain", limit=10)
    best = search._best

    def between_tiers(db: object, ranked: tuple[str, list[object]], wanted: int) -> list[int]:
        found = best(db, ranked, wanted)  # type: ignore[arg-type]
        if not changes:
            changed.write_text(
                "---\ntitle: sunny today\npublished: 2023-01-09\n---\nrain\n", encoding="utf-8"
            )
            os.utime(changed, (946684800, 946684800))
            writer = threading.Thread(target=lambda: changes.append(library.sync()))
            writer.start()
            writer.join()
        return found

    changes: list[object] = []
    monkeypatch.setattr(search, "_best", between_tiers)
    assert library.search("rain", limit=10) == before  # as it was when the search began
    assert changes and library.search("rain", limit=10) != before  # and the change is seen after
