"""补充: every numeric answer recomputed."""
import math


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def dsigmoid(z):
    return sigmoid(z) * (1.0 - sigmoid(z))


def delta_prev(w, delta, z, act_prime=dsigmoid):
    """delta^(L-1) = act'(Z^(L-1)) ⊙ (W^(L))^T delta^(L), with W given as a list of rows."""
    n_prev = len(w[0])
    back = [sum(w[k][j] * delta[k] for k in range(len(w))) for j in range(n_prev)]
    return [act_prime(z[j]) * back[j] for j in range(n_prev)]


def softmax(z):
    exps = [math.exp(v) for v in z]
    total = sum(exps)
    return [e / total for e in exps]


def mse_output_delta_by_differences(a_out, y, eps=1e-6):
    """dJ/dZ for J = 1/2 ||sigmoid(Z) - Y||^2 by central differences, at the Z that gives A = a_out."""
    z = [math.log(a / (1 - a)) for a in a_out]

    def loss(zs):
        return 0.5 * sum((sigmoid(v) - t) ** 2 for v, t in zip(zs, y))

    def shifted(i, h):
        return [v + (h if j == i else 0.0) for j, v in enumerate(z)]

    return [(loss(shifted(i, eps)) - loss(shifted(i, -eps))) / (2 * eps) for i in range(len(z))]


W_L = [[0.2, -0.5, 1.0], [0.4, 0.1, -0.3]]
DELTA_L = [0.1, -0.2]
Z_PREV = [0.0, 1.0, -2.0]


def test_numeric_answers_supp(assert_numeric_answers):
    delta = delta_prev(W_L, DELTA_L, Z_PREV)
    sizes = [784, 128, 64, 10]
    a_out, y = [0.8, 0.3], [1.0, 0.0]
    mse_delta = [(a - t) * a * (1 - a) for a, t in zip(a_out, y)]
    ce_delta = [a - t for a, t in zip(softmax([2.0, 1.0, 0.0]), [1.0, 0.0, 0.0])]
    assert_numeric_answers("补充", {
        "supp-num-scalar-chain": lambda dl, w, z: delta_prev([[w]], [dl], [z])[0],
        "supp-num-delta-first": delta[0],
        "supp-num-delta-third": delta[2],
        # W^(L) is sizes[-1] x sizes[-2] (n_L rows of n_{L-1}); push a delta^(L) of length n_L back through it
        "supp-num-shape-rows": len(delta_prev(
            [[0.0] * sizes[-2] for _ in range(sizes[-1])], [0.0] * sizes[-1], [0.0] * sizes[-2])),
        "supp-num-mse-output": lambda a2, y2: mse_output_delta_by_differences([0.8, a2], [1.0, y2])[1],
        "supp-num-softmax-ce-output": lambda z1, z2, z3: softmax([z1, z2, z3])[0] - 1.0,
    })
