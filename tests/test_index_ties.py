"""Two files with one id: the same one always holds it (and its marks); one bad file never costs the others."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import reader.index.prepare
import reader.scan
from reader.cli import main
from reader.library import Library
from reader.model import Article

from conftest import write

FIRST, SECOND = "a-first.md", "b-second.md"


def shared(title: str, article_id: str = "shared") -> str:
    return f"---\nid: {article_id}\ntitle: {title}\n---\nText of {title}.\n"


def owners(library: Library) -> dict[str, str]:
    """Article id -> the path of the file listed under it."""
    return {article.id: article.path for article in library.articles()}


def reopen(library: Library) -> Library:
    """The library again, its index deleted (the cache is only a cache)."""
    library.close()
    shutil.rmtree(library.index_file.parent)
    return Library.open(library.root)


def id_warnings(library: Library) -> list[str]:
    return [f"{p.path}: {p.reason}" for p in library.problems() if "already used" in p.reason]


@pytest.mark.parametrize("order", [(FIRST, SECOND), (SECOND, FIRST)])
@pytest.mark.parametrize("how", ["watcher", "full sync"])
def test_the_first_path_holds_a_shared_id_whatever_the_order(
    tmp_path: Path, order: list[str], how: str
) -> None:
    write(tmp_path, order[0], shared(order[0]))
    library = Library.open(tmp_path)
    write(tmp_path, order[1], shared(order[1]))
    library.sync_changed([str(tmp_path / order[1])]) if how == "watcher" else library.sync()
    assert owners(library)["shared"] == FIRST
    library.set_starred("shared")
    library.set_read("shared")
    for touched in (SECOND, FIRST):  # the watcher reads one of them again
        os.utime(tmp_path / touched, (1, 1))
        library.sync_changed([str(tmp_path / touched)])
        assert owners(library)["shared"] == FIRST
    library = reopen(library)
    assert owners(library) == {"shared": FIRST, SECOND: SECOND}
    assert library.is_starred("shared") and not library.is_starred(SECOND)
    assert id_warnings(library) == [
        f"{SECOND}: id 'shared' is already used by {FIRST} (the first by name); listed as '{SECOND}'"
    ]
    assert library.get(SECOND).problems == (
        f"id 'shared' is already used by {FIRST} (the first by name); listed as '{SECOND}'",
    )


@pytest.mark.parametrize("how", ["watcher", "full sync"])
def test_when_the_holder_goes_the_other_file_takes_the_id_as_after_a_fresh_index(
    tmp_path: Path, how: str
) -> None:
    write(tmp_path, FIRST, shared("First"))
    write(tmp_path, SECOND, shared("Second"))
    write(tmp_path, "c-third.md", shared("Third"))
    library = Library.open(tmp_path)
    library.set_starred("shared")
    (tmp_path / FIRST).unlink()
    changes = library.sync_changed([str(tmp_path / FIRST)]) if how == "watcher" else library.sync()
    expected = {"shared": SECOND, "c-third.md": "c-third.md"}
    warning = (
        f"c-third.md: id 'shared' is already used by {SECOND} (the first by name); listed as 'c-third.md'"
    )
    assert owners(library) == expected
    assert "shared" in changes.changed and SECOND in changes.removed
    assert id_warnings(library) == [warning]
    again = reopen(library)
    assert owners(again) == expected
    assert id_warnings(again) == [warning]
    assert again.is_starred("shared")


def test_when_the_holder_asks_for_another_id_the_other_file_takes_it(tmp_path: Path) -> None:
    write(tmp_path, FIRST, shared("First"))
    write(tmp_path, SECOND, shared("Second"))
    library = Library.open(tmp_path)
    write(tmp_path, FIRST, shared("First", article_id="renamed"))
    os.utime(tmp_path / FIRST, (2, 2))
    library.sync_changed([str(tmp_path / FIRST)])
    assert owners(library) == {"renamed": FIRST, "shared": SECOND}
    assert id_warnings(library) == []


def test_a_stand_in_id_never_takes_an_id_another_file_asks_for(tmp_path: Path) -> None:
    write(tmp_path, FIRST, shared("First"))
    write(tmp_path, SECOND, shared("Second"))
    library = Library.open(tmp_path)
    assert owners(library)[SECOND] == SECOND
    write(tmp_path, "c.md", shared("Asks for the stand-in", article_id=SECOND))
    library.sync_changed([str(tmp_path / "c.md")])
    expected = {"shared": FIRST, SECOND: "c.md", f"{SECOND}#2": SECOND}
    assert owners(library) == expected
    assert owners(reopen(library)) == expected


# One file whose parsing or storing fails among many good ones.

GOOD = 40


def good_files(root: Path) -> None:
    for number in range(GOOD):
        write(root, f"good-{number:02d}.md", f"---\ntitle: Good {number}\n---\nText.\n")
    write(root, "poison.md", "---\ntitle: Poison\n---\nText.\n")


def parse_fails_for_poison(monkeypatch: pytest.MonkeyPatch) -> None:
    parse = reader.scan.parse_article

    def failing(data: bytes, relpath: str) -> Article:
        if relpath == "poison.md":
            raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")
        return parse(data, relpath)

    monkeypatch.setattr(reader.scan, "parse_article", failing)


def store_fails_for_poison(monkeypatch: pytest.MonkeyPatch) -> None:
    to_row = reader.index.prepare.to_row

    def unstorable(article: Article, mtime_ns: int = 0) -> tuple[Any, ...]:
        row = to_row(article, mtime_ns)
        return (*row[:10], 2**70, *row[11:]) if article.path == "poison.md" else row  # ts: too big for SQLite

    monkeypatch.setattr(reader.index.prepare, "to_row", unstorable)


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (parse_fails_for_poison, "could not be read (ValueError: Exceeds the limit (4300 digits)"),
        (store_fails_for_poison, "could not be stored in the index (OverflowError: "),
    ],
)
@pytest.mark.parametrize("how", ["watcher", "full sync"])
def test_one_file_that_fails_is_one_problem_and_the_batch_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: Any, reason: str, how: str
) -> None:
    fault(monkeypatch)
    if how == "watcher":
        library = Library.open(tmp_path)
        good_files(tmp_path)
        library.sync_changed([str(path) for path in tmp_path.iterdir()])
    else:
        good_files(tmp_path)
        library = Library.open(tmp_path)
    assert len(library) == GOOD
    errors = [p for p in library.problems() if p.severity == "error"]
    assert [p.path for p in errors] == ["poison.md"]
    assert errors[0].reason.startswith(reason)


def test_check_names_the_file_whose_parser_failed_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    parse_fails_for_poison(monkeypatch)
    good_files(tmp_path)
    assert main(["check", "-d", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert [line for line in out.splitlines() if line.startswith("poison.md: ")] == [
        "poison.md: could not be read (ValueError: Exceeds the limit (4300 digits) for integer string conversion)"
    ]
    assert "Traceback" not in out + err
    assert main(["list", "-d", str(tmp_path)]) == 0
    assert capsys.readouterr().out.count("Good ") == GOOD
