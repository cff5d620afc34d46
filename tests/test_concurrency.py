"""Two processes, or two threads, on one folder: one writer at a time, nobody crashes, nothing lost."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reader.index.db import open_index
from reader.library import Library

from conftest import PROJECT, many_articles

NEWSDESK = str(Path(sys.executable).parent / "newsdesk")


def command(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [NEWSDESK, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=PROJECT,
        env={**os.environ, **(env or {})},
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    _out, err = process.communicate(timeout=180)
    return process.returncode, err


def listed(root: Path) -> list[str]:
    result = subprocess.run(
        [NEWSDESK, "list", "-d", str(root), "--json"], capture_output=True, text=True, check=True
    )
    return sorted(item["id"] for item in json.loads(result.stdout))


def test_two_index_commands_started_together_on_a_fresh_folder(tmp_path: Path) -> None:
    root = many_articles(tmp_path / "articles", 3000)
    first, second = command("index", "-d", str(root)), command("index", "-d", str(root))
    for process in (first, second):
        code, err = finish(process)
        assert code == 0 and "Traceback" not in err, err
    assert len(listed(root)) == 3000


def test_an_index_command_while_another_process_indexes(tmp_path: Path) -> None:
    root = many_articles(tmp_path / "articles", 6000)
    env = {"NEWSDESK_PARALLEL_FROM": "100000"}  # one process parsing, so the first index is slow
    first = command("index", "-d", str(root), env=env)
    index = _index_file(root)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _articles_in(index) < 500:
        time.sleep(0.05)
    assert 0 < _articles_in(index) < 6000, "the first index ended before the second one could start"
    second = command("index", "-d", str(root), env=env)
    for process in (first, second):
        code, err = finish(process)
        assert code == 0 and "Traceback" not in err, err
    assert listed(root) == sorted(f"c{n % 10}/a{n}" for n in range(6000))


def _index_file(root: Path) -> Path:
    return Library.open(root, sync=False, marks=False).index_file


def _articles_in(index: Path) -> int:
    try:
        with sqlite3.connect(f"file:{index}?mode=ro", uri=True, timeout=1) as db:
            return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_two_full_syncs_in_two_threads(tmp_path: Path) -> None:
    root = many_articles(tmp_path / "articles", 1500)
    library = Library.open(root, sync=False)
    errors: list[BaseException] = []

    def sync() -> None:
        try:
            library.sync()
        except BaseException as error:  # recorded for the assertion below
            errors.append(error)

    threads = [threading.Thread(target=sync) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert len(library) == 1500 and library.unreadable_count() == 0
    assert not library.sync()  # nothing left to do: the two did not leave half a job


def test_two_connections_create_a_new_index_together(tmp_path: Path) -> None:
    for attempt in range(5):
        path = tmp_path / f"index-{attempt}.sqlite3"
        start = threading.Barrier(4)
        errors: list[BaseException] = []

        def open_it(
            path: Path = path, start: threading.Barrier = start, errors: list[BaseException] = errors
        ) -> None:
            start.wait()
            try:
                open_index(path).close()
            except BaseException as error:  # recorded for the assertion below
                errors.append(error)

        threads = [threading.Thread(target=open_it) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert errors == []


OPEN_MARKS_AT = """
import sys, time
from pathlib import Path
from reader.state import ReadState
path, at, name = Path(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
time.sleep(max(at - time.time(), 0))
state = ReadState(path)
state.set_mark(name, "read", True)
print(state.notice or "ok")
"""


def test_processes_creating_the_marks_file_together(tmp_path: Path) -> None:
    for attempt in range(3):
        path = tmp_path / f"marks-{attempt}.sqlite3"
        at = time.time() + 1.5  # all of them past their imports, then at the same moment
        runs = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN_MARKS_AT, str(path), str(at), f"article-{n}"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(6)
        ]
        said = [run.communicate(timeout=60) for run in runs]
        assert [out.strip() for out, _err in said] == ["ok"] * 6, said
        with sqlite3.connect(path) as db:
            assert db.execute("SELECT count(*) FROM marks WHERE read = 1").fetchone()[0] == 6


def test_a_locked_index_gives_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = many_articles(tmp_path / "articles", 3)
    index = _index_file(root)
    Library.open(root).close()
    holder = sqlite3.connect(index, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = subprocess.run(
            [NEWSDESK, "index", "-d", str(root)],
            capture_output=True,
            text=True,
            env={**os.environ, "NEWSDESK_BUSY_SECONDS": "0.5"},
            timeout=60,
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("newsdesk: ") and "busy" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_unusable_cache_directory_gives_a_message(tmp_path: Path) -> None:
    root = many_articles(tmp_path / "articles", 2)
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for args in (["list"], ["index"], ["search", "story"], ["check"]):
        result = subprocess.run(
            [NEWSDESK, *args, "-d", str(root)],
            capture_output=True,
            text=True,
            env={**os.environ, "NEWSDESK_CACHE_DIR": str(blocker)},
            timeout=60,
        )
        assert result.returncode == 1, args
        assert "Traceback" not in result.stderr and result.stderr.startswith("newsdesk: "), result.stderr
