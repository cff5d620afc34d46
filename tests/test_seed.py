"""The reference news page parses to exactly the fields the product promises."""

from __future__ import annotations

from reader.formats import parse_article
from reader.render import article_plain

SEED_PATH = "xa-hoi/dan-toc/lai-chau.txt"
TITLE = "Lai Châu: Triển khai đồng bộ các giải pháp cải cách hành chính"
CATEGORY = "Chương trình mục tiêu quốc gia Phát triển Kinh tế - Xã hội vùng Đồng bào DTTS và Miền núi"
CAPTION = (
    "Trung tâm Phục vụ hành chính công tỉnh Lai Châu luôn lấy sự hài lòng của người dân "
    "và doanh nghiệp làm thước đo hiệu quả công việc."
)
RELATED_TITLE = 'Đak Đoa (Gia Lai): Câu lạc bộ "Thủ lĩnh của sự thay đổi" giúp trẻ em DTTS tự tin vững bước'


def test_seed_header_fields(seed_bytes: bytes) -> None:
    article = parse_article(seed_bytes, SEED_PATH)
    assert article.format == "news-page"
    assert article.title == TITLE
    assert article.category == (CATEGORY,)
    assert article.category_from_file
    assert article.author == "Trọng Bảo"
    assert article.published is not None
    assert article.published.display() == "2019-10-21 11:52"
    assert article.published.iso() == "2019-10-21T11:52:00"
    assert article.problems == ()


def test_seed_lead_body_and_chrome(seed_bytes: bytes) -> None:
    article = parse_article(seed_bytes, SEED_PATH)
    assert article.lead.startswith("Thời gian qua, dù đã có nhiều cố gắng")
    assert article.lead.endswith("chuyên nghiệp…")
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("“Trước đây, khi mình đi làm thủ tục")
    assert paragraphs[1].startswith("Bà Phạm Thị Nam Hồng")
    assert paragraphs[-1].startswith("Trung tâm Phục vụ hành chính công đã đưa gần 1.400")
    everything = article.lead + article.body
    for chrome in ("Analytic", "09:25:27", "CHƯƠNG TRÌNH", "GIAI ĐOẠN", "Trọng Bảo", CATEGORY):
        assert chrome not in everything


def test_seed_caption_once_and_not_in_body(seed_bytes: bytes) -> None:
    article = parse_article(seed_bytes, SEED_PATH)
    assert article.captions == (CAPTION,)
    assert CAPTION not in article.body
    assert CAPTION not in article.lead


def test_seed_related_block(seed_bytes: bytes) -> None:
    article = parse_article(seed_bytes, SEED_PATH)
    assert len(article.related) == 1
    related = article.related[0]
    assert related.title == RELATED_TITLE
    assert related.summary.startswith("Dù mới được thành lập")
    assert "Tin cùng chuyên mục" not in article.body
    assert "Đak Đoa" not in article.body
    assert "Dù mới được thành lập" not in article.body


def test_seed_plain_rendering_shows_every_part(seed_bytes: bytes) -> None:
    article = parse_article(seed_bytes, SEED_PATH)
    text = article_plain(article, [])
    assert text.splitlines()[:3] == [CATEGORY, TITLE, "Trọng Bảo · 2019-10-21 11:52"]
    assert text.count(CAPTION) == 1
