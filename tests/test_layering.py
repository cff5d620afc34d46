"""Everything below the UI works without Textual."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "reader.cli",
    "reader.library",
    "reader.formats",
    "reader.scan",
    "reader.categories",
    "reader.related",
    "reader.render",
    "reader.importer",
]


def test_core_modules_do_not_import_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
