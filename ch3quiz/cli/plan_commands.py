"""Studying toward the exam: the exam plan, and fitting FSRS to the student's own memory."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date
from typing import Annotated, Optional

import typer

from ch3quiz.cli.app import BankOption, JsonOption, command, load_index, print_json, refuse_ignored
from ch3quiz.errors import Ch3quizError, UsageError
from ch3quiz.wording import counted, plural


# 2026-12-20 as students type it: full-width digits from a Chinese input method, 2026/12/20, 2026.12.20,
# 2026年12月20日 (read after NFKC folds ２０２６ into 2026).
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def _parse_date(text: str) -> date:
    found = _DATE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    try:
        return date(*(int(part) for part in found.groups())) if found else date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--exam takes a date like 2026-12-20, not '{text}' / 日期格式应为 2026-12-20") from None


@command
def plan(
    exam: Annotated[Optional[str], typer.Option("--exam", help="The exam date, YYYY-MM-DD.")] = None,
    minutes: Annotated[Optional[int], typer.Option("--minutes", help="Daily budget in minutes (default 30).")] = None,
    cards: Annotated[Optional[int], typer.Option("--cards", help="Daily budget in answers instead of minutes.")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the exam plan; review goes back to plain FSRS.")] = False,
    as_json: JsonOption = False,
    bank: BankOption = None,
) -> None:
    """Plan for an exam date: each day's reviews and new cards, and the predicted exam-day recall.

    With an exam date set, `review` follows the plan: every card is shown before the exam and cards
    at risk of being forgotten on the day come up early. Without options: show the plan.

    Example: ch3quiz plan --exam 2026-12-20 --minutes 40
    """
    from ch3quiz.render.console import note
    from ch3quiz.review import forecast
    from ch3quiz.review.store import open_store

    given = [name for name, value in (("--exam", exam), ("--minutes", minutes), ("--cards", cards)) if value is not None]
    refuse_ignored((clear and bool(given), f"--clear removes the plan; it takes no {'/'.join(given)}: run ch3quiz plan"
                    " --clear, then ch3quiz plan --exam YYYY-MM-DD for a new one / --clear 不能与其他计划选项同用"),
                   (clear and as_json, "--clear prints no JSON; run ch3quiz plan --clear alone / --clear 不输出 JSON"))
    with open_store() as store:
        if clear:
            removed = forecast.save_exam(store, None)
            note(f"exam plan for {removed.exam} removed / 已删除考试计划" if removed else "no exam plan was set / 没有考试计划")
            return
        settings = _settings(store, exam, minutes, cards)
        report = forecast.exam_report(load_index(bank), store, settings, with_plan=True)  # id and section
    _show(report, as_json)


def _settings(store, exam: str | None, minutes: int | None, cards: int | None):
    """The plan to show: a new one from the options (stored, saying what it replaced) or the stored one."""
    from ch3quiz.render.console import note
    from ch3quiz.review import forecast

    if exam is None:
        if minutes is not None or cards is not None:
            raise UsageError("give --exam with a budget / 预算需与 --exam 一起给出")
        stored = forecast.load_exam(store)
        if stored is None:
            raise UsageError("no exam date set; set one with ch3quiz plan --exam YYYY-MM-DD / 尚未设置考试日期")
        if forecast.exam_is_over(store.clock(), stored.exam):
            raise Ch3quizError(f"the exam on {stored.exam} is over; ch3quiz plan --clear removes the plan / 考试已结束")
        return stored
    settings = forecast.new_settings(exam=_parse_date(exam), minutes=minutes, cards=cards, now=store.clock())
    previous = forecast.save_exam(store, settings)
    if previous is not None and previous != settings:
        note(f"replaced the plan for {previous.exam} / 已替换之前的计划（{previous.exam}）")
    return settings


def _show(report, as_json: bool) -> None:
    from ch3quiz.render.console import note

    if report.days_left == 0:
        note("the exam is today: no study days are left and review is plain FSRS again; below is today's "
             "predicted recall per section / 今天考试：以下为今天各节的预计记忆率")
    if as_json:
        print_json(report.to_dict())
    else:
        from ch3quiz.render.plan import show_plan

        show_plan(report)
    if report.shortfall is not None:
        answers = math.ceil(report.shortfall)
        minutes = math.ceil(answers * report.seconds_per_answer / 60)
        note(f"warning: this budget cannot show every card before the exam: {counted(report.new_cards, 'new card')} "
             f"{plural(report.new_cards, 'needs', 'need')} at least {counted(answers, 'answer')} (≈ {minutes} min) a day before any review / "
             f"预算不足：考前无法见到所有卡片")


@command
def optimize(
    reset: Annotated[bool, typer.Option("--reset", help="Go back to the default FSRS parameters.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Fit the FSRS memory model to your own reviews (once there are enough of them).

    Shows how well the defaults and the fitted parameters predict reviews held out of the fit; the
    fitted ones are kept only if they predict better, and scheduling uses them from then on.

    Example: ch3quiz optimize
    """
    from ch3quiz.render.console import note
    from ch3quiz.review import optimize as fitting
    from ch3quiz.review.store import open_store

    refuse_ignored((reset and as_json, "--reset prints no JSON; run ch3quiz optimize --reset alone / --reset 不输出 JSON"))
    with open_store() as store:
        if reset:
            had = fitting.reset(store)
            note("back to the default FSRS parameters / 已恢复默认参数" if had else "the default parameters are in use already")
            return
        result = fitting.optimize(store)
    if as_json:
        print_json(result.to_dict())
        return
    from ch3quiz.render.plan import show_fit

    show_fit(result)
