"""The bundled bank has no give-aways: a student who knows nothing must not pass by length or copying.

The same measures as ``ch3quiz validate``'s warnings (``ch3quiz/bank/lint.py``), held as limits here.
"""

from __future__ import annotations

import pytest

from ch3quiz.bank.lint import LANGS, MAX_KEY_RATIO, MAX_LONGEST_SHARE, fill_answers_shown, key_ratio, longest_key_share


@pytest.mark.parametrize("lang", LANGS)
def test_the_right_choice_is_not_usually_the_longest(bundled_bank, lang: str) -> None:
    longest, total = longest_key_share(bundled_bank, lang)
    assert total >= 50
    assert longest <= MAX_LONGEST_SHARE * total, f"{lang}: the right choice is the longest in {longest} of {total}"


@pytest.mark.parametrize("lang", LANGS)
def test_no_right_choice_dwarfs_the_others(bundled_bank, lang: str) -> None:
    ratios = {q.id: key_ratio(q, lang) for q in bundled_bank.select(types=["mc"])}
    over = {qid: round(r, 2) for qid, r in ratios.items() if r > MAX_KEY_RATIO}
    assert not over, f"{lang}: right choice over {MAX_KEY_RATIO}× the longest other choice: {over}"


def test_no_fill_answer_is_shown_in_its_prompt_or_hint(bundled_bank) -> None:
    shown = {q.id: list(fill_answers_shown(q)) for q in bundled_bank.select(types=["fill"])}
    assert not {qid: found for qid, found in shown.items() if found}


def test_every_question_has_a_hint_in_both_languages(bundled_bank) -> None:
    missing = [q.id for q in bundled_bank if not (q.fields.get("hint_zh") and q.fields.get("hint_en"))]
    assert not missing, f"{len(missing)} questions without hint_zh and hint_en: {missing}"
