"""Articles as JSON, as plain text and as Rich text: untrusted text only ever enters as plain Text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.text import Text

from reader.bodies import body_document
from reader.document import Block, Document
from reader.index.records import Matches
from reader.model import CATEGORY_SEPARATOR, Article, Related, byline_text

STYLE_NAMES = (
    *("heading", "quote", "code", "caption", "rule", "marker", "link", "link-number"),
    *("strong", "em", "strike", "match"),
)
CONSOLE_STYLES: Mapping[str, Style] = {
    "heading": Style(bold=True),
    "quote": Style(italic=True),
    "code": Style(dim=True),
    "caption": Style(italic=True, dim=True),
    "rule": Style(dim=True),
    "marker": Style(bold=True),
    "link": Style(underline=True),
    "strong": Style(bold=True),
    "em": Style(italic=True),
    "strike": Style(strike=True),
    "link-number": Style(dim=True),
    "match": Style(bold=True, reverse=True),
}


def article_json(article: Article, related: list[Related], *, body: bool = True) -> dict[str, Any]:
    """The documented JSON object of an article (without `body` in listings)."""
    data: dict[str, Any] = {
        "id": article.id,
        "path": article.path,
        "format": article.format,
        "title": article.title,
        "category": list(article.category),
        "author": article.author,
        "published": article.published.iso() if article.published else None,
        "lead": article.lead,
        "body": article.body,
        "captions": list(article.captions),
        "tags": list(article.tags),
        "source": article.source,
        "related": [{"title": r.title, "summary": r.summary, "id": r.id} for r in related],
        "problems": list(article.problems),
    }
    if not body:
        del data["body"]
    return data


def article_plain(article: Article, related: list[Related]) -> str:
    """The article as plain text (for pipes and files): the body as its file wrote it."""
    lines = [CATEGORY_SEPARATOR.join(article.category), article.title]
    if byline_text(article):
        lines.append(byline_text(article))
    for block in (article.lead, article.body):
        if block:
            lines += ["", block]
    lines += [""] + [f"Caption: {caption}" for caption in article.captions] if article.captions else []
    if related:
        lines += ["", "Related stories:"]
        for number, item in enumerate(related, 1):
            where = f" [{item.id}]" if item.id else " (not in this folder)"
            lines.append(f"  {number}. {item.title}{where}")
            if item.summary:
                lines.append(f"     {item.summary}")
    for key, value in article.metadata:
        lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n"


def block_text(
    block: Block, styles: Mapping[str, Style], *, matches: Matches = (), number_links: bool = False
) -> Text:
    """One block of a body as Text: its spans styled, links carrying their number as meta.

    `matches` are stretches to mark (the words a search found); with `number_links`
    each link is followed by its number, as the links list (`l`) numbers them.
    """
    if block.kind == "rule":
        return Text("───", style=styles.get("rule", ""))
    style = styles.get(block.kind, Style())
    if block.quoted:
        style = style + styles.get("quote", Style())
    text = Text(block.text, style=style, end="")
    for span in block.spans:
        style = styles.get(span.kind, Style())
        if span.kind == "link":
            style = style + Style(meta={"link": span.link})
        text.stylize(style, span.start, span.end)
    for start, end in matches:
        text.stylize(styles.get("match", Style()), start, end)
    if number_links:
        for span in sorted((s for s in block.spans if s.kind == "link"), key=lambda s: s.end, reverse=True):
            number = Text(f"[{span.link + 1}]", style=styles.get("link-number", Style()), end="")
            text = Text.assemble(text[: span.end], number, text[span.end :], end="")
    if block.kind == "caption":
        text = Text.assemble(("▣ ", styles.get("caption", "")), text, end="")
    return text


def document_renderable(document: Document) -> RenderableType:
    """A body for a terminal: blocks one after another, a blank line between them."""
    parts: list[RenderableType] = []
    for block in document.blocks:
        text = block_text(block, CONSOLE_STYLES)
        left = 2 * block.indent + 2 * block.quoted
        if block.kind == "item" and block.marker:
            text = Text.assemble((block.marker + " ", CONSOLE_STYLES["marker"]), text)
        elif block.kind == "item":
            left += 2
        parts.append(Padding(text, (0, 0, 1, left)))
    return Group(*parts)


def article_rich(article: Article, related: list[Related]) -> RenderableType:
    """The article for a terminal: untrusted text only ever enters as plain Text."""
    parts: list[RenderableType] = [
        Text(CATEGORY_SEPARATOR.join(article.category), style="dim"),
        Text(article.title, style="bold"),
    ]
    if byline_text(article):
        parts.append(Text(byline_text(article), style="italic dim"))
    if article.lead:
        parts.append(Padding(Text(article.lead, style="bold"), (1, 0, 0, 0)))
    document = body_document(article.body, article.format)
    if article.body:
        parts.append(Padding(document_renderable(document), (1, 0, 0, 0)))
    for caption in article.captions:
        if caption not in document.captions():
            parts.append(Padding(Text("▣ " + caption, style="italic dim"), (0, 0, 1, 2)))
    if related:
        parts.append(Text("Related stories", style="bold underline"))
        for number, item in enumerate(related, 1):
            style = "" if item.id else "dim"
            line = Text(f"{number}. ", style=style)
            line.append(item.title, style=style or "bold")
            if not item.id:
                line.append("  (not in this folder)", style="dim italic")
            parts.append(line)
            if item.summary:
                parts.append(Padding(Text(item.summary, style="dim"), (0, 0, 0, 3)))
    return Group(*parts)
