"""`make soak`: a reader open for minutes on a large folder that everything else is changing too.

While reader A (the real app, run headless in this process) stays open on a 20,000
article folder, a script adds files (some written in slow pieces, some renamed into
place), edits, renames and deletes them, and runs `newsdesk index` in other
processes; reader B, a real `newsdesk` in a pseudo-terminal, reads articles (which
marks them read). At the end, once the folder is quiet, reader A's list must equal a
fresh `newsdesk list --json`, no mark may have been lost, and nothing may have
printed a traceback. Not part of `make test`: it takes minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.corpus import make_corpus
from bench.terminal import KEYS, Terminal

NEWSDESK = str(Path(sys.executable).parent / "newsdesk")


@dataclass
class Report:
    """What happened, for the summary and the verdict."""

    actions: dict[str, int] = field(default_factory=dict)
    tracebacks: list[str] = field(default_factory=list)
    index_runs: int = 0
    marks_seen: set[str] = field(default_factory=set)
    lost_marks: set[str] = field(default_factory=set)
    sync_failures: list[str] = field(default_factory=list)

    def count(self, action: str) -> None:
        self.actions[action] = self.actions.get(action, 0) + 1


class Churn:
    """Changes the folder the way people and programs do, until told to stop."""

    def __init__(self, folder: Path, env: dict[str, str], report: Report, seed: int = 7) -> None:
        self.folder = folder
        self.env = env
        self.report = report
        self.random = random.Random(seed)
        self.stop = threading.Event()
        self.made = 0

    def run(self) -> None:
        last_index = time.monotonic()
        while not self.stop.is_set():
            self.random.choice([self.add, self.add, self.add_slowly, self.edit, self.rename, self.delete])()
            if time.monotonic() - last_index > 20:
                self.index_elsewhere()
                last_index = time.monotonic()
            self.stop.wait(self.random.uniform(0.05, 0.4))

    def _files(self) -> list[Path]:
        return [p for p in self.folder.rglob("*.md") if p.is_file()]

    def _article(self, title: str) -> str:
        day = 1 + self.random.randrange(28)
        return f"---\ntitle: {title}\npublished: 2031-02-{day:02d}\n---\nSoak text for {title}.\n"

    def add(self) -> None:
        self.made += 1
        target = self.folder / "soak" / f"added-{self.made}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name("." + target.name + ".tmp")
        temporary.write_text(self._article(f"Soak added {self.made}"), encoding="utf-8")
        os.replace(temporary, target)
        self.report.count("add (renamed into place)")

    def add_slowly(self) -> None:
        self.made += 1
        target = self.folder / "soak" / f"slow-{self.made}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        text = self._article(f"Soak slow {self.made}")
        with target.open("w", encoding="utf-8") as stream:
            for start in range(0, len(text), 20):
                stream.write(text[start : start + 20])
                stream.flush()
                time.sleep(0.1)
        self.report.count("add (written in pieces)")

    def edit(self) -> None:
        files = self._files()
        if files:
            path = self.random.choice(files)
            text = path.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1)
            path.write_text(text, encoding="utf-8")
            self.report.count("edit")

    def rename(self) -> None:
        files = self._files()
        if files:
            path = self.random.choice(files)
            path.rename(path.with_name("renamed-" + path.name))
            self.report.count("rename")

    def delete(self) -> None:
        files = self._files()
        if files:
            self.random.choice(files).unlink()
            self.report.count("delete")

    def index_elsewhere(self) -> None:
        result = subprocess.run(
            [NEWSDESK, "index", "-d", str(self.folder)], capture_output=True, text=True, env=self.env
        )
        self.report.index_runs += 1
        if "Traceback" in result.stderr or result.returncode not in (0, 1):
            self.report.tracebacks.append(f"newsdesk index: {result.stderr[-2000:]}")


def reader_b(folder: Path, env: dict[str, str], stop: threading.Event, report: Report) -> None:
    """A second reader that reads article after article (each one opened is marked read)."""
    term = Terminal([NEWSDESK, "-d", str(folder)], columns=120, lines=40, env=env)
    try:
        term.wait_for(lambda s: "articles" in s.split("\n")[0], timeout=120)
        while not stop.is_set():
            term.send(random.choice(["j", "j", "k", KEYS["enter"], "N"]))
            term.settle(0.1, 0.5)
        term.send("q")
        term.wait_exit(30)
    except (TimeoutError, EOFError) as error:
        report.tracebacks.append(f"reader B: {error}")
    finally:
        if b"Traceback" in bytes(term.raw):
            report.tracebacks.append("reader B printed a traceback")
        term.close()


def read_marks(marks_file: Path) -> set[str]:
    with sqlite3.connect(f"file:{marks_file}?mode=ro", uri=True, timeout=10) as db:
        return {row[0] for row in db.execute("SELECT id FROM marks WHERE read = 1")}


async def reader_a(folder: Path, minutes: float, report: Report, env: dict[str, str]) -> int:
    """The reader under test, headless; returns the exit status of the whole soak."""
    from reader.ui.app import create_app
    from reader.ui.article_list import ArticleList
    from reader.ui.messages import FolderSynced, SyncFailed

    app = create_app(folder, watch=True)
    synced: list[float] = []

    def hook(message: object) -> None:
        if isinstance(message, FolderSynced):
            synced.append(time.monotonic())
        if isinstance(message, SyncFailed):
            report.sync_failures.append(f"{message.what}: {message.error}")

    churn = Churn(folder, env, report)
    stop_b = threading.Event()
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        while not app.main.synced:
            await pilot.pause(0.2)
        marks_file = app.library.marks.path if app.library.marks else None
        threads = [
            threading.Thread(target=churn.run, daemon=True),
            threading.Thread(target=reader_b, args=(folder, env, stop_b, report), daemon=True),
        ]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + minutes * 60
        while time.monotonic() < deadline:
            await pilot.pause(5)
            if marks_file is not None:
                now = read_marks(marks_file)
                report.lost_marks |= report.marks_seen - now
                report.marks_seen |= now
            print(f"soak: {int(deadline - time.monotonic())} s left; {report.actions}", file=sys.stderr)
        churn.stop.set()
        stop_b.set()
        for thread in threads:
            thread.join(120)
        while not synced or time.monotonic() - synced[-1] < 8:  # quiet, settled, caught up
            await pilot.pause(1)
        article_list = app.main.query_one(ArticleList)
        shown = [row.id if row else None for row in article_list.rows_between(0, len(article_list))]
    expected = json.loads(
        subprocess.run(
            [NEWSDESK, "list", "-d", str(folder), "--json"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
    )
    return verdict(shown, [item["id"] for item in expected], report)


def verdict(shown: list[str | None], expected: list[str], report: Report) -> int:
    """Print what happened; 0 when the reader agrees with the folder and nothing was lost."""
    print(f"actions: {report.actions}; `newsdesk index` runs: {report.index_runs}")
    print(f"marks read by reader B: {len(report.marks_seen)}; lost: {len(report.lost_marks)}")
    print(f"sync failures reported (and recovered from): {len(report.sync_failures)}")
    for failure in sorted(set(report.sync_failures))[:10]:
        print(f"  {failure}")
    same = shown == expected
    print(f"reader's list: {len(shown)} rows; `newsdesk list --json`: {len(expected)}; identical: {same}")
    if not same:
        missing, extra = set(expected) - set(shown), set(shown) - set(expected)
        print(f"  missing from the reader: {sorted(missing)[:10]}")
        print(f"  only in the reader: {sorted(extra, key=str)[:10]}")
    for traceback in report.tracebacks:
        print(f"TRACEBACK: {traceback}")
    ok = same and not report.lost_marks and not report.tracebacks
    print("soak: PASSED" if ok else "soak: FAILED")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    """Run the soak: `python -m bench.soak [--minutes 10] [--size 20000]`."""
    parser = argparse.ArgumentParser(prog="soak")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--size", type=int, default=20_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsdesk-soak-") as tmp:
        work = Path(tmp)
        env = {f"NEWSDESK_{k}_DIR": str(work / k.lower()) for k in ("CONFIG", "DATA", "CACHE")}
        os.environ.update(env)
        print(f"soak: writing {args.size:,} articles…", file=sys.stderr)
        folder = make_corpus(work / "articles", args.size)
        return asyncio.run(reader_a(folder, args.minutes, Report(), env))


if __name__ == "__main__":
    sys.exit(main())
