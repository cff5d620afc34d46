"""Plain-text articles in the shapes people have them: each rule, and a property that no word is lost."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.formats import parse_article
from reader.formats.lines import is_name_line
from reader.formats.prose import MAX_TITLE, paragraphs, sentence_ends, split_title
from reader.model import Article


def parse(text: str, name: str = "thoi-su/bai.txt") -> Article:
    return parse_article(text.encode("utf-8"), name)


SCRAPED = """Giá lúa tăng mạnh, nông dân miền Tây phấn khởi
Giá lúa tại các tỉnh miền Tây tăng thêm 500 đồng mỗi kg trong tuần qua.
Tại An Giang, giá lúa IR 50404 được thương lái thu mua ở mức 7.500 đồng/kg, tăng 500 đồng so với tuần trước. Nhiều nông dân cho biết đây là mức giá cao nhất trong ba năm.
Ông Nguyễn Văn Tám, một nông dân ở huyện Châu Thành, nói: "Năm nay trúng mùa lại được giá."
Các doanh nghiệp xuất khẩu cũng đẩy mạnh thu mua để thực hiện các hợp đồng đã ký.
Hoàng Nam
"""


def test_a_scraped_vietnamese_text_reads_as_written() -> None:
    article = parse(SCRAPED)
    assert article.title == "Giá lúa tăng mạnh, nông dân miền Tây phấn khởi"
    assert article.lead == "Giá lúa tại các tỉnh miền Tây tăng thêm 500 đồng mỗi kg trong tuần qua."
    assert article.author == "Hoàng Nam"
    body = article.body.split("\n\n")
    assert len(body) == 3  # one paragraph per line
    assert body[0].startswith("Tại An Giang") and body[-1].endswith("các hợp đồng đã ký.")
    assert "Hoàng Nam" not in article.body


def test_theo_is_the_attribution_and_a_name_above_it_the_author() -> None:
    article = parse(SCRAPED + "Theo TTXVN\n")
    assert article.author == "Hoàng Nam"
    assert dict(article.metadata) == {"attribution": "Theo TTXVN"}
    assert "TTXVN" not in article.body


@pytest.mark.parametrize(
    "line",
    [
        "Maya Okonkwo",
        "Nguyễn Văn An",
        "Hoàng Nam - Minh Anh",
        "NGUYỄN HÀ - MINH ANH",
        "PV",
        "Lê Thị Hồng Nhung",
    ],
)
def test_names_alone_are_names(line: str) -> None:
    assert is_name_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "The barrier will open next spring.",
        "Work starts in May",
        "Đây là mức giá cao nhất",
        "The End of the Road",
        "Read More About Climate",
        "Six Players Were Injured On Saturday In Leeds",  # more than five words
        "Hà Nội, ngày 12 tháng 3",
        "Why It Matters?",
    ],
)
def test_sentences_and_headings_are_not_names(line: str) -> None:
    assert not is_name_line(line)


def test_a_last_sentence_is_never_taken_for_the_author() -> None:
    article = parse("Title of the story\n\nFirst paragraph of text here.\n\nWork starts in May\n")
    assert article.author == "" and article.body.endswith("Work starts in May")


def test_a_body_of_one_line_keeps_it_even_when_it_looks_like_a_name() -> None:
    article = parse("Obituary\n\nMaya Okonkwo\n")
    assert (article.author, article.body) == ("", "Maya Okonkwo")


def test_text_wrapped_at_a_width_is_joined_into_paragraphs() -> None:
    text = (
        "A wrapped story\n\n"
        "The council voted on Wednesday night to build a moving barrier across the\n"
        "harbour mouth, after a four-hour meeting that was interrupted twice by\n"
        "protesters from the public gallery. Fishermen were angry.\n"
        'They say the gates will silt up the channel they depend on. "We will lose\n'
        'the harbour," said one.\n\n'
        "Maya Okonkwo\n"
    )
    article = parse(text)
    assert article.author == "Maya Okonkwo"
    assert article.lead == ""  # two sentences: not a standfirst
    assert article.body.split("\n\n") == [
        "The council voted on Wednesday night to build a moving barrier across the harbour mouth, "
        "after a four-hour meeting that was interrupted twice by protesters from the public gallery. "
        "Fishermen were angry.",
        'They say the gates will silt up the channel they depend on. "We will lose the harbour," said one.',
    ]


def test_one_sentence_per_line_is_not_taken_for_wrapped_text() -> None:
    article = parse(
        "Hà Nội mở thêm tuyến buýt điện\n"
        "Thành phố đưa thêm 20 xe buýt điện vào khai thác từ tháng sau.\n"
        "Các tuyến mới nối trung tâm với các khu đô thị phía tây.\n"
        "Sở Giao thông vận tải cho biết giá vé không đổi.\n"
        "Người dân có thể dùng thẻ vé tháng cho các tuyến này.\n"
        "Nguyễn Văn An\n"
    )
    assert article.lead == "Thành phố đưa thêm 20 xe buýt điện vào khai thác từ tháng sau."
    assert article.body.split("\n\n") == [
        "Các tuyến mới nối trung tâm với các khu đô thị phía tây.",
        "Sở Giao thông vận tải cho biết giá vé không đổi.",
        "Người dân có thể dùng thẻ vé tháng cho các tuyến này.",
    ]
    assert article.author == "Nguyễn Văn An"


def test_short_lines_that_end_no_sentence_keep_their_breaks() -> None:
    assert paragraphs(["Roses are red", "Violets are blue", "", "Next."]) == [
        "Roses are red\nViolets are blue",
        "Next.",
    ]
    assert paragraphs(["You will need:", "- two eggs", "- flour", "Mix well."]) == [
        "You will need:\n- two eggs\n- flour",
        "Mix well.",
    ]


def test_title_then_a_one_sentence_standfirst_then_the_body() -> None:
    article = parse(
        "Harbour votes for a barrier\n\nCouncillors back a moving barrier across the harbour mouth.\n\n"
        "The vote was 31 to 9. Work begins next spring.\n\nFishermen object.\n"
    )
    assert article.lead == "Councillors back a moving barrier across the harbour mouth."
    assert article.body == "The vote was 31 to 9. Work begins next spring.\n\nFishermen object."


def test_a_single_paragraph_is_body_not_lead() -> None:
    article = parse("A note\n\nThe only paragraph of the note.\n")
    assert (article.lead, article.body) == ("", "The only paragraph of the note.")


ONE_LINE = (
    "Port authority approves the new tidal barrier after months of debate. The vote was close, with 31 "
    "councillors in favour and 9 against, after a four-hour meeting. Work begins next spring."
)


def test_a_one_line_file_splits_at_the_first_sentence_end() -> None:
    article = parse(ONE_LINE)
    assert article.title == "Port authority approves the new tidal barrier after months of debate"
    assert article.body == ONE_LINE.split(". ", 1)[1]


def test_a_title_run_into_its_text_without_a_sentence_end_is_cut_at_a_word() -> None:
    line = "Giá vàng hôm nay tăng mạnh " + "trên thị trường thế giới khi đồng đô la suy yếu " * 6
    article = parse(line.strip())
    assert len(article.title) <= MAX_TITLE + 1 and article.title.endswith("…")
    assert not article.title[:-1].endswith(" ")
    words_in = line.split()
    assert article.title[:-1].split() + article.body.lstrip("…").split() == words_in


def test_abbreviations_and_initials_do_not_end_the_title() -> None:
    line = "TP. Hồ Chí Minh mở thêm 12 tuyến buýt điện cho người dân đi làm. " + "Nội dung bài viết. " * 12
    assert split_title(line.strip())[0] == "TP. Hồ Chí Minh mở thêm 12 tuyến buýt điện cho người dân đi làm"
    assert sentence_ends("Mr. J. Smith met Dr. Lee in the U.S. Army. Then he left.") == [42]


def test_character_references_are_decoded_and_never_make_escapes() -> None:
    article = parse("Tom &amp; Jerry cost &#163;5\n\nPrice &eacute;t&eacute; &#x41;&#27;[2J AT&T &c.\n")
    assert article.title == "Tom & Jerry cost £5"
    assert article.body == "Price été A[2J AT&T &c."


def test_a_news_page_still_reads_as_one() -> None:
    page = "Xã hội\nĐà Nẵng thông xe cầu vượt\nHoàng Nam - 09:15, 12/04/2024\nSau 18 tháng thi công, cầu đã thông xe.\nNội dung."
    article = parse(page)
    assert article.format == "news-page" and article.author == "Hoàng Nam"


# No text is ever lost ------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        *("the", "vote", "was", "close", "harbour", "Maya", "Okonkwo", "Hoàng", "Nam", "Theo", "TTXVN"),
        *("giá", "lúa", "tăng", "Tại", "An", "Giang", "Mr.", "TP.", "U.S.", "end.", "why?", "yes!", "—"),
        *("a" * 40, "Nguyễn", "&amp;", "&#163;", "said:", "“quoted”", "(aside)", "- item", "1.", "x"),
    ]
)
LINES = st.lists(WORDS, min_size=0, max_size=60).map(" ".join)
FILES = st.builds(
    lambda first, rest: "\n".join([first, *rest]),
    st.lists(WORDS, min_size=1, max_size=90).map(" ".join),
    st.lists(LINES, max_size=12),
)


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(FILES)
def test_every_word_of_a_plain_file_is_in_the_article(text: str) -> None:
    article = parse(text)
    kept = " ".join(
        [article.title, article.lead, article.body, article.author, *dict(article.metadata).values()]
    )
    expected = words(text.replace("&amp;", "&").replace("&#163;", "£"))
    assert not expected - words(kept)
