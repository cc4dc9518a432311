"""3.5: every numeric answer recomputed."""
import math


def inverted_dropout_scale(p_drop):
    return 1.0 / (1.0 - p_drop)


def xavier_variance(n_in, n_out):
    return 2.0 / (n_in + n_out)


def he_std(n_in):
    return math.sqrt(2.0 / n_in)


def l2_step(w, grad_loss, lr, lam):
    """One gradient step on J(w) + lam/2 * w^2."""
    return w - lr * (grad_loss + lam * w)


def clip_by_norm(g, threshold):
    norm = math.sqrt(sum(x * x for x in g))
    if norm <= threshold:
        return list(g)
    return [x * threshold / norm for x in g]


def test_numeric_answers_3_5(assert_numeric_answers):
    assert_numeric_answers("3.5", {
        "fix-dropout-scale-p02": lambda p: inverted_dropout_scale(p),
        "fix-dropout-kept-value": 3.0 * inverted_dropout_scale(0.25),
        "fix-dropout-expected-kept": round(1000 * (1 - 0.2)),
        "fix-xavier-variance": lambda nin, nout: xavier_variance(nin, nout),
        "fix-he-std": lambda nin: he_std(nin),
        "fix-weight-decay-step": l2_step(2.0, 0.4, 0.1, 0.5),
        "fix-clip-norm-component": lambda g1, g2, th: clip_by_norm([g1, g2], th)[0],
    })


def test_inverted_dropout_keeps_the_expectation():
    p, h = 0.25, 3.0
    assert math.isclose((1 - p) * h * inverted_dropout_scale(p) + p * 0.0, h)


def test_weight_decay_form_matches_gradient_form():
    w, g, lr, lam = 2.0, 0.4, 0.1, 0.5
    assert math.isclose(l2_step(w, g, lr, lam), (1 - lr * lam) * w - lr * g)
