"""Reading article bodies into documents: Markdown parsed once with markdown-it, plain text by paragraphs.

Markdown is read with markdown-it-py, the parser Rich and Textual use too; everything
that needs to know what a body says (its title heading, image captions, links, the
text a search snippet is cut from, the reading pane) asks this module. Raw HTML in a
body is shown as text, never interpreted.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from reader.document import MARKDOWN_FORMATS, PARSE_LIMIT, Block, BlockKind, Document, Link, Span, SpanKind
from reader.text import clean_line, clean_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

COSTLY_SHARE = 5  # an inline run with more than 1 in 5 characters markup-like is read as text
COSTLY_BUDGET = 20_000  # markup-like characters parsed per body before the rest is read as text
_SPECIALS = "[]*_`<&~\\!"
BULLETS = ("•", "◦", "▪")
QUICK_LINES = 1000  # a body of more lines than this is read away from the screen's thread...
PREVIEW_LINES = 300  # ...and its first lines are shown while it is


def body_document(body: str, article_format: str) -> Document:
    """The document of an article body: Markdown for Markdown and web pages, else plain text."""
    return markdown_document(body) if article_format in MARKDOWN_FORMATS else plain_document(body)


def body_preview(body: str) -> str | None:
    """The first lines of a body too long to read while the reader waits; None for a short one.

    Reading Markdown costs about 0.1 ms a line (200 KB of one-line list items take seconds).
    """
    if body.count("\n", 0, PARSE_LIMIT) <= QUICK_LINES:
        return None
    return "\n".join(body.split("\n", PREVIEW_LINES)[:PREVIEW_LINES])


def plain_document(text: str) -> Document:
    """Plain text (up to PARSE_LIMIT): paragraphs split at blank lines, line breaks inside kept.

    Runs of spaces inside a line are shown as one, as a browser shows a page's text.
    """
    text = _head(text)
    paragraphs = (
        "\n".join(" ".join(ln.split()) for ln in p.split("\n") if ln.strip()) for p in _paragraphs(text)
    )
    return Document(tuple(Block("paragraph", p) for p in paragraphs if p))


def _paragraphs(text: str) -> Iterator[str]:
    block: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            block.append(line)
        elif block:
            yield "\n".join(block)
            block = []
    if block:
        yield "\n".join(block)


def markdown_document(text: str) -> Document:
    """Markdown read into blocks (up to PARSE_LIMIT); costly runs of markup are read as text."""
    builder = _Builder()
    builder.walk(_parser().parse(_head(text)))
    return Document(tuple(builder.blocks), tuple(builder.links))


def heading_title(text: str) -> tuple[str, str] | None:
    """The first top-level `# heading` (never one inside code) and the body without it."""
    tokens = _parser().parse(_head(text))
    for number, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1" and token.level == 0 and token.map:
            title = clean_line(_inline_plain(tokens[number + 1]))
            if not title:
                continue
            lines = text.split("\n")
            start, end = token.map
            rest = "\n".join(lines[:start] + lines[end:]).strip("\n")
            return title, rest
    return None


def image_captions(text: str) -> list[str]:
    """The alt texts of a Markdown body's images (none are looked for when it has none)."""
    if "![" not in text:
        return []
    found: list[str] = []
    for token in _parser().parse(_head(text)):
        for child in token.children or ():
            if child.type == "image":
                alt = _alt_text(child)
                if alt and alt not in found:
                    found.append(alt)
    return found


def _head(text: str) -> str:
    """The part of a body that is parsed: whole lines, up to PARSE_LIMIT characters."""
    if len(text) <= PARSE_LIMIT:
        return text
    cut = text.rfind("\n", 0, PARSE_LIMIT)
    return text[: cut if cut > 0 else PARSE_LIMIT]


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # imported when first needed: it is slow to import

    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    parser.core.ruler.before("inline", "costly_as_text", _costly_as_text)
    return parser


def _costly_as_text(state: StateCore) -> None:
    """Hand text full of brackets and stars to the reader as text, not to the inline parser.

    Inline parsing costs more than linear time on such runs (50,000 `![` take seconds);
    real prose has a few markup characters per hundred.
    """
    budget = COSTLY_BUDGET
    for token in state.tokens:
        if token.type != "inline":
            continue
        specials = sum(map(token.content.count, _SPECIALS))
        if specials * COSTLY_SHARE > max(len(token.content), 400) or specials > budget:
            token.type = "inline_text"
        else:
            budget -= specials


def _alt_text(image: Token) -> str:
    """An image's alt text as words (its markup, like `*t*`, taken off)."""
    return clean_line(_inline_plain(image))


def _inline_plain(token: Token) -> str:
    if token.children is None:
        return token.content
    return "".join(child.content for child in token.children if child.type in ("text", "code_inline"))


@dataclass(slots=True)
class _Inline:
    """Text and spans of one inline run being read."""

    parts: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    open: list[tuple[SpanKind, int, int]] = field(default_factory=list)
    length: int = 0

    def add(self, text: str) -> None:
        text = clean_text(text)
        self.parts.append(text)
        self.length += len(text)

    def start(self, kind: SpanKind, link: int = -1) -> None:
        self.open.append((kind, self.length, link))

    def end(self, kind: SpanKind) -> int:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == kind:
                _kind, start, link = self.open.pop(index)
                if self.length > start:
                    self.spans.append(Span(start, self.length, kind, link))
                return start
        return self.length

    def text(self) -> str:
        return "".join(self.parts)


_SPAN_TOKENS: dict[str, SpanKind] = {"strong": "strong", "em": "em", "s": "strike"}


class _Builder:
    """Walks markdown-it's tokens, keeping track of lists and quotes, emitting blocks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.lists: list[list[int]] = []  # per open list: [next number] (-1 for bullets)
        self.quoted = 0
        self.item_marker = ""
        self.row: list[str] = []
        self.table: list[str] = []

    def walk(self, tokens: Sequence[Token]) -> None:
        for number, token in enumerate(tokens):
            handler = getattr(self, "_" + token.type, None)
            if handler is not None:
                handler(token, tokens, number)

    def _emit(self, kind: BlockKind, text: str, spans: Sequence[Span] = (), level: int = 0) -> None:
        marker = ""
        if kind == "paragraph" and self.lists:
            kind, marker, self.item_marker = "item", self.item_marker, ""
        indent = len(self.lists) - (1 if kind == "item" else 0)
        self.blocks.append(Block(kind, text, tuple(spans), level, indent, self.quoted, marker))

    def _blockquote_open(self, token: Token, tokens: Sequence[Token], at: int) -> None:
        self.quoted += 1

    def _blockquote_close(self, token: Token, tokens: Sequence[Token], at: int) -> None:
        self.quoted -= 1

    def _bullet_list_open(self, token: Token, tokens: Sequence[Token], at: int) -> None:
        self.lists.append([-1])

    def _ordered_list_open(self, token: Token, tokens: Sequence[Token], at: int) -> None:
        self.lists.append([int(token.attrGet("start") or 1)])

    def _bullet_list_close(self, token: Token, tokens: Sequence[Token], at: int) -> None:
        self.lists.pop()

    _ordered_list_close = _bullet_list_close

    def _list_item_open(self, token: Token, tokens: Sequence[Token], at: int) -> None:
        counter = self.lists[-1]
        if counter[0] < 0:
            self.item_marker = BULLETS[(len(self.lists) - 1) % len(BULLETS)]
        else:
            self.item_marker = f"{counter[0]}."
            counter[0] += 1

    def _inline(self, token: Token, tokens: Sequence[Token], at: int) -> None:
        opener = tokens[at - 1].type if at else ""
        if opener == "heading_open":
            run = self._read_inline(token)
            self._emit("heading", run.text(), run.spans, int(tokens[at - 1].tag[1:]))
        elif opener == "paragraph_open":
            self._paragraph(token)
        elif opener in ("th_open", "td_open"):
            self.row.append(clean_line(self._read_inline(token).text()))

    def _inline_text(self, token: Token, tokens: Sequence[Token], at: int) -> None:
        self._emit("paragraph", clean_text(token.content))

    def _paragraph(self, token: Token) -> None:
        children = token.children or []
        images = [c for c in children if c.type == "image"]
        if images and all(c.type in ("image", "softbreak") or not c.content.strip() for c in children):
            for image in images:
                if _alt_text(image):
                    self._emit("caption", _alt_text(image))
            return
        run = self._read_inline(token)
        self._emit("paragraph", run.text(), run.spans)

    def _read_inline(self, token: Token) -> _Inline:
        run = _Inline()
        for child in token.children or []:
            kind = child.type
            if kind == "text":
                run.add(child.content)
            elif kind == "softbreak":
                run.add(" ")
            elif kind == "hardbreak":
                run.add("\n")
            elif kind == "code_inline":
                run.start("code")
                run.add(child.content)
                run.end("code")
            elif kind == "image":
                run.add("▣ " + _alt_text(child))
            elif kind == "link_open":
                run.start("link", len(self.links))
                self.links.append(Link("", clean_line(str(child.attrGet("href") or ""))))
            elif kind == "link_close":
                start = run.end("link")
                index = len(self.links) - 1
                self.links[index] = Link(clean_line(run.text()[start:]), self.links[index].href)
            elif kind.endswith("_open") and kind[:-5] in _SPAN_TOKENS:
                run.start(_SPAN_TOKENS[kind[:-5]])
            elif kind.endswith("_close") and kind[:-6] in _SPAN_TOKENS:
                run.end(_SPAN_TOKENS[kind[:-6]])
        return run

    def _fence(self, token: Token, tokens: Sequence[Token], at: int) -> None:
        self._emit("code", clean_text(token.content).rstrip("\n"))

    _code_block = _fence

    def _hr(self, token: Token, tokens: Sequence[Token], at: int) -> None:
        self._emit("rule", "")

    def _tr_close(self, token: Token, tokens: Sequence[Token], at: int) -> None:
        self.table.append(" │ ".join(self.row))
        self.row = []

    def _table_close(self, token: Token, tokens: Sequence[Token], at: int) -> None:
        self._emit("table", "\n".join(self.table))
        self.table = []
