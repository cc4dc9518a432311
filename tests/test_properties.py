"""Property tests: whatever a student types, the readers answer with a verdict, never an exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ch3quiz.bank import load_bank
from ch3quiz.paths import bundled_bank_path
from ch3quiz.quiz.grading import NotAnAnswer, parse_number

BANK = load_bank(bundled_bank_path())
FORMULA_ALPHABET = list("0123456789+-*/^_()[]{}|.,'=<> xyzWAZδσ⊙ᵀ√∑∂∇⁽⁾ᴸ⁻¹") + [
    "\\sigma", "\\frac", "\\sqrt", "\\odot", "^{\\top}", "\\delta", "W^{(L)}", "Z^{(L-1)}", "\\delta^{(L)}", "\\left(",
    "\\right)", "\\sum_{k}", "\\lfloor", "\\rfloor", "\\mathbf{", "\\hat y", "sigma'", "@", "**", "\\nabla", "J",
]
formula_text = st.lists(st.sampled_from(FORMULA_ALPHABET), max_size=40).map("".join)
number_text = st.text(alphabet=list("0123456789.+-*/^()e%√x×, "), max_size=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=formula_text)
def test_any_typed_formula_gets_a_verdict(text: str) -> None:
    from ch3quiz.math import check_answer
    from ch3quiz.math.result import VERDICTS

    result = check_answer(BANK.get("bp-delta-Lminus1"), text)
    assert result.verdict in VERDICTS
    assert result.method != "internal", result.message  # no layer failed unexpectedly
    assert result.message and result.message_zh


@settings(max_examples=300, deadline=None)
@given(text=number_text)
def test_any_typed_number_is_a_number_or_refused(text: str) -> None:
    try:
        value = parse_number(text)
    except NotAnAnswer:
        return
    assert value == value and abs(value) != float("inf")  # finite, not NaN
