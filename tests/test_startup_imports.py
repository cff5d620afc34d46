"""What starting the reader loads: only what the first screen needs."""

from __future__ import annotations

import subprocess
import sys

LATER = (
    "yaml",
    "watchfiles",
    "anyio",
    "rich.progress",
    "reader.importer",
    "reader.cli.reading",
    "textual.widgets._footer",
)


def test_the_reader_starts_without_loading_what_only_commands_and_later_work_use() -> None:
    script = (
        "import sys\n"
        "import reader.cli, reader.ui.app\n"
        "from reader.cli import build_parser\n"
        "build_parser().parse_args(['-d', '.'])\n"
        f"print(' '.join(name for name in {LATER!r} if name in sys.modules))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert loaded.stdout.split() == []


def test_a_command_still_loads_its_code_when_it_runs(tmp_path: object) -> None:
    script = (
        "import sys\n"
        "from reader.cli import main\n"
        "main(['config', 'default'])\n"
        "print('reader.cli.writing' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "folder:" in done.stdout and done.stderr.strip().endswith("True")
