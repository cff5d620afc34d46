"""The folder's subscriptions: `feeds.yaml` at its root, written by hand or by `newsdesk feeds add`.

    feeds:
      - url: https://vnexpress.net/rss/the-gioi.rss
        name: VnExpress Thế giới
        category: Thế giới / Châu Á
        full_text: false

Only `url` is needed. An entry that cannot be used is reported with the file and its
line, and the others are used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from reader.formats import SUBSCRIPTIONS_FILE
from reader.formats.common import MAX_CATEGORY_DEPTH, split_levels
from reader.model import NewsdeskError
from reader.text import clean_line, fold

MAX_FILE_BYTES = 1024 * 1024
MAX_NAME = 200
SCHEMES = ("http", "https", "file")
FIELDS = ("url", "name", "category", "full_text")


class SubscriptionsError(NewsdeskError):
    """The subscriptions file cannot be read or changed as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class Subscription:
    """One feed: where it is, what it is called, and where its entries go."""

    url: str
    name: str
    category: tuple[str, ...] = ()
    full_text: bool = False
    line: int = 0

    @property
    def folder(self) -> tuple[str, ...]:
        """The category its entries are filed under: its own, else one named after the feed."""
        return self.category or (self.name,)


@dataclass(frozen=True, slots=True)
class SubscriptionProblem:
    """An entry (or the file) that could not be used: where, and why."""

    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}" if self.line else f"{self.path}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Subscriptions:
    """The usable subscriptions of a folder, in file order, and what was wrong in the file."""

    path: Path
    feeds: tuple[Subscription, ...] = ()
    problems: tuple[SubscriptionProblem, ...] = ()

    def find(self, ref: str) -> Subscription | None:
        """The subscription with this name (case and diacritics aside) or this URL."""
        wanted = fold(ref)
        return next((s for s in self.feeds if s.url == ref.strip() or fold(s.name) == wanted), None)


def subscriptions_file(root: Path) -> Path:
    """Where a folder's subscriptions are (the file need not exist)."""
    return root / SUBSCRIPTIONS_FILE


def load_subscriptions(root: Path) -> Subscriptions:
    """Read a folder's `feeds.yaml`; a missing file is no subscriptions."""
    path = subscriptions_file(root)
    root_node = compose_file(path)
    if root_node is None:
        return Subscriptions(path)
    return _Reader(path).read(root_node)


def compose_file(path: Path) -> yaml.Node | None:
    """The file's YAML node tree (None for a missing or empty file); SubscriptionsError if unusable."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise SubscriptionsError(f"{path}: cannot be read ({error.strerror or error})") from None
    if len(data) > MAX_FILE_BYTES:
        raise SubscriptionsError(f"{path}: is over 1 MiB; not read")
    try:
        return yaml.compose(data.decode("utf-8-sig"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError as error:
        raise SubscriptionsError(f"{path}: is not UTF-8 text (byte {error.start})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or error
        raise SubscriptionsError(f"{path}{where}: is not valid YAML ({problem})") from None


def feeds_node(root_node: yaml.Node) -> yaml.Node | None:
    """The value of the top-level `feeds:` key, if the file has one."""
    if not isinstance(root_node, yaml.MappingNode):
        return None
    return next((value for key, value in root_node.value if key.value == "feeds"), None)


class _Reader:
    """Reads the entries of one file, collecting what is wrong with them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[SubscriptionProblem] = []

    def read(self, root_node: yaml.Node) -> Subscriptions:
        line = root_node.start_mark.line + 1
        if not isinstance(root_node, yaml.MappingNode):
            return self._done([], line, "must be a mapping with a `feeds:` list")
        for key, _value in root_node.value:
            if key.value != "feeds":
                self._problem(key.start_mark.line + 1, f"{key.value}: is not a setting (only `feeds:`)")
        node = feeds_node(root_node)
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
            return self._done([])
        if not isinstance(node, yaml.SequenceNode):
            return self._done([], node.start_mark.line + 1, "`feeds:` must be a list of feeds")
        return self._done(self._entries(node.value))

    def _entries(self, nodes: list[yaml.Node]) -> list[Subscription]:
        found: list[Subscription] = []
        for node in nodes:
            entry = self._entry(node)
            if entry is None:
                continue
            twin = next((s for s in found if s.url == entry.url or fold(s.name) == fold(entry.name)), None)
            if twin is not None:
                same = "address" if twin.url == entry.url else "name"
                self._problem(entry.line, f"same {same} as the feed at line {twin.line}; skipped")
                continue
            found.append(entry)
        return found

    def _entry(self, node: yaml.Node) -> Subscription | None:
        line = node.start_mark.line + 1
        try:
            value = yaml.SafeLoader("").construct_object(node, deep=True)
        except yaml.YAMLError as error:
            self._problem(line, f"cannot be read ({getattr(error, 'problem', None) or error}); skipped")
            return None
        if isinstance(value, str):
            value = {"url": value}  # `- https://…` alone is a feed too
        if not isinstance(value, dict):
            self._problem(line, "a feed must be a mapping with at least `url:`; skipped")
            return None
        try:
            return _subscription(value, line, self._problem)
        except ValueError as error:
            self._problem(line, f"{error}; skipped")
            return None

    def _problem(self, line: int, reason: str) -> None:
        self.problems.append(SubscriptionProblem(self.path, line, reason))

    def _done(self, feeds: list[Subscription], line: int = 0, reason: str = "") -> Subscriptions:
        if reason:
            self._problem(line, reason)
        problems = sorted(self.problems, key=lambda problem: problem.line)
        return Subscriptions(self.path, tuple(feeds), tuple(problems))


def _subscription(fields: dict[Any, Any], line: int, warn: Callable[[int, str], None]) -> Subscription:
    """A subscription from an entry's fields; ValueError says why it cannot be one."""
    for key in fields:
        if key not in FIELDS:
            warn(line, f"{key}: is not a feed setting (use {', '.join(FIELDS)}); ignored")
    url = check_url(fields.get("url"))
    name = fields.get("name")
    if name is not None and (isinstance(name, (bool, dict, list)) or not clean_line(str(name))):
        raise ValueError("`name` must be text")
    full_text = fields.get("full_text", False)
    if not isinstance(full_text, bool):
        raise ValueError("`full_text` must be true or false")
    return Subscription(
        url=url,
        name=clean_line(str(name))[:MAX_NAME] if name is not None else name_from_url(url),
        category=parse_category(fields.get("category")),
        full_text=full_text,
        line=line,
    )


def check_url(value: Any) -> str:
    """A feed's address as given, if it is one Newsdesk can fetch; ValueError otherwise."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("needs `url:`, the feed's address")
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not (parts.netloc or parts.scheme.lower() == "file"):
        raise ValueError(f"{clean_line(url)[:80]!r} is not an http, https or file address")
    if clean_line(url) != url:
        raise ValueError("the address has spaces or control characters in it")
    return url


def parse_category(value: Any) -> tuple[str, ...]:
    """`Thế giới / Châu Á` or a list of levels; ValueError for anything else."""
    if value is None:
        return ()
    if isinstance(value, list) and all(isinstance(level, (str, int)) for level in value):
        levels = tuple(clean_line(str(level)) for level in value if clean_line(str(level)))
    elif isinstance(value, (str, int)) and not isinstance(value, bool):
        levels = split_levels(str(value))
    else:
        raise ValueError("`category` must be text such as `Thế giới / Châu Á`, or a list of levels")
    return levels[:MAX_CATEGORY_DEPTH]


def name_from_url(url: str) -> str:
    """A name for a feed that was given none: its host and the last part of its path."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    host = host.removeprefix("www.")
    last = unquote(parts.path.rstrip("/").rpartition("/")[2]).rpartition(".")
    stem = last[0] or last[2]
    name = clean_line(f"{host} {stem}" if stem and stem.lower() not in ("rss", "feed", "atom") else host)
    return name[:MAX_NAME] or "feed"
