"""3.3: every numeric answer recomputed."""
import math


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def sigmoid_prime(x):
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh_prime(x):
    return 1.0 - math.tanh(x) ** 2


def smallest_depth_below(factor, threshold):
    depth = 1
    while factor**depth >= threshold:
        depth += 1
    return depth


def test_numeric_answers_3_3(assert_numeric_answers):
    # sigma' = s(1-s) is maximal where s = 1/2; check on a fine grid that the maximum is at 0.
    grid_max = max(sigmoid_prime(i / 1000) for i in range(-10000, 10001))
    assert math.isclose(grid_max, sigmoid_prime(0.0))
    assert_numeric_answers("3.3", {
        "vgact-sigmoid-max-deriv": sigmoid_prime(0.0),
        "vgact-sigmoid-deriv-at-5": sigmoid_prime(5.0),
        "vgact-tanh-deriv-at-2": tanh_prime(2.0),
        "vgact-bound-10-layers": sigmoid_prime(0.0) ** 10,
        "vgact-depth-below-1e-3": smallest_depth_below(sigmoid_prime(0.0), 1e-3),
    })


def test_sigmoid_derivative_is_an_even_bell_with_exponential_tails():
    # vgact-sigmoid-max-where: sigma'(-x) = sigma'(x), and sigma'(x) / e^{-|x|} tends to 1 (not a 1/x^2 tail).
    for x in (0.3, 1.0, 4.0, 9.0):
        assert math.isclose(sigmoid_prime(-x), sigmoid_prime(x))
    assert math.isclose(sigmoid_prime(20.0) / math.exp(-20.0), 1.0, rel_tol=1e-6)
    assert sigmoid_prime(20.0) < 1e-6 < 1 / 20.0**2


def test_softsign_versus_tanh_claims():
    # vgact-softsign-saturation: values at x = 3, and softsign's derivative is below tanh's
    # only near the origin (crossover about 1.6), while its output never gets closer to 1.
    softsign_prime = lambda x: 1.0 / (1.0 + abs(x)) ** 2
    assert math.isclose(softsign_prime(3.0), 0.0625)
    assert round(tanh_prime(3.0), 4) == 0.0099
    xs = [i / 1000 for i in range(1, 20000)]
    crossover = next(x for x in xs if softsign_prime(x) > tanh_prime(x))
    assert 1.55 < crossover < 1.65
    assert all(math.tanh(x) > x / (1.0 + x) for x in xs)
