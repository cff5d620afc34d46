"""The real `newsdesk` command in a pseudo-terminal, read off the screen a person sees."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.terminal import KEYS, Terminal

NEWSDESK = str(Path(sys.executable).parent / "newsdesk")


@pytest.fixture
def terminal(sample_dir: Path, isolated_home: Path) -> Iterator[Terminal]:
    env = {f"NEWSDESK_{k}_DIR": str(isolated_home / k.lower()) for k in ("CONFIG", "DATA", "CACHE")}
    term = Terminal([NEWSDESK, "-d", str(sample_dir)], columns=120, lines=40, env=env)
    yield term
    term.close()


def reader_column(term: Terminal) -> str:
    """The text of the reading pane (below the list, beside the tree, at 120 columns)."""
    lines = term.screen.display
    top = next((n for n, line in enumerate(lines) if "╭─ Article ─" in line), None)
    if top is None:
        return ""
    left = lines[top].index("╭─ Article ─")
    return "\n".join(line[left:] for line in lines[top:])


def test_a_reader_session_from_start_to_quit(terminal: Terminal, sample_dir: Path) -> None:
    term = terminal
    term.wait_for("Harbour City win cup final")
    term.wait_for("46 articles, 46 unread")

    term.send("c")
    term.wait_for("Go to category")
    term.send("chuong trinh")
    term.wait_for(lambda s: "Chương trình mục tiêu" in s and "nong" not in s)
    term.send(KEYS["enter"])
    term.wait_for(lambda s: "4 articles, 4 unread" in s and "Harbour City" not in s)

    term.send("jj" + KEYS["enter"])
    term.wait_for(lambda s: "Trọng Bảo · 2019-10-21 11:52" in reader_column(term))
    term.send("1")
    term.wait_for(lambda s: "Đak Đoa (Gia Lai): Câu lạc bộ" in reader_column(term) and "Trọng Bảo" not in s)
    term.send(KEYS["backspace"])
    term.wait_for(lambda s: "Trọng Bảo · 2019-10-21 11:52" in reader_column(term))

    term.send("a")
    term.wait_for("46 articles")
    article = "---\ntitle: Fresh off the wire today\npublished: 2030-01-01\n---\nBody.\n"
    (sample_dir / "fresh.md").write_text(article, encoding="utf-8")
    term.wait_for("Fresh off the wire today", timeout=10)
    term.wait_for("1 new article")

    term.send("q")
    assert term.wait_exit() == 0
    assert b"\x1b[?1049h" in term.raw
    assert term.raw.rfind(b"\x1b[?1049l") > term.raw.rfind(b"\x1b[?1049h")


def test_unknown_folder_is_an_error_not_a_screen(tmp_path: Path) -> None:
    term = Terminal([NEWSDESK, "-d", str(tmp_path / "missing")], columns=80, lines=24)
    try:
        term.wait_for("not a folder")
        assert term.wait_exit() == 2
    finally:
        term.close()


def test_first_index_in_several_processes_inside_the_reader(sample_dir: Path, isolated_home: Path) -> None:
    """The parse pool starts from inside the full-screen app (whose stderr is not a file)."""
    env = {f"NEWSDESK_{k}_DIR": str(isolated_home / k.lower()) for k in ("CONFIG", "DATA", "CACHE")}
    env["NEWSDESK_PARALLEL_FROM"] = "10"
    term = Terminal([NEWSDESK, "-d", str(sample_dir)], columns=120, lines=40, env=env)
    try:
        term.wait_for("46 articles, 46 unread", timeout=60)
        term.settle(0.5, 5)
        assert "failed" not in term.text()
        term.send("q")
        assert term.wait_exit() == 0
    finally:
        term.close()


def _env(isolated_home: Path, **extra: str) -> dict[str, str]:
    env = {f"NEWSDESK_{k}_DIR": str(isolated_home / k.lower()) for k in ("CONFIG", "DATA", "CACHE")}
    return {**env, **extra}


def test_a_slow_graphical_browser_never_freezes_the_reader(
    sample_dir: Path, isolated_home: Path, tmp_path: Path
) -> None:
    started = tmp_path / "browser-started"
    browser = tmp_path / "slow-browser"
    browser.write_text(f'#!/bin/sh\necho "$1" > {started}\nsleep 30\n', encoding="utf-8")
    browser.chmod(0o755)
    env = _env(isolated_home, BROWSER=str(browser), DISPLAY=":99")
    term = Terminal([NEWSDESK, "-d", str(sample_dir)], columns=120, lines=40, env=env)
    try:
        term.wait_for("Harbour City win cup final")
        term.send(KEYS["enter"])
        term.wait_for(lambda s: "Callum Reid" in reader_column(term))
        term.send("o")
        term.wait_for(lambda s: started.exists())
        term.send("j" + KEYS["enter"])  # the reader answers while the browser is still running
        term.wait_for(lambda s: "Sinh viên Đà Nẵng" in reader_column(term), timeout=5)
        assert started.read_text(encoding="utf-8").strip().startswith("https://example.co.uk/sport/")
        term.send("q")
        assert term.wait_exit() == 0
    finally:
        term.close()


def test_a_terminal_browser_gets_the_terminal_and_gives_it_back(
    sample_dir: Path, isolated_home: Path, tmp_path: Path
) -> None:
    browser = tmp_path / "w3m"  # a terminal browser by name
    browser.write_text('#!/bin/sh\necho "TEXT BROWSER ON $1"\nread answer\n', encoding="utf-8")
    browser.chmod(0o755)
    term = Terminal(
        [NEWSDESK, "-d", str(sample_dir)],
        columns=120,
        lines=40,
        env=_env(isolated_home, BROWSER=str(browser)),
    )
    try:
        term.wait_for("Harbour City win cup final")
        term.send(KEYS["enter"])
        term.wait_for(lambda s: "Callum Reid" in reader_column(term))
        term.send("o")
        term.wait_for("TEXT BROWSER ON https://example.co.uk/sport/harbour-city")
        term.send(KEYS["enter"])
        term.wait_for(lambda s: "Callum Reid" in reader_column(term))
        term.send("q")
        assert term.wait_exit() == 0
    finally:
        term.close()


def test_a_days_reading_space_through_mark_a_category_undo_and_quit(terminal: Terminal) -> None:
    """At 120x40: read with Space to the next unread, mark a category read, undo, q."""
    term = terminal
    term.wait_for("46 articles, 46 unread")
    term.send(" ")  # nothing open: Space opens the article at the cursor
    term.wait_for(lambda s: "Callum Reid" in reader_column(term))
    next_unread = "Sinh viên Đà Nẵng giành giải nhất"
    pages = 0
    # At its end Space opens the next unread: the count in the header says when it has.
    while "46 articles, 44 unread" not in term.text() and pages < 30:
        before = term.text()
        term.send(" ")
        term.wait_for(lambda screen, before=before: screen != before)  # each Space pages or opens
        term.settle(0.3, 5)
        pages += 1
    assert 2 < pages < 30  # a few pages to get through the first article, then the next one
    assert next_unread in "\n".join(reader_column(term).split("\n")[:5])  # its headline, at the top
    term.send("c")
    term.wait_for("Go to category")
    term.send("kinh te" + KEYS["enter"])
    term.wait_for("8 articles, 8 unread")
    term.send("A")
    term.wait_for("Mark 8 articles in Kinh tế read?")
    term.send("y")
    term.wait_for("8 articles, 0 unread")
    term.send("\x1a")  # Ctrl+Z
    term.wait_for("8 articles, 8 unread")
    term.send("q")
    assert term.wait_exit() == 0


def test_the_reader_starts_no_other_process(terminal: Terminal) -> None:
    """A warm start runs in one process (multiprocessing's helper is started only for a parse pool)."""
    terminal.wait_for("46 articles, 46 unread", timeout=60)
    terminal.settle(0.5, 5)
    children = Path(f"/proc/{terminal.pid}/task/{terminal.pid}/children")
    if not children.exists():
        pytest.skip("this system does not list a process's children")
    assert children.read_text().split() == []
    terminal.send("q")
    assert terminal.wait_exit() == 0
