"""Your own mistakes: kept with every wrong answer, counted in stats, drilled by quiz --mistakes,
listed in the mock-exam report; short answers scored by the key points the student ticks."""

from __future__ import annotations

import json
from pathlib import Path

from ch3quiz.quiz.session import QuizSession
from ch3quiz.review.mistakes import drill_ids, repeated_mistakes
from ch3quiz.review.store import open_store

BANK = str(Path(__file__).parents[1] / "data" / "banks" / "valid")
DROPPED = r"(W^{(l+1)}\delta^{(l+1)})\odot\sigma'(Z^{(l)})"  # bp-delta-hidden without its transpose


def test_a_wrong_formula_keeps_the_checkers_mistake_tag(bundled_bank, isolated_home: Path) -> None:
    with open_store() as store:
        session = QuizSession([], store)
        result = session.answer(bundled_bank.get("bp-delta-hidden"), DROPPED, 5.0)
        assert result.grade.verdict == "incorrect"
        rows = store.mistake_rows()
    assert [(qid, kind, tag) for qid, kind, tag, _detail, _answer in rows] == [
        ("bp-delta-hidden", "checker", "dropped-transpose")]


def _record(store, question, verdict: str, mistakes, score: float = 0.0) -> None:
    store.record_answer(question=question, given="…", verdict=verdict, score=score, seconds=1, mistakes=mistakes)


def test_stats_show_repeated_mistakes(cli, bundled_bank, isolated_home: Path) -> None:
    dropped = [("checker", "dropped-transpose", "")]
    with open_store() as store:
        for qid in ("bp-delta-hidden", "bp-delta-hidden", "bp-delta-Lminus1", "bp-delta-hidden"):
            _record(store, bundled_bank.get(qid), "incorrect", dropped)
        _record(store, bundled_bank.get("bp-delta-hidden"), "incorrect", [("checker", "sign-flip", "")])
    run = cli("stats")
    assert "dropped a transpose 4 times in 2 questions / 漏了转置：2 道题共 4 次" in run.stdout
    assert "sign" not in run.stdout.split("repeated mistakes")[1]  # once is not repeated
    figures = json.loads(cli("stats", "--json").stdout)
    assert [(m["tag"], m["times"], m["questions"]) for m in figures["mistakes"]] == [
        ("dropped-transpose", 4, ["bp-delta-hidden", "bp-delta-Lminus1"])]


def test_a_wrong_choice_repeated_is_named_with_its_question(cli, isolated_home: Path, query) -> None:
    for _ in range(3):
        cli("quiz", "--type", "mc", "--bank", BANK, input="b\n")
    cli("quiz", "--type", "mc", "--bank", BANK, input="a\n")
    assert query("SELECT question_id, kind, tag, detail FROM mistakes") == [
        ("t-mc", "choice", "B", "all of them")] * 3
    assert "picked B 3 times in t-mc / 选了 B：t-mc共 3 次" in cli("stats", "--bank", BANK).stdout


def test_quiz_mistakes_drills_the_questions_that_test_them(cli, bundled_bank, isolated_home: Path) -> None:
    with open_store() as store:
        _record(store, bundled_bank.get("bp-delta-hidden"), "incorrect", [("checker", "dropped-transpose", "")])
        ids = drill_ids(store.mistake_rows(), bundled_bank.questions)
    listing = {q.id for q in bundled_bank if any(m.get("tag") == "dropped-transpose" for m in q.fields.get("mistakes") or [])}
    assert ids[0] == "bp-delta-hidden" and set(ids) == listing | {"bp-delta-hidden"} and len(listing) >= 3
    run = cli("quiz", "--mistakes", "--count", "50", input="")
    assert run.exit_code == 0
    # the session holds exactly those questions; the first is asked, then input ends
    assert f"[1/{len(ids)}]" in run.stdout and sum(f"· {qid} " in run.stdout for qid in ids) == 1


def test_quiz_mistakes_with_none_recorded_says_so(cli) -> None:
    run = cli("quiz", "--mistakes", "--bank", BANK)
    assert run.exit_code == 2 and "no recorded mistakes" in run.stderr


def test_partial_credit_counts_in_stats_and_weak_concepts(cli, isolated_home: Path) -> None:
    # t-short (tags gd, sgd): ticked 1 of 2 key points, twice -> 0.5 each, never 0.
    for _ in range(2):
        cli("quiz", "--type", "short", "--bank", BANK, input="GD uses every sample in each step\n1\n")
    figures = json.loads(cli("stats", "--json", "--bank", BANK).stdout)
    section = next(s for s in figures["sections"] if s["id"] == "3.6")
    assert (section["answered"], section["correct"], section["score"], section["accuracy"]) == (2, 0, 1.0, 0.5)
    assert {(t["tag"], t["accuracy"]) for t in figures["weakest"]} == {("gd", 0.5), ("sgd", 0.5)}
    assert "1/2" in cli("stats", "--bank", BANK).stdout and "50%" in cli("stats", "--bank", BANK).stdout
    # The head gives the score out of the answers, as the quiz summary does (it read a bare "score / 得分: 1").
    assert "correct / 正确: 0   score / 得分: 1/2" in cli("stats", "--bank", BANK).stdout


def test_the_exam_marks_short_answers_at_the_end_and_lists_mistakes(cli, isolated_home: Path, query) -> None:
    run = cli("quiz", "--exam", "30", "--type", "short", "--type", "mc", "--seed", "1", "--bank", BANK,
              input="GD uses every sample in each step, SGD only one\nb\n1\n")  # seed 1: t-short first
    marking = run.stdout.split("marking / 自评")[1]
    assert "GD uses every sample in each step" in marking and "1. · GD 用全部样本" in marking
    assert "(numbers 1-2; 0 = none; Enter = the ✓ ones)" in marking
    assert query("SELECT question_id, verdict, score FROM answers ORDER BY id") == [
        ("t-short", "partial", 0.5), ("t-mc", "incorrect", 0.0)]
    report = run.stdout.split("exam report / 模拟考试成绩")[1]
    assert "score / 得分: 0.5/2 (25%)" in report
    assert "t-mc: picked B / 选了 B (all of them)" in report
    assert "t-short: missed key point 2 / 漏答要点 2 (SGD is noisy)" in report
    # the short answer's card is reviewed once it is marked: Hard for a partial answer
    assert ("t-short", 2) in query("SELECT question_id, rating FROM review_logs")


def test_an_exam_short_answer_left_unmarked_counts_nowhere(cli, isolated_home: Path, query) -> None:
    cli("quiz", "--exam", "30", "--type", "short", "--bank", BANK, input="GD uses every sample in each step\n")
    assert query("SELECT verdict, score FROM answers") == [("unmarked", 0.0)]
    figures = json.loads(cli("stats", "--json", "--bank", BANK).stdout)
    assert figures["answered"] == 0 and figures["weakest"] == []
    assert query("SELECT COUNT(*) FROM review_logs") == [(0,)]


def test_review_scores_a_short_answer_by_ticks_too(cli, isolated_home: Path, query) -> None:
    # five cards revealed and rated Good, then t-short answered, ticked (point 2 only) and rated
    run = cli("review", "--new", "10", "--bank", BANK, input="\n3\n" * 5 + "GD uses every sample in each step\n2\n\n")
    assert "which key points did your answer cover" in run.stdout
    assert query("SELECT question_id, score FROM answers WHERE mode = 'review'") == [("t-short", 0.5)]
    assert query("SELECT tag, detail FROM mistakes") == [("1", "GD uses all samples")]


def test_repeated_mistakes_ignore_other_banks(bundled_bank) -> None:
    rows = [("gone", "checker", "sign-flip", "", 1), ("gone", "checker", "sign-flip", "", 2)]
    assert repeated_mistakes(rows, {q.id: q for q in bundled_bank}) == []
    assert repeated_mistakes(rows)[0].line() == "flipped a sign 2 times in gone / 符号写反：gone共 2 次"



def test_a_wrong_derivation_keeps_its_first_wrong_line(bundled_bank) -> None:
    from ch3quiz.quiz.grading import grade

    lines = list(bundled_bank.get("derive-tanh-derivative").answer)
    lines[2] = r"= \frac{\cosh^2(x)}{\cosh^2(x)}+\frac{\sinh^2(x)}{\cosh^2(x)}"  # a sign flipped on line 3
    graded = grade(bundled_bank.get("derive-tanh-derivative"), "\n".join(lines))
    assert graded.verdict == "incorrect"
    assert [(m.kind, m.tag) for m in graded.mistakes] == [("derivation", "3")]
    assert repeated_mistakes([("derive-tanh-derivative", "derivation", "3", "", n) for n in (1, 2)])[0].line() == (
        "went wrong at line 3 2 times in derive-tanh-derivative / 推导错在第 3 行：derive-tanh-derivative共 2 次")
