"""Hostile input: nothing crashes, nothing escapes, nothing outside is read, nothing changes."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile import MARKUP_TITLE, Hostile, build, make_big_file

from bench.terminal import Terminal
from reader.cli import main
from reader.importer import write_new
from reader.library import Library
from reader.model import FolderError
from reader.scan import FileEntry, read_entry
from reader.state import ReadState

from conftest import PROJECT, marked, write

NEWSDESK = str(Path(sys.executable).parent / "newsdesk")


@pytest.fixture(scope="session")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_big_file(tmp_path_factory.mktemp("big") / "big.bin")


@pytest.fixture
def hostile(tmp_path: Path, big_file: Path) -> Iterator[Hostile]:
    corpus = build(tmp_path, big=big_file)
    yield corpus
    (corpus.root / "unreadable.md").chmod(0o644)


def fingerprint(root: Path) -> dict[str, tuple[str, ...]]:
    """Every entry under root: links by target, files by content hash and mtime."""
    found: dict[str, tuple[str, ...]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            info = path.lstat()
            if path.is_symlink():
                found[str(path)] = ("link", os.readlink(path))
            elif path.is_file():
                os.chmod(path, info.st_mode | 0o400)
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                os.chmod(path, info.st_mode)
                found[str(path)] = (digest, str(info.st_mtime_ns), oct(info.st_mode))
            else:
                found[str(path)] = ("dir", oct(info.st_mode))
    return found


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_reports_every_bad_file_and_exits_1(
    capsys: pytest.CaptureFixture[str], hostile: Hostile
) -> None:
    code, out, err = run_cli(capsys, "check", "-d", str(hostile.root))
    assert code == 1
    errors = {line.split(": ", 1)[0]: line for line in out.splitlines() if ": warning: " not in line}
    assert set(errors) == hostile.bad_paths
    assert all(len(line.split(": ", 1)[1]) > 5 for line in errors.values())
    assert "huge.txt: file is 50.0 MiB; the limit is 8.0 MiB" in out
    assert "link-outside.md: link to a place outside the folder; skipped" in out
    assert "Traceback" not in out + err


def test_other_commands_work_on_the_good_files(capsys: pytest.CaptureFixture[str], hostile: Hostile) -> None:
    code, out, _ = run_cli(capsys, "list", "-d", str(hostile.root), "--json")
    items = json.loads(out)
    assert code == 0
    assert hostile.good_titles <= {item["title"] for item in items}
    for item in items:
        code, out, err = run_cli(capsys, "show", "-d", str(hostile.root), "--json", "--", item["id"])
        assert code == 0, err
        assert json.loads(out)["title"] == item["title"]
    assert run_cli(capsys, "categories", "-d", str(hostile.root))[0] == 0
    code, out, _ = run_cli(capsys, "search", "perfectly", "-d", str(hostile.root))
    assert code == 0 and "A perfectly good article" in out
    every = json.dumps(items)
    assert "Secret outside" not in every and "\x1b" not in every and "pwned" not in every


def test_markup_and_escapes_survive_as_plain_text(
    capsys: pytest.CaptureFixture[str], hostile: Hostile
) -> None:
    code, out, _ = run_cli(capsys, "show", "markup", "-d", str(hostile.root))
    assert code == 0 and MARKUP_TITLE in out
    code, out, _ = run_cli(capsys, "show", "escapes", "-d", str(hostile.root))
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert "Escape test click here end" in out and "pwned" not in out


def test_nothing_outside_the_folder_is_ever_opened(hostile: Hostile, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    real_open = os.open

    def spy(path: str, flags: int, *args: int) -> int:
        opened.append(os.path.realpath(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr("reader.scan.os.open", spy)
    library = Library.open(hostile.root)
    for article in library.articles():
        library.related(library.get(article.id))
    real_root = os.path.realpath(hostile.root)
    assert opened and all(path.startswith(real_root + os.sep) for path in opened)
    assert os.path.realpath(hostile.outside) not in opened
    related = library.related("related-self")
    assert [r.id for r in related] == [None, None, "related-other", None]


def test_the_folder_is_unchanged_after_the_cli_and_the_tui(
    capsys: pytest.CaptureFixture[str], hostile: Hostile
) -> None:
    before = fingerprint(hostile.root.parent)
    for argv in (["check"], ["list"], ["categories"], ["index"], ["search", "good"], ["show", "escapes"]):
        run_cli(capsys, *argv, "-d", str(hostile.root))
    term = Terminal([NEWSDESK, "-d", str(hostile.root)], columns=100, lines=30)
    try:
        find_in_reader(term, "leading", "Leading dash")
        for keys, then in (
            ("\x1b", lambda s: "▸ search" not in s),  # back to the list
            ("\r", None),
            ("n", None),
            ("n", None),
            ("n", None),
            ("!", lambda s: "Problems: " in s),
            ("\x1b", lambda s: "Problems: " not in s),
            ("/good", lambda s: "1 result found" in s),
            ("\r", None),
            ("\x1b", lambda s: "▸ search" not in s),
            ("1", None),
        ):
            term.send(keys)
            term.settle(0.2, 3)
            if then is not None:  # a key sent on the heels of Esc would be read with it (Alt+key)
                term.wait_for(then)
        term.send("Q")  # q closes what is open first (full screen, if a key came late enough to open it)
        assert term.wait_exit(30) == 0
    finally:
        term.close()
    assert fingerprint(hostile.root.parent) == before


def find_in_reader(term: Terminal, query: str, title: str) -> None:
    """Search the reader for an article and wait for its row: a title in the box is typed in lower case,
    so only the row can show it as written (the first screen may not: other groups add newer files)."""
    assert query != title and query.lower() == query
    term.wait_for(lambda screen: " unread" in screen.splitlines()[0])  # started: counted, last session back
    term.send("/" + query)
    term.wait_for(title)


def test_escape_sequences_never_reach_the_terminal(hostile: Hostile) -> None:
    term = Terminal([NEWSDESK, "-d", str(hostile.root)], columns=120, lines=40)
    try:
        find_in_reader(term, "escape test", "Escape test click here end")  # its row in the results
        term.send("\r")
        shown = ("clear: after", "clipboard: after", "hyperlink: click here after", "cursor: after")
        term.wait_for(lambda screen: all(line in screen for line in shown))  # the article, opened
        screen = term.text()
        assert "pwned" not in screen
        term.send("/title:passwd\r")
        term.wait_for(
            lambda s: "[bold red]x[/] [link=file:///e" in s and "[link=file:///etc/passwd]y[/] [/foo]" in s
        )
        term.send("Q")  # q would close the search first
        term.wait_exit(30)
    finally:
        term.close()
    raw = bytes(term.raw)
    for forbidden in (b"\x1b]0;", b"\x1b]2;", b"\x1b]52;", b"pwned", b"http://evil.example", b"cm0gLXJmIH4="):
        assert forbidden not in raw


def test_a_vanishing_file_and_a_growing_file_are_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = FileEntry("gone.md", str(tmp_path / "gone.md"), 10, 0)
    assert read_entry(gone).reason == "file vanished before it could be read"  # type: ignore[union-attr]
    growing = tmp_path / "growing.md"
    growing.write_bytes(b"x" * (9 * 1024 * 1024))
    real_fstat = os.fstat

    class Small:
        def __init__(self, info: os.stat_result) -> None:
            self.st_mode, self.st_size = info.st_mode, 100

    monkeypatch.setattr("reader.scan.os.fstat", lambda fd: Small(real_fstat(fd)))
    problem = read_entry(FileEntry("growing.md", str(growing), 100, 0))
    assert "grew past the limit" in problem.reason  # type: ignore[union-attr]


def test_import_never_writes_outside_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    elsewhere = tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (root / "escape").symlink_to(elsewhere)
    with pytest.raises(FolderError, match="outside the article folder"):
        write_new(root, root / "escape", "story", "---\ntitle: T\n---\n")
    assert list(elsewhere.iterdir()) == []
    first = write_new(root, root, "story", "one")
    second = write_new(root, root, "story", "two")
    assert (first.read_text(), second.read_text()) == ("one", "two")
    assert sorted(p.name for p in root.iterdir()) == ["escape", "story-2.md", "story.md"]


_WRITER = """
import sys
from pathlib import Path
from reader.state import ReadState
state = ReadState(Path(sys.argv[1]))
print("ready", flush=True)
n = 0
while True:
    state.set_mark(f"article-{n}", "read", True)
    state.set_mark(f"article-{n}", "starred", n % 2 == 0)
    n += 1
"""


def test_state_survives_being_killed_mid_write(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)], stdout=subprocess.PIPE, cwd=PROJECT)
    assert writer.stdout is not None and writer.stdout.readline().strip() == b"ready"
    time.sleep(0.5)
    writer.send_signal(signal.SIGKILL)
    writer.wait(10)
    state = ReadState(path)
    assert state.notice == ""
    count = len(marked(path))
    assert count > 10
    assert all(f"article-{n}" in marked(path) for n in range(count - 1))
    state.set_mark("after-the-crash", "read", True)
    assert ReadState(path).is_read("after-the-crash")


def test_a_folder_named_in_bytes_that_are_not_utf8_leaves_the_reader_seeing_new_files(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    write(root, "old.md", "---\ntitle: Already here\n---\nBody.\n")
    odd = os.fsencode(root) + b"/caf\xe9-\xff"
    try:
        os.mkdir(odd)
    except OSError as error:
        pytest.skip(f"this file system refuses names that are not UTF-8: {error}")
    write(Path(os.fsdecode(odd)), "inside.md", "---\ntitle: Inside the odd folder\n---\nBody.\n")
    term = Terminal([NEWSDESK, "-d", str(root)], columns=120, lines=30)
    try:
        term.wait_for("Inside the odd folder")
        term.settle(1.5, 5)  # the native watch fails at once; looking at the folder takes over
        write(root, "fresh.md", "---\ntitle: Fresh arrival\n---\nBody.\n")
        term.wait_for("Fresh arrival", timeout=15)
        term.send("q")
        assert term.wait_exit(30) == 0
    finally:
        term.close()
    assert b"Watching the folder failed" not in bytes(term.raw)
