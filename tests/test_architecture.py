"""The package's shape: one folder per layer, imports flowing one way, SQL in one folder, stdout in one module."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "neuroleg"
LAYERS = ("cli", "render", "views", "domain", "db", "kb", "text")  # top to bottom, as pyproject.toml lists them


def modules() -> dict[str, ast.Module]:
    return {str(p.relative_to(PACKAGE)): ast.parse(p.read_text(encoding="utf-8")) for p in PACKAGE.rglob("*.py")}


def calls(tree: ast.Module) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return ""


@pytest.mark.process
def test_the_import_contracts_in_pyproject_hold() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"Contracts: \d+ kept, 0 broken\.", result.stdout), result.stdout


def test_the_contracts_name_packages_not_lists_of_modules() -> None:
    # a contract over a whole package holds a new module to it by itself; exceptions are named in ignore_imports
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for contract in config["tool"]["importlinter"]["contracts"]:
        sources = contract.get("source_modules", [])
        assert len(sources) <= 1, f"{contract['name']}: {sources}"


def test_the_layers_named_in_the_contract_are_the_package_folders() -> None:
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert folders == sorted(LAYERS)
    contract = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    listed = re.findall(r'^\s+"neuroleg\.(\w+)",$', contract.split('type = "layers"')[1].split("]")[0], re.M)
    assert tuple(listed) == LAYERS


def test_few_modules_are_left_at_the_top_level() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 8, top
    assert {"__init__.py", "__main__.py", "errors.py", "exitcodes.py"} <= set(top)


def test_typer_is_imported_in_the_command_line_folder_only() -> None:
    for name, tree in modules().items():
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        if any(m.split(".")[0] in ("typer", "click") for m in imported):
            assert name.startswith("cli/"), name


def test_sql_is_written_in_the_database_folder_only() -> None:
    statement = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA)\s+\S", re.IGNORECASE)
    for name, tree in modules().items():
        texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        sql = [t for t in texts if statement.search(t) and re.search(r"\b(FROM|INTO|TABLE|TO|SET)\b", t)]
        if sql and not name.startswith("db/"):
            pytest.fail(f"{name} holds SQL: {sql[0][:80]!r}")


def test_stdout_is_written_by_the_one_writer_only() -> None:
    for name, tree in modules().items():
        if name == "cli/output.py":
            continue
        for call in calls(tree):
            target = dotted(call.func)
            assert target not in ("print", "input"), f"{name} calls {target}()"
            assert not target.startswith(("sys.stdout.write", "sys.stdout.buffer", "sys.__stdout__")), name


def test_every_rich_console_is_given_a_file() -> None:
    for name, tree in modules().items():
        for call in calls(tree):
            if dotted(call.func).endswith("Console"):
                assert any(k.arg == "file" for k in call.keywords), f"{name}: a Console without file="


def test_every_exception_class_lives_in_errors() -> None:
    for name, tree in modules().items():
        for node in ast.walk(tree):
            public = isinstance(node, ast.ClassDef) and not node.name.startswith("_")  # private: control flow only
            if public and any(dotted(b).endswith(("Error", "Exception")) for b in node.bases):
                assert name == "errors.py", f"{name} defines {node.name}"
