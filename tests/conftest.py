"""Shared fixtures: the seed, copies of the sample folder, and isolated user directories."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SEED = PROJECT / "seeds" / "000_c9db6d0b9021c175.txt"
SAMPLE = PROJECT / "articles"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point config, data and cache directories at a temporary place for every test."""
    home = tmp_path_factory.mktemp("home")
    for name in ("CONFIG", "DATA", "CACHE"):
        monkeypatch.setenv(f"NEWSDESK_{name}_DIR", str(home / name.lower()))
    monkeypatch.delenv("NEWSDESK_DIR", raising=False)
    return home


@pytest.fixture
def seed_bytes() -> bytes:
    """The reference news page, byte for byte."""
    return SEED.read_bytes()


SAMPLE_FILES_TIME = 1_500_000_000  # 2017-07-14: older than every dated sample article


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled sample folder, its files as old as July 2017.

    Articles that give no date sort by their file's time; a checkout gives every file
    the time of the checkout, so the copy's files are given one fixed, older time.
    """
    target = tmp_path / "articles"
    shutil.copytree(SAMPLE, target)
    for path in target.rglob("*"):
        if path.is_file():
            os.utime(path, (SAMPLE_FILES_TIME, SAMPLE_FILES_TIME))
    return target


def settled(path: Path) -> Path:
    """Give a file the age of one that has long been in the folder (not one being written now)."""
    past = time.time() - 600
    os.utime(path, (past, past))
    return path


def write(root: Path, relpath: str, content: str | bytes) -> Path:
    """Create a file (and its folders) under root."""
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def marked(path: Path, mark: str = "read") -> set[str]:
    """The ids a marks file holds as read (or starred), read straight from the file."""
    column = {"read": "read", "starred": "starred"}[mark]
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute(f"SELECT id FROM marks WHERE {column} = 1")}


def many_articles(root: Path, count: int) -> Path:
    """`count` small Markdown articles in ten category folders."""
    for number in range(count):
        write(
            root,
            f"c{number % 10}/a{number}.md",
            f"---\ntitle: Story {number}\npublished: 2024-01-{1 + number % 28:02d}\n---\nWords {number}.\n",
        )
    return root
