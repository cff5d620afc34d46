"""Back and forward through opened articles, like a browser, with scroll positions."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Visit:
    """An article as it was left: which one, and how far down it was read."""

    article_id: str
    scroll_y: float = 0.0


@dataclass(slots=True)
class History:
    """A browser-style history: opening a new article drops the forward entries."""

    back_stack: list[Visit] = field(default_factory=list)
    forward_stack: list[Visit] = field(default_factory=list)
    current: Visit | None = None
    limit: int = 200

    def open(self, article_id: str, scroll_y: float = 0.0) -> None:
        """Record leaving the current article (at scroll_y) for another one."""
        if self.current is not None and self.current.article_id == article_id:
            return
        if self.current is not None:
            self.back_stack.append(Visit(self.current.article_id, scroll_y))
            del self.back_stack[: -self.limit]
        self.forward_stack.clear()
        self.current = Visit(article_id)

    def back(self, scroll_y: float = 0.0) -> Visit | None:
        """Go back: the visit to show, or None at the start."""
        return self._move(self.back_stack, self.forward_stack, scroll_y)

    def forward(self, scroll_y: float = 0.0) -> Visit | None:
        """Go forward again after going back."""
        return self._move(self.forward_stack, self.back_stack, scroll_y)

    def _move(self, source: list[Visit], target: list[Visit], scroll_y: float) -> Visit | None:
        if not source or self.current is None:
            return None
        target.append(Visit(self.current.article_id, scroll_y))
        self.current = source.pop()
        return self.current

    def forget(self, article_id: str) -> None:
        """Drop an article that no longer exists from both stacks."""
        self.back_stack[:] = [v for v in self.back_stack if v.article_id != article_id]
        self.forward_stack[:] = [v for v in self.forward_stack if v.article_id != article_id]
