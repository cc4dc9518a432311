"""3.1: every numeric answer recomputed."""
import math


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def bce(y, p):
    return -(y * math.log(p) + (1 - y) * math.log(1 - p))


def softmax_ce(logits, true_index):
    total = sum(math.exp(z) for z in logits)
    return -math.log(math.exp(logits[true_index]) / total)


def softmax(logits):
    exps = [math.exp(z) for z in logits]
    total = sum(exps)
    return [e / total for e in exps]


def stable_softmax_ce(logits, true_index):
    """Cross-entropy by log-sum-exp: log sum_k e^{z_k} - z_c with the maximum pulled out first."""
    m = max(logits)
    return m + math.log(sum(math.exp(z - m) for z in logits)) - logits[true_index]


def kl(p, q):
    return sum(pk * math.log(pk / qk) for pk, qk in zip(p, q))


def entropy(p):
    return -sum(pk * math.log(pk) for pk in p)


def mse(pred, target):
    return sum((p - t) ** 2 for p, t in zip(pred, target)) / len(pred)


def hinge(y, f):
    return max(0.0, 1 - y * f)


def test_numeric_answers_3_1(assert_numeric_answers):
    a = sigmoid(-4)
    assert_numeric_answers("3.1", {
        "loss-bce-value-correct": lambda p: bce(1, p),
        "loss-bce-value-confident-wrong": lambda p: bce(0, p),
        "loss-softmax-ce-value": lambda z1, z2, z3: softmax_ce([z1, z2, z3], 0),
        # softmax + cross-entropy: dL/dz_k = softmax(z)_k - y_k, here k = true class (y_k = 1)
        "loss-softmax-ce-grad-value": softmax([2, 1, 0])[0] - 1,
        "loss-mse-value": mse([2.5, 0.0, 2.0], [3.0, -0.5, 2.0]),
        "loss-hinge-total": sum(hinge(y, f) for y, f in [(1, 2.0), (1, 0.3), (-1, 0.5)]),
        "loss-exp-value": math.exp(-(-1) * 0.5),
        # J = 1/2 (a - y)^2 with a = sigmoid(z): dJ/dz = (a - y) * a * (1 - a)
        "loss-mse-sigmoid-grad-value": (a - 1) * a * (1 - a),
        "loss-lse-stable-value": stable_softmax_ce([1000, 999, 998], 2),
        # softmax Jacobian entry (i != j): -p_i p_j
        "loss-softmax-jacobian-entry": -softmax([2, 1, 0])[0] * softmax([2, 1, 0])[1],
        "loss-soft-label-kl": kl([0.7, 0.2, 0.1], [0.5, 0.3, 0.2]),
    })


def test_log_sum_exp_claims():
    # loss-lse-stable-value: the direct form overflows; the stable form equals the shifted logits' loss.
    try:
        softmax_ce([1000, 999, 998], 2)
        overflowed = False
    except OverflowError:
        overflowed = True
    assert overflowed
    assert math.isclose(stable_softmax_ce([1000, 999, 998], 2), softmax_ce([2, 1, 0], 2))
    # loss-lse-log-of-softmax: with z = (0, -800) the probability underflows to 0, the fused form gives about 800.
    assert math.exp(-800) / (1 + math.exp(-800)) == 0.0
    assert math.isclose(stable_softmax_ce([0, -800], 1), 800.0)


def test_cross_entropy_is_entropy_plus_kl():
    # loss-ce-entropy-kl, loss-soft-label-kl, loss-soft-label-ce-floor
    p, q = [0.7, 0.2, 0.1], [0.5, 0.3, 0.2]
    cross = -sum(pk * math.log(qk) for pk, qk in zip(p, q))
    assert math.isclose(cross, entropy(p) + kl(p, q))
    assert round(cross, 3) == 0.887 and round(entropy(p), 4) == 0.8018 and round(kl(q, p), 4) == 0.0920
    assert round(entropy([0.9, 0.05, 0.05]), 3) == 0.394


def test_softmax_jacobian_rows_sum_to_zero():
    # loss-softmax-jacobian-singular: diag(p) - p p^T is symmetric with zero row sums.
    p = softmax([2, 1, 0])
    jac = [[(pi if i == j else 0.0) - pi * pj for j, pj in enumerate(p)] for i, pi in enumerate(p)]
    assert all(math.isclose(jac[i][j], jac[j][i]) for i in range(3) for j in range(3))
    assert all(abs(sum(row)) < 1e-12 for row in jac)
    assert round(p[0] * (1 - p[0]), 3) == 0.223
