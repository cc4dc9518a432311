"""A quiz session as a state machine the terminal drives: ask, grade, record, summarise.

Every graded answer is written to the store before the next question is
shown, so an interrupted session keeps what was answered.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ch3quiz.bank.model import Question
from ch3quiz.quiz.grading import Grade, grade
from ch3quiz.review.scheduler import HARD, Scheduler
from ch3quiz.review.store import Store

# A short answer in a mock exam waits for the student's ticks at the end: it counts nowhere until then.
UNMARKED = Grade("unmarked", 0.0, "tick its key points at the end / 交卷后勾选要点评分")
# Typed answers a typo can make wrong: the student may override such a verdict with "!".
OVERRIDABLE_TYPES = frozenset({"fill", "numeric"})


@dataclass(frozen=True)
class Result:
    question: Question
    given: str
    grade: Grade
    seconds: float
    answer_id: int | None = None  # the row in the store, for marking an answer later
    overridden: bool = False  # wrong as typed, counted right on the student's word ("!")


@dataclass
class Summary:
    results: list[Result] = field(default_factory=list)
    seconds: float = 0.0
    unanswered_ids: list[str] = field(default_factory=list)  # not reached (time up, input ended)
    hints: int = 0  # hints shown in this session

    @property
    def overridden(self) -> int:
        return sum(r.overridden for r in self.results)

    @property
    def unanswered(self) -> int:
        return len(self.unanswered_ids)

    @property
    def score(self) -> float:
        return sum(r.grade.score for r in self.results)

    @property
    def correct(self) -> int:
        return sum(r.grade.verdict == "correct" for r in self.results)

    def by_section(self) -> dict[str, tuple[int, float]]:
        """section -> (answered, score), in the order sections were first met."""
        table: dict[str, tuple[int, float]] = {}
        for r in self.results:
            n, s = table.get(r.question.section, (0, 0.0))
            table[r.question.section] = (n + 1, s + r.grade.score)
        return table

    def retry_ids(self) -> list[str]:
        return [r.question.id for r in self.results if r.grade.verdict != "correct"]


class QuizSession:
    """Holds the questions and the clock; the caller reads answers and renders."""

    def __init__(
        self,
        questions: Sequence[Question],
        store: Store,
        *,
        mode: str = "quiz",
        filters: dict[str, object] | None = None,
        seed: int | None = None,
        time_limit: float | None = None,
        timer: Callable[[], float] = time.monotonic,
        scheduler: Scheduler | None = None,
    ) -> None:
        self.questions = list(questions)
        self.store = store
        self.scheduler = scheduler
        self.mode = mode
        self.timer = timer
        self.started = timer()
        self.deadline = self.started + time_limit if time_limit else None
        self.session_id = store.start_session(mode, filters, seed)
        self.summary = Summary()
        self._overridable: _LastWrong | None = None

    def time_left(self) -> float | None:
        return None if self.deadline is None else max(0.0, self.deadline - self.timer())

    def out_of_time(self) -> bool:
        return self.deadline is not None and self.timer() >= self.deadline

    def record(self, question: Question, given: str, result: Grade, seconds: float) -> Result:
        """Commit one graded answer (and its effect on the question's card), then remember it."""
        overridable = self.mode != "exam" and question.type in OVERRIDABLE_TYPES and result.verdict == "incorrect"
        plan = self.scheduler.planner_for_answer(question, result.verdict, seconds) if self.scheduler else None
        answer_id, _review, log_id = self.store.record_answer(
            question=question, given=given, verdict=result.verdict, score=result.score,
            seconds=seconds, mode=self.mode, session_id=self.session_id, plan=plan,
            mistakes=result.mistakes,
        )
        entry = Result(question, given, result, seconds, answer_id)
        self.summary.results.append(entry)
        self._overridable = _LastWrong(entry=entry, log_id=log_id) if overridable else None
        return entry

    def can_override(self) -> bool:
        """True right after a wrong typed answer (fill, numeric) outside an exam."""
        return self._overridable is not None

    def override_last(self) -> Result:
        """Count the last wrong typed answer as right on the student's word: marked overridden in the
        store, its card rated Hard (never Good) instead of Again."""
        last, self._overridable = self._overridable, None
        if last is None:
            raise ValueError("no answer to override")
        entry = last.entry
        plan = self.scheduler.planner(entry.question, HARD, seconds=entry.seconds,
                                      source="quiz") if self.scheduler else None
        self.store.override_answer(entry.answer_id, last.log_id, plan)
        counted = Grade("correct", 1.0, detail="counted right on your word (!) / 按你的判断记为正确",
                        reading=entry.grade.reading)
        overridden = replace(entry, grade=counted, overridden=True)
        self.summary.results[self.summary.results.index(entry)] = overridden
        return overridden

    def hint_shown(self) -> None:
        self.summary.hints += 1

    def unmarked(self) -> list[Result]:
        return [r for r in self.summary.results if r.grade.verdict == UNMARKED.verdict]

    def mark(self, entry: Result, result: Grade) -> Result:
        """Score an answer kept unmarked (with its mistakes and its card's review), in place."""
        plan = self.scheduler.planner_for_answer(entry.question, result.verdict, entry.seconds) if self.scheduler else None
        self.store.mark_answer(entry.answer_id, verdict=result.verdict, score=result.score,
                               mistakes=result.mistakes, plan=plan)
        marked = replace(entry, grade=result)
        self.summary.results[self.summary.results.index(entry)] = marked
        return marked

    def answer(self, question: Question, given: str, seconds: float) -> Result:
        """Grade and commit; ``NotAnAnswer`` passes through (ask again, nothing recorded)."""
        return self.record(question, given, grade(question, given), seconds)

    def finish(self) -> Summary:
        self.summary.seconds = self.timer() - self.started
        answered = {r.question.id for r in self.summary.results}
        self.summary.unanswered_ids = [q.id for q in self.questions if q.id not in answered]
        self.store.finish_session(self.session_id)
        return self.summary


@dataclass(frozen=True, kw_only=True)
class _LastWrong:
    """The last answer, while "!" may still override it."""

    entry: Result
    log_id: int | None  # the review log of the Again it gave its card (it keeps the card before)
