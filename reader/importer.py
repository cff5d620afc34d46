"""Importing files and web pages as new articles: parsed, normalised, their unknown fields kept as written."""

from __future__ import annotations

import errno
import functools
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from reader.formats import parse_article
from reader.formats.common import scalar_text
from reader.index.prepare import one_line_error
from reader.model import Article, NewsdeskError, ParseError, RelatedRef
from reader.newfiles import fit_name
from reader.newfiles import write_new as write_new  # where it was first written
from reader.scan import read_limited
from reader.text import clean_line, decode_bytes, slugify

MAX_SLUG = 80
# libyaml's safe dumper and loader when it is installed: fifteen times quicker, the same text.
_BaseDumper: type[Any] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE)
_ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
WEB_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = {"text/plain": ".txt", "text/markdown": ".md", "text/x-markdown": ".md"}


class ImportFailed(NewsdeskError):
    """A file could not be imported; the message names it and says why."""


class _Written(str):
    """A number, truth value, date or time as the file wrote it (`0x1F`, `yes`, `1:30`), written back so."""

    __slots__ = ()
    tag = ""


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader, keeping numbers, truth values and times as they were written."""


class _Dumper(_BaseDumper):  # type: ignore[misc]
    """The safe dumper, writing what `_Loader` kept back as it was."""


def _keep_written(kind: str) -> None:
    tag = f"tag:yaml.org,2002:{kind}"
    written = type(f"_Written_{kind}", (_Written,), {"__slots__": (), "tag": tag})
    _Loader.add_constructor(tag, lambda loader, node: written(loader.construct_scalar(node)))
    _Dumper.add_representer(written, lambda dumper, value: dumper.represent_scalar(value.tag, str(value)))


for _kind in ("int", "float", "bool", "timestamp"):
    _keep_written(_kind)


def slug(text: str, fallback: str = "article") -> str:
    """A file-name-safe form of a title or category, short enough for any file system."""
    return fit_name(slugify(text, fallback, MAX_SLUG)) or fallback


def field_key(key: str) -> str:
    """A front-matter key as a person reads it: NFKC, any case, no spaces or invisible characters."""
    text = unicodedata.normalize("NFKC", key).casefold()
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c)[0] not in "ZC")


@functools.cache
def _known_fields() -> dict[str, str]:
    """The fields the Markdown parser reads, by `field_key` (imported on first use, as the parsers are)."""
    from reader.formats.markdown import KNOWN_FIELDS

    return {field_key(name): name for name in KNOWN_FIELDS}


def to_markdown(article: Article, kept: dict[Any, Any] | None = None, *, with_id: bool = False) -> str:
    """An article as a normalised Markdown file with YAML front matter.

    `kept` are fields the parser does not know, exactly as the source had them; without
    it, the article's own metadata is written. Neither ever replaces a field written here.
    `with_id` writes the article's id: the source named it (other articles may refer to it).
    """
    fields: dict[str, Any] = {"title": article.title}
    if with_id:
        fields["id"] = article.id
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
        "related": [_related_entry(ref) for ref in article.related],
    }
    fields.update({key: value for key, value in optional.items() if value})
    extra = dict(article.metadata) if kept is None else kept
    for key, value in extra.items():
        if field_key(str(key)) not in _known_fields():
            fields.setdefault(key, value)
    try:
        front = yaml.dump(fields, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        raise ImportFailed(f"its front matter cannot be written back ({one_line_error(error)})") from None
    return f"---\n{front}---\n\n{article.body.strip()}\n"


def _related_entry(ref: RelatedRef) -> str | dict[str, str]:
    """A related story as the source gave it: the reference, with its title and summary if it had them."""
    if not ref.title and not ref.summary:
        return ref.ref
    entry = {"id": ref.ref} if ref.ref != ref.title else {}
    entry.update({key: value for key, value in (("title", ref.title), ("summary", ref.summary)) if value})
    return entry


def import_file(source: Path, root: Path, category: tuple[str, ...] = ()) -> Path:
    """Parse `source` and write it under `root` as a new `.md` file; return its path."""
    data = _read_source(source, root)
    return _imported(str(source), lambda: parse_article(data, source.name), data, root, category)


def _imported(
    name: str, parse: Callable[[], Article], data: bytes, root: Path, category: tuple[str, ...]
) -> Path:
    """Parse and write one source; every way that fails is one ImportFailed naming the source."""
    try:
        article = parse()
        if article.format != "markdown":
            return write_article(article, root, category)
        fields = front_matter(data)
        return write_article(article, root, category, kept=unknown_fields(fields), with_id=names_id(fields))
    except NewsdeskError as error:
        raise ImportFailed(f"{name}: {error}") from None
    except Exception as error:  # a parser's bug: this source is not imported, the others are
        raise ImportFailed(f"{name}: could not be read ({one_line_error(error)})") from None


def front_matter(data: bytes) -> dict[Any, Any]:
    """The front-matter fields of a Markdown file (already parsed), as written; none if it has none."""
    found = _FRONT_MATTER.match(decode_bytes(data).text)
    fields = yaml.load(found.group(1), Loader=_Loader) if found else None
    return fields if isinstance(fields, dict) else {}


def names_id(fields: dict[Any, Any]) -> bool:
    """True when the front matter names the article's id (a text or number the parser took)."""
    value = fields.get("id")
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return False
    return clean_line(scalar_text(value)) != ""  # as the parser reads it: `id: "\a"` names none


def unknown_fields(fields: dict[Any, Any]) -> dict[Any, Any]:
    """The front-matter fields the parser does not know, as written.

    A key that only looks like a known one (` title`, `Category`) is refused: which of
    the two a reader would take is not clear.
    """
    known = _known_fields()
    for key in fields:
        look_alike = known.get(field_key(str(key)))
        if look_alike is not None and key != look_alike:
            shown = str(key) if len(str(key)) <= 40 else str(key)[:39] + "…"
            raise ImportFailed(f"front matter field {shown!r} looks like {look_alike!r}; rename or remove it")
    return {key: value for key, value in fields.items() if field_key(str(key)) not in known}


def _read_source(source: Path, root: Path) -> bytes:
    """The bytes of a file to import: a final link followed once, never out of the folder it is in."""
    path = os.path.abspath(source)
    try:
        if os.path.islink(path):
            path = os.path.join(os.path.dirname(path), os.readlink(path))
        if _named_inside(source, root) and not _inside(os.path.realpath(path), os.path.realpath(root)):
            raise ImportFailed(f"{source}: leads outside the article folder; refused")
        return read_limited(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ImportFailed(f"{source}: a link to another link (or a loop); not followed") from None
        raise ImportFailed(f"{source}: {error.strerror or error}") from None
    except ImportFailed:
        raise
    except NewsdeskError as error:  # too big, not a regular file (a folder, a FIFO, a device)
        raise ImportFailed(f"{source}: {error}") from None


def _named_inside(source: Path, root: Path) -> bool:
    """True for a path in the article folder (by its name or by where its folder really is)."""
    given, folder = os.path.abspath(source), os.path.realpath(os.path.dirname(os.path.abspath(source)))
    return _inside(given, os.path.abspath(root)) or _inside(folder, os.path.realpath(root))


def import_url(url: str, root: Path, category: tuple[str, ...] = (), *, timeout: float = 20.0) -> Path:
    """Fetch a web page (http or https) and write its article under `root` as a new `.md` file."""
    from reader.formats.html import parse_html
    from reader.web import fetch

    fetched = fetch(url, timeout=timeout)  # FetchError says why, in one line
    kind, charset = media_type(fetched.content_type)
    name = _name_in(fetched.url)

    def parse() -> Article:
        if kind in WEB_PAGE_TYPES or (not kind and _looks_like_html(fetched.body)):
            return parse_html(fetched.body, name + ".html", url=fetched.url, charset=charset)
        if kind in TEXT_TYPES:
            article = parse_article(fetched.body, name + TEXT_TYPES[kind])
            return replace(article, source=article.source or fetched.url)
        raise ParseError(f"not a web page or text ({kind or 'no content type'})")

    return _imported(url, parse, fetched.body, root, category)


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


def write_article(
    article: Article,
    root: Path,
    category: tuple[str, ...] = (),
    *,
    stem: str = "",
    kept: dict[Any, Any] | None = None,
    with_id: bool = False,
) -> Path:
    """The article as a new Markdown file in its category's folder (or the one asked for).

    The file is named `stem.md` (else after the title's slug), `stem-2.md` when that is taken.
    `kept` are the source's own unknown fields, `with_id` keeps its id (see `to_markdown`).
    """
    if category:
        article = replace(article, category=category, category_from_file=True)
    folder = root.joinpath(*(slug(level, "category") for level in article.category))
    return write_new(root, folder, stem or slug(article.title), to_markdown(article, kept, with_id=with_id))


def _inside(path: str, real_root: str) -> bool:
    return path == real_root or path.startswith(real_root.rstrip(os.sep) + os.sep)
