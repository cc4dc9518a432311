"""3.8: every numeric answer recomputed."""


def conv_out(n, k, p, s, d=1):
    """Output side of a convolution or pooling window: floor((n + 2p - k_eff) / s) + 1."""
    k_eff = d * (k - 1) + 1
    return (n + 2 * p - k_eff) // s + 1


def conv_params(kh, kw, c_in, c_out, bias=True):
    return (kh * kw * c_in + (1 if bias else 0)) * c_out


def fc_params(n_in, n_out):
    return (n_in + 1) * n_out


def receptive_field(kernels, strides):
    """Receptive-field side on the input after a stack of layers (no dilation)."""
    rf, jump = 1, 1
    for k, s in zip(kernels, strides):
        rf += (k - 1) * jump
        jump *= s
    return rf


def test_numeric_answers_3_8(assert_numeric_answers):
    alex_out = conv_out(227, 11, 0, 4)
    assert_numeric_answers("3.8", {
        "cnn-out-alexnet-conv1": alex_out,
        "cnn-out-resnet-stem": conv_out(224, 7, 3, 2),
        "cnn-out-dilated": conv_out(32, 3, 0, 1, d=2),
        "cnn-params-3x3-64-128": conv_params(3, 3, 64, 128),
        "cnn-fc-equivalent-params": fc_params(28 * 28 * 1, conv_out(28, 5, 2, 1) ** 2 * 6),
        "cnn-receptive-field-three-3x3": receptive_field([3, 3, 3], [1, 1, 1]),
        "cnn-pool-overlapping": conv_out(55, 3, 0, 2),
        "cnn-1x1-bottleneck-params": conv_params(1, 1, 192, 16, bias=False) + conv_params(5, 5, 16, 32, bias=False),
        "cnn-macs-alexnet-conv1": alex_out * alex_out * 96 * conv_params(11, 11, 3, 1, bias=False),
    })


def test_figures_quoted_in_prompts_3_8():
    # Numbers stated inside prompts and explanations (not answers) are checked here too.
    assert conv_params(5, 5, 1, 6) == 156
    assert conv_params(5, 5, 192, 32, bias=False) == 153600
    assert conv_params(11, 11, 3, 96) == 34944
    assert [conv_out(7, 3, p, 1) for p in (0, 1, 2)] == [5, 7, 9]
    assert conv_out(32, 3, 2, 1, d=2) == 32  # same padding p = d(k-1)/2 = 2
    assert 1000 * 1000 * 10**6 == 10**12 and 10**6 * 10 * 10 == 10**8
