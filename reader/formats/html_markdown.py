"""The extractor's article tree (TEI-like XML) as Markdown blocks, every text cleaned and escaped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from reader.formats.html_tree import Element
from reader.text import clean_line, clean_text

MAX_NESTING = 40
MAX_TABLE_ROWS = 500
SAFE_SCHEMES = ("http://", "https://", "mailto:")
_EMPHASIS = {"#b": "**", "#i": "*"}
_BLOCK_TAGS = frozenset({"p", "head", "list", "quote", "code", "table", "div"})
_URL_UNSAFE = re.compile(r"[\s()<>]")
_SPACES = re.compile(r"\s+")
_MD_LINE_START = re.compile(r"^([ \t]*)(#|>|-+[ \t]*$|[-+*](?=[ \t]|$)|=+[ \t]*$)", re.MULTILINE)
_MD_ORDERED = re.compile(r"^([ \t]*\d{1,9})([.)])(?=[ \t]|$)", re.MULTILINE)
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")


@dataclass(frozen=True, slots=True)
class Block:
    """One block of body text: its Markdown, its plain words, and whether it is a lone short link."""

    markdown: str
    plain: str
    kind: str = "paragraph"
    link_only: bool = False


def plain_text(element: Element) -> str:
    """The words of an element on one line, cleaned."""
    return clean_line(" ".join(element.itertext()))


def text_block(text: str, kind: str = "paragraph") -> Block | None:
    """A block of escaped plain text (None when there is no text)."""
    plain = clean_line(text)
    if not plain:
        return None
    markdown = escape_markdown(plain)
    return Block("## " + markdown if kind == "heading" else markdown, plain, kind)


def blocks_from_xml(body: Element) -> list[Block]:
    """Markdown blocks for the extractor's tree, in reading order."""
    blocks: list[Block] = []
    _children(body, blocks, 0)
    return blocks


def _children(element: Element, blocks: list[Block], depth: int) -> None:
    _add(blocks, text_block(element.text or ""))
    for child in element:
        _block(child, blocks, depth + 1)
        _add(blocks, text_block(child.tail or ""))


def _add(blocks: list[Block], block: Block | None) -> None:
    if block is not None and block.plain:
        blocks.append(block)


def _block(element: Element, blocks: list[Block], depth: int) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in ("", "graphic", "lb"):
        return
    if depth > MAX_NESTING:
        _add(blocks, text_block(" ".join(element.itertext())))
    elif tag == "head":
        _add(blocks, _heading(element))
    elif tag == "list":
        _add(blocks, Block(_list(element, depth), plain_text(element), "list"))
    elif tag == "quote":
        _add(blocks, _quote(element, depth))
    elif tag == "code":
        _add(blocks, _code(element))
    elif tag == "table":
        _add(blocks, _table(element))
    elif tag != "p" and any(child.tag in _BLOCK_TAGS for child in element):
        _children(element, blocks, depth)
    else:
        _add(blocks, _paragraph(element))


def _paragraph(element: Element) -> Block:
    markdown = _finish(_inline(element))
    only = [child for child in element if isinstance(child.tag, str)]
    link_only = (
        len(only) == 1
        and only[0].tag == "ref"
        and not (element.text or "").strip()
        and not (only[0].tail or "").strip()
        and len(plain_text(element).split()) <= 5
    )
    return Block(markdown, plain_text(element), "paragraph", link_only)


def _heading(element: Element) -> Block:
    rend = element.get("rend") or "h2"
    level = min(6, max(2, int(rend[1]) if rend[1:2].isdigit() else 2))
    text = _finish(_inline(element)).replace("\n", " ")
    return Block("#" * level + " " + text, plain_text(element), "heading")


def _list(element: Element, depth: int) -> str:
    ordered = element.get("rend") == "ol"
    entries: list[str] = []
    for item in (child for child in element if child.tag == "item"):
        marker = f"{len(entries) + 1}." if ordered else "-"
        text = _finish(_inline(item, skip="list")).replace("\n", " ")
        nested = [_list(sub, depth + 1) for sub in item if sub.tag == "list" and depth < MAX_NESTING]
        if not text and not nested:
            continue
        pad = " " * (len(marker) + 1)
        entries.append(f"{marker} {text}" + "".join("\n" + _indent(n, pad) for n in nested))
    return "\n".join(entries)


def _indent(text: str, pad: str) -> str:
    return "\n".join(pad + line if line else line for line in text.split("\n"))


def _quote(element: Element, depth: int) -> Block:
    inner: list[Block] = []
    if any(child.tag in _BLOCK_TAGS for child in element):
        _children(element, inner, depth)
    else:
        _add(inner, _paragraph(element))
    text = "\n\n".join(block.markdown for block in inner)
    quoted = "\n".join("> " + line if line else ">" for line in text.split("\n"))
    return Block(quoted, plain_text(element), "quote")


def _code(element: Element) -> Block:
    code = clean_text("".join(element.itertext())).strip("\n")
    fence = "```"
    while fence in code:
        fence += "`"
    return Block(f"{fence}\n{code}\n{fence}", clean_line(code), "code")


def _table(element: Element) -> Block:
    rows = [[_cell(cell) for cell in row if cell.tag == "cell"] for row in element if row.tag == "row"]
    rows = [row for row in rows[:MAX_TABLE_ROWS] if any(row)]
    width = max((len(row) for row in rows), default=0)
    if width <= 1:
        return Block("\n\n".join(row[0] for row in rows if row), plain_text(element))
    lines = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in rows]
    lines.insert(1, "|" + " --- |" * width)
    return Block("\n".join(lines), plain_text(element), "table")


def _cell(cell: Element) -> str:
    return _finish(_inline(cell)).replace("\n", " ")


def _inline(element: Element, skip: str = "") -> str:
    parts = [_escape(element.text)]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "lb":
            parts.append("\n")
        elif tag == "hi":
            parts.append(_emphasis(child))
        elif tag == "ref":
            parts.append(_link(_inline(child), child.get("target") or ""))
        elif tag == "code":
            parts.append(_code_span(child))
        elif tag and tag not in (skip, "graphic"):
            parts.append(" " + _inline(child) + " ")
        parts.append(_escape(child.tail))
    return "".join(parts)


def _escape(text: str | None) -> str:
    if not text:
        return ""
    return escape_markdown(_SPACES.sub(" ", clean_text(text)))


def _emphasis(element: Element) -> str:
    rend = element.get("rend") or ""
    if rend == "#t":
        return _code_span(element)
    content = _inline(element)
    marker = _EMPHASIS.get(rend, "")
    core = content.strip()
    if not marker or not core or "\n" in core:
        return content
    before = content[: len(content) - len(content.lstrip())]
    after = content[len(content.rstrip()) :]
    return f"{before}{marker}{core}{marker}{after}"


def _code_span(element: Element) -> str:
    code = clean_line("".join(element.itertext()))
    return f"`{code}`" if code and "`" not in code else _escape(code)


def _link(label: str, target: str) -> str:
    core = label.strip()
    target = clean_line(target)
    if not core or "\n" in core or not target.lower().startswith(SAFE_SCHEMES):
        return label
    target = _URL_UNSAFE.sub(lambda match: quote(match.group()), target)
    before = label[: len(label) - len(label.lstrip())]
    after = label[len(label.rstrip()) :]
    return f"{before}[{core}]({target}){after}"


def _finish(text: str) -> str:
    """Spaces collapsed, line ends trimmed, empty lines dropped."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def escape_markdown(text: str) -> str:
    """Plain text escaped so that Markdown shows it literally."""
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_ORDERED.sub(r"\1\\\2", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
