"""The reading pane: category path, title, byline, lead, body, captions, related stories."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.bodies import body_document
from reader.document import PARSE_LIMIT, Document, Link
from reader.model import CATEGORY_SEPARATOR, Article, Related
from reader.ui.article_body import ArticleBody
from reader.ui.keys import binding

SUMMARY_CHARS = 110
MEASURE = 88  # the widest an article's text is set, in columns ("about 90")
EMPTY_MESSAGE = "Select an article and press Enter to read it."
_KIND_NOTE = {"link": "", "category": "same category", "similar": "more like this"}


def shorten(text: str, limit: int) -> str:
    """Text cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class RelatedList(OptionList):
    """Numbered related stories; the ones not in the folder are shown but disabled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "step(1)", "Down", show=False),
        Binding("k,up", "step(-1)", "Up", show=False),
        Binding("g,home", "first", "First", show=False),
        Binding("G,end", "last", "Last", show=False),
    ]

    def action_step(self, step: int) -> None:
        """Move without wrapping around, skipping stories that are not in the folder."""
        current = self.highlighted if self.highlighted is not None else -step
        index = current + step
        while 0 <= index < self.option_count and self.get_option_at_index(index).disabled:
            index += step
        if 0 <= index < self.option_count:
            self.highlighted = index

    class Chosen(Message):
        """A related story was chosen."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def show(self, related: list[Related]) -> None:
        """Replace the entries."""
        self.clear_options()
        self.add_options(self._option(n, item) for n, item in enumerate(related, 1))
        first = next((i for i, item in enumerate(related) if item.id), None)
        self.highlighted = first

    @staticmethod
    def _option(number: int, item: Related) -> Option:
        """`N.` in a column of its own, so wrapped lines hang under the title."""
        text = Text(item.title, style="" if item.id else "dim")
        note = _KIND_NOTE.get(item.kind, "") if item.id else "not in this folder"
        if note:
            text.append(f"  · {note}", style="dim italic")
        if item.summary:
            text.append("\n" + shorten(item.summary, SUMMARY_CHARS), style="dim")
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(width=3, justify="right", style="bold")
        grid.add_column(ratio=1)
        grid.add_row(Text(f"{number}."), text)
        return Option(grid, id=item.id, disabled=item.id is None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))


class ReadingPane(VerticalScroll, can_focus=True):
    """Shows one article, centred at a comfortable width; untrusted text only ever enters as Text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("cursor_down", "scroll_down"),
        binding("cursor_up", "scroll_up"),
        binding("first", "scroll_home"),
        binding("last", "scroll_end"),
        binding("page_down_list", "page_down"),
        binding("page_up_list", "page_up"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.related: list[Related] = []
        self._scroll_wanted: float | None = None  # where to go once a long body has been read whole

    def compose(self) -> ComposeResult:
        yield Static(id="file-problem", markup=False)
        yield Static(id="crumb", markup=False)
        yield Static(id="headline", markup=False)
        yield Static(id="byline", markup=False)
        yield Static(id="source", markup=False)
        yield Static(id="lead", markup=False)
        yield Static(id="captions", markup=False)
        yield ArticleBody(id="body")
        yield Static(id="notice", markup=False)
        yield Static(id="tags", markup=False)
        yield Static(id="metadata", markup=False)
        yield Static(id="copies", markup=False)
        yield Static(Text("Related stories"), id="related-heading", markup=False)
        yield RelatedList(id="related")

    def on_mount(self) -> None:
        self.show_message(EMPTY_MESSAGE)

    def on_resize(self) -> None:
        """Keep the text at most MEASURE columns wide, centred in the pane."""
        inside = self.region.width - 2 - self.styles.scrollbar_size_vertical  # less the border and scrollbar
        side = max(-(-(inside - MEASURE) // 2), 1)  # rounded up: never wider than MEASURE
        if self.styles.padding.left != side:
            self.styles.padding = (0, side)

    def show_message(self, message: str) -> None:
        """Show a note instead of an article (nothing open, file removed)."""
        self.article = None
        self.related = []
        self.query_one("#headline", Static).update(Text(message, style="italic"))
        for name in PARTS:
            self._part(name, "")
        self.query_one(ArticleBody).show(body_document("", "plain"))
        self.query_one("#related-heading").display = False
        self.query_one("#related", RelatedList).display = False

    def show(self, article: Article, related: list[Related], scroll_y: float = 0.0, **notes: Any) -> None:
        """Show an article and its related stories, then restore a scroll position.

        Notes: `problem` says why the file cannot be read now (what is shown is its last
        good version); `highlight` lists the words a search found, marked in the body; `copies`
        are the paths of other files holding exactly this article.
        """
        self.article, self.related = article, related
        problem = notes.get("problem")
        cannot = f"This file cannot be read now ({problem}); this is the last version that could be."
        self._part("#file-problem", cannot if problem else "")
        self._part("#crumb", CATEGORY_SEPARATOR.join(article.category))
        self.query_one("#headline", Static).update(Text(article.title))
        self._part("#byline", " · ".join(part for part in byline_parts(article) if part))
        self._source(article.source)
        self._part("#lead", article.lead)
        body = self.query_one(ArticleBody)
        body.load(article.body, article.format, highlight=notes.get("highlight"))
        self._captions(article, body.document)
        self._scroll_wanted = scroll_y if body.preview_only else None
        rest = len(article.body) - PARSE_LIMIT
        self._part(
            "#notice", f"(The rest of this article, {rest:,} characters, is not shown.)" if rest > 0 else ""
        )
        self._part("#tags", "Tags: " + " · ".join(article.tags) if article.tags else "")
        self._part("#metadata", "\n".join(f"{k}: {v}" for k, v in article.metadata))
        copies = notes.get("copies") or []
        self._part("#copies", ("Also in: " + ", ".join(copies)) if copies else "")
        related_list = self.query_one("#related", RelatedList)
        related_list.show(related)
        related_list.display = bool(related)
        self.query_one("#related-heading").display = bool(related)
        self.call_after_refresh(self.scroll_to, y=scroll_y, animate=False)

    def on_article_body_parsed(self, message: ArticleBody.Parsed) -> None:
        """A long body was read whole: its captions, and the place the reader was going back to."""
        if self.article is None:
            return
        self._captions(self.article, message.document)
        if message.failed:
            self.notify(
                f"{self.article.path}: the body is shown as text ({message.failed}).", severity="warning"
            )
        wanted, self._scroll_wanted = self._scroll_wanted, None
        if wanted is not None and self.scroll_y < wanted and self.scroll_y >= self.max_scroll_y:
            self.call_after_refresh(self.scroll_to, y=wanted, animate=False)

    def _captions(self, article: Article, document: Document) -> None:
        """The captions of the article's images that its body does not show."""
        in_body = set(document.captions())
        self._part("#captions", "\n".join("▣ " + c for c in article.captions if c not in in_body))

    @property
    def links(self) -> tuple[Link, ...]:
        """The links of the body shown, numbered from 1 as the body numbers them."""
        return self.query_one(ArticleBody).document.links

    def _source(self, url: str) -> None:
        """The source URL on a line of its own, cut at the end, never broken in the middle of a word."""
        source = self.query_one("#source", Static)
        source.update(Text(url, no_wrap=True, overflow="ellipsis"))
        source.display = bool(url)

    def _part(self, name: str, text: str) -> None:
        """Fill one of the pane's lines of text (hidden when there is nothing to say)."""
        part = self.query_one(name, Static)
        part.update(Text(text))
        part.display = bool(text)

    def focus_related(self) -> bool:
        """Move focus to the related list (scrolling it into view); False if there is none."""
        related = self.query_one("#related", RelatedList)
        if not related.display or related.option_count == 0:
            return False
        related.focus()
        self.scroll_to_widget(related, animate=False, top=False)
        return True


def byline_parts(article: Article) -> tuple[str, str]:
    """Author and date (the source goes on a line of its own)."""
    return article.author, article.published.display() if article.published else ""


PARTS = (
    "#file-problem",
    "#crumb",
    "#byline",
    "#source",
    "#lead",
    "#captions",
    "#notice",
    "#tags",
    "#metadata",
    "#copies",
)
