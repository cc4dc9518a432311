"""The checker's package shows its pipeline: each stage imports only the stages before it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ch3quiz.math as package

ROOT = Path(package.__file__).parent
ORDER = ["read", "meaning", "judge", "explain"]


def _stage_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[:2] != ["ch3quiz", "math"] or len(parts) < 3:
        return None
    return parts[2] if parts[2] in ORDER else "top"


def _imported_modules(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
            found.extend(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("stage", ORDER)
def test_a_stage_imports_only_earlier_stages(stage):
    allowed = set(ORDER[: ORDER.index(stage) + 1])
    for path in sorted((ROOT / stage).glob("*.py")):
        for module in _imported_modules(path):
            target = _stage_of(module)
            if target is not None and module != "ch3quiz.math":
                assert target in allowed, f"{path.relative_to(ROOT)} imports {module}"


def test_every_module_belongs_to_a_stage_or_the_top():
    top = {path.name for path in ROOT.glob("*.py")}
    assert top == {"__init__.py", "check.py", "derive.py", "result.py", "bankcheck.py"}
    assert {path.name for path in ROOT.iterdir() if path.is_dir() and path.name != "__pycache__"} == set(ORDER)
