"""A printable review sheet to test oneself with: every question by section, its answer and explanation
folded beneath it, collected in an answer key at the end, or left out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ch3quiz.bank.model import Question, choice_text
from ch3quiz.bank.schema import LETTERS
from ch3quiz.bank.sections import SECTIONS
from ch3quiz.export.mathjax import shown_not_obeyed
from ch3quiz.quiz.variants import draw_variant
from ch3quiz.safetext import inert


# Bank text is untrusted, and a Markdown viewer obeys what CommonMark makes of it: raw HTML (an
# explanation holding "</details>" closed the answer's fold early and showed the rest), links and
# images (a [x](javascript:…) link, a tracking ![](https://…) pixel). Each rule below keeps one such
# construct from forming, changing as little of the text as it can: "<" becomes "&lt;"; a link's
# "(" or "[" and a code fence's first mark get a backslash. The rules run in this order.
_TAG = r"/?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>"
_LINE_START = r"[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)*"  # indentation, quote and list markers
_INERT_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(f"<(?={_TAG})"), "&lt;"),  # a whole tag, anywhere (inline raw HTML)
    # A comment, declaration, CDATA or processing instruction: each hides what follows it.
    (re.compile(r"<(?=[!?])"), "&lt;"),
    # An HTML block starts with a bare "<script" or "<div" at a line's start (in a quote or a list
    # item too) and runs on past the fold's end.
    (re.compile(f"(?m)^({_LINE_START})<(?=/?[A-Za-z])"), r"\1&lt;"),
    # A code fence, ``` or ~~~ at a line's start, runs to the end of the sheet: every later answer shown.
    (re.compile(f"(?m)^({_LINE_START})(?=```|~~~)"), r"\1\\"),
    (re.compile(r"<(?=[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>)"), "&lt;"),  # an autolink, <javascript:…>
    (re.compile(r"\]\("), r"]\\("),  # an inline link or image, [x](…) and ![x](…)
    (re.compile(r"\[(?=(?:[^\[\]\\]|\\.)+\]:)"), r"\\["),  # a link reference definition, [x]: javascript:…
)


def _shown(text: str) -> str:
    """Bank text for the sheet: a tag, link, image or MathJax link command it holds is shown as written,
    never obeyed (a viewer may typeset any $..$, \\(..\\) or \\[..\\] with MathJax)."""
    for pattern, replacement in _INERT_RULES:
        text = pattern.sub(replacement, text)
    return shown_not_obeyed(text)


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
    if question.type in ("derivation", "reorder"):
        return "\n".join(f"  - ${line}$" for line in answer)
    return str(answer)


ANSWER_PLACES = ("inline", "end", "none")  # folded under each question, an answer key at the end, or left out


def _answer_block(question: Question) -> list[str]:
    """The answer, the key points of a short question and the explanation (as a quote)."""
    lines = [f"**答案 / Answer:** {_shown(answer_plain(question))}", ""]
    if question.type == "short":
        lines += [_shown(f"  - {p['zh']} / {p['en']}") for p in question.fields["key_points"]] + [""]
    for part in (question.explanation_zh, question.explanation_en):
        lines += [f"> {line}" if line else ">" for line in _shown(part).splitlines()]
        lines.append(">")
    lines[-1] = ""  # the quote ends after the English
    return lines


def question_markdown(question: Question, answers: str = "inline") -> str:
    """One question; with ``answers="inline"`` its answer folded in a <details> block to open after trying."""
    lines = [f"### {question.id} · {question.type}", "", _shown(question.prompt_zh), "", _shown(question.prompt_en), ""]
    lines += [f"- **{letter}.** {_shown(choice_text(c))}" for letter, c in zip(LETTERS, question.choices)]
    if question.choices:
        lines.append("")
    if answers == "inline":
        # Blank lines around the content: Markdown inside <details> is only rendered after one.
        lines += ["<details><summary>答案 / Answer</summary>", "", *_answer_block(question), "</details>", ""]
    return "\n".join(lines)


def _answer_key(questions: Sequence[Question]) -> list[str]:
    parts = ["## 答案 / Answers", ""]
    for question in questions:
        parts += [f"### {question.id}", "", *_answer_block(question)]
    return parts


def sheet_markdown(questions: Sequence[Question], answers: str = "inline") -> str:
    """The review sheet by section: answers folded under each question, collected at the end, or none."""
    parts = ["# 第 3 章 神经网络基础 · 复习单 / Chapter 3 review sheet", ""]
    ordered: list[Question] = []
    for section in SECTIONS:
        chosen = [q for q in questions if q.section == section.id]
        if chosen:
            parts += [f"## {section.id} {section.title_zh} / {section.title_en}", ""]
            # A sheet is printed once: a question with params shows the numbers of seed 0.
            drawn = [draw_variant(q, 0) for q in chosen]
            parts += [question_markdown(q, answers) for q in drawn]
            ordered += drawn
    if answers == "end":
        parts += _answer_key(ordered)
    # A sheet is read with `cat` and `less` as often as in an editor: control characters shown, not obeyed.
    return inert("\n".join(parts))


def write_markdown(questions: Sequence[Question], path: Path, answers: str = "inline") -> int:
    path.write_text(sheet_markdown(questions, answers), encoding="utf-8")
    return len(questions)
