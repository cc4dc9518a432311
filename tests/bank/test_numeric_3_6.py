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


def variance_of_mean(sigma2, b):
    """Var of the mean of b i.i.d. draws: b * sigma2 for the sum, divided by b^2 for the mean."""
    return b * sigma2 / b**2


def batch_to_scale_std(b, factor):
    """Std of a mean of b i.i.d. samples is sigma / sqrt(b): dividing it by factor needs factor^2 * b."""
    return round(b * factor**2)


def momentum_step(theta, v, grad, lr, beta):
    """v <- beta v + g, then theta <- theta - lr v (the new velocity). Returns (theta, v)."""
    v = beta * v + grad
    return theta - lr * v, v


def adagrad(theta, grads, lr):
    """AdaGrad with r_0 = 0 and no epsilon: r accumulates squared gradients, each step is lr g / sqrt(r)."""
    r = 0.0
    for g in grads:
        r += g * g
        theta -= lr * g / math.sqrt(r)
    return theta


def adam(theta, grads, lr, beta1=0.9, beta2=0.999, bias_correction=True):
    """Adam with m_0 = v_0 = 0 and a negligible epsilon."""
    m = v = 0.0
    for t, g in enumerate(grads, start=1):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat, v_hat = (m / (1 - beta1**t), v / (1 - beta2**t)) if bias_correction else (m, v)
        theta -= lr * m_hat / math.sqrt(v_hat)
    return theta


def epochs_for_updates(n, b, updates):
    """Epochs needed to make a number of updates when every epoch has n / b of them (b divides n)."""
    assert n % b == 0
    return updates / (n // b)


def test_numeric_answers_3_6(assert_numeric_answers):
    assert_numeric_answers("3.6", {
        "gd-iterations-per-epoch": lambda N, b: iterations_per_epoch(N, b),
        "gd-total-updates": lambda N, b, E: E * iterations_per_epoch(N, b),
        "gd-one-step-value": lambda t2, g2, eta: gd_step([1.0, t2], [0.4, g2], eta)[1],
        "gd-quadratic-three-steps": gd_on_quadratic(2, 1, 4.0, 0.1, 3),
        "gd-quadratic-max-lr": max_stable_lr(4),
        "gd-minibatch-variance-value": lambda v, b: variance_of_mean(v, b),
        "gd-batch-to-halve-std": batch_to_scale_std(32, 2),
        "gd-momentum-step-value": lambda beta, eta, v0, t0, g: momentum_step(t0, v0, g, eta, beta)[0],
        "gd-adagrad-two-steps": adagrad(1.0, [3.0, 4.0], 0.1),
        "gd-adam-first-step-value": adam(1.0, [0.5], 0.01),
        "gd-epochs-same-updates": epochs_for_updates(51200, 256, 5 * (51200 // 32)),
    })


def test_adam_first_step_is_the_learning_rate_whatever_the_gradient():
    # With bias correction the first step is exactly lr in size (gd-adam-first-step-value).
    for g in (1e-4, 0.5, -3.0, 250.0):
        assert math.isclose(abs(adam(0.0, [g], 0.01)), 0.01, rel_tol=1e-9)
    # Without it (beta1 = 0.9, beta2 = 0.999) the first step is (1 - beta1) / sqrt(1 - beta2) ~ 3.16 times lr,
    # larger, not smaller (gd-tf-adam-uncorrected-step).
    assert math.isclose(abs(adam(0.0, [0.5], 0.01, bias_correction=False)), 0.01 * 0.1 / math.sqrt(0.001))


def test_max_stable_lr_is_the_boundary():
    # Just below the bound the iterates shrink, just above they grow.
    lr = max_stable_lr(4)
    assert abs(gd_on_quadratic(4, 0, 1.0, lr * 0.99, 200)) < 1.0
    assert abs(gd_on_quadratic(4, 0, 1.0, lr * 1.01, 200)) > 1.0


def test_tolerances_accept_rounding_and_reject_slips(assert_slips):
    """3-significant-digit rounding passes; the slips the explanations name do not."""
    assert_slips("3.6", {
        "gd-iterations-per-epoch": lambda N, b: [math.floor(N / b)],     # drop_last by mistake
        "gd-total-updates": lambda N, b, E: [math.floor(E * N / b)],      # forgets the last batch each epoch
        "gd-one-step-value": lambda t2, g2, eta: [t2 + eta * g2],          # plus sign
        "gd-quadratic-three-steps": [gd_on_quadratic(2, 1, 4.0, 0.1, 2), gd_on_quadratic(2, 1, 4.0, 0.1, 4)],
        "gd-quadratic-max-lr": [1 / 8, 2 / 4],                            # one-step rate; curvature taken as 4
        "gd-minibatch-variance-value": lambda v, b: [v / math.sqrt(b), math.sqrt(v / b)],
        "gd-batch-to-halve-std": [64],
        # old velocity; no decay
        "gd-momentum-step-value": lambda beta, eta, v0, t0, g: [t0 - eta * v0, t0 - eta * (v0 + g)],
        "gd-adagrad-two-steps": [0.9 - 0.1 * 4 / 4, 0.9 - 0.1 * 4 / 25],     # only the current g^2; r not sqrt(r)
        "gd-adam-first-step-value": [adam(1.0, [0.5], 0.01, bias_correction=False)],
        "gd-epochs-same-updates": [5, 5 * 32 / 256],                          # epochs unchanged; ratio inverted
    })
