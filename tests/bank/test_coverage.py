"""The bundled bank as a whole: coverage per section, bilingual text, answers that grade as right."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from ch3quiz.bank.sections import SECTION_IDS
from ch3quiz.quiz.grading import grade, key_points_named
from ch3quiz.quiz.variants import draw_variant, is_parameterised

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
NON_MATH_TYPES = ("mc", "multi", "tf", "fill", "numeric", "short")


def _plain(text: str) -> str:
    """Text without its $...$ formulas (a formula is neither Chinese nor English)."""
    return re.sub(r"\$[^$]*\$", "", text)


def test_bank_size_and_sections(bundled_bank) -> None:
    assert len(bundled_bank) >= 300
    for section in SECTION_IDS:
        questions = bundled_bank.select(sections=[section])
        types = Counter(q.type for q in questions)
        assert len(questions) >= 20, f"{section}: only {len(questions)} questions"
        assert len(types) >= 4, f"{section}: only types {dict(types)}"
        assert {"mc", "tf", "short"} <= set(types), f"{section}: types {dict(types)}"


def test_the_bank_has_a_real_mix_of_types(bundled_bank) -> None:
    types = Counter(q.type for q in bundled_bank)
    for qtype in NON_MATH_TYPES:
        assert types[qtype] >= 20, f"only {types[qtype]} {qtype} questions"


def test_every_question_is_bilingual(bundled_bank) -> None:
    for q in bundled_bank:
        for zh, en, what in ((q.prompt_zh, q.prompt_en, "prompt"), (q.explanation_zh, q.explanation_en, "explanation")):
            assert CJK.search(_plain(zh)), f"{q.id}: {what}_zh has no Chinese"
            english = _plain(en)
            assert LATIN.search(english), f"{q.id}: {what}_en has no English"
            assert len(CJK.findall(english)) <= 0.1 * len(english), f"{q.id}: {what}_en is mostly Chinese"


def test_difficulties_and_tags_are_spread(bundled_bank) -> None:
    assert set(Counter(q.difficulty for q in bundled_bank)) == {1, 2, 3}
    assert len({tag for q in bundled_bank for tag in q.tags}) >= 100


def attempts(questions, draws: int = 25):
    """Each question as students meet it: a parameterised one in many draws."""
    for q in questions:
        yield from (draw_variant(q, seed) for seed in range(draws)) if is_parameterised(q) else [q]


@pytest.mark.parametrize("qtype", ["mc", "multi", "tf", "fill", "numeric"])
def test_every_stored_answer_grades_as_correct(bundled_bank, qtype: str) -> None:
    for q in attempts(bundled_bank.select(types=[qtype])):
        if qtype == "mc":
            typed = [q.answer]
        elif qtype == "multi":
            typed = ["".join(q.answer)]
        elif qtype == "tf":
            typed = ["对" if q.answer else "错"]
        elif qtype == "fill":
            typed = [str(a) for a in (q.answer if isinstance(q.answer, list) else [q.answer])]
        else:
            typed = [repr(q.answer)]
        for text in typed:
            assert grade(q, text).verdict == "correct", f"{q.id}: {text!r}"


def test_numeric_answers_rounded_to_four_digits_pass(bundled_bank) -> None:
    """Students round: a value given to 4 significant digits must be accepted."""
    for q in attempts(bundled_bank.select(types=["numeric"])):
        if float(q.answer).is_integer():
            continue
        rounded = f"{q.answer:.4g}"
        assert grade(q, rounded).verdict == "correct", f"{q.id}: {rounded} rejected (answer {q.answer})"


def test_short_reference_answers_name_all_their_key_points(bundled_bank) -> None:
    """The key-point terms must at least find the points in the bank's own reference answer."""
    for q in bundled_bank.select(types=["short"]):
        for lang in ("zh", "en"):
            named = key_points_named(q, q.answer[lang])
            missing = [p[lang] for p, hit in zip(q.fields["key_points"], named) if not hit]
            assert not missing, f"{q.id} ({lang}): reference answer misses key points {missing}"


def test_short_key_points_are_not_named_by_an_empty_answer(bundled_bank) -> None:
    for q in bundled_bank.select(types=["short"]):
        assert not any(key_points_named(q, "不知道 I don't know")), q.id


def test_mc_answer_letters_are_spread(bundled_bank) -> None:
    """Choices keep their written order (explanations may name them), so the bank itself must not
    favour one letter: no letter may hold more than half of a section's mc answers."""
    for section in SECTION_IDS:
        letters = Counter(str(q.answer) for q in bundled_bank.select(sections=[section], types=["mc"]))
        total = sum(letters.values())
        assert max(letters.values()) <= total / 2, f"{section}: mc answers {dict(letters)}"


def test_multi_answers_are_not_just_the_first_choices(bundled_bank) -> None:
    """If the right choices of a multi question always came first, 'pick the top ones' would pass."""
    for section in SECTION_IDS:
        multis = bundled_bank.select(sections=[section], types=["multi"])
        leading = [q.id for q in multis if sorted(q.answer) == [chr(65 + i) for i in range(len(q.answer))]]
        assert len(leading) <= len(multis) / 2, f"{section}: right choices listed first in {leading}"
