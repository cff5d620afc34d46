"""The interactive reader (placeholder until it is built)."""

from __future__ import annotations

import sys
from pathlib import Path


def run_app(root: Path) -> int:
    """Open the reader on root."""
    print(
        f"newsdesk: the interactive reader is not built yet; try 'newsdesk list -d {root}'",
        file=sys.stderr,
    )
    return 2
