"""A folder of broken and hostile files, built fresh by the tests that need it."""

from __future__ import annotations

import codecs
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from hostile_cases import freezes, rendering, security, surroundings, writer

BIG_FILE_MB = 50
ESCAPES = {
    "clear": "\x1b[2J\x1b[H",
    "title": "\x1b]0;pwned title\x07",
    "clipboard": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "hyperlink": "\x1b]8;;http://evil.example/\x1b\\click here\x1b]8;;\x1b\\",
    "cursor": "\x1b[10;10H\x1b[2K",
}
MARKUP_TITLE = "[bold red]x[/] [link=file:///etc/passwd]y[/] [/foo]"
ESCAPE_TITLE = "Escape test " + "".join(ESCAPES.values()) + " end"


class Files(NamedTuple):
    """What a group of cases is given: the folder, and how to add a good or a bad file."""

    root: Path
    good: Callable[[str, str | bytes, str], None]
    bad: Callable[[str, str | bytes], None]


@dataclass
class Hostile:
    """The folder, and what a reader of it must see."""

    root: Path
    outside: Path
    good_titles: set[str] = field(default_factory=set)
    bad_paths: set[str] = field(default_factory=set)


def md(title: str, extra: str = "", body: str = "Body text.") -> str:
    return f"---\ntitle: {title}\n{extra}---\n{body}\n"


def build(base: Path, *, big: Path | None = None) -> Hostile:
    """Write the hostile folder under base/articles (and an outside file beside it)."""
    root = base / "articles"
    root.mkdir(parents=True)
    outside = base / "outside-secret.md"
    outside.write_text(md("Secret outside the folder"), encoding="utf-8")
    corpus = Hostile(root, outside)

    def good(name: str, content: str | bytes, title: str) -> None:
        _write(root / name, content)
        corpus.good_titles.add(title)

    def bad(name: str, content: str | bytes) -> None:
        _write(root / name, content)
        corpus.bad_paths.add(name)

    good("plain-good.md", md("A perfectly good article"), "A perfectly good article")
    bad("empty.md", b"")
    bad("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    good("invalid-utf8.txt", b"Caf\xe9 \xff\xfe broken\n\nBody \x80\x81 here.", "Café ÿþ broken")
    good(
        "utf16-bom.txt",
        codecs.BOM_UTF16_LE + "UTF-16 với BOM\n\nNội dung.".encode("utf-16-le"),
        "UTF-16 với BOM",
    )
    good("utf16-nobom.txt", "UTF-16 without BOM\n\nBody text here.".encode("utf-16-le"), "UTF-16 without BOM")
    good("cp1252.txt", "Smart “quotes” – cp1252\n\nBody.".encode("cp1252"), "Smart “quotes” – cp1252")
    good("latin1.txt", "Latin-1 façade\n\nBody.".encode("latin-1"), "Latin-1 façade")
    good("nul-bytes.txt", b"Title with\x00 a NUL\n\nBody with text enough.", "Title with a NUL")
    if big is not None:
        os.link(big, root / "huge.txt")
        corpus.bad_paths.add("huge.txt")
    good("long-line.txt", "Long line " + "word " * 1_000_000, "")
    bad("yaml-error.md", "---\ntitle: [unclosed\n---\nBody")
    bad("python-tag.md", "---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\n")
    bad("alias-bomb.md", "---\n" + _alias_bomb() + "title: Bomb\n---\n")
    bad("front-list.md", "---\n- a\n- b\n---\nBody")
    bad("front-scalar.md", "---\njust a string\n---\nBody")
    bad("no-title.md", "---\nauthor: Nobody\n---\nNo heading here.")
    good("numeric-title.md", md("1984"), "1984")
    bad("list-title.md", md("[a, b]"))
    bad("map-title.md", md("{a: 1}"))
    good("bad-date-1.md", md("Impossible day", "published: 32/13/2019\n"), "Impossible day")
    good("bad-date-2.md", md("February thirtieth", "published: 2019-02-30\n"), "February thirtieth")
    related = "related: [../../etc/passwd, /etc/passwd, related-self, related-other, ../outside-secret.md]\n"
    good("related-self.md", md("Points at itself", related), "Points at itself")
    good("related-other.md", md("Cycle partner", "related: [related-self]\n"), "Cycle partner")
    deep = "/".join(f"L{n}" for n in range(60))
    good("deep-category.md", md("Sixty levels deep", f'category: "{deep}"\n'), "Sixty levels deep")
    good("long-title.md", md("T" * 10_000), "")
    scripts = "שלום עולם مرحبا Ñ̃ a\u0301 👩\u200d👩\u200d👧 你好世界 日本語"
    good(
        "scripts.md",
        md(f'"Scripts {scripts}"', body=scripts),
        unicodedata.normalize("NFC", f"Scripts {scripts}"),
    )
    good(
        "escapes.txt",
        ESCAPE_TITLE + "\n\n" + "".join(f"{k}: {v} after\n\n" for k, v in ESCAPES.items()),
        "Escape test click here end",
    )
    good(
        "markup.md",
        md(f"'{MARKUP_TITLE}'", body="[b]bold?[/b] [link=file:///etc/passwd]y[/link]"),
        MARKUP_TITLE,
    )
    good("name with spaces.md", md("Spaces in the name"), "Spaces in the name")
    good("new\nline.md", md("Newline in the name"), "Newline in the name")
    good(unicodedata.normalize("NFD", "tiếng-việt.md"), md("Decomposed file name"), "Decomposed file name")
    good("-leading-dash.md", md("Leading dash"), "Leading dash")
    unreadable = root / "unreadable.md"
    _write(unreadable, md("Unreadable if not root"))
    unreadable.chmod(0)
    if os.geteuid() == 0:
        corpus.good_titles.add("Unreadable if not root")
    else:
        corpus.bad_paths.add("unreadable.md")
    os.symlink(root / "loop-b.md", root / "loop-a.md")
    os.symlink(root / "loop-a.md", root / "loop-b.md")
    corpus.bad_paths |= {"loop-a.md", "loop-b.md"}
    os.symlink(outside, root / "link-outside.md")
    corpus.bad_paths.add("link-outside.md")
    os.symlink(root, root / "folder-loop")
    (root / "x.md").mkdir()
    _write(root / "x.md" / "inside-folder-named-md.md", md("Inside a folder named x.md"))
    corpus.good_titles.add("Inside a folder named x.md")
    for module in ROUND_TWO:
        module.add(Files(root, good, bad))
    corpus.good_titles.discard("")
    return corpus


ROUND_TWO = (security, freezes, rendering, surroundings, writer)


def _alias_bomb() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def make_big_file(path: Path) -> Path:
    """A 50 MB file, written once per test run."""
    if not path.exists():
        with path.open("wb") as out:
            chunk = b"A very large file line of text.\n" * 32768
            for _ in range(BIG_FILE_MB * 1024 * 1024 // len(chunk)):
                out.write(chunk)
    return path
