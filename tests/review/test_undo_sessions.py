"""`review --undo` and sessions running in other terminals.

The rule (docs/design.md): `u` inside a session takes back that session's own last rating;
`review --undo` takes back only the newest rating of all, when a review session that has
ended gave it today, and says which (card, rating, time). When the newest rating belongs
to a session still running (its process alive, holding its lock), nothing is undone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

BANK = str(Path(__file__).parents[1] / "data" / "banks" / "valid")
ROOT = Path(__file__).parents[2]


def _start_review(home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "CH3QUIZ_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    env.pop("CH3QUIZ_DEBUG", None)
    return subprocess.Popen([sys.executable, "-m", "ch3quiz", "review", "--count", "3", "--bank", BANK],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=ROOT)


def _rated_in_other_terminal(home: Path, query, logs_before: int = 0) -> subprocess.Popen[str]:
    """A review session in another process that rated its first card Easy and waits at the next one."""
    other = _start_review(home)
    assert other.stdin is not None
    other.stdin.write("\n4\n")
    other.stdin.flush()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if (home / "progress.sqlite3").exists() and len(query("SELECT id FROM review_logs")) > logs_before:
            return other
        time.sleep(0.05)
    other.kill()
    raise AssertionError("the other session never rated its card")


def test_review_undo_refuses_the_rating_of_a_session_still_running(cli, query, isolated_home: Path) -> None:
    cli("review", "--count", "1", "--bank", BANK, input="\n3\n")  # an ended session: t-mc, Good
    other = _rated_in_other_terminal(isolated_home, query, logs_before=1)
    try:
        before = query("SELECT id, question_id, rating, session_id FROM review_logs ORDER BY id")
        cards = query("SELECT question_id, card FROM cards ORDER BY question_id")
        refused = cli("review", "--undo", "--bank", BANK, input="")
        assert refused.exit_code == 1
        assert "belongs to a session still running in another terminal" in refused.stderr
        assert "take it back there with u" in refused.stderr and "nothing was undone" in refused.stderr
        assert "t-multi" in refused.stderr  # the card that session rated, and when
        # Neither its rating nor the ended session's earlier one was touched.
        assert query("SELECT id, question_id, rating, session_id FROM review_logs ORDER BY id") == before
        assert query("SELECT question_id, card FROM cards ORDER BY question_id") == cards
        assert [r[3] for r in before] == [1, 2]  # each rating carries its session
    finally:
        out, err = other.communicate("", timeout=30)  # that session ends (input ended)
    assert other.returncode == 0, err
    assert query("SELECT id FROM sessions WHERE finished_at IS NULL") == []
    # Ended, its rating is the newest of a finished session: now it can be taken back, and says which.
    taken = cli("review", "--undo", "--new", "0", "--bank", BANK, input="")
    assert taken.exit_code == 0
    assert "undid the last rating, Easy for t-multi given at" in taken.stderr
    assert query("SELECT question_id, rating FROM review_logs ORDER BY id") == [("t-mc", 3)]
    assert not list(isolated_home.glob(".*.lock"))  # the ended session's lock file is gone


def test_a_killed_session_does_not_block_undo_forever(cli, query, isolated_home: Path) -> None:
    other = _rated_in_other_terminal(isolated_home, query)
    other.send_signal(signal.SIGKILL)  # no finished_at is ever written
    other.communicate(timeout=30)
    assert query("SELECT finished_at FROM sessions") == [(None,)]
    taken = cli("review", "--undo", "--new", "0", "--bank", BANK, input="")
    assert taken.exit_code == 0, taken.stderr
    assert "undid the last rating, Easy for t-mc" in taken.stderr
    assert query("SELECT COUNT(*) FROM review_logs") == [(0,)]
    assert query("SELECT COUNT(*) FROM cards") == [(0,)]
    assert not list(isolated_home.glob(".*.lock"))  # its abandoned lock file was cleared


def test_review_undo_names_the_rating_that_is_not_its_to_take(cli, query, isolated_home: Path) -> None:
    cli("review", "--count", "1", "--bank", BANK, input="\n3\n")
    cli("quiz", "--type", "tf", "--bank", BANK, input="对\n")  # the newest rating came from a quiz
    refused = cli("review", "--undo", "--bank", BANK, input="")
    assert refused.exit_code == 2
    assert "no rating given in review today to undo (the last rating, t-tf at" in refused.stderr
    assert "came from quiz)" in refused.stderr
    assert query("SELECT question_id FROM review_logs ORDER BY id") == [("t-mc",), ("t-tf",)]


def test_undo_checks_inside_its_transaction_that_no_rating_came_meanwhile(tmp_path: Path) -> None:
    from dataclasses import replace

    from ch3quiz.bank.model import Question
    from ch3quiz.errors import StoreError
    from ch3quiz.review.scheduler import GOOD, Scheduler
    from ch3quiz.review.store import open_store

    one = Question("q-one", "mc", "3.4", "题", "Q", "A", "解", "E", ("x",), 1)
    two = replace(one, id="q-two")
    with open_store(tmp_path / "p.sqlite3") as store:
        scheduler = Scheduler(store)
        store.apply_review(one.id, scheduler.planner(one, GOOD))
        latest = store.latest_review()
        store.apply_review(two.id, scheduler.planner(two, GOOD))  # another card rated after it was read
        with pytest.raises(StoreError, match="another rating was given meanwhile; nothing was undone"):
            store.undo_review(latest.log_id, newest_of_all=True)
        assert [r[0] for r in store.review_ratings()] == ["q-one", "q-two"]
        assert store.card_ids() == {"q-one", "q-two"}
