"""Articles as JSON, as plain text and as Rich renderables (for the command line)."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.padding import Padding
from rich.text import Text

from reader.model import CATEGORY_SEPARATOR, Article, Related, byline_text

_MD_ESCAPE = re.compile(r"\\([\\`*_\[\]<>|~#.)+=!-])")


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


def unescape_markdown(text: str) -> str:
    """Markdown escapes removed, for showing a plain-text body as it was written."""
    return _MD_ESCAPE.sub(r"\1", text)


def article_plain(article: Article, related: list[Related]) -> str:
    """The article as plain text (for pipes and files)."""
    lines = [CATEGORY_SEPARATOR.join(article.category), article.title]
    if byline_text(article):
        lines.append(byline_text(article))
    for block in (article.lead, unescape_markdown(article.body)):
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
    if article.body:
        parts.append(Padding(Markdown(article.body, hyperlinks=False), (1, 0, 0, 0)))
    for caption in article.captions:
        parts.append(Padding(Text("▣ " + caption, style="italic dim"), (1, 0, 0, 2)))
    if related:
        parts.append(Padding(Text("Related stories", style="bold underline"), (1, 0, 0, 0)))
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
