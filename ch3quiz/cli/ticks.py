"""Scoring a short answer the same way in quiz, review and exam: the student ticks the key points
their answer covered (the ones whose words appear in it come pre-ticked, as a suggestion)."""

from __future__ import annotations

import re

from ch3quiz.cli.interact import read_line

_NUMBER = re.compile(r"[0-9]{1,4}", re.ASCII)  # a 5,000-digit "number" was more than int() reads (exit 70)


def parse_ticks(text: str, total: int, suggested: list[bool]) -> list[bool] | None:
    """``1 3`` -> points 1 and 3 covered; Enter keeps the suggestion; ``0`` means none. None when the
    text names no key point (ask again)."""
    if not text.strip():
        return list(suggested)
    parts = [p for p in re.split(r"[\s,，、;；]+", text.strip()) if p]
    if not parts or not all(_NUMBER.fullmatch(p) for p in parts):
        return None
    numbers = {int(p) for p in parts}
    if numbers == {0}:
        return [False] * total
    if not all(1 <= n <= total for n in numbers):
        return None
    return [n in numbers for n in range(1, total + 1)]


def tick_key_points(question, text: str, lang: str) -> list[bool] | None:
    """Show the reference and the numbered key points, and read the student's ticks; None when input ends."""
    from ch3quiz.quiz.grading import key_points_named
    from ch3quiz.render import quiz as view

    suggested = key_points_named(question, text)
    view.show_key_points(question, suggested, lang)
    total = len(suggested)
    while True:
        typed = read_line(f"which key points did your answer cover? 你答到了哪几条要点？"
                          f" (numbers 1-{total}; 0 = none; Enter = the ✓ ones): ")
        if typed is None:
            return None
        ticks = parse_ticks(typed, total, suggested)
        if ticks is not None:
            return ticks
        view.show_problem(f"type the numbers of the key points you covered (1 to {total}), or 0 for none "
                          f"/ 请输入答到的要点编号（1 到 {total}），一条也没有请输入 0")
