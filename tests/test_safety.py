"""Guards on the source itself: user text never meets an evaluator, and layering holds."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "ch3quiz"
SOURCES = sorted(PACKAGE.rglob("*.py"))

FORBIDDEN = re.compile(r"\b(eval|exec)\s*\(|\bsympify\b|\bparse_expr\b|\bparse_latex\b|setrecursionlimit|__import__")


def _code(path: Path) -> str:
    """The file without comments and docstring-ish lines, so prose may name what code must not call."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        lines.append(line.split("  #")[0])
    return "\n".join(lines)


# The one exec: records.py compiles the methods of our own node classes from their field names (what
# dataclasses does too), never from text a user or a bank gave.
CLASS_MAKER = ("ch3quiz/math/read/records.py: exec(",)


def test_no_evaluator_is_ever_called() -> None:
    offenders = [f"{p.relative_to(PACKAGE.parent)}: {m.group(0)}" for p in SOURCES for m in FORBIDDEN.finditer(_code(p))]
    assert [found for found in offenders if found not in CLASS_MAKER] == []


def test_rich_is_used_only_under_render_and_the_cli_imports_nothing_heavy_at_top_level() -> None:
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        relative = path.relative_to(PACKAGE).as_posix()
        if re.search(r"^\s*(from|import) rich\b", text, re.M):
            assert relative.startswith("render/"), f"{relative} imports Rich"
        if relative.startswith("cli/"):
            top_level = [line for line in text.splitlines() if re.match(r"(from|import) ", line)]
            heavy = [line for line in top_level if re.search(r"\b(sympy|numpy|sqlite3|yaml|ch3quiz\.math)\b", line)]
            assert heavy == [], f"{relative}: {heavy}"


def _imported_modules(path: Path) -> set[str]:
    """Every module an import statement in ``path`` names, relative imports resolved."""
    package = ".".join(("ch3quiz", *path.relative_to(PACKAGE).parent.parts))
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def test_nothing_imports_the_cli() -> None:
    for path in SOURCES:
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("cli/") or relative in ("__main__.py", "entry.py"):  # the entry points
            continue
        offending = {m for m in _imported_modules(path) if m == "ch3quiz.cli" or m.startswith("ch3quiz.cli.")}
        assert not offending, f"{relative} imports {offending}"
