"""3.10: every numeric answer recomputed."""
import math


def rnn_block(d, h):
    """One affine block of a recurrent cell: W_x (h x d) + W_h (h x h) + one bias (h)."""
    return h * d + h * h + h


def lstm_params(d, h):
    return 4 * rnn_block(d, h)


def gru_params(d, h):
    return 3 * rnn_block(d, h)


def test_numeric_answers_3_10(assert_numeric_answers):
    c_t = 0.9 * 2.0 + 0.5 * (-0.6)
    assert_numeric_answers("3.10", {
        "rnn-num-params-vanilla": rnn_block(100, 128) + (10 * 128 + 10),
        "rnn-num-params-lstm": lstm_params(300, 256),
        "rnn-num-params-gru": gru_params(128, 64),
        "rnn-num-params-stacked-lstm": lstm_params(50, 100) + lstm_params(100, 100),
        # one (t, k) term for every step k <= t that L_t depends on
        "rnn-num-bptt-terms": sum(1 for t in range(1, 11) for _k in range(1, t + 1)),
        "rnn-num-grad-product": math.prod(0.8 * 0.9 for _ in range(20)),
        "rnn-num-lstm-cell": c_t,
        "rnn-num-lstm-hidden-value": 0.8 * math.tanh(c_t),
        "rnn-num-gru-step": (1 - 0.2) * 0.5 + 0.2 * (-0.4),
    })
