"""The million-article bench says which figures it did not take, rather than printing 0 or nan."""

from __future__ import annotations

import pytest

from bench.million import MillionFigures, report


def _figures(**taken: float) -> MillionFigures:
    figures = MillionFigures(1_000, **taken)
    figures.starts, figures.filter_ms, figures.search_ms = [0.25], [9.0, 21.0], [47.0, 59.0]
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
