"""Programs the reader hands over to: the editor, with the app suspended."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from textual.app import App, SuspendNotSupported


def run_editor(app: App[object], path: Path) -> str | None:
    """Edit a file in $VISUAL or $EDITOR with the app suspended; a message if that could not be done."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        command = shlex.split(editor)
    except ValueError as error:
        return f"The editor command {editor!r} cannot be read: {error}"
    if not command:
        return "The editor command is empty."
    try:
        with app.suspend():
            subprocess.call([*command, str(path.resolve())])
    except SuspendNotSupported:
        return "The editor cannot be started here."
    except OSError as error:
        return f"Could not start {command[0]}: {error.strerror or error}"
    return None
