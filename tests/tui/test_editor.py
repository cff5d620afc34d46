"""`e` hands the article's file to the editor: by an absolute path that no editor reads as an option."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hostile_cases.security import EDITOR_COMMAND_NAME

from reader.cli import main
from reader.ui.external import editor_command

from tui.conftest import keep_notices, notices, open_by_id, running

ARTICLE = "---\ntitle: A name that vi would run\n---\nBody.\n"
ARTICLE_ID = EDITOR_COMMAND_NAME.removesuffix(".md")
REAL_CALL = subprocess.call


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding a file named `+!touch PWNED.md`, made the current directory."""
    (tmp_path / EDITOR_COMMAND_NAME).write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@contextmanager
def no_suspend() -> Iterator[None]:
    yield


async def edit(monkeypatch: pytest.MonkeyPatch, editors: list[str]) -> list[list[str]]:
    """Open the reader on `.` and press e on the article with each editor; the notices each gave."""
    said: list[list[str]] = []
    async with running(Path(".")) as (app, pilot, _):
        keep_notices(app, monkeypatch)
        monkeypatch.setattr(app, "suspend", no_suspend)
        await open_by_id(app, pilot, ARTICLE_ID)
        for editor in editors:
            monkeypatch.setenv("VISUAL", editor)
            before = len(notices(app, ""))
            await pilot.press("e")
            await pilot.pause()
            said.append(notices(app, "")[before:])
    return said


def quiet_call(argv: list[str], **options: Any) -> int:
    """Run an editor with no terminal: vi in Ex mode reads /dev/null, so it loads the file,
    runs any `+cmd` it was given, and quits."""
    return REAL_CALL(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, timeout=20)


async def test_the_editor_gets_the_absolute_path_and_a_broken_setting_is_a_notice(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = here.parent / "argv.json"
    script = here.parent / "editor.py"
    script.write_text(f"import json, sys\nopen({str(record)!r}, 'w').write(json.dumps(sys.argv[1:]))\n")
    real_vi = ["vi -u NONE -i NONE -n -es"] if shutil.which("vi") else []
    monkeypatch.setattr("reader.ui.external.subprocess.call", quiet_call)
    said = await edit(monkeypatch, [f"{sys.executable} {script}", 'vim "unbalanced', *real_vi])
    assert json.loads(record.read_text()) == [str(here / EDITOR_COMMAND_NAME)]
    assert said[:2] == [[], ["The editor command 'vim \"unbalanced' cannot be read: No closing quotation"]]
    assert said[2:] == [[]] * len(real_vi)
    assert sorted(os.listdir(here)) == [EDITOR_COMMAND_NAME]  # vi ran no `+!touch PWNED.md`


def test_vi_and_its_kin_get_double_dash_before_the_path(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = str(here / EDITOR_COMMAND_NAME)
    for editor in ("vi", "/usr/bin/nvim", "nano -w", "emacs -nw", "hx"):
        monkeypatch.setenv("VISUAL", editor)
        command = editor_command(Path(EDITOR_COMMAND_NAME))
        assert command == [*editor.split(), "--", target]
    monkeypatch.setenv("VISUAL", "code --wait")
    assert editor_command(Path(EDITOR_COMMAND_NAME)) == ["code", "--wait", target]


def test_dot_as_the_folder_gives_the_reader_an_absolute_root(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr("reader.ui.app.run_app", lambda root: opened.append(root) or 0)
    assert main(["-d", "."]) == 0
    monkeypatch.setenv("NEWSDESK_DIR", ".")
    assert main([]) == 0
    assert opened == [here, here]
