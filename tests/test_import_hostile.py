"""`newsdesk import` given hostile files: nothing spoofed or lost, one line per failure, nothing left behind."""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml

import reader.importer
import reader.newfiles
from reader.cli import main
from reader.library import Library
from reader.model import Article
from reader.scan import MAX_FILE_BYTES

from conftest import write

ASTRAL = "\U00020000"  # 𠀀: a letter of four bytes in UTF-8


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    return folder


def run_import(
    capsys: pytest.CaptureFixture[str], root: Path, *args: str
) -> tuple[int, list[str], list[str]]:
    code = main(["import", "-d", str(root), *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under root: files by content hash, folders as folders."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        if path.is_file()
        else "dir"
        for path in sorted(root.rglob("*"))
        if not path.is_symlink() and (path.is_dir() or path.is_file())
    }


def front_matter(path: Path) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    assert isinstance(loaded, dict)
    return loaded


def temporary_files(root: Path) -> list[Path]:
    return [path for path in root.rglob(".newsdesk-*")]


@pytest.mark.parametrize("key", [" title", "category ", "Title", "ＴＩＴＬＥ", "'author\t'"])
def test_a_key_that_looks_like_a_known_one_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, root: Path, key: str
) -> None:
    field = key if key.startswith("'") else f'"{key}"'
    source = write(
        tmp_path, "in/spoof.md", f"---\ntitle: Real title\ncategory: real\n{field}: Fake\n---\nBody.\n"
    )
    code, out, err = run_import(capsys, root, str(source))
    assert (code, out) == (1, [])
    assert len(err) == 1 and str(source) in err[0] and "looks like" in err[0]
    assert snapshot(root) == {}


SCALARS_AS_WRITTEN = [
    "big: 0x" + "f" * 3700,  # a number too long to turn into decimal text
    "clock: 1:30:15",
    "octal: 017",
    "flag: yes",
    "half: .5",
    "updated: 2024-01-02 10:00:00",
    "quoted: '0x1F'",
    "notes: " + "x" * 700,
]


def test_fields_it_does_not_know_are_kept_exactly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, root: Path
) -> None:
    nested = {"a": [1, 2, {"b": "c"}], "d": None}
    related = [{"id": "other", "title": "Other story", "summary": "Why it matters"}, "plain-ref"]
    fields = yaml.safe_dump({"nested": nested, "related": related}, sort_keys=False)
    text = "---\ntitle: Real title\n" + "\n".join(SCALARS_AS_WRITTEN) + f"\n{fields}---\nBody.\n"
    source = write(tmp_path, "in/keep.md", text)
    code, out, _err = run_import(capsys, root, str(source))
    assert code == 0
    written = Path(out[0]).read_text(encoding="utf-8")
    assert [line for line in SCALARS_AS_WRITTEN if line not in written.splitlines()] == []
    assert front_matter(Path(out[0]))["nested"] == nested
    assert front_matter(Path(out[0]))["related"] == related
    assert front_matter(Path(out[0]))["title"] == "Real title"


def test_a_title_too_long_for_a_file_name_is_cut_to_fit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, root: Path
) -> None:
    title = ASTRAL * 100
    written = []
    for number in range(2):
        source = write(tmp_path, f"in/long{number}.md", f"---\ntitle: {title}\n---\nBody {number}.\n")
        code, out, err = run_import(capsys, root, "-c", ASTRAL * 100, str(source))
        assert (code, err) == (0, [])
        written.append(Path(out[0]))
    for path in written:
        assert len(path.name.encode()) <= 255 and len(path.parent.name.encode()) <= 255
        assert path.name.replace("-2.md", "").replace(".md", "") == ASTRAL * 61
    assert written[1].name.endswith("-2.md")
    assert [a.title for a in Library.open(root).articles()] == [title, title]


def case_too_big(tmp_path: Path, root: Path) -> tuple[list[str], Path]:
    big = tmp_path / "in" / "big.md"
    with big.open("wb") as stream:
        stream.write(b"---\ntitle: Big\n---\n")
        stream.truncate(MAX_FILE_BYTES + 1)
    return [], big


def case_fifo(tmp_path: Path, root: Path) -> tuple[list[str], Path]:
    fifo = tmp_path / "in" / "pipe.md"
    os.mkfifo(fifo)
    return [], fifo


def case_link_to_a_link(tmp_path: Path, root: Path) -> tuple[list[str], Path]:
    target = write(tmp_path, "elsewhere/real.md", "---\ntitle: Real\n---\nBody.\n")
    (tmp_path / "in" / "middle.md").symlink_to(target)
    (tmp_path / "in" / "chain.md").symlink_to(tmp_path / "in" / "middle.md")
    return [], tmp_path / "in" / "chain.md"


def case_link_in_the_folder_to_outside(tmp_path: Path, root: Path) -> tuple[list[str], Path]:
    secret = write(tmp_path, "secret.md", "---\ntitle: Secret\n---\nNot for the folder.\n")
    (root / "innocent.md").symlink_to(secret)
    return [], root / "innocent.md"


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        (case_too_big, "the limit is 8.0 MiB"),
        (case_fifo, "not a regular file"),
        (case_link_to_a_link, "a link to another link"),
        (case_link_in_the_folder_to_outside, "leads outside the article folder"),
    ],
)
def test_a_file_that_cannot_be_imported_is_one_line_and_the_others_are_imported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, root: Path, case: Any, reason: str
) -> None:
    good = write(tmp_path, "in/good.md", "---\ntitle: Good one\n---\nBody.\n")
    options, bad = case(tmp_path, root)
    before = snapshot(root)
    code, out, err = run_import(capsys, root, *options, str(bad), str(good))
    assert code == 1
    assert len(err) == 1 and err[0].startswith(f"newsdesk: {bad}: ") and reason in err[0]
    assert len(out) == 1 and Path(out[0]).name == "good-one.md"
    assert before.items() <= snapshot(root).items()
    assert temporary_files(root) == []
    assert "Secret" not in "".join(p.read_text() for p in root.rglob("*.md") if not p.is_symlink())


def test_a_category_whose_folder_name_is_a_file_is_one_line_per_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, root: Path
) -> None:
    sport = write(root, "sport", "I am a file, not a folder.")
    sources = [write(tmp_path, f"in/{name}.md", f"---\ntitle: {name}\n---\nBody.\n") for name in "ab"]
    before = snapshot(root)
    code, out, err = run_import(capsys, root, "-c", "Sport / Football", *map(str, sources))
    assert (code, out) == (1, [])
    assert err == [f"newsdesk: {s}: {sport}: a file has this name, so it cannot be a folder" for s in sources]
    assert snapshot(root) == before


def test_a_link_is_followed_once(capsys: pytest.CaptureFixture[str], tmp_path: Path, root: Path) -> None:
    target = write(tmp_path, "elsewhere/real.md", "---\ntitle: Through a link\n---\nBody.\n")
    (tmp_path / "link.md").symlink_to(target)
    code, out, err = run_import(capsys, root, str(tmp_path / "link.md"))
    assert (code, err) == (0, [])
    assert front_matter(Path(out[0]))["title"] == "Through a link"


def test_a_read_only_folder_is_one_line_and_nothing_is_left(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(tmp_path, "in/a.md", "---\ntitle: A\n---\nBody.\n")
    (root / "locked").mkdir()
    (root / "locked").chmod(0o555)
    if os.geteuid() == 0:  # root writes anywhere: fail as everyone else would
        real_mkstemp = tempfile.mkstemp

        def refused(*args: Any, **kwargs: Any) -> tuple[int, str]:
            if str(kwargs.get("dir", "")).endswith("locked"):
                raise PermissionError(errno.EACCES, "Permission denied")
            return real_mkstemp(*args, **kwargs)

        monkeypatch.setattr(reader.newfiles.tempfile, "mkstemp", refused)
    try:
        code, out, err = run_import(capsys, root, "-c", "Locked", str(source), str(source))
    finally:
        (root / "locked").chmod(0o755)
    assert (code, out) == (1, [])
    assert err == [f"newsdesk: {source}: {root / 'locked'}: cannot write a file here (permission denied)"] * 2
    assert snapshot(root) == {"locked": "dir"}


def test_a_parser_that_fails_costs_only_its_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parse = reader.importer.parse_article

    def failing(data: bytes, name: str) -> Article:
        if name == "bad.md":
            raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")
        return parse(data, name)

    monkeypatch.setattr(reader.importer, "parse_article", failing)
    bad = write(tmp_path, "in/bad.md", "---\ntitle: Bad\n---\nBody.\n")
    good = write(tmp_path, "in/good.md", "---\ntitle: Good\n---\nBody.\n")
    code, out, err = run_import(capsys, root, str(bad), str(good))
    assert code == 1 and len(out) == 1
    assert err == [
        f"newsdesk: {bad}: could not be read (ValueError: Exceeds the limit (4300 digits) "
        "for integer string conversion)"
    ]
