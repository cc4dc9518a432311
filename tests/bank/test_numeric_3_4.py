"""3.4: every numeric answer recomputed."""
import math


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def sigmoid_prime(x):
    s = sigmoid(x)
    return s * (1.0 - s)


def grad_b1(zs, ws, dj_da_last):
    """dJ/db_1 in a one-neuron-per-layer sigmoid chain: z_l = w_l a_{l-1} + b_l.

    zs = [z_1, ..., z_L], ws = [w_2, ..., w_L]; walk back from the output.
    """
    grad = dj_da_last * sigmoid_prime(zs[-1])  # dJ/dz_L
    for z, w in zip(reversed(zs[:-1]), reversed(ws)):
        grad = grad * w * sigmoid_prime(z)  # dJ/dz_l = sigma'(z_l) w_{l+1} dJ/dz_{l+1}
    return grad  # dJ/db_1 = dJ/dz_1


def test_numeric_answers_3_4(assert_numeric_answers):
    n_active_inputs = 500  # inputs equal to 1; the other 500 contribute nothing
    var_z = n_active_inputs * 1.0 + 1.0  # unit-variance weights plus a unit-variance bias
    assert_numeric_answers("3.4", {
        "vg-chain-4-layers": grad_b1([0.0, 0.0, 0.0, 0.0], [2.0, 2.0, 2.0], 1.0),
        "vg-chain-mixed": grad_b1([0.0, 1.0, -2.0, 0.5], [2.0, -1.5, 3.0], 0.8),
        "vg-explode-1p5-20": math.prod([1.5] * 20),
        "vg-vanish-0p9-50": math.prod([0.9] * 50),
        "vg-init-z-std": math.sqrt(var_z),
    })


def test_multi_sigmoid_tiny_derivative_letters():
    # vg-sigmoid-tiny-deriv: choices z = 0, 1, -4, 6, -7; answer [D, E].
    below = [letter for letter, z in zip("ABCDE", [0, 1, -4, 6, -7]) if sigmoid_prime(z) < 0.01]
    assert below == ["D", "E"]


def test_scaled_init_std_claim():
    # vg-large-init-sigmoid / vg-init-z-std: with weight variance 1/1000 the std of z is about 1.22.
    assert round(math.sqrt(500 * (1 / 1000) + 1.0), 2) == 1.22
