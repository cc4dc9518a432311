"""The largest (smallest) integer for which a comparison holds, max{m ∈ ℤ : …}, and a quantity a derivation
introduces itself (m_max), judged on the conv output size (cnn-output-size, derive-cnn-output-size).

The set is solved for m (m·c ≤ r gives ⌊r/c⌋ when c > 0), so it equals the floor the answer writes; a set the
checker cannot solve that way is refused, never guessed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ch3quiz.math import check_answer, check_derivation

RIGHT = [  # each + 1 is the output side ⌊(n + 2p − k)/s⌋ + 1
    r"\max\{m\in\mathbb{Z}: ms+k\le n+2p\}+1",
    r"\max\{m \in \mathbb Z \mid m \le \frac{n+2p-k}{s}\}+1",
    r"\max\left\{m\in\mathbb{Z} \colon m s + k \leq n + 2p\right\}+1",
    r"\max\{m\in\mathbb{Z}: n+2p \geq ms+k\}+1",
    r"\max\{m\in\mathbb{Z}: ms+k < n+2p+1\}+1",  # for integers, < q + 1 is ≤ q
    r"1-\min\{m\in\mathbb{Z}: ms\ge k-n-2p\}",  # the smallest m with ms ≥ k − n − 2p is −⌊(n + 2p − k)/s⌋
    "max{m ∈ ℤ : ms + k ≤ n + 2p} + 1",
    "max{m ∈ ℤ | m·s + k ≤ n + 2p} + 1",
    "max{m in Z : m*s + k <= n + 2*p} + 1",
    "max{m in Z : m <= (n + 2*p - k)/s} + 1",
]

WRONG = [
    r"\max\{m\in\mathbb{Z}: ms+k\le n+p\}+1",  # one-sided padding
    r"\max\{m\in\mathbb{Z}: ms\le n+2p\}+1",  # the kernel's own size forgotten
    r"\max\{m\in\mathbb{Z}: ms+k< n+2p\}+1",  # strict: the last start that fits exactly is lost
    "max{m ∈ ℤ : ms + k ≤ n + 2p}",  # the +1 for the start at 0
]

REFUSED = [  # (answer, words of the one-line reason)
    (r"\max\{m\in\mathbb{Z}: m^2\le n\}", "linear in m"),
    (r"\max\{m\in\mathbb{Z}: ms\ge n\}", "no largest element"),
    (r"\min\{m\in\mathbb{Z}: ms\le n\}", "no smallest element"),
    (r"\max\{m\in\mathbb{Z}: k\le n\}", "does not depend on m"),
    (r"\max\{m\in\mathbb{Z}: (m-k)m\le n\}", "linear in m"),
    (r"\max\{m\in\mathbb{R}: ms\le n\}", "integers"),
    (r"\max\{m\in\mathbb{N}: ms\le n\}", "integers"),
    (r"\max\{m: ms\le n\}", "which integers"),
    (r"\max\{m\in\mathbb{Z}, ms\le n\}", "':' or '|'"),
    (r"\max\{m\in\mathbb{Z}: ms+n\}", "comparison"),
    (r"\prod_{i=1}^{3} n", "cannot be checked yet"),  # an ordered product is refused, not guessed (see derive-bptt-product)
]


@pytest.mark.parametrize("answer", RIGHT)
def test_a_largest_integer_written_any_way_is_the_floor(fq, answer):
    result = check_answer(fq("cnn-output-size"), answer)
    assert result.verdict == "correct", (result.reading, result.message)


@pytest.mark.parametrize("answer", WRONG)
def test_a_wrong_set_is_wrong(fq, answer):
    assert check_answer(fq("cnn-output-size"), answer).verdict == "incorrect"


@pytest.mark.parametrize(("answer", "reason"), REFUSED)
def test_a_set_that_cannot_be_solved_for_m_is_refused_with_a_reason(fq, answer, reason):
    result = check_answer(fq("cnn-output-size"), answer)
    assert result.verdict == "invalid" and reason in result.message, result.message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.message_zh), result.message_zh


def test_the_set_reads_back_as_the_floor_it_is(fq):
    result = check_answer(fq("cnn-output-size"), r"\max\{m\in\mathbb{Z}: ms+k\le n+2p\}+1")
    assert result.reading == "⌊(n + 2 p − k)/s⌋ + 1"


def test_a_coefficient_of_unknown_sign_is_refused(fq):
    # in gd-update the learning rate η is a real symbol: which way m·η ≤ 1 is bounded is not known
    question = fq("derive-cnn-output-size")
    result = check_derivation(question, ["n_{out} = m_{\\max}+1", "m_{\\max} = \\max\\{m\\in\\mathbb{Z}: m(k-s)\\le n\\}"])
    assert result.lines[1].verdict == "invalid" and "sign" in result.lines[1].message


PROOF = [
    r"n_{out} = m_{\max}+1",
    r"m_{\max} = \max\{m\in\mathbb{Z}: ms+k\le n+2p\}",
    r"= \lfloor\frac{n+2p-k}{s}\rfloor",
    r"n_{out} = \lfloor (n+2p-k)/s\rfloor+1",
]


def _undefined(fq):
    """derive-cnn-output-size without its given m_max: a name that only the derivation itself defines."""
    question = fq("derive-cnn-output-size")
    return replace(question, id="cnn-introduced", fields={k: v for k, v in question.fields.items() if k != "given"})


def test_a_name_the_derivation_introduces_is_defined_by_its_line(fq):
    for question in (fq("derive-cnn-output-size"), _undefined(fq)):
        result = check_derivation(question, PROOF)
        assert result.verdict == "correct", result.to_dict()
        assert [line.mark for line in result.lines] == ["ok", "side", "side", "ok"]


def test_the_introducing_line_may_come_after_the_line_that_uses_it(fq):
    result = check_derivation(_undefined(fq), [PROOF[1], PROOF[2], PROOF[0], PROOF[3]])
    assert result.verdict == "correct", result.to_dict()


def test_a_name_defined_wrongly_makes_the_line_that_uses_it_wrong(fq):
    wrong = [PROOF[0], r"m_{\max} = \max\{m\in\mathbb{Z}: ms+k\le n+p\}", r"= \lfloor\frac{n+p-k}{s}\rfloor", PROOF[3]]
    result = check_derivation(_undefined(fq), wrong)
    assert result.verdict == "incorrect" and result.first_wrong == 1


def test_a_name_the_question_defines_is_judged_by_that_definition(fq):
    # the prompt defines m_max (given): a wrong line about it is the first wrong line, not the one that uses it
    for first in (r"m_{\max} = \max\{m\in\mathbb{Z}: ms+k\le n+p\}", "m_max = (n - k + 2*p)/s"):
        result = check_derivation(fq("derive-cnn-output-size"), [first, PROOF[0], PROOF[3]])
        assert result.verdict == "incorrect" and result.first_wrong == 1, result.to_dict()


def test_an_introduced_name_that_is_never_defined_stays_unknown(fq):
    result = check_derivation(_undefined(fq), [PROOF[0], PROOF[3]])
    assert result.verdict == "incorrect" and result.first_wrong == 1
