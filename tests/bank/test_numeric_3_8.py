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
    # Parameterised questions: a function of the drawn values, recomputed over many seeds.
    assert_numeric_answers("3.8", {
        "cnn-out-alexnet-conv1": lambda n, k, p, s: conv_out(n, k, p, s),
        "cnn-out-resnet-stem": lambda n, k, p, s: conv_out(n, k, p, s),
        "cnn-out-dilated": lambda n, k, d, p: conv_out(n, k, p, 1, d=d),
        "cnn-params-3x3-64-128": lambda k, ci, co: conv_params(k, k, ci, co),
        "cnn-fc-equivalent-params": lambda n, f, k: fc_params(n * n, conv_out(n, k, (k - 1) // 2, 1) ** 2 * f),
        "cnn-receptive-field-three-3x3": lambda L, k: receptive_field([k] * L, [1] * L),
        "cnn-pool-overlapping": lambda n, k, s, c: conv_out(n, k, 0, s),
        "cnn-1x1-bottleneck-params": lambda ci, r, co, k: conv_params(1, 1, ci, r, bias=False) + conv_params(k, k, r, co, bias=False),
        "cnn-macs-alexnet-conv1": lambda n, k, s, c, o: conv_out(n, k, 0, s) ** 2 * c * conv_params(k, k, 3, 1, bias=False),
        # float32 output map of VGG-16's first layer (same padding), in units of 10^6 bytes
        "cnn-num-featuremap-memory": conv_out(224, 3, 1, 1) ** 2 * 64 * 4 / 10**6,
        "cnn-num-bottleneck-intermediate": sum(side * side * c for side, c in bottleneck_maps()[:2]),
        "cnn-num-bottleneck-macs": sum(macs(side, k, c_in, c_out) for side, k, c_in, c_out in BOTTLENECK),
        # non-square kernel kh x kw with per-dimension stride and padding
        "cnn-num-nonsquare-output": lambda h, w, kh, kw, sh, sw, ph, pw: conv_out(h, kh, ph, sh) * conv_out(w, kw, pw, sw),
        "cnn-num-factorized-params": lambda k, c: conv_params(1, k, c, c, bias=False) + conv_params(k, 1, c, c, bias=False),
        # max-over-time leaves one value per filter: 3 widths x 100 filters, whatever the sentence length
        "cnn-num-textcnn-dim": text_cnn_dim(20, widths=(3, 4, 5), filters_per_width=100),
    })


# ResNet bottleneck on 56x56x256: (side, kernel, c_in, c_out) of each convolution, stride 1, same padding
BOTTLENECK = [(56, 1, 256, 64), (56, 3, 64, 64), (56, 1, 64, 256)]


def bottleneck_maps():
    """(side, channels) of each convolution's output map."""
    return [(conv_out(side, k, (k - 1) // 2, 1), c_out) for side, k, _c_in, c_out in BOTTLENECK]


def text_cnn_dim(sentence_len, *, widths, filters_per_width):
    """Max-over-time pooling keeps one value of each filter's map (sentence_len - h + 1 values)."""
    return sum(filters_per_width * min(1, conv_out(sentence_len, h, 0, 1)) for h in widths)


def macs(side, k, c_in, c_out):
    out = conv_out(side, k, (k - 1) // 2, 1)
    return out * out * c_out * conv_params(k, k, c_in, 1, bias=False)


def test_figures_quoted_in_prompts_3_8():
    # Numbers stated inside prompts and explanations (not answers) are checked here too.
    assert conv_params(5, 5, 1, 6) == 156
    assert conv_params(5, 5, 192, 32, bias=False) == 153600
    assert conv_params(11, 11, 3, 96) == 34944
    assert [conv_out(7, 3, p, 1) for p in (0, 1, 2)] == [5, 7, 9]
    assert conv_out(32, 3, 2, 1, d=2) == 32  # same padding p = d(k-1)/2 = 2
    assert 1000 * 1000 * 10**6 == 10**12 and 10**6 * 10 * 10 == 10**8
    assert conv_params(3, 3, 3, 64) == 1792 and 224 * 224 * 64 == 3211264
    assert 56 * 56 * 256 == 802816 and 56 * 56 * 64 == 200704 and 56 * 56 * 256 * 2 == 1605632
    assert 56 * 56 * 2 * conv_params(3, 3, 256, 256, bias=False) == 3699376128  # about 3.70e9, 17 times the block
    assert conv_params(7, 7, 192, 192, bias=False) == 1806336
    assert [conv_out(20, h, 0, 1) for h in (3, 4, 5)] == [18, 17, 16]
    assert text_cnn_dim(35, widths=(3, 4, 5), filters_per_width=100) == 300
    assert conv_out(64, 5, 2, 2) == 32  # the slip of striding the width too
