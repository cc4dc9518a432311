"""Flashcard review on FSRS, and the progress statistics."""

from __future__ import annotations

import time
from typing import Annotated, Optional

import typer

from ch3quiz.cli.app import (
    SAVED_ON_INTERRUPT, BankOption, JsonOption, SectionOption, command, load, parse_sections, print_json, refuse_ignored,
)
from ch3quiz.cli.interact import command_word, read_line
from ch3quiz.errors import UsageError
from ch3quiz.wording import counted


@command(on_interrupt=SAVED_ON_INTERRUPT)
def review(
    section: SectionOption = [],  # noqa: B006 - Typer reads the default
    count: Annotated[Optional[int], typer.Option("--count", "-n", help="At most this many cards.")] = None,
    new: Annotated[Optional[int], typer.Option("--new", help="New cards allowed per day (without an exam plan; default 20).")] = None,
    retention: Annotated[Optional[float], typer.Option("--retention", help="Desired retention for FSRS (0.7-0.99); kept for later reviews and the exam plan (default 0.9).")] = None,
    ahead: Annotated[bool, typer.Option("--ahead", help="Study cards before they are due, weakest first.")] = False,
    lang: Annotated[str, typer.Option("--lang", help="Language of prompts: zh, en or both.")] = "both",
    undo: Annotated[bool, typer.Option("--undo", help="First take back the newest rating, if a review session that has ended gave it today.")] = False,
    bank: BankOption = None,
) -> None:
    """Review the flashcards due today, scheduled by FSRS (or by the exam plan, when one is set).

    Answer (or press Enter to reveal), read the answer, then rate 1 Again, 2 Hard, 3 Good, 4 Easy
    (each shows when the card comes back); Enter takes the suggested rating; u at the next card
    undoes the last rating, and review --undo the newest one if a session that has ended gave it.
    Example: ch3quiz review --count 20
    """
    from ch3quiz.cli.quiz_commands import check_lang
    from ch3quiz.review.queue import session_queue
    from ch3quiz.review.scheduler import RETENTION_SETTING, Scheduler
    from ch3quiz.review.store import open_store

    lang = check_lang(lang)
    if count is not None and count < 1:
        raise UsageError("--count must be at least 1, e.g. --count 20 / 数量至少为 1")
    if new is not None and new < 0:
        raise UsageError("--new must be 0 or more, e.g. --new 10 / 新卡数不能为负")
    refuse_ignored((ahead and new is not None, "--ahead studies cards already seen, so --new has nothing to do there;"
                    " give one of them / --ahead 与 --new 不能同用"))
    if retention is not None and not 0.7 <= retention <= 0.99:
        raise UsageError("--retention must be between 0.7 and 0.99, e.g. --retention 0.9 / 目标记忆率须在 0.7 到 0.99 之间")
    sections = parse_sections(section)
    questions = load(bank).select(sections)
    with open_store() as store:
        _refuse_new_under_a_plan(store, new)
        new = NEW_PER_DAY if new is None else new
        if undo:
            _undo_earlier(store)
        if retention is not None:  # kept: later sessions and the exam plan schedule with it too
            store.save_setting(RETENTION_SETTING, retention)
        queue = session_queue(questions, store, new_per_day=new, count=count, ahead=ahead)
        # The exam plan studies without learning steps (one answer a card a day; review/plan.py says why).
        scheduler = Scheduler(store, desired_retention=retention, steps=queue.exam is None)
        if not queue.questions:
            _nothing_due(questions, store, new, ahead=ahead)
            return
        _announce(queue)
        # A session row (finished even on Ctrl-C) marks this session's ratings: review --undo elsewhere
        # must not take one back while it runs.
        session_id = store.start_session("review", {"sections": sections} if sections else None)
        try:
            ratings = _run_session(store, scheduler, list(queue.questions), lang, session_id)
        finally:
            store.finish_session(session_id)
        _summary(questions, store, ratings)


NEW_PER_DAY = 20


def _refuse_new_under_a_plan(store, new: int | None) -> None:
    from ch3quiz.review.forecast import plan_in_force

    refuse_ignored((new is not None and plan_in_force(store), "the exam plan chooses each day's new cards, so --new"
                    " has no effect: drop it, or ch3quiz plan --clear to go back to plain FSRS / 考试计划已决定新卡数"))


def _undo_earlier(store) -> None:
    from ch3quiz.render.console import note
    from ch3quiz.review.queue import undo_last_rating, when_given

    taken = undo_last_rating(store)
    note(f"undid the last rating, {SHORT_NAMES[taken.rating]} for {taken.question_id} given at "
         f"{when_given(taken, store.clock())}; the card is as it was before it / 已撤销上一次评分")


def _announce(queue) -> None:
    from ch3quiz.render.console import note

    counts = ", ".join(f"{n} {kind}" for kind, n in queue.kinds.items())
    if queue.exam is not None:
        beyond = ", beyond today's budget" if queue.beyond_budget else ""
        note(f"exam plan: {counted(queue.days_left, 'day')} to {queue.exam.exam}; today {counts}{beyond} / 按考试计划复习")
        return
    due, fresh = queue.kinds.get("due", 0), queue.kinds.get("new", 0)
    if "ahead" in queue.kinds:
        note(f"studying ahead: {counted(queue.kinds['ahead'], 'card')} not yet due, weakest first / 提前复习")
    else:
        note(f"{due} due, {fresh} new / 到期 {due} 张，新卡 {fresh} 张")


def _nothing_due(questions, store, new: int, *, ahead: bool = False) -> None:
    from ch3quiz.render.console import note
    from ch3quiz.render.plan import due_phrase
    from ch3quiz.review.queue import idle_status

    idle = idle_status(questions, store, new_per_day=new)
    if idle.exam is not None:
        note(_plan_done(idle, store.clock()))
        return
    parts = ["nothing due now"]
    if idle.next_due is not None:
        parts.append(f"next card due in {due_phrase(idle.next_due, store.clock())}")
    parts.append(f"{counted(idle.new_left_today, 'new card')} left today")
    if ahead:  # it once answered --ahead with "study ahead with ch3quiz review --ahead"
        parts[0] = "no card you have studied is waiting to be studied ahead"
        parts.append("new cards come in ch3quiz review without --ahead")
    else:
        parts.append("study ahead with ch3quiz review --ahead, or plan for your exam with ch3quiz plan --exam YYYY-MM-DD")
    note("; ".join(parts) + " / 目前没有待复习的卡片")


def _plan_done(idle, now) -> str:
    """Under a plan an empty session means today's budget is spent, not that nothing is due."""
    from ch3quiz.render.plan import due_phrase

    waiting = f"{counted(idle.due_now, 'card')} due now and {idle.unseen} not yet seen wait for the coming days"
    later = f"; next card due in {due_phrase(idle.next_due, now)}" if idle.next_due and not idle.due_now else ""
    return (f"today's exam plan is done; {waiting}{later}; to study more today, ch3quiz review --ahead takes "
            "the plan's next choices / 今天的考试计划已完成，可用 review --ahead 继续")


def _run_session(store, scheduler, pending: list, lang: str, session_id: int) -> dict[int, int]:
    """Show the cards in turn; a learning step due within the session comes back at the end.
    The ratings given, by rating (an undone one is taken out)."""
    from ch3quiz.quiz.variants import draw_variant, variant_seed
    from ch3quiz.render import quiz as view

    ratings = {1: 0, 2: 0, 3: 0, 4: 0}
    done: list[tuple[object, int, int, bool]] = []  # (question, log id, rating, came back) for undo
    shown = 0
    while pending:
        # Fresh numbers on every review (a card a learning step puts back keeps the ones it had).
        card = pending.pop(0)
        question = draw_variant(card, variant_seed(card.id, None))
        shown += 1
        view.show_question(question, shown, shown + len(pending), lang)
        outcome = _review_card(store, scheduler, question, lang, can_undo=bool(done), session_id=session_id)
        if outcome is None:
            break
        if outcome == "undo":
            pending.insert(0, question)
            shown -= 1
            outcome = _undo(store, scheduler, done, pending, ratings, lang)
            if outcome is None:
                break
            continue
        _count(store, outcome, question, pending, ratings, done)
    return ratings


def _count(store, outcome, question, pending: list, ratings: dict[int, int], done: list) -> None:
    """Tally a stored rating; a learning step due within the session puts the card back at the end."""
    from ch3quiz.review.plan import LEARN_AHEAD

    review, log_id = outcome
    again = review.due - store.clock() <= LEARN_AHEAD
    if again:
        pending.append(question)
    ratings[review.rating] += 1
    done.append((question, log_id, review.rating, again))


def _undo(store, scheduler, done: list, pending: list, ratings: dict[int, int], lang: str):
    """Take back the last rating exactly (card and log), then rate that card again."""
    from ch3quiz.render import quiz as view
    from ch3quiz.render.console import note

    question, log_id, rating, came_back = done.pop()
    store.undo_review(log_id)
    ratings[rating] -= 1
    if came_back:  # the copy its learning step put back is no longer owed
        del pending[len(pending) - 1 - pending[::-1].index(question)]
    note(f"undid the rating of {question.id} / 已撤销上一次评分")
    view.show_answer(question, lang)
    outcome = _rate(store, scheduler, question, None, time.monotonic())
    if outcome is not None:
        _count(store, outcome, question, pending, ratings, done)
    return outcome


def _review_card(store, scheduler, question, lang: str, *, can_undo: bool = False, session_id: int | None = None):
    """One card: answer or reveal, see the answer, rate. None when input has ended; "undo" when
    the student asked to take back the previous rating instead."""
    from ch3quiz.quiz.grading import NotAnAnswer
    from ch3quiz.quiz.session import Result
    from ch3quiz.render import quiz as view
    from ch3quiz.review.scheduler import RATING_FOR_VERDICT

    started = time.monotonic()
    while True:
        text = read_line("answer, or Enter to reveal / 作答或回车看答案> ")
        if text is None:
            return None
        if command_word(text) == "?":
            view.show_hint(question, lang)
            continue
        if command_word(text) == "u":
            if can_undo:
                return "undo"
            view.show_problem("nothing to undo in this session (review --undo takes back the last rating of an earlier one) / 本次没有可撤销的评分")
            continue
        suggested: int | None = 3  # Good: the usual answer to a card recalled and revealed
        answer = None
        if text.strip() and question.type == "derivation":  # written line by line, each line marked
            from ch3quiz.cli.quiz_commands import read_derivation

            text = read_derivation(question, [text])
            if text is None:
                return None
        if text.strip():
            try:
                graded = _grade(question, text, lang)
            except NotAnAnswer as problem:
                view.show_problem(str(problem))
                continue
            if graded is None:
                return None
            seconds = time.monotonic() - started
            # Kept only together with its rating (one transaction in _rate): stopped at the rating
            # prompt, the card never saw this answer, so it is not kept either.
            answer = {"given": text, "verdict": graded.verdict, "score": graded.score, "seconds": seconds,
                      "mistakes": graded.mistakes, "session_id": session_id}
            view.show_verdict(Result(question, text, graded, seconds), lang)
            # An answer the checker could not decide suggests nothing: the student rates it.
            suggested = RATING_FOR_VERDICT.get(graded.verdict)
        else:
            view.show_answer(question, lang)
        return _rate(store, scheduler, question, suggested, started, answer)


def _grade(question, text: str, lang: str):
    """A typed answer graded; a short one by the student's ticks, as in a quiz (None: input ended)."""
    from ch3quiz.cli.ticks import tick_key_points
    from ch3quiz.quiz.grading import check_short_text, grade, grade_short

    if question.type != "short":
        return grade(question, text)
    check_short_text(question, text)
    ticks = tick_key_points(question, text, lang)
    return None if ticks is None else grade_short(question, text, ticks)


def _rate(store, scheduler, question, suggested: int | None, started: float, answer: dict | None = None):
    """The rating prompt, each rating labelled with when the card would come back; the stored
    review and its log id, or None when input has ended.

    The rating (with the answer that led to it, if any) is stored in one transaction that reads
    the card again: the previewed review is kept when the card is as it was shown, otherwise
    (another session rated it meanwhile) the rating is applied to the card as it is now.
    """
    from ch3quiz.render import quiz as view
    from ch3quiz.render.plan import rating_choices
    from ch3quiz.review.scheduler import with_duration

    shown_card = store.card_json(question.id)
    outcomes = scheduler.preview(question)
    labels = rating_choices({r: review.due - review.reviewed_at for r, review in outcomes.items()}, SHORT_NAMES)
    rating = _read_rating(suggested, labels)
    if rating is None:
        return None
    plan = scheduler.keep_preview(question, with_duration(outcomes[rating], time.monotonic() - started), shown_card)
    if answer is None:
        review, log_id = store.apply_review(question.id, plan)
    else:
        _answer_id, review, log_id = store.record_answer(question=question, mode="review", plan=plan, **answer)
    view.show_next_review(review.due - review.reviewed_at)
    return review, log_id


SHORT_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


def _read_rating(suggested: int | None, labels: str) -> int | None:
    from ch3quiz.render import quiz as view

    choices = f"rate / 评分: {labels}"
    while True:
        text = read_line(f"{choices} [Enter = {suggested}]: " if suggested else f"{choices}: ")
        if text is None:
            return None
        if not text.strip() and suggested:
            return suggested
        if text.strip() in ("1", "2", "3", "4"):
            return int(text)
        view.show_problem("type 1, 2, 3 or 4 / 请输入 1-4")


def _summary(questions, store, ratings: dict[int, int]) -> None:
    from ch3quiz.render.console import note
    from ch3quiz.render.plan import due_phrase
    from ch3quiz.review.queue import idle_status

    total = sum(ratings.values())
    by_rating = " · ".join(f"{SHORT_NAMES[r]} {n}" for r, n in ratings.items())
    idle = idle_status(questions, store, new_per_day=0)
    after = f"; next card due in {due_phrase(idle.next_due, store.clock())}" if idle.next_due else ""
    note(f"reviewed {counted(total, 'card')}: {by_rating}{after} / 已复习 {total} 张")


@command
def stats(as_json: JsonOption = False, bank: BankOption = None) -> None:
    """Progress per section, retention, cards by state, the 14-day due forecast and weak spots.

    Example: ch3quiz stats --json
    """
    from ch3quiz.review.stats import compute_stats
    from ch3quiz.review.store import open_store

    from ch3quiz.cli.app import load_index

    questions = load_index(bank)  # ids, sections and tags are all stats needs
    with open_store() as store:
        now = store.clock()
        figures = compute_stats(questions, store, now=now)
    if as_json:
        print_json(figures.to_dict())
        return
    from ch3quiz.render.stats import show_stats

    show_stats(figures, now)
