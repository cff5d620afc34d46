"""Ranking by relevance from the best-scored matches alone gives exactly the whole ranking's start."""

from __future__ import annotations

import random

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


@pytest.mark.parametrize("margin", [0, 3, 64])
@pytest.mark.parametrize("limit", [1, 5, 40, 150, 1000])
def test_the_best_matches_alone_rank_as_the_whole_ranking_does(
    library: Library, margin: int, limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "_MARGIN", margin)
    ranked = watch_ranking(monkeypatch)
    quick = {query: library.search(query, limit=limit) for query in QUERIES}
    if margin == 64:  # room enough past the cut: the best matches alone tell almost every ranking
        assert sum(found is not None for found in ranked) >= len(QUERIES) - 2
    monkeypatch.setattr(search, "_by_relevance", lambda _db, _words, _limit: None)
    whole = {query: library.search(query, limit=limit) for query in QUERIES}
    assert quick == whole
    assert all(quick.values())


def watch_ranking(monkeypatch: pytest.MonkeyPatch) -> list[list[int] | None]:
    """What each search's ranking from the best matches alone gave (None: the whole ranking was read)."""
    taken: list[list[int] | None] = []
    by_relevance = search._by_relevance

    def watched(db: object, words: object, limit: int) -> list[int] | None:
        taken.append(by_relevance(db, words, limit))  # type: ignore[arg-type]
        return taken[-1]

    monkeypatch.setattr(search, "_by_relevance", watched)
    return taken


def test_copies_are_found_once_and_ties_cut_in_the_middle_are_ranked_whole(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = watch_ranking(monkeypatch)
    monkeypatch.setattr(search, "_MARGIN", 0)
    found = library.search("title:lake", limit=30)
    assert taken == [None]  # the cut fell in a tie: the whole ranking was read instead
    assert len(found) == len(set(found)) == 30
    names = {library.summaries(found)[rowid].id.rsplit("/", 1)[-1] for rowid in found}
    assert len(names) == 30  # never an article and its copy (`c4/a9` and `copies/a9`) both
