"""A printable review sheet: every question with its answer and explanation, by section."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ch3quiz.bank.model import Question, choice_text
from ch3quiz.bank.schema import LETTERS
from ch3quiz.bank.sections import SECTIONS
from ch3quiz.quiz.variants import draw_variant
from ch3quiz.safetext import inert


def answer_plain(question: Question) -> str:
    answer = question.answer
    if question.type == "multi":
        return ", ".join(answer)
    if question.type == "tf":
        return "对 / True" if answer else "错 / False"
    if question.type == "fill":
        return " | ".join(map(str, answer)) if isinstance(answer, list) else str(answer)
    if question.type == "short":
        return f"{answer['zh']}\n\n  {answer['en']}"
    if question.type == "formula":
        return f"${answer}$"
    if question.type == "derivation":
        return "\n".join(f"  - ${line}$" for line in answer)
    return str(answer)


def question_markdown(question: Question) -> str:
    lines = [f"### {question.id} · {question.type}", "", question.prompt_zh, "", question.prompt_en, ""]
    lines += [f"- **{letter}.** {choice_text(c)}" for letter, c in zip(LETTERS, question.choices)]
    if question.choices:
        lines.append("")
    lines += [f"**答案 / Answer:** {answer_plain(question)}", ""]
    if question.type == "short":
        lines += [f"  - {p['zh']} / {p['en']}" for p in question.fields["key_points"]] + [""]
    for part in (question.explanation_zh, question.explanation_en):
        lines += [f"> {line}" if line else ">" for line in part.splitlines()]
        lines.append(">")
    lines[-1] = ""  # the quote ends after the English
    return "\n".join(lines)


def write_markdown(questions: Sequence[Question], path: Path) -> int:
    parts = ["# 第 3 章 神经网络基础 · 复习单 / Chapter 3 review sheet", ""]
    for section in SECTIONS:
        chosen = [q for q in questions if q.section == section.id]
        if chosen:
            parts += [f"## {section.id} {section.title_zh} / {section.title_en}", ""]
            # A sheet is printed once: a question with params shows the numbers of seed 0.
            parts += [question_markdown(draw_variant(q, 0)) for q in chosen]
    # A sheet is read with `cat` and `less` as often as in an editor: control characters shown, not obeyed.
    path.write_text(inert("\n".join(parts)), encoding="utf-8")
    return len(questions)
