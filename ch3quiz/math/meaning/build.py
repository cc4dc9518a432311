"""From the syntax tree to the IR, with the question's symbols in hand.

This is where notation becomes meaning: ``W^{(L)}`` is a declared matrix while ``x^2`` is a power; ``h_u^{k-1}``
is node u's vector; ``W_{kj}`` and ``softmax(o)_j`` are entries; ``\\frac{\\partial J}{\\partial \\theta}``,
``\\nabla J(\\theta)`` and ``\\nabla_\\theta J`` are one gradient (``derivatives``); ``e^{x}`` is ``exp(x)``.
"""

from __future__ import annotations

import math

from ch3quiz.math.meaning import aliases, extremes, graphrows, indicators, ir, notations, shorthand, sums
from ch3quiz.math.meaning.context import Context
from ch3quiz.math.meaning.calls import (
    BUILTINS, PRIME_WORDS, alias_function, check_evaluation_point, code_call, function_head, is_label)
from ch3quiz.math.meaning.derivatives import (
    EXPLICIT, bracket_prime, derivative_operator, factor_before_operator, frac, slashed_derivatives)
from ch3quiz.math.read import tree as p
from ch3quiz.math.meaning.symbols import (
    SymbolError, SymbolInfo, closest_name, layer_text, make_key, split_shift)
from ch3quiz.math.meaning.reading import listed_symbols
from ch3quiz.math.read.layout import CODE_FUNCTIONS
from ch3quiz.math.read.operands import ACCENT_D

MAX_CONST = 1e12


def build(node: p.Node, ctx: Context) -> ir.Expr:
    handler = _HANDLERS.get(type(node))
    if handler is None:
        raise ctx.error("this cannot be read as part of a formula here", node)
    return handler(node, ctx)


# ---- atoms -------------------------------------------------------------------

def _num(node: p.Num, ctx: Context) -> ir.Expr:
    return ir.Const(float(node.text))


def _symbol_error(ctx: Context, node: p.Node, written: str) -> SymbolError:
    graph_node = min(ctx.free_nodes, default="v")
    typed_names = ctx.table.listed_names(graph_node)  # spelled as typed: the closest is found among these
    names = listed_symbols(ctx.table, graph_node)  # the same symbols as printed (ŷ, not "hat y")
    guess = closest_name(written, typed_names)
    if guess is not None:
        return ctx.error(f"unknown symbol {written}; did you mean {names[typed_names.index(guess)]}? this question's "
                         "symbols are: "
                         f"{', '.join(names)}", node)
    return ctx.error(f"unknown symbol {written}; this question's symbols are: {', '.join(names)}", node)


def _ident(node: p.Ident, ctx: Context) -> ir.Expr:
    if node.accent == ACCENT_D:
        return notations.loss_derivative(node, ctx, build)
    info = ctx.table.lookup(node.name, node.accent, None, None)
    if ctx.bound.get(node.name) == extremes.BOUND or info is not None:  # the m of max{m ∈ ℤ : …} first
        return extremes.placeholder(node.name) if ctx.bound.get(node.name) == extremes.BOUND else _var(info)
    if node.accent is None and node.name == "e":
        return ir.Const(math.e)
    if node.accent is None and node.name == "pi":
        return ir.Const(math.pi)
    if node.name in ctx.bound:
        raise ctx.error(f"'{node.name}' is a summation variable; it cannot stand alone here", node)
    if node.name == "nabla" and node.accent is None:  # code's grad: the loss's gradient by its variable
        loss = aliases.loss(ctx.table)
        if loss is not None and loss.of:
            return ir.Partial(ir.Var(loss.key), ir.Var(loss.of))
    if node.name in BUILTINS or node.name in ctx.functions:
        return shorthand.bare_function(node, ctx)  # σ for σ(x) where the model applies σ to x alone
    if node.name == "partial" and node.accent is None:
        raise ctx.error("∂ belongs in a derivative: write ∂J/∂θ or \\frac{\\partial J}{\\partial \\theta}", node)
    raise _symbol_error(ctx, node, node.name if not node.accent else f"\\{node.accent}{{{node.name}}}")


def _var(info: SymbolInfo) -> ir.Expr:
    return ir.Var(info.key)


def _special_script(node: p.Script, ctx: Context) -> ir.Expr | None:
    """A scripted name that is not a symbol: Ng's dZ^{[l]}, nabla_b, e^{x}."""
    base = node.base
    if not isinstance(base, p.Ident):
        return None
    if base.accent == ACCENT_D:
        return notations.loss_derivative(node, ctx, build)
    if base.name == "nabla" and base.accent is None:
        return notations.gradient_name(node, ctx, build)
    if base.name == "e" and base.accent is None and node.sub is None and node.sup is not None \
            and ctx.table.lookup("e", None, None, None) is None:
        return ir.Apply("exp", (build(node.sup, ctx),))
    return notations.kronecker(node, ctx)  # δ_{ij} in a question without a δ


def _label_elsewhere(node: p.Script, sub: str | None, layer: str | None, ctx: Context) -> ir.Expr | None:
    """A label written elsewhere: a layer as a subscript or in brackets (Z_{L-1}, A[l-1]); the identity's size (I_N)."""
    name, accent = node.base.name, node.base.accent  # type: ignore[attr-defined]
    if sub is not None and layer is None and split_shift(sub):
        info = ctx.table.lookup(name, accent, None, sub)
        if info is not None:
            return _power(_var(info), node.sup, ctx) if node.sup is not None else _var(info)
    plain = ctx.table.lookup(name, accent, None, layer) if sub is not None and len(sub) == 1 else None
    if plain is not None and plain.kind == "identity" and node.sup is None and (sub.isupper() or sub == "n"):
        return _var(plain)
    return None


def _script(node: p.Script, ctx: Context) -> ir.Expr:
    special = _special_script(node, ctx)
    if special is not None:
        return special
    base = node.base
    if not isinstance(base, p.Ident):  # softmax(o)_j, (Wᵀδ)_k: an entry of a vector's value; (…)^2: a power
        if notations.indexes_a_value(node):
            return _entry(build(base, ctx), node.sub.text, node, ctx)
        if node.sub is None and node.sup is not None:
            return _power(build(base, ctx), node.sup, ctx)
        raise ctx.error("a subscript must follow a symbol's name", node)
    name, accent = base.name, base.accent
    sub = node.sub.text if node.sub else None
    layer = layer_text(node.sup)
    # 1. the whole thing names a symbol: W^{(L)}, h_{t-1}, W_{hh}, h^{k-1}
    info = ctx.table.lookup(name, accent, sub, layer) if layer is not None else None
    if info is not None:
        return _var(info)
    # 1b. a time step written as a superscript: Andrew Ng's h^{<t-1>}, h^{\langle t\rangle} for h_{t-1}, h_t
    if layer is not None and sub is None and split_shift(layer):
        info = ctx.table.lookup(name, accent, layer, None)
        if info is not None and (info.sub is not None or make_key(name, accent, layer, None) in ctx.table.declared):
            return _var(info)
    # 2. a node-indexed family: h_u^{k-1}
    if sub is not None and sub in _node_vars(ctx):
        family = ctx.table.lookup(name, accent, None, layer, node=True)
        if family is not None:
            return ir.NodeVar(family.key, sub)
    # 3. subscripted name, superscript a power: x_t^2 (but Z^(L-1) names a layer the question lacks)
    if sub is None and isinstance(node.sup, p.Delim) and split_shift(layer) and ctx.table.has_layers(name, accent):
        raise _symbol_error(ctx, node, (f"{accent} " if accent else "") + f"{name}^({layer})")
    info = ctx.table.lookup(name, accent, sub, None)
    if info is not None:
        return _power(_var(info), node.sup, ctx) if node.sup is not None else _var(info)
    # 4. a label written elsewhere: Z_{L-1}, A[l-1], I_N
    elsewhere = _label_elsewhere(node, sub, layer, ctx)
    if elsewhere is not None:
        return elsewhere
    # 5. an entry of a declared vector or matrix: W^{(L)}_{kj}, \delta_k
    if sub is not None:
        indexed = ctx.table.lookup(name, accent, None, layer) if layer is not None else None
        if indexed is not None:
            return _entry(_var(indexed), sub, node, ctx)
        plain = ctx.table.lookup(name, accent, None, None)
        if plain is not None:
            entry = _entry(_var(plain), sub, node, ctx)
            return _power(entry, node.sup, ctx) if node.sup is not None else entry
    if sub is None and node.sup is not None:
        info = ctx.table.lookup(name, accent, None, None)
        if info is not None:
            return _power(_var(info), node.sup, ctx)
        if ctx.bound.get(name) == extremes.BOUND:  # m^2 in max{m ∈ ℤ : m^2 ≤ n}: refused there, as not linear
            return _power(extremes.placeholder(name), node.sup, ctx)
        if name in ctx.bound or name in _node_vars(ctx):
            raise ctx.error(f"'{name}' is an index here", node)
    written = (f"{accent} " if accent else "") + name + (f"_{sub}" if sub else "") + (f"^{layer}" if layer else "")
    raise _symbol_error(ctx, node, written)


def _node_vars(ctx: Context) -> set[str]:
    return {v for v, kind in ctx.bound.items() if kind == "node"} | set(ctx.free_nodes)


def _entry(x: ir.Expr, sub: str, node: p.Node, ctx: Context) -> ir.Expr:
    letters = tuple(c for c in sub.replace(",", "") if not c.isspace())
    if not 1 <= len(letters) <= 2 or not all(c.isalpha() for c in letters):
        raise ctx.error(f"the subscript {sub!r} is neither a declared label nor entry indices like _{{kj}}", node)
    nodes = tuple(c for c in letters if c in _node_vars(ctx))  # Ã_{vu} with v, u graph nodes
    return ir.Entry(x, letters, nodes)


def _power(base: ir.Expr, sup: p.Node, ctx: Context) -> ir.Expr:
    exponent = build(sup, ctx)
    if isinstance(base, ir.Const) and isinstance(exponent, ir.Const):
        return _fold_power(base.value, exponent.value, sup, ctx)
    if isinstance(exponent, ir.Const) and abs(exponent.value) > 64:
        raise ctx.error(f"the exponent {exponent.value:g} is too large to check", sup)
    return ir.Pow(base, exponent)


def _fold_power(base: float, exponent: float, where: p.Node, ctx: Context) -> ir.Expr:
    """A number to a number, computed now, so 9^9^9^9 is refused at once instead of computed."""
    try:
        value = math.pow(base, exponent)
    except (OverflowError, ValueError):
        value = math.inf
    if not math.isfinite(value) or abs(value) > MAX_CONST:
        raise ctx.error(f"the number {base:g}^{exponent:g} is too large to check (limit {MAX_CONST:g})", where)
    if value == 0.0 and base != 0.0:  # 10^{-400}: too small for a float but not zero; kept for the exact check
        return ir.Pow(ir.Const(base), ir.Const(exponent))
    return ir.Const(value)


def _postfix(node: p.Postfix, ctx: Context) -> ir.Expr:
    if node.op == "T":
        return ir.T(build(node.x, ctx))
    x = build(node.x, ctx)
    if isinstance(x, ir.Var) and ctx.table.get(x.key).shape[1] not in ("1",) and not ctx.table.get(x.key).is_scalar:
        return ir.T(x)  # MATLAB's W' on a matrix is its transpose (a matrix has no derivative here)
    return bracket_prime(x, ctx, node)


# ---- functions -----------------------------------------------------------------

def _call(node: p.Call, ctx: Context) -> ir.Expr:
    product = shorthand.shorthand_product(node, ctx, build)  # σ(1 − σ): σ·(1 − σ), with σ for σ(x)
    if product is not None:
        return product
    head, primes, power, sub = function_head(node.fn)
    if not isinstance(head, p.Ident):
        raise ctx.error("only a function's name can be applied to an argument", node)
    if sub is not None and sub.text in PRIME_WORDS:  # sigma_prime(z)
        primes, sub = primes + 1, None
    while is_label(power):  # Andrew Ng's g^{[l]}(z), g^{[l]'}(z): a layer label, not a power
        primes += isinstance(power, p.Postfix)
        power = power.x if isinstance(power, p.Postfix) else None
    indexed = notations.indexed_symbol(head, node.args, ctx, build)
    if indexed is not None and not primes and power is None:
        return indexed
    name = head.name
    if name not in ctx.functions and name not in ctx.table.callable_names():
        name = alias_function(name, ctx) or name
    if name == "N":
        if len(node.args) != 1 or not isinstance(node.args[0], p.Ident) or node.args[0].name not in _node_vars(ctx):
            raise ctx.error("N(...) takes one graph node, like N(v)", node)
        return ir.Neigh(node.args[0].name)
    args = tuple(build(a, ctx) for a in node.args)
    if name == "Sigma" and primes:  # Nielsen's Σ′(z) = diag(σ′(z))
        result: ir.Expr = ir.Apply("diag", (ir.Apply("sigma", args, primes),))
    elif name in ctx.functions or name in BUILTINS:
        fn = BUILTINS.get(name, name) if name not in ctx.functions else name
        if fn == "log" and sub is not None:
            raise ctx.error("only the natural log is used here; write log or ln", node)
        result = ir.Apply(fn, args, primes)
    elif name in CODE_FUNCTIONS:
        return code_call(name, args, ctx, node)
    else:
        info = ctx.table.lookup(name, head.accent, sub.text if sub else None, None)
        if info is not None and info.of:
            if primes:
                raise ctx.error(f"write the derivative of {name} as ∂{name}/∂…", node)
            check_evaluation_point(info, args, ctx, node)
            return _var(info)
        if name == "nabla":
            raise ctx.error("write the gradient as ∇J(θ) or ∂J/∂θ", node)
        raise ctx.error(f"unknown function {name}", node)
    if power is not None:
        result = _power(result, power, ctx)  # tanh^2(x); the same bound on the exponent as any power
    return result


# ---- operators -------------------------------------------------------------------

def _bin(node: p.Bin, ctx: Context) -> ir.Expr:
    op = node.op
    if op == "+":
        return ir.Add(_terms(build(node.a, ctx)) + _terms(build(node.b, ctx)))
    if op == "-":
        return ir.Add(_terms(build(node.a, ctx)) + (ir.Neg(build(node.b, ctx)),))
    if op == "/":
        slashed = slashed_derivatives(node, ctx, build)
        if slashed is not None:
            return slashed
        return ir.Div(build(node.a, ctx), build(node.b, ctx))
    if op == "//":
        return ir.Apply("floor", (ir.Div(build(node.a, ctx), build(node.b, ctx)),))
    if op == "juxt":
        for special_reading in (indicators.indicator, notations.letter_x_for_times, derivative_operator):
            special = special_reading(node, ctx, build)
            if special is not None:
                return special
        regrouped = factor_before_operator(node)
        if regrouped is not None:
            return build(regrouped, ctx)
        return ir.Mul("auto", build(node.a, ctx), build(node.b, ctx), "")
    if op in EXPLICIT:
        return ir.Mul(EXPLICIT[op], build(node.a, ctx), build(node.b, ctx), op)
    if op in indicators.OPERATORS:
        return indicators.read(node, ctx, build)
    raise ctx.error(f"'{op}' cannot be used here", node)


def _terms(e: ir.Expr) -> tuple[ir.Expr, ...]:
    return e.terms if isinstance(e, ir.Add) else (e,)


def _frac(node: p.Frac, ctx: Context) -> ir.Expr:
    return frac(node, ctx, build)


def _root(node: p.Root, ctx: Context) -> ir.Expr:
    x = build(node.x, ctx)
    if node.index is None:
        return ir.Apply("sqrt", (x,))
    return ir.Pow(x, ir.Div(ir.Const(1.0), build(node.index, ctx)))


def _delim(node: p.Delim, ctx: Context) -> ir.Expr:
    if node.kind == "|":
        inner = _maybe_set(node.x, ctx)
        if inner is not None:
            return ir.Card(inner)
        return ir.Apply("abs", (build(node.x, ctx),))
    x = build(node.x, ctx)
    if node.kind in ("(", "["):
        return x
    if node.kind == "‖":
        return ir.Apply("norm", (x,))
    return ir.Apply("floor" if node.kind == "⌊" else "ceil", (x,))


# ---- sets and sums -------------------------------------------------------------

def _maybe_set(node: p.Node, ctx: Context) -> ir.Expr | None:
    if isinstance(node, p.Call) and isinstance(node.fn, p.Ident) and node.fn.name == "N":
        return build(node, ctx)
    if isinstance(node, p.Bin) and node.op == "∪":
        a, b = _maybe_set(node.a, ctx), _maybe_set(node.b, ctx)
        if a is None or b is None:
            raise ctx.error("∪ joins two sets of nodes, like N(v) ∪ {v}", node)
        return ir.Union(a, b)
    if isinstance(node, p.Ident) and node.accent is None and node.name in _node_vars(ctx):
        return ir.Single(node.name)
    if isinstance(node, p.SetLit):
        singles = []
        for item in node.items:
            if not (isinstance(item, p.Ident) and item.name in _node_vars(ctx)):
                raise ctx.error("a set here holds graph nodes, like {v}", item)
            singles.append(ir.Single(item.name))
        result: ir.Expr = singles[0]
        for extra in singles[1:]:
            result = ir.Union(result, extra)
        return result
    return None


def _big_op(node: p.BigOp, ctx: Context) -> ir.Expr:
    if node.kind != "sum":
        raise ctx.error("a product ∏ cannot be checked yet; write its factors out", node)
    sub = node.sub
    while isinstance(sub, p.Delim) and sub.kind == "(":  # ∑_(u∈N(v)∪{v}), as the Unicode echo prints it
        sub = sub.x
    if isinstance(sub, p.Bin) and sub.op == "∈" and isinstance(sub.a, p.Ident):
        domain = _maybe_set(sub.b, ctx)
        if domain is None:
            raise ctx.error("sum over a set of nodes, like u ∈ N(v)", sub.b)
        return _bound(sub.a.name, "node", domain, node, ctx)
    lower = left_out = None
    if isinstance(sub, p.Bin) and sub.op == "=" and isinstance(sub.a, p.Ident):
        sub, lower = sub.a, sub.b
    if isinstance(sub, p.Bin) and sub.op == "≠" and isinstance(sub.a, p.Ident) and isinstance(sub.b, p.Ident):
        sub, left_out = sub.a, sub.b.name  # \sum_{i\neq k}
    if isinstance(sub, p.Ident) and len(sub.name) == 1 and graphrows.over_all_nodes(lower, node.sup, ctx.graph_size):
        return _bound(sub.name, "node", ir.AllNodes(), node, ctx)  # \sum_{u=1}^{n}: every node of the graph
    if isinstance(sub, p.Ident) and len(sub.name) == 1:
        try:
            summed = _bound(sub.name, "index", None, node, ctx)
        except SymbolError as exc:  # ∑_{u=1}^{d} h_u: a sum over nodes with another range is a wrong bound
            raise graphrows.misbounded(sub.name, node, ctx, lambda: _bound(sub.name, "node", ir.AllNodes(), node, ctx)) or exc
        sums.check_bounds(summed, lower, node.sup, ctx, node)
        return sums.excluding(summed, left_out) if left_out else summed
    if sub is None:
        return ir.Apply("sumall", (build(node.body, ctx),))
    raise ctx.error("write what the sum runs over: \\sum_k (an index) or \\sum_{u\\in N(v)} (nodes)", node)


def _bound(var: str, kind: str, domain: ir.Expr | None, node: p.BigOp, ctx: Context) -> ir.Expr:
    if kind == "index" and (inputs := sums.over_inputs(var, node, ctx, build)) is not None:
        return inputs  # Nielsen's ∑_x over the training inputs
    if var in ctx.bound:
        raise ctx.error(f"the summation variable {var} is already in use", node)
    ctx.bound[var] = kind
    try:
        body = build(node.body, ctx)
    finally:
        del ctx.bound[var]
    return ir.SumOver(var, domain, body)


def _set_lit(node: p.SetLit, ctx: Context) -> ir.Expr:
    raise ctx.error("a set {…} can only appear in what a sum runs over", node)


def _marker(node: p.Marker, ctx: Context) -> ir.Expr:
    raise ctx.error("a transpose or prime needs something before it", node)


_HANDLERS = {
    p.Num: _num, p.Ident: _ident, p.Script: _script, p.Postfix: _postfix, p.Call: _call, p.Bin: _bin,
    p.Neg: lambda node, ctx: ir.Neg(build(node.x, ctx)), p.Frac: _frac, p.Root: _root, p.Delim: _delim,
    p.BigOp: _big_op, p.SetLit: _set_lit, p.Marker: _marker, p.SetExtreme: lambda node, ctx: extremes.read(node, ctx, build),  # max{m ∈ ℤ : …}
}
