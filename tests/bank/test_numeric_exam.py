"""questions/exam/: every numeric answer recomputed, section by section."""
import itertools
import math

import pytest


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


def swish_derivative(x, beta):
    """d/dx of x * sigmoid(beta x): product rule, then sigmoid' = sigmoid (1 - sigmoid)."""
    s = sigmoid(beta * x)
    return s + beta * x * s * (1 - s)


def logit_from_softmax(probs, index, reference, reference_logit):
    """Softmax outputs fix the logits up to one constant: z_j - z_k = ln(a_j / a_k)."""
    return reference_logit + math.log(probs[index] / probs[reference])


def batch_norm_output(batch, value, gamma, beta):
    """Training-time BN with the batch mean and the batch variance divided by m, epsilon ignored."""
    mean = sum(batch) / len(batch)
    variance = sum((x - mean) ** 2 for x in batch) / len(batch)
    return gamma * (value - mean) / math.sqrt(variance) + beta


def linear_network_delta(weights, delta_next):
    """Identity activations: delta^l = (W^{l+1})^T delta^{l+1}, with no Hadamard factor."""
    columns = range(len(weights[0]))
    return [sum(weights[k][j] * delta_next[k] for k in range(len(weights))) for j in columns]


def composed_kernel_side(*sides):
    """Stride-1 convolutions without non-linearities compose into one kernel of side sum(k) - (n - 1)."""
    return sum(sides) - (len(sides) - 1)


def conv_macs(h_out, w_out, k_h, k_w, c_in, c_out):
    return h_out * w_out * k_h * k_w * c_in * c_out


def depthwise_separable_weights(k, c_in, c_out):
    """One k x k kernel per input channel, then a 1 x 1 convolution from c_in to c_out; no biases."""
    return k * k * c_in + c_in * c_out


def same_padding(k):
    """Stride 1: n + 2p - k + 1 = n."""
    assert k % 2 == 1
    return (k - 1) // 2


def sage_concat_params(d_in, d_out):
    """W acts on [h_v || mean of neighbours], a vector of 2 d_in entries; no bias."""
    return d_out * 2 * d_in


def bilstm_crf_params(hidden_per_direction, entity_types):
    """Emission layer (both directions concatenated, with bias) plus a tags x tags transition matrix."""
    tags = 2 * entity_types + 1  # B and I per type, one O
    emission = 2 * hidden_per_direction * tags + tags
    return emission + tags * tags


# The CRF of exam-crf-nll-value: emission scores per word and transition scores between tags.
CRF_EMISSIONS = [{"N": 2, "V": 0}, {"N": 0, "V": 1}, {"N": 1, "V": 0}]
CRF_TRANSITIONS = {("N", "N"): 0, ("N", "V"): 1, ("V", "N"): 1, ("V", "V"): -1}


def crf_score(tags):
    emission = sum(CRF_EMISSIONS[i][tag] for i, tag in enumerate(tags))
    return emission + sum(CRF_TRANSITIONS[pair] for pair in zip(tags, tags[1:]))


def crf_log_partition_by_enumeration():
    paths = itertools.product("NV", repeat=len(CRF_EMISSIONS))
    return math.log(sum(math.exp(crf_score(path)) for path in paths))


def crf_log_partition_by_forward():
    """The forward algorithm in log space: alpha_i(k) = log sum_j exp(alpha_{i-1}(j) + A_jk) + E_ik."""
    alpha = dict(CRF_EMISSIONS[0])
    for emission in CRF_EMISSIONS[1:]:
        alpha = {
            k: math.log(sum(math.exp(alpha[j] + CRF_TRANSITIONS[j, k]) for j in alpha)) + emission[k]
            for k in emission
        }
    return math.log(sum(math.exp(a) for a in alpha.values()))


def test_crf_forward_algorithm_sums_every_path():
    assert crf_log_partition_by_forward() == pytest.approx(crf_log_partition_by_enumeration(), rel=1e-12)


def test_softmax_logits_are_fixed_only_up_to_a_constant():
    probs = (0.5, 0.3, 0.2)
    z = [logit_from_softmax(probs, j, 2, 0.0) for j in range(3)]
    softmax = [math.exp(v) / sum(math.exp(u) for u in z) for v in z]
    assert softmax == pytest.approx(probs)


def test_swish_derivative_matches_a_central_difference():
    f = lambda x: x * sigmoid(x)  # noqa: E731
    h = 1e-6
    assert swish_derivative(1.0, 1.0) == pytest.approx((f(1 + h) - f(1 - h)) / (2 * h), rel=1e-8)


COMPUTED = {
    "3.1": {"exam-softmax-invert": logit_from_softmax((0.5, 0.3, 0.2), 0, 2, 0.0)},
    "3.2": {"exam-swish-derivative": swish_derivative(1.0, 1.0)},
    "3.5": {"exam-bn-forward-value": batch_norm_output([1, 2, 3, 6], 6, 2, 1)},
    "3.7": {"exam-linear-neurons-delta": linear_network_delta([[1, 2], [0, -1]], [0.5, -1])[1]},
    "3.8": {
        "exam-conv-compose-kernels": composed_kernel_side(3, 5),
        "exam-conv-double-channels-cost": conv_macs(10, 10, 3, 3, 128, 256) / conv_macs(10, 10, 3, 3, 64, 128),
        "exam-depthwise-separable-params": depthwise_separable_weights(3, 64, 128),
        "exam-same-padding-7x7": same_padding(7),
    },
    "3.9": {"exam-sage-concat-params": sage_concat_params(64, 32)},
    "3.10": {
        "exam-bilstm-crf-params": bilstm_crf_params(100, 4),
        "exam-crf-nll-value": crf_log_partition_by_enumeration() - crf_score("NVN"),
    },
}


@pytest.mark.parametrize("section", sorted(COMPUTED))
def test_numeric_answers_exam(assert_numeric_answers, section):
    assert_numeric_answers(section, COMPUTED[section], folder="exam")


def test_every_exam_numeric_question_is_recomputed(bundled_bank):
    exam_numeric = {
        q.section for q in bundled_bank.select(types=["numeric"]) if "/exam/" in q.location.file.replace("\\", "/")
    }
    assert exam_numeric <= set(COMPUTED), f"sections with unchecked exam numerics: {exam_numeric - set(COMPUTED)}"
