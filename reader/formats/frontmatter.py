"""Safe reading of YAML front matter: plain data only, bounded in size and depth.

The YAML is composed into nodes first and measured there, aliases expanded in the
count but not in memory, so that a small file that would become gigabytes of values
is refused before any value is built. Numbers are numbers only when written in
plain decimal: `0x1F`, `007`, `1_000` or `1:30` stay the text that was written, and
so do dates and YAML 1.1's booleans (`title: Yes` is the title "Yes", not True).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from reader.model import ParseError

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPENING = re.compile(r"\A---[ \t]*\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,99})")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]{1,100}\.[0-9]{0,100}|\.[0-9]{1,100})(?:[eE][-+]?[0-9]{1,3})?")
MAX_NODES = 20_000
MAX_DEPTH = 50
MAX_ALIAS_GROWTH = 1_000_000  # characters that aliases may add to what the front matter spells out
_NESTING = "[{-:?"  # the characters that open a level of nesting: brackets and entry indicators


class _PlainLoader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that leaves dates, and numbers not written in plain decimal, as text."""

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        """A whole number written in plain decimal; any other form (hex, octal, base 60, `_`) as written."""
        text = self.construct_scalar(node)
        return int(text) if _PLAIN_INT.fullmatch(text) else text

    def construct_yaml_float(self, node: yaml.ScalarNode) -> Any:
        """A decimal fraction written plainly; `1:30.5`, `1_0.5`, `.inf` and `.nan` as written."""
        text = self.construct_scalar(node)
        return float(text) if _PLAIN_FLOAT.fullmatch(text) else text


_PlainLoader.add_constructor("tag:yaml.org,2002:int", _PlainLoader.construct_yaml_int)
_PlainLoader.add_constructor("tag:yaml.org,2002:float", _PlainLoader.construct_yaml_float)
_AS_WRITTEN = (":timestamp", ":bool")  # dates, and yes/no/on/off/true/false, stay the text written
_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(_AS_WRITTEN)]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True)
class SplitText:
    """A document split into its front matter (None if it has none) and its body."""

    front_matter: dict[str, Any] | None
    body: str
    warnings: tuple[str, ...] = ()


def split_front_matter(text: str) -> SplitText:
    """Split `---` delimited YAML front matter from the body and load it safely."""
    opening = _OPENING.match(text)
    if not opening:
        return SplitText(None, text)
    closing = _CLOSING.search(text, opening.end())
    if not closing:
        raise ParseError("front matter is not closed by a '---' line")
    raw = text[opening.end() : closing.start()]
    body = text[closing.end() :].lstrip("\n")
    return SplitText(load_mapping(raw, first_line=2), body)


def load_mapping(raw: str, *, first_line: int = 1) -> dict[str, Any]:
    """Load YAML that must be a mapping of plain data; anything else is a ParseError."""
    try:
        data = _load(raw)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        if error.context_mark is not None and (mark is None or mark.line >= raw.count("\n")):
            mark = error.context_mark  # the error is at the end: point at what was left open
        where = f" at line {mark.line + first_line}" if mark is not None else ""
        raise ParseError(f"front matter is not valid YAML{where}: {error.problem}") from None
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError) as error:
        raise ParseError(f"front matter is not valid YAML: {error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParseError(f"front matter is a {_kind(data)}, not a mapping of fields")
    return {str(key): value for key, value in data.items()}


def _load(raw: str) -> Any:
    """Compose the nodes, measure them, and only then build the values."""
    loader = _PlainLoader(raw)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if not _plainly_small(raw):
            _check_size(node, len(raw) + MAX_ALIAS_GROWTH)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _plainly_small(raw: str) -> bool:
    """True when the text alone shows the limits cannot be passed, so the nodes need no measuring.

    Without a `*` there is no alias, so nothing is repeated: the values are no more
    than two per character, and their characters no more than the text's. Each level
    of nesting needs a character of its own among `[{-:?` (an entry's indicator or a
    bracket), so fewer of those than the depth limit cannot nest too deeply.
    """
    if "*" in raw or 2 * len(raw) + 1 > MAX_NODES:
        return False
    return sum(map(raw.count, _NESTING)) < MAX_DEPTH


def _check_size(root: yaml.Node, max_chars: int) -> None:
    """Refuse alias bombs, aliases that fan one big value out, and absurd nesting.

    Each node is measured once (an alias is the node it names), as the values it
    would expand to: how many, how many characters, how deep.
    """
    measured: dict[int, tuple[int, int, int]] = {}  # node id -> (values, characters, depth)
    opened: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in measured:
            continue
        children = _children(node)
        if children_done:
            measured[id(node)] = _measure(node, [measured[id(child)] for child in children], max_chars)
            continue
        if id(node) in opened:
            raise ParseError("front matter is nested too deeply (an alias refers to itself)")
        opened.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in measured)


def _measure(node: yaml.Node, parts: list[tuple[int, int, int]], max_chars: int) -> tuple[int, int, int]:
    """A node's values, characters and depth from its children's; a ParseError past a limit."""
    values = 1 + sum(part[0] for part in parts)
    chars = (len(node.value) if isinstance(node, yaml.ScalarNode) else 0) + sum(part[1] for part in parts)
    depth = 1 + max((part[2] for part in parts), default=0)
    if values > MAX_NODES:
        raise ParseError("front matter is too large (too many values or aliases)")
    if chars > max_chars:
        growth = f"{MAX_ALIAS_GROWTH:,} characters"
        raise ParseError(f"front matter is too large after expanding aliases (they may add {growth})")
    if depth > MAX_DEPTH + 1:
        raise ParseError("front matter is nested too deeply")
    return values, chars, depth


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "text"
    return type(value).__name__
