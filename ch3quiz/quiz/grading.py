"""Grading one typed answer, per question type, as a table of small functions.

A grader returns a ``Grade``; text that is not an answer at all (a letter that
names no choice, a word that is not a number) raises ``NotAnAnswer`` so the
session can ask again without counting it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from ch3quiz.bank.model import Question, choice_text
from ch3quiz.bank.schema import LETTERS, letter_index
from ch3quiz.textnorm import normalize_text


class NotAnAnswer(ValueError):
    """The text cannot be read as an answer to this question; ask again."""


class Mistake(NamedTuple):
    """What went wrong in one answer, kept in the database: ``kind`` is checker (the checker's mistake
    tag), choice (a wrong option picked), missed-choice, key-point (a key point not covered; tag = its
    number), value (a wrong number), text (a wrong fill-in) or derivation (the first wrong line)."""

    kind: str
    tag: str
    detail: str = ""


@dataclass(frozen=True)
class Grade:
    verdict: str  # "correct" | "incorrect" | "partial"
    score: float  # 0..1
    detail: str = ""  # what was missed or wrong, in both languages when it matters
    reading: str = ""  # the answer as understood (normalised letters, number, formula)
    missed: tuple[str, ...] = field(default_factory=tuple)
    wrong: tuple[str, ...] = field(default_factory=tuple)
    mistakes: tuple[Mistake, ...] = field(default_factory=tuple)


def _verdict(score: float) -> str:
    if score >= 1 - 1e-9:
        return "correct"
    return "partial" if score > 0 else "incorrect"


# ---- choices ---------------------------------------------------------------

def parse_letters(text: str, n_choices: int) -> list[str]:
    """``a``, ``A``, ``a,c``, ``ca``, ``A C``, ``a、c`` -> sorted unique letters; NotAnAnswer otherwise."""
    cleaned = re.sub(r"[\s,，、;；/+&]+", "", unicodedata.normalize("NFKC", text)).upper()
    if not cleaned:
        raise NotAnAnswer("type the letter of your choice, or the letters of several / 请输入选项字母")
    letters = sorted(set(cleaned))
    if any(letter_index(ch, n_choices) is None for ch in letters):
        raise NotAnAnswer(f"'{text.strip()}' is not a choice here; choose from A-{LETTERS[n_choices - 1]} / 不是有效选项")
    return letters


def grade_mc(question: Question, text: str) -> Grade:
    letters = parse_letters(text, len(question.choices))
    if len(letters) != 1:
        raise NotAnAnswer("this question has exactly one answer: type one letter / 单选题，请只输入一个字母")
    right = str(question.answer).strip().upper()
    ok = letters[0] == right
    mistakes = () if ok else (_picked(question, letters[0]),)
    return Grade("correct" if ok else "incorrect", 1.0 if ok else 0.0, reading=letters[0], mistakes=mistakes)


def _picked(question: Question, letter: str, kind: str = "choice") -> Mistake:
    return Mistake(kind, letter, choice_text(question.choices[letter_index(letter, len(question.choices))], "en"))


def grade_multi(question: Question, text: str) -> Grade:
    chosen = set(parse_letters(text, len(question.choices)))
    right = {str(a).strip().upper() for a in question.answer}
    missed = tuple(sorted(right - chosen))
    wrong = tuple(sorted(chosen - right))
    ok = not missed and not wrong
    parts = []
    if missed:
        parts.append(f"missed / 漏选: {', '.join(missed)}")
    if wrong:
        parts.append(f"wrong / 错选: {', '.join(wrong)}")
    mistakes = tuple(_picked(question, letter) for letter in wrong) + tuple(
        _picked(question, letter, "missed-choice") for letter in missed)
    return Grade("correct" if ok else "incorrect", 1.0 if ok else 0.0, "; ".join(parts),
                 reading="".join(sorted(chosen)), missed=missed, wrong=wrong, mistakes=mistakes)


# ---- true / false ----------------------------------------------------------

_TRUE_WORDS = {"对", "是", "正确", "t", "true", "y", "yes", "√", "✓", "✔", "v", "1", "真"}
_FALSE_WORDS = {"错", "否", "错误", "不对", "f", "false", "n", "no", "×", "✗", "✘", "x", "0", "假"}


def parse_bool(text: str) -> bool:
    word = normalize_text(text)
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise NotAnAnswer("answer 对/错, t/f, true/false or y/n / 请回答 对 或 错")


def grade_tf(question: Question, text: str) -> Grade:
    given = parse_bool(text)
    ok = given == bool(question.answer)
    mistakes = () if ok else (Mistake("choice", "true" if given else "false"),)
    return Grade("correct" if ok else "incorrect", 1.0 if ok else 0.0, reading="对 / true" if given else "错 / false",
                 mistakes=mistakes)


# ---- fill ------------------------------------------------------------------

def grade_fill(question: Question, text: str) -> Grade:
    given = normalize_text(text)
    if not given:
        raise NotAnAnswer("type your answer for the blank / 请填写答案")
    accepted = question.answer if isinstance(question.answer, list) else [question.answer]
    ok = any(normalize_text(str(a)) == given for a in accepted)
    mistakes = () if ok else (Mistake("text", given[:60]),)
    return Grade("correct" if ok else "incorrect", 1.0 if ok else 0.0, reading=text.strip(), mistakes=mistakes)


# ---- numeric ---------------------------------------------------------------

def parse_number(text: str) -> float:
    """A number as students type it: ``0.25``, ``1/4``, ``2.5e-3``, ``25%``, ``3×10^-2``, ``1/√8``."""
    from ch3quiz.quiz.numbers import NotANumber, read_number

    try:
        return read_number(text)
    except NotANumber:
        function = _FUNCTION_CALL.search(text)
        if function:  # working the value out is the exercise, so say why ln(…) is refused
            name = function.group(1)
            raise NotAnAnswer(f"work out {name}(…) and type the number it gives / 请先算出 {name}(…) 的值，再输入数值") from None
        raise NotAnAnswer("type a number (0.25, 1/4, 2.5e-3, 25% or 1/√8) / 请输入数值") from None


_FUNCTION_CALL = re.compile(r"([A-Za-z]{2,})\s*\(")


def numeric_tolerance(question: Question) -> float:
    """The absolute slack granted: the larger of ``tolerance`` and ``rel_tolerance``·|answer|."""
    answer = float(question.answer)
    absolute = float(question.fields.get("tolerance", 0.0))
    relative = float(question.fields.get("rel_tolerance", 0.0)) * abs(answer)
    # A bank that gives neither still forgives float noise in the last digits.
    return max(absolute, relative, 1e-9 * max(1.0, abs(answer)))


def grade_numeric(question: Question, text: str) -> Grade:
    value = parse_number(text)
    ok = abs(value - float(question.answer)) <= numeric_tolerance(question)
    detail = "" if ok else f"you typed / 你的答案 {value:.6g}"
    mistakes = () if ok else (Mistake("value", f"{value:.6g}", f"expected {float(question.answer):.6g}"),)
    return Grade("correct" if ok else "incorrect", 1.0 if ok else 0.0, detail, reading=f"{value:g}", mistakes=mistakes)


# ---- short -----------------------------------------------------------------

def key_points_named(question: Question, text: str) -> list[bool]:
    """For each key point, whether the student's text names one of its terms (either language)."""
    given = normalize_text(text)
    return [any(normalize_text(term) in given for term in point["terms"]) for point in question.fields["key_points"]]


_FILLER = re.compile(r"[\W_]+|\b(?:and|or|the|a|an)\b|[和与及或的]")


def is_keyword_list(question: Question, text: str) -> bool:
    """Whether ``text`` is only key-point words strung together (``noise, all samples``): with the
    words and their separators taken away, nothing of the student's own is left."""
    def fold(words: str) -> str:
        return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", words).casefold()).strip()

    rest = fold(text)
    terms = sorted({fold(t) for p in question.fields["key_points"] for t in p["terms"]}, key=len, reverse=True)
    found = False
    for term in terms:
        if term and term in rest:
            found, rest = True, rest.replace(term, " ")
    return found and len(_FILLER.sub("", rest)) < 3


def check_short_text(question: Question, text: str) -> None:
    """NotAnAnswer for an empty answer or a bare list of key words: a short answer is sentences."""
    if not text.strip():
        raise NotAnAnswer("write your answer in a sentence or two / 请用一两句话作答")
    if is_keyword_list(question, text):
        raise NotAnAnswer("a list of key words is not an answer: say how they connect, in a sentence "
                          "/ 只罗列关键词不算作答，请用完整的句子说明")


def grade_short(question: Question, text: str, covered: Sequence[bool] | None = None) -> Grade:
    """The share of key points the answer covers: ``covered`` is what the student ticked; without it,
    the key points whose words appear in the text (only a suggestion: the tick decides)."""
    check_short_text(question, text)
    named = key_points_named(question, text)
    found = f"{sum(named)}/{len(named)}"
    if covered is None:
        covered, detail = named, f"key points found in your text / 文中找到的要点: {found}"
    else:
        detail = (f"key points you ticked / 你勾选的要点: {sum(covered)}/{len(named)} "
                  f"(found in your text / 文中找到: {found})")
    points = question.fields["key_points"]
    score = sum(bool(c) for c in covered) / len(points)
    mistakes = tuple(Mistake("key-point", str(number), point["en"])
                     for number, (point, hit) in enumerate(zip(points, covered), start=1) if not hit)
    return Grade(_verdict(score), score, detail, reading=text.strip(), mistakes=mistakes)


# ---- formula ---------------------------------------------------------------

def grade_formula(question: Question, text: str) -> Grade:
    """Through the checker (SymPy/numpy load here, never for the other types)."""
    from ch3quiz.math import check_answer

    if not text.strip():
        raise NotAnAnswer("type the formula (LaTeX, Unicode or ASCII) / 请输入公式")
    result = check_answer(question, text)
    if result.verdict == "invalid":
        raise NotAnAnswer(f"{result.message} / {result.message_zh}")
    ok = result.verdict == "correct"
    detail = result.message if ok else f"{result.message}\n{result.message_zh}"
    mistakes = (Mistake("checker", result.mistake, result.message),) if result.mistake and not ok else ()
    return Grade(result.verdict if result.verdict in ("correct", "undecided") else "incorrect",
                 1.0 if ok else 0.0, detail, reading=result.reading, mistakes=mistakes)


def grade_derivation(question: Question, text: str) -> Grade:
    """A derivation typed one step a line (the lines joined by newlines)."""
    from ch3quiz.math import check_derivation

    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise NotAnAnswer("type your derivation, one step a line, then an empty line / 每行一步，空行结束")
    result = check_derivation(question, lines)
    ok = result.verdict == "correct"
    detail = [result.message, result.message_zh]
    if result.first_wrong is not None:
        wrong = result.lines[result.first_wrong - 1]
        detail.insert(0, f"line {wrong.number} / 第 {wrong.number} 行: {wrong.text}\n  {wrong.message}\n  {wrong.message_zh}")
    verdict = result.verdict if result.verdict in ("correct", "undecided") else "incorrect"
    # The checker names the first wrong line (it gives no tag for it): that line is what went wrong here.
    mistakes = (Mistake("derivation", str(result.first_wrong), result.lines[result.first_wrong - 1].text),) \
        if result.first_wrong is not None and verdict == "incorrect" else ()
    return Grade(verdict, 1.0 if ok else 0.0, "\n".join(d for d in detail if d), reading=" ⟹ ".join(lines),
                 mistakes=mistakes)


def grade_reorder(question: Question, text: str) -> Grade:
    """The numbers of the shown lines in order (``3 1 4 2``): the derivation they make, judged as a derivation;
    a distractor used is named with why it is wrong."""
    from ch3quiz.math import check_derivation
    from ch3quiz.quiz.reorder import OrderError, as_derivation, parse_order, shown_lines, why_wrong

    shown = shown_lines(question)
    try:
        order = parse_order(text, len(shown))
    except OrderError as problem:
        raise NotAnAnswer(str(problem)) from None
    lines = [shown[n - 1] for n in order]
    result = check_derivation(as_derivation(question), lines)
    ok = result.verdict == "correct"
    detail = [result.message, result.message_zh]
    mistakes: tuple[Mistake, ...] = ()
    if result.first_wrong is not None:
        number = order[result.first_wrong - 1]
        why = why_wrong(question, shown[number - 1])
        said = f"{why[0]}\n  {why[1]}" if why else f"{result.lines[result.first_wrong - 1].message}"
        detail.insert(0, f"line {number} / 第 {number} 行: {shown[number - 1]}\n  {said}")
        mistakes = (Mistake("derivation", str(number), shown[number - 1]),)
    verdict = result.verdict if result.verdict in ("correct", "undecided") else "incorrect"
    return Grade(verdict, 1.0 if ok else 0.0, "\n".join(d for d in detail if d), reading=" ".join(map(str, order)),
                 mistakes=mistakes if verdict == "incorrect" else ())


GRADERS: dict[str, Callable[[Question, str], Grade]] = {
    "mc": grade_mc,
    "multi": grade_multi,
    "tf": grade_tf,
    "fill": grade_fill,
    "numeric": grade_numeric,
    "short": grade_short,
    "formula": grade_formula,
    "derivation": grade_derivation,
    "reorder": grade_reorder,
}


def grade(question: Question, text: str) -> Grade:
    try:
        grader = GRADERS[question.type]
    except KeyError:
        raise NotImplementedError(f"no grader for {question.type} questions") from None
    return grader(question, text)
