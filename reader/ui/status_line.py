"""The title line: how many articles the list shows, how many are unread, the filter, the folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from reader.scan import display_path
from reader.text import plural


@dataclass(frozen=True, slots=True)
class Status:
    """What the title line says."""

    shown: int
    unread: int | None = 0  # None until counted (the first frame)
    label: str = "All"
    searching: bool = False
    capped: bool = False
    unread_only: bool = False
    order: str = ""


class StatusLine(Static):
    """`Newsdesk  46 articles, 45 unread  ▸ Science  articles`, cut to fit."""

    def __init__(self, root: Path, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.root = root

    def show(self, status: Status) -> None:
        """Say what the list shows."""
        line = Text("Newsdesk  ", style="bold", no_wrap=True, overflow="ellipsis")
        if status.searching:
            more = "+" if status.capped else ""
            found = "1 result found" if status.shown == 1 else f"{status.shown:,}{more} results found"
            line.append(found, style="dim")
        else:
            unread = "" if status.unread is None else f", {status.unread:,} unread"
            line.append(f"{plural(status.shown, 'article')}{unread}", style="dim")
            if status.unread_only:
                line.append("  [unread only]", style="bold reverse")
            if status.order:
                line.append(f"  [{status.order}]", style="bold")
        room = max(self.size.width - line.cell_len - 6, 10)
        label = Text("  ▸ " + ("search" if status.searching else status.label), style="bold")
        label.truncate(room, overflow="ellipsis")
        line.append_text(label)
        line.append(f"  {display_path(str(self.root))}", style="dim")
        self.update(line, layout=False)
