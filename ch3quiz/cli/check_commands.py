"""The formula checker's commands: check (one answer, a batch, or the self-check dialogue) and derive."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ch3quiz.cli.app import (
    SAVED_ON_INTERRUPT, STDIN, BankOption, JsonOption, command, is_stdin, load, read_text_argument, refuse_ignored,
)
from ch3quiz.cli.interact import LineTooLong, bounded_line, command_word, read_line
from ch3quiz.bank.model import MATH_TYPES
from ch3quiz.errors import UsageError

# Exit status of a single check: 0 correct, 1 incorrect, 2 unreadable input (or a usage error), 3 undecided.
EXIT = {"correct": 0, "incorrect": 1, "invalid": 2, "undecided": 3}


def _question(bank: Optional[Path], question_id: str) -> Any:
    q = load(bank).get(question_id)
    if q.type not in MATH_TYPES:
        raise UsageError(f"'{question_id}' is a {q.type} question; check takes formula questions (see ch3quiz check --list)")
    return q


@command(on_interrupt=SAVED_ON_INTERRUPT)
def check(
    question_id: Annotated[Optional[str], typer.Argument(metavar="ID", help="A formula question's id (see --list).")] = None,
    answer: Annotated[Optional[str], typer.Argument(metavar="ANSWER", help="Your formula: LaTeX, Unicode or ASCII. Omit it to practise interactively.")] = None,
    as_json: JsonOption = False,
    stdin: Annotated[bool, typer.Option("--stdin", help="Read one answer a line from stdin; print one result a line.")] = False,
    list_: Annotated[bool, typer.Option("--list", help="List the formula questions, one line each.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="With --list: every prompt in full.")] = False,
    bank: BankOption = None,
) -> None:
    """Check a formula answer by its meaning: any equivalent form passes, a wrong one is explained.

    Exit status: 0 correct, 1 incorrect, 2 unreadable or usage error, 3 undecided (--stdin: 0 once every
    line is answered; each line's verdict is in its result).
    Without ANSWER: self-check mode (asks until right; ? for a hint; Ctrl-D shows the answer).

    Example: ch3quiz check bp-delta-Lminus1 "sigma'(Z^(L-1)) * W^(L)^T @ delta^(L)"
    """
    refuse_ignored(
        (list_ and (question_id is not None or stdin), "--list lists every formula question; it takes no ID, ANSWER"
         " or --stdin: ch3quiz check --list / --list 不接受题号或答案"),
        (verbose and not list_, "-v shows every prompt in full with --list: ch3quiz check --list -v / -v 只用于 --list"),
        (as_json and not (list_ or stdin or answer is not None), "--json needs ANSWER or --stdin (self-check is a"
         " dialogue): ch3quiz check ID 'ANSWER' --json / --json 需要答案或 --stdin"),
    )
    if list_:
        questions = load(bank).select(types=sorted(MATH_TYPES))
        if as_json:
            from ch3quiz.cli.app import print_json

            print_json([{"id": q.id, "section": q.section, "type": q.type, "prompt_en": q.prompt_en} for q in questions])
            return
        from ch3quiz.render import check as view

        view.formula_list(questions, verbose=verbose)
        return
    if question_id is None:
        raise UsageError("give a question id, e.g. ch3quiz check bp-delta-Lminus1 'ANSWER' (ch3quiz check --list shows"
                         " them) / 请给出题目编号")
    q = _question(bank, question_id)
    from ch3quiz.math import check_answer

    if stdin:
        if answer is not None:
            raise UsageError(f"give ANSWER or --stdin, not both: ch3quiz check {question_id} 'ANSWER', or"
                             f" ch3quiz check {question_id} --stdin < answers.txt / 二者只能选一")
        _batch(q, as_json)
        return
    if answer is None:
        _self_check(q)
        return
    result = check_answer(q, answer)
    _show(result, as_json)
    raise typer.Exit(EXIT.get(result.verdict, 1))


def _print_json_line(result: Any) -> None:
    """One result as one JSON line: its messages in Unicode as the terminal shows them, every control
    character escaped (the answer echoed may hold any)."""
    from ch3quiz.render.latex import unicode_messages
    from ch3quiz.safetext import json_inert

    sys.stdout.write(json_inert(json.dumps(unicode_messages(result.to_dict()), ensure_ascii=False)) + "\n")
    sys.stdout.flush()


def _show(result: Any, as_json: bool) -> None:
    if as_json:
        _print_json_line(result)
        return
    from ch3quiz.render import check as view

    view.verdict(result)


def _batch(q: Any, as_json: bool) -> None:
    from ch3quiz.math import check_answer

    if as_json:
        show = _print_json_line  # a script reading JSON lines needs no Rich panels or tables
    else:
        from ch3quiz.render import check as view

        show = view.verdict_line
    # One result per input line, so the output lines up with the input; a line is read no further
    # than a bound (an endless line without a newline once filled the memory). Bytes that are not
    # UTF-8 read as U+FFFD (app.tolerant_stdio).
    while True:
        try:
            text = bounded_line(sys.stdin)
        except LineTooLong as long_line:
            result = _too_long(q, long_line)
        else:
            if text is None:
                break
            result = check_answer(q, text)  # a blank line is invalid: "the answer is empty"
        show(result)


def _too_long(q: Any, long_line: LineTooLong) -> Any:
    """The verdict on a line too long to read: invalid, with its real length (not the bound it was cut at)."""
    from ch3quiz.math import CheckResult

    return CheckResult(question_id=q.id, verdict="invalid", reading="", method="parse", mistake=None,
                       message=f"cannot read the answer: the line is too long ({long_line.length:,} characters; the"
                               f" limit for a line is {long_line.limit:,}); paste only the formula",
                       message_zh=f"无法读取答案：该行有 {long_line.length:,} 个字符，超过 {long_line.limit:,} 的上限；请只粘贴公式本身")


def _hints(q: Any) -> list[tuple[str, str]]:
    hints = [(str(h.get("zh", "")), str(h.get("en", ""))) for h in q.fields.get("hints", []) or []]
    if q.fields.get("hint_zh") or q.fields.get("hint_en"):
        hints.insert(0, (str(q.fields.get("hint_zh", "")), str(q.fields.get("hint_en", ""))))
    return hints


def _self_check(q: Any) -> None:
    from ch3quiz.math import check_answer
    from ch3quiz.render import check as view

    view.question(q)
    hints, given, rated = _hints(q), 0, False
    started = time.monotonic()
    while True:
        text = read_line("answer / 答案 > ")
        if text is None:  # Ctrl-D: give up
            expected = q.answer[-1] if isinstance(q.answer, list) else q.answer
            view.give_up(q, str(expected))
            if not rated:  # not recalled: the card hears Again (a wrong try has already said so)
                _give_up(q, time.monotonic() - started)
            raise typer.Exit(1)
        text = text.strip()
        if not text:
            continue
        if command_word(text) == "?":
            if given < len(hints):
                view.hint(*hints[given])
                given += 1
            else:
                view.no_more_hints()
            continue
        result = check_answer(q, text)
        view.verdict(result)
        if result.verdict in ("correct", "incorrect"):
            _record(q, text, result, time.monotonic() - started)
            rated = True
        if result.verdict == "correct":
            return
        started = time.monotonic()


def _record(q: Any, text: str, result: Any, seconds: float, *, mode: str = "check") -> None:
    """Record a try like a quiz answer (it rates the question's card too)."""
    from ch3quiz.review.forecast import plan_in_force
    from ch3quiz.review.scheduler import RATING_FOR_VERDICT, Scheduler

    def record(store: Any) -> None:
        rating = RATING_FOR_VERDICT.get(result.verdict)
        # The card is read inside the answer's own write transaction (two sessions on one card).
        plan = None if rating is None else Scheduler(store, steps=not plan_in_force(store)).planner(
            q, rating, seconds=seconds, source="quiz" if mode == "check" else mode)
        store.record_answer(question=q, given=text, verdict=result.verdict,
                            score=1.0 if result.verdict == "correct" else 0.0, seconds=seconds, mode=mode,
                            plan=plan)

    _practice(record)


def _give_up(q: Any, seconds: float) -> None:
    from ch3quiz.review.forecast import plan_in_force
    from ch3quiz.review.scheduler import AGAIN, Scheduler

    def give_up(store: Any) -> None:
        Scheduler(store, steps=not plan_in_force(store)).rate(q, AGAIN, seconds=seconds, source="check")

    _practice(give_up)


def _practice(action: Callable[[Any], None]) -> None:
    """Run ``action`` on the progress store; a broken store is said once and never stops practice."""
    from ch3quiz.errors import Ch3quizError
    from ch3quiz.review.store import open_store

    try:
        with open_store() as store:
            action(store)
    except Ch3quizError as exc:
        from ch3quiz.render import check as view

        view.note(f"not recorded: {exc.message}")


@command
def derive(
    question_id: Annotated[str, typer.Argument(metavar="ID", help="A formula or derivation question's id.")],
    file: Annotated[Optional[Path], typer.Argument(metavar="[FILE]", help="The derivation, one step a line; - or nothing: stdin.")] = None,
    as_json: JsonOption = False,
    bank: BankOption = None,
) -> None:
    """Check a derivation line by line; any correct intermediate form passes, the first wrong line is named.

    Each line is an equation or a chain (a = b = c); a line may start with '=' to continue the previous one.
    Exit status: 0 all lines right and the final form reached, 1 a wrong line, 2 unreadable, 3 undecided.

    Example: ch3quiz derive act-sigmoid-derivative steps.txt
    """
    q = _question(bank, question_id)
    source = file or Path(STDIN)
    if is_stdin(source) and sys.stdin.isatty():  # typed at the terminal: show what is to be derived
        from ch3quiz.render import check as view

        if as_json:
            view.note("type the derivation, one step a line; finish with Ctrl-D / 逐行输入推导，Ctrl-D 结束")
        else:
            view.question(q, how=view.DERIVATION_HOW)
    # A bound far beyond any derivation: /dev/zero as FILE was read for ever.
    lines = [line for line in read_text_argument(source, limit=1_000_000).splitlines() if line.strip()]
    if not lines:
        raise UsageError(f"the derivation is empty; write one step a line, e.g. ch3quiz derive {question_id} steps.txt"
                         " / 推导为空")
    from ch3quiz.math import check_derivation

    result = check_derivation(q, lines)
    if result.verdict in ("correct", "incorrect"):  # a derivation worked out is practice: it rates the card
        _record(q, "\n".join(lines), result, 0.0, mode="derive")
    if as_json:
        _print_json_line(result)
    else:
        from ch3quiz.render import check as view

        view.derivation(result)
    raise typer.Exit(EXIT.get(result.verdict, 1))
