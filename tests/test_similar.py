"""More like this: stories that share an article's most distinctive terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.index import search
from reader.library import Library

from conftest import write


def md(title: str, category: str, body: str) -> str:
    return f"---\ntitle: {title}\ncategory: {category}\n---\n{body}\n"


def test_similar_stories_share_distinctive_terms_same_category_first(tmp_path: Path) -> None:
    filler = " ".join(["the council said on monday that the plan was new"] * 3)
    write(
        tmp_path,
        "a.md",
        md("Glacier melt accelerates", "Science", f"Glacier ice melt measured by drones. {filler}"),
    )
    write(
        tmp_path,
        "b.md",
        md("Drones map glacier ice", "Science", f"Drones flew over the glacier ice. {filler}"),
    )
    write(
        tmp_path,
        "c.md",
        md("Glacier tourism grows", "Travel", f"Visitors walk on glacier ice with drones. {filler}"),
    )
    write(tmp_path, "d.md", md("Council budget approved", "Politics", filler))
    for n in range(6):
        write(
            tmp_path,
            f"other{n}.md",
            md(f"Unrelated story {n}", "Misc", f"Football match report number {n}. {filler}"),
        )
    library = Library.open(tmp_path)
    similar = library.similar(library.get("a"), limit=5)
    ids = [r.id for r in similar]
    assert ids[:2] == ["b", "c"]
    assert "a" not in ids and "d" not in ids
    assert all(r.kind == "similar" for r in similar)
    assert len(similar) <= 5


def test_similar_needs_something_in_common(tmp_path: Path) -> None:
    write(tmp_path, "a.md", md("Alpha", "X", "Quasar nebula pulsar."))
    write(tmp_path, "b.md", md("Beta", "Y", "Harvest wheat barley."))
    library = Library.open(tmp_path)
    assert library.similar(library.get("a")) == []


def test_sample_seed_gets_similar_stories(sample_dir: Path) -> None:
    library = Library.open(sample_dir)
    seed = library.get("xa-hoi/dan-toc/lai-chau-cai-cach-hanh-chinh")
    similar = library.similar(seed)
    assert 0 < len(similar) <= 5
    assert seed.id not in [r.id for r in similar]


def test_a_word_too_common_to_tell_stories_apart_is_not_counted_past_that(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "DISTINCT_DOCS", 3)  # at a million articles: 5,000
    write(tmp_path, "a.md", md("Harbour", "X", "Lighthouse keeper. Ferry ferry ferry ferry."))
    write(tmp_path, "b.md", md("Coast", "Y", "The lighthouse keeper retired."))
    for n in range(4):  # "ferry" is in 5 articles of 20: under 30% of them, but more than 3
        write(tmp_path, f"ferry{n}.md", md(f"Ferry {n}", "Z", "The ferry ran late."))
    for n in range(14):
        write(tmp_path, f"other{n}.md", md(f"Other {n}", "Z", f"Match report {n}."))
    library = Library.open(tmp_path)
    db = library.index.connections.get()
    assert search._count_holding(db, "ferry", 4) == 4  # counted up to the ceiling and one, no further
    assert search._count_holding(db, "lighthouse", 4) == 2
    assert [r.id for r in library.similar(library.get("a"))] == ["b"]


def test_the_words_chosen_match_no_more_articles_than_the_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "a.md", md("Harbour", "X", "Lighthouse lighthouse keeper. Pelican."))
    write(tmp_path, "b.md", md("Coast", "Y", "The lighthouse keeper retired."))
    for n in range(3):
        write(tmp_path, f"bird{n}.md", md(f"Birds {n}", "Z", "A pelican was seen."))
    for n in range(12):
        write(tmp_path, f"other{n}.md", md(f"Other {n}", "Z", f"Match report {n}."))
    library = Library.open(tmp_path)
    assert {r.id for r in library.similar(library.get("a"))} >= {"b", "bird0"}  # both words are used
    monkeypatch.setattr(search, "MATCHES_BUDGET", 3)  # "lighthouse" (2) fits, "pelican" (4) would not
    assert [r.id for r in library.similar(library.get("a"))] == ["b"]
