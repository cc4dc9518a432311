"""Item-design warnings: what lets a student who knows nothing pass a question.

A schema problem makes a bank unusable; these only make it a weaker test, so they are
warnings. ``ch3quiz validate`` prints them after the problems and they do not change its
exit code (1 still means "the bank has problems"). Three give-aways are caught:

- an mc question whose right choice is much longer than every other choice (the reasons
  belong in the explanation, not in the key): more than ``MAX_KEY_RATIO`` times the
  longest other choice, in either language;
- a bank in which the right choice is the strictly longest one too often: above
  ``MAX_LONGEST_SHARE`` of its mc questions in a language (chance is 25% with four
  choices), judged once the bank has ``MIN_MC_FOR_SHARE`` mc questions to judge by;
- a fill question with an accepted answer that its own prompt (or hint) already shows.

One more warning is about typing, not design: two ids that differ only in case (``relu-slope``,
``Relu-slope``) read as one where a student reads them and types one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ch3quiz.bank.loader import Problem, read_bank, read_bank_text
from ch3quiz.bank.model import Bank, Question, choice_text
from ch3quiz.bank.schema import letter_index
from ch3quiz.textnorm import answer_shown_in
from ch3quiz.wording import counted

MAX_KEY_RATIO = 1.6
MAX_LONGEST_SHARE = 0.35
MIN_MC_FOR_SHARE = 10
LANGS = ("zh", "en")


@dataclass(frozen=True, order=True)
class DesignWarning:
    file: str
    line: int | None
    qid: str
    message: str

    def __str__(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{place}: {self.qid}: warning: {self.message}"


@dataclass(frozen=True, kw_only=True)
class Validation:
    """What ``ch3quiz validate`` reports: the valid questions, the problems and the warnings."""

    bank: Bank
    problems: list[Problem]
    warnings: list[DesignWarning | Problem]


def choice_lengths(question: Question, lang: str) -> tuple[int, list[int]]:
    """The right choice's length in characters and the other choices' lengths, in one language."""
    key = letter_index(question.answer, len(question.choices))
    lengths = [len(choice_text(c, lang).strip()) for c in question.choices]
    return lengths[key], lengths[:key] + lengths[key + 1:]


def key_ratio(question: Question, lang: str) -> float:
    """How many times longer the right choice is than the longest other choice."""
    key, others = choice_lengths(question, lang)
    return key / max(max(others), 1)


def key_is_longest(question: Question, lang: str) -> bool:
    key, others = choice_lengths(question, lang)
    return key > max(others)


def fill_answers_shown(question: Question) -> Iterator[tuple[str, str]]:
    """(accepted answer, field) for every accepted answer that the prompt or a hint already shows."""
    accepted = question.answer if isinstance(question.answer, list) else [question.answer]
    shown_text = {"prompt_zh": question.prompt_zh, "prompt_en": question.prompt_en,
                  "hint_zh": question.fields.get("hint_zh", ""), "hint_en": question.fields.get("hint_en", "")}
    for answer in accepted:
        for field_name, text in shown_text.items():
            if answer_shown_in(str(answer), str(text)):
                yield str(answer), field_name


def _question_warnings(question: Question) -> Iterator[DesignWarning]:
    place = {"file": question.location.file, "line": question.location.line, "qid": question.id}
    if question.type == "mc":
        for lang in LANGS:
            ratio = key_ratio(question, lang)
            if ratio > MAX_KEY_RATIO:
                yield DesignWarning(**place, message=(
                    f"the right choice is {ratio:.1f}× as long as the longest other choice ({lang}); "
                    "move its reasons into the explanation"))
    elif question.type == "fill":
        for answer, field_name in fill_answers_shown(question):
            yield DesignWarning(**place, message=f"accepted answer {answer!r} appears in {field_name}")


def longest_key_share(bank: Bank, lang: str) -> tuple[int, int]:
    """(mc questions whose right choice is the strictly longest, mc questions) in one language."""
    mcs = bank.select(types=["mc"])
    return sum(key_is_longest(q, lang) for q in mcs), len(mcs)


def _bank_warnings(bank: Bank) -> Iterator[DesignWarning]:
    for lang in LANGS:
        longest, total = longest_key_share(bank, lang)
        if total >= MIN_MC_FOR_SHARE and longest > MAX_LONGEST_SHARE * total:
            yield DesignWarning(file=bank.root, line=None, qid="-", message=(
                f"the right choice is the longest in {longest} of {counted(total, 'mc question')} ({lang}, "
                f"{longest / total:.0%}; at most {MAX_LONGEST_SHARE:.0%}): longest-is-right wins too often"))


def _look_alike_ids(bank: Bank) -> Iterator[DesignWarning]:
    """Each id that reads like an earlier one (the same after NFKC and case folding), at the later question."""
    first: dict[str, Question] = {}
    for question in bank:
        seen = first.setdefault(unicodedata.normalize("NFKC", question.id).casefold(), question)
        if seen.id != question.id:
            where = (f"line {seen.location.line}" if seen.location.file == question.location.file
                     else f"{seen.location.file}:{seen.location.line}")
            yield DesignWarning(file=question.location.file, line=question.location.line, qid=question.id, message=(
                f"the id looks like {seen.id!r} ({where}), differing only in case; "
                "rename one, so that the id a student types names one question"))


def design_warnings(bank: Bank) -> list[DesignWarning]:
    """Every item-design warning of a bank: per question in bank order, then the bank as a whole."""
    found = [w for q in bank for w in _question_warnings(q)]
    return found + list(_look_alike_ids(bank)) + list(_bank_warnings(bank))


def validate_bank(path: Path) -> Validation:
    """Read and check the bank at ``path``; raises BankError only when there is no bank there."""
    return _validation(*read_bank(path))


def validate_text(text: str, shown: str = "<stdin>") -> Validation:
    """Like validate_bank, for one bank file's text (``ch3quiz validate -``)."""
    return _validation(*read_bank_text(text, shown))


def _validation(bank: Bank, found: list[Problem]) -> Validation:
    problems = [p for p in found if not p.warning]
    read_warnings = [p for p in found if p.warning]  # e.g. terminal control characters in a text
    return Validation(bank=bank, problems=problems, warnings=[*read_warnings, *design_warnings(bank)])
