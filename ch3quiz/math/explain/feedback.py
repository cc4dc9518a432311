"""Feedback like a tutor: name the mistake.

First the question's catalogue of known mistakes (each an expression compared
by the same numeric equivalence), then generic near misses that work on any
question: each is one small edit of the answer (or of the expected form) that
would make the two agree — a dropped transpose, ⊙ for a matrix product, a sign,
a layer index, σ for σ′, a missing factor or term, a sum for a product …
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from ch3quiz.math.judge.compare import Comparator
from ch3quiz.math.judge.draws import DrawFailed, Undecidable
from ch3quiz.math.judge.numeric import evaluate, judge
from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.reading import reading
from ch3quiz.math.meaning.shapes import ShapeError
from ch3quiz.math.meaning.spec import Spec
from ch3quiz.math.meaning.symbols import join_shift, split_shift

MAX_TRIES = 120


@dataclass(frozen=True, kw_only=True)
class Diagnosis:
    tag: str
    message_en: str
    message_zh: str
    source: str  # catalogue | generic


Edit = tuple[ir.Expr, str, str, str]  # (edited expression, tag, English, Chinese)


def diagnose(spec: Spec, comparator: Comparator, student: ir.Expr, student_typed_ok: bool) -> Diagnosis | None:
    """The named mistake in ``student`` (an untyped IR), or None."""
    found = _catalogue(spec, comparator, student, student_typed_ok)
    if found:
        return found
    tries = 0
    fits: Edit | None = None  # an added transpose that makes an ill-shaped answer fit (W δ alone)
    for edit in _student_edits(spec, student):
        edited, tag, en, zh = edit
        tries += 1
        if tries > MAX_TRIES:
            break
        if comparator.compare_expr(edited).status == "equal":
            return Diagnosis(tag=tag, message_en=en, message_zh=zh, source="generic")
        if not student_typed_ok and fits is None and tag == "transpose" and _fits(spec, edited):
            fits = edit
    if fits is not None:
        edited, tag, en, zh = fits
        then = _catalogue(spec, comparator, edited, True)
        if then is not None:
            en, zh = f"{en}; then: {then.message_en}", f"{zh}；此外：{then.message_zh}"
        return Diagnosis(tag=tag, message_en=en, message_zh=zh, source="generic")
    if tries > MAX_TRIES:
        return None
    if student_typed_ok:
        for edited, tag, en, zh in _expected_edits(spec, spec.expected.expr):
            tries += 1
            if tries > MAX_TRIES:
                return None
            if _same(spec, comparator, edited, student):
                return Diagnosis(tag=tag, message_en=en, message_zh=zh, source="generic")
    return None


def _fits(spec: Spec, e: ir.Expr) -> bool:
    try:
        return spec.type_of(e).shape == spec.expected.shape
    except ShapeError:
        return False


def _catalogue(spec: Spec, comparator: Comparator, student: ir.Expr, typed_ok: bool) -> Diagnosis | None:
    for mistake in spec.mistakes:
        if typed_ok and mistake.typed is not None:
            hit = _same(spec, comparator, mistake.typed.expr, student)
        else:  # both ill-shaped: compare what was written, up to order
            hit = mistake.typed is None and mistake.expr is not None and canonical(mistake.expr) == canonical(student)
        if hit:
            return Diagnosis(tag=mistake.tag, message_en=mistake.message_en, message_zh=mistake.message_zh, source="catalogue")
    return None


def canonical(e: ir.Expr) -> str:
    """A text form that ignores the order of sums and elementwise products (for ill-shaped expressions)."""
    if isinstance(e, ir.Add):
        return "+(" + ",".join(sorted(canonical(t) for t in e.terms)) + ")"
    if isinstance(e, ir.Mul):
        a, b = canonical(e.a), canonical(e.b)
        if e.op in ("elem", "hadamard", "scale"):
            a, b = sorted((a, b))
            return f"⊙({a},{b})"
        return f"@({a},{b})"
    kids = ",".join(canonical(c) for c in e.children())
    label = {k: v for k, v in vars(e).items() if not isinstance(v, (ir.Expr, tuple))}
    return f"{type(e).__name__}{label}({kids})"


def _same(spec: Spec, comparator: Comparator, a: ir.Expr, b: ir.Expr) -> bool:
    """Whether two expressions agree on the comparator's draws (neither is the expected one)."""
    try:
        ta, tb = spec.type_of(a), spec.type_of(b)
    except ShapeError:
        return False
    if ta.shape != tb.shape:
        return False
    agreed = 0
    for draw in comparator.draws:
        try:
            va = evaluate(ta.expr, ta.free, ta.ranges, draw, spec.nodes)
            vb = evaluate(tb.expr, tb.free, tb.ranges, draw, spec.nodes)
        except (DrawFailed, Undecidable):
            continue
        verdict = judge(va[0], vb[0], va[1] or vb[1], max(va[2], vb[2]), draw.scaled)
        if verdict == "differ":
            return False
        agreed += verdict == "equal"
    return agreed >= 2


# ---- edits of the student's answer ----------------------------------------------

def _student_edits(spec: Spec, e: ir.Expr) -> Iterator[Edit]:
    """Every single edit of the answer, in the order of ``_EDIT_RULES`` (the first edit that fits is named)."""
    nodes = list(ir.walk(e))
    for rule in _EDIT_RULES:
        yield from rule(spec, e, nodes)


def _reader(spec: Spec) -> Callable[[ir.Expr], str]:
    """How the messages show an expression: its reading with the question's symbols."""
    return lambda x: reading(x, spec.table)


def _extra_terms(spec: Spec, e: ir.Expr, nodes: list[ir.Expr]) -> Iterator[Edit]:
    # An extra term first: when dropping a whole term makes the answer right, that is the mistake, even if
    # another edit inside the term (a sign, σ for σ′) would make it vanish on the draws too.
    r = _reader(spec)
    for node in nodes:
        if isinstance(node, ir.Add) and len(node.terms) > 1:
            for i, term in enumerate(node.terms):
                rest = node.terms[:i] + node.terms[i + 1:]
                yield (ir.rebuild(e, node, rest[0] if len(rest) == 1 else ir.Add(rest)), "extra-term",
                       f"the term {r(term)} should not be there", f"不应有项 {r(term)}")


def _transposes(spec: Spec, e: ir.Expr, nodes: list[ir.Expr]) -> Iterator[Edit]:
    r = _reader(spec)
    for node in nodes:  # a missing or extra transpose
        if isinstance(node, ir.T):
            yield (ir.rebuild(e, node, node.x), "transpose",
                   f"{r(node)} should not be transposed: use {r(node.x)}", f"{r(node)} 不应转置：应为 {r(node.x)}")
        elif isinstance(node, (ir.Var, ir.NodeVar)) and not spec.table.get(node.key).is_scalar:
            yield (ir.rebuild(e, node, ir.T(node)), "transpose",
                   f"a transpose is missing: {r(node)} should be ({r(node)})ᵀ here",
                   f"漏了转置：这里的 {r(node)} 应为 ({r(node)})ᵀ")


def _product_kinds(spec: Spec, e: ir.Expr, nodes: list[ir.Expr]) -> Iterator[Edit]:
    r = _reader(spec)
    for node in nodes:  # ⊙ against the matrix product
        if isinstance(node, ir.Mul) and node.op in ("auto", "elem", "matmul"):
            flipped = "elem" if node.op in ("auto", "matmul") else "matmul"
            edited = ir.rebuild(e, node, replace(node, op=flipped))
            if flipped == "elem":
                yield (edited, "product-kind",
                       f"{r(node.a)} and {r(node.b)} should be multiplied elementwise (⊙), not as matrices",
                       f"{r(node.a)} 与 {r(node.b)} 之间应是逐元素积 ⊙，而不是矩阵乘法")
            else:
                yield (edited, "product-kind",
                       f"{r(node.a)} and {r(node.b)} should be a matrix product, not an elementwise product (⊙)",
                       f"{r(node.a)} 与 {r(node.b)} 之间应是矩阵乘法，而不是逐元素积 ⊙")


def _signs(spec: Spec, e: ir.Expr, nodes: list[ir.Expr]) -> Iterator[Edit]:
    r = _reader(spec)
    yield (ir.Neg(e), "sign", "the sign of the whole answer is flipped", "整个答案的符号反了")
    for node in nodes:
        if isinstance(node, ir.Add):
            for i, term in enumerate(node.terms):
                flipped = term.x if isinstance(term, ir.Neg) else ir.Neg(term)
                terms = node.terms[:i] + (flipped,) + node.terms[i + 1:]
                yield (ir.rebuild(e, node, ir.Add(terms)), "sign",
                       f"the sign of the term {r(term)} is wrong", f"项 {r(term)} 的符号错了")


def _derivatives(spec: Spec, e: ir.Expr, nodes: list[ir.Expr]) -> Iterator[Edit]:
    r = _reader(spec)
    for node in nodes:  # σ against σ′
        if isinstance(node, ir.Apply) and node.fn not in ("diag", "norm", "softmax", "max", "min", "floor", "ceil"):
            if node.deriv == 0:
                yield (ir.rebuild(e, node, replace(node, deriv=1)), "derivative",
                       f"{r(node)} should be the derivative {r(replace(node, deriv=1))}",
                       f"{r(node)} 应为导数 {r(replace(node, deriv=1))}")
            else:
                yield (ir.rebuild(e, node, replace(node, deriv=0)), "derivative",
                       f"{r(node)} should be {r(replace(node, deriv=0))}, not its derivative",
                       f"{r(node)} 应为 {r(replace(node, deriv=0))}，而不是它的导数")
            for other in ("sigma", "tanh"):
                if other != node.fn and node.fn in ("sigma", "tanh"):
                    swapped = replace(node, fn=other)
                    yield (ir.rebuild(e, node, swapped), "wrong-function",
                           f"{r(node)} should be {r(swapped)}", f"{r(node)} 应为 {r(swapped)}")


def _factors(spec: Spec, e: ir.Expr, nodes: list[ir.Expr]) -> Iterator[Edit]:
    r = _reader(spec)
    for node in nodes:  # an extra factor or term, a sum for a product, a reversed or swapped product
        if isinstance(node, ir.Mul):
            for keep, drop in ((node.a, node.b), (node.b, node.a)):
                yield (ir.rebuild(e, node, keep), "extra-factor",
                       f"the factor {r(drop)} should not be there", f"不应有因子 {r(drop)}")
            if node.op in ("matmul", "auto"):
                yield (ir.rebuild(e, node, replace(node, a=node.b, b=node.a)), "order",
                       f"the order of the product {r(node)} is reversed", f"乘积 {r(node)} 的顺序反了")
        if isinstance(node, ir.Add):
            if len(node.terms) == 2 and not any(isinstance(t, ir.Neg) for t in node.terms):
                yield (ir.rebuild(e, node, ir.Mul("auto", *node.terms)), "sum-for-product",
                       f"{r(node)} should be a product, not a sum", f"{r(node)} 应是乘积而不是和")
            if len(node.terms) == 2 and all(isinstance(t, ir.Mul) for t in node.terms):
                a, b = node.terms
                swapped = ir.Add((replace(a, a=b.a), replace(b, a=a.a)))
                yield (ir.rebuild(e, node, swapped), "swapped-coefficients",
                       f"the coefficients {r(a.a)} and {r(b.a)} are swapped", f"系数 {r(a.a)} 与 {r(b.a)} 互换了")


def _activation_of(spec: Spec, x: ir.Expr) -> ir.Apply | None:
    """σ(z) written out, or a symbol given as σ(z) (A = σ(Z)): the activation applied to its pre-activation."""
    if isinstance(x, ir.Var) and x.key in spec.definitions:
        x = spec.definitions[x.key]
    if isinstance(x, ir.Apply) and x.deriv == 0 and len(x.args) == 1 and x.fn not in ("diag", "norm", "sumall", "max", "min"):
        return x
    return None


def _fn_name(fn: str) -> str:
    return reading(ir.Apply(fn, (), 0)).removesuffix("()")


def _one_minus(x: ir.Expr) -> ir.Expr | None:
    """y when ``x`` is 1 − y."""
    if isinstance(x, ir.Add) and len(x.terms) == 2:
        a, b = x.terms
        for one, other in ((a, b), (b, a)):
            if isinstance(one, ir.Const) and one.value == 1.0 and isinstance(other, ir.Neg):
                return other.x
    return None


def _activation_edits(spec: Spec, e: ir.Expr, nodes: list[ir.Expr]) -> Iterator[Edit]:
    """The sigmoid's σ(1−σ) for a general activation's σ′; σ′ taken at the activation A instead of Z."""
    r = lambda x: reading(x, spec.table)  # noqa: E731
    for node in nodes:
        if isinstance(node, ir.Mul):
            for x, rest in ((node.a, node.b), (node.b, node.a)):
                act = _activation_of(spec, x)
                if act is None or spec.functions.get(act.fn) != "elementwise" or _one_minus(rest) != x:
                    continue
                derivative = ir.Apply(act.fn, act.args, 1)
                yield (ir.rebuild(e, node, derivative), "sigmoid-specific",
                       f"{r(node)} is the derivative of the logistic sigmoid only; here {_fn_name(act.fn)} "
                       f"is a general activation, so write {r(derivative)}",
                       f"{r(node)} 只是 logistic sigmoid 的导数；这里的 {_fn_name(act.fn)} 是一般的激活函数，"
                       f"应写 {r(derivative)}")
                break
        if isinstance(node, ir.Apply) and node.deriv and len(node.args) == 1 and isinstance(node.args[0], ir.Var):
            act = _activation_of(spec, node.args[0])
            if act is not None and node.args[0].key in spec.definitions and act.fn == node.fn:
                fixed = ir.Apply(node.fn, act.args, node.deriv)
                yield (ir.rebuild(e, node, fixed), "derivative-at-activation",
                       f"{r(node)} takes the derivative at the activation {r(node.args[0])} = {r(act)}; "
                       f"it is taken at the pre-activation: {r(fixed)}",
                       f"{r(node)} 是在激活值 {r(node.args[0])} = {r(act)} 处求导；应在激活前的输入处求导：{r(fixed)}")


def _index_edits(spec: Spec, e: ir.Expr, nodes: list[ir.Expr]) -> Iterator[Edit]:
    """A layer or time index one off: Z^{(L)} for Z^{(L-1)}, h_t for h_{t-1}."""
    r = lambda x: reading(x, spec.table)  # noqa: E731
    for node in nodes:
        if not isinstance(node, ir.Var):
            continue
        info = spec.table.get(node.key)
        for part in ("layer", "sub"):
            label = getattr(info, part)
            shift = split_shift(label)
            if shift is None:
                continue
            for delta in (-1, 1):
                new_label = join_shift(shift[0], shift[1] + delta)
                layer = new_label if part == "layer" else info.layer
                sub = new_label if part == "sub" else info.sub
                other = spec.table.lookup(info.name, info.accent, sub, layer)
                if other is None:
                    continue
                edited = ir.rebuild(e, node, ir.Var(other.key))
                role, role_zh = _index_role(part, shift[0])
                yield (edited, "layer-index",
                       f"{r(node)} has the wrong {role}: it should be {r(ir.Var(other.key))}",
                       f"{r(node)} 的{role_zh}错了：应为 {r(ir.Var(other.key))}")


def _index_role(part: str, var: str) -> tuple[str, str]:
    """What a shifted label counts, by its letter: t is time; l, L and k (W^{(l)}, W_k of a GNN) are layers."""
    if var == "t":
        return "time index", "时间下标"
    if part == "layer" or var in ("l", "L", "k"):
        return "layer index", "层下标"
    return "index", "下标"


# ---- edits of the expected form (what the student left out) ----------------------

def _expected_edits(spec: Spec, e: ir.Expr) -> Iterator[Edit]:
    r = lambda x: reading(x, spec.table)  # noqa: E731
    for node in ir.walk(e):
        if isinstance(node, ir.Mul):
            for keep, drop in ((node.a, node.b), (node.b, node.a)):
                if isinstance(drop, ir.Apply) and drop.deriv:
                    yield (ir.rebuild(e, node, keep), "dropped-derivative",
                           f"the factor {r(drop)} is missing (the chain rule passes through the activation)",
                           f"漏了因子 {r(drop)}（链式法则要经过激活函数）")
                else:
                    yield (ir.rebuild(e, node, keep), "missing-factor",
                           f"the factor {r(drop)} is missing", f"漏了因子 {r(drop)}")
        if isinstance(node, ir.Add) and len(node.terms) > 1:
            for i, term in enumerate(node.terms):
                rest = node.terms[:i] + node.terms[i + 1:]
                yield (ir.rebuild(e, node, rest[0] if len(rest) == 1 else ir.Add(rest)), "missing-term",
                       f"the term {r(term)} is missing", f"漏了项 {r(term)}")
        if isinstance(node, ir.Apply) and node.args and node.fn not in ("diag", "norm"):
            yield (ir.rebuild(e, node, node.args[0]), "missing-function",
                   f"{r(node)}: the function {node.fn} is missing around {r(node.args[0])}",
                   f"{r(node)}：{r(node.args[0])} 外面漏了函数 {node.fn}")


# Tried in this order; items can be added but never re-ordered (the first edit that fits names the mistake).
_EDIT_RULES = (_activation_edits, _extra_terms, _transposes, _product_kinds, _signs, _index_edits, _derivatives,
               _factors)
