"""Terminal views of the formula checker: verdicts, derivations, the self-check dialogue."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ch3quiz.render.console import escape, note, out, table_style  # note: the check command calls view.note
from ch3quiz.render.latex import latex_to_unicode, render_inline_math
from ch3quiz.safetext import clip
from ch3quiz.wording import counted

ECHOED_CHARS = 300  # of a student's line, in a table cell: far more than any step of a derivation

_STYLE = {"correct": ("✓ correct / 正确", "bold green"), "incorrect": ("✗ incorrect / 错误", "bold red"),
          "invalid": ("⚠ cannot read / 无法读取", "bold yellow"), "undecided": ("? undecided / 无法判定", "bold magenta")}


def verdict(result: Any) -> None:
    """One answer's verdict: how it was read, what decided, what is wrong."""
    label, style = _STYLE.get(result.verdict, (result.verdict, "bold"))
    body = Text()
    body.append(label + "\n", style=style)
    if result.reading:
        body.append("read as / 理解为: ", style="dim")
        body.append(result.reading + "\n")
    if result.caret:
        body.append(result.caret + "\n", style="yellow")
    if result.verdict != "correct":
        body.append(render_inline_math(result.message) + "\n")
        body.append(render_inline_math(result.message_zh) + "\n")
    tail = f"decided by / 判定方式: {result.method}"
    if result.mistake:
        tail += f" · mistake / 错误类型: {result.mistake}"
    body.append(tail, style="dim")
    out.print(Panel(body, title=escape(result.question_id), title_align="left", expand=False))


def verdict_line(result: Any) -> None:
    """One line per answer, for --stdin batches without --json."""
    parts = [result.verdict]
    if result.reading:
        parts.append(result.reading)
    if result.verdict != "correct":
        parts.append(render_inline_math(result.message))
    out.print(" | ".join(parts), markup=False, highlight=False, soft_wrap=True)


def formula_list(questions: Sequence[Any], *, verbose: bool = False) -> None:
    """One line per question (id, section, the prompt cut to the width), or with ``verbose`` every prompt whole."""
    if verbose:
        table = Table(title="formula questions / 公式题", **table_style())
        for column in ("id", "§", "type", "asks for / 题目"):
            table.add_column(column, overflow="fold")
        for q in questions:
            table.add_row(q.id, q.section, q.type, escape(render_inline_math(q.prompt_en)))
    else:
        table = Table(box=None, pad_edge=False, show_header=True)
        id_width = max((len(q.id) for q in questions), default=2)
        table.add_column("id", no_wrap=True, min_width=id_width)
        table.add_column("§", no_wrap=True, min_width=4)
        table.add_column("asks for / 题目 (-v: whole)", no_wrap=True, overflow="ellipsis",
                         max_width=max(10, out.width - id_width - 4 - 4))
        for q in questions:
            table.add_row(q.id, q.section, escape(" ".join(render_inline_math(q.prompt_en).split())))
    out.print(table)
    out.print(f"{counted(len(questions), 'question')} · check one: ch3quiz check ID 'ANSWER'", markup=False)


ANSWER_HOW = ("Type your answer (LaTeX, Unicode or ASCII); '?' for a hint, Ctrl-D to give up.",
              "输入答案（LaTeX、Unicode 或 ASCII 均可）；输入 ? 获取提示，Ctrl-D 放弃。")
DERIVATION_HOW = ("Type the derivation, one step a line (a line may start with '='); finish with Ctrl-D.",
                  "逐行输入推导（一行可以以 = 开头）；Ctrl-D 结束。")


def question(q: Any, how: tuple[str, str] = ANSWER_HOW) -> None:
    """The question's prompt, then ``how`` (English, Chinese): what to type next."""
    body = Text()
    body.append(render_inline_math(q.prompt_zh) + "\n")
    body.append(render_inline_math(q.prompt_en) + "\n\n", style="dim")
    body.append(how[0] + "\n", style="dim")
    body.append(how[1], style="dim")
    out.print(Panel(body, title=escape(f"{q.id} [{q.section}]"), title_align="left"))


def hint(zh: str, en: str) -> None:
    out.print(Text("hint / 提示: ", style="bold cyan") + Text(render_inline_math(zh) + "\n" + render_inline_math(en)))


def no_more_hints() -> None:
    out.print("no more hints / 没有更多提示了", style="dim")


def give_up(q: Any, expected: str) -> None:
    body = Text()
    body.append("expected / 参考答案: ", style="bold green")
    body.append(latex_to_unicode(expected) + "\n\n")
    body.append(render_inline_math(q.explanation_zh) + "\n\n")
    body.append(render_inline_math(q.explanation_en), style="dim")
    out.print(Panel(body, title=escape(q.id), title_align="left"))


def prompt() -> None:
    out.print("answer / 答案 > ", end="", markup=False)


_MARK_STYLES = {"ok": "green", "side": "cyan", "jump": "blue", "wrong": "red", "invalid": "yellow", "undecided": "magenta"}


def _line_mark(line: Any) -> Text:
    """✓ follows, · a true side fact, ↷ true but jumps to the result, ✗ wrong, ⚠ unreadable, ? undecided."""
    mark = getattr(line, "mark", "") or line.verdict
    return Text(line.symbol, style=_MARK_STYLES.get(mark, "bold"))


def _line_note(line: Any) -> str:
    """The message of a line that is not right, then how it was read and what a right step did."""
    parts = [] if line.verdict == "ok" else [f"{line.message}\n{line.message_zh}"]
    if getattr(line, "note", ""):
        parts.append(f"{line.note}\n{line.note_zh}")
    return render_inline_math("\n".join(parts)) if parts else ""


def derivation(result: Any) -> None:
    table = Table(title=escape(f"{result.question_id}: derivation / 推导"), show_lines=False, **table_style())
    for column in ("#", "", "line as read / 理解为", "note / 说明"):
        table.add_column(column, overflow="fold")
    for line in result.lines:
        # A line echoed back is cut: a 100,000-character line filled the terminal with it, row after row.
        shown = clip(line.reading or line.text, ECHOED_CHARS)
        table.add_row(str(line.number), _line_mark(line), escape(shown), escape(_line_note(line)))
    out.print(table)
    label, style = _STYLE.get(result.verdict, (result.verdict, "bold"))
    out.print(Text(label, style=style) + Text("  " + result.message + " / " + result.message_zh))
