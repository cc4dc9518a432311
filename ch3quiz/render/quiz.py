"""Quiz screens: a question, a verdict, the key points of a short answer, the summary."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ch3quiz.bank.model import Question
from ch3quiz.bank.sections import section_by_id, section_order
from ch3quiz.quiz.session import Result, Summary
from ch3quiz.render.bank import answer_text, answer_view, explanation_text, prompt_text, question_body
from ch3quiz.render.console import escape, out
from ch3quiz.render.latex import latex_to_unicode, render_inline_math
from ch3quiz.wording import counted

_VERDICT_STYLE = {
    "correct": ("bold green", "✓ correct / 正确"),
    "partial": ("bold yellow", "◐ partly right / 部分正确"),
    "incorrect": ("bold red", "✗ incorrect / 错误"),
    "undecided": ("bold yellow", "? undecided / 无法判定"),
    "unmarked": ("bold yellow", "○ not marked yet / 尚未评分"),
}

_ANSWER_HINTS = {
    "mc": "one letter / 一个字母",
    "multi": "all right letters, e.g. AC / 所有正确选项，如 AC",
    "tf": "对/错 (t/f)",
    "fill": "the missing word / 填空",
    "numeric": "a number (1/4, 2.5e-3 ok) / 数值",
    "short": "your answer in a line / 一行作答",
    "formula": "LaTeX, Unicode or ASCII / 公式",
    "derivation": "one step a line, empty line to finish / 每行一步，空行结束",
    "reorder": "the numbers of the lines in order, like 3 1 4 2 / 按顺序输入行号，如 3 1 4 2",
}


def show_question(question: Question, index: int, total: int, lang: str, time_left: float | None = None) -> None:
    hint = _ANSWER_HINTS.get(question.type, "")
    title = f"[{index}/{total}] {question.section} · {question.type} · {question.id}"
    if time_left is not None:  # the clock first: a narrow terminal cuts the title's end, and the id matters less
        minutes, seconds = divmod(int(time_left), 60)
        title = f"⏱ {minutes}:{seconds:02d} left / 剩余  {title}"
    out.print(Panel(question_body(question, lang), title=escape(title), title_align="left", subtitle=escape(hint),
                    subtitle_align="right"))


def show_hint(question: Question, lang: str) -> None:
    zh, en = question.fields.get("hint_zh"), question.fields.get("hint_en")
    if not (zh or en):
        out.print("[dim]no hint for this one / 本题没有提示[/]")
        return
    text = {"zh": zh or en, "en": en or zh}.get(lang, f"{zh}\n{en}" if zh and en else zh or en)
    out.print(Text(f"hint / 提示: {render_inline_math(text)}", style="cyan"))


_LINE_STYLES = {"ok": "green", "side": "cyan", "jump": "blue", "wrong": "red", "invalid": "yellow", "undecided": "magenta"}


def show_line_mark(line) -> None:
    """One derivation line's mark as it is entered: ✓ · ✗ ⚠ ?, and why when it is not right."""
    if line is None:
        return
    mark = line.mark or line.verdict
    text = Text(f"  {line.symbol} ", style=_LINE_STYLES.get(mark, "bold"))
    if line.verdict != "ok":
        text.append(render_inline_math(f"{line.message} / {line.message_zh}"))
    elif line.note:
        text.append(render_inline_math(line.note), style="dim")
    out.print(text)


def show_reference_step(number: int, total: int, step: str) -> None:
    out.print(Text(f"step {number}/{total} of the reference / 参考推导第 {number}/{total} 步: "
                   f"{latex_to_unicode(step)}", style="cyan"))


def show_problem(message: str) -> None:
    out.print(Text(message, style="yellow"))


def show_key_points(question: Question, named: Sequence[bool], lang: str) -> None:
    out.print(Text("reference / 参考答案:", style="bold"))
    out.print(Text(answer_text(question, lang)))
    for number, (point, hit) in enumerate(zip(question.fields["key_points"], named), start=1):
        mark, style = ("✓", "green") if hit else ("·", "dim")
        label = {"zh": point["zh"], "en": point["en"]}.get(lang, f"{point['zh']} / {point['en']}")
        out.print(Text(f"  {number}. {mark} {render_inline_math(label)}", style=style))


def show_answer(question: Question, lang: str) -> None:
    """The answer and explanation, revealed without grading (flashcard review)."""
    out.print(answer_view(question, lang, brief=True))
    out.print(Text(explanation_text(question, lang), style="dim"))
    out.print()


def show_verdict(result: Result, lang: str) -> None:
    style, label = _VERDICT_STYLE.get(result.grade.verdict, ("bold", result.grade.verdict))
    line = Text(label, style=style)
    if (result.question.type == "short" or result.grade.verdict == "partial") and result.grade.verdict != "unmarked":
        line.append(f"  score / 得分 {result.grade.score:.0%}", style="bold")
    out.print(line)
    if result.grade.detail:
        out.print(Text(render_inline_math(result.grade.detail)))
    if result.grade.verdict != "correct" and result.question.type != "short":
        out.print(answer_view(result.question, lang, brief=True))
    out.print(Text(explanation_text(result.question, lang), style="dim"))
    out.print()


def show_override_tip() -> None:
    out.print(Text("a typo? type ! at the next prompt to count it as right (the card is rated Hard)"
                   " / 笔误？在下一个提示处输入 ! 记为正确（卡片评为困难）", style="dim"))


def show_overridden(result: Result, lang: str) -> None:
    label = f"{result.question.id}: counted as right on your word; the card is rated Hard / 已记为正确，卡片评为困难"
    out.print(Text("✓ " + label, style="green"))
    out.print()


def show_next_review(wait: timedelta) -> None:
    """When a rated card comes back, in words a student reads at a glance."""
    minutes = max(1, round(wait.total_seconds() / 60))
    if minutes < 60:
        when = f"{minutes} min / {minutes} 分钟"
    elif minutes < 36 * 60:
        hours = round(minutes / 60)
        when = f"{hours} h / {hours} 小时"
    else:
        days = round(minutes / 1440)
        when = f"{days} d / {days} 天"
    out.print(Text(f"next review in {when}后再复习", style="dim"))
    out.print()


def _bar(fraction: float, width: int = 20) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def show_summary(summary: Summary, lang: str = "both", *, exam: bool = False, bank: object = None) -> None:
    answered = len(summary.results)
    # A mock exam is scored over every question; a practice session over those answered.
    total = answered + summary.unanswered if exam else answered
    title = "exam report / 模拟考试成绩" if exam else "session summary / 本次小结"
    percent = summary.score / total if total else 0.0
    minutes, seconds = divmod(round(summary.seconds), 60)
    head = Text(f"score / 得分: {summary.score:g}/{total} ({percent:.0%})   time / 用时: {minutes}m{seconds:02d}s")
    if summary.unanswered:
        head.append(f"   not answered / 未作答: {summary.unanswered}")
    if not exam:
        head.append(f"\nhints used / 使用提示: {summary.hints}")
        if summary.overridden:
            head.append(f"   counted right on your word (!) / 自判正确: {summary.overridden}")
    out.print(Panel(head, title=title, title_align="left"))
    table = Table(show_header=True)
    table.add_column("section")
    table.add_column("title", overflow="ellipsis", no_wrap=True, max_width=max(12, out.width - 50))
    table.add_column("score", justify="right")
    table.add_column("")
    for section, (n, score) in sorted(summary.by_section().items(), key=lambda kv: section_order(kv[0])):
        titles = section_by_id(section)
        title_text = titles.title_en if lang == "en" else titles.title_zh
        table.add_row(section, escape(title_text), f"{score:g}/{n}", _bar(score / n))
    if answered:
        out.print(table)
    if exam and summary.unanswered_ids:
        out.print(Text("not reached / 未作答: " + " ".join(summary.unanswered_ids), style="yellow"))
    if exam:
        show_mistakes(summary.results)
    retry = summary.retry_ids()
    if retry:
        out.print(Text("retry / 需重做: " + " ".join(retry), style="yellow"))
        again = "ch3quiz quiz --wrong" + (f" --bank {bank}" if bank else "")
        out.print(Text(f"  {again}   practises exactly these / 只练错题", style="dim"))


def show_marking_intro(count: int) -> None:
    out.print(Panel(Text(f"{counted(count, 'short answer')} to mark: tick the key points each one covered "
                         f"/ 还有 {count} 道简答题：请勾选你答到的要点"), title="marking / 自评", title_align="left"))


def show_answer_to_mark(result: Result, lang: str) -> None:
    out.rule(escape(result.question.id), align="left")
    out.print(Text(prompt_text(result.question, lang)))
    out.print(Text(f"your answer / 你的答案: {result.given}"))


def show_mistakes(results: Sequence[Result]) -> None:
    """What went wrong in this session, answer by answer (the exam report's list)."""
    from ch3quiz.review.mistakes import mistake_lines

    rows = [(r.question.id, line) for r in results for line in mistake_lines(r.grade.mistakes)]
    if not rows:
        return
    out.print(Text("what went wrong / 错因", style="bold"))
    for question_id, line in rows:
        out.print(Text(f"  {question_id}: {line}"))


def show_exam_review(results: Sequence[Result], lang: str) -> None:
    """After a timed exam: each answer with its verdict and explanation."""
    for index, result in enumerate(results, start=1):
        out.rule(escape(f"{index}. {result.question.id}"), align="left")
        out.print(Text(prompt_text(result.question, lang)))
        out.print(Text(f"your answer / 你的答案: {result.given}", style="dim"))
        show_verdict(result, lang)
