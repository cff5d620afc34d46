"""More like this: stories that share an article's most distinctive terms."""

from __future__ import annotations

from pathlib import Path

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
