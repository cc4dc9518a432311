"""The stats screen: sections with bars, card states, the 14-day forecast, weak spots."""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ch3quiz.render.console import escape, narrow, out, table_style
from ch3quiz.render.plan import show_forecast
from ch3quiz.review.stats import Stats


def _bar(fraction: float | None, width: int = 10) -> str:
    if fraction is None:
        return "·" * width
    filled = round(fraction * width)
    return "█" * filled + "░" * (width - filled)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def show_stats(stats: Stats, now: datetime) -> None:
    head = Text(
        f"answered / 作答: {stats.answered}   correct / 正确: {stats.correct}   score / 得分: {stats.score:g}/{stats.answered}   "
        f"reviews / 复习: {stats.reviews}   due now / 现在到期: {stats.due}   "
        f"due today / 今天到期: {stats.forecast[0]}   streak / 连续: {stats.streak} d"
    )
    if stats.overridden:
        head.append(f"\nof the correct answers, {stats.overridden} counted right on your word (!) / 其中自判正确 {stats.overridden} 题")
    out.print(Panel(head, title="progress / 学习进度", title_align="left"))

    table = Table(title="by section / 分章节", **table_style())
    for column, justify, least in (("§", "left", 4), ("title", "left", 8), ("score", "right", 5),
                                   ("accuracy", "right", 8), ("", "left", 10), ("retention", "right", 9)):
        # One line per section: a long title is shortened with "…", never wrapped; nothing else shrinks.
        table.add_column(column, justify=justify, no_wrap=True, overflow="ellipsis", min_width=least,
                         max_width=max(8, out.width - (44 if narrow() else 62)) if column == "title" else None)
    for s in stats.sections:
        table.add_row(s.id, escape(s.title_zh), f"{s.score:g}/{s.answered}", _percent(s.accuracy), _bar(s.accuracy),
                      _percent(s.retention))
    out.print(table)

    cards = Table(title="cards / 卡片", **table_style())
    for name in stats.cards:
        cards.add_column(name, justify="right")
    cards.add_row(*(str(n) for n in stats.cards.values()))
    out.print(cards)

    out.print(Text("due in the next 14 days / 未来 14 天到期", style="bold"))
    peak = max(stats.forecast) or 1
    for offset, n in enumerate(stats.forecast):
        day = (now + timedelta(days=offset)).strftime("%m-%d")
        out.print(f"  {day} {'█' * round(24 * n / peak):24} {n}")

    if stats.practice:
        out.print(Text("reviews by source / 复习来源: " + " · ".join(f"{k} {n}" for k, n in stats.practice.items())))
    if stats.exam is not None:
        show_forecast(stats.exam)

    if stats.weakest:
        weak = Table(title="weakest concepts / 薄弱知识点", **table_style())
        weak.add_column("tag")
        weak.add_column("answered", justify="right")
        weak.add_column("accuracy", justify="right")
        for t in stats.weakest:
            weak.add_row(escape(t.tag), str(t.answered), _percent(t.accuracy))
        out.print(weak)

    if stats.mistakes:
        out.print(Text("repeated mistakes / 反复出现的错误", style="bold"))
        for mistake in stats.mistakes:
            out.print(Text(f"  {mistake.line()}"))
        out.print(Text("  ch3quiz quiz --mistakes   drills the questions that test them / 专练这些错因", style="dim"))
