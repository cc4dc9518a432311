"""A review session the way Anki users expect it, and the exam plan from the command line:
interval labels on the rating prompt, `u` to undo, what is due next, the summary, `plan`, `stats`."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

BANK = str(Path(__file__).parents[1] / "data" / "banks" / "valid")


def query(home: Path, sql: str) -> list[tuple]:
    db = sqlite3.connect(home / "progress.sqlite3")
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_the_rating_prompt_shows_when_each_rating_brings_the_card_back(cli, isolated_home: Path) -> None:
    run = cli("review", "--count", "1", "--bank", BANK, input="\n4\n")
    # A new card: Again repeats the 1-min step, Hard waits between the steps, Good goes to the 10-min step.
    labels = re.search(r"1 Again (\S+) · 2 Hard (\S+) · 3 Good (\S+) · 4 Easy (\d+)d", run.stdout)
    assert labels and labels.groups()[:3] == ("1m", "6m", "10m")
    # The label is what happens: the Easy card is due the labelled number of days later (fuzz included).
    ((due, reviewed),) = query(isolated_home, "SELECT c.due, l.reviewed_at FROM cards c JOIN review_logs l USING (question_id)")
    assert datetime.fromisoformat(due) - datetime.fromisoformat(reviewed) == timedelta(days=int(labels.group(4)))


def test_u_undoes_the_last_rating_exactly_and_asks_for_it_again(cli, isolated_home: Path) -> None:
    # Card 1 revealed and rated Again; at card 2, u takes that back and card 1 is rated Easy instead.
    run = cli("review", "--count", "2", "--bank", BANK, input="\n1\nu\n4\n\n3\n")
    assert "undid the rating of t-mc" in run.stderr
    assert query(isolated_home, "SELECT question_id, rating FROM review_logs ORDER BY id") == [("t-mc", 4), ("t-multi", 3)]
    # The Again put t-mc in a 1-minute step; undone, only the Easy counts: the card is in review, days away.
    ((state, due),) = query(isolated_home, "SELECT state, due FROM cards WHERE question_id = 't-mc'")
    assert state == 2 and datetime.fromisoformat(due) > datetime.now().astimezone() + timedelta(days=2)
    assert "reviewed 2 cards: Again 0 · Hard 0 · Good 1 · Easy 1" in run.stderr


def test_u_with_nothing_to_undo_says_so(cli, isolated_home: Path) -> None:
    run = cli("review", "--count", "1", "--bank", BANK, input="u\n\n3\n")
    assert "nothing to undo" in run.stdout
    assert query(isolated_home, "SELECT rating FROM review_logs") == [(3,)]


def test_a_learning_step_comes_back_in_the_same_session(cli, isolated_home: Path) -> None:
    # Again puts the card in its 1-minute step: it is shown again after the others, not tomorrow.
    run = cli("review", "--count", "1", "--bank", BANK, input="\n1\n\n4\n")
    assert query(isolated_home, "SELECT question_id, rating FROM review_logs ORDER BY id") == [("t-mc", 1), ("t-mc", 4)]
    assert "reviewed 2 cards: Again 1 · Hard 0 · Good 0 · Easy 1; next card due in" in run.stderr


def test_nothing_due_says_when_the_next_card_is_and_how_to_study_ahead(cli, isolated_home: Path) -> None:
    cli("review", "--count", "1", "--bank", BANK, input="\n4\n")
    run = cli("review", "--new", "0", "--bank", BANK, input="")
    assert run.exit_code == 0
    assert re.search(r"nothing due now; next card due in \d+ d \(\d\d-\d\d \d\d:\d\d\); 0 new cards left today", run.stderr)
    assert "ch3quiz review --ahead" in run.stderr and "ch3quiz plan --exam" in run.stderr
    ahead = cli("review", "--ahead", "--bank", BANK, input="\n3\n")
    assert "studying ahead: 1 card not" in ahead.stderr
    assert query(isolated_home, "SELECT question_id, rating FROM review_logs ORDER BY id") == [("t-mc", 4), ("t-mc", 3)]


def test_ahead_with_no_card_studied_yet_points_to_the_new_cards_not_to_ahead(cli, isolated_home: Path) -> None:
    # It once answered `review --ahead` with "study ahead with ch3quiz review --ahead".
    run = cli("review", "--ahead", "--bank", BANK, input="")
    assert run.exit_code == 0
    assert "no card you have studied is waiting to be studied ahead; 6 new cards left today" in run.stderr
    assert "new cards come in ch3quiz review without --ahead" in run.stderr and "review --ahead" not in run.stderr
    assert query(isolated_home, "SELECT count(*) FROM review_logs") == [(0,)]


def test_plan_stores_the_exam_and_prints_every_day(cli, isolated_home: Path) -> None:
    exam = (datetime.now().astimezone().date() + timedelta(days=5)).isoformat()
    run = cli("plan", "--exam", exam, "--cards", "4", "--json", "--bank", BANK)
    assert run.exit_code == 0
    report = json.loads(run.stdout)
    assert report["days_left"] == 5 and len(report["days"]) == 5
    assert [d["new"] for d in report["days"]][:2] == [4, 2]  # 4 answers a day, one a first sight
    assert sum(d["new"] for d in report["days"]) == 6 and report["shortfall"] is None
    assert json.loads(query(isolated_home, "SELECT value FROM settings WHERE key = 'exam_plan'")[0][0])["exam"] == exam
    shown = cli("plan", "--bank", BANK)
    assert shown.exit_code == 0 and f"exam / 考试: {exam}" in shown.stdout and "expected / 按计划预期" in shown.stdout
    assert "first sight with 75% (assumed until you have seen 10 cards). An estimate, not a promise" in shown.stdout
    # review now follows the plan, without learning steps: a Good first sight is a review card, days away
    review = cli("review", "--bank", BANK, input="\n3\n")
    assert "exam plan: 5 days to" in review.stderr and "4 new" in review.stderr
    assert query(isolated_home, "SELECT state FROM cards") == [(2,)] and "3 Good 2d" in review.stdout
    stats = json.loads(cli("stats", "--json", "--bank", BANK).stdout)
    # one card of six seen: the exam-day forecast is that card's predicted recall over six
    assert stats["exam"]["days_left"] == 5 and 0.1 < stats["exam"]["overall_now"] < 1 / 6
    assert len(stats["exam"]["sections"]) == 1  # the test bank is all 3.6
    cleared = cli("plan", "--clear", "--bank", BANK)
    assert "removed" in cleared.stderr and query(isolated_home, "SELECT * FROM settings") == []


def test_plan_warns_when_the_budget_cannot_show_every_card(cli) -> None:
    exam = (datetime.now().astimezone().date() + timedelta(days=2)).isoformat()
    run = cli("plan", "--exam", exam, "--cards", "2", "--bank", BANK)
    assert run.exit_code == 0 and "cannot show every card before the exam: 6 new cards need at least 3 answers" in run.stderr
    assert "warning" not in cli("plan", "--exam", exam, "--cards", "3", "--bank", BANK).stderr


def test_plan_replacing_a_plan_says_so(cli) -> None:
    exam = (datetime.now().astimezone().date() + timedelta(days=9)).isoformat()
    cli("plan", "--exam", exam, "--bank", BANK)
    run = cli("plan", "--exam", exam, "--minutes", "50", "--bank", BANK)
    assert f"replaced the plan for {exam}" in run.stderr


def test_plan_reads_the_exam_date_as_students_type_it(cli) -> None:
    exam = datetime.now().astimezone().date() + timedelta(days=9)
    full_width = exam.isoformat().translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789-"})  # ２０２６－１２－２０
    for typed in (full_width, f"{exam.year}/{exam.month}/{exam.day}", f"{exam.year}年{exam.month}月{exam.day}日"):
        run = cli("plan", "--exam", typed, "--json", "--bank", BANK)
        assert run.exit_code == 0 and json.loads(run.stdout)["exam"] == exam.isoformat(), (typed, run.stderr)


def test_plan_bad_input(cli) -> None:
    today = datetime.now().astimezone().date()
    cases = [
        (["plan", "--exam", "2026-13-40"], "takes a date like"),
        (["plan", "--exam", today.isoformat()], "not after today"),
        (["plan", "--exam", (today + timedelta(days=400)).isoformat()], "at most 120 days"),
        (["plan", "--exam", (today + timedelta(days=3)).isoformat(), "--cards", "5", "--minutes", "9"], "not both"),
        (["plan", "--exam", (today + timedelta(days=3)).isoformat(), "--cards", "0"], "at least 1"),
        (["plan"], "no exam date set"),
    ]
    for args, message in cases:
        run = cli(*args, "--bank", BANK)
        assert run.exit_code == 2 and message in run.stderr and "Traceback" not in run.stderr, args
    assert cli("plan", "--clear", "--bank", BANK).exit_code == 0


def test_the_new_schema_columns(isolated_home: Path, cli) -> None:
    cli("stats", "--bank", BANK)
    columns = [row[1] for row in query(isolated_home, "PRAGMA table_info(review_logs)")]
    assert columns[-2:] == ["prior_card", "session_id"]
    assert [row[1] for row in query(isolated_home, "PRAGMA table_info(settings)")] == ["key", "value", "updated_at"]
    assert date.today()  # the clock is the real one here: dates above are relative to it


def test_a_plan_whose_exam_is_over_says_so_and_review_goes_back_to_plain_fsrs(cli) -> None:
    from ch3quiz.review.forecast import ExamSettings, save_exam
    from ch3quiz.review.store import open_store

    with open_store() as store:
        save_exam(store, ExamSettings(exam=datetime.now().astimezone().date() - timedelta(days=1), cards=10))
    run = cli("plan", "--bank", BANK)
    assert run.exit_code == 1 and "is over; ch3quiz plan --clear removes the plan" in run.stderr
    review = cli("review", "--count", "1", "--bank", BANK, input="")
    assert "exam plan" not in review.stderr and "0 due, 1 new" in review.stderr


def test_review_undo_takes_back_the_last_rating_of_a_session_that_has_ended(cli, isolated_home: Path) -> None:
    # The last card of a session could not be undone: the session ends at its rating, and u in the
    # next session had nothing to undo.
    cli("review", "--count", "1", "--bank", BANK, input="\n4\n")  # t-mc, Easy: days away
    second = cli("review", "--count", "1", "--bank", BANK, input="u\n\n3\n")  # t-multi, Good: a 10-min step
    assert "nothing to undo in this session (review --undo takes back the last rating of an earlier one)" in second.stdout
    run = cli("review", "--undo", "--count", "1", "--bank", BANK, input="\n4\n")
    assert run.exit_code == 0 and "undid the last rating, Good for t-multi given at" in run.stderr
    # t-multi is new again, so the session shows it first and it is rated Easy instead.
    assert query(isolated_home, "SELECT question_id, rating FROM review_logs ORDER BY id") == [("t-mc", 4), ("t-multi", 4)]
    assert query(isolated_home, "SELECT state FROM cards WHERE question_id = 't-multi'") == [(2,)]
    again = cli("review", "--undo", "--new", "0", "--bank", BANK, input="")
    assert again.exit_code == 0 and "undid the last rating, Easy for t-multi" in again.stderr  # that Easy, in turn
    assert query(isolated_home, "SELECT question_id FROM cards") == [("t-mc",)]
    cli("quiz", "--type", "tf", "--bank", BANK, input="对\n")
    refused = cli("review", "--undo", "--bank", BANK, input="")
    assert refused.exit_code == 2 and "no rating given in review today to undo" in refused.stderr
