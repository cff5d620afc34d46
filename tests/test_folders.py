"""Folders and the files around articles: names, order, root documents, copies, empty files."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from reader.folders import humanise, is_slug, read_folder_file
from reader.formats import is_article_path
from reader.library import Library
from reader.model import CategoryNode, ParseError
from reader.text import collation_key
from reader.watcher import interesting

from conftest import write


def md(title: str, body: str = "Some words of text.", **fields: str) -> str:
    head = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return f"---\ntitle: {title}\n{head}---\n{body}\n"


def top_names(library: Library) -> list[str]:
    return [child.name for child in library.categories().children]


def node(tree: CategoryNode, *names: str) -> CategoryNode:
    for name in names:
        tree = next(child for child in tree.children if child.name == name)
    return tree


# Names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "shown"),
    [
        ("thoi_su", "Thoi su"),
        ("giai-tri", "Giai tri"),
        ("the-gioi_2024", "The gioi 2024"),
        ("sport", "Sport"),
        ("Thời sự", "Thời sự"),  # a name already
        ("Kinh-te", "Kinh-te"),  # capitalised by someone: left as written
        ("-x-", "-x-"),
    ],
)
def test_a_slug_folder_is_shown_as_words(folder: str, shown: str) -> None:
    assert humanise(folder) == shown
    assert is_slug(folder) == (folder != shown)


def test_folder_names_in_the_tree(tmp_path: Path) -> None:
    write(tmp_path, "thoi_su/a.md", md("A"))
    write(tmp_path, "giai-tri/b.md", md("B"))
    write(tmp_path, "kinh-te/c.md", md("C", category="Kinh tế"))  # declared by its article
    write(tmp_path, "the-thao/d.md", md("D"))
    library = Library.open(tmp_path)
    assert top_names(library) == ["Giai tri", "Kinh tế", "The thao", "Thoi su"]
    assert library.get("thoi_su/a").category == ("Thoi su",)


def test_a_folder_file_names_the_folder_and_places_it(tmp_path: Path) -> None:
    write(tmp_path, "thoi_su/a.md", md("A"))
    write(tmp_path, "thoi_su/category.yaml", "name: Thời sự\nposition: 1\n")
    write(tmp_path, "kinh-te/c.md", md("C", category="Kinh tế"))
    write(tmp_path, "kinh-te/category.yaml", "name: Kinh tế & Tài chính\n")  # beats what the article says
    write(tmp_path, "am-nhac/d.md", md("D"))
    write(tmp_path, "am-nhac/pop/e.md", md("E"))
    write(tmp_path, "am-nhac/pop/category.yaml", "name: Nhạc Pop\n")
    library = Library.open(tmp_path)
    assert top_names(library) == ["Thời sự", "Am nhac", "Kinh tế & Tài chính"]
    assert [c.name for c in node(library.categories(), "Am nhac").children] == ["Nhạc Pop"]
    assert library.get("am-nhac/pop/e").category == ("Am nhac", "Nhạc Pop")
    assert library.get("kinh-te/c").category == ("Kinh tế & Tài chính",)
    assert len(library) == 4  # the name files are not articles
    assert not library.problems()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"name: [\n", "YAML"),
        (b"title: no name here\n", "name"),
        (b"name: Ok\nposition: first\n", "position"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
    ],
)
def test_a_broken_folder_file_is_a_problem_and_the_slug_is_used(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    with pytest.raises(ParseError, match=reason):
        read_folder_file(content)
    write(tmp_path, "thoi_su/a.md", md("A"))
    write(tmp_path, "thoi_su/category.yaml", content)
    library = Library.open(tmp_path)
    assert top_names(library) == ["Thoi su"]
    assert [p.path for p in library.problems()] == ["thoi_su/category.yaml"]
    assert len(library) == 1


def test_a_changed_folder_file_renames_the_category(tmp_path: Path) -> None:
    write(tmp_path, "thoi_su/a.md", md("A"))
    library = Library.open(tmp_path)
    assert top_names(library) == ["Thoi su"]
    assert interesting(tmp_path, str(tmp_path / "thoi_su" / "category.yaml"))
    write(tmp_path, "thoi_su/category.yaml", "name: Thời sự\n")
    library.sync_changed([str(tmp_path / "thoi_su" / "category.yaml")])
    assert top_names(library) == ["Thời sự"]
    (tmp_path / "thoi_su" / "category.yaml").unlink()
    library.sync_changed([str(tmp_path / "thoi_su" / "category.yaml")])
    assert top_names(library) == ["Thoi su"]
    library.close()


# Order ---------------------------------------------------------------------------------

VIETNAMESE_ORDER = [
    "An ninh",
    "Anh",
    "ăn uống",
    "Âm nhạc",
    "Bạn đọc",
    "Chính trị",
    "Du lịch",
    "Đời sống",
    "Em bé",
    "Ê-đê",
    "Giáo dục",
    "Kinh tế",
    "Ô tô",
    "Ơn",
    "Pháp luật",
    "Thế giới",
    "Thời sự",
    "Ưu đãi",
    "Xe",
]


def test_vietnamese_alphabetical_order() -> None:
    shuffled = VIETNAMESE_ORDER[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=collation_key) == VIETNAMESE_ORDER


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("da", "dà"),
        ("dà", "dạ"),
        ("Dz", "đa"),
        ("a", "á"),
        ("á", "ă"),
        ("thoi", "Thời"),
        ("o", "ơ"),
        ("u", "ư"),
    ],
)
def test_accents_after_the_bare_letter_case_ignored(first: str, then: str) -> None:
    assert collation_key(first) < collation_key(then)
    assert collation_key(first.upper()) < collation_key(then.lower())


def test_categories_sort_in_vietnamese_order(tmp_path: Path) -> None:
    for number, name in enumerate(reversed(VIETNAMESE_ORDER)):
        write(tmp_path, f"f{number}/a.md", md(f"Story {number}", category=name))
    library = Library.open(tmp_path)
    assert top_names(library) == VIETNAMESE_ORDER


# The files around articles ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("relpath", "article"),
    [
        ("README.md", False),
        ("readme.txt", False),
        ("LICENSE", False),
        ("LICENSE.md", False),
        ("CHANGELOG.md", False),
        ("CONTRIBUTING.md", False),
        ("the-gioi/README.md", True),  # an article someone called README, inside a category
        ("readme-for-voters.md", True),
        ("license-plates.txt", True),
    ],
)
def test_documents_at_the_root_are_not_articles(relpath: str, article: bool) -> None:
    assert is_article_path(relpath) == article or not relpath.endswith((".md", ".txt"))


def test_root_documents_are_neither_listed_nor_problems(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "# My news folder\n\nArticles I keep.\n")
    write(tmp_path, "LICENSE.txt", "Permission is hereby granted…\n")
    write(tmp_path, "CHANGELOG.md", "")
    write(tmp_path, "a.md", md("A real article"))
    library = Library.open(tmp_path)
    assert [a.title for a in library.articles()] == ["A real article"]
    assert not library.problems()


def test_empty_files_are_each_one_problem_said_once(tmp_path: Path) -> None:
    for number in range(3):
        write(tmp_path, f"empty{number}.txt", b"")
    write(tmp_path, "blank.md", b"  \n\n")
    write(tmp_path, "a.md", md("A"))
    library = Library.open(tmp_path)
    problems = library.problems()
    assert sorted(p.path for p in problems) == ["blank.md", "empty0.txt", "empty1.txt", "empty2.txt"]
    assert all(p.severity == "error" and "empty" in p.reason for p in problems)
    assert len(library.unreported_problems()) == 4
    assert library.unreported_problems() == []
    library.close()
    again = Library.open(tmp_path)  # the next start
    assert again.unreported_problems() == []
    write(tmp_path, "empty9.txt", b"")
    again.sync()
    assert [p.path for p in again.unreported_problems()] == ["empty9.txt"]
    write(tmp_path, "empty0.txt", md("Mended"))
    again.sync()
    write(tmp_path, "empty0.txt", b"")  # broken again: worth saying again
    again.sync()
    assert [p.path for p in again.unreported_problems()] == ["empty0.txt"]
    again.close()


# Exact copies ---------------------------------------------------------------------------

STORY = md(
    "Bão số 3 đổ bộ",
    "Gió mạnh cấp 12 ở vùng tâm bão. Người dân sơ tán khỏi vùng ven biển.",
    category="Thời sự",
)


def test_exact_copies_are_listed_searched_and_related_once(tmp_path: Path) -> None:
    write(tmp_path, "thoi-su/bao.md", STORY)
    write(tmp_path, "tai-ve/bao (1).md", STORY)
    write(
        tmp_path, "tai-ve/bao (2).md", STORY.replace("category: Thời sự\n", "")
    )  # same article, other folder
    write(tmp_path, "thoi-su/bao-2.md", STORY.replace("cấp 12", "cấp 13"))  # not a copy: its text differs
    write(
        tmp_path,
        "thoi-su/lu.md",
        md("Lũ ở miền Trung", "Mưa lớn sau bão, gió mạnh, sơ tán.", category="Thời sự"),
    )
    library = Library.open(tmp_path)
    titles = [a.title for a in library.articles()]
    assert sorted(titles) == ["Bão số 3 đổ bộ", "Bão số 3 đổ bộ", "Lũ ở miền Trung"]
    assert len(library) == 3
    found = library.articles_by_rowid(library.search("gió mạnh cấp 12"))
    assert [a.path for a in found] == ["tai-ve/bao (1).md"]  # the first path is the one kept
    related = [r.id for r in library.all_related(library.get("thoi-su/lu"))]
    assert len(related) == len(set(related)) and "tai-ve/bao (2)" not in related
    assert library.copies_of("tai-ve/bao (1)") == ["tai-ve/bao (2).md", "thoi-su/bao.md"]
    assert library.copies_of("thoi-su/bao") == ["tai-ve/bao (1).md", "tai-ve/bao (2).md"]
    assert library.copies_of("thoi-su/bao-2") == []
    assert sum(node.count for node in library.categories().children) == 3
    assert all((tmp_path / p).exists() for p in ("thoi-su/bao.md", "tai-ve/bao (1).md", "tai-ve/bao (2).md"))


def test_when_the_kept_copy_goes_another_takes_its_place(tmp_path: Path) -> None:
    write(tmp_path, "a/story.md", STORY)
    write(tmp_path, "b/story.md", STORY)
    library = Library.open(tmp_path)
    assert [a.path for a in library.articles()] == ["a/story.md"]
    (tmp_path / "a" / "story.md").unlink()
    library.sync()
    assert [a.path for a in library.articles()] == ["b/story.md"]
    assert library.copies_of("b/story") == []
    write(tmp_path, "b/story.md", STORY.replace("Bão", "Siêu bão"))
    write(tmp_path, "c/story.md", STORY)
    library.sync()
    assert sorted(a.path for a in library.articles()) == ["b/story.md", "c/story.md"]
    library.close()
