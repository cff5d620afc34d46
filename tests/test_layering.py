"""The layers of shared/DESIGN.md hold for every module: data flows down, nothing imports upwards.

Every module of the package is found on disk, so a new module is checked without
being listed here; a module that fits no layer fails until it is given one.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "reader"

# Lowest first. A module may import from its own layer and the layers below it.
LAYERS: list[tuple[str, set[str]]] = [
    (
        "foundations",
        {
            "reader",
            "reader.__main__",
            "reader.launch",
            "reader.garbage",
            "reader.model",
            "reader.text",
            "reader.forms",
            "reader.dates",
            "reader.sqlite",
            "reader.actions",
            "reader.child",
        },
    ),
    (
        "files",
        {
            "reader.paths",
            "reader.document",
            "reader.bodies",
            "reader.body_reading",
            "reader.formats",
            "reader.scan",
            "reader.watcher",
            "reader.writers",
            "reader.web",
            "reader.folders",
            "reader.newfiles",
        },
    ),
    (
        "knowledge",
        {
            "reader.categories",
            "reader.related",
            "reader.query",
            "reader.history",
            "reader.state",
            "reader.config",
            "reader.preferences",
        },
    ),
    ("index", {"reader.index"}),
    ("facade", {"reader.library", "reader.live", "reader.importer", "reader.render", "reader.feeds"}),
    ("front ends", {"reader.ui", "reader.cli"}),
]
# `reader.launch` runs the command line: the one import from the top down to the bottom.
ALLOWED_UPWARDS = {("reader.launch", "reader.cli")}


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every module of the package this one imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.add(target if target in known else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {module for module in found if module in known and module != name}


def layer_of(name: str) -> int:
    for number, (_title, prefixes) in enumerate(LAYERS):
        if any(
            name == prefix or (prefix != "reader" and name.startswith(prefix + ".")) for prefix in prefixes
        ):
            return number
    raise AssertionError(f"{name} belongs to no layer: add it to LAYERS in {__file__}")


def test_every_module_has_a_layer() -> None:
    for name in modules():
        layer_of(name)


def test_every_module_imports_only_its_own_layer_and_below() -> None:
    known = modules()
    wrong = [
        f"{name} ({LAYERS[layer_of(name)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        for name, path in known.items()
        for target in imports(name, path, set(known))
        if layer_of(target) > layer_of(name) and (name, target) not in ALLOWED_UPWARDS
    ]
    assert wrong == []


def test_nothing_outside_the_ui_imports_textual_or_the_ui() -> None:
    for name, path in modules().items():
        if name == "reader.ui" or name.startswith("reader.ui."):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        }
        names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not {n for n in names if n.split(".")[0] == "textual"}, name
        if name != "reader.cli":  # the command line starts the reader when no command is given
            assert not {n for n in names if n.startswith("reader.ui")}, name


def test_the_package_imports_no_module_in_a_circle() -> None:
    known = modules()
    graph = {name: imports(name, path, set(known)) for name, path in known.items()}
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                circles.append([*trail[trail.index(target) :], target] if target in trail else [name, target])
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []


def test_importing_everything_below_the_ui_loads_no_textual() -> None:
    below = sorted(
        name for name in modules() if not name.startswith("reader.ui") and name != "reader.__main__"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {below!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'markdown_it')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_starting_the_reader_loads_no_page_or_network_library() -> None:
    code = (
        "import importlib, sys\n"
        "for name in ['reader', 'reader.formats', 'reader.library', 'reader.cli', 'reader.web',\n"
        "             'reader.feeds.fetching', 'reader.feeds.status']:\n"
        "    importlib.import_module(name)\n"
        "print(sorted({'trafilatura', 'lxml', 'httpx', 'feedparser'} & {m.split('.')[0] for m in sys.modules}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
