"""The quiz command: an interactive session over the bank."""

from __future__ import annotations

import time
from typing import Annotated, Optional

import typer

from ch3quiz.cli.app import SAVED_ON_INTERRUPT, BankOption, SectionOption, TagOption, TypeOption, command, load, parse_sections, parse_types
from ch3quiz.cli.interact import TimeUp, command_word, exam_clock, read_line
from ch3quiz.errors import UsageError

LangOption = Annotated[str, typer.Option("--lang", help="Language of prompts: zh, en or both.")]


def check_lang(lang: str) -> str:
    if lang not in ("zh", "en", "both"):
        raise UsageError(f"unknown language '{lang}'; choose zh, en or both / 语言只能是 zh、en 或 both")
    return lang


def read_answer(question, feedback: bool = True) -> str | None:
    """One line, or for a derivation every line up to an empty one, each marked as it is entered (not in a
    mock exam), '?' after a line showing the next reference step; None when input has ended."""
    if question.type != "derivation":
        return read_line("> ")
    return read_derivation(question, [], feedback)


def read_derivation(question, lines: list[str], feedback: bool = True) -> str | None:
    """The rest of a derivation after ``lines``, one step a line up to an empty one (quiz and review)."""
    from ch3quiz.quiz.stepwise import mark_last_line, next_reference_step
    from ch3quiz.render import quiz as view

    if lines and feedback:
        view.show_line_mark(mark_last_line(question, lines))
    while True:
        line = read_line("… " if lines else "> ")
        if line is None:
            return "\n".join(lines) if lines else None
        if not line.strip():
            if lines:
                return "\n".join(lines)
            continue
        if command_word(line) == "?" and not lines:
            return "?"
        if command_word(line) == "?":
            if feedback:
                view.show_reference_step(*next_reference_step(question, lines))
            continue
        lines.append(line)
        if feedback:
            view.show_line_mark(mark_last_line(question, lines))


@command(on_interrupt=SAVED_ON_INTERRUPT)
def quiz(
    section: SectionOption = [],  # noqa: B006 - Typer reads the default
    type_: TypeOption = [],  # noqa: B006
    tag: TagOption = [],  # noqa: B006
    count: Annotated[int, typer.Option("--count", "-n", help="Ask at most this many questions.")] = 20,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Same seed, same questions in the same order.")] = None,
    wrong: Annotated[bool, typer.Option("--wrong", help="Only questions you last got wrong.")] = False,
    new: Annotated[bool, typer.Option("--new", help="Only questions you have never answered.")] = False,
    mistakes: Annotated[bool, typer.Option("--mistakes", help="Only questions that test mistakes you have made (see stats).")] = False,
    lang: LangOption = "both",
    exam: Annotated[Optional[float], typer.Option("--exam", metavar="MINUTES", help="Timed mock exam: no feedback until the end.")] = None,
    bank: BankOption = None,
) -> None:
    """Take a quiz: each answer is graded, explained and saved at once.

    Type a letter (or letters), 对/错, a number or a formula; '?' asks for a hint; Ctrl-D ends the session.
    Example: ch3quiz quiz --section 3.4 --count 10 --seed 7
    """
    from ch3quiz.quiz.selection import Selection, select_questions
    from ch3quiz.quiz.session import QuizSession
    from ch3quiz.render import quiz as view
    from ch3quiz.render.console import note
    from ch3quiz.review.forecast import plan_in_force
    from ch3quiz.review.mistakes import drill_ids
    from ch3quiz.review.scheduler import Scheduler
    from ch3quiz.review.store import open_store

    lang = check_lang(lang)
    if wrong and new:  # last answered wrong, and never answered: no question is both
        raise UsageError("--wrong and --new exclude each other (a question you got wrong has been answered); give"
                         " one / --wrong 与 --new 不能同用")
    if exam is not None and not 0 < exam <= 24 * 60:  # also refuses nan and inf
        raise UsageError("--exam takes the number of minutes, more than 0 and at most 1440, e.g. --exam 30"
                         " / 考试时长（分钟）须在 0 到 1440 之间")
    if seed is not None and not -(2**63) <= seed < 2**63:  # the seed is stored as an SQLite integer
        raise UsageError("--seed must be a whole number below 2^63, e.g. --seed 7 / 随机种子过大")
    the_bank = load(bank)
    selection = Selection(parse_sections(section), parse_types(type_), the_bank.check_tags(tag), count, seed, wrong, new,
                          mistakes)
    with open_store() as store:
        drill = drill_ids(store.mistake_rows(), the_bank.questions) if mistakes else ()
        questions = select_questions(the_bank, selection, store.last_verdicts(), drill)
        session = QuizSession(questions, store, mode="exam" if exam else "quiz", filters=selection.describe(),
                              seed=seed, time_limit=exam * 60 if exam else None,
                              scheduler=Scheduler(store, steps=not plan_in_force(store)))
        try:
            with exam_clock(session.time_left()):
                _run(session, questions, lang, exam=exam is not None)
        except TimeUp:
            note("time is up; this answer was not taken / 时间到，本题未计入")
        finally:
            summary = session.finish()  # the session is closed even when it ends by Ctrl-C or an error
        if exam is not None:
            mark_exam_short_answers(session, lang)
    if exam is not None:
        view.show_exam_review(summary.results, lang)
    view.show_summary(summary, lang, exam=exam is not None, bank=bank)


def _run(session, questions, lang: str, *, exam: bool) -> None:
    from ch3quiz.render import quiz as view
    from ch3quiz.render.console import note

    for index, question in enumerate(questions, start=1):
        if session.out_of_time():
            note("time is up / 时间到")
            return
        view.show_question(question, index, len(questions), lang, session.time_left())
        if not _ask(session, question, lang, feedback=not exam):
            return
    if session.can_override():  # the last answer was a wrong typed one: "!" has no next prompt to go to
        text = read_line("Enter to finish, or ! if that was a typo / 回车结束，笔误则输入 ! > ")
        if text is not None and command_word(text) == "!":
            view.show_overridden(session.override_last(), lang)


def _ask(session, question, lang: str, *, feedback: bool) -> bool:
    """Ask until an answer is graded and saved; False when input has ended."""
    from ch3quiz.quiz.grading import NotAnAnswer
    from ch3quiz.render import quiz as view

    started = time.monotonic()
    while True:
        text = read_answer(question, feedback)
        if text is None:
            return False
        if session.out_of_time():  # typed after the bell: not taken
            from ch3quiz.render.console import note

            note("time is up; this answer was not taken / 时间到，本题未计入")
            return False
        keyword = _KEYWORDS.get(command_word(text))
        if keyword is not None:
            keyword(session, question, lang, feedback=feedback)
            continue
        try:
            result = _grade(session, question, text, lang, feedback=feedback, seconds=time.monotonic() - started)
        except NotAnAnswer as problem:
            view.show_problem(str(problem))
            continue
        if result is None:
            return False
        if feedback:
            view.show_verdict(result, lang)
            if session.can_override():
                view.show_override_tip()
        return True


def _hint(session, question, lang: str, *, feedback: bool) -> None:
    from ch3quiz.render import quiz as view

    if not feedback:  # a mock exam gives nothing until its report
        view.show_problem("no hints in a mock exam; answer, or press Ctrl-D to end / 模拟考试不提供提示")
        return
    view.show_hint(question, lang)
    session.hint_shown()


def _override(session, question, lang: str, *, feedback: bool) -> None:
    from ch3quiz.render import quiz as view

    if session.can_override():
        view.show_overridden(session.override_last(), lang)
        return
    view.show_problem("! counts your last typed answer (fill or numeric) as right, just after it was"
                      " marked wrong; now type your answer / 现在请作答")


# What a prompt takes besides an answer: "?" a hint, "!" my last typed answer was right (a typo).
_KEYWORDS = {"?": _hint, "!": _override}


def _grade(session, question, text: str, lang: str, *, feedback: bool, seconds: float):
    """Grade and record one answer. A short answer is scored by the student's ticks: at once in a
    quiz, at the end in an exam (kept unmarked until then). None when input ends while ticking."""
    from ch3quiz.cli.ticks import tick_key_points
    from ch3quiz.quiz.grading import check_short_text, grade_short
    from ch3quiz.quiz.session import UNMARKED

    if question.type != "short":
        return session.answer(question, text, seconds)
    check_short_text(question, text)
    if not feedback:
        return session.record(question, text, UNMARKED, seconds)
    ticks = tick_key_points(question, text, lang)
    return None if ticks is None else session.record(question, text, grade_short(question, text, ticks), seconds)


def mark_exam_short_answers(session, lang: str) -> None:
    """After a mock exam: the student ticks the key points of each short answer, which scores it."""
    from ch3quiz.cli.ticks import tick_key_points
    from ch3quiz.quiz.grading import grade_short
    from ch3quiz.render import quiz as view

    pending = session.unmarked()
    if pending:
        view.show_marking_intro(len(pending))
    for entry in pending:
        view.show_answer_to_mark(entry, lang)
        ticks = tick_key_points(entry.question, entry.given, lang)
        if ticks is None:
            return  # left unmarked: counted nowhere, never as 0
        session.mark(entry, grade_short(entry.question, entry.given, ticks))
