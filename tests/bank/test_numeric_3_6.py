"""3.6: every numeric answer recomputed."""
import math


def iterations_per_epoch(n, b):
    """Updates in one epoch when the last, incomplete batch is kept."""
    return math.ceil(n / b)


def gd_step(theta, grad, lr):
    return [t - lr * g for t, g in zip(theta, grad)]


def gd_on_quadratic(a, c, theta0, lr, steps):
    """Gradient descent on J(theta) = a * (theta - c)^2, whose derivative is 2a(theta - c)."""
    theta = theta0
    for _ in range(steps):
        theta -= lr * 2 * a * (theta - c)
    return theta


def max_stable_lr(a):
    """J = a * theta^2 has curvature J'' = 2a; the factor |1 - lr * 2a| < 1 needs lr < 2 / (2a)."""
    return 2 / (2 * a)


def batch_to_scale_std(b, factor):
    """Std of a mean of b i.i.d. samples is sigma / sqrt(b): dividing it by factor needs factor^2 * b."""
    return round(b * factor**2)


def test_numeric_answers_3_6(assert_numeric_answers):
    assert_numeric_answers("3.6", {
        "gd-iterations-per-epoch": iterations_per_epoch(50000, 128),
        "gd-total-updates": 20 * iterations_per_epoch(10000, 64),
        "gd-one-step-value": gd_step([1.0, -2.0], [0.4, -1.5], 0.1)[1],
        "gd-quadratic-three-steps": gd_on_quadratic(2, 1, 4.0, 0.1, 3),
        "gd-quadratic-max-lr": max_stable_lr(4),
        "gd-minibatch-variance-value": 4.0 / 64,
        "gd-batch-to-halve-std": batch_to_scale_std(32, 2),
    })


def test_max_stable_lr_is_the_boundary():
    # Just below the bound the iterates shrink, just above they grow.
    lr = max_stable_lr(4)
    assert abs(gd_on_quadratic(4, 0, 1.0, lr * 0.99, 200)) < 1.0
    assert abs(gd_on_quadratic(4, 0, 1.0, lr * 1.01, 200)) > 1.0
