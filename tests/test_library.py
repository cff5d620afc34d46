"""The store facade: scanning, categories, related stories, problems, read-only."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.library import Library, resolve_root
from reader.model import FolderError, NotFound

from conftest import write


def md(title: str, **fields: str) -> str:
    lines = [f"title: {title!r}"] + [f"{key}: {value}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\nBody of " + title + ".\n"


def tree_counts(library: Library) -> dict[str, int]:
    return {" / ".join(n.path): n.count for n in library.categories().walk()}


def test_folder_categories_merge_with_declared_ones(tmp_path: Path) -> None:
    write(tmp_path, "kinh-te/nong-nghiep/a.md", md("A", category='"Kinh tế / Nông nghiệp"'))
    write(tmp_path, "kinh-te/nong-nghiep/b.md", md("B"))
    write(tmp_path, "kinh-te/c.txt", "C\n\nPlain body.")
    write(tmp_path, "root.md", md("Root"))
    library = Library.open(tmp_path)
    assert library.get("kinh-te/nong-nghiep/b").category == ("Kinh tế", "Nông nghiệp")
    assert library.get("kinh-te/c").category == ("Kinh tế",)
    assert library.get("root").category == ("Uncategorized",)
    tree = library.categories()
    assert tree.count == 4
    assert [c.name for c in tree.children] == ["Kinh tế", "Uncategorized"]
    assert tree.children[0].count == 3
    assert tree.children[0].children[0].count == 2


def test_categories_merge_ignoring_case_and_spacing(tmp_path: Path) -> None:
    write(tmp_path, "a.md", md("A", category='"Thế giới / Châu Á"'))
    write(tmp_path, "b.md", md("B", category='"thế  giới/châu á"'))
    write(tmp_path, "c.md", md("C", category='"THẾ GIỚI"'))
    library = Library.open(tmp_path)
    assert tree_counts(library) == {"": 3, "thế giới": 3, "thế giới / châu á": 2}
    names = {a.title: a.category for a in library.articles()}
    assert names["A"] == names["B"] == ("Thế giới", "Châu Á")
    assert names["C"] == ("Thế giới",)


def test_filter_by_category_includes_subcategories(tmp_path: Path) -> None:
    write(tmp_path, "a.md", md("A", category='"Science / Space"'))
    write(tmp_path, "b.md", md("B", category="Science"))
    write(tmp_path, "c.md", md("C", category="Sport"))
    library = Library.open(tmp_path)
    assert {a.title for a in library.articles(category="science")} == {"A", "B"}
    assert {a.title for a in library.articles(category=("Science", "Space"))} == {"A"}
    with pytest.raises(NotFound):
        library.articles(category="Culture")


def test_related_resolves_by_id_path_and_folded_title(tmp_path: Path) -> None:
    write(tmp_path, "x/target.md", md("Đak Đoa: Câu lạc bộ “Thủ lĩnh”", id="custom-id"))
    write(tmp_path, "x/other.txt", "Other story\n\nBody.")
    refs = "[custom-id, x/other.txt, 'dak doa cau lac bo thu linh', ../../etc/passwd, /etc/passwd, Missing story]"
    write(tmp_path, "x/source.md", md("Source", related=refs))
    library = Library.open(tmp_path)
    related = library.related("x/source")
    assert [(r.title, r.id) for r in related] == [
        ("Đak Đoa: Câu lạc bộ “Thủ lĩnh”", "custom-id"),
        ("Other story", "x/other"),
        ("../../etc/passwd", None),
        ("/etc/passwd", None),
        ("Missing story", None),
    ]


def test_related_skips_itself_and_repeats_and_resolves_relative_paths(tmp_path: Path) -> None:
    write(tmp_path, "a/one.md", md("One", related="[a/one, ./two.md, a/two, Two]"))
    write(tmp_path, "a/two.md", md("Two", related="[a/one]"))
    library = Library.open(tmp_path)
    assert [(r.title, r.id) for r in library.related("a/one")] == [("Two", "a/two")]
    assert [r.id for r in library.related("a/two")] == ["a/one"]


def test_get_by_id_path_or_filesystem_path(tmp_path: Path) -> None:
    path = write(tmp_path, "sport/win.md", md("Win"))
    library = Library.open(tmp_path)
    assert library.get("sport/win").title == "Win"
    assert library.get("sport/win.md").title == "Win"
    assert library.get(str(path)).title == "Win"
    with pytest.raises(NotFound):
        library.get("sport/lose")


def test_duplicate_ids_keep_both_articles(tmp_path: Path) -> None:
    write(tmp_path, "a.md", md("Markdown A"))
    write(tmp_path, "a.txt", "Plain A\n\nBody.")
    library = Library.open(tmp_path)
    assert {a.id for a in library.articles()} == {"a", "a.txt"}
    assert any("already used" in p.reason for p in library.problems())


def test_hidden_and_unknown_files_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, ".hidden.md", md("Hidden"))
    write(tmp_path, ".git/x.md", md("In git"))
    write(tmp_path, "notes.docx", b"PK\x03\x04")
    write(tmp_path, "image.png", b"\x89PNG")
    write(tmp_path, "ok.md", md("Ok"))
    assert [a.title for a in Library.open(tmp_path).articles()] == ["Ok"]


def test_bad_files_are_problems_and_the_scan_goes_on(tmp_path: Path) -> None:
    write(tmp_path, "good.md", md("Good"))
    write(tmp_path, "bad.md", "---\ntitle: [\n---\n")
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "binary.txt", b"\x00\x01\x02\x03" * 100)
    library = Library.open(tmp_path)
    assert [a.title for a in library.articles()] == ["Good"]
    errors = {p.path: p.reason for p in library.problems() if p.severity == "error"}
    assert set(errors) == {"bad.md", "empty.txt", "binary.txt"}
    assert "YAML" in errors["bad.md"] and "empty" in errors["empty.txt"]


def test_articles_sort_newest_first_an_undated_one_by_its_files_time(tmp_path: Path) -> None:
    write(tmp_path, "a.md", md("Old", published="2019-01-01"))
    write(tmp_path, "b.md", md("New", published="2024-01-01T10:00:00+07:00"))
    undated = write(tmp_path, "c.md", md("Undated, file from 2020"))
    stamp = datetime(2020, 6, 1, tzinfo=UTC).timestamp()
    os.utime(undated, (stamp, stamp))
    write(tmp_path, "d.md", md("Middle", published="'05/06/2021 10:00'"))
    library = Library.open(tmp_path)
    assert [a.title for a in library.articles()] == ["New", "Middle", "Undated, file from 2020", "Old"]
    [summary] = [s for s in library.summaries(library.view_rowids()).values() if s.id == "c"]
    assert summary.approximate and summary.published is not None and summary.published.value.year == 2020
    assert library.get("c").published is None  # the file's time is only for ordering and showing


def test_reading_writes_nothing_under_the_root(sample_dir: Path) -> None:
    def snapshot() -> dict[str, tuple[str, int]]:
        return {
            str(p.relative_to(sample_dir)): (
                hashlib.sha256(p.read_bytes()).hexdigest(),
                p.stat().st_mtime_ns,
            )
            for p in sample_dir.rglob("*")
            if p.is_file()
        }

    before = snapshot()
    library = Library.open(sample_dir)
    for article in library.articles():
        library.related(article)
    library.categories()
    library.problems()
    assert snapshot() == before


def test_root_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FolderError, match="NEWSDESK_DIR"):
        resolve_root(None)
    (tmp_path / "articles").mkdir()
    assert resolve_root(None) == Path("articles")
    monkeypatch.setenv("NEWSDESK_DIR", str(tmp_path))
    assert resolve_root(None) == tmp_path
    with pytest.raises(FolderError, match="not a folder"):
        resolve_root(tmp_path / "missing")


def test_sample_folder_is_clean_and_linked(sample_dir: Path) -> None:
    library = Library.open(sample_dir)
    assert len(library) >= 41
    assert [p for p in library.problems() if p.severity == "error"] == []
    assert len(library.categories().walk()) - 1 >= 8
    assert {a.format for a in library.articles()} == {"markdown", "news-page", "plain"}
    seed = library.get("xa-hoi/dan-toc/lai-chau-cai-cach-hanh-chinh")
    [related] = library.related(seed)
    assert related.id == "xa-hoi/dan-toc/dak-doa-clb-thu-linh-thay-doi"


def test_unreadable_file_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "ok.md", md("Ok"))
    secret = write(tmp_path, "secret.md", md("Secret"))
    real_open = os.open

    def guarded_open(path: str, flags: int, *args: int) -> int:
        if os.path.realpath(path) == os.path.realpath(secret):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args)

    monkeypatch.setattr("reader.scan.os.open", guarded_open)
    library = Library.open(tmp_path)
    assert [a.title for a in library.articles()] == ["Ok"]
    assert [(p.path, p.reason) for p in library.problems()] == [("secret.md", "permission denied")]
