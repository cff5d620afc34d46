"""Keyset windows: every window, position and length agrees with the whole view read at once."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from reader.index.records import Sort, ViewSpec
from reader.index.windows import NEAR
from reader.library import Library

CATEGORIES = ["News / Local", "News / World", "News / World / Asia", "Sport", "Sport / Tennis", "Culture"]


def folder(root: Path, count: int = 240) -> Path:
    """Articles with many equal dates and equal titles, so that ties decide the order."""
    chance = random.Random(7)
    for number in range(count):
        day = chance.randint(1, 6)
        title = chance.choice(["Same title", "Another", f"Story {number % 17}", "Ăn sáng", "zebra"])
        category = CATEGORIES[number % len(CATEGORIES)]
        dated = f"published: 2024-03-0{day}\n" if number % 9 else ""
        text = f"---\ntitle: {title}\ncategory: {category}\n{dated}---\nBody {number}.\n"
        (root / f"a{number:04d}.md").write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def library(tmp_path: Path) -> Library:
    root = tmp_path / "articles"
    root.mkdir()
    return Library.open(folder(root))


def specs(library: Library) -> list[ViewSpec]:
    news, sport = library.category_key_of("News"), library.category_key_of("Sport / Tennis")
    sorts: list[Sort] = ["newest", "oldest", "title"]
    made = [ViewSpec(sort=sort) for sort in sorts]
    made += [ViewSpec(category=key, sort=sort) for key in (news, sport) for sort in sorts]
    made += [ViewSpec(starred=True), ViewSpec(unread_only=True), ViewSpec(category=news, unread_only=True)]
    return made


def test_windows_anywhere_match_the_whole_view(library: Library) -> None:
    chance = random.Random(3)
    for spec in specs(library):
        whole = library.view_rowids(spec)
        rows = library.rows(spec)
        assert len(rows) == len(whole), spec
        for _ in range(30):
            start = chance.randrange(0, max(len(whole), 1))
            stop = start + chance.randint(1, 40)
            got = [row.rowid if row else None for row in rows.window(start, stop)]
            assert got == whole[start:stop], (spec, start, stop)


def test_scrolling_down_and_up_reads_from_the_keys_it_knows(library: Library) -> None:
    whole = library.view_rowids(ViewSpec())
    rows = library.rows(ViewSpec())
    seen = [row.rowid for start in range(0, len(whole), 13) for row in rows.window(start, start + 13) if row]
    assert seen == whole
    back = [
        row.rowid
        for start in range(len(whole) - 13, -13, -13)
        for row in rows.window(start, start + 13)
        if row
    ]
    assert back[: len(whole)] != [] and sorted(back) == sorted(set(back))


def test_the_position_of_every_article_is_its_index_in_the_view(library: Library) -> None:
    for spec in specs(library):
        whole = library.view_rowids(spec)
        rows = library.rows(spec)
        ids = library.index.catalog.ids_of(whole)
        for index, article_id in enumerate(ids):
            assert rows.position_of(article_id) == index, (spec, article_id)
    outside = library.rows(ViewSpec(category=library.category_key_of("Culture")))
    news_id = library.index.catalog.ids_of(
        library.view_rowids(ViewSpec(category=library.category_key_of("News")))
    )[0]
    assert outside.position_of(news_id) is None


def test_an_article_read_in_an_unread_view_stays_until_the_view_is_made_again(library: Library) -> None:
    spec = ViewSpec(unread_only=True)
    rows = library.rows(spec)
    first = rows.window(0, 3)
    assert all(first)
    library.set_read(first[1].id)  # type: ignore[union-attr]
    assert [row.id for row in rows.window(0, 3) if row] == [row.id for row in first if row]
    assert len(rows) == len(library.view_rowids(ViewSpec()))
    again = library.rows(spec)
    assert first[1].id not in [row.id for row in again.window(0, 3) if row]  # type: ignore[union-attr]
    assert len(again) == len(rows) - 1


def test_a_view_never_reads_every_row_id(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> list[int]:
        raise AssertionError("the whole view was read")

    monkeypatch.setattr(library.index.catalog, "view_rowids", refuse)
    rows = library.rows(ViewSpec(category=library.category_key_of("News")))
    assert len(rows) > NEAR // 100
    assert rows.window(len(rows) - 5, len(rows))[-1] is not None


def test_a_view_by_marks_is_as_long_as_the_rows_it_holds(library: Library) -> None:
    ids = library.index.catalog.ids_of(library.view_rowids(ViewSpec()))
    for n, article_id in enumerate(ids[:90]):
        if n % 2:
            library.set_read(article_id)
        if n % 3 == 0:
            library.set_starred(article_id)
    library.set_read(ids[95])
    library.set_read(ids[95], False)  # a mark that says unread
    news = library.category_key_of("News")
    for spec in (
        ViewSpec(unread_only=True),
        ViewSpec(unread_only=True, keep=ids[1]),  # read, kept in the view
        ViewSpec(starred=True),
        ViewSpec(starred=True, unread_only=True),
        ViewSpec(starred=True, unread_only=True, keep=ids[3]),
        ViewSpec(category=news, unread_only=True),
        ViewSpec(category=news, starred=True, unread_only=True, keep=ids[1]),
    ):
        whole = library.view_rowids(spec)
        rows = library.rows(spec)
        assert len(rows) == len(whole), spec
        assert [row.rowid for row in rows.window(0, len(rows)) if row] == whole, spec


def test_an_unread_view_is_never_shorter_than_nothing_while_the_counts_trail_a_first_index(
    library: Library,
) -> None:
    ids = library.index.catalog.ids_of(library.view_rowids(ViewSpec()))
    for article_id in ids[:50]:
        library.set_read(article_id)
    with library.index.connections.get() as db:  # as a first index leaves them between two recounts
        db.execute("UPDATE catmap SET articles = 0")
    rows = library.rows(ViewSpec(unread_only=True))
    assert len(rows) == 0 and rows.window(0, 10) == []
