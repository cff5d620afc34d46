"""The `newsdesk` command's entry point: the collector is paused before the first import."""

from __future__ import annotations

from reader import garbage


def main() -> int:
    """Run the `newsdesk` command (see `reader.cli`, and `reader.garbage` for the pause)."""
    garbage.pause()
    from reader.cli import main as run_command

    return run_command()
