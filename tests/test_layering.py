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
    "reader.web",
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


def test_starting_the_reader_loads_no_page_or_network_library() -> None:
    code = (
        "import importlib, sys\n"
        "for name in ['reader', 'reader.formats', 'reader.library', 'reader.cli', 'reader.web']:\n"
        "    importlib.import_module(name)\n"
        "print(sorted({'trafilatura', 'lxml', 'httpx'} & {m.split('.')[0] for m in sys.modules}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
