"""The configuration file: `config.yaml` in the user config folder. Every setting is optional.

A bad file never stops the reader: each setting that cannot be used is reported with
the file, the line and the setting, and its default is used instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from reader.actions import ACTIONS, BY_ID
from reader.paths import config_dir

if TYPE_CHECKING:
    import yaml

Layout = Literal["auto", "columns", "stacked"]
Sort = Literal["newest", "oldest", "title", "unread"]
LAYOUTS: tuple[Layout, ...] = ("auto", "columns", "stacked")
SORTS: tuple[Sort, ...] = ("newest", "oldest", "title", "unread")
MAX_BYTES = 1024 * 1024
_SEE = "`newsdesk config default`"
_MODIFIERS = {"ctrl", "shift", "alt", "super", "meta"}
_KEY_NAMES = {
    *("space", "enter", "escape", "tab", "backspace", "delete", "insert", "home", "end"),
    *("pageup", "pagedown", "up", "down", "left", "right"),
    *("slash", "question_mark", "exclamation_mark", "minus", "plus", "equals_sign", "comma", "full_stop"),
    *("left_square_bracket", "right_square_bracket", "left_curly_bracket", "right_curly_bracket"),
    *("colon", "semicolon", "apostrophe", "quotation_mark", "number_sign", "dollar_sign", "percent_sign"),
    *("ampersand", "asterisk", "at", "backslash", "circumflex_accent", "underscore", "grave_accent"),
    *("vertical_line", "tilde", "less_than_sign", "greater_than_sign", "left_parenthesis"),
    "right_parenthesis",
    *(f"f{n}" for n in range(1, 25)),
}


@dataclass(frozen=True, slots=True)
class Config:
    """The settings, as the file gives them (or their defaults)."""

    folder: str | None = None
    theme: str = "textual-dark"
    layout: Layout = "auto"
    sort: Sort = "newest"
    date_format: str = "%Y-%m-%d"
    browser: str = ""
    mark_read_on_open: bool = True
    quiet_seconds: float = 1.0
    fetch_every: float = 0.0  # seconds between background fetches of the feeds; 0: only on R
    keys: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """A setting that could not be used: where it is and why."""

    path: Path
    line: int
    key: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.key + ': ' if self.key else ''}{self.reason}"


def config_file() -> Path:
    """Where the configuration file is (it need not exist)."""
    return config_dir() / "config.yaml"


def load_config(path: Path | None = None) -> tuple[Config, list[ConfigProblem]]:
    """The settings of a file, and what was wrong in it (a missing file is all defaults)."""
    path = path or config_file()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Config(), []
    except OSError as error:
        return Config(), [ConfigProblem(path, 0, "", f"cannot be read: {error.strerror or error}")]
    if len(data) > MAX_BYTES:
        return Config(), [ConfigProblem(path, 0, "", "is over 1 MiB; not read")]
    import yaml  # only a config file that exists needs the YAML reader (start-up stays quick)

    try:
        root = yaml.compose(data.decode("utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        return Config(), [ConfigProblem(path, line, "", f"is not valid YAML ({_first_line(error)})")]
    if root is None:
        return Config(), []
    if not isinstance(root, yaml.MappingNode):
        return Config(), [ConfigProblem(path, root.start_mark.line + 1, "", "must be a mapping of settings")]
    return _read(path, root)


def _read(path: Path, root: yaml.MappingNode) -> tuple[Config, list[ConfigProblem]]:
    import yaml

    config, problems = Config(), []
    for key_node, value_node in root.value:
        name, line = str(key_node.value), key_node.start_mark.line + 1
        try:
            value = yaml.SafeLoader("").construct_object(value_node, deep=True)
        except yaml.YAMLError as error:
            problems.append(ConfigProblem(path, line, name, _first_line(error)))
            continue
        if name == "keys":
            keys, wrong = _keys(value, value_node)
            config = replace(config, keys=keys)
            problems += [ConfigProblem(path, where, f"keys.{action}", why) for action, where, why in wrong]
            continue
        check = _CHECKS.get(name)
        if check is None:
            problems.append(
                ConfigProblem(path, line, name, "is not a setting (see `newsdesk config default`)")
            )
            continue
        outcome = check(value)
        if isinstance(outcome, _Wrong):
            problems.append(ConfigProblem(path, line, name, f"{outcome.reason}; using {_default(name)!r}"))
        else:
            config = replace(config, **{name: outcome})
    return config, problems


@dataclass(frozen=True, slots=True)
class _Wrong:
    reason: str


def _default(name: str) -> Any:
    return getattr(Config(), name)


def _text(value: Any) -> Any:
    return value if isinstance(value, str) else _Wrong("must be text")


def _folder(value: Any) -> Any:
    return (
        str(Path(value).expanduser())
        if isinstance(value, str) and value.strip()
        else _Wrong("must be a path")
    )


def _one_of(choices: tuple[str, ...]) -> Any:
    def check(value: Any) -> Any:
        return value if value in choices else _Wrong(f"must be one of {', '.join(choices)}")

    return check


def _theme(value: Any) -> Any:
    return value if isinstance(value, str) and value.strip() else _Wrong("must be a theme's name")


def _date_format(value: Any) -> Any:
    if not isinstance(value, str) or "%" not in value:
        return _Wrong("must be a strftime format such as %Y-%m-%d")
    try:
        shown = datetime(2024, 12, 31, 23, 59).strftime(value)
    except ValueError as error:
        return _Wrong(f"is not a date format ({error})")
    if not any(char.isdigit() for char in shown) or len(shown) > 24:
        return _Wrong("must show a date (with numbers) in at most 24 characters")
    return value


def _flag(value: Any) -> Any:
    return value if isinstance(value, bool) else _Wrong("must be true or false")


def _seconds(value: Any) -> Any:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 60
    return float(value) if ok else _Wrong("must be a number of seconds from 0 to 60")


_DURATION = re.compile(r"(?:(\d+)\s*+h)?\s*+(?:(\d+)\s*+m(?:in)?)?\s*+(?:(\d+)\s*+s)?", re.IGNORECASE)
FETCH_EVERY_RANGE = (60.0, 7 * 24 * 3600.0)


def _duration(value: Any) -> Any:
    """`30m`, `1h`, `1h30m`, `90s` or a number of minutes; 0 or `off` turns it off."""
    wrong = _Wrong("must be a time such as 30m, 2h or 1h30m (at least 1m), or off")
    if value is False or value in (0, "0", "off"):
        return 0.0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value) * 60
    elif isinstance(value, str) and (match := _DURATION.fullmatch(value.strip())) and any(match.groups()):
        hours, minutes, rest = (int(part or 0) for part in match.groups())
        seconds = float(hours * 3600 + minutes * 60 + rest)
    else:
        return wrong
    low, high = FETCH_EVERY_RANGE
    return seconds if low <= seconds <= high else wrong


_CHECKS = {
    "folder": _folder,
    "theme": _theme,
    "layout": _one_of(LAYOUTS),
    "sort": _one_of(SORTS),
    "date_format": _date_format,
    "browser": _text,
    "mark_read_on_open": _flag,
    "quiet_seconds": _seconds,
    "fetch_every": _duration,
}


def _keys(value: Any, node: yaml.Node) -> tuple[dict[str, str], list[tuple[str, int, str]]]:
    """The `keys:` section: action name to keys; what could not be used, with its line."""
    import yaml

    line = node.start_mark.line + 1
    if not isinstance(value, dict) or not isinstance(node, yaml.MappingNode):
        return {}, [("", line, "must be a mapping of action: keys")]
    keys: dict[str, str] = {}
    wrong: list[tuple[str, int, str]] = []
    for key_node, _value_node in node.value:
        action, where = str(key_node.value), key_node.start_mark.line + 1
        bound = value.get(key_node.value)
        if isinstance(bound, int) and not isinstance(bound, bool) and 0 <= bound <= 9:
            bound = str(bound)  # `related_1: 1` is a digit key, not a number
        if action not in BY_ID:
            wrong.append((action, where, f"is not an action (see {_SEE})"))
        elif not isinstance(bound, str) or not bound.strip():
            wrong.append((action, where, "must be keys such as 'j' or 'ctrl+n,down'"))
        elif bad := [key for key in _split(bound) if not valid_key(key)]:
            wrong.append((action, where, f"{', '.join(bad)} is not a key; keeping {BY_ID[action].keys!r}"))
        else:
            keys[action] = ",".join(_split(bound))
    return keys, wrong


def _split(keys: str) -> list[str]:
    return [key.strip() for key in keys.split(",") if key.strip()]


def valid_key(key: str) -> bool:
    """A key as Textual names it: `j`, `G`, `ctrl+n`, `shift+space`, `f5`, `slash`."""
    *modifiers, name = key.split("+")
    if any(modifier not in _MODIFIERS for modifier in modifiers):
        return False
    return (len(name) == 1 and name.isprintable() and not name.isspace()) or name in _KEY_NAMES


def _first_line(error: Exception) -> str:
    return str(getattr(error, "problem", None) or error).splitlines()[0]


def default_config() -> str:
    """A full configuration file with every setting at its default, each explained."""
    width = max(len(action.id) for action in ACTIONS)
    keys = "\n".join(
        f"  {action.id + ':':<{width + 1}} {_quoted(action.keys)}  # {action.text}" for action in ACTIONS
    )
    return _DEFAULT_TEXT.format(keys=keys)


def _quoted(keys: str) -> str:
    plain = re.fullmatch(r"[a-z_+,]+", keys) and keys not in ("y", "n", "yes", "no", "on", "off")
    return keys if plain else repr(keys)


_DEFAULT_TEXT = """\
# Newsdesk configuration: this file is config.yaml in the user config folder
# (`newsdesk config path` prints where). Every setting is optional; a setting that
# cannot be used is reported (`newsdesk config check`) and its default used.

# The article folder when no folder is given (after $NEWSDESK_DIR).
# folder: ~/news

# A Textual theme: textual-dark, textual-light, nord, gruvbox, tokyo-night, monokai,
# dracula, catppuccin-mocha, solarized-light, ... Choosing one with the command
# palette (Ctrl+P, "theme") remembers it instead.
theme: textual-dark

# auto: three columns from 160 columns on, else the tree beside the list over the
# article; columns: always three; stacked: always the list over the article.
layout: auto

# The list's order at the first start: newest, oldest, title, unread (unread first).
# S changes it; the reader remembers the last one.
sort: newest

# How dates are shown in the list (Python strftime).
date_format: "%Y-%m-%d"

# The command that opens links (`o`, and links in articles); %s stands for the URL,
# else it goes last. Empty: $BROWSER, else the system's browser. A terminal browser
# (w3m, lynx, elinks, links) gets the terminal until it ends.
browser: ""

# Opening an article marks it read.
mark_read_on_open: true

# A changed file is read once nothing has happened to it for this many seconds
# (a new file that arrived whole, and is open for writing nowhere, is read at once).
quiet_seconds: 1.0

# Fetch the folder's feeds (feeds.yaml beside the articles) in the background while
# the reader is open: 30m, 2h, 1h30m; off fetches only when R is pressed.
fetch_every: "off"

# Keys for every action: `action: keys`, several keys separated by commas. Keys are
# named as Textual names them: j, G, ctrl+n, shift+space, escape, f5, slash.
keys:
{keys}
"""
