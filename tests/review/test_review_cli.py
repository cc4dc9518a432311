"""review and stats as a student runs them: stdin lines in, rows and figures out."""

from __future__ import annotations

import json
from pathlib import Path

BANK = str(Path(__file__).parents[1] / "data" / "banks" / "valid")


def test_review_reads_an_answer_line_then_a_rating_line(cli, query) -> None:
    # Card 1 (t-mc): answered right, Enter takes the suggested Good. Card 2 (t-multi): revealed, rated Again.
    run = cli("review", "--count", "2", "--bank", BANK, input="a\n\n\n1\n")
    assert run.exit_code == 0
    assert "✓ correct / 正确" in run.stdout
    assert "answer / 答案: A. 每步用全部数据" in run.stdout  # revealed
    assert "reviewed 2 cards" in run.stderr
    assert "0 due, 2 new" in run.stderr
    assert run.stdout.count("next review in") == 2
    assert query("SELECT question_id, rating, source FROM review_logs ORDER BY id") == [
        ("t-mc", 3, "review"), ("t-multi", 1, "review")]
    assert query("SELECT question_id, verdict, mode FROM answers") == [("t-mc", "correct", "review")]
    assert {qid for (qid,) in query("SELECT question_id FROM cards")} == {"t-mc", "t-multi"}


def test_wrong_answer_suggests_again(cli, query) -> None:
    cli("review", "--count", "1", "--bank", BANK, input="b\n\n")
    assert query("SELECT rating FROM review_logs") == [(1,)]


def test_review_rejects_a_bad_rating_and_asks_again(cli, query) -> None:
    run = cli("review", "--count", "1", "--bank", BANK, input="\n7\n4\n")
    assert "type 1, 2, 3 or 4" in run.stdout
    assert query("SELECT rating FROM review_logs") == [(4,)]


def test_quiz_answers_feed_the_same_cards(cli, query) -> None:
    cli("quiz", "--type", "mc", "--bank", BANK, input="b\n")
    assert query("SELECT question_id, rating, source FROM review_logs") == [("t-mc", 1, "quiz")]
    figures = json.loads(cli("stats", "--json", "--bank", BANK).stdout)
    assert figures["reviews"] == 1 and figures["cards"]["learning"] == 1


def test_nothing_due(cli) -> None:
    run = cli("review", "--new", "0", "--bank", BANK, input="")
    assert run.exit_code == 0 and "nothing due now" in run.stderr


def test_review_bad_options(cli) -> None:
    assert cli("review", "--count", "0", "--bank", BANK).exit_code == 2
    assert cli("review", "--retention", "1.5", "--bank", BANK).exit_code == 2


def test_stats_on_an_empty_database(cli) -> None:
    figures = json.loads(cli("stats", "--json", "--bank", BANK).stdout)
    assert (figures["answered"], figures["correct"], figures["reviews"], figures["due"]) == (0, 0, 0, 0)
    assert figures["cards"]["new"] == 6 and figures["forecast"] == [0] * 14 and figures["streak"] == 0
    assert cli("stats", "--bank", BANK).exit_code == 0


def test_stats_on_a_busy_database(cli) -> None:
    answers = {"t-mc": ["a", "b", "b"], "t-tf": ["对", "错"], "t-fill": ["sgd"]}
    for qid, given in answers.items():
        qtype = qid.split("-")[1]
        for text in given:
            cli("quiz", "--type", qtype, "--bank", BANK, input=f"{text}\n")
    figures = json.loads(cli("stats", "--json", "--bank", BANK).stdout)
    assert figures["answered"] == 6 and figures["correct"] == 3
    section = next(s for s in figures["sections"] if s["id"] == "3.6")
    assert (section["answered"], section["correct"], section["accuracy"]) == (6, 3, 0.5)
    assert section["reviews"] == 6 and section["retention"] == 0.5
    assert figures["streak"] == 1
    weakest = {t["tag"]: t["accuracy"] for t in figures["weakest"]}
    assert weakest["sgd"] == 0.5  # t-mc (1/3) and t-fill (1/1) share the tag
    text = cli("stats", "--bank", BANK).stdout
    assert "3/6" in text and "50%" in text and "weakest concepts" in text


def test_stats_count_only_the_bank_in_use(cli, tmp_path: Path) -> None:
    cli("quiz", "--type", "mc", "--bank", BANK, input="a\n")
    other = tmp_path / "other.yaml"
    other.write_text(
        "section: '3.1'\nquestions:\n  - {id: other-q, type: tf, prompt_zh: 题, prompt_en: Q, answer: true,"
        " explanation_zh: 解, explanation_en: E, tags: [x], difficulty: 1}\n", encoding="utf-8")
    figures = json.loads(cli("stats", "--json", "--bank", str(other)).stdout)
    assert (figures["answered"], figures["reviews"], figures["cards"]["learning"]) == (0, 0, 0)
    assert figures["cards"]["new"] == 1
