"""Item-design warnings over small banks: what each file must warn about, and nothing more.

Each file in tests/data/banks/design states its warnings in ``# warn: [line: ]id: message``
comments; adding a case needs no code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ch3quiz.bank import load_bank
from ch3quiz.bank.lint import answer_shown_in, design_warnings, key_ratio

DESIGN = Path(__file__).parent / "data" / "banks" / "design"
FILES = sorted(DESIGN.glob("*.yaml"))
WARN = re.compile(r"^# warn: (?:(\d+): )?(.+)$", re.M)


def _row(warning) -> str:
    place = "" if warning.line is None else f"{warning.line}: "
    return f"{place}{warning.qid}: {warning.message}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_each_design_file_warns_exactly_as_it_states(path: Path) -> None:
    expected = [f"{line}: {text}" if line else text for line, text in WARN.findall(path.read_text(encoding="utf-8"))]
    rows = [_row(w) for w in design_warnings(load_bank(path))]
    for wanted in expected:
        assert any(row.startswith(wanted) for row in rows), f"{path.name}: no warning {wanted!r} in {rows}"
    assert len(rows) == len(expected), f"{path.name}: unexpected warnings {rows}"


@pytest.mark.parametrize(("answer", "prompt", "shown"), [
    ("1", r"the maximum of $1-\tanh^2(x)$ is ____", True),
    ("1", "after 10 layers", False),
    ("1.0", "a rate of 1.05", False),
    ("log", r"$-[y\log p]$ is the ____ loss", True),
    ("log", "listed in the catalog", False),
    ("dying ReLU", "a DYING relu unit", True),
    ("死亡ReLU", "这叫死亡 ReLU 问题", True),
    ("元素", "逐元素相乘", True),
    ("Hadamard", "the ____ product", False),
])
def test_a_fill_answer_is_found_as_the_grader_reads_text(answer: str, prompt: str, shown: bool) -> None:
    assert answer_shown_in(answer, prompt) is shown


def test_key_ratio_counts_characters_per_language() -> None:
    bank = load_bank(DESIGN / "giveaways.yaml")
    long_key = bank.get("mc-long-key")
    assert key_ratio(long_key, "zh") == pytest.approx(14 / 7)
    assert key_ratio(long_key, "en") == pytest.approx(57 / 12)


def test_validate_prints_warnings_and_keeps_exit_0(cli) -> None:
    run = cli("validate", str(DESIGN / "giveaways.yaml"))
    assert run.exit_code == 0
    rows = [line for line in run.stdout.splitlines() if ": warning: " in line]
    assert len(rows) == 6
    assert rows[0].split(": ")[0].endswith("giveaways.yaml:10")
    assert run.stdout.splitlines()[-1].endswith("giveaways.yaml (6 warnings)")
    assert run.stdout.splitlines()[-1].startswith("ok: 5 questions in ")


def test_validate_with_problems_still_exits_1_and_counts_warnings(cli, tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "warned.yaml").write_text((DESIGN / "giveaways.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (bank / "broken.yaml").write_text("section: '3.1'\nquestions: [{id: x}]\n", encoding="utf-8")
    run = cli("validate", str(bank))
    assert run.exit_code == 1
    assert run.stdout.splitlines()[-1].endswith("(6 warnings)")
    assert re.match(r"^\d+ problems? in ", run.stdout.splitlines()[-1])
