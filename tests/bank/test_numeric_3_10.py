"""3.10: every numeric answer recomputed."""
import itertools
import math


def rnn_block(d, h):
    """One affine block of a recurrent cell: W_x (h x d) + W_h (h x h) + one bias (h)."""
    return h * d + h * h + h


def lstm_params(d, h):
    return 4 * rnn_block(d, h)


def gru_params(d, h):
    return 3 * rnn_block(d, h)


VITERBI_TAGS = ("B", "I", "O")
VITERBI_EMISSIONS = [(1.4, 0.5, 1.5), (0.5, 2.0, 1.5), (1.0, 0.5, 2.0)]
VITERBI_TRANSITIONS = {  # previous tag -> current tag
    "B": {"B": -1.0, "I": 1.0, "O": 0.0},
    "I": {"B": -1.0, "I": 0.5, "O": 0.0},
    "O": {"B": 0.0, "I": -10.0, "O": 0.5},
}


def sequence_score(tags):
    emit = sum(VITERBI_EMISSIONS[i][VITERBI_TAGS.index(tag)] for i, tag in enumerate(tags))
    return emit + sum(VITERBI_TRANSITIONS[a][b] for a, b in zip(tags, tags[1:]))


def viterbi_best():
    best = {tag: VITERBI_EMISSIONS[0][j] for j, tag in enumerate(VITERBI_TAGS)}
    for row in VITERBI_EMISSIONS[1:]:
        best = {tag: max(best[p] + VITERBI_TRANSITIONS[p][tag] for p in VITERBI_TAGS) + row[j]
                for j, tag in enumerate(VITERBI_TAGS)}
    return max(best.values())


def bptt_delta_by_differences(ht, wq, go, wh, dn, eps=1e-6):
    """dL/da_t where a_t reaches L through o_t = w_hq tanh(a_t) (dL/do_t = go) and through
    a_{t+1} = w_hh tanh(a_t) + ... (dL/da_{t+1} = dn), at the a_t that gives h_t = ht."""
    def loss(a):
        return go * wq * math.tanh(a) + dn * wh * math.tanh(a)

    a_t = math.atanh(ht)
    return (loss(a_t + eps) - loss(a_t - eps)) / (2 * eps)


def test_numeric_answers_3_10(assert_numeric_answers):
    assert_numeric_answers("3.10", {
        "rnn-num-params-vanilla": lambda d, hd, q: rnn_block(d, hd) + (q * hd + q),
        "rnn-num-params-lstm": lambda d, hd: lstm_params(d, hd),
        "rnn-num-params-gru": lambda d, hd: gru_params(d, hd),
        "rnn-num-params-stacked-lstm": lambda d, hd: lstm_params(d, hd) + lstm_params(hd, hd),
        # one (t, k) term for every step k <= t that L_t depends on
        "rnn-num-bptt-terms": lambda T: sum(1 for t in range(1, T + 1) for _k in range(1, t + 1)),
        "rnn-num-grad-product": lambda w, g, n: math.prod(g * w for _ in range(n)),
        "rnn-num-lstm-cell": lambda f, c0, i, cc: f * c0 + i * cc,
        "rnn-num-lstm-hidden-value": lambda c, o: o * math.tanh(c),
        "rnn-num-gru-step": lambda z, h0, hc: (1 - z) * h0 + z * hc,
        # scalar ReLU RNN, w = 1.1, positive state: each step multiplies by relu'(.) * w = 1.1
        "rnn-num-relu-rnn-growth": math.prod(1.0 * 1.1 for _ in range(100)),
        # delta_t = dL/da_t, by central differences through h_t = tanh(a_t) into o_t and a_{t+1}
        "rnn-num-bptt-delta-scalar": lambda ht, wq, go, wh, dn: bptt_delta_by_differences(ht, wq, go, wh, dn),
        "rnn-num-viterbi": viterbi_best(),
    })


def test_viterbi_matches_brute_force_and_greedy_is_invalid():
    paths = list(itertools.product(VITERBI_TAGS, repeat=3))
    best = max(paths, key=sequence_score)
    assert best == ("B", "I", "O") and math.isclose(sequence_score(best), viterbi_best())
    greedy = tuple(VITERBI_TAGS[row.index(max(row))] for row in VITERBI_EMISSIONS)
    assert greedy == ("O", "I", "O") and math.isclose(sequence_score(greedy), -4.5)


def test_figures_quoted_in_explanations_3_10():
    assert math.isclose(0.75 * 0.6, 0.45) and math.isclose(2 * 0.3 + 0.8 * 0.1, 0.68)
    assert f"{0.9**100:.1e}" == "2.7e-05" and f"{1.1**100:.2e}" == "1.38e+04"
    assert math.isclose(math.tanh(1.3), 2 / (1 + math.exp(-2.6)) - 1)  # tanh(x) = 2 sigma(2x) - 1
