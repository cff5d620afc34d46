"""Saved web pages: the article text of each fixture page, and its metadata, exactly."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from reader.formats import EXTENSIONS, is_article_name, parse_article
from reader.model import Article, Published
from reader.text import fold

FIXTURES = Path(__file__).parent / "fixtures" / "html"
MIN_F1 = 0.95
VIETNAM = timezone(timedelta(hours=7))

# Per page: the metadata it must give, and whether its standfirst is part of the text a reader sees.
EXPECTED: dict[str, dict[str, object]] = {
    "harbour-gazette-tidal-barrier": {
        "title": "Port Elvane votes to build £40m tidal barrier after winter floods",
        "author": "Maya Okonkwo, Tom Reddish",
        "published": Published(datetime(2024, 3, 14, 7, 30, tzinfo=UTC)),
        "category": ("Environment",),
        "source": "https://www.harbourgazette.example/news/environment/2024/mar/14/port-elvane-tidal-barrier-vote",
        "lead_in_text": True,
    },
    "skyline-comet-binoculars": {
        "title": "A comet you can see with binoculars is heading our way",
        "author": "Priya Raman",
        "published": Published(datetime(2024, 8, 2, 16, 45, tzinfo=UTC)),
        "category": ("Space",),
        "source": "https://skylinescience.example/space/comet-c2024-k3-binoculars/",
        "lead_in_text": False,
    },
    "lua-gao-mien-tay-1258": {
        "title": "Giá lúa tăng mạnh, nông dân miền Tây phấn khởi",
        "author": "Trần Văn Hải",
        "published": Published(datetime(2009, 10, 21, 8, 15)),
        "category": (),
        "source": "",
        "lead_in_text": True,
    },
    "da-nang-xe-buyt-dien": {
        "title": "Đà Nẵng thí điểm xe buýt điện trên năm tuyến nội thành",
        "author": "Nguyễn Đông",
        "published": Published(datetime(2024, 5, 20, 8, 15, tzinfo=VIETNAM)),
        "category": ("Thời sự",),
        "source": "https://mientrung.example/thoi-su/da-nang-thi-diem-xe-buyt-dien-4731.html",
        "lead_in_text": True,
    },
    "heat-pumps-explainer": {
        "title": "Heat pumps in cold winters: what the Nordic numbers actually show",
        "author": "Grace Adeyemi",
        "published": Published(datetime(2023, 11, 2), has_time=False),
        "category": (),
        "source": "https://fieldnotes.example/energy/heat-pumps-cold-winters",
        "lead_in_text": False,
    },
    "riverside-library-reopens": {
        "title": "Library reopens after two-year restoration",
        "author": "Helen Marsh",
        "published": Published(datetime(2023, 9, 15), has_time=False),
        "category": (),
        "source": "https://www.riversidecourier.example/news/library-reopens-after-restoration",
        "lead_in_text": False,
    },
}


def parse_fixture(name: str, folder: str = "") -> Article:
    path = next(FIXTURES.glob(name + ".htm*"))
    return parse_article(path.read_bytes(), folder + path.name)


def words(markdown: str) -> list[str]:
    """Folded words of Markdown text: link targets and list numbers dropped, markup and punctuation gone."""
    text = re.sub(r"\]\([^)\s]*\)", "]", markdown)
    return fold(re.sub(r"^[ \t]*\d{1,9}[.)][ \t]", "", text, flags=re.MULTILINE)).split()


def shingles(tokens: list[str], size: int = 3) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + size]) for i in range(max(0, len(tokens) - size + 1)))


def shingle_f1(extracted: str, expected: str) -> float:
    """F1 of 3-word shingles (as multisets): precision and recall both count."""
    got, want = shingles(words(extracted)), shingles(words(expected))
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def article_text(article: Article, lead_in_text: object) -> str:
    return f"{article.lead}\n\n{article.body}" if lead_in_text else article.body


def test_every_fixture_has_its_expected_text() -> None:
    pages = sorted(path.stem for path in FIXTURES.glob("*.htm*"))
    assert pages == sorted(EXPECTED)
    assert all((FIXTURES / f"{name}.expected.txt").is_file() for name in pages)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_body_matches_what_a_reader_calls_the_article(name: str) -> None:
    article = parse_fixture(name)
    expected = (FIXTURES / f"{name}.expected.txt").read_text(encoding="utf-8")
    f1 = shingle_f1(article_text(article, EXPECTED[name]["lead_in_text"]), expected)
    print(f"{name}: F1 {f1:.3f}")
    assert f1 >= MIN_F1


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata_is_exact(name: str) -> None:
    article = parse_fixture(name)
    want = EXPECTED[name]
    got = {key: getattr(article, key) for key in ("title", "author", "published", "category", "source")}
    assert got == {key: want[key] for key in got}
    assert article.format == "html"
    assert article.id == name
    assert article.problems == ()


def test_published_keeps_the_offset_the_page_gave() -> None:
    article = parse_fixture("da-nang-xe-buyt-dien")
    assert article.published is not None
    assert article.published.iso() == "2024-05-20T08:15:00+07:00"


def test_shingle_f1_counts_precision_and_recall() -> None:
    text = "one two three four five six seven eight nine ten"
    assert shingle_f1(text, text) == 1.0
    assert shingle_f1(text + " extra words of boilerplate here", text) < 1.0
    assert shingle_f1("one two three four five", text) < 0.7
    assert shingle_f1("[one two three](https://x.example/a-b) four", "one two three four") == 1.0


def test_page_extensions_are_articles() -> None:
    assert {".html", ".htm"} <= EXTENSIONS
    assert is_article_name("page.HTML") and is_article_name("saved.htm")
