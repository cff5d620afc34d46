"""Safe reading of YAML front matter: plain data only, bounded in size and depth."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from reader.model import ParseError

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPENING = re.compile(r"\A---[ \t]*\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
MAX_NODES = 20_000
MAX_DEPTH = 50


class _PlainLoader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that leaves dates as text so that we parse them ourselves."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")]
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
        data = yaml.load(raw, Loader=_PlainLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        if error.context_mark is not None and (mark is None or mark.line >= raw.count("\n")):
            mark = error.context_mark  # the error is at the end: point at what was left open
        where = f" at line {mark.line + first_line}" if mark is not None else ""
        raise ParseError(f"front matter is not valid YAML{where}: {error.problem}") from None
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        raise ParseError(f"front matter is not valid YAML: {error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParseError(f"front matter is a {_kind(data)}, not a mapping of fields")
    _check_size(data)
    return {str(key): value for key, value in data.items()}


def _check_size(data: Any) -> None:
    """Refuse alias bombs and absurd nesting by walking with a budget."""
    budget = MAX_NODES
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        budget -= 1
        if budget < 0:
            raise ParseError("front matter is too large (too many values or aliases)")
        if depth > MAX_DEPTH:
            raise ParseError("front matter is nested too deeply")
        if isinstance(node, dict):
            stack.extend((value, depth + 1) for value in node.values())
            stack.extend((key, depth + 1) for key in node)
        elif isinstance(node, list):
            stack.extend((item, depth + 1) for item in node)


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "text"
    return type(value).__name__
