"""Quiz sessions driven through stdin, asserting on the summary and on the rows in SQLite."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

BANK = str(Path(__file__).parents[1] / "data" / "banks" / "valid")


def rows(home: Path) -> list[sqlite3.Row]:
    db = sqlite3.connect(home / "progress.sqlite3")
    db.row_factory = sqlite3.Row
    try:
        return db.execute("SELECT * FROM answers ORDER BY id").fetchall()
    finally:
        db.close()


def asked_ids(home: Path) -> list[str]:
    return [r["question_id"] for r in rows(home)]


RIGHT = {"t-mc": "a", "t-multi": "ca", "t-tf": "对", "t-fill": "sgd", "t-numeric": "16"}
WRONG = {"t-mc": "b", "t-multi": "a", "t-tf": "错", "t-fill": "gd", "t-numeric": "15"}


def order(*, types: list[str], seed: int | None = None, count: int | None = None) -> list[str]:
    """The ids a session with these options asks, in order (the library's own selection)."""
    from ch3quiz.bank import load_bank
    from ch3quiz.quiz.selection import Selection, select_questions

    chosen = select_questions(load_bank(Path(BANK)), Selection(types=types, seed=seed, count=count), {})
    return [q.id for q in chosen]


def typed(ids: list[str], table: dict[str, str]) -> str:
    return "".join(f"{table[qid]}\n" for qid in ids)


def test_each_answer_is_graded_explained_and_saved(cli, isolated_home: Path) -> None:
    ids = order(types=["mc", "tf"], seed=3)
    run = cli("quiz", "--type", "mc", "--type", "tf", "--seed", "3", "--bank", BANK, input=typed(ids, RIGHT))
    assert run.exit_code == 0
    saved = rows(isolated_home)
    assert [(r["question_id"], r["given"], r["verdict"], r["score"]) for r in saved] == [
        (qid, RIGHT[qid], "correct", 1.0) for qid in ids]
    assert "Stochastic gradient descent uses one sample per step." in run.stdout  # the explanation
    assert "score / 得分" in run.stdout


def test_wrong_answer_shows_the_answer_and_is_listed_to_retry(cli, isolated_home: Path) -> None:
    run = cli("quiz", "--type", "mc", "--bank", BANK, input="b\n")
    assert "✗ incorrect / 错误" in run.stdout
    assert "answer / 答案: A. 1" in run.stdout
    assert "retry / 需重做: t-mc" in run.stdout
    (row,) = rows(isolated_home)
    assert (row["verdict"], row["score"], row["section"], row["qtype"], row["mode"]) == ("incorrect", 0.0, "3.6", "mc", "quiz")
    assert row["seconds"] >= 0 and row["session_id"] is not None


def test_not_a_choice_is_asked_again_and_not_counted(cli, isolated_home: Path) -> None:
    run = cli("quiz", "--type", "mc", "--bank", BANK, input="z\n\na\n")
    assert "'z' is not a choice here" in run.stdout
    assert [(r["given"], r["verdict"]) for r in rows(isolated_home)] == [("a", "correct")]


def test_a_function_typed_as_a_number_says_to_work_it_out(cli, isolated_home: Path) -> None:
    # Seen in a quiz: 'ln(1+e^-2+e^-3)' for a cross-entropy value only got "type a number".
    run = cli("quiz", "--type", "numeric", "--bank", BANK, input="ln(2)\n16\n")
    assert "work out ln(…) and type the number it gives / 请先算出 ln(…) 的值，再输入数值" in run.stdout
    assert [(r["given"], r["verdict"]) for r in rows(isolated_home)] == [("16", "correct")]


def test_hint_on_question_mark(cli, isolated_home: Path) -> None:
    run = cli("quiz", "--type", "mc", "--lang", "en", "--bank", BANK, input="?\na\n")
    assert 'hint / 提示: Think of the word "stochastic".' in run.stdout
    assert len(rows(isolated_home)) == 1


def test_same_seed_same_questions_same_order(cli, isolated_home: Path, tmp_path: Path) -> None:
    options = ["--seed", "11", "--count", "3", "--type", "tf", "--type", "mc", "--type", "fill", "--type", "numeric"]
    answers = typed(order(types=["tf", "mc", "fill", "numeric"], seed=11, count=3), RIGHT)
    cli("quiz", *options, "--bank", BANK, input=answers)
    other = tmp_path / "other-home"
    cli("quiz", *options, "--bank", BANK, input=answers, env={"CH3QUIZ_HOME": str(other)})
    assert asked_ids(other) == asked_ids(isolated_home)
    assert len(asked_ids(other)) == 3
    assert {r["verdict"] for r in rows(other)} == {"correct"}
    different = [order(types=["tf", "mc", "fill", "numeric"], seed=seed) for seed in range(6)]
    assert len({tuple(ids) for ids in different}) > 1  # the seed does change the order


def test_short_answer_marks_key_points_and_takes_a_self_score(cli, isolated_home: Path) -> None:
    run = cli("quiz", "--type", "short", "--bank", BANK, input="GD uses all samples\n\n")
    assert "✓ GD 用全部样本 / GD uses all samples" in run.stdout
    assert "· SGD 有噪声 / SGD is noisy" in run.stdout
    (row,) = rows(isolated_home)
    assert (row["verdict"], row["score"]) == ("partial", 0.5)


def test_short_ticks_override_the_words_found(cli, isolated_home: Path) -> None:
    run = cli("quiz", "--type", "short", "--bank", BANK, input="GD uses all samples, so SGD is the one that wobbles\n7\n1 2\n")
    assert "type the numbers of the key points you covered (1 to 2)" in run.stdout  # 7 names no key point
    (row,) = rows(isolated_home)
    assert (row["verdict"], row["score"]) == ("correct", 1.0)


def test_a_tick_of_thousands_of_digits_is_asked_again(cli, isolated_home: Path) -> None:
    # int() refuses a 5,000-digit string: the tick prompt ended in exit 70 and the answer was not kept.
    run = cli("quiz", "--type", "short", "--bank", BANK, input="GD uses all samples\n" + "9" * 5000 + "\n1\n")
    assert run.exit_code == 0
    assert "type the numbers of the key points you covered (1 to 2)" in run.stdout
    (row,) = rows(isolated_home)
    assert (row["verdict"], row["score"]) == ("partial", 0.5)


def test_short_answer_ticked_0_keeps_every_key_point_missed(cli, isolated_home: Path) -> None:
    cli("quiz", "--type", "short", "--bank", BANK, input="GD uses all samples per step\n0\n")
    (row,) = rows(isolated_home)
    assert (row["verdict"], row["score"]) == ("incorrect", 0.0)
    db = sqlite3.connect(isolated_home / "progress.sqlite3")
    kept = db.execute("SELECT kind, tag, detail FROM mistakes").fetchall()
    assert kept == [("key-point", "1", "GD uses all samples"), ("key-point", "2", "SGD is noisy")]


def test_a_bare_keyword_list_is_asked_again(cli, isolated_home: Path) -> None:
    run = cli("quiz", "--type", "short", "--bank", BANK, input="full batch, noise\nGD takes the full batch; SGD is noisy\n\n")
    assert "a list of key words is not an answer" in run.stdout
    (row,) = rows(isolated_home)
    assert (row["given"], row["score"]) == ("GD takes the full batch; SGD is noisy", 1.0)


def test_numeric_and_fill_and_multi_in_one_session(cli, isolated_home: Path) -> None:
    cli("quiz", "--type", "numeric", "--bank", BANK, input="1000/64\n")
    cli("quiz", "--type", "fill", "--bank", BANK, input="sgd\n")
    cli("quiz", "--type", "multi", "--bank", BANK, input="ab\n")
    assert [(r["question_id"], r["verdict"]) for r in rows(isolated_home)] == [
        ("t-numeric", "incorrect"), ("t-fill", "correct"), ("t-multi", "incorrect")]


def test_wrong_only_retries_exactly_the_last_wrong(cli, isolated_home: Path) -> None:
    ids = order(types=["mc", "tf", "fill"], seed=1)
    answers = {"t-mc": WRONG["t-mc"], "t-tf": RIGHT["t-tf"], "t-fill": WRONG["t-fill"]}
    cli("quiz", "--type", "mc", "--type", "tf", "--type", "fill", "--seed", "1", "--bank", BANK, input=typed(ids, answers))
    # --wrong keeps bank order before the seeded shuffle, as a mc+fill session would.
    run = cli("quiz", "--wrong", "--seed", "1", "--bank", BANK, input=typed(order(types=["mc", "fill"], seed=1), RIGHT))
    retried = asked_ids(isolated_home)[3:]
    assert sorted(retried) == ["t-fill", "t-mc"]
    assert "✗" not in run.stdout
    # Both now answered right: nothing is left to retry.
    assert cli("quiz", "--wrong", "--bank", BANK, input="").exit_code == 2


def test_new_only_skips_what_was_answered(cli, isolated_home: Path) -> None:
    cli("quiz", "--type", "mc", "--bank", BANK, input="b\n")
    cli("quiz", "--new", "--type", "mc", "--type", "tf", "--bank", BANK, input="对\n")
    assert asked_ids(isolated_home) == ["t-mc", "t-tf"]
    assert cli("quiz", "--new", "--type", "mc", "--bank", BANK, input="").exit_code == 2


def test_wrong_only_with_nothing_wrong(cli) -> None:
    run = cli("quiz", "--wrong", "--bank", BANK, input="")
    assert run.exit_code == 2 and "nothing to retry" in run.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--section", "3.11"], "unknown section '3.11'"),
        (["--type", "essay"], "unknown type 'essay'"),
        (["--count", "0"], "--count must be at least 1"),
        (["--section", "3.1"], "no questions match these filters"),
        (["--lang", "fr"], "unknown language 'fr'"),
        (["--exam", "0"], "--exam takes the number of minutes"),
    ],
)
def test_bad_options_are_one_line_errors(cli, args: list[str], message: str) -> None:
    run = cli("quiz", *args, "--bank", BANK, input="")
    assert run.exit_code == 2
    assert message in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_exam_gives_no_feedback_until_the_report(cli, isolated_home: Path) -> None:
    ids = order(types=["mc", "tf"], seed=2)
    answers = {"t-mc": RIGHT["t-mc"], "t-tf": WRONG["t-tf"]}
    run = cli("quiz", "--exam", "30", "--type", "mc", "--type", "tf", "--seed", "2", "--bank", BANK,
              input=typed(ids, answers))
    questions_part, _, review = run.stdout.partition(f"1. {ids[0]}")
    assert "[2/2]" in questions_part
    assert "⏱ 29:5" in questions_part  # the time left, shown with each question
    assert "correct / 正确" not in questions_part and "incorrect / 错误" not in questions_part
    assert "✓ correct / 正确" in review and "✗ incorrect / 错误" in review
    assert "exam report / 模拟考试成绩" in review
    assert "score / 得分: 1/2 (50%)" in review
    assert "3.6" in review and "retry / 需重做: t-tf" in review
    assert {r["mode"] for r in rows(isolated_home)} == {"exam"}


def test_the_exam_clock_stays_whole_in_a_60_column_terminal(cli, isolated_home: Path, monkeypatch) -> None:
    # Seen at 60 columns: the title ended "gd-short-epoch-iteration  ⏱ 9:59 l─╮", the clock cut off.
    from ch3quiz.render import console

    monkeypatch.setattr(console.out, "width", 60)
    run = cli("quiz", "--exam", "10", "--type", "mc", "--seed", "2", input="")  # the bundled bank's long ids
    title = next(line for line in run.stdout.splitlines() if "[1/20]" in line)
    assert "⏱ 9:5" in title and "left / 剩余" in title


def test_end_of_input_ends_the_session_with_a_summary(cli, isolated_home: Path) -> None:
    first = order(types=["mc", "tf"], seed=4)[0]
    run = cli("quiz", "--type", "mc", "--type", "tf", "--seed", "4", "--bank", BANK, input=typed([first], RIGHT))
    assert run.exit_code == 0
    assert "not answered / 未作答: 1" in run.stdout
    assert len(rows(isolated_home)) == 1


def test_corrupted_database_is_reported_and_left_untouched(cli, isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    db = isolated_home / "progress.sqlite3"
    db.write_bytes(b"this is not a database " * 200)
    run = cli("quiz", "--bank", BANK, input="a\n")
    assert run.exit_code == 1
    assert str(db) in run.stderr and "damaged" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == b"this is not a database " * 200


def test_locked_database_is_reported(cli, isolated_home: Path) -> None:
    cli("quiz", "--type", "mc", "--bank", BANK, input="a\n")  # create it
    holder = sqlite3.connect(isolated_home / "progress.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        run = cli("quiz", "--type", "mc", "--bank", BANK, input="a\n")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert run.exit_code == 1
    assert "is locked by another program" in run.stderr
    assert len(rows(isolated_home)) == 1


def _quiz_process(home: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "CH3QUIZ_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "ch3quiz", "quiz", "--bank", BANK, *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def test_ctrl_c_mid_session_keeps_every_answer_given(isolated_home: Path) -> None:
    ids = order(types=["mc", "tf", "fill"], seed=5)
    proc = _quiz_process(isolated_home, "--type", "mc", "--type", "tf", "--type", "fill", "--seed", "5")
    assert proc.stdin is not None
    proc.stdin.write(typed(ids[:2], RIGHT))  # two answers, then the session waits for the third
    proc.stdin.flush()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if len(rows(isolated_home)) == 2:
                break
        except sqlite3.OperationalError:  # the file exists before its tables do
            pass
        time.sleep(0.05)
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "interrupted" in err and "Traceback" not in err
    assert asked_ids(isolated_home) == ids[:2]


def test_two_sessions_at_once_lose_nothing(isolated_home: Path) -> None:
    procs = [_quiz_process(isolated_home, "--type", "tf") for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate("对\n", timeout=60)
        assert proc.returncode == 0, err
    assert [r["verdict"] for r in rows(isolated_home)] == ["correct", "correct"]
    db = sqlite3.connect(isolated_home / "progress.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 2
    db.close()


def test_a_multiple_choice_quiz_imports_neither_sympy_nor_numpy(isolated_home: Path) -> None:
    code = (
        "import sys\nfrom ch3quiz.cli import main\n"
        f"main(['quiz', '--type', 'mc', '--count', '1', '--bank', {BANK!r}])\n"
        "print(sorted(m for m in ('sympy', 'numpy') if m in sys.modules))"
    )
    env = {**os.environ, "CH3QUIZ_HOME": str(isolated_home)}
    done = subprocess.run([sys.executable, "-c", code], input="a\n", capture_output=True, text=True, env=env, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert rows(isolated_home)[0]["question_id"] == "t-mc"


def test_a_session_on_the_bundled_bank_asks_twenty_by_default(cli) -> None:
    run = cli("quiz", "--seed", "1", input="")
    assert run.exit_code == 0
    assert "[1/20]" in run.stdout and "not answered / 未作答: 20" in run.stdout


def test_the_exam_clock_ends_a_waiting_prompt(isolated_home: Path) -> None:
    """Nobody types: when the time is up the exam ends by itself and reports every question."""
    proc = _quiz_process(isolated_home, "--exam", "0.01", "--type", "mc", "--type", "tf")
    try:
        # stdin stays open and silent: the exam must end by its own clock, however slow the start
        proc.wait(timeout=60)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "time is up" in err
    assert "exam report / 模拟考试成绩" in out and "score / 得分: 0/2 (0%)" in out
    assert "not answered / 未作答: 2" in out
    assert "not reached / 未作答: " in out  # the ids to come back to


def test_a_superscript_digit_as_a_self_score_is_asked_again(cli, isolated_home: Path) -> None:
    run = cli("quiz", "--type", "short", "--bank", BANK, input="GD uses all samples\n²\n1\n")
    assert run.exit_code == 0 and "type the numbers of the key points you covered" in run.stdout
    (row,) = rows(isolated_home)
    assert row["score"] == 0.5
