"""The test suite's own layout: files named for their subjects, the runner made once, every kind of test marked.

Read from the source of the test files (no conftest, no collection), so that it
holds for a file however it is run.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

TESTS = Path(__file__).resolve().parent
FILES = sorted(TESTS.glob("test_*.py"))
BUILTIN_MARKS = {"parametrize", "skip", "skipif", "xfail", "usefixtures", "filterwarnings"}


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def mark_names(node: ast.AST) -> set[str]:
    """The names X of every `pytest.mark.X` or `pytest.mark.X(...)` in a piece of source."""
    return {
        sub.attr
        for sub in ast.walk(node)
        if isinstance(sub, ast.Attribute)
        and isinstance(sub.value, ast.Attribute)
        and sub.value.attr == "mark"
        and isinstance(sub.value.value, ast.Name)
        and sub.value.value.id == "pytest"
    }


def file_marks(module: ast.Module) -> set[str]:
    """The marks given to a whole file by `pytestmark = ...`."""
    marks: set[str] = set()
    for node in module.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets):
            marks |= mark_names(node.value)
    return marks


def defined_tests(module: ast.Module) -> list[ast.FunctionDef]:
    return [n for n in module.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]


def marks_of(module: ast.Module, test: ast.FunctionDef) -> set[str]:
    return file_marks(module) | {name for decorator in test.decorator_list for name in mark_names(decorator)}


def every_test() -> list[tuple[str, ast.Module, ast.FunctionDef]]:
    """Each test function of each file: the file's name, its module, the function."""
    modules = {p.name: tree(p) for p in FILES}
    return [(name, module, test) for name, module in modules.items() for test in defined_tests(module)]


def test_no_file_is_named_for_a_review_round() -> None:
    named = [p.name for p in FILES if any(word in p.name for word in ("hardening", "robustness", "second_pass"))]
    assert named == [], "name a test file for its subject, not for the review round that found its tests"


def test_every_test_file_says_its_subject_in_a_docstring() -> None:
    assert [p.name for p in FILES if not (ast.get_docstring(tree(p)) or "").strip()] == []


def test_only_conftest_makes_a_cli_runner() -> None:
    makers = [
        p.name
        for p in FILES
        for node in ast.walk(tree(p))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "CliRunner"
    ]
    assert makers == [], "use conftest's invoke (or its runner)"


def test_every_mark_used_is_registered() -> None:
    config = tomllib.loads((TESTS.parent / "pyproject.toml").read_text(encoding="utf-8"))
    registered = {line.split(":")[0] for line in config["tool"]["pytest"]["ini_options"]["markers"]}
    used = {(p.name, name) for p in FILES for name in mark_names(tree(p))}
    assert sorted((file, name) for file, name in used if name not in registered | BUILTIN_MARKS) == []


def test_every_test_of_the_installed_command_is_marked_process_and_slow() -> None:
    # the `installed` fixture builds a wheel and runs the command from it
    unmarked = [
        f"{name}::{test.name}"
        for name, module, test in every_test()
        if "installed" in {a.arg for a in test.args.args} and not {"process", "slow"} <= marks_of(module, test)
    ]
    assert unmarked == []


def test_every_test_that_starts_a_process_itself_is_marked_process() -> None:
    # seen in the test's own body: run_neuroleg, or subprocess.run / subprocess.Popen (neuroleg, ruff, mypy...)
    def runs_a_process(test: ast.FunctionDef) -> bool:
        names = {n.id for n in ast.walk(test) if isinstance(n, ast.Name)}
        attrs = {n.attr for n in ast.walk(test) if isinstance(n, ast.Attribute)}
        return "run_neuroleg" in names or bool({"Popen", "run"} & attrs and "subprocess" in names)

    unmarked = [
        f"{name}::{test.name}"
        for name, module, test in every_test()
        if runs_a_process(test) and "process" not in marks_of(module, test)
    ]
    assert unmarked == []


def test_every_file_that_drives_a_pseudo_terminal_is_marked_terminal() -> None:
    def imports_pexpect(module: ast.Module) -> bool:
        return any(isinstance(n, ast.Import) and any(a.name == "pexpect" for a in n.names) for n in module.body)

    assert [p.name for p in FILES if imports_pexpect(m := tree(p)) and "terminal" not in file_marks(m)] == []
