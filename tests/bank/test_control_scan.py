"""Terminal control characters are found wherever a bank can put them, however the YAML writes them.

The reader scans a question's values only when its file's raw text holds a control character or
the question has a value whose characters the raw text may not show (a double-quoted escape, an
alias, a value PyYAML built); these cases pin that nothing slips past that shortcut."""

from __future__ import annotations

from pathlib import Path

import pytest

from ch3quiz.bank import read_bank

QUESTION = """  - id: {qid}
    type: tf
    prompt_zh: 对吗？
    prompt_en: {prompt}
    answer: true
    explanation_zh: 对。
    explanation_en: Right.
    tags: [x]
    difficulty: 1
"""


def _warnings(tmp_path: Path, body: str, head: str = "section: '3.1'\n") -> list[tuple[str, str]]:
    path = tmp_path / "bank.yaml"
    path.write_text(head + "questions:\n" + body, encoding="utf-8")
    _, problems = read_bank(path)
    return [(p.qid, p.message.split(" contains")[0]) for p in problems if p.warning]


@pytest.mark.parametrize("prompt", [
    '"Clear\\e[2J"',  # a double-quoted escape
    '"Title\\x1b]0;x\\x07"',
    '"Bidi\\u202e"',
    '"Next line\\N"',  # C1 NEL
    "\"Raw \u202e override\"",  # the character itself, in quotes (YAML refuses a raw ESC)
    "plain \u2066 isolate",  # the character itself, plain
])
def test_a_control_character_in_any_spelling_is_warned_about(tmp_path: Path, prompt: str) -> None:
    assert _warnings(tmp_path, QUESTION.format(qid="q1", prompt=prompt)) == [("q1", "prompt_en")]


def test_latex_backslashes_are_no_control_characters(tmp_path: Path) -> None:
    prompt = "'\\frac{\\alpha}{\\beta} \\nabla \\epsilon \\underline{x} \\rho'"
    assert _warnings(tmp_path, QUESTION.format(qid="q1", prompt=prompt)) == []


def test_an_alias_carries_the_warning_to_every_question_using_it(tmp_path: Path) -> None:
    body = (QUESTION.format(qid="q1", prompt='&p "Clear\\e[2J"')
            + QUESTION.format(qid="q2", prompt="*p"))
    assert _warnings(tmp_path, body) == [("q1", "prompt_en"), ("q2", "prompt_en")]


def test_a_value_pyyaml_builds_is_scanned_too(tmp_path: Path) -> None:
    body = QUESTION.format(qid="q1", prompt='"Clear\\e[2J"').replace("    difficulty: 1\n",
                                                                      "    difficulty: 1\n    <<: {hint_en: x}\n")
    assert ("q1", "prompt_en") in _warnings(tmp_path, body)
