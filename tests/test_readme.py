"""The README stays true to the program: its key table and its commands."""

from __future__ import annotations

from reader.cli import build_parser
from reader.ui.dialogs import key_table

from conftest import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def test_every_key_in_the_help_screen_is_in_the_readme() -> None:
    for section, keys, meaning in key_table({}):
        assert f"| {section} | {keys} | {meaning} |" in README


def test_every_command_is_documented() -> None:
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"newsdesk {name}" in README
    assert "make run" in README and "make test" in README
