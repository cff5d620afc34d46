"""Choices a person makes in the reader and expects it to keep (the theme): a small JSON file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from reader.paths import data_dir


class Preferences:
    """Remembered choices, in the user data folder; a damaged file is simply started again."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "preferences.json"
        self._values = self._load()

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, key: str) -> str | None:
        """A remembered choice, if any."""
        value = self._values.get(key)
        return value if isinstance(value, str) else None

    def set(self, key: str, value: str) -> None:
        """Remember a choice (written at once, atomically; a failure to write is not an error)."""
        self._values[key] = value
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".preferences-", dir=self.path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(self._values, stream, ensure_ascii=False, indent=2)
            os.replace(temporary, self.path)
        except OSError:
            pass
