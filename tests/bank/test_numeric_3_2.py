"""3.2: every numeric answer recomputed."""
import math


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


def sigmoid_prime(x):
    return sigmoid(x) * (1 - sigmoid(x))


def tanh_prime(x):
    return 1 - math.tanh(x) ** 2


def leaky_relu(x, alpha):
    return x if x > 0 else alpha * x


def elu(x, alpha):
    return x if x > 0 else alpha * (math.exp(x) - 1)


def prelu_alpha_grad(inputs, upstream):
    """dL/dalpha for one shared PReLU slope: df/dalpha = min(0, x), summed over the positions."""
    return sum(g * min(0.0, x) for x, g in zip(inputs, upstream))


def softmax(logits):
    m = max(logits)
    exps = [math.exp(z - m) for z in logits]
    total = sum(exps)
    return [e / total for e in exps]


def test_tanh_sigmoid_identity():
    for x in (-2.0, -0.3, 0.0, 0.5, 1.7):
        assert math.isclose(math.tanh(x), 2 * sigmoid(2 * x) - 1, abs_tol=1e-12)


def test_numeric_answers_3_2(assert_numeric_answers):
    assert_numeric_answers("3.2", {
        "act-sigmoid-value-2": lambda v: sigmoid(v),
        "act-sigmoid-deriv-at-1": lambda v: sigmoid_prime(v),
        "act-tanh-deriv-at-half": lambda v: tanh_prime(v),
        "act-leaky-relu-output": leaky_relu(-3, 0.01),
        "act-elu-output": elu(-1, 1.0),
        # the question asks for tanh(0.5) through tanh(x) = 2*sigma(2x) - 1
        "act-tanh-from-sigmoid": 2 * sigmoid(2 * 0.5) - 1,
        "act-softmax-prob": lambda a, b, c: softmax([a, b, c])[1],
        "act-prelu-alpha-grad": prelu_alpha_grad([2, -1, -3], [0.5, 1, -2]),
    })


def test_prelu_derivatives_by_finite_differences():
    # act-prelu-deriv-x: df/dx is 1 for x > 0 and alpha for x < 0; act-prelu-alpha-grad: df/dalpha = min(0, x).
    prelu = lambda x, a: max(0.0, x) + a * min(0.0, x)
    h, alpha = 1e-6, 0.25
    for x in (-3.0, -1.0, 0.7, 2.0):
        by_x = (prelu(x + h, alpha) - prelu(x - h, alpha)) / (2 * h)
        by_alpha = (prelu(x, alpha + h) - prelu(x, alpha - h)) / (2 * h)
        assert math.isclose(by_x, 1.0 if x > 0 else alpha, rel_tol=1e-6)
        assert math.isclose(by_alpha, min(0.0, x), rel_tol=1e-6, abs_tol=1e-9)
    # the slips the explanation names: x in place of min(0, x) gives 6, the mean gives 5/3
    assert sum(g * x for x, g in zip([2, -1, -3], [0.5, 1, -2])) == 6


def test_explanation_claims_hold_for_every_drawn_value(bundled_bank):
    # act-tanh-deriv-at-half says tanh' is larger than sigma' at the same point: true for each choice of v
    for v in bundled_bank.get("act-tanh-deriv-at-half").fields["params"]["v"]:
        assert tanh_prime(v) > sigmoid_prime(v), v
    # act-sigmoid-deriv-at-1 says the value is below the maximum 0.25 at x = 0
    assert all(sigmoid_prime(v) < 0.25 for v in bundled_bank.get("act-sigmoid-deriv-at-1").fields["params"]["v"])
