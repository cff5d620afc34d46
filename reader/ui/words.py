"""Small wording helpers for messages."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """`1 article`, `3 articles`."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
