"""The progress database refuses what is not its to use, and loses no update under concurrency.

Each case was found by an attack: a newer schema used and written, a 0-byte file taken as new,
a foreign lock stalling the tool for 8.5 minutes, two processes grading one card both starting
from its old state, a review keeping an answer whose rating never came.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import date, timedelta
import subprocess
import sys
from pathlib import Path

import pytest

from ch3quiz.errors import StoreError
from ch3quiz.review.migrations import MIGRATIONS
from ch3quiz.review.store import _store_error, open_store

BANK = str(Path(__file__).parents[1] / "data" / "banks" / "valid")
ROOT = Path(__file__).parents[2]


def _snapshot(home: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(home.iterdir()) if p.name.startswith("progress")}


def _made(cli, home: Path) -> Path:
    assert cli("quiz", "--type", "tf", "--bank", BANK, input="对\n").exit_code == 0
    return home / "progress.sqlite3"


@pytest.mark.parametrize("newer", [
    "PRAGMA user_version = 99",
    "INSERT INTO migrations VALUES ('999_from_the_future', '2030-01-01T00:00:00+00:00')",
])
def test_a_database_from_a_newer_ch3quiz_is_refused_before_anything_is_written(cli, isolated_home, newer) -> None:
    path = _made(cli, isolated_home)
    db = sqlite3.connect(path)
    db.execute(newer)
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    before = _snapshot(isolated_home)
    run = cli("quiz", "--type", "tf", "--bank", BANK, input="对\n")
    assert run.exit_code == 1 and run.stderr.count("\n") == 1
    assert "written by a newer ch3quiz" in run.stderr and "left as it is" in run.stderr
    assert _snapshot(isolated_home) == before


def test_a_zero_byte_database_is_refused_not_taken_as_new(cli, isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "progress.sqlite3").write_bytes(b"")
    run = cli("quiz", "--type", "tf", "--bank", BANK, input="对\n")
    assert run.exit_code == 1 and "is empty (0 bytes)" in run.stderr and run.stderr.count("\n") == 1
    assert (isolated_home / "progress.sqlite3").read_bytes() == b""


SOON = (date.today() + timedelta(days=10)).isoformat()
# A row edited by hand, or written by another program, read fine and crashed later with exit 70 ("cannot
# convert float NaN to integer", "'complex' object has no attribute 'clamp'", "Invalid isoformat string",
# JSONDecodeError). Each is now one line naming the row. (edit, commands, text of the one line)
DAMAGED_ROWS = [
    ("UPDATE cards SET card = json_set(card, '$.stability', 'NaN')", [["plan", "--exam", SOON], ["quiz", "--type", "tf"],
     ["review"], ["stats"]], "the saved card of t-tf cannot be read (ValueError: its stability is nan)"),
    ("UPDATE cards SET card = json_set(card, '$.stability', -5)", [["plan", "--exam", SOON], ["quiz", "--type", "tf"]],
     "the saved card of t-tf cannot be read (ValueError: its stability is -5.0)"),
    ("UPDATE cards SET card = json_set(card, '$.due', '2026-01-01T00:00:00')", [["plan", "--exam", SOON], ["review"]],
     "the saved card of t-tf cannot be read (ValueError: its due 2026-01-01T00:00:00 has no time zone)"),
    ("UPDATE cards SET due = 'yesterday'", [["review"]],
     "the progress database is damaged: the due time of card t-tf is 'yesterday', which is not a time"),
    ("UPDATE review_logs SET log = '{'", [["optimize"]],
     "the progress database is damaged: a review log of t-tf cannot be read"),
]


@pytest.mark.parametrize(("edit", "commands", "message"), DAMAGED_ROWS, ids=[row[0][7:40] for row in DAMAGED_ROWS])
def test_a_damaged_row_is_named_in_one_line(cli, isolated_home: Path, edit: str, commands, message: str) -> None:
    path = _made(cli, isolated_home)
    with sqlite3.connect(path) as db:
        db.execute(edit)
    for args in commands:
        bank = [] if args[0] == "optimize" else ["--bank", BANK]
        run = cli(*args, *bank, input="对\n3\n")
        assert run.exit_code == 1, (args, run.stderr)
        lines = run.stderr.splitlines()  # review says "0 due, 5 new" before it reads the damaged row
        assert message in lines[-1] and sum("error:" in line for line in lines) == 1, (args, run.stderr)


def test_a_new_database_appears_whole_with_nothing_left_beside_it(cli, isolated_home: Path) -> None:
    _made(cli, isolated_home)
    assert sorted(p.name for p in isolated_home.iterdir() if p.name.startswith(".")) == []
    db = sqlite3.connect(isolated_home / "progress.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_a_foreign_exclusive_lock_is_given_up_on_in_one_line(cli, isolated_home: Path) -> None:
    path = _made(cli, isolated_home)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        env = {**os.environ, "CH3QUIZ_HOME": str(isolated_home)}
        # It used to retry for 8.5 minutes; the timeout only guards the suite against that hang.
        done = subprocess.run([sys.executable, "-m", "ch3quiz", "quiz", "--type", "tf", "--bank", BANK],
                              input="对\n", capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 1, done.stderr
    assert "locked by another program" in done.stderr and done.stderr.count("\n") == 1


def test_a_full_disk_is_called_a_full_disk(tmp_path: Path) -> None:
    error = _store_error(tmp_path / "p.sqlite3", sqlite3.OperationalError("database or disk is full"))
    assert isinstance(error, StoreError) and "the disk is full" in error.message


COUNTER = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from ch3quiz.review.store import Review, open_store

def plan(stored):
    count = int(stored or 0) + 1
    now = datetime.now(timezone.utc)
    return Review("q", str(count), now, 2, 3, now, None, "review", "{}")

with open_store(Path(sys.argv[1])) as store:
    for _ in range(int(sys.argv[2])):
        store.apply_review("q", plan)
"""


def test_three_processes_updating_one_card_lose_no_update(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with open_store(path):
        pass
    procs = [subprocess.Popen([sys.executable, "-c", COUNTER, str(path), "40"], cwd=ROOT, stderr=subprocess.PIPE,
                              text=True) for _ in range(3)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    db = sqlite3.connect(path)
    assert db.execute("SELECT card FROM cards WHERE question_id = 'q'").fetchone()[0] == "120"
    assert db.execute("SELECT COUNT(*) FROM review_logs").fetchone()[0] == 120
    db.close()


def test_review_stopped_at_the_rating_prompt_keeps_neither_answer_nor_review(cli, isolated_home: Path) -> None:
    run = cli("review", "--count", "1", "--bank", BANK, input="a\n")  # answered, then input ends at the rating
    assert run.exit_code == 0 and "✓ correct" in run.stdout
    db = sqlite3.connect(isolated_home / "progress.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM review_logs").fetchone()[0] == 0
    db.close()
    rated = cli("review", "--count", "1", "--bank", BANK, input="a\n\n")
    assert rated.exit_code == 0
    with open_store(isolated_home / "progress.sqlite3") as store:
        (answer,) = store.answers()
        assert answer["verdict"] == "correct" and store.card_ids() == {answer["question_id"]}


def test_a_previewed_rating_is_kept_unless_another_session_rated_the_card_meanwhile(tmp_path: Path) -> None:
    from ch3quiz.bank.model import Question
    from ch3quiz.review.scheduler import GOOD, Scheduler

    q = Question("q-one", "tf", "3.1", "题", "Q", True, "解", "E", ("x",), 1)
    with open_store(tmp_path / "p.sqlite3") as store:
        scheduler = Scheduler(store, fuzz=False)
        shown = store.card_json(q.id)
        chosen = scheduler.preview(q)[GOOD]
        kept, _ = store.apply_review(q.id, scheduler.keep_preview(q, chosen, shown))
        assert kept == chosen and store.card_json(q.id) == chosen.card_json  # unchanged card: the label holds
        shown = store.card_json(q.id)
        chosen = scheduler.preview(q)[GOOD]
        scheduler.rate(q, GOOD)  # another session rates the same card first
        after_other = store.card_json(q.id)
        stored, _ = store.apply_review(q.id, scheduler.keep_preview(q, chosen, shown))
        assert stored != chosen and store.card_json(q.id) == stored.card_json != after_other
        assert len(store.review_logs_json()) == 3


def test_a_killed_creations_leftover_is_cleared_once_stale(tmp_path: Path) -> None:
    leftover = tmp_path / ".progress.sqlite3.99999.new"
    leftover.write_bytes(b"half")
    os.utime(leftover, (0, 0))
    with open_store(tmp_path / "progress.sqlite3"):
        pass
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
