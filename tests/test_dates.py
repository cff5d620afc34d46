"""Dates from front matter and from bylines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from reader.dates import DateError, find_date, parse_date
from reader.model import Article, Published


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


def test_sorting_mixes_dated_undated_naive_and_aware() -> None:
    def make(title: str, value: datetime | None) -> Article:
        published = Published(value) if value else None
        return Article(id=title, path=title, format="plain", title=title, published=published)

    articles = [
        make("undated", None),
        make("naive", datetime(2020, 1, 1, 12, 0)),
        make("aware", datetime(2020, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=7)))),
        make("utc", datetime(2021, 1, 1, tzinfo=UTC)),
    ]
    ordered = [a.title for a in sorted(articles, key=Article.sort_key)]
    assert ordered == ["utc", "naive", "aware", "undated"]
