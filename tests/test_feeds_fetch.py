"""Fetching feeds end to end against a real HTTP server on 127.0.0.1: what is written, and every failure."""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from localserver import Answer, Served, serve

from reader.feeds.fetching import FeedReport, FetchSettings, fetch_feeds
from reader.feeds.memory import FeedMemory, FeedStatus, memory_file
from reader.feeds.status import feed_problems, feed_rows
from reader.feeds.subscriptions import Subscription
from reader.formats import parse_article
from reader.formats.frontmatter import split_front_matter
from reader.library import Library

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
RSS = "application/rss+xml; charset=utf-8"
FAST = FetchSettings(timeout=5.0)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def feed_xml(items: str, title: str = "Tin Ví Dụ") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://tin.vidu.vn/</link>{items}</channel></rss>"
    ).encode()


def item(title: str, link: str, guid: str = "", date: str = "", text: str = "Nội dung tin.") -> str:
    return (
        f"<item><title>{title}</title><link>{link}</link>"
        + (f"<guid>{guid}</guid>" if guid else "")
        + (f"<pubDate>{date}</pubDate>" if date else "")
        + f"<description>{text}</description></item>"
    )


def folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    root.mkdir()
    return root


def written(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.md"))


def front(path: Path) -> dict[str, object]:
    split = split_front_matter(path.read_text(encoding="utf-8"))
    assert split.front_matter is not None
    return split.front_matter


def fetch_one(
    root: Path, served: Served, path: str, settings: FetchSettings = FAST, **feed: object
) -> FeedReport:
    subscription = Subscription(served.url(path), str(feed.pop("name", path.strip("/"))), **feed)  # type: ignore[arg-type]
    return fetch_feeds(root, [subscription], settings=settings)[0]


@pytest.fixture
def server() -> Iterator[Served]:
    with serve({}) as served:
        yield served


def test_rss2_content_encoded_becomes_a_markdown_article(server: Served, tmp_path: Path) -> None:
    server.answers["/the-gioi.rss"] = Answer(fixture("rss2-the-gioi.xml"), headers={"Content-Type": RSS})
    root = folder(tmp_path)
    report = fetch_one(root, server, "/the-gioi.rss", name="Báo Ví Dụ", category=("Thế giới", "Châu Á"))
    assert (report.new, report.error, report.notes) == (2, "", ())
    path = root / "the-gioi" / "chau-a" / "2024-03-12-hoi-nghi-cap-cao-asean-khai-mac-tai-jakarta.md"
    assert path in report.written and path.exists()
    fields = front(path)
    assert fields["title"] == "Hội nghị Cấp cao ASEAN khai mạc tại Jakarta"
    assert fields["author"] == "Nguyễn Minh Anh"
    assert fields["published"] == "2024-03-12T08:30:00+07:00"
    assert fields["source"] == "https://baovidu.vn/the-gioi/hoi-nghi-cap-cao-asean-khai-mac-4721.html"
    assert fields["feed"] == "Báo Ví Dụ"
    assert fields["tags"] == ["ASEAN", "Ngoại giao"]
    assert fields["entry_id"] == fields["source"]
    assert fields["category"] == "Thế giới / Châu Á"
    body = path.read_text(encoding="utf-8")
    assert "**Cấp cao ASEAN**" in body  # the full content, not the description
    assert "[chương trình hội nghị](https://baovidu.vn/the-gioi/chuong-trinh-hoi-nghi.html)" in body
    assert "- An ninh hàng hải" in body and "### Những nội dung chính" in body
    assert "document.write" not in body and "quảng cáo" not in body
    article = parse_article(path.read_bytes(), path.relative_to(root).as_posix())
    assert article.category == ("Thế giới", "Châu Á") and article.problems == ()


def test_atom_with_html_content(server: Served, tmp_path: Path) -> None:
    server.answers["/atom.xml"] = Answer(
        fixture("atom-lap-trinh.xml"), headers={"Content-Type": "application/atom+xml"}
    )
    root = folder(tmp_path)
    report = fetch_one(root, server, "/atom.xml", name="Nhật ký lập trình")
    assert report.new == 3 and not report.failed
    by_title = {front(path)["title"]: path for path in report.written}
    python = by_title["Python 3.13 có gì mới?"]  # an HTML title loses its tags
    assert python.parent == root / "nhat-ky-lap-trinh"  # no category: a folder named after the feed
    assert front(python)["category"] == "Nhật ký lập trình"
    assert front(python)["author"] == "Trần Thị Hoa" and front(python)["tags"] == ["Python", "Lập trình"]
    text = python.read_text(encoding="utf-8")
    assert "```\npython3.13 -X gil=0\n```" in text and "`3.13`" in text
    assert "> Đơn giản là tốt nhất." in by_title["Viết trình đọc tin cho terminal"].read_text(
        encoding="utf-8"
    )
    assert front(python)["entry_id"] == "tag:blog.vidu.vn,2024:post-42"


def test_rss1_rdf(server: Served, tmp_path: Path) -> None:
    server.answers["/khoa-hoc.rdf"] = Answer(
        fixture("rss1-khoa-hoc.rdf"), headers={"Content-Type": "application/rdf+xml"}
    )
    root = folder(tmp_path)
    report = fetch_one(root, server, "/khoa-hoc.rdf", name="Khoa học", category=("Khoa học",))
    assert report.new == 2
    telescope = root / "khoa-hoc" / "2024-03-10-kinh-thien-van-vo-tuyen-lon-nhat-chau-a-di-vao-hoat-dong.md"
    assert front(telescope)["author"] == "Lê Văn Hùng"
    assert front(telescope)["published"] == "2024-03-10T09:00:00+07:00"
    assert "đường kính 110 mét" in telescope.read_text(encoding="utf-8")


def test_json_feed(server: Served, tmp_path: Path) -> None:
    server.answers["/feed.json"] = Answer(
        fixture("jsonfeed-doi-song.json"), headers={"Content-Type": "application/feed+json"}
    )
    root = folder(tmp_path)
    report = fetch_one(root, server, "/feed.json", name="Đời sống")
    assert report.new == 3 and not report.failed
    by_title = {front(path)["title"]: path for path in report.written}
    pho = by_title["Phở Hà Nội vào danh sách di sản văn hoá phi vật thể"]
    assert front(pho)["author"] == "Đỗ Quỳnh" and front(pho)["tags"] == ["Ẩm thực", "Di sản"]
    assert "[chuyên mục ẩm thực](https://doisong.vidu.vn/am-thuc)" in pho.read_text(encoding="utf-8")
    coffee = by_title["Cà phê trứng: từ quán nhỏ đến thế giới"]
    assert front(coffee)["entry_id"] == server.url("/feed.json") + "#1024"  # a bare number is the feed's own
    assert front(coffee)["author"] == "Ban Đời sống"  # the feed's author stands in
    assert "Mẹo nhỏ: giữ rau tươi lâu hơn bằng khăn giấy ẩm." in by_title  # no title: its first words


def test_an_ill_formed_feed_is_read_as_far_as_it_goes(server: Served, tmp_path: Path) -> None:
    server.answers["/tin-nhanh.rss"] = Answer(fixture("ill-formed.xml"), headers={"Content-Type": RSS})
    root = folder(tmp_path)
    report = fetch_one(root, server, "/tin-nhanh.rss")
    assert report.new == 2 and not report.failed
    assert any("not well-formed" in note for note in report.notes)
    titles = {front(path)["title"] for path in written(root)}
    assert titles == {"Bão số 3 đổ bộ & gây mưa lớn ở Bắc Bộ", "Giá xăng giảm lần thứ ba liên tiếp"}


CP1252_FEED = (
    '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>Cà phê Sài Gòn</title>'
    "<item><title>Cà phê – “phê” là gì? 5€ mua ly</title><link>https://caphe.vidu.vn/phe</link>"
    "<description>Café à la française, bên Sài Gòn.</description></item></channel></rss>"
)


@pytest.mark.parametrize("declared", ["xml", "header"])
def test_a_feed_in_windows_1252(server: Served, tmp_path: Path, declared: str) -> None:
    data = CP1252_FEED.encode("cp1252")
    kind = "application/rss+xml"
    if declared == "header":
        data = data.replace(b' encoding="windows-1252"', b"")
        kind += "; charset=windows-1252"
    server.answers["/caphe.rss"] = Answer(data, headers={"Content-Type": kind})
    root = folder(tmp_path)
    report = fetch_one(root, server, "/caphe.rss")
    assert report.new == 1
    path = report.written[0]
    assert front(path)["title"] == "Cà phê – “phê” là gì? 5€ mua ly"
    assert "Café à la française, bên Sài Gòn." in path.read_text(encoding="utf-8")


def test_an_unchanged_feed_costs_one_304(server: Served, tmp_path: Path) -> None:
    server.answers["/the-gioi.rss"] = Answer(
        fixture("rss2-the-gioi.xml"),
        headers={"Content-Type": RSS, "ETag": '"v1"', "Last-Modified": "Tue, 12 Mar 2024 02:00:00 GMT"},
    )
    root = folder(tmp_path)
    assert fetch_one(root, server, "/the-gioi.rss").new == 2
    again = fetch_one(root, server, "/the-gioi.rss")
    assert again.not_modified and again.new == 0 and not again.failed
    second = server.asked("/the-gioi.rss")[1]
    assert second["If-None-Match"] == '"v1"'
    assert second["If-Modified-Since"] == "Tue, 12 Mar 2024 02:00:00 GMT"
    assert second["User-Agent"].startswith("Newsdesk/")
    assert len(written(root)) == 2


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (Answer(b"gone", 404), "HTTP 404"),
        (Answer(b"oops", 500), "HTTP 500"),
        (Answer(b"", 302, {"Location": "/loop-b"}), "redirect loop"),
        (Answer(b"<html><body><p>Not a feed</p></body></html>"), "not an RSS or Atom feed"),
    ],
    ids=["404", "500", "redirect-loop", "html-page"],
)
def test_a_failing_feed_keeps_its_last_good_state(
    server: Served, tmp_path: Path, answer: Answer, words: str
) -> None:
    good = Answer(fixture("rss2-the-gioi.xml"), headers={"Content-Type": RSS, "ETag": '"good"'})
    server.answers["/feed"] = good
    server.answers["/loop-b"] = Answer(b"", 302, {"Location": "/feed"})
    root = folder(tmp_path)
    assert fetch_one(root, server, "/feed", name="Thế giới").new == 2
    server.answers["/feed"] = answer
    report = fetch_one(root, server, "/feed", name="Thế giới")
    assert report.failed and words in report.error
    (row,) = feed_rows(root, [Subscription(server.url("/feed"), "Thế giới")])
    assert row.status.error == report.error and row.status.etag == '"good"' and row.status.written == 2
    assert row.status.ok_at is not None and row.status.fetched_at is not None
    (root / "feeds.yaml").write_text(f"feeds:\n  - url: {server.url('/feed')}\n    name: Thế giới\n", "utf-8")
    (problem,) = feed_problems(root)
    assert problem.path == "feed Thế giới" and problem.reason.endswith(report.error)


def test_a_slow_server_is_cut_off(server: Served, tmp_path: Path) -> None:
    server.answers["/slow"] = Answer(feed_xml(item("Chậm", "https://x.vn/a")), delay=3.0)
    report = fetch_one(folder(tmp_path), server, "/slow", settings=FetchSettings(timeout=0.4))
    assert report.failed and "timed out" in report.error


def test_an_oversized_response_is_refused(server: Served, tmp_path: Path) -> None:
    big = feed_xml(item("Lớn", "https://x.vn/a", text="x" * 300_000))
    server.answers["/big"] = Answer(big, headers={"Content-Type": RSS})
    report = fetch_one(folder(tmp_path), server, "/big", settings=FetchSettings(max_bytes=100_000))
    assert report.failed and "limit" in report.error


def test_a_gzip_bomb_is_stopped_by_the_size_cap(server: Served, tmp_path: Path) -> None:
    bomb = gzip.compress(b"<rss>" + b" " * 50_000_000, compresslevel=9)
    assert len(bomb) < 100_000
    server.answers["/bomb"] = Answer(bomb, headers={"Content-Type": RSS, "Content-Encoding": "gzip"})
    root = folder(tmp_path)
    report = fetch_one(root, server, "/bomb", settings=FetchSettings(max_bytes=1_000_000))
    assert report.failed and "bigger than the limit" in report.error
    assert written(root) == []


def test_entries_without_ids_dates_or_titles(server: Served, tmp_path: Path) -> None:
    items = (
        "<item><description>Tin không tiêu đề: mưa lớn ở Huế làm ngập nhiều tuyến phố.</description></item>"
        "<item><title>Không có ngày</title><link>https://tin.vidu.vn/khong-ngay</link></item>"
        "<item><title>Chỉ có tiêu đề</title></item>"
    )
    server.answers["/bare"] = Answer(feed_xml(items), headers={"Content-Type": RSS})
    root = folder(tmp_path)
    report = fetch_one(root, server, "/bare", name="Tin vắn")
    assert report.new == 3
    titles = sorted(str(front(path)["title"]) for path in report.written)
    assert titles == [
        "Chỉ có tiêu đề",
        "Không có ngày",
        "Tin không tiêu đề: mưa lớn ở Huế làm ngập nhiều tuyến…",
    ]
    for path in report.written:
        assert "published" not in front(path) and path.name[:4].isdigit()  # named from the day it came
        assert front(path)["entry_id"]
    assert fetch_one(root, server, "/bare", name="Tin vắn").new == 0  # the same keys next time


def test_hostile_titles_and_links_never_write_outside_the_folder(server: Served, tmp_path: Path) -> None:
    items = (
        item("../../etc/passwd", "javascript:alert(1)", guid="evil-1")
        + item("/etc/shadow", "file:///etc/shadow", guid="evil-2")
        + item("\x1b]0;owned\x07..\\..\\windows", "https://x.vn/../../a", guid="evil-3")
    )
    server.answers["/evil"] = Answer(feed_xml(items, title="../../.."), headers={"Content-Type": RSS})
    root = folder(tmp_path)
    report = fetch_one(root, server, "/evil", name="../../..", category=("..", "../etc"))
    assert report.new == 3
    outside = {path for path in tmp_path.rglob("*") if path.is_file() and root not in path.parents}
    assert outside == set()
    for path in report.written:
        assert root in path.resolve().parents
        fields = front(path)
        assert "source" not in fields or str(fields["source"]).startswith("https://")
        assert "\x1b" not in path.read_text(encoding="utf-8")
    assert "../../etc/passwd" in {front(path)["title"] for path in report.written}


def test_the_same_entry_in_two_feeds_is_written_once(server: Served, tmp_path: Path) -> None:
    shared = item(
        "Tin chung của hai chuyên mục", "https://tin.vidu.vn/chung", guid="https://tin.vidu.vn/chung"
    )
    server.answers["/a"] = Answer(feed_xml(shared + item("Chỉ ở A", "https://tin.vidu.vn/a")))
    server.answers["/b"] = Answer(feed_xml(shared + item("Chỉ ở B", "https://tin.vidu.vn/b")))
    root = folder(tmp_path)
    feeds = [Subscription(server.url("/a"), "A"), Subscription(server.url("/b"), "B")]
    reports = fetch_feeds(root, feeds, settings=FAST)
    assert sum(report.new for report in reports) == 3
    titles = [front(path)["title"] for path in written(root)]
    assert sorted(titles) == ["Chỉ ở A", "Chỉ ở B", "Tin chung của hai chuyên mục"]


def test_an_entry_written_once_is_never_written_again(server: Served, tmp_path: Path) -> None:
    server.answers["/feed"] = Answer(fixture("rss2-the-gioi.xml"), headers={"Content-Type": RSS})
    root = folder(tmp_path)
    first, second = fetch_one(root, server, "/feed").written
    first.rename(first.with_name("da-doi-ten.md"))
    second.write_text("---\ntitle: Sửa tay\n---\nĐã sửa.\n", encoding="utf-8")
    assert fetch_one(root, server, "/feed").new == 0
    first.with_name("da-doi-ten.md").unlink()
    second.unlink()
    assert fetch_one(root, server, "/feed").new == 0
    assert written(root) == []
    assert not list(root.rglob("*.sqlite3")) and memory_file(root).exists()  # remembered outside the folder


def test_429_is_respected_until_its_time_is_up(server: Served, tmp_path: Path) -> None:
    server.answers["/busy"] = Answer(b"slow down", 429, {"Retry-After": "120"})
    root = folder(tmp_path)
    report = fetch_one(root, server, "/busy")
    assert report.failed and "429" in report.error
    asked = len(server.asked("/busy"))
    again = fetch_one(root, server, "/busy")
    assert again.waiting_until is not None and not again.failed
    assert len(server.asked("/busy")) == asked  # not asked again before its time
    memory = FeedMemory.for_folder(root)
    memory.fetched(FeedStatus(server.url("/busy")))  # its time is up
    memory.close()
    server.answers["/busy"] = Answer(feed_xml(item("Đã xong", "https://x.vn/xong")))
    assert fetch_one(root, server, "/busy").new == 1


def test_full_text_fetches_the_page_of_a_summary_only_entry(server: Served, tmp_path: Path) -> None:
    page = (
        "<html><head><title>Bài đầy đủ</title></head><body><article><h1>Bài đầy đủ</h1>"
        + "<p>Đây là toàn văn bài viết với nhiều chi tiết hơn bản tóm tắt trong nguồn tin.</p>" * 4
        + "</article></body></html>"
    ).encode()
    server.answers["/page"] = Answer(page)
    server.answers["/summary"] = Answer(feed_xml(item("Bài đầy đủ", server.url("/page"), text="Tóm tắt.")))
    root = folder(tmp_path)
    report = fetch_one(root, server, "/summary", full_text=True)
    assert report.new == 1 and report.notes == ()
    assert "toàn văn bài viết" in report.written[0].read_text(encoding="utf-8")
    server.answers["/page"] = Answer(b"gone", 404)
    server.answers["/summary"] = Answer(
        feed_xml(item("Bài khác", server.url("/page"), guid="x-2", text="Tóm tắt hai."))
    )
    other = fetch_one(root, server, "/summary", full_text=True)
    assert other.new == 1 and "Tóm tắt hai." in other.written[0].read_text(encoding="utf-8")
    assert any("summary kept" in note for note in other.notes)


def test_entries_that_cannot_be_written_are_fetched_again_later(server: Served, tmp_path: Path) -> None:
    server.answers["/feed"] = Answer(
        fixture("rss2-the-gioi.xml"), headers={"Content-Type": RSS, "ETag": '"e"'}
    )
    root = folder(tmp_path)
    (root / "the-gioi").write_text("a file where the folder would go", encoding="utf-8")
    report = fetch_one(root, server, "/feed", category=("Thế giới",))
    assert report.failed and list(root.rglob("*.md")) == []
    assert not [p for p in root.rglob("*") if p.name.startswith(".newsdesk-")]  # no half-written file
    (root / "the-gioi").unlink()
    assert fetch_one(root, server, "/feed", category=("Thế giới",)).new == 2  # no 304: it was not kept


def test_a_symlinked_category_folder_pointing_outside_is_refused(server: Served, tmp_path: Path) -> None:
    server.answers["/feed"] = Answer(fixture("rss2-the-gioi.xml"), headers={"Content-Type": RSS})
    root = folder(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, root / "the-gioi")
    report = fetch_one(root, server, "/feed", category=("Thế giới",))
    assert report.failed and "outside the article folder" in report.error
    assert list(outside.iterdir()) == []


def test_new_files_are_ordinary_articles_of_the_library(server: Served, tmp_path: Path) -> None:
    server.answers["/feed.json"] = Answer(fixture("jsonfeed-doi-song.json"))
    root = folder(tmp_path)
    fetch_one(root, server, "/feed.json", name="Đời sống", category=("Đời sống",))
    library = Library.open(root)
    try:
        assert len(library) == 3 and library.problems() == []
        assert [node.name for node in library.categories().children] == ["Đời sống"]
    finally:
        library.close()


def test_many_feeds_at_once(server: Served, tmp_path: Path) -> None:
    feeds = []
    for number in range(12):
        server.answers[f"/f{number}"] = Answer(
            feed_xml(item(f"Tin {number}", f"https://x.vn/{number}", date="Tue, 12 Mar 2024 08:30:00 +0700")),
            delay=0.05,
        )
        feeds.append(Subscription(server.url(f"/f{number}"), f"Nguồn {number}"))
    progress: list[tuple[int, int]] = []
    reports = fetch_feeds(
        folder(tmp_path),
        feeds,
        settings=FAST,
        progress=lambda done, total, _name: progress.append((done, total)),
    )
    assert [report.name for report in reports] == [feed.name for feed in feeds]
    assert all(report.new == 1 for report in reports)
    assert progress[-1] == (12, 12) and len(progress) == 12


def test_a_stopped_fetch_writes_the_rest_next_time(server: Served, tmp_path: Path) -> None:
    server.answers["/feed"] = Answer(
        fixture("rss2-the-gioi.xml"), headers={"Content-Type": RSS, "ETag": '"s"'}
    )
    root = folder(tmp_path)
    feed = [Subscription(server.url("/feed"), "Thế giới")]
    (stopped,) = fetch_feeds(root, feed, settings=FAST, should_stop=lambda: len(written(root)) >= 1)
    assert stopped.new == 1 and not stopped.failed
    (rest,) = fetch_feeds(root, feed, settings=FAST)
    assert rest.new == 1 and not rest.not_modified  # the validators were not kept: asked in full
    assert "If-None-Match" not in server.asked("/feed")[1]
    assert len(written(root)) == 2


def test_a_fault_in_one_feed_fails_only_that_feed(
    server: Served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.feeds import fetching

    real_parse = fetching.parse_feed

    def parse(data: bytes, *, url: str, content_type: str = "") -> object:
        if url.endswith("/odd"):
            raise RuntimeError("a parser's bug")
        return real_parse(data, url=url, content_type=content_type)

    monkeypatch.setattr(fetching, "parse_feed", parse)
    server.answers["/odd"] = Answer(feed_xml(item("Lạ", "https://x.vn/la")))
    server.answers["/ok"] = Answer(feed_xml(item("Bình thường", "https://x.vn/ok")))
    feeds = [Subscription(server.url("/odd"), "Lạ"), Subscription(server.url("/ok"), "Ổn")]
    odd, ok = fetch_feeds(folder(tmp_path), feeds, settings=FAST)
    assert odd.error == "failed unexpectedly (RuntimeError: a parser's bug)"
    assert ok.new == 1
