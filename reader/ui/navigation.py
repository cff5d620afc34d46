"""Opening articles: from the list, by key, through related stories, back and forward."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.screen import Screen

from reader.history import History
from reader.model import Article, NotFound, Related
from reader.state import StateError
from reader.ui.article_list import ArticleList
from reader.ui.reading_pane import ReadingPane, RelatedList

if TYPE_CHECKING:
    from reader.ui.app import NewsdeskApp

RELATED_BY_CATEGORY = 5
SIMILAR = 5


class ArticleNavigation(Screen[None]):
    """The main screen's article actions, kept apart to keep each file short."""

    history: History

    @property
    def news(self) -> NewsdeskApp:
        """The app, typed."""
        from reader.ui.app import NewsdeskApp

        assert isinstance(self.app, NewsdeskApp)
        return self.app

    @property
    def open_id(self) -> str | None:
        """The article in the reading pane."""
        article = self.query_one(ReadingPane).article
        return article.id if article else None

    def marks_changed(self, article_id: str, read_delta: int) -> None:
        """Recount after a mark changed (the main screen does it)."""

    @on(ArticleList.Opened)
    async def _list_opened(self, event: ArticleList.Opened) -> None:
        await self.open_article(event.article_id)

    @on(RelatedList.Chosen)
    async def _related_chosen(self, event: RelatedList.Chosen) -> None:
        await self.open_article(event.article_id)

    def related_of(self, article: Article) -> list[Related]:
        """Explicit links first, then stories like it, then others of the same category."""
        library = self.news.library
        related = library.related(article)
        shown = {r.id for r in related if r.id is not None} | {article.id}
        similar = [r for r in library.similar(article, SIMILAR + len(shown)) if r.id not in shown]
        related += similar[:SIMILAR]
        shown |= {r.id for r in similar[:SIMILAR] if r.id is not None}
        nearby = [
            r for r in library.same_category(article, RELATED_BY_CATEGORY + len(shown)) if r.id not in shown
        ]
        return related + nearby[:RELATED_BY_CATEGORY]

    async def open_article(self, article_id: str, *, scroll_y: float = 0.0, record: bool = True) -> None:
        """Show an article, mark it read, and remember where the reader came from."""
        try:
            article = self.news.library.get(article_id)
        except NotFound:
            self.notify(f"That article is no longer in the folder ({article_id}).", severity="warning")
            return
        reader = self.query_one(ReadingPane)
        if record:
            self.history.open(article.id, reader.scroll_y)
        if not self.news.state.is_read(article.id) and self.save_mark(article.id, "read", True):
            self.marks_changed(article.id, -1)
        await reader.show(article, self.related_of(article), scroll_y)
        article_list = self.query_one(ArticleList)
        index = article_list.index_of(self.news.library.rowid_of(article.id))
        if index is not None:
            article_list.move_to(index)
        article_list.refresh()

    async def action_step_article(self, step: int) -> None:
        article_list = self.query_one(ArticleList)
        if not article_list.rowids:
            return
        current = article_list.index_of(self.news.library.rowid_of(self.open_id or ""))
        if current is None:
            current = article_list.cursor if self.open_id is not None else article_list.cursor - step
        target = current + step
        row = article_list.row(target)
        if row is None:
            self.notify("No more articles in this list.", timeout=2)
        else:
            await self.open_article(row.id)

    async def action_next_unread(self) -> None:
        article_list = self.query_one(ArticleList)
        start = article_list.index_of(self.news.library.rowid_of(self.open_id or ""))
        start = -1 if start is None else start
        order = article_list.rowids[start + 1 :] + article_list.rowids[: start + 1]
        for begin in range(0, len(order), 500):
            rows = self.news.library.summaries(order[begin : begin + 500])
            for rowid in order[begin : begin + 500]:
                row = rows.get(rowid)
                if row is not None and not self.news.state.is_read(row.id):
                    await self.open_article(row.id)
                    return
        self.notify("No unread articles left here.", timeout=2)

    def _target_id(self) -> str | None:
        """The article a mark applies to: the focused list row, else the open article."""
        article_list = self.query_one(ArticleList)
        if article_list.has_focus:
            return article_list.current_id
        return self.open_id or article_list.current_id

    def action_toggle_read(self) -> None:
        target = self._target_id()
        if target:
            now_read = not self.news.state.is_read(target)
            if self.save_mark(target, "read", now_read):
                self.marks_changed(target, -1 if now_read else 1)

    def action_toggle_star(self) -> None:
        target = self._target_id()
        if target and self.save_mark(target, "starred", not self.news.state.is_starred(target)):
            self.marks_changed(target, 0)

    def save_mark(self, article_id: str, mark: str, value: bool) -> bool:
        """Write a mark; if the marks file is busy or read-only, say so and go on."""
        state = self.news.state
        try:
            (state.set_read if mark == "read" else state.set_starred)(article_id, value)
        except StateError as error:
            self.notify(str(error), severity="error", timeout=6)
            return False
        return True

    def action_open_source(self) -> None:
        article = self.query_one(ReadingPane).article
        if article is None or not article.source:
            self.notify("This article has no source URL.", timeout=3)
        elif not article.source.lower().startswith(("http://", "https://")):
            self.notify("Only http and https sources are opened.", severity="warning")
        else:
            self.notify(f"Opening {article.source}", timeout=3)
            self.app.open_url(article.source)

    @on(ReadingPane.LinkClicked)
    def _link_clicked(self, event: ReadingPane.LinkClicked) -> None:
        if event.href.lower().startswith(("http://", "https://")):
            self.app.open_url(event.href)
        else:
            self.notify("Only http and https links are opened.", severity="warning")

    async def action_edit(self) -> None:
        article = self.query_one(ReadingPane).article
        if article is not None:
            await self.news.edit_article(article)

    def action_focus_related(self) -> None:
        if not self.query_one(ReadingPane).focus_related():
            self.notify("No related stories.", timeout=2)

    async def action_open_related(self, number: int) -> None:
        related = self.query_one(ReadingPane).related
        if number > len(related):
            self.notify(f"There is no related story {number}.", timeout=2)
        elif related[number - 1].id is None:
            self.notify("That story is not in this folder.", timeout=3)
        else:
            await self.open_article(related[number - 1].id or "")

    async def action_back(self) -> None:
        visit = self.history.back(self.query_one(ReadingPane).scroll_y)
        if visit is None:
            self.notify("Nothing to go back to.", timeout=2)
        else:
            await self.open_article(visit.article_id, scroll_y=visit.scroll_y, record=False)

    async def action_forward(self) -> None:
        visit = self.history.forward(self.query_one(ReadingPane).scroll_y)
        if visit is None:
            self.notify("Nothing to go forward to.", timeout=2)
        else:
            await self.open_article(visit.article_id, scroll_y=visit.scroll_y, record=False)
