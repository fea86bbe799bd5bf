"""House rules checked on every run: lint, format, and import directions."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


def test_ruff_lint_is_clean():
    result = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = subprocess.run(
        [_tool("ruff"), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_hold():
    # lint-imports reads the contracts in pyproject.toml: the layers (cli > tui > store |
    # exports | importers > core), no Textual below the TUI, no SQL outside the store.
    result = subprocess.run([_tool("lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_imports_without_textual_at_runtime():
    code = (
        "import sys; import plandesk.store.service, plandesk.importers, plandesk.exports;"
        "import plandesk.cli;"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_package_and_stylesheet_is_installed():
    # The repository root is the package, so setuptools is given an explicit package list;
    # a folder missing from it installs fine in editable mode and breaks `pip install .`.
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    # `pip install .` builds in the checkout: its build/ copy is not source.
    skip = {"tests", "bench", ".ci", ".git", "build", "dist", ".venv"}
    on_disk = {"plandesk"} | {
        "plandesk." + ".".join(path.parent.relative_to(ROOT).parts)
        for path in ROOT.rglob("__init__.py")
        if path.parent != ROOT and path.parent.relative_to(ROOT).parts[0] not in skip
    }
    assert on_disk == listed
    package_data = config["tool"]["setuptools"]["package-data"]
    for sheet in ROOT.rglob("*.tcss"):
        if sheet.relative_to(ROOT).parts[0] in skip:
            continue
        package = "plandesk." + ".".join(sheet.parent.relative_to(ROOT).parts)
        assert "*.tcss" in package_data.get(package, []), sheet


def test_no_module_imports_itself_round_about():
    # Function-local and type-checking imports count: a cycle of them still ties two modules
    # together. grimp (import-linter's graph) sees every import statement in a module.
    import grimp

    graph = grimp.build_graph("plandesk")
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if imported in graph.modules and module < imported:
                back = graph.find_shortest_chain(importer=imported, imported=module)
                if back is not None:
                    cycles.append((module, *back))
    assert cycles == []


def test_source_modules_stay_small():
    # A layout parser may be longer while it stays one concern (one document layout).
    skip = {"tests", "bench", "build", "dist", ".git", ".venv", "importers"}
    long = [
        (str(path.relative_to(ROOT)), lines)
        for path in ROOT.rglob("*.py")
        if path.relative_to(ROOT).parts[0] not in skip
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > 450
    ]
    assert long == []
