"""A derivation question at the quiz and review prompt: written line by line, each line marked as it is
entered, '?' after a line shows the next step of the reference, an empty line ends it."""

from __future__ import annotations

SIDE_FACT = r"\delta^{(l)} = \frac{\partial J}{\partial Z^{(l)}} = \frac{\partial J}{\partial A^{(l)}}\cdot\frac{\partial A^{(l)}}{\partial Z^{(l)}}"
WRONG = r"\frac{\partial J}{\partial A^{(l)}} = W^{(l+1)}\delta^{(l+1)}"
RIGHT = r"\frac{\partial J}{\partial A^{(l)}} = (W^{(l+1)})^{\top}\delta^{(l+1)}"
LAST = r"\delta^{(L-1)} = \sigma'(Z^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)}"
QUIZ = ("quiz", "--tag", "notes", "--type", "derivation", "--count", "1")


def test_each_line_is_marked_as_it_is_entered(cli, isolated_home):
    run = cli(*QUIZ, input="\n".join([SIDE_FACT, "?", WRONG, LAST, "", ""]))
    out = run.stdout
    assert "✓ checked for l = L, l = L-1; read ∂A" in out  # the line's mark and how it was read
    assert "step 2/6 of the reference" in out and "∂A⁽ˡ⁾/∂Z⁽ˡ⁾ = σ′(Z⁽ˡ⁾)" in out  # '?' after a line
    assert "✗ W⁽ᴸ⁾·δ⁽ᴸ⁾" in out and "transpose is missing" in out  # the wrong line, named at once
    assert "line 2 / 第 2 行" in out and "score / 得分: 0/1" in out  # the verdict names the first wrong line


def test_a_right_derivation_at_the_prompt_is_correct(cli, isolated_home):
    run = cli(*QUIZ, input="\n".join([SIDE_FACT, RIGHT, LAST, "", ""]))
    assert run.stdout.count("✓") >= 3 and "score / 得分: 1/1" in run.stdout


def test_a_mock_exam_does_not_mark_lines(cli, isolated_home):
    run = cli(*QUIZ, "--exam", "5", input="\n".join([SIDE_FACT, "?", WRONG, "", ""]))
    assert "✓ checked" not in run.stdout and "step 2/6" not in run.stdout


def test_review_takes_a_derivation_line_by_line_and_rates_it_by_its_verdict(cli, isolated_home, tmp_path):
    import sqlite3

    import yaml

    from ch3quiz.paths import bundled_bank_path

    source = yaml.safe_load((bundled_bank_path() / "derivations" / "supp.yaml").read_text(encoding="utf-8"))
    only = [q for q in source["questions"] if q["id"] == "derive-delta-Lminus1-notes"]
    bank = tmp_path / "one.yaml"
    bank.write_text(yaml.safe_dump({"section": source["section"], "questions": only}, allow_unicode=True), encoding="utf-8")
    run = cli("review", "--bank", str(bank), "--count", "1", input="\n".join([SIDE_FACT, WRONG, "", "", ""]))
    assert "✗ W⁽ᴸ⁾·δ⁽ᴸ⁾" in run.stdout and "line 2 / 第 2 行" in run.stdout
    db = sqlite3.connect(isolated_home / "progress.sqlite3")
    try:
        assert db.execute("SELECT question_id, rating FROM review_logs").fetchall()[0] == ("derive-delta-Lminus1-notes", 1)
    finally:
        db.close()
