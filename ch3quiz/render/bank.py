"""Views of the bank: the list, the section coverage table, one question."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ch3quiz.bank.model import QUESTION_TYPES, Question, choice_text
from ch3quiz.bank.schema import LETTERS
from ch3quiz.bank.sections import SECTIONS
from ch3quiz.render.console import escape, narrow, out, table_style
from ch3quiz.render.latex import latex_to_unicode, render_inline_math
from ch3quiz.wording import counted


BRIEF_FORMS = 2  # accepted forms of a fill answer shown after a wrong answer


def answer_text(question: Question, lang: str = "both", *, brief: bool = False) -> str:
    """The answer as a student reads it (letters with their choice, 对/错, the reference text).

    ``brief``: a fill answer shows its first accepted forms and how many more there are, not all of them.
    """
    answer = question.answer
    if question.type == "mc":
        letter = str(answer).upper()
        return f"{letter}. {render_inline_math(choice_text(question.choices[LETTERS.index(letter)], lang))}"
    if question.type == "multi":
        return "; ".join(
            f"{str(a).upper()}. {render_inline_math(choice_text(question.choices[LETTERS.index(str(a).upper())], lang))}"
            for a in answer
        )
    if question.type == "tf":
        return "对 / True" if answer else "错 / False"
    if question.type == "fill":
        forms = [str(a) for a in answer] if isinstance(answer, list) else [str(answer)]
        if brief and len(forms) > BRIEF_FORMS:
            more = len(forms) - BRIEF_FORMS
            return " | ".join(forms[:BRIEF_FORMS]) + f"  (+{more} more accepted / 另有 {more} 种写法)"
        return " | ".join(forms)
    if question.type == "numeric":
        unit = question.fields.get("unit")
        return f"{format_number(answer)} {unit}" if unit else format_number(answer)
    if question.type == "short":
        return _bilingual(answer["zh"], answer["en"], lang)
    if question.type in ("derivation", "reorder"):
        return "\n".join(render_inline_math(f"${line}$") for line in answer)
    return render_inline_math(f"${answer}$")


def format_number(value: float) -> str:
    """Integers in full (105415200, not 1.05415e+08); other values to 6 significant digits."""
    if isinstance(value, int) or float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def _bilingual(zh: str, en: str, lang: str) -> str:
    if lang == "zh":
        return render_inline_math(zh)
    if lang == "en":
        return render_inline_math(en)
    return f"{render_inline_math(zh)}\n{render_inline_math(en)}"


def prompt_text(question: Question, lang: str = "both") -> str:
    return _bilingual(question.prompt_zh, question.prompt_en, lang)


def explanation_text(question: Question, lang: str = "both") -> str:
    return _bilingual(question.explanation_zh, question.explanation_en, lang)


def tags_table(rows: Sequence[tuple[str, int]]) -> None:
    table = Table(box=None, pad_edge=False)
    table.add_column("tag / 标签", overflow="fold")
    table.add_column("questions / 题数", justify="right")
    for tag, count in rows:
        table.add_row(escape(tag), str(count))
    out.print(table)
    out.print(f"{counted(len(rows), 'tag')} · use one: ch3quiz quiz --tag TAG", markup=False)


def coverage_rows(questions: Iterable[Question]) -> list[dict[str, Any]]:
    """One row per seed section: titles, counts per type and the total."""
    counts: dict[str, dict[str, int]] = {s.id: dict.fromkeys(QUESTION_TYPES, 0) for s in SECTIONS}
    for q in questions:
        counts[q.section][q.type] += 1
    return [
        {"id": s.id, "title_zh": s.title_zh, "title_en": s.title_en,
         "counts": counts[s.id], "total": sum(counts[s.id].values())}
        for s in SECTIONS
    ]


SHORT_TYPE_NAMES = {"multi": "mul", "fill": "fil", "numeric": "num", "short": "sho", "formula": "for", "derivation": "der", "reorder": "ord"}


def sections_table(rows: Sequence[Mapping[str, Any]]) -> None:
    table = Table(title="sections / 章节覆盖", **{"pad_edge": False, **table_style()})
    table.add_column("§", no_wrap=True)
    if narrow():  # every count column stays; the title folds onto more lines
        table.add_column("title / 标题", overflow="fold", ratio=1)
    else:
        table.add_column("title / 标题", overflow="ellipsis", no_wrap=True, max_width=max(8, out.width - 64))
    for qtype in QUESTION_TYPES:
        table.add_column(SHORT_TYPE_NAMES.get(qtype, qtype), justify="right", min_width=3)
    table.add_column("all", justify="right", style="bold", min_width=3)
    for row in rows:
        table.add_row(
            row["id"], escape(row["title_zh"]),
            *(str(row["counts"][t] or "·") for t in QUESTION_TYPES), str(row["total"]),
        )
    table.add_row("", "total / 合计", *(str(sum(r["counts"][t] for r in rows)) for t in QUESTION_TYPES),
                  str(sum(r["total"] for r in rows)), style="bold")
    out.print(table)


def hanging(rows: Iterable[tuple[str, str]]) -> Table:
    """Labelled lines (``A.``, ``3.``) with a hanging indent: a wrapped line continues under its own
    text, not under its label, at any width."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")  # a long CJK run folds onto the next line instead of being cut
    for label, text in rows:
        grid.add_row(label, Text(text))
    return grid


def choices_grid(question: Question, lang: str) -> Table:
    """The choices, each under its letter with a hanging indent."""
    return hanging((f" {letter}.", render_inline_math(choice_text(choice, lang)))
                   for letter, choice in zip(LETTERS, question.choices))


def reorder_lines(question: Question) -> Table:
    """The shown lines of a reorder question, numbered, each wrapped under its own text."""
    from ch3quiz.quiz.reorder import shown_lines

    return hanging((f" {number}.", latex_to_unicode(line)) for number, line in enumerate(shown_lines(question), 1))


def answer_view(question: Question, lang: str = "both", *, brief: bool = False) -> RenderableType:
    """``answer / 答案:`` and the answer; the right choices of a choice question each on a line of its own,
    wrapped under its text like the choices above it."""
    label = Text("answer / 答案:", style="bold")
    if question.type in ("mc", "multi"):
        right = {str(letter).upper() for letter in (question.answer if question.type == "multi" else [question.answer])}
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for letter, choice in zip(LETTERS, question.choices):
            if letter in right:
                grid.add_row(label if not grid.rows else "", f"{letter}.", Text(render_inline_math(choice_text(choice, lang))))
        return grid
    if question.type in ("derivation", "reorder"):
        return Group(label, hanging(("", line) for line in answer_text(question, lang).split("\n")))
    return label.append(" " + answer_text(question, lang, brief=brief))


def question_body(question: Question, lang: str) -> RenderableType:
    """A question as it is asked: the prompt, then its choices or its lines to order."""
    prompt = Text(prompt_text(question, lang))
    if question.type == "reorder":
        return Group(prompt, Text(), reorder_lines(question))
    if question.choices:
        return Group(prompt, Text(), choices_grid(question, lang))
    return prompt


def question_panel(question: Question, lang: str = "both", *, with_answer: bool = True) -> None:
    parts: list[RenderableType] = [question_body(question, lang)]
    if with_answer:
        parts += [Text(), answer_view(question, lang), Text(), Text(explanation_text(question, lang), style="dim")]
    title = f"{question.id}  [{question.section} · {question.type} · difficulty {question.difficulty}]"
    variant = question.fields.get("variant")
    drawn = ""
    if variant:
        values = ", ".join(f"{name}={format_number(value)}" for name, value in variant["values"].items())
        drawn = f"seed {variant['seed']}: {values} · new numbers every attempt / 每次作答数值不同"
    out.print(Panel(Group(*parts), title=escape(title), title_align="left", subtitle=escape(drawn) or None,
                    subtitle_align="left"))
