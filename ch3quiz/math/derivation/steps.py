"""Whether a derivation shows any step at all, and the "show the steps" message when it does not.

A real step is a form of what is asked (numerically equal to it) in words the answer does not use
(e^{-x}, ∂J/∂A, diag(σ′), a component sum), or an introduced line that works out an intermediate derivative
(∂J/∂A⁽ᴸ⁻¹⁾ = (W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾). Restating what is asked, copying a definition or rewriting the answer is not.
"""

from __future__ import annotations

from typing import Any

from ch3quiz.math.meaning import graphrows, ir
from ch3quiz.math.meaning.reading import reading
from ch3quiz.math.meaning.structure import signature



def restatements(spec: Any) -> set[Any]:
    """What is asked, as signatures: the targets and the definitions of a target symbol (δ = ∂J/∂Z)."""
    found = set()
    for target in spec.targets:
        found.add(signature(target))
        if isinstance(target, ir.Var):
            definition = spec.definitions.get(target.key)
            if definition is not None and definition is not spec.expected.expr:  # not the one _with_target_defined adds
                found.add(signature(definition))
    return found


def intermediate(spec: Any, e: Any) -> bool:
    """Whether a side is a real intermediate form: no restatement of what is asked inside it, and not the
    final form up to order, grouping and identity elements."""
    asked = restatements(spec)
    if signature(e) == signature(spec.expected.expr):
        return False
    if isinstance(e, (ir.Partial, ir.Deriv)):  # d/dx(the definition): the differentiating is still to do
        return False
    if any(signature(node) in asked for node in ir.walk(e)):
        return False
    # σ(x) − σ(x)² or (δᵀW)ᵀ is the answer rewritten, not derived: a step brings in something the answer
    # does not contain (e^{-x}, ∂J/∂A, diag(σ′), a component sum).
    return bool(vocabulary(e) - vocabulary(spec.expected.expr))


def _walk_nonzero(e: Any) -> Any:
    """The nodes of ``e``, skipping terms multiplied by a literal 0 (``+ 0·∂J/∂A`` adds no words)."""
    stack = [e]
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Mul) and any(isinstance(f, ir.Const) and f.value == 0 for f in (node.a, node.b)):
            continue
        yield node
        stack.extend(node.children())


def works_out_a_derivative(spec: Any, left: Any, sides: list[Any]) -> bool:
    """An introduced line ∂J/∂A⁽ᴸ⁻¹⁾ = (W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾ computes a derivative on the way; restating a given
    (∂J/∂Z⁽ᴸ⁾ = δ⁽ᴸ⁾) or naming a single symbol does not."""
    if not isinstance(left, (ir.Partial, ir.Deriv)) or signature(sides[0].expr) in restatements(spec):
        return False
    if any(isinstance(side.expr, ir.Var) for side in sides[1:]):
        return False
    return all(signature(side.expr) not in _given_sides(spec) for side in sides)


def _given_sides(spec: Any) -> set[Any]:
    return {signature(definition) for definition in spec.definitions.values()} | {
        signature(ir.Var(key)) for key in spec.definitions}


def vocabulary(e: Any) -> set[tuple[Any, ...]]:
    """The symbols, functions and operators of the calculus that an expression is written in."""
    words: set[tuple[Any, ...]] = set()
    for node in _walk_nonzero(e):
        if isinstance(node, ir.Var):
            words.add(("var", node.key))
        elif isinstance(node, ir.Apply):
            words.add(("fn", node.fn, node.deriv))
        elif isinstance(node, (ir.Partial, ir.Deriv, ir.SumOver, ir.Entry)):
            words.add((type(node).__name__,))
    return words


def jump_message(spec: Any, reference: Any) -> tuple[str, str]:
    """'Show the steps', with examples taken from the question's reference derivation."""

    examples: list[str] = []
    functions: list[str] = []
    asked = restatements(spec)
    for line in reference if isinstance(reference, list) else ():
        try:
            parsed = spec.parse(str(line).strip().lstrip("="))
            sides = [spec.build_node(node, str(line)) for node in parsed.sides]
        except Exception:  # noqa: BLE001 - the bank validator reports reference lines that do not read
            continue
        if len(sides) > 1 and isinstance(sides[0], ir.Partial) and signature(sides[0]) not in asked:
            examples.append(reading(sides[0], spec.table))
        for side in sides:
            for node in ir.walk(side):
                if isinstance(node, ir.Apply) and node.fn == "diag" and node.args and isinstance(node.args[0], ir.Apply):
                    inner = node.args[0]
                    name = reading(ir.Apply(inner.fn, (), inner.deriv), spec.table).removesuffix("()")
                    functions.append(f"diag({name})")
    shown = list(dict.fromkeys(examples + functions))
    move_en, move_zh = ("the chain rule", "链式法则") if not graphrows.row_links(spec.conventions) else (
        "the sum over every node u = 1..n with Ã_vu, then the rows stacked into H", "用 Ã_vu 对全部节点 u = 1..n 求和，再把各行排成 H")
    en = ", ".join(shown + [move_en])
    zh = "、".join(shown + [move_zh])
    return (f"it jumps from the question to the answer; show the steps (for example {en})",
            f"这是从题目直接跳到了答案；请写出中间步骤（例如 {zh}）")


