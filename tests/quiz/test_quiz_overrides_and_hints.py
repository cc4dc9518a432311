"""Hints and the "!" override: no hint in a mock exam, hints counted in the report, and a typo in a
typed answer counted right on the student's word, marked overridden and rated Hard (never Good)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BANK = str(Path(__file__).parents[1] / "data" / "banks" / "valid")
HARD, AGAIN = 2, 1


def test_question_mark_gives_no_hint_in_an_exam(cli, query) -> None:
    run = cli("quiz", "--type", "mc", "--bank", BANK, "--exam", "5", input="?\na\n")
    assert "Think of the word" not in run.stdout
    assert "no hints in a mock exam" in run.stdout
    assert query("SELECT question_id, verdict FROM answers") == [("t-mc", "correct")]


def test_the_report_counts_the_hints_used(cli) -> None:
    run = cli("quiz", "--type", "mc", "--bank", BANK, input="?\n?\na\n")
    assert run.stdout.count("Think of the word") == 2
    assert "hints used / 使用提示: 2" in run.stdout


@pytest.mark.parametrize(("qtype", "typo"), [("fill", "sgdd"), ("numeric", "61")])
def test_bang_after_a_wrong_typed_answer_counts_it_right_rated_hard(cli, query, qtype: str, typo: str) -> None:
    run = cli("quiz", "--type", qtype, "--bank", BANK, input=f"{typo}\n!\n")
    assert run.exit_code == 0
    assert "type ! at the next prompt" in run.stdout
    assert "counted as right on your word; the card is rated Hard" in run.stdout
    assert "counted right on your word (!) / 自判正确: 1" in run.stdout
    assert query("SELECT given, verdict, score, overridden FROM answers") == [(typo, "correct", 1.0, 1)]
    # The card saw one rating, Hard: the Again the wrong answer gave was replaced, never turned into Good.
    assert query("SELECT rating, source FROM review_logs") == [(HARD, "quiz")]
    stats = json.loads(cli("stats", "--json", "--bank", BANK).stdout)
    assert (stats["correct"], stats["overridden"]) == (1, 1)


def test_bang_mid_session_applies_to_the_previous_answer_and_the_next_is_still_asked(cli, query) -> None:
    # "15" is wrong for both the fill and the numeric question, whichever comes first.
    run = cli("quiz", "--type", "fill", "--type", "numeric", "--bank", BANK, "--seed", "1", input="15\n!\n15\n")
    answers = query("SELECT given, verdict, overridden FROM answers ORDER BY id")
    assert answers == [("15", "correct", 1), ("15", "incorrect", 0)]
    assert "score / 得分: 1/2" in run.stdout
    assert query("SELECT rating FROM review_logs ORDER BY id") == [(HARD,), (AGAIN,)]


def test_without_a_bang_a_wrong_typed_answer_stays_wrong_and_rated_again(cli, query) -> None:
    run = cli("quiz", "--type", "fill", "--bank", BANK, input="gd\n\n")
    assert run.exit_code == 0
    assert query("SELECT verdict, overridden FROM answers") == [("incorrect", 0)]
    assert query("SELECT rating FROM review_logs") == [(AGAIN,)]


@pytest.mark.parametrize(("args", "typed"), [
    (["--type", "fill", "--type", "numeric"], "sgd\n!\n16\n"),  # after a right answer (or no answer yet)
    (["--type", "mc", "--type", "multi"], "b\n!\nac\n"),  # after a wrong choice: not typed, no typo possible
    (["--type", "fill", "--type", "numeric", "--exam", "5"], "15\n!\n15\n"),  # a mock exam takes answers as given
], ids=["after a right answer", "multiple choice", "exam"])
def test_bang_overrides_nothing_else(cli, query, args: list[str], typed: str) -> None:
    run = cli("quiz", *args, "--bank", BANK, input=typed)
    assert "counted as right on your word" not in run.stdout
    assert "! counts your last typed answer (fill or numeric) as right" in run.stdout
    assert query("SELECT SUM(overridden) FROM answers") == [(0,)]


def test_a_wrong_fill_answer_shows_two_accepted_forms_not_all(cli, tmp_path: Path) -> None:
    bank = tmp_path / "fill.yaml"
    forms = ["特征图", "feature map", "特征映射", "激活图", "activation map", "feature-map", "fmap"]
    bank.write_text(
        "section: '3.8'\nquestions:\n  - id: t-forms\n    type: fill\n    difficulty: 1\n    tags: [cnn]\n"
        "    prompt_zh: 卷积得到____。\n    prompt_en: A convolution gives a ____.\n"
        f"    answer: {json.dumps(forms, ensure_ascii=False)}\n"
        "    explanation_zh: 每个卷积核得到一张特征图。\n    explanation_en: Each kernel gives one feature map.\n",
        encoding="utf-8")
    run = cli("quiz", "--bank", str(bank), input="pooling\n\n")
    answer_line = next(line for line in run.stdout.splitlines() if line.startswith("answer / 答案"))
    assert answer_line == "answer / 答案: 特征图 | feature map  (+5 more accepted / 另有 5 种写法)"
    assert " | ".join(forms) in cli("show", "t-forms", "--bank", str(bank)).stdout  # show keeps every form


def test_an_override_replaces_the_again_so_undo_still_restores_the_card_before_the_answer(cli, query) -> None:
    cli("quiz", "--type", "fill", "--bank", BANK, input="sgd\n")  # right: the card is rated Good
    (card_after_good,) = query("SELECT card FROM cards")[0]
    cli("quiz", "--type", "fill", "--bank", BANK, input="sgdd\n!\n")
    logs = query("SELECT id, rating, prior_card FROM review_logs ORDER BY id")
    assert [rating for _, rating, _ in logs] == [3, HARD]  # Good, then Hard; the Again is gone
    assert json.loads(logs[1][2])["row"]["card"] == card_after_good  # the Hard was applied to the Good card
    from ch3quiz.review.store import open_store

    with open_store() as store:
        store.undo_review(logs[1][0])
    assert query("SELECT card FROM cards") == [(card_after_good,)]


def test_after_an_override_stats_counts_the_answer_right_once_and_the_override(cli, query) -> None:
    """stats reads tallies kept by triggers: the override's update must move the answer from wrong to
    right there (not add a second answer, not leave it wrong)."""
    cli("quiz", "--type", "fill", "--bank", BANK, input="gd\n\n")  # wrong, left wrong
    cli("quiz", "--type", "fill", "--bank", BANK, input="sgdd\n!\n")  # wrong, then counted right
    (section,) = query("SELECT DISTINCT section FROM answers")[0]
    stats = json.loads(cli("stats", "--json", "--bank", BANK).stdout)
    assert (stats["answered"], stats["correct"], stats["overridden"], stats["score"]) == (2, 1, 1, 1.0)
    row = next(s for s in stats["sections"] if s["id"] == section)
    assert (row["answered"], row["correct"], row["score"], row["accuracy"]) == (2, 1, 1.0, 0.5)
