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
    # derivation/ is on top with check.py and derive.py (the model of a derivation): no stage imports it
    assert {path.name for path in ROOT.iterdir() if path.is_dir() and path.name != "__pycache__"} == set(ORDER) | {"derivation"}


def _kinds(base: type) -> set[type]:
    found, todo = set(), [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.add(sub)
            todo.append(sub)
    return found


def test_every_ir_node_kind_has_a_shape_and_a_value_rule():
    from ch3quiz.math.judge import numeric
    from ch3quiz.math.meaning import ir, shapes

    kinds = _kinds(ir.Expr)
    assert kinds and kinds == set(shapes._HANDLERS)
    assert kinds == set(numeric._HANDLERS) | set(numeric.SET_NODES)


def test_every_syntax_node_kind_has_a_meaning_rule():
    from ch3quiz.math.meaning import build
    from ch3quiz.math.read import tree

    assert _kinds(tree.Node) == set(build._HANDLERS)


def test_every_infix_operator_of_the_parser_has_a_binding_power_and_a_handler():
    from ch3quiz.math.read.parser import INFIX

    assert all(isinstance(entry.bp, int) and entry.bp > 0 and callable(entry.led) for entry in INFIX.values())
    assert INFIX["juxt"].bp > INFIX["*"].bp > INFIX["+"].bp  # juxtaposition binds tighter than an explicit product
