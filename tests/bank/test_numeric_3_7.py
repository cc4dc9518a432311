"""3.7: every numeric answer recomputed (forward pass, then backpropagation, by hand-rolled loops)."""
import math


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def matvec(w, v):
    return [sum(w_jk * v_k for w_jk, v_k in zip(row, v)) for row in w]


def backprop_sigmoid_mse(x, layers, y):
    """A sigmoid MLP with J = 1/2 ||a^(L) - y||^2.

    ``layers`` is a list of (W, b) with W[j][k] the weight from unit k of the layer
    below to unit j. Returns (deltas, activations): deltas[l] = dJ/dz^(l+1) and
    activations[l] = a^(l), with a^(0) = x.
    """
    activations = [list(x)]
    for w, b in layers:
        z = [s + b_j for s, b_j in zip(matvec(w, activations[-1]), b)]
        activations.append([sigmoid(v) for v in z])
    out = activations[-1]
    delta = [(a - t) * a * (1 - a) for a, t in zip(out, y)]
    deltas = [delta]
    for index in range(len(layers) - 1, 0, -1):
        w_next = layers[index][0]
        a = activations[index]
        back = [sum(w_next[j][k] * delta[j] for j in range(len(delta))) for k in range(len(a))]
        delta = [a_k * (1 - a_k) * g for a_k, g in zip(a, back)]
        deltas.insert(0, delta)
    return deltas, activations


NET_222 = dict(
    x=[1.0, 0.5],
    layers=[
        ([[0.2, -0.4], [0.5, 0.1]], [0.1, -0.2]),
        ([[0.6, -0.3], [-0.2, 0.4]], [0.0, 0.1]),
    ],
    y=[1.0, 0.0],
)


def grad_w(deltas, activations, layer, j, k):
    """dJ/dW^(layer)_{jk} = delta^(layer)_j * a^(layer-1)_k (1-based layer, j, k)."""
    return deltas[layer - 1][j - 1] * activations[layer - 1][k - 1]


def chain_grad_w1(x, w1, b1, w2, b2, y):
    """1-1-1 chain, sigmoid hidden unit, linear output, J = 1/2 (y_hat - y)^2."""
    z1 = w1 * x + b1
    a1 = sigmoid(z1)
    y_hat = w2 * a1 + b2
    delta2 = y_hat - y
    delta1 = a1 * (1 - a1) * w2 * delta2
    return delta1 * x


def mlp_params(sizes):
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes, sizes[1:]))


def l2_step(w, grad_data, lam, lr):
    """One step on J + lam/2 * w^2: the penalty contributes lam * w to the gradient."""
    return w - lr * (grad_data + lam * w)


def batch_grad_entry(deltas, activations):
    """dJ/dW_jk for the mean loss over a batch: the average of the per-sample products delta_j * a_k."""
    return sum(d * a for d, a in zip(deltas, activations)) / len(deltas)


def numeric_gradient(f, w, eps=1e-6):
    return (f(w + eps) - f(w - eps)) / (2 * eps)


def test_numeric_answers_3_7(assert_numeric_answers):
    deltas, acts = backprop_sigmoid_mse(**NET_222)
    assert_numeric_answers("3.7", {
        "dnn-chain-grad-w1": chain_grad_w1(2.0, 0.5, -0.5, 1.5, 0.2, 1.0),
        "dnn-net222-delta-output": deltas[1][0],
        "dnn-net222-grad-w2-12": grad_w(deltas, acts, 2, 1, 2),
        "dnn-net222-grad-w1-21": grad_w(deltas, acts, 1, 2, 1),
        "dnn-mlp-param-count": lambda n0, n1, n2, n3: mlp_params([n0, n1, n2, n3]),
        "dnn-l2-update-value": lambda lam, w, g, a: l2_step(w, g, lam, a),
        "dnn-batch-grad-entry": batch_grad_entry([0.3, -0.1], [1.0, 2.0]),
    })


def test_batch_gradient_is_the_mean_of_per_sample_gradients():
    # For a linear unit z = w * a with J_i = 1/2 (z_i - t_i)^2, delta_i = z_i - t_i; the batch-mean loss
    # differentiated by central differences must equal the mean of delta_i * a_i.
    a, t, w0 = [1.0, 2.0, -0.5], [0.2, 1.5, 0.0], 0.7

    def mean_loss(w):
        return sum(0.5 * (w * a_i - t_i) ** 2 for a_i, t_i in zip(a, t)) / len(a)

    deltas = [w0 * a_i - t_i for a_i, t_i in zip(a, t)]
    assert math.isclose(batch_grad_entry(deltas, a), numeric_gradient(mean_loss, w0), rel_tol=1e-6)


def _loss_222(w_layer, j, k, value):
    layers = [([row[:] for row in w], b[:]) for w, b in NET_222["layers"]]
    layers[w_layer - 1][0][j - 1][k - 1] = value
    _, acts = backprop_sigmoid_mse(NET_222["x"], layers, NET_222["y"])
    return 0.5 * sum((a - t) ** 2 for a, t in zip(acts[-1], NET_222["y"]))


def test_backprop_matches_finite_differences():
    # The hand-rolled backprop above is itself checked against central differences.
    deltas, acts = backprop_sigmoid_mse(**NET_222)
    for layer, j, k in [(2, 1, 2), (1, 2, 1), (1, 1, 2), (2, 2, 1)]:
        w0 = NET_222["layers"][layer - 1][0][j - 1][k - 1]
        numeric = numeric_gradient(lambda v: _loss_222(layer, j, k, v), w0)
        assert math.isclose(grad_w(deltas, acts, layer, j, k), numeric, rel_tol=1e-6, abs_tol=1e-9)

    def chain_loss(w1):
        y_hat = 1.5 * sigmoid(w1 * 2.0 - 0.5) + 0.2
        return 0.5 * (y_hat - 1.0) ** 2

    assert math.isclose(chain_grad_w1(2.0, 0.5, -0.5, 1.5, 0.2, 1.0), numeric_gradient(chain_loss, 0.5), rel_tol=1e-6)


def _sig3(x):
    """What a student types: 3 significant digits, or the whole number for counts."""
    return x if float(x).is_integer() else float(f"{x:.3g}")


def test_tolerances_accept_rounding_and_reject_slips(assert_slips):
    """3-significant-digit rounding passes; the slips the explanations name do not."""
    deltas, acts = backprop_sigmoid_mse(**NET_222)
    d_out, d_hidden = deltas[1], deltas[0]
    a_hidden = acts[1]
    w2 = NET_222["layers"][1][0]
    no_transpose = a_hidden[1] * (1 - a_hidden[1]) * sum(w2[1][k] * d_out[k] for k in range(2))
    assert_slips("3.7", {
        "dnn-chain-grad-w1": [chain_grad_w1(2.0, 0.5, -0.5, 1.5, 0.2, 1.0) / 2.0],   # forgot the factor x
        "dnn-net222-delta-output": [acts[2][0] - 1.0],                                 # dropped sigma'
        "dnn-net222-grad-w2-12": [d_out[0] * a_hidden[0], d_out[1] * a_hidden[0]],    # wrong index
        "dnn-net222-grad-w1-21": [no_transpose * 1.0, d_hidden[1] * 0.5,              # row not column; x_2
                                  d_hidden[1] / (a_hidden[1] * (1 - a_hidden[1]))],   # forgot hidden sigma'
        "dnn-mlp-param-count": lambda n0, n1, n2, n3: [n0 * n1 + n1 * n2 + n2 * n3],      # no biases
        "dnn-l2-update-value": lambda lam, w, g, a: [w - a * g, w - a * (g + 2 * lam * w)],  # no penalty; 2*lambda*w
        "dnn-batch-grad-entry": [2 * batch_grad_entry([0.3, -0.1], [1.0, 2.0]),    # summed loss: no 1/m
                                 (0.3 - 0.1) / 2 * (1.0 + 2.0) / 2],                # product of the batch means
    })
