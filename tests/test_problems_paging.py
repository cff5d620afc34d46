"""The problems list read a page at a time: the same rows as the whole list, reasons of a bounded length."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.index.lookups import IndexLookups
from reader.library import Library

from conftest import write


def related(file: int, count: int) -> str:
    refs = ", ".join(f'"Missing story {file} {ref}"' for ref in range(count))
    return f"---\ntitle: Article {file}\nrelated: [{refs}, a1.md]\n---\nBody.\n"


def test_pages_counted_in_a_child_hold_the_rows_of_the_whole_list(tmp_path: Path) -> None:
    for file in range(60):  # 3,000 references: too many to resolve before the list is shown
        write(tmp_path, f"a{file}.md", related(file, 50))
    write(tmp_path, "broken.md", "---\ntitle: [\n---\n")
    write(tmp_path, "empty.md", "")
    library = Library.open(tmp_path)
    pages = library.problem_pages()
    assert (pages.errors, pages.quick, len(pages)) == (2, False, 2)  # the files that failed are known at once
    pages.count()
    whole = library.problems()
    assert pages.complete and len(pages) == len(whole) == 2 + 60 * 50
    assert [pages.window(start, start + 7) for start in (0, 1, 1234, len(whole) - 3)] == [
        whole[0:7],
        whole[1:8],
        whole[1234:1241],
        whole[-3:],
    ]
    assert whole[2].reason == "related 'Missing story 0 0' matches no article"


def test_a_reason_is_cut_to_a_length_a_screen_can_show(tmp_path: Path) -> None:
    write(tmp_path, "a.md", f"---\ntitle: A\nrelated: [{'x' * 20_000}]\n---\nBody.\n")
    [warning] = Library.open(tmp_path).problems()
    assert warning.path == "a.md" and warning.reason.startswith("related 'xxx")
    assert len(warning.reason) < 400


def test_reporting_unreadable_files_resolves_no_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "a.md", related(0, 3))
    write(tmp_path, "empty.md", "")
    library = Library.open(tmp_path)

    def looked_up(*args: object) -> None:
        raise AssertionError("references were resolved to report unreadable files")

    for lookup in ("id_by_id", "id_by_path", "id_by_title"):
        monkeypatch.setattr(IndexLookups, lookup, looked_up)
    assert [p.path for p in library.unreported_problems()] == ["empty.md"]
