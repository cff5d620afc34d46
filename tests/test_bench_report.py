"""The million-article bench: it says which figures it did not take, and its steps read the real screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.million import MillionFigures, report
from bench.run import NEWSDESK, _pane_title, next_article_steps
from bench.terminal import Terminal

from conftest import write


def _figures(**taken: float) -> MillionFigures:
    figures = MillionFigures(1_000, **taken)
    figures.starts, figures.filter_ms, figures.search_ms = [0.25], [9.0, 21.0], [47.0, 59.0]
    figures.next_ms = [12.0, 14.0, 30.0]
    figures.peak_rss_mb, figures.added_seconds = [94.0], [0.18]
    return figures


def _row(out: str, start: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(f"| {start}"))


def test_a_kept_index_is_said_to_be_kept_not_timed_as_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    report(_figures())
    out = capsys.readouterr().out
    assert "not run: index kept" in _row(out, "cold index")
    assert "not measured" in _row(out, "a reader started during the cold index")
    assert "0.0 min" not in out and "nan" not in out


def test_a_cold_index_that_ran_is_given_in_minutes(capsys: pytest.CaptureFixture[str]) -> None:
    report(_figures(cold_seconds=177.0, usable_during_index_seconds=0.54))
    out = capsys.readouterr().out
    assert "| 3.0 min |" in _row(out, "cold index")
    assert "| 0.5 s |" in _row(out, "a reader started during the cold index")
    assert "| 14/30 ms |" in _row(out, "next article")


def test_steps_not_taken_are_said_to_be_not_measured(capsys: pytest.CaptureFixture[str]) -> None:
    figures = _figures()
    figures.next_ms = []
    report(figures)
    assert "| not measured |" in _row(capsys.readouterr().out, "next article")


def test_the_next_article_step_reads_the_pane_of_the_real_reader(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    for n, day in enumerate((3, 2, 1)):
        write(
            root,
            f"news/s{n}.md",
            f"---\ntitle: Story number {n}\npublished: 2030-01-0{day}\n---\nBody {n}.\n",
        )
    term = Terminal([NEWSDESK, "-d", str(root)], columns=120, lines=30)
    try:
        term.wait_for("Story number 2")
        term.settle(0.5, 5)
        took = next_article_steps(term, times=2)
        assert len(took) == 2 and all(0 < ms < 30_000 for ms in took)
        assert _pane_title(term.text()) == "Story number 2"  # the third, two steps from the first
        term.send("Q")
        assert term.wait_exit(30) == 0
    finally:
        term.close()
