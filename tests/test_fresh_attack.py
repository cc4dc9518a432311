"""Cases a fresh attack on derive, the prompts, plan and the bank cache found; each once went wrong."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

BANK = str(Path(__file__).parent / "data" / "banks" / "valid")


def test_derive_echoes_a_huge_line_cut_short(cli, tmp_path: Path) -> None:
    # A 100,000-character line was echoed whole in the table: 220 kB of x's on the terminal.
    steps = tmp_path / "steps.txt"
    steps.write_text("x" * 100_000 + "\n", encoding="utf-8")
    run = cli("derive", "derive-bce-sigmoid", str(steps))
    assert run.exit_code == 2
    assert len(run.stdout) < 5_000 and "characters not shown" in run.stdout
    assert "100,000 characters" in run.stdout  # what it says about the line is its real length


@pytest.mark.parametrize(("typed", "word"), [("？", "hint"), ("！", "override")], ids=["question-mark", "bang"])
def test_full_width_commands_from_a_chinese_input_method(cli, query, typed: str, word: str) -> None:
    # ？ and ！ (what a Chinese input method types) were graded as answers: "！" after a typo
    # became a wrong answer to the next question instead of the override.
    before = "" if word == "hint" else "wrong\n"
    run = cli("quiz", "--type", "fill", "--bank", BANK, input=f"{before}{typed}\n{'每次' if word == 'hint' else ''}\n")
    assert run.exit_code == 0
    if word == "hint":
        assert "no hint for this one / 本题没有提示" in run.stdout
        assert query("SELECT given FROM answers") == [("每次",)]  # the ？ was no answer
    else:
        assert query("SELECT given, verdict, overridden FROM answers") == [("wrong", "correct", 1)]
        assert query("SELECT rating FROM review_logs") == [(2,)]  # Hard, the override's rating


def test_review_takes_a_full_width_u_for_undo(cli, query) -> None:
    run = cli("review", "--count", "2", "--bank", BANK, input="\n1\nｕ\n\n4\n\n4\n")
    assert run.exit_code == 0 and "undid the rating of t-mc" in run.stderr
    assert query("SELECT question_id, rating FROM review_logs ORDER BY id") == [("t-mc", 4), ("t-multi", 4)]


SOON = (date.today() + timedelta(days=10)).isoformat()


@pytest.mark.parametrize(("budget", "message"), [
    (["--cards", "99999999999999999999999"], "--cards is a daily budget of at most 40,000 answers"),
    (["--minutes", "9223372036854775807"], "a day has 1,440 minutes"),
    (["--minutes", "1441"], "a day has 1,440 minutes"),
])
def test_a_daily_budget_no_day_holds_is_refused_and_nothing_stored(cli, query, budget, message) -> None:
    # --cards 10^23 was stored and planned with: "1e+23 answers a day".
    run = cli("plan", "--exam", SOON, *budget, "--bank", BANK)
    assert run.exit_code == 2 and message in run.stderr and run.stdout == ""
    assert query("SELECT COUNT(*) FROM settings") == [(0,)]
    assert cli("plan", "--exam", SOON, "--minutes", "1440", "--bank", BANK).exit_code == 0


def _pipe_of(text: str):
    """A path like the shell's <(cmd): /dev/fd/N, the read end of a pipe fed by another thread."""
    import os
    import threading

    read_end, write_end = os.pipe()

    def feed() -> None:
        with open(write_end, "w", encoding="utf-8") as pipe:
            pipe.write(text)

    threading.Thread(target=feed, daemon=True).start()
    return read_end, f"/dev/fd/{read_end}"


@pytest.mark.parametrize("args", [["validate"], ["list", "--bank"], ["stats", "--bank"], ["plan", "--exam", SOON, "--bank"]],
                         ids=["validate", "list", "stats", "plan"])
def test_a_bank_given_as_a_pipe_is_read_once(cli, args: list[str]) -> None:
    # `validate <(cmd)` said "/dev/fd/63:1: -: no .yaml question files here": a pipe was taken for a folder.
    import os

    text = (Path(BANK) / "every-type.yaml").read_text(encoding="utf-8")
    read_end, path = _pipe_of(text)
    try:
        run = cli(*args, path)
    finally:
        os.close(read_end)
    assert run.exit_code == 0, run.stderr
    assert "no .yaml question files" not in run.stdout + run.stderr
    if args[0] in ("validate", "list"):
        assert "6 questions" in run.stdout


@pytest.mark.parametrize("answers", ["inline", "end"])
def test_html_in_bank_text_is_shown_in_the_sheet_not_obeyed(cli, tmp_path: Path, answers: str) -> None:
    # An explanation holding "</details>" closed the answer's fold early; a tag in a prompt was HTML.
    bank = tmp_path / "b.yaml"
    bank.write_text(
        "section: '3.6'\nquestions:\n  - id: t-leak\n    type: tf\n    difficulty: 1\n    tags: [sgd]\n"
        "    prompt_zh: 对吗？<img src=x onerror=alert(1)>\n    prompt_en: True if x<0 and y>1?\n    answer: true\n"
        "    explanation_zh: 因为 </details><details open> 这样。\n    explanation_en: Because <!-- hidden -->.\n",
        encoding="utf-8")
    run = cli("export", "md", "--answers", answers, "-o", "-", "--bank", str(bank))
    assert run.exit_code == 0, run.stderr
    sheet = run.stdout
    assert "&lt;img src=x onerror=alert(1)>" in sheet and "<img" not in sheet
    assert "因为 &lt;/details>&lt;details open> 这样" in sheet and "&lt;!-- hidden -->" in sheet
    assert sheet.count("<details>") == sheet.count("</details>") == (1 if answers == "inline" else 0)
    assert "True if x<0 and y>1?" in sheet  # a comparison is no tag: left as written
