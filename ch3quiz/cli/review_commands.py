"""Flashcard review on FSRS, and the progress statistics."""

from __future__ import annotations

import time
from typing import Annotated, Optional

import typer

from ch3quiz.cli.app import BankOption, JsonOption, SectionOption, command, load, parse_sections, print_json
from ch3quiz.cli.interact import read_line
from ch3quiz.errors import UsageError


@command
def review(
    section: SectionOption = [],  # noqa: B006 - Typer reads the default
    count: Annotated[Optional[int], typer.Option("--count", "-n", help="At most this many cards.")] = None,
    new: Annotated[int, typer.Option("--new", help="New cards allowed per day.")] = 20,
    retention: Annotated[float, typer.Option("--retention", help="Desired retention for FSRS (0.7-0.99).")] = 0.9,
    lang: Annotated[str, typer.Option("--lang", help="Language of prompts: zh, en or both.")] = "both",
    bank: BankOption = None,
) -> None:
    """Review the flashcards due today, scheduled by FSRS.

    Answer (or press Enter to reveal), read the answer, then rate 1 Again, 2 Hard, 3 Good, 4 Easy;
    Enter takes the suggested rating. Example: ch3quiz review --count 20
    """
    from ch3quiz.cli.quiz_commands import check_lang
    from ch3quiz.render import quiz as view
    from ch3quiz.render.console import note
    from ch3quiz.review.scheduler import Scheduler, review_queue
    from ch3quiz.review.store import open_store

    lang = check_lang(lang)
    if count is not None and count < 1:
        raise UsageError("--count must be at least 1 / 数量至少为 1")
    if new < 0:
        raise UsageError("--new must be 0 or more")
    if not 0.7 <= retention <= 0.99:
        raise UsageError("--retention must be between 0.7 and 0.99")
    sections = parse_sections(section)
    questions = load(bank).select(sections)
    with open_store() as store:
        scheduler = Scheduler(store, desired_retention=retention)
        queue = review_queue(questions, store, new_per_day=new, count=count)
        if not queue:
            note("nothing due now; come back later / 目前没有待复习的卡片")
            return
        known = store.card_ids()
        fresh = sum(1 for q in queue if q.id not in known)
        note(f"{len(queue) - fresh} due, {fresh} new / 到期 {len(queue) - fresh} 张，新卡 {fresh} 张")
        reviewed = 0
        for index, question in enumerate(queue, start=1):
            view.show_question(question, index, len(queue), lang)
            rated = _review_card(store, scheduler, question, lang)
            if rated is None:
                break
            reviewed += 1
    note(f"reviewed {reviewed} card(s) / 已复习 {reviewed} 张")


def _review_card(store, scheduler, question, lang: str):
    """One card: answer or reveal, see the answer, rate. None when input has ended."""
    from ch3quiz.quiz.grading import NotAnAnswer, grade
    from ch3quiz.quiz.session import Result
    from ch3quiz.render import quiz as view
    from ch3quiz.review.scheduler import RATING_FOR_VERDICT

    started = time.monotonic()
    while True:
        text = read_line("answer, or Enter to reveal / 作答或回车看答案> ")
        if text is None:
            return None
        if text.strip() == "?":
            view.show_hint(question, lang)
            continue
        suggested: int | None = 3  # Good: the usual answer to a card recalled and revealed
        # A derivation is many lines: as a flashcard it is recalled, revealed and rated.
        if text.strip() and question.type != "derivation":
            try:
                graded = grade(question, text)
            except NotAnAnswer as problem:
                view.show_problem(str(problem))
                continue
            seconds = time.monotonic() - started
            store.record_answer(question=question, given=text, verdict=graded.verdict, score=graded.score,
                                seconds=seconds, mode="review")
            view.show_verdict(Result(question, text, graded, seconds), lang)
            # An answer the checker could not decide suggests nothing: the student rates it.
            suggested = RATING_FOR_VERDICT.get(graded.verdict)
        else:
            view.show_answer(question, lang)
        rating = _read_rating(suggested)
        if rating is None:
            return None
        review = scheduler.rate(question, rating, seconds=time.monotonic() - started)
        view.show_next_review(review.due - store.clock())
        return review


def _read_rating(suggested: int | None) -> int | None:
    from ch3quiz.render import quiz as view

    choices = "rate 1 Again / 2 Hard / 3 Good / 4 Easy"
    while True:
        text = read_line(f"{choices} [Enter = {suggested}]: " if suggested else f"{choices}: ")
        if text is None:
            return None
        if not text.strip() and suggested:
            return suggested
        if text.strip() in ("1", "2", "3", "4"):
            return int(text)
        view.show_problem("type 1, 2, 3 or 4 / 请输入 1-4")


@command
def stats(as_json: JsonOption = False, bank: BankOption = None) -> None:
    """Progress per section, retention, cards by state, the 14-day due forecast and weak spots.

    Example: ch3quiz stats --json
    """
    from ch3quiz.review.stats import compute_stats
    from ch3quiz.review.store import open_store

    questions = load(bank).questions
    with open_store() as store:
        now = store.clock()
        figures = compute_stats(questions, store, now=now)
    if as_json:
        print_json(figures.to_dict())
        return
    from ch3quiz.render.stats import show_stats

    show_stats(figures, now)
