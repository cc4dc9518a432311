"""The exam plan on screen: days left, the budget, the plan day by day, the exam-day forecast per
section; and the review screen's pieces that speak of time (interval labels, what is due next)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from rich.table import Table
from rich.text import Text

from ch3quiz.render.console import escape, out
from ch3quiz.review.forecast import ExamReport
from ch3quiz.wording import counted


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def interval_label(wait: timedelta) -> str:
    """A wait as Anki shows it on a rating button: 1m, 6m, 3h, 4d, 2.1mo, 1.3y."""
    minutes = max(1, round(wait.total_seconds() / 60))
    if minutes < 60:
        return f"{minutes}m"
    if minutes < 24 * 60:
        return f"{round(minutes / 60)}h"
    days = wait.total_seconds() / 86400
    if days < 30:
        return f"{max(1, round(days))}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def rating_choices(waits: Mapping[int, timedelta], names: Mapping[int, str]) -> str:
    """``1 Again 1m · 2 Hard 6m · 3 Good 10m · 4 Easy 4d``."""
    return " · ".join(f"{rating} {names[rating]} {interval_label(wait)}" for rating, wait in sorted(waits.items()))


def due_phrase(due: datetime, now: datetime) -> str:
    """``12 min (18:40)``, ``3 h (21:05)`` or ``2 d (12-08 09:00)``, in local time."""
    local = due.astimezone()
    wait = due - now
    minutes = max(1, round(wait.total_seconds() / 60))
    clock = local.strftime("%H:%M") if local.date() == now.astimezone().date() else local.strftime("%m-%d %H:%M")
    if minutes < 60:
        return f"{minutes} min ({clock})"
    if minutes < 36 * 60:
        return f"{round(minutes / 60)} h ({clock})"
    return f"{round(minutes / 1440)} d ({clock})"


def show_plan(report: ExamReport) -> None:
    timing = "your median" if report.measured_time else "the default until you have 10 timed reviews"
    out.print(Text(f"exam / 考试: {report.exam}   days left / 剩余天数: {report.days_left}   "
                   f"new cards / 新卡: {report.new_cards}", style="bold"))
    out.print(Text(f"budget / 每日预算: {counted(round(report.answers_per_day), 'answer')} a day, "
                   f"{report.seconds_per_answer:.0f} s an answer ({timing})", style="dim"))
    if report.days:
        table = Table(title="plan / 计划")
        for column in ("day / 日期", "reviews / 复习", "new / 新卡", "≈ minutes / 分钟"):
            table.add_column(column, justify="left" if column.startswith("day") else "right")
        for day in report.days:
            minutes = day.answers * report.seconds_per_answer / 60
            table.add_row(day.day.isoformat(), str(day.reviews), str(day.new), f"{minutes:.0f}")
        out.print(table)
    show_forecast(report)


def show_forecast(report: ExamReport) -> None:
    """Predicted recall on exam day per section: now, and if the plan is followed."""
    if report.days_left:
        title = f"exam-day recall, an FSRS estimate / 考试日预计记忆率（估计） — {counted(report.days_left, 'day')} left"
    else:
        title = "exam today: recall now, an FSRS estimate / 今天考试：预计记忆率（估计）"
    table = Table(title=title)
    table.add_column("§")
    table.add_column("title", no_wrap=True, overflow="ellipsis", max_width=max(8, out.width - 50))
    table.add_column("cards", justify="right")
    table.add_column("now / 现在", justify="right")
    planned = report.overall_planned is not None
    if planned:
        table.add_column("expected / 按计划预期", justify="right")
    for s in report.sections:
        row = [s.id, escape(s.title_zh), str(s.cards), _percent(s.now)]
        table.add_row(*row, *([_percent(s.planned)] if planned else []))
    total = ["all", "全部", str(sum(s.cards for s in report.sections)), _percent(report.overall_now)]
    table.add_row(*total, *([_percent(report.overall_planned)] if planned else []), style="bold")
    out.print(table)
    if planned:
        out.print(Text(_expectation_note(report), style="dim"))


def _expectation_note(report: ExamReport) -> str:
    """What the planned figure assumes, so it is read as an estimate and not a promise."""
    source = "yours so far" if report.measured_first_sight else "assumed until you have seen 10 cards"
    return (f"expected: if you follow the plan, averaged over {counted(report.simulated_runs, 'simulated run')} in which each review "
            f"is recalled with the chance FSRS predicts and a first sight with {_percent(report.first_sight)} ({source}). "
            "An estimate, not a promise / 按计划的预期值：FSRS 模型的模拟估计，并非保证")


def show_fit(result) -> None:
    """Before and after on the held-out reviews, and whether the fit was kept."""
    table = Table(title=f"fit on {counted(result.held_out, 'held-out review')} (of {result.reviews}) / 留出复习上的拟合度")
    for column in ("", "log loss", "RMSE (bins)"):
        table.add_column(column, justify="left" if not column else "right")
    table.add_row("before / 之前", f"{result.before.log_loss:.4f}", f"{result.before.rmse:.4f}")
    table.add_row("fitted / 拟合后", f"{result.after.log_loss:.4f}", f"{result.after.rmse:.4f}")
    out.print(table)
    if result.kept:
        out.print(Text("kept: scheduling now uses your own parameters (ch3quiz optimize --reset undoes it) / 已采用", style="bold"))
    else:
        out.print(Text("not kept: the fitted parameters predict your reviews no better / 拟合未改进，保持原参数", style="bold"))
