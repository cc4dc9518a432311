"""What reading one formula needs besides its syntax tree: the question's symbols and functions, the graph nodes
that are free, the names bound by the sums and sets around the current node, and the one argument each function
takes in the question's model (Nielsen's ∂σ/∂w_j is ∂σ(z)/∂w_j when the model only ever has σ(z))."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.symbols import SymbolError, SymbolTable
from ch3quiz.math.read import tree as p


@dataclass
class Context:
    table: SymbolTable
    functions: Mapping[str, str]  # declared function name -> kind
    free_nodes: frozenset[str] = frozenset()
    text: str = ""
    bound: dict[str, str] = field(default_factory=dict)  # variable -> node | index | integer (max{m ∈ ℤ : …})
    applied: Mapping[str, ir.Expr] = field(default_factory=dict)  # function -> its one argument in the model
    graph_size: str = ""  # the name of the number of nodes (n): \sum_{u=1}^{n} runs over every node

    def error(self, message: str, node: p.Node | None) -> SymbolError:
        return SymbolError(message, self.text, node.pos if node else 0)


def arguments(*exprs: ir.Expr) -> dict[str, ir.Expr]:
    """Each function the expressions apply to exactly one argument (σ in a = σ(z) and σ′(z)), with that argument."""
    seen: dict[str, set[ir.Expr]] = {}
    for e in exprs:
        for node in ir.walk(e):
            if isinstance(node, ir.Apply) and len(node.args) == 1:
                seen.setdefault(node.fn, set()).add(node.args[0])
    return {fn: next(iter(args)) for fn, args in seen.items() if len(args) == 1}
