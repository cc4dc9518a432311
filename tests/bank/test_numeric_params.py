"""Parameterised numeric questions, over every draw a student can meet (``every_variant``): the text
is filled and typeset, each explanation's claims hold for the drawn numbers, and the slips the
explanations name are graded wrong. The answers themselves are recomputed in each section's test."""
import math
import re
from fractions import Fraction

import pytest

from ch3quiz.quiz.variants import TEXT_FIELDS, is_parameterised

_BRACES = re.compile(r"\{([^{}\\]*)\}")
_NAME = re.compile(r"[A-Za-z_]\w*")
# a negative number written straight after an operator reads badly: 0.5×-1, 2+-0.5, x·-2
_BARE_NEGATIVE = re.compile(r"(?:\\times|\\cdot|\+)\s*-\d")


def _sigmoid(x):
    return 1 / (1 + math.exp(-x))


def _softmax(z):
    exps = [math.exp(v) for v in z]
    return [e / sum(exps) for e in exps]


@pytest.fixture(scope="module")
def drawn(bundled_bank, every_draw):
    """(question id, drawn values, variant) for every draw of every parameterised question."""
    return [
        (q.id, v.fields["variant"]["values"], v)
        for q in bundled_bank.questions if is_parameterised(q)
        for v in every_draw(q)
    ]


def _texts(variant):
    return [(name, variant.fields.get(name) if name.startswith("hint") else getattr(variant, name))
            for name in TEXT_FIELDS]


def test_every_placeholder_is_filled(drawn):
    # A {…} that names a parameter but stays in the text (e.g. {ceil(r*n-1e-9)}, whose 1e-9 reads
    # as a name 'e') shows the student raw arithmetic instead of a number.
    left = {(qid, name, m.group(0))
            for qid, values, v in drawn for name, text in _texts(v) if text
            for m in _BRACES.finditer(text) if set(_NAME.findall(m.group(1))) & set(values)}
    assert not left, sorted(left)[:10]


def test_negative_numbers_are_bracketed(drawn):
    bare = {(qid, name, text[max(0, m.start() - 20): m.end() + 5])
            for qid, _values, v in drawn for name, text in _texts(v) if text
            for m in _BARE_NEGATIVE.finditer(text)}
    assert not bare, sorted(bare)[:10]


def _clipping_by_value_turns(v):
    clipped = (min(v["g1"], v["th"]), min(v["g2"], v["th"]))
    return abs(clipped[0] * v["g2"] - clipped[1] * v["g1"]) > 1e-12


# id -> (what the explanation says, a check of it on the drawn values and the answer)
CLAIMS = {
    "loss-bce-value-confident-wrong": ("far more than the 0.223 of a confident right answer",
                                       lambda v, a: a > 3 * 0.223),
    "rnn-num-gru-step": ("the other GRU convention gives another value",
                         lambda v, a: abs(v["z"] * v["h0"] + (1 - v["z"]) * v["hc"] - a) > 0.01),
    "rnn-num-grad-product": ("a product large enough to grade by its relative tolerance (never 0)",
                             lambda v, a: a >= 1e-7),
    "fix-clip-norm-component": ("the norm exceeds the threshold, and clipping by value turns the vector",
                                lambda v, a: math.hypot(v["g1"], v["g2"]) > v["th"] and _clipping_by_value_turns(v)),
    "gd-iterations-per-epoch": ("there is a last, incomplete batch", lambda v, a: v["N"] % v["b"] != 0),
    "gd-total-updates": ("there is a last, incomplete batch", lambda v, a: v["N"] % v["b"] != 0),
    "act-tanh-deriv-at-half": ("tanh' is larger than sigma' at the same point",
                               lambda v, a: a > _sigmoid(v["v"]) * (1 - _sigmoid(v["v"]))),
    "act-sigmoid-deriv-at-1": ("below the maximum 0.25", lambda v, a: a < 0.25),
    "act-softmax-prob": ("logit proportions are a different (wrong) number",
                         lambda v, a: v["a"] + v["b"] + v["c"] > 0 and abs(v["b"] / (v["a"] + v["b"] + v["c"]) - a) > 0.02 * a),
    "cnn-out-resnet-stem": ("the division is not exact, so the floor matters",
                            lambda v, a: (v["n"] + 2 * v["p"] - v["k"]) % v["s"] != 0),
    "cnn-out-alexnet-conv1": ("the kernel fits in the padded input", lambda v, a: v["k"] <= v["n"] + 2 * v["p"]),
    "cnn-1x1-bottleneck-params": ("fewer weights than the direct convolution",
                                  lambda v, a: a < v["k"] ** 2 * v["ci"] * v["co"]),
    "cnn-receptive-field-three-3x3": ("fewer weights than one large kernel", lambda v, a: v["L"] * v["k"] ** 2 < a ** 2),
    "gnn-coef-deg-3-5": ("dividing by one degree (mean aggregation) is a different number",
                         lambda v, a: v["du"] != v["dv"]),
    "gnn-topk-k": ("ratio * n is not whole, so rounding down loses one",
                   lambda v, a: (Fraction(str(v["r"])) * v["n"]).denominator != 1),
}


def test_explanation_claims_hold_on_every_draw(drawn):
    broken = [(qid, CLAIMS[qid][0], values) for qid, values, v in drawn
              if qid in CLAIMS and not CLAIMS[qid][1](values, float(v.answer))]
    assert not broken, broken[:10]


def test_relu_clips_on_few_draws_of_the_basic_gnn_update(drawn):
    # The question teaches the mean aggregation; a draw whose answer is 0 tests only the ReLU.
    answers = [float(v.answer) for qid, _values, v in drawn if qid == "gnn-basic-scalar-update"]
    assert 0 < sum(a == 0 for a in answers) / len(answers) < 0.1


# The slips each explanation names (as functions of the drawn values), per section.
SLIPS = {
    "3.1": {
        "loss-bce-value-correct": lambda p: [-math.log10(p), -math.log2(p)],
        "loss-bce-value-confident-wrong": lambda p: [-math.log(p)],
    },
    "3.2": {
        "act-sigmoid-value-2": lambda v: [_sigmoid(-v)],
        "act-sigmoid-deriv-at-1": lambda v: [_sigmoid(v), _sigmoid(v) * (1 + _sigmoid(v))],
        "act-tanh-deriv-at-half": lambda v: [1 - math.tanh(v)],
        "act-softmax-prob": lambda a, b, c: [b / (a + b + c)],
    },
    "3.5": {
        "fix-xavier-variance": lambda nin, nout: [2 / nin],
        "fix-he-std": lambda nin: [2 / nin, math.sqrt(1 / nin)],
        "fix-clip-norm-component": lambda g1, g2, th: [min(g1, th)],
    },
    "3.8": {
        "cnn-out-alexnet-conv1": lambda n, k, s, p: [(n + 2 * p - k) // s],
        "cnn-out-resnet-stem": lambda n, k, s, p: [math.ceil((n + 2 * p - k) / s) + 1],
        "cnn-out-dilated": lambda n, k, d, p: [n - k + 1],
        "cnn-params-3x3-64-128": lambda k, ci, co: [(k * k + 1) * co, k * k * ci * co],
        "cnn-receptive-field-three-3x3": lambda L, k: [k ** L],
        "cnn-1x1-bottleneck-params": lambda ci, r, co, k: [k * k * ci * co],
        "cnn-macs-alexnet-conv1": lambda n, k, s, c, o: [2 * o * o * c * k * k * 3, (k * k * 3 + 1) * c],
        "cnn-num-factorized-params": lambda k, c: [k * k * c * c],
    },
    "3.9": {
        "gnn-coef-deg-3-5": lambda du, dv: [1 / math.sqrt((du + 1) * (dv + 1)), 1 / dv],
        "gnn-coef-from-raw-degrees": lambda nv, nu: [1 / math.sqrt(nv * nu)],
        "gnn-basic-scalar-update": lambda w, bb, x1, x2, x3, hs: [max(0.0, w * (x1 + x2 + x3) + bb * hs)],
        "gnn-gcn-path-update": lambda ha, hb, hc: [(ha + hc) / math.sqrt(6)],
        "gnn-params-basic-layer": lambda din, dout: [din * dout],
        "gnn-params-gcn-layer": lambda din, dout: [2 * din * dout],
        "gnn-topk-k": lambda n, r: [math.floor(r * n)],
        "gnn-num-gat-softmax": lambda e1, e2, e3: [_softmax([e2, e3])[0]],
        "gnn-num-sage-sampling": lambda s1, s2: [s1 * s2, s1 + s2],
    },
    "3.10": {
        "rnn-num-params-vanilla": lambda d, hd, q: [hd * d + hd + q * hd + q],
        "rnn-num-params-lstm": lambda d, hd: [4 * (hd * (hd + d) + 2 * hd)],
        "rnn-num-params-gru": lambda d, hd: [4 * (hd * (hd + d) + hd), 3 * (hd * (hd + d) + 2 * hd)],
        "rnn-num-params-stacked-lstm": lambda d, hd: [8 * (hd * (hd + d) + hd)],
        "rnn-num-bptt-terms": lambda T: [T, T * T],
        "rnn-num-grad-product": lambda w, g, n: [w ** n],
        "rnn-num-lstm-hidden-value": lambda c, o: [o * c, o * _sigmoid(c)],
        "rnn-num-gru-step": lambda z, h0, hc: [z * h0 + (1 - z) * hc],
        "rnn-num-bptt-delta-scalar": lambda ht, wq, go, wh, dn: [(1 - ht ** 2) * wq * go, wq * go + wh * dn],
    },
    "补充": {
        "supp-num-scalar-chain": lambda dl, w, z: [w * dl, _sigmoid(z) * w * dl],
        "supp-num-mse-output": lambda a2, y2: [a2 - y2, (y2 - a2) * a2 * (1 - a2)],
        "supp-num-softmax-ce-output": lambda z1, z2, z3: [
            (_softmax([z1, z2, z3])[0] - 1) * _softmax([z1, z2, z3])[0] * (1 - _softmax([z1, z2, z3])[0])],
    },
}


@pytest.mark.parametrize("section", sorted(SLIPS))
def test_tolerances_accept_rounding_and_reject_the_named_slips(assert_slips, section):
    assert_slips(section, SLIPS[section])
