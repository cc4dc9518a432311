"""A graph layer written both per node and as one matrix: the GCN's h_v^k next to H^(k).

Two links make the node form and the matrix form statements about one quantity:

- ``conventions: {rows: {'h^{k-1}': 'H^{(k-1)}'}}`` says that node v's value of the family h^{k-1} is row v of
  the n×d matrix H^{(k-1)}, as a column (Kipf & Welling stack the nodes as rows). The numeric layer then computes
  h_v^{k-1} from H^{(k-1)} (drawn at random, or defined: H^{(k)} is what is asked), so a line about h_v^k is checked
  at every node against the rows of the matrix-form result, and a node-to-matrix step is checked for real.
- ``\\sum_{u=1}^{n}`` where n is the question's ``graph_size`` runs over every node of the drawn graph: u is a
  node there (``h_u^{k-1}``) and an entry index at once (``\\tilde A_{vu}``, ``(\\tilde D^{-1/2}\\tilde A\\tilde D^{-1/2})_{vu}``),
  since both number the same n nodes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.sums import BoundError
from ch3quiz.math.meaning.symbols import SymbolError, SymbolTable, make_key, name_parts
from ch3quiz.math.read import tree as p

CONVENTION = "rows"


def row_links(conventions: Mapping[str, Any]) -> dict[str, str]:
    """Node family key -> the key of the matrix whose rows are its values (empty when the question has none)."""
    raw = conventions.get(CONVENTION) or {}
    if not isinstance(raw, Mapping):
        return {}
    return {make_key(*name_parts(str(family))): make_key(*name_parts(str(matrix))) for family, matrix in raw.items()}


def row_faults(table: SymbolTable, conventions: Mapping[str, Any]) -> list[str]:
    """What is wrong with the ``rows`` convention: each family a declared node column, each matrix n × its size."""
    raw = conventions.get(CONVENTION)
    if raw is None:
        return []
    if not isinstance(raw, Mapping):
        return ["rows maps a node family to the matrix whose rows are its values, like {'h^{k-1}': 'H^{(k-1)}'}"]
    size = str(conventions.get("graph_size", ""))
    faults = []
    for family, matrix in row_links(conventions).items():
        node, whole = table.declared.get(family), table.declared.get(matrix)
        if node is None or not node.node or node.shape[1] != "1":
            faults.append(f"rows: {family} is not a declared node family of columns (node: true, shape d x 1)")
        elif whole is None or whole.shape != (size, node.shape[0]):
            faults.append(f"rows: {matrix} must be declared {size or 'graph_size'} x {node.shape[0]}")
    return faults


def node_values(matrix: Any) -> Any:
    """The per-node values of a family from its matrix: row v as a column, stacked over the nodes."""
    return matrix[:, :, None].copy()  # an (n, d, 1) array, as node families are stored


def row_of_target(conventions: Mapping[str, Any], left: ir.Expr, targets: tuple[ir.Expr, ...]) -> bool:
    """Whether ``left`` is a node's value of a family whose matrix is what is asked (h_v^k when H^(k) is)."""
    matrix = row_links(conventions).get(left.key) if isinstance(left, ir.NodeVar) else None
    return matrix is not None and any(isinstance(t, ir.Var) and t.key == matrix for t in targets)


def misbounded(var: str, where: p.BigOp, ctx: Any, as_nodes: Callable[[], ir.Expr]) -> BoundError | None:
    """The error for ``\\sum_{u=1}^{d} h_u``: u is a node in the body, so the sum must run over the n nodes."""
    if not ctx.graph_size:
        return None
    try:
        as_nodes()
    except SymbolError:
        return None  # not a node either: the reader's own message stands
    n = ctx.graph_size
    return BoundError(
        f"the sum over {var} runs over the graph's nodes ({var} labels a node here): write ∑_{{{var}=1}}^{{{n}}} "
        f"(all {n} nodes) or ∑_{{{var}∈N(v)∪{{v}}}}",
        f"这里 {var} 表示图中的节点，求和应遍历全部节点：写成 ∑_{{{var}=1}}^{{{n}}}（共 {n} 个节点）或 ∑_{{{var}∈N(v)∪{{v}}}}",
        ctx.text, where.pos)


def numbered_by_nodes(index: tuple[str, ...], nodes: tuple[str, ...], shape: tuple[int, ...], graph: Any) -> bool:
    """Whether every node index of an entry (Ã_{vu}) indexes a side of n, the number of nodes of the drawn graph."""
    sides = shape if len(index) == 2 else (max(shape),)
    return graph is not None and all(side == graph.n for i, side in zip(index, sides) if i in nodes)


def over_all_nodes(lower: p.Node | None, upper: p.Node | None, graph_size: str) -> bool:
    """Whether ``\\sum_{u=lower}^{upper}`` runs over every node: from 1 to the question's graph size."""
    if not graph_size or upper is None or lower is None:
        return False
    low_ok = isinstance(lower, p.Num) and lower.text.strip() == "1"
    return low_ok and isinstance(upper, p.Ident) and upper.name == graph_size and not getattr(upper, "accent", None)


__all__ = ["CONVENTION", "misbounded", "node_values", "numbered_by_nodes", "over_all_nodes", "row_faults", "row_links", "row_of_target"]
