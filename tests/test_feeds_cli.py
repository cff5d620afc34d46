"""`newsdesk feeds …` and `newsdesk fetch`: the real command, against a real server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from localserver import Answer, Served, serve

NEWSDESK = str(Path(sys.executable).parent / "newsdesk")
FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
RSS = {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": '"r1"'}


@pytest.fixture
def server() -> Iterator[Served]:
    answers = {
        "/the-gioi.rss": Answer((FIXTURES / "rss2-the-gioi.xml").read_bytes(), headers=RSS),
        "/doi-song.json": Answer((FIXTURES / "jsonfeed-doi-song.json").read_bytes()),
        "/atom.xml": Answer((FIXTURES / "atom-lap-trinh.xml").read_bytes()),
        "/slow.rss": Answer((FIXTURES / "rss1-khoa-hoc.rdf").read_bytes(), delay=5.0),
        "/page.html": Answer(b"<html><body><p>Not a feed at all</p></body></html>"),
    }
    with serve(answers) as served:
        yield served


def newsdesk(root: Path, *args: str, timeout: str = "5") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSDESK_FETCH_TIMEOUT": timeout}
    return subprocess.run(
        [NEWSDESK, *args, "-d", str(root)], capture_output=True, text=True, timeout=60, env=env
    )


def folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    root.mkdir()
    return root


def test_add_fetch_list_and_fetch_again(server: Served, tmp_path: Path) -> None:
    root = folder(tmp_path)
    added = newsdesk(root, "feeds", "add", server.url("/the-gioi.rss"), "--category", "Thế giới / Châu Á")
    assert added.returncode == 0, added.stderr
    assert "Báo Ví Dụ - Thế giới: added" in added.stdout and "2 entries" in added.stdout
    text = (root / "feeds.yaml").read_text(encoding="utf-8")
    assert f"url: {server.url('/the-gioi.rss')}" in text and "category: Thế giới / Châu Á" in text
    json_feed = newsdesk(
        root, "feeds", "add", server.url("/doi-song.json"), "--name", "Đời sống", "--full-text"
    )
    assert json_feed.returncode == 0, json_feed.stderr

    fetched = newsdesk(root, "fetch")
    assert fetched.returncode == 0, fetched.stderr
    assert fetched.stdout.splitlines() == [
        "Báo Ví Dụ - Thế giới: 2 new entries",
        "Đời sống: 3 new entries",
        "5 new entries from 2 feeds",
    ]
    assert len(list((root / "the-gioi" / "chau-a").glob("2024-03-*.md"))) == 2
    assert len(list((root / "doi-song").glob("*.md"))) == 3

    listed = newsdesk(root, "feeds", "list", "--json")
    rows = {row["name"]: row for row in json.loads(listed.stdout)}
    assert rows["Đời sống"]["new_entries"] == 3 and rows["Đời sống"]["full_text"] is True
    assert rows["Báo Ví Dụ - Thế giới"]["last_error"] == "" and rows["Báo Ví Dụ - Thế giới"]["last_fetch"]

    again = newsdesk(root, "fetch", "Báo Ví Dụ - Thế giới")
    assert again.returncode == 0
    assert again.stdout.splitlines() == ["Báo Ví Dụ - Thế giới: not changed", "0 new entries"]
    assert server.asked("/the-gioi.rss")[-1]["If-None-Match"] == '"r1"'

    tsv = newsdesk(root, "feeds", "list").stdout.splitlines()
    assert [line.split("\t")[0] for line in tsv] == ["Báo Ví Dụ - Thế giới", "Đời sống"]


def test_fetch_reports_failures_and_exits_1(server: Served, tmp_path: Path) -> None:
    root = folder(tmp_path)
    (root / "feeds.yaml").write_text(
        "feeds:\n"
        f"  - url: {server.url('/atom.xml')}\n    name: Lập trình\n"
        f"  - url: {server.url('/missing.rss')}\n    name: Mất tích\n"
        f"  - url: {server.url('/page.html')}\n    name: Trang web\n"
        f"  - url: {server.url('/slow.rss')}\n    name: Chậm\n"
        "  - url: gopher://cu.vn/\n"
        f"  - url: {server.url('/doi-song.json')}\n    name: Đời sống\n    full_text: sometimes\n",
        encoding="utf-8",
    )
    result = newsdesk(root, "fetch", timeout="2")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "Lập trình: 3 new entries"
    assert lines[1] == "Mất tích: failed: HTTP 404 Not Found"
    assert lines[2].startswith("Trang web: failed: not an RSS or Atom feed")
    assert lines[3] == "Chậm: failed: timed out after 2 s"
    assert lines[-1] == "3 new entries from 1 feed; 3 feeds failed"
    feeds_file = root / "feeds.yaml"
    assert (
        f"{feeds_file}:10: 'gopher://cu.vn/' is not an http, https or file address; skipped" in result.stderr
    )
    assert f"{feeds_file}:11: `full_text` must be true or false; skipped" in result.stderr
    listed = json.loads(newsdesk(root, "feeds", "list", "--json").stdout)
    assert [row["last_error"] for row in listed][:2] == ["", "HTTP 404 Not Found"]


def test_add_refuses_what_it_cannot_use(server: Served, tmp_path: Path) -> None:
    root = folder(tmp_path)
    bad = newsdesk(root, "feeds", "add", "javascript:alert(1)")
    assert bad.returncode == 2 and "not an http, https or file address" in bad.stderr
    missing = newsdesk(root, "feeds", "add", server.url("/missing.rss"))
    assert missing.returncode == 1 and "HTTP 404" in missing.stderr
    assert not (root / "feeds.yaml").exists()
    unchecked = newsdesk(root, "feeds", "add", server.url("/missing.rss"), "--no-check", "--name", "Sau này")
    assert unchecked.returncode == 0
    twice = newsdesk(root, "feeds", "add", server.url("/missing.rss"), "--no-check")
    assert twice.returncode == 1 and "already subscribed" in twice.stderr


def test_remove_import_and_export(server: Served, tmp_path: Path) -> None:
    root = folder(tmp_path)
    opml = tmp_path / "newsboat.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
        f'<outline text="Khoa học"><outline type="rss" text="Khoa học" xmlUrl="{server.url("/slow.rss")}"/></outline>'
        f'<outline type="rss" text="Đời sống" xmlUrl="{server.url("/doi-song.json")}"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    imported = newsdesk(root, "feeds", "import", str(opml))
    assert imported.returncode == 0 and imported.stdout.strip() == "added 2 feeds"
    assert (
        newsdesk(root, "feeds", "import", str(opml)).stdout.strip() == "added 0 feeds (2 were there already)"
    )
    exported = newsdesk(root, "feeds", "export")
    assert '<outline text="Khoa học" title="Khoa học">' in exported.stdout
    assert f'xmlUrl="{server.url("/doi-song.json")}"' in exported.stdout
    removed = newsdesk(root, "feeds", "remove", "doi song")
    assert removed.returncode == 0 and "Đời sống: removed" in removed.stdout
    assert "doi-song" not in (root / "feeds.yaml").read_text(encoding="utf-8")
    unknown = newsdesk(root, "feeds", "remove", "không có")
    assert unknown.returncode == 1 and "no feed named" in unknown.stderr
    assert newsdesk(root, "fetch", "không có").returncode == 2
