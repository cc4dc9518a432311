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


def mse(pred, target):
    return sum((p - t) ** 2 for p, t in zip(pred, target)) / len(pred)


def hinge(y, f):
    return max(0.0, 1 - y * f)


def test_numeric_answers_3_1(assert_numeric_answers):
    a = sigmoid(-4)
    assert_numeric_answers("3.1", {
        "loss-bce-value-correct": bce(1, 0.8),
        "loss-bce-value-confident-wrong": bce(0, 0.9),
        "loss-softmax-ce-value": softmax_ce([2, 1, 0], 0),
        # softmax + cross-entropy: dL/dz_k = softmax(z)_k - y_k, here k = true class (y_k = 1)
        "loss-softmax-ce-grad-value": softmax([2, 1, 0])[0] - 1,
        "loss-mse-value": mse([2.5, 0.0, 2.0], [3.0, -0.5, 2.0]),
        "loss-hinge-total": sum(hinge(y, f) for y, f in [(1, 2.0), (1, 0.3), (-1, 0.5)]),
        "loss-exp-value": math.exp(-(-1) * 0.5),
        # J = 1/2 (a - y)^2 with a = sigmoid(z): dJ/dz = (a - y) * a * (1 - a)
        "loss-mse-sigmoid-grad-value": (a - 1) * a * (1 - a),
    })
