"""`newsdesk import URL`: a real `newsdesk` process fetching from a real server on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from localserver import Answer, Served, serve

from reader.formats import parse_article
from reader.library import Library

NEWSDESK = str(Path(sys.executable).parent / "newsdesk")
FIXTURES = Path(__file__).parent / "fixtures" / "html"
HARBOUR = (FIXTURES / "harbour-gazette-tidal-barrier.html").read_bytes()


def windows_1258(text: str) -> bytes:
    """Text as windows-1258 writes it: a letter with its tone as the letter and a combining mark."""
    out = bytearray()
    for char in text:
        marks = unicodedata.normalize("NFD", char)
        for cut in range(len(marks), 0, -1):
            try:
                out += unicodedata.normalize("NFC", marks[:cut]).encode("cp1258") + marks[cut:].encode(
                    "cp1258"
                )
                break
            except UnicodeEncodeError:
                continue
        else:
            raise ValueError(char)
    return bytes(out)


PARAGRAPH = "Người dân miền Tây đã thu hoạch xong vụ lúa đông xuân với năng suất cao hơn năm ngoái. " * 3
# No charset in the page: only the server's header says windows-1258 (combining tone marks).
PAGE_1258 = windows_1258(
    "<html><head><title>Lúa gạo miền Tây | Báo Ví Dụ</title></head><body><article>"
    "<h1>Giá lúa tăng, nông dân miền Tây phấn khởi</h1>"
    f"<p>{PARAGRAPH}</p><p>Xem thêm <a href='/kinh-te/gia-lua-2023.html'>giá lúa năm trước</a> "
    "và những vụ mùa trước đó của bà con nông dân các tỉnh đồng bằng.</p>"
    "</article></body></html>"
)


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    answers = {
        "/news/tidal-barrier": Answer(HARBOUR),
        "/moved": Answer(b"", 301, {"Location": "/news/tidal-barrier"}),
        "/lua-gao": Answer(PAGE_1258, headers={"Content-Type": "text/html; charset=windows-1258"}),
        "/notes.txt": Answer(
            b"A plain note from the server\n\nIts only paragraph.\n",
            headers={"Content-Type": "text/plain; charset=utf-8"},
        ),
        "/report.pdf": Answer(b"%PDF-1.4 ...", headers={"Content-Type": "application/pdf"}),
        "/empty": Answer(b"<html><body><nav>Home</nav></body></html>"),
    }
    with serve(answers) as served:
        yield served


def newsdesk(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [NEWSDESK, "import", "-d", str(root), *args], capture_output=True, text=True, timeout=60
    )


def folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    root.mkdir()
    return root


def test_a_page_by_its_address_becomes_a_markdown_article(server: Served, tmp_path: Path) -> None:
    root = folder(tmp_path)
    done = newsdesk(root, server.url("/moved"))
    assert done.returncode == 0, done.stderr
    written = Path(done.stdout.strip())
    assert written.parent.parent == root and written.suffix == ".md"
    article = parse_article(written.read_bytes(), "environment/x.md")
    assert article.title == "Port Elvane votes to build £40m tidal barrier after winter floods"
    assert article.category == ("Environment",) and article.author == "Maya Okonkwo, Tom Reddish"
    assert article.source.startswith("https://www.harbourgazette.example/news/environment/2024/mar/14/")
    assert "more than 300 homes this winter" in article.body
    assert article.published is not None and article.published.iso().startswith("2024-03-14")


def test_the_servers_charset_and_address_are_used(server: Served, tmp_path: Path) -> None:
    root = folder(tmp_path)
    done = newsdesk(root, server.url("/lua-gao"), "-c", "Kinh tế")
    assert done.returncode == 0, done.stderr
    article = parse_article(Path(done.stdout.strip()).read_bytes(), "x.md")
    assert article.title == "Giá lúa tăng, nông dân miền Tây phấn khởi"
    assert article.category == ("Kinh tế",)
    assert "năng suất cao hơn năm ngoái" in article.body
    # the page names no address of its own: the one it was fetched from is its source,
    # and its relative link is resolved against it
    assert article.source == server.url("/lua-gao")
    assert f"({server.url('/kinh-te/gia-lua-2023.html')})" in article.body


def test_a_text_file_by_its_address(server: Served, tmp_path: Path) -> None:
    root = folder(tmp_path)
    done = newsdesk(root, server.url("/notes.txt"))
    assert done.returncode == 0, done.stderr
    assert [a.title for a in Library.open(root).articles()] == ["A plain note from the server"]
    article = parse_article(Path(done.stdout.strip()).read_bytes(), "x.md")
    assert (article.title, article.body.strip()) == ("A plain note from the server", "Its only paragraph.")
    assert article.source == server.url("/notes.txt")


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/missing", "404"),
        ("/report.pdf", "not a web page or text (application/pdf)"),
        ("/empty", "no article text found"),
    ],
)
def test_each_failure_is_one_line_and_writes_nothing(
    server: Served, tmp_path: Path, path: str, says: str
) -> None:
    root = folder(tmp_path)
    done = newsdesk(root, server.url(path))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and says in done.stderr and server.url(path) in done.stderr
    assert list(root.iterdir()) == []


def test_only_web_addresses_are_fetched(tmp_path: Path) -> None:
    root = folder(tmp_path)
    done = newsdesk(root, "ftp://files.example/a.html", "https://127.0.0.1:1/refused")
    assert done.returncode == 1 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 2
    assert "ftp://files.example/a.html: only http and https addresses can be fetched" in lines[0]
    assert "127.0.0.1:1" in lines[1]
    assert list(root.iterdir()) == []
