"""The line under the title that tells about a long folder check, a first index or a fetch of the feeds."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

BAR_WIDTH = 30


class ProgressLine(Static):
    """Hidden unless the folder takes a while to check or to index."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.display = False

    def checking(self) -> None:
        """Say that the folder is being checked."""
        self.update(Text("Checking the folder for new and changed files…", style="italic"))
        self.display = True

    def indexing(self, done: int, total: int, rate: float) -> None:
        """Show how far a first index has come (and hide the line once it is done)."""
        self.display = total > 0 and done < total
        if self.display:
            filled = int(BAR_WIDTH * done / total)
            bar = "█" * filled + "░" * (BAR_WIDTH - filled)
            self.update(Text(f"Indexing {bar} {done:,}/{total:,} files · {rate:,.0f} files/s", style="bold"))

    def fetching(self, done: int, total: int, name: str) -> None:
        """Show how far a fetch of the feeds has come."""
        filled = int(BAR_WIDTH * done / total) if total else 0
        line = Text(
            f"Fetching feeds {'█' * filled}{'░' * (BAR_WIDTH - filled)} {done:,}/{total:,}", style="bold"
        )
        if name:
            line.append(f" · {name}", style="dim")
        self.update(line)
        self.display = True

    def finish(self) -> None:
        """The folder has been checked."""
        self.display = False
