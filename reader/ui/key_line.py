"""The bottom line: the keys that work where the focus is, and the palette's key at the right.

One widget drawing one line. Textual's Footer mounts a widget per key and mounts them
all again whenever the focus moves, which restyles a dozen widgets on every change and
was a third of the reader's start-up; this line only redraws.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.widget import Widget


@dataclass(frozen=True, slots=True)
class KeyItem:
    """One key shown: what to press, what it does, and whether it does anything now."""

    key: str
    shown: str
    description: str
    enabled: bool


class KeyLine(Widget, can_focus=False):
    """` z Read  n Next  / Search … q Quit      ▏^p palette`: as many keys as fit, whole."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-line--key", "key-line--description"}  # noqa: RUF012 - declared so by Widget
    DEFAULT_CSS = """
    KeyLine {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-line--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-line--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[KeyItem] = []
        self.palette: KeyItem | None = None
        self._spans: list[tuple[int, int, KeyItem]] = []  # where each drawn key is, for the mouse

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: object) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        app = self.app
        palette_key = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        items: list[KeyItem] = []
        palette = None
        actions: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            item = KeyItem(binding.key, app.get_key_display(binding), binding.description, active.enabled)
            if key == palette_key:
                palette = item
            elif binding.show and binding.action not in actions:  # an action's first key stands for all
                actions.add(binding.action)
                items.append(item)
        if items != self.items or palette != self.palette:
            self.items, self.palette = items, palette
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-line--key")
        description_style = self.get_component_rich_style("key-line--description")
        right = Text(no_wrap=True)
        if self.palette is not None:
            right.append("▏", style="dim")
            right.append(self.palette.shown, style=key_style)
            right.append(f" {self.palette.description} ", style=description_style)
        room = self.size.width - right.cell_len
        line = Text(no_wrap=True, overflow="crop")
        spans: list[tuple[int, int, KeyItem]] = []
        for item in self.items:
            piece = Text(no_wrap=True)
            piece.append(f" {item.shown} ", style=key_style)
            piece.append(f"{item.description} ", style=description_style)
            if not item.enabled:
                piece.stylize("dim")
            if line.cell_len + piece.cell_len > room:
                break  # a key is shown whole or not at all
            spans.append((line.cell_len, line.cell_len + piece.cell_len, item))
            line.append_text(piece)
        line.append(" " * max(room - line.cell_len, 0))
        if self.palette is not None:
            spans.append((line.cell_len, line.cell_len + right.cell_len, self.palette))
        line.append_text(right)
        self._spans = spans
        return line

    def item_at(self, x: int) -> KeyItem | None:
        """The key drawn at column `x`, if any."""
        return next((item for start, end, item in self._spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it."""
        item = self.item_at(event.x)
        if item is None:
            return
        event.stop()
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
