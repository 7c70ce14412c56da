"""docs/rules.md names, for each legal rule, the function that implements it and
a test that proves it: each of those must exist, so the map cannot go stale."""

import ast
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "docs" / "rules.md"
CODE = re.compile(r"`([\w/]+\.py):([\w.]+)`")
TEST = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


@cache
def definitions(path: str) -> set[str]:
    """Every function and class of a module by its dotted name (Class.method)."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    names = set()

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(prefix + child.name)
                visit(child, prefix + child.name + ".")

    visit(tree, "")
    return names


def rows() -> list[str]:
    return [
        line for line in RULES.read_text(encoding="utf-8").splitlines() if line.startswith("| ")
    ]


def test_every_rule_names_its_code_and_its_test():
    rules = [row for row in rows() if not row.startswith(("| Rule", "| ---"))]
    assert len(rules) >= 40
    for row in rules:
        assert CODE.search(row), f"no code named in: {row}"
        assert TEST.search(row), f"no test named in: {row}"


def test_every_function_named_in_the_map_exists():
    missing = [
        f"{path}:{name}"
        for row in rows()
        for path, name in CODE.findall(row)
        if not (ROOT / path).is_file() or name not in definitions(path)
    ]
    assert missing == []


def test_every_test_named_in_the_map_exists():
    missing = [
        f"{path}::{name}"
        for row in rows()
        for path, name in TEST.findall(row)
        if not (ROOT / path).is_file() or name not in definitions(path)
    ]
    assert missing == []


def test_the_readme_links_to_the_map():
    assert "docs/rules.md" in (ROOT / "README.md").read_text(encoding="utf-8")
