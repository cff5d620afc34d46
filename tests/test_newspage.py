"""The news-page parser handles the family of copied pages, not just the seed."""

from __future__ import annotations

import pytest

from reader.bodies import body_document
from reader.document import Block
from reader.formats import parse_article
from reader.model import Article

LEAD = (
    "Sau 18 tháng thi công, cầu vượt tại nút giao phía tây thành phố đã chính thức thông xe, "
    "giúp giảm ùn tắc vào giờ cao điểm."
)
BODY1 = "Công trình dài hơn 600 m, gồm hai nhánh cầu vượt theo hướng bắc - nam, mỗi nhánh rộng 8 m."
BODY2 = "Theo Ban Quản lý dự án, trước khi có cầu vượt, dòng xe tải ra vào khu công nghiệp thường xuyên ùn ứ."
TITLE = "Đà Nẵng thông xe cầu vượt nút giao phía tây"


def page(*lines: str) -> bytes:
    return "\n\n".join(lines).encode("utf-8")


def parse(data: bytes, path: str = "giao-thong/page.txt") -> Article:
    return parse_article(data, path)


@pytest.mark.parametrize(
    ("byline", "when", "author"),
    [
        ("Hoàng Nam - 09:15, 12/04/2024", "2024-04-12T09:15:00", "Hoàng Nam"),
        ("14:26 16/11/2020", "2020-11-16T14:26:00", ""),
        ("16/11/2020 - 14:26", "2020-11-16T14:26:00", ""),
        ("Thứ hai, 16/11/2020, 14:26 (GMT+7)", "2020-11-16T14:26:00+07:00", ""),
        ("16/11/2020 14:26 GMT+7", "2020-11-16T14:26:00+07:00", ""),
        ("By Jane Doe - 16/11/2020 14:26", "2020-11-16T14:26:00", "Jane Doe"),
        ("Cập nhật: 08:05 ngày 03/02/2021", "2021-02-03T08:05:00", ""),
        ("Chủ nhật, 7/3/2021 | 10:00 (GMT+07:00)", "2021-03-07T10:00:00+07:00", ""),
        ("Published 5 March 2021", "2021-03-05", ""),
    ],
)
def test_byline_forms_below_the_title(byline: str, when: str, author: str) -> None:
    article = parse(page("Giao thông", TITLE, byline, LEAD, BODY1, BODY2))
    assert article.format == "news-page"
    assert article.title == TITLE
    assert article.category[-1] == "Giao thông"
    assert article.published is not None and article.published.iso() == when
    assert article.author == author
    assert article.lead == LEAD
    assert article.body.split("\n\n") == [BODY1, BODY2]


def test_date_line_above_the_title_with_author_on_last_line() -> None:
    article = parse(
        page("Thời sự", "Thứ hai, 16/11/2020, 14:26 (GMT+7)", TITLE, LEAD, BODY1, BODY2, "Hoàng Nam")
    )
    assert article.title == TITLE
    assert article.category == ("Thời sự",)
    assert article.published is not None and article.published.iso() == "2020-11-16T14:26:00+07:00"
    assert article.author == "Hoàng Nam"
    assert "Hoàng Nam" not in article.body


def test_site_clock_in_other_forms_is_not_the_publication_time() -> None:
    article = parse(
        page(
            "Thứ Hai, ngày 16 tháng 11 năm 2020, 08:00:05",
            "GIAO THÔNG",
            "Giao thông",
            TITLE,
            "Minh Anh - 14:26, 16/11/2020",
            LEAD,
            BODY1,
        )
    )
    assert article.published is not None and article.published.iso() == "2020-11-16T14:26:00"
    assert article.category[-1] == "Giao thông"
    assert "GIAO THÔNG" not in article.body


@pytest.mark.parametrize("ending", ["Theo TTXVN", "Nguồn: Báo Dân tộc"])
def test_attribution_line_is_the_author_not_body(ending: str) -> None:
    article = parse(page("Giao thông", TITLE, "14:26 16/11/2020", LEAD, BODY1, BODY2, ending))
    assert article.author == ending.split(" ", 1)[1].removeprefix(": ").strip()
    assert ending not in article.body
    assert article.body.split("\n\n") == [BODY1, BODY2]


@pytest.mark.parametrize(
    "heading",
    [
        "Tin liên quan",
        "Tin khác",
        "Bài viết liên quan",
        "Xem thêm",
        "Related",
        "Read more",
        "TIN LIÊN QUAN",
    ],
)
def test_related_headings(heading: str) -> None:
    related = "Hà Nội mở thêm 12 tuyến buýt điện"
    summary = "Từ tháng 4, hành khách ở ngoại thành có thêm lựa chọn đi lại bằng buýt điện."
    data = page("Giao thông", TITLE, "14:26 16/11/2020", LEAD, BODY1, heading, related, related, summary)
    article = parse(data)
    assert [(r.title, r.summary) for r in article.related] == [(related, summary)]
    assert heading not in article.body and related not in article.body
    assert article.body == BODY1


def test_several_related_entries_and_blocks() -> None:
    data = page(
        "Giao thông", TITLE, "14:26 16/11/2020", LEAD, BODY1,
        "Tin liên quan", "Tuyến A khởi công", "Tuyến B thông xe",
        "Tin cùng chuyên mục", "Tuyến C hoàn thành", "Bình luận", "Bạn đọc viết gì đó ở đây.",
    )  # fmt: skip
    titles = [r.title for r in parse(data).related]
    assert titles == ["Tuyến A khởi công", "Tuyến B thông xe", "Tuyến C hoàn thành"]


def test_inline_see_also_line_becomes_related() -> None:
    data = page("Giao thông", TITLE, "14:26 16/11/2020", LEAD, "Xem thêm: Tuyến B thông xe", BODY1)
    article = parse(data)
    assert [r.title for r in article.related] == ["Tuyến B thông xe"]
    assert article.body == BODY1


def test_caption_with_photo_credit_is_a_caption() -> None:
    caption = "Lãnh đạo thành phố cắt băng thông xe cầu vượt. (Ảnh: Hoàng Nam)"
    article = parse(page("Giao thông", TITLE, "14:26 16/11/2020", LEAD, caption, BODY1))
    assert article.captions == (caption,)
    assert article.body == BODY1


def test_section_breadcrumb_gives_levels() -> None:
    article = parse(page("Thời sự > Giao thông", TITLE, "14:26 16/11/2020", LEAD, BODY1))
    assert article.category == ("Thời sự", "Giao thông")


def test_section_naming_its_folder_goes_under_the_parent_folder() -> None:
    article = parse(page("Giao thông", TITLE, "14:26 16/11/2020", LEAD), "xa-hoi/giao-thong/a.txt")
    assert article.category == ("xa-hoi", "Giao thông")


def test_no_section_line_uses_the_folder() -> None:
    article = parse(page(TITLE, "14:26 16/11/2020", LEAD, BODY1), "kinh-te/a.txt")
    assert article.title == TITLE
    assert article.category == ("kinh-te",)


def test_tags_line_is_read_as_tags() -> None:
    article = parse(page("Giao thông", TITLE, "14:26 16/11/2020", LEAD, BODY1, "Tags: cầu vượt, Đà Nẵng"))
    assert article.tags == ("cầu vượt", "Đà Nẵng")
    assert "Tags" not in article.body


def test_body_text_that_looks_like_markdown_is_kept_as_written_and_shown_as_text() -> None:
    line = "1. Không phải danh sách *thật*"
    article = parse(page("Giao thông", TITLE, "14:26 16/11/2020", LEAD, line))
    assert article.body == line
    assert body_document(article.body, article.format).blocks == (Block("paragraph", line),)


def test_text_without_a_byline_or_related_block_is_plain() -> None:
    article = parse(page(TITLE, LEAD, BODY1))
    assert article.format == "plain"
    assert article.title == TITLE
