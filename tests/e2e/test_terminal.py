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
    """The text of the reading pane (the right-hand pane at 120 columns)."""
    return "\n".join(line[70:] for line in term.screen.display)


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
