"""Writing articles into the folder: atomically, never over an existing file."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from reader.formats import parse_article
from reader.model import Article, FolderError, NewsdeskError
from reader.scan import read_limited
from reader.text import slugify

MAX_SLUG = 80
# libyaml's safe dumper when it is installed: fifteen times quicker, the same text.
_Dumper: type[Any] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
WEB_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = {"text/plain": ".txt", "text/markdown": ".md", "text/x-markdown": ".md"}


class ImportFailed(NewsdeskError):
    """A file could not be imported; the message names it and says why."""


def slug(text: str, fallback: str = "article") -> str:
    """A file-name-safe form of a title or category."""
    return slugify(text, fallback, MAX_SLUG)


def to_markdown(article: Article) -> str:
    """An article as a normalised Markdown file with YAML front matter."""
    fields: dict[str, Any] = {"title": article.title}
    if article.category:
        fields["category"] = " / ".join(article.category)
    optional: dict[str, Any] = {
        "published": article.published.iso() if article.published else None,
        "author": article.author,
        "source": article.source,
        "language": article.language,
        "lead": article.lead,
        "tags": list(article.tags),
        "captions": list(article.captions),
        "related": [ref.title or ref.ref for ref in article.related],
    }
    fields.update({key: value for key, value in optional.items() if value})
    fields.update(dict(article.metadata))
    front = yaml.dump(fields, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n\n{article.body.strip()}\n"


def import_file(source: Path, root: Path, category: tuple[str, ...] = ()) -> Path:
    """Parse `source` and write it under `root` as a new `.md` file; return its path."""
    try:
        data = read_limited(str(source))
    except OSError as error:
        raise ImportFailed(f"{source}: {error.strerror or error}") from None
    try:
        article = parse_article(data, source.name)
    except NewsdeskError as error:
        raise ImportFailed(f"{source}: {error}") from None
    return write_article(article, root, category)


def import_url(url: str, root: Path, category: tuple[str, ...] = (), *, timeout: float = 20.0) -> Path:
    """Fetch a web page (http or https) and write its article under `root` as a new `.md` file."""
    from reader.formats.html import parse_html
    from reader.web import fetch

    fetched = fetch(url, timeout=timeout)  # FetchError says why, in one line
    kind, charset = media_type(fetched.content_type)
    name = _name_in(fetched.url)
    try:
        if kind in WEB_PAGE_TYPES or (not kind and _looks_like_html(fetched.body)):
            article = parse_html(fetched.body, name + ".html", url=fetched.url, charset=charset)
        elif kind in TEXT_TYPES:
            article = parse_article(fetched.body, name + TEXT_TYPES[kind])
            article = replace(article, source=article.source or fetched.url)
        else:
            raise ImportFailed(f"{url}: not a web page or text ({kind or 'no content type'})")
    except ImportFailed:
        raise
    except NewsdeskError as error:
        raise ImportFailed(f"{url}: {error}") from None
    return write_article(article, root, category)


def is_url(text: str) -> bool:
    """True for an address (`scheme://…`), which `import` fetches (http and https only)."""
    return _ADDRESS.match(text) is not None


def media_type(header: str) -> tuple[str, str]:
    """The media type (lower case) and the charset of a Content-Type header."""
    kind, _sep, rest = header.partition(";")
    charset = ""
    for parameter in rest.split(";"):
        key, _eq, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').strip()
    return kind.strip().lower(), charset


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta"))


def _name_in(url: str) -> str:
    """A file name for the page (its last path part), used where a page has no better title."""
    last = urlsplit(url).path.rstrip("/").rpartition("/")[2]
    stem = last.rpartition(".")[0] if "." in last else last
    return slug(unquote(stem), "page")


def write_article(article: Article, root: Path, category: tuple[str, ...] = (), *, stem: str = "") -> Path:
    """The article as a new Markdown file in its category's folder (or the one asked for).

    The file is named `stem.md` (else after the title's slug), `stem-2.md` when that is taken.
    """
    if category:
        article = replace(article, category=category, category_from_file=True)
    folder = root.joinpath(*(slug(level, "category") for level in article.category))
    return write_new(root, folder, stem or slug(article.title), to_markdown(article))


def write_new(root: Path, folder: Path, stem: str, text: str) -> Path:
    """Write text to a new file `folder/stem[-N].md` inside root, atomically, never overwriting."""
    real_root = os.path.realpath(root)
    if not _inside(os.path.realpath(folder), real_root):  # before creating anything
        raise FolderError(f"{folder}: outside the article folder; refused")
    folder.mkdir(parents=True, exist_ok=True)
    real_folder = os.path.realpath(folder)
    if not _inside(real_folder, real_root):
        raise FolderError(f"{folder}: outside the article folder; refused")
    handle, temporary = tempfile.mkstemp(prefix=".newsdesk-", suffix=".tmp", dir=real_folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        return folder / _link_unused_name(temporary, real_folder, stem)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _inside(path: str, real_root: str) -> bool:
    return path == real_root or path.startswith(real_root + os.sep)


def _link_unused_name(temporary: str, folder: str, stem: str) -> str:
    """Hard-link the finished file to the first free name; linking fails if a name exists."""
    for number in range(1, 10_000):
        name = f"{stem}.md" if number == 1 else f"{stem}-{number}.md"
        target = os.path.join(folder, name)
        try:
            os.link(temporary, target)
        except FileExistsError:
            continue
        except OSError:
            if not _reserve(target):
                continue
            os.replace(temporary, target)
        return name
    raise FolderError(f"{folder}: no free file name for {stem!r}")


def _reserve(target: str) -> bool:
    """Claim a name with an exclusive create, for file systems without hard links."""
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except FileExistsError:
        return False
    return True
