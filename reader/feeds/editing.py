"""Adding feeds to `feeds.yaml` and removing them, leaving the rest of the file as it was written.

A new entry is put after the last one (with the same indentation), a removed entry's
lines are taken out; comments and the other entries stay. A file whose `feeds:` is
not a list written one entry per line is written anew. The file is replaced atomically.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from reader.feeds.subscriptions import (
    Subscription,
    SubscriptionsError,
    compose_file,
    feeds_node,
    load_subscriptions,
    subscriptions_file,
)
from reader.text import fold

HEADER = """\
# The feeds of this folder: `newsdesk fetch` writes their new entries here as articles.
# Each feed needs `url:`; `name:`, `category:` (such as Thế giới / Châu Á) and
# `full_text: true` (fetch the linked page when the feed has only a summary) are optional.
"""


def add_subscriptions(root: Path, new: Iterable[Subscription]) -> list[Subscription]:
    """Add feeds to the folder's file; those already there (same address or name) are left out."""
    current = load_subscriptions(root)
    taken_urls = {feed.url for feed in current.feeds}
    taken_names = {fold(feed.name) for feed in current.feeds}
    added: list[Subscription] = []
    for feed in new:
        if feed.url in taken_urls or fold(feed.name) in taken_names:
            continue
        taken_urls.add(feed.url)
        taken_names.add(fold(feed.name))
        added.append(feed)
    if added:
        path = subscriptions_file(root)
        _replace(path, with_entries(_text_of(path), added))
    return added


def remove_subscription(root: Path, ref: str) -> Subscription:
    """Take the feed with this name or address out of the folder's file; return it."""
    current = load_subscriptions(root)
    feed = current.find(ref)
    if feed is None:
        raise SubscriptionsError(f"no feed named {ref!r} in {current.path} (see `newsdesk feeds list`)")
    path = current.path
    _replace(path, without_entry(_text_of(path), feed.line))
    return feed


def with_entries(text: str, feeds: list[Subscription]) -> str:
    """The file's text with entries added after the last one."""
    root_node = yaml.compose(text, Loader=yaml.SafeLoader) if text.strip() else None
    if root_node is None:
        return (text or HEADER) + "feeds:\n" + "".join(entry_text(feed, 2) for feed in feeds)
    if not isinstance(root_node, yaml.MappingNode):
        raise SubscriptionsError("the file is not a mapping with a `feeds:` list; add the feed by hand")
    node = feeds_node(root_node)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if node is None:
        return "".join(lines) + "feeds:\n" + "".join(entry_text(feed, 2) for feed in feeds)
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        at = _line_after(node.value[-1])
        block = "".join(entry_text(feed, node.start_mark.column) for feed in feeds)
        return "".join(lines[:at]) + block + "".join(lines[at:])
    if isinstance(node, yaml.ScalarNode) and node.value == "" and node.tag.endswith(":null"):
        key = next(k for k, v in root_node.value if v is node)
        at = key.start_mark.line + 1
        return "".join(lines[:at]) + "".join(entry_text(feed, 2) for feed in feeds) + "".join(lines[at:])
    return _rewritten(root_node, feeds)


def without_entry(text: str, line: int) -> str:
    """The file's text without the entry that starts at `line` (1-based)."""
    root_node = yaml.compose(text, Loader=yaml.SafeLoader)
    node = feeds_node(root_node) if root_node is not None else None
    if root_node is None or not isinstance(node, yaml.SequenceNode):
        raise SubscriptionsError("the feed could not be found in the file")
    items = node.value
    index = next((i for i, item in enumerate(items) if item.start_mark.line + 1 == line), None)
    if index is None:
        raise SubscriptionsError("the feed could not be found in the file")
    if node.flow_style or (index + 1 < len(items) and items[index + 1].start_mark.line + 1 == line):
        return _rewritten(root_node, [], drop=index)
    start, end = line - 1, _line_after(items[index])  # comments after it belong to what follows
    lines = text.splitlines(keepends=True)
    return "".join(lines[:start] + lines[end:])


def entry_text(feed: Subscription, indent: int) -> str:
    """One feed as YAML lines: `- url: …` then its other fields."""
    pad = " " * indent
    fields: list[tuple[str, Any]] = [("url", feed.url), ("name", feed.name)]
    if feed.category:
        fields.append(("category", " / ".join(feed.category)))
    if feed.full_text:
        fields.append(("full_text", True))
    first, *rest = (f"{key}: {_scalar(value)}\n" for key, value in fields)
    return f"{pad}- {first}" + "".join(f"{pad}  {line}" for line in rest)


def _scalar(value: Any) -> str:
    """A value as YAML writes it on one line: plain where that reads back the same, else quoted."""
    dumped: str = yaml.safe_dump(value, allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n").removesuffix("\n...")


def _line_after(node: yaml.Node) -> int:
    """The index of the first line after a node's last value (comments after it stay after it)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    mark = node.end_mark
    return mark.line if mark.column == 0 else mark.line + 1


def _rewritten(root_node: yaml.Node, added: list[Subscription], drop: int = -1) -> str:
    """The whole file written anew from its data (when its layout cannot be edited line by line)."""
    data = yaml.SafeLoader("").construct_document(root_node)
    data = data if isinstance(data, dict) else {}
    listed = data.get("feeds")
    current: list[Any] = listed if isinstance(listed, list) else []
    kept = [entry for number, entry in enumerate(current) if number != drop]
    data["feeds"] = kept + [yaml.safe_load(entry_text(feed, 0))[0] for feed in added]
    return HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _text_of(path: Path) -> str:
    """The file's text ("" when there is none); a file that is not YAML is reported, never overwritten."""
    compose_file(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return ""


def _replace(path: Path, text: str) -> None:
    """Write the file atomically: readers see the old file or the new one, never half of it."""
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    handle, temporary = tempfile.mkstemp(prefix=".feeds-", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, mode)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
