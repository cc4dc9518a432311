"""Exam plan simulation: the mean true recall on exam day under five ways of studying, compared at
the same number of reviews actually done.

Each simulated student has a memory of their own: an FSRS model whose parameters are drawn at random
around the defaults (within fsrs's bounds), and a chance of getting a card right on first sight. The
tool schedules with the default parameters, as it does for a new student. Every answer is drawn from
the student's true retrievability, rated Good when recalled and Again when not, and applied to both the
tool's card and the true one; learning steps due within a session come back in it, and every answer
counts. Recall on exam day is the true retrievability on the exam day, whole days counted from the
local day of the card's last review as the plan counts them (0 for a card never seen), averaged over
the real bank.

Policies (one session a day):
  plain     FSRS as today: due cards first, at most 20 new cards a day
  raised    the same with the new-card limit raised to cover the bank (ceil(cards / days) a day)
  new-first every unseen card before any due one
  random    a random order over all cards not yet studied that day
  plan      the exam plan (ch3quiz.review.plan.Planner, as `review` uses it)

Equal reviews done: `plain` ("as today") or `raised` runs without a cap and its answers of each day
become the other policies' daily caps (the workload); then, for every policy, the plan runs again with
exactly that policy's answers of each day as its caps, so each comparison is at the same reviews done
(a policy may do fewer than its caps allow: new-first, once nothing is new or due). The goals of issue 19: at 14 days, plan >= plain + 10 points; never below raised or
new-first at equal reviews done and at least +1 point over them.

Run: python benchmarks/bench_exam_plan.py [--students N] [--seed S]   (under a minute of CPU for the default 6)
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
from collections import deque
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

os.environ["TZ"] = "UTC"  # the plan's days are local days: fix them
time.tzset()
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import fsrs  # noqa: E402
from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS  # noqa: E402

from ch3quiz.bank import load_bank  # noqa: E402
from ch3quiz.paths import bundled_bank_path  # noqa: E402
from ch3quiz.review.plan import LEARN_AHEAD, Planner, exam_day_recall, new_quota  # noqa: E402

START = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
SECONDS_PER_ANSWER = 20
HORIZONS = (7, 14, 30)
GOOD, AGAIN = fsrs.Rating.Good, fsrs.Rating.Again


def student_parameters(rng: random.Random) -> tuple[list[float], float]:
    """A student's true FSRS parameters and their chance of a first-sight Good."""
    w = list(DEFAULT_PARAMETERS)
    w[0:4] = sorted(x * math.exp(rng.gauss(0, 0.5)) for x in w[0:4])  # initial stabilities
    w[8] += rng.gauss(0, 0.3)  # how fast recall grows stability
    w[11] *= math.exp(rng.gauss(0, 0.3))  # stability after a lapse
    w[20] = rng.uniform(0.1, 0.5)  # forgetting-curve decay
    w = [min(max(x, lo), hi) for x, lo, hi in zip(w, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS)]
    return w, rng.uniform(0.6, 0.9)


class Student:
    """One run: the tool's cards, the true cards, the answers given."""

    def __init__(self, ids: list[str], truth: tuple[list[float], float], seed: int, exam: date, *, steps: bool) -> None:
        self.ids = ids
        # What the tool schedules with: the default parameters, fuzz on; the plan without learning steps.
        self.tool = fsrs.Scheduler() if steps else fsrs.Scheduler(learning_steps=(), relearning_steps=())
        self.true = fsrs.Scheduler(parameters=truth[0], enable_fuzzing=False)
        self.first_sight = truth[1]
        self.cards: dict[str, fsrs.Card | None] = dict.fromkeys(ids)
        self.truth: dict[str, fsrs.Card | None] = dict.fromkeys(ids)
        self.rng = random.Random(seed)
        self.exam = exam
        self.answers = 0

    def answer(self, qid: str, at: datetime) -> None:
        truth = self.truth[qid]
        chance = self.first_sight if truth is None else self.true.get_card_retrievability(truth, at)
        rating = GOOD if self.rng.random() < chance else AGAIN
        self.cards[qid], _ = self.tool.review_card(self.cards[qid] or fsrs.Card(card_id=1), rating, at)
        self.truth[qid], _ = self.true.review_card(truth or fsrs.Card(card_id=1), rating, at)
        self.answers += 1

    def exam_recall(self) -> float:
        return statistics.fmean(exam_day_recall(self.true, c, self.exam) for c in self.truth.values())

    def due(self, at: datetime) -> list[str]:
        known = [(c.due, qid) for qid, c in self.cards.items() if c is not None and c.due <= at]
        return [qid for _due, qid in sorted(known)]

    def unseen(self) -> list[str]:
        return [qid for qid, c in self.cards.items() if c is None]


def fsrs_queue(new_limit: int):
    def choose(student: Student, at: datetime, days_left: int, cap: float | None) -> list[str]:
        return student.due(at) + student.unseen()[:new_limit]
    return choose


def new_first(student: Student, at: datetime, days_left: int, cap: float | None) -> list[str]:
    return student.unseen() + student.due(at)


def random_order(student: Student, at: datetime, days_left: int, cap: float | None) -> list[str]:
    order = list(student.ids)
    student.rng.shuffle(order)
    return order


def exam_plan(planner: Planner):
    def choose(student: Student, at: datetime, days_left: int, cap: float | None) -> list[str]:
        quota = new_quota(len(student.unseen()), days_left)
        return [c.question_id for c in planner.choose_day(student.cards, at, budget=cap or 10**6, new_quota=quota)]
    choose.steps = False
    return choose


def run(policy, student: Student, days: int, caps: list[float] | None) -> list[int]:
    """Study ``days`` days; the answers given each day."""
    done = []
    for day in range(days):
        at = START + timedelta(days=day)
        cap = None if caps is None else caps[day]
        before = student.answers
        pending = deque(policy(student, at, days - day, cap))
        seen: set[str] = set()
        while pending and (cap is None or student.answers - before < cap):
            qid = pending.popleft()
            if qid in seen and student.cards[qid].state == fsrs.State.Review:
                continue  # at most one review a card a day; learning steps come back
            seen.add(qid)
            student.answer(qid, at)
            at += timedelta(seconds=SECONDS_PER_ANSWER)
            card = student.cards[qid]
            if card.state != fsrs.State.Review and card.due - at <= LEARN_AHEAD:
                pending.append(qid)
        done.append(student.answers - before)
    return done


def simulate(ids: list[str], truth, seed: int, days: int, sections: dict[str, str]) -> dict[tuple[str, str], tuple[int, float, float]]:
    """Every policy at both workloads for one student, each paired with the plan run at exactly the
    policy's own answers of each day: (workload, policy) -> (answers, policy's recall, plan's recall)."""
    exam = (START + timedelta(days=days)).date()
    planner = Planner(fsrs.Scheduler(enable_fuzzing=False), exam, sections=sections)
    raised_limit = math.ceil(len(ids) / days)
    policies = {"plain": fsrs_queue(20), "raised": fsrs_queue(raised_limit), "new-first": new_first,
                "random": random_order}

    def one(policy, caps):
        random.seed(seed)  # fsrs's fuzz
        student = Student(ids, truth, seed, exam, steps=getattr(policy, "steps", True))
        per_day = run(policy, student, days, caps)
        return per_day, student.exam_recall()

    results, runs, plans = {}, {}, {}
    for workload, reference in (("as today", "plain"), ("raised limit", "raised")):
        caps, _ = one(policies[reference], None)
        for name, policy in policies.items():
            key = (name, None if name == reference else tuple(caps))
            if key not in runs:
                runs[key] = one(policy, key[1])
            done, recall = runs[key]
            if tuple(done) not in plans:  # the plan at the same answers, day by day
                plans[tuple(done)] = one(exam_plan(planner), done)[1]
            results[(workload, name)] = (sum(done), recall, plans[tuple(done)])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=6)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    questions = load_bank(bundled_bank_path()).questions
    ids, sections = [q.id for q in questions], {q.id: q.section for q in questions}
    rng = random.Random(args.seed)
    students = [(student_parameters(rng), rng.randrange(2**31)) for _ in range(args.students)]
    started = time.perf_counter()
    print(f"{args.students} students, {len(ids)} cards, seed {args.seed}\n")
    print("| days | workload | policy | answers done | policy's recall | plan's recall, same answers | plan's lead (points) |")
    print("|---:|---|---|---:|---:|---:|---:|")
    for days in HORIZONS:
        runs = [simulate(ids, truth, seed, days, sections) for truth, seed in students]
        for workload in ("as today", "raised limit"):
            for policy in ("plain", "raised", "new-first", "random"):
                answers, recall, plan = zip(*(r[(workload, policy)] for r in runs))
                lead = [(p - x) * 100 for p, x in zip(plan, recall)]
                spread = statistics.stdev(lead) / math.sqrt(len(lead)) if len(lead) > 1 else 0.0
                print(f"| {days} | {workload} | {policy} | {statistics.fmean(answers):.0f} | "
                      f"{statistics.fmean(recall):.1%} | {statistics.fmean(plan):.1%} | "
                      f"{statistics.fmean(lead):+.1f} ± {spread:.1f} |")
    print(f"\n± is one standard error of the per-student lead. {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
