"""Bindings made from the catalogue of actions, so that the config file can rebind every one."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from reader.actions import ACTIONS, BY_ID, Where

SHOWN = {"quit", "help", "search", "pick_category", "next_article", "related", "back", "full_screen"}


def binding(action_id: str, action: str | None = None, *, priority: bool = False) -> Binding:
    """The binding of one catalogued action (its id is what the config's `keys:` names)."""
    entry = BY_ID[action_id]
    return Binding(
        entry.keys,
        action or entry.action,
        entry.label or entry.text.split(";")[0].split(":")[0].capitalize(),
        show=action_id in SHOWN,
        id=action_id,
        priority=priority,
    )


def bindings(where: Where, *, priority: frozenset[str] = frozenset()) -> list[BindingType]:
    """Every catalogued binding of one place (the screen, the list, ...)."""
    return [binding(a.id, priority=a.id in priority) for a in ACTIONS if a.where == where]
