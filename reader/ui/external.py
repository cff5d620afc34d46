"""Programs the reader hands over to: the editor and a terminal browser with the app suspended,
a graphical browser started on its own."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from textual.app import App, SuspendNotSupported

# Editors known to read `--` as the end of their options. Any other editor gets the path
# alone; the path is absolute either way, so no file name can be read as an option (`-x`)
# or as a command (`+!cmd`, which vi runs).
ENDS_OPTIONS = frozenset(
    {"vi", "vim", "view", "nvim", "vim.tiny", "vim.basic", "vim.nox", "vim.gtk3", "gvim"}
    | {"nano", "rnano", "emacs", "emacsclient", "hx", "helix", "micro"}
)


def editor_command(path: Path) -> list[str] | str:
    """The command that edits `path` ($VISUAL, else $EDITOR, else vi), or why there is none."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        command = shlex.split(editor)
    except ValueError as error:
        return f"The editor command {editor!r} cannot be read: {error}"
    if not command:
        return "The editor command is empty."
    target = str(path.resolve())  # absolute: starts with `/`, never `-` or `+`
    ends_options = ["--"] if os.path.basename(command[0]) in ENDS_OPTIONS else []
    return [*command, *ends_options, target]


def run_editor(app: App[Any], path: Path) -> str | None:
    """Edit a file in $VISUAL or $EDITOR with the app suspended; a message if that could not be done."""
    command = editor_command(path)
    if isinstance(command, str):
        return command
    try:
        with app.suspend():
            subprocess.call(command)
    except SuspendNotSupported:
        return "The editor cannot be started here."
    except OSError as error:
        return f"Could not start {command[0]}: {error.strerror or error}"
    return None


TERMINAL_BROWSERS = frozenset(
    {"lynx", "links", "links2", "elinks", "w3m", "www-browser", "browsh", "carbonyl"}
)


def browser_command(url: str, configured: str | None = None) -> tuple[list[str], bool] | str:
    """The command that opens `url` and whether it runs in this terminal, or why there is none.

    The browser is the one configured, else $BROWSER (`%s` stands for the URL, else it
    goes last), else the system's graphical opener when there is a display, else the
    first terminal browser found.
    """
    chosen = configured or os.environ.get("BROWSER", "").split(os.pathsep)[0]
    if chosen:
        try:
            words = shlex.split(chosen)
        except ValueError as error:
            return f"The browser command {chosen!r} cannot be read: {error}"
        if not words:
            return "The browser command is empty."
        argv = [word.replace("%s", url) for word in words] if "%s" in chosen else [*words, url]
        return argv, _in_terminal(words[0])
    opener = _graphical_opener() if _has_display() else None
    if opener:
        return [opener, url], False
    for name in sorted(TERMINAL_BROWSERS):
        if shutil.which(name):
            return [name, url], True
    return "No browser was found: set $BROWSER (or the browser setting) to one."


def start_browser(app: App[Any], url: str, configured: str | None = None) -> str | None:
    """Open a URL without freezing the reader: detached, or with the app suspended for a terminal one."""
    found = browser_command(url, configured)
    if isinstance(found, str):
        return found
    argv, in_terminal = found
    try:
        if in_terminal:
            with app.suspend():
                subprocess.call(argv)
        else:
            subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # it lives on if the reader quits, and never holds the terminal
            )
    except SuspendNotSupported:
        return "A terminal browser cannot be started here."
    except OSError as error:
        return f"Could not start {argv[0]}: {error.strerror or error}"
    return None


def _in_terminal(program: str) -> bool:
    return os.path.basename(program) in TERMINAL_BROWSERS or not _has_display()


def _has_display() -> bool:
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _graphical_opener() -> str | None:
    if sys.platform == "darwin":
        return "open"
    if sys.platform == "win32":
        return None
    return next((name for name in ("xdg-open", "gio", "sensible-browser") if shutil.which(name)), None)
