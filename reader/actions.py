"""Every action of the reader, its default keys and what it does: one list for the bindings,
the help screen, the command palette, the README and the `keys:` section of the config file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Where = Literal["screen", "list", "tree", "reader", "related"]


@dataclass(frozen=True, slots=True)
class Action:
    """One thing a key can do. `id` is the name the config file binds keys to."""

    id: str
    keys: str
    group: str
    text: str
    where: Where = "screen"
    call: str = ""  # the widget or screen action it runs, when not the same as `id`
    label: str = ""  # a word or two for the footer, for the actions shown there

    @property
    def action(self) -> str:
        """The Textual action to run."""
        return self.call or self.id


ACTIONS: tuple[Action, ...] = (
    Action("cursor_down", "j,down", "Move", "next row (list, tree, related stories)", "list"),
    Action("cursor_up", "k,up", "Move", "previous row", "list"),
    Action("first", "g,home", "Move", "first row; top of the article", "list"),
    Action("last", "G,end", "Move", "last row; bottom of the article", "list"),
    Action("page_down_list", "pagedown", "Move", "a page down the list", "list", "page_down"),
    Action("page_up_list", "pageup", "Move", "a page up the list", "list", "page_up"),
    Action("page_down", "space", "Move", "page the article down; at its end, open the next unread"),
    Action("page_up", "shift+space,b,minus", "Move", "page the article up"),
    Action("focus_next", "tab", "Move", "next pane", call="app.focus_next"),
    Action("focus_previous", "shift+tab", "Move", "previous pane", call="app.focus_previous"),
    Action("collapse", "left,h", "Move", "close a category in the tree (or go to its parent)", "tree"),
    Action("expand", "right,l", "Move", "open a category in the tree", "tree"),
    Action("toggle_tree", "t", "View", "show or hide the category tree"),
    Action("tree_totals", "T", "View", "show or hide the total counts beside the unread ones in the tree"),
    Action("cycle_layout", "v", "View", "layout: automatic, three columns, list over article"),
    Action("full_screen", "z", "View", "the article alone, at a comfortable width", label="Read"),
    Action("back_out", "escape", "View", "back out one level: dialog, search, related, full screen"),
    Action("open", "enter", "Article", "open the article under the cursor (filter, in the tree)", "list"),
    Action("next_article", "n", "Article", "open the next article of the list", label="Next"),
    Action("previous_article", "p", "Article", "open the previous article of the list"),
    Action("next_unread", "N", "Article", "open the next unread article"),
    Action("toggle_read", "u", "Article", "mark read or unread"),
    Action("toggle_star", "s", "Article", "star or unstar"),
    Action("links", "l", "Article", "the article's links: Enter opens one, y copies it"),
    Action("open_source", "o", "Article", "open the source URL in the browser"),
    Action("edit", "e", "Article", "edit the file in $VISUAL or $EDITOR"),
    Action("related", "r", "Related", "go to the related stories", label="Related"),
    *(
        Action(f"related_{n}", str(n), "Related", f"open related story {n}", call=f"open_related({n})")
        for n in range(1, 10)
    ),
    Action("back", "backspace,alt+left,H", "Related", "back to the article read before", label="Back"),
    Action("forward", "alt+right,L", "Related", "forward again"),
    Action(
        "pick_category", "c", "Filter", "category picker: type to narrow, Enter applies", label="Category"
    ),
    Action("show_all", "a", "Filter", "back to All"),
    Action("next_category", "right_square_bracket", "Filter", "next category", call="step_category(1)"),
    Action(
        "previous_category", "left_square_bracket", "Filter", "previous category", call="step_category(-1)"
    ),
    Action("unread_only", "U", "Filter", "unread only, on or off"),
    Action("sort", "S", "Filter", "sort: newest, oldest, title, unread first"),
    Action("mark_all_read", "A", "Catch up", "mark every article in the view read (asks first)"),
    Action("mark_category_read", "C", "Catch up", "mark the category under the tree's cursor read"),
    Action("undo", "ctrl+z", "Catch up", "undo the last marking"),
    Action("fetch_feeds", "R", "Feeds", "fetch the folder's feeds (feeds.yaml); new entries join the list"),
    Action(
        "search", "slash", "Search", "search as you type; Enter opens, Esc puts the list back", label="Search"
    ),
    Action("problems", "exclamation_mark", "App", "files that could not be read, and why"),
    Action("help", "question_mark", "App", "this help", label="Help"),
    Action("command_palette", "ctrl+p", "App", "every action, by name", call="app.command_palette"),
    Action("quit", "q", "App", "close the innermost view; quit from the main panes", label="Quit"),
    Action("quit_now", "Q", "App", "quit at once"),
)
BY_ID = {action.id: action for action in ACTIONS}

_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "exclamation_mark": "!",
    "minus": "-",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "space": "Space",
    "enter": "Enter",
    "escape": "Esc",
    "backspace": "Backspace",
    "tab": "Tab",
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "home": "Home",
    "end": "End",
    "pagedown": "PgDn",
    "pageup": "PgUp",
}


def key_display(keys: str) -> str:
    """Keys as a person reads them: `j, ↓`, `Ctrl+Z`, `Shift+Space`."""
    return ", ".join(_one_key(key) for key in keys.split(",") if key)


def _one_key(key: str) -> str:
    *modifiers, name = key.split("+")
    shown = _NAMES.get(name, name if len(name) == 1 else name.capitalize())
    return "+".join([*(m.capitalize() for m in modifiers), shown])
