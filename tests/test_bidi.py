"""Bidi controls never reach the terminal: names show them escaped, article text loses them."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import pytest
from hostile import build
from hostile_cases.security import BIDI_CONTROLS

from reader.cli import main
from reader.scan import display_path

JOINERS = "\u200c\u200d"  # scripts and emoji sequences need them; they reorder nothing


def test_a_path_shows_every_control_and_invisible_format_character_escaped() -> None:
    unseen = [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cc", "Cf", "Zl", "Zp") and chr(code) not in JOINERS
    ]
    shown = display_path("/".join(unseen))
    assert not set(shown) & set(unseen)
    assert display_path("a\u202eb\u2067c\u2028d\x1be.md") == "a\\u202eb\\u2067c\\u2028d\\x1be.md"
    assert display_path("\U000e0041 tag.md") == "\\U000e0041 tag.md"
    kept = "tiếng việt שלום مرحبا 👩\u200d👩\u200d👧 می\u200cخواهم.md"
    assert display_path(kept) == kept


def test_no_command_prints_a_raw_bidi_control_on_the_hostile_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    corpus = build(tmp_path)
    folder = ["-d", str(corpus.root)]
    try:
        printed = []
        for command in (["check"], ["check", "--json"], ["categories"], ["list"], ["search", "bidi"]):
            main([*command, *folder])
            printed.append(capsys.readouterr())
        main(["list", "--json", *folder])
        ids = [item["id"] for item in json.loads(capsys.readouterr().out)]
        for command in (["show", "--", *ids], ["show", "--json", "--", *ids], ["list", "--jsonl", "--body"]):
            main([*folder, *command])
            printed.append(capsys.readouterr())
        main(["search", "--json", *folder, "bidi"])
        printed.append(capsys.readouterr())
    finally:
        (corpus.root / "unreadable.md").chmod(0o644)
    raw = [
        line for out, err in printed for line in (out + err).splitlines() if set(line) & set(BIDI_CONTROLS)
    ]
    assert raw == []
    assert {"right\\u202eto-left override", "isolate \\u2067rtl\\u2069 name", "+!touch PWNED"} <= set(ids)
    assert "Para dlrow olleh" in printed[4].out  # a snippet of the body whose references were bidi controls
