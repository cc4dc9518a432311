"""The docs are tested: the format page's example bank validates, every command has help text,
and the README's commands exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ch3quiz.bank import read_bank
from ch3quiz.bank.model import QUESTION_TYPES

ROOT = Path(__file__).parents[1]


def test_the_format_example_is_a_valid_bank_with_every_type(tmp_path: Path) -> None:
    page = (ROOT / "docs" / "bank-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", page, re.S)
    example = next(block for block in blocks if "questions:" in block and "doc-derivation" in block)
    (tmp_path / "example.yaml").write_text(example, encoding="utf-8")
    bank, problems = read_bank(tmp_path / "example.yaml")
    assert [str(p) for p in problems] == []
    assert sorted(q.type for q in bank) == sorted(QUESTION_TYPES)


def test_the_example_answers_grade_as_right(tmp_path: Path) -> None:
    from ch3quiz.math import check_answer, check_derivation
    from ch3quiz.quiz.grading import grade

    page = (ROOT / "docs" / "bank-format.md").read_text(encoding="utf-8")
    example = next(b for b in re.findall(r"```yaml\n(.*?)```", page, re.S) if "doc-derivation" in b)
    (tmp_path / "example.yaml").write_text(example, encoding="utf-8")
    bank, _ = read_bank(tmp_path / "example.yaml")
    typed = {"doc-mc": "b", "doc-multi": "cb", "doc-tf": "对", "doc-fill": "sgd", "doc-numeric": "16",
             "doc-short": "GD 用全部样本，SGD 有噪声"}
    for qid, text in typed.items():
        assert grade(bank.get(qid), text).verdict == "correct", qid
    assert check_answer(bank.get("doc-formula"), "1 - tanh(x)^2").verdict == "correct"
    assert check_derivation(bank.get("doc-derivation"), bank.get("doc-derivation").answer).verdict == "correct"


def test_the_parameterised_example_draws_and_recomputes(tmp_path: Path) -> None:
    from ch3quiz.quiz.grading import grade
    from ch3quiz.quiz.variants import draw_variant

    page = (ROOT / "docs" / "bank-format.md").read_text(encoding="utf-8")
    example = next(b for b in re.findall(r"```yaml\n(.*?)```", page, re.S) if "doc-conv-out" in b)
    (tmp_path / "example.yaml").write_text(example, encoding="utf-8")
    bank, problems = read_bank(tmp_path / "example.yaml")
    assert [str(p) for p in problems] == []
    for seed in range(10):
        variant = draw_variant(bank.get("doc-conv-out"), seed)
        n, k, p, s, o = variant.fields["variant"]["values"].values()
        assert variant.answer == o == (n + 2 * p - k) // s + 1
        assert f"Input ${n}\\times{n}$" in variant.prompt_en and f"gives {int(o) - 1}." in variant.explanation_en
        assert grade(variant, str(o)).verdict == "correct"


def _commands() -> list[str]:
    from ch3quiz.cli.catalog import CATALOG

    return sorted(entry.name for entry in CATALOG if entry.name != "import") + ["import csv"]


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_help_with_an_example(cli, name: str) -> None:
    run = cli(*name.split(), "--help")
    assert run.exit_code == 0
    assert "Example: ch3quiz" in run.stdout, f"{name} --help has no example"


def test_the_readme_names_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in _commands():
        assert f"ch3quiz {name}" in readme, name


def test_the_readme_names_every_option_of_every_command() -> None:
    """The command table is the student's reference: an option it does not mention is one nobody finds."""
    import typer.main

    from ch3quiz.cli import app
    from ch3quiz.cli.catalog import CATALOG

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    missing = []
    for entry in CATALOG:
        command = group.get_command(None, entry.name)
        for sub in getattr(command, "commands", {}).values() or [command]:
            for param in sub.params:
                names = [o for o in getattr(param, "opts", []) + getattr(param, "secondary_opts", []) if o.startswith("-")]
                if names and "--help" not in names and not any(re.search(rf"(?<![\w-]){n}(?![\w-])", readme) for n in names):
                    missing.append(f"{entry.name}: {'/'.join(names)}")
    assert missing == []
