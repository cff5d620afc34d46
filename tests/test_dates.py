"""Dates from front matter and from bylines."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from reader.dates import DateError, find_date, parse_date
from reader.library import Library

from conftest import settled, write


def test_viet_long_form_date_line() -> None:
    found = find_date("Thứ Sáu, ngày 23 tháng 08 năm 2019, 09:25:27")
    assert found is not None
    assert found.published.value == datetime(2019, 8, 23, 9, 25, 27)
    assert found.has_seconds


def test_gmt_offset_in_a_byline() -> None:
    found = find_date("16/11/2020 14:26 (GMT+7)")
    assert found is not None
    assert found.published.value.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize("text", ["32/13/2019", "2019-02-30", "31/02/2020 10:00", ""])
def test_impossible_dates_raise(text: str) -> None:
    with pytest.raises(DateError):
        parse_date(text)


def test_impossible_date_in_a_line_is_not_a_date() -> None:
    assert find_date("Tác giả - 10:00, 32/13/2019") is None


def test_lists_mix_dated_undated_naive_and_aware(tmp_path: Path) -> None:
    """Newest first whatever the kind of date; a naive time counts as UTC; undated by file time."""
    for title, published in [
        ("undated", None),
        ("naive", "2020-01-01T12:00:00"),
        ("aware", "2020-01-01T12:00:00+07:00"),
        ("utc", "2021-01-01T00:00:00Z"),
    ]:
        date = f"published: {published}\n" if published else ""
        path = write(tmp_path, f"{title}.md", f"---\ntitle: {title}\n{date}---\nBody.\n")
        if not published:
            settled(path)  # a file from ten minutes ago: newer than all of these
    ordered = [a.title for a in Library.open(tmp_path).articles()]
    assert ordered == ["undated", "utc", "naive", "aware"]
