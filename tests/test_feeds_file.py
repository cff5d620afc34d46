"""The subscriptions file (`feeds.yaml`): reading it, editing it without losing what was written by hand, OPML."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from reader.feeds.editing import add_subscriptions, remove_subscription
from reader.feeds.opml import OpmlError, read_opml, write_opml
from reader.feeds.subscriptions import Subscription, SubscriptionsError, load_subscriptions
from reader.formats import is_article_path
from reader.library import Library

HAND_WRITTEN = """\
# Báo của tôi
feeds:
  - url: https://vnexpress.net/rss/the-gioi.rss   # thế giới
    name: VnExpress Thế giới
    category: Thế giới / Châu Á

  # thể thao để sau
  - url: https://tuoitre.vn/rss/the-thao.rss
    category: [Thể thao, Bóng đá]
    full_text: true
"""


def write(root: Path, text: str) -> Path:
    path = root / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_hand_written_file_is_read(tmp_path: Path) -> None:
    write(tmp_path, HAND_WRITTEN)
    subscriptions = load_subscriptions(tmp_path)
    assert subscriptions.problems == ()
    first, second = subscriptions.feeds
    assert first == Subscription(
        "https://vnexpress.net/rss/the-gioi.rss", "VnExpress Thế giới", ("Thế giới", "Châu Á"), line=3
    )
    assert second.name == "tuoitre.vn the-thao" and second.category == ("Thể thao", "Bóng đá")
    assert second.full_text and second.line == 8
    assert subscriptions.find("vnexpress the gioi") == first  # case and diacritics aside
    assert subscriptions.find("https://tuoitre.vn/rss/the-thao.rss") == second


def test_bad_entries_are_reported_with_their_line_and_the_rest_are_used(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "feeds:\n"
        "  - url: ftp://old.example/feed\n"
        "  - name: Không có địa chỉ\n"
        "  - url: https://ok.vidu.vn/rss\n"
        "    colour: red\n"
        "  - https://ok.vidu.vn/rss\n"
        "  - url: https://two.vidu.vn/rss\n"
        "    full_text: maybe\n"
        "  - url: https://three.vidu.vn/rss\n"
        "    category: {a: b}\n"
        "  - 42\n"
        "  - url: https://four.vidu.vn/feed.json\n"
        "theme: dark\n",
    )
    subscriptions = load_subscriptions(tmp_path)
    assert [feed.url for feed in subscriptions.feeds] == [
        "https://ok.vidu.vn/rss",
        "https://four.vidu.vn/feed.json",
    ]
    lines = [(problem.line, str(problem).split(": ", 1)[1]) for problem in subscriptions.problems]
    assert [line for line, _reason in lines] == [2, 3, 4, 6, 7, 9, 11, 13]
    assert all(str(problem).startswith(f"{path}:") for problem in subscriptions.problems)
    assert "not an http, https or file address" in lines[0][1]
    assert "colour" in lines[2][1] and "ignored" in lines[2][1]
    assert "same address as the feed at line 4" in lines[3][1]


@pytest.mark.parametrize(
    ("text", "words"),
    [("feeds: [unclosed\n", "not valid YAML"), ("\xff\xfe", "")],
)
def test_a_file_that_is_not_yaml_is_an_error_naming_it(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_bytes(text.encode("latin-1") if words == "" else text.encode())
    with pytest.raises(SubscriptionsError, match=str(path)):
        load_subscriptions(tmp_path)


def test_adding_keeps_comments_and_layout(tmp_path: Path) -> None:
    path = write(tmp_path, HAND_WRITTEN + "# cuối tệp\n")
    new = Subscription("https://nhandan.vn/rss/kinh-te.rss", "Nhân Dân: Kinh tế", ("Kinh tế",), True)
    assert add_subscriptions(tmp_path, [new]) == [new]
    text = path.read_text(encoding="utf-8")
    assert text.startswith(HAND_WRITTEN)
    assert text.endswith(
        "  - url: https://nhandan.vn/rss/kinh-te.rss\n"
        "    name: 'Nhân Dân: Kinh tế'\n"
        "    category: Kinh tế\n"
        "    full_text: true\n"
        "# cuối tệp\n"
    )
    assert load_subscriptions(tmp_path).feeds[-1] == replace(new, line=11)


def test_adding_again_by_address_or_name_adds_nothing(tmp_path: Path) -> None:
    write(tmp_path, HAND_WRITTEN)
    same_url = Subscription("https://vnexpress.net/rss/the-gioi.rss", "Khác")
    same_name = Subscription("https://khac.vn/rss", "vnexpress the gioi")
    assert add_subscriptions(tmp_path, [same_url, same_name]) == []
    assert (tmp_path / "feeds.yaml").read_text(encoding="utf-8") == HAND_WRITTEN


def test_the_first_feed_makes_the_file(tmp_path: Path) -> None:
    feed = Subscription("https://x.vidu.vn/feed", "yes")  # a name YAML would read as true
    add_subscriptions(tmp_path, [feed])
    assert load_subscriptions(tmp_path).feeds == (Subscription(feed.url, "yes", line=5),)


def test_removing_takes_out_only_that_entry(tmp_path: Path) -> None:
    path = write(tmp_path, HAND_WRITTEN)
    removed = remove_subscription(tmp_path, "VnExpress Thế giới")
    assert removed.url == "https://vnexpress.net/rss/the-gioi.rss"
    text = path.read_text(encoding="utf-8")
    assert "vnexpress" not in text and "# Báo của tôi" in text and "# thể thao để sau" in text
    assert [feed.url for feed in load_subscriptions(tmp_path).feeds] == [
        "https://tuoitre.vn/rss/the-thao.rss"
    ]
    remove_subscription(tmp_path, "https://tuoitre.vn/rss/the-thao.rss")
    assert load_subscriptions(tmp_path).feeds == ()
    with pytest.raises(SubscriptionsError, match="no feed named"):
        remove_subscription(tmp_path, "không có")


def test_a_flow_style_list_is_written_anew(tmp_path: Path) -> None:
    write(tmp_path, "feeds: [{url: 'https://a.vidu.vn/rss', name: A}]\n")
    add_subscriptions(tmp_path, [Subscription("https://b.vidu.vn/rss", "B")])
    assert [feed.name for feed in load_subscriptions(tmp_path).feeds] == ["A", "B"]
    remove_subscription(tmp_path, "A")
    assert [feed.name for feed in load_subscriptions(tmp_path).feeds] == ["B"]


def test_the_subscriptions_file_is_never_an_article(tmp_path: Path) -> None:
    write(tmp_path, HAND_WRITTEN)
    (tmp_path / "feeds.md").write_text("# Not an article either\n", encoding="utf-8")
    assert not is_article_path("feeds.yaml") and not is_article_path("feeds.md")
    assert is_article_path("the-gioi/feeds.md")
    library = Library.open(tmp_path)
    try:
        assert len(library) == 0 and library.problems() == []
    finally:
        library.close()


OPML = """\
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Từ newsboat</title></head>
  <body>
    <outline text="Thế giới">
      <outline text="Châu Á">
        <outline type="rss" text="VnExpress Thế giới" xmlUrl="https://vnexpress.net/rss/the-gioi.rss"/>
      </outline>
    </outline>
    <outline type="rss" title="Tuổi Trẻ" xmlUrl="https://tuoitre.vn/rss/tin-moi-nhat.rss" category="/Tin tức/Mới"/>
    <outline type="rss" xmlUrl="https://blog.vidu.vn/atom.xml"/>
    <outline type="rss" text="Hỏng" xmlUrl="javascript:alert(1)"/>
  </body>
</opml>
"""


def test_opml_outlines_become_subscriptions_with_categories() -> None:
    found = read_opml(OPML.encode())
    assert [(f.name, f.category) for f in found.feeds] == [
        ("VnExpress Thế giới", ("Thế giới", "Châu Á")),
        ("Tuổi Trẻ", ("Tin tức", "Mới")),
        ("blog.vidu.vn", ()),
    ]
    assert len(found.skipped) == 1 and "Hỏng" in found.skipped[0]


def test_opml_round_trip() -> None:
    feeds = read_opml(OPML.encode()).feeds
    again = read_opml(write_opml(feeds, "Newsdesk").encode()).feeds
    assert [(f.url, f.name, f.category) for f in again] == [(f.url, f.name, f.category) for f in feeds]


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>',
        b"<opml><body><outline",
        b"<html><body/></html>",
    ],
)
def test_opml_that_cannot_be_read_is_refused(data: bytes) -> None:
    with pytest.raises(OpmlError):
        read_opml(data)


def test_starting_the_reader_loads_no_feed_machinery() -> None:
    code = (
        "import sys, reader.cli, reader.ui.app\n"
        "print(sorted(m for m in sys.modules if m.startswith(('reader.feeds', 'feedparser'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
