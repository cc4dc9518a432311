"""The tokenizer and parser: three notations, one reading; bad input is an error with a column."""

from __future__ import annotations

import pytest

from ch3quiz.math.read.parser import parse, parse_expression
from ch3quiz.math.read.tokens import MAX_CHARS, FormulaSyntaxError, tokenize

# (LaTeX, Unicode, ASCII) spellings that must parse to the same tree.
SAME = [
    (r"\sigma'(Z^{(L-1)}) \odot (W^{(L)})^{\top} \delta^{(L)}", "σ′(Z⁽ᴸ⁻¹⁾) ⊙ (W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾", None),
    (r"\hat{y}-y", "ŷ - y", "hat y - y"),
    (r"W^{(L)T}", "W⁽ᴸ⁾ᵀ", None),
    (r"x^{\mathsf T}", "xᵀ", "x^T"),
    (r"x^\intercal", "x.T", "x^T"),
    (r"\tilde c_t", "c̃_t", "tilde c_t"),
    (r"\frac{a}{b}", r"\frac a b", None),
]


def _strip(node):
    """A position-free view of a tree, for comparing spellings."""
    if isinstance(node, tuple):
        return tuple(_strip(x) for x in node)
    if hasattr(node, "__dataclass_fields__"):
        return (type(node).__name__,) + tuple(
            _strip(getattr(node, f)) for f in node.__dataclass_fields__ if f != "pos")
    return node


@pytest.mark.parametrize("spellings", SAME)
def test_notations_read_alike(spellings):
    trees = {_strip(parse_expression(s)) for s in spellings if s is not None}
    assert len(trees) == 1, spellings


@pytest.mark.parametrize("text", [
    r"\sigma(W_k\sum_{u\in N(v)}\frac{h_u^{k-1}}{|N(v)|}+B_kh_v^{k-1})",
    r"\sigma\left(W_k \sum_{u \in \mathcal{N}(v)} \frac{h_u^{k-1}}{|\mathcal{N}(v)|} + B_k h_v^{k-1}\right)",
    "sigma(W_k sum_{u in N(v)} h_u^(k-1)/|N(v)| + B_k h_v^(k-1))",
    "σ(W_k ∑_{u∈N(v)} h_u^(k-1)/|N(v)| + B_k h_v^(k-1))",
    r"\frac{1}{\sqrt{|N(u)||N(v)|}}",
    r"\frac{1}{\sqrt{\lvert N(u)\rvert \lvert N(v)\rvert}}",
    r"\lfloor (n+2p-k)/s \rfloor+1",
    "floor((n+2p-k)/s)+1",
    r"\sum_k W^{(L)}_{kj}\delta^{(L)}_k \sigma'(Z^{(L-1)}_j)",
    r"\sum_{k=1}^{n_L} W^{(L)}_{k,j}\delta^{(L)}_k",
    r"\tanh^2(x)", r"\sigma^{\prime}(x)", r"\frac{d\sigma}{dx}", r"\|A^{(L)}-Y\|^2",
    r"\tilde D^{-1/2}\tilde A\tilde D^{-1/2}H^{(k-1)}W^{(k)}",
    r"\mathrm{diag}(\sigma'(z))", r"\operatorname{diag}(x)", r"\Sigma'(z^l)", r"\theta-\eta\nabla_\theta J(\theta)",
    r"\bigl(a+b\bigr)\,\cdot\;c", "a × b · c ∗ d @ e", "e^{-x}", "e^-x", "exp(-x)",
    r"\delta^{(L-1)} = \sigma'(Z^{(L-1)}) \cdot (W^{(L)})^{\top} \delta^{(L)}",
    r"\theta \leftarrow \theta - \eta \nabla J(\theta)",
])
def test_accepted_notation_parses(text):
    assert parse(text, {"J"}).sides


@pytest.mark.parametrize("text, column", [
    (r"\sigma'(Z^{(L-1)}", 17),
    ("a + ", 3),
    ("a ) b", 3),
    (r"\foo x", 1),
    ("x ∫ y", 3),
    ("", 1),
    ("a = ", 4),
])
def test_errors_carry_a_column(text, column):
    with pytest.raises(FormulaSyntaxError) as info:
        parse(text)
    assert info.value.pos + 1 == column or info.value.pos >= len(text.rstrip())
    assert "^" in info.value.caret


def test_equation_sides():
    assert len(parse("a = b = c").sides) == 3
    assert len(parse(r"\delta = \frac{\partial J}{\partial Z}").sides) == 2


def test_juxtaposition_binds_tighter_than_explicit_products():
    tree = parse_expression(r"\sigma'(z) \cdot W^T d")
    assert type(tree).__name__ == "Bin" and tree.op == "·" and tree.b.op == "juxt"


def test_length_is_bounded_before_parsing():
    with pytest.raises(FormulaSyntaxError, match="too long"):
        tokenize("x" * (MAX_CHARS + 1))


def test_nesting_is_bounded():
    with pytest.raises(FormulaSyntaxError, match="nested too deeply"):
        parse("(" * 60 + "x" + ")" * 60)


def test_long_power_towers_parse_without_recursion():
    assert parse("^".join(["2"] * 290)).sides
