"""What a `review` session shows: plain FSRS (due cards, then today's new ones), studying ahead,
or the exam plan when an exam date is set; and what to tell a student when nothing is due."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ch3quiz.bank.model import Question
from ch3quiz.errors import StoreError, UsageError
from ch3quiz.review.cardlog import stored_moment
from ch3quiz.review.forecast import ExamSettings, current_cards, days_left, load_exam, plan_queue
from ch3quiz.review.scheduler import fsrs_scheduler, local_day, review_queue, start_of_day
from ch3quiz.review.store import LoggedRating, Store

AHEAD_DEFAULT = 20


@dataclass(frozen=True, kw_only=True)
class Queue:
    questions: list[Question]
    kinds: dict[str, int] = field(default_factory=dict)  # "due", "new", "ahead", "learning" -> how many
    exam: ExamSettings | None = None  # the plan followed, if any
    days_left: int = 0
    beyond_budget: bool = False  # studying ahead under a plan: answers past today's budget


def session_queue(questions: Sequence[Question], store: Store, *, new_per_day: int, count: int | None,
                  ahead: bool = False) -> Queue:
    """The cards of this session, in order: the exam plan's when a future exam is set, else plain
    FSRS; ``count`` cuts the list. Studying ahead is, under a plan, its next choices past today's
    budget (due cards included, still one review a card a day); without one, cards not yet due."""
    now = store.clock()
    exam = load_exam(store)
    if exam is not None and days_left(now, exam.exam) > 0:
        chosen = plan_queue(questions, store, exam, extra=(count or AHEAD_DEFAULT) if ahead else None)
        chosen = chosen[:count] if count else chosen
        kinds: dict[str, int] = {}
        for _q, choice in chosen:
            kinds[choice.kind] = kinds.get(choice.kind, 0) + 1
        return Queue(questions=[q for q, _c in chosen], kinds=kinds, exam=exam, days_left=days_left(now, exam.exam),
                     beyond_budget=ahead)
    if ahead:
        return _counted(ahead_queue(questions, store, count or AHEAD_DEFAULT), "ahead")
    queue = review_queue(questions, store, new_per_day=new_per_day, count=count)
    known = store.card_ids()
    fresh = sum(1 for q in queue if q.id not in known)
    return Queue(questions=queue, kinds={"due": len(queue) - fresh, "new": fresh})


def _counted(queue: list[Question], kind: str) -> Queue:
    return Queue(questions=queue, kinds={kind: len(queue)})


def ahead_queue(questions: Sequence[Question], store: Store, count: int) -> list[Question]:
    """Cards not yet due, the ones most likely forgotten now first."""
    now = store.clock()
    scheduler = fsrs_scheduler(store, fuzz=False)
    cards = current_cards(questions, store)
    waiting = [(scheduler.get_card_retrievability(card, now), q) for q in questions
               if (card := cards[q.id]) is not None and card.due > now]
    waiting.sort(key=lambda pair: pair[0])
    return [q for _r, q in waiting[:count]]


@dataclass(frozen=True, kw_only=True)
class Idle:
    """Why a session has nothing to show, and what comes next."""

    next_due: datetime | None
    new_left_today: int  # without a plan: new cards today's allowance still admits
    exam: ExamSettings | None
    due_now: int = 0  # cards due now (under a plan, ones its budget leaves for the coming days)
    unseen: int = 0


def idle_status(questions: Sequence[Question], store: Store, *, new_per_day: int) -> Idle:
    now = store.clock()
    ids = {q.id for q in questions}
    dues = [stored_moment(due, f"the due time of card {qid}") for qid, (_state, due) in store.card_states().items()
            if qid in ids]
    later = [due for due in dues if due > now]
    unseen = len(ids) - len(dues)
    allowance = max(0, new_per_day - store.introduced_since(start_of_day(now)))
    exam = load_exam(store)
    return Idle(next_due=min(later) if later else None, new_left_today=min(unseen, allowance),
                exam=exam if exam is not None and days_left(now, exam.exam) > 0 else None,
                due_now=len(dues) - len(later), unseen=unseen)


def undo_last_rating(store: Store) -> LoggedRating:
    """Take back the last rating, given in `review` today by a session that has ended (within a
    session ``u`` does it); the card and its log are restored exactly and it comes up again.

    Only the newest rating of all may be taken back this way, so "the last rating" is never a guess:
    when the newest belongs to a session still running (another terminal), that session alone may
    take it back and nothing is undone here. The rating taken back (its card and time, for the
    message); UsageError when there is none to take, StoreError when the newest is another
    session's or a rating arrived meanwhile.
    """
    latest = store.latest_review()
    if latest is not None and latest.session_id is not None and store.session_running(latest.session_id):
        raise StoreError(f"the last rating ({latest.question_id}, {when_given(latest, store.clock())}) belongs to a session still running"
                         " in another terminal: take it back there with u, or end that session first; nothing was"
                         " undone / 最近的评分属于另一个仍在进行的会话，未撤销")
    if latest is None or latest.source != "review" or _day(latest) != local_day(store.clock()):
        raise UsageError(f"no rating given in review today to undo{_why_not(latest, store.clock())}"
                         " / 今天没有可撤销的复习评分")
    store.undo_review(latest.log_id, newest_of_all=True)
    return latest


def _why_not(latest: LoggedRating | None, now: datetime) -> str:
    if latest is None:
        return ""
    where = "an earlier day" if latest.source == "review" else latest.source
    return f" (the last rating, {latest.question_id} at {when_given(latest, now)}, came from {where})"


def _day(rating: LoggedRating):
    return local_day(datetime.fromisoformat(rating.reviewed_at))


def when_given(rating: LoggedRating, now: datetime) -> str:
    """The rating's local time, as the student saw it: "14:03", or "2026-12-06 14:03" on another day."""
    moment = datetime.fromisoformat(rating.reviewed_at).astimezone()
    return moment.strftime("%H:%M" if moment.date() == local_day(now) else "%Y-%m-%d %H:%M")
