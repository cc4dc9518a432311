"""validate, list, sections, show: what a student sees, and the exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ch3quiz.bank.model import QUESTION_TYPES
from ch3quiz.bank.sections import SECTION_IDS

BANKS = Path(__file__).parent / "data" / "banks"


def test_validate_bundled_bank_passes(cli) -> None:
    run = cli("validate")
    assert run.exit_code == 0, run.stdout
    assert run.stdout.splitlines()[-1].startswith("ok: ")
    assert not [line for line in run.stdout.splitlines() if ": warning: " not in line][:-1]


def test_validate_reports_every_problem_as_file_line_id_message(cli) -> None:
    run = cli("validate", str(BANKS / "invalid" / "choices.yaml"))
    assert run.exit_code == 1
    rows = [line for line in run.stdout.splitlines() if ".yaml:" in line]
    assert len(rows) == 7
    first = rows[0].split(": ", 2)
    assert first[0].endswith("choices.yaml:10") and first[1] == "mc-not-choice"
    assert "7 problems" in run.stdout


def test_validate_broken_yaml_names_the_line(cli) -> None:
    run = cli("validate", str(BANKS / "invalid" / "yaml-syntax.yaml"))
    assert run.exit_code == 1
    assert "yaml-syntax.yaml:6: -: YAML syntax error" in run.stdout


def test_validate_missing_path_is_one_line_error(cli, tmp_path: Path) -> None:
    run = cli("validate", str(tmp_path / "nope"))
    assert run.exit_code == 2  # unreadable input, as for any missing FILE
    assert run.stderr.strip().startswith("error: no question bank at")
    assert "Traceback" not in run.stderr + run.stdout


def test_list_json_has_the_fields_tools_rely_on(cli) -> None:
    run = cli("list", "--json", "--bank", str(BANKS / "valid"))
    assert run.exit_code == 0
    rows = json.loads(run.stdout)
    assert [r["id"] for r in rows] == ["t-mc", "t-multi", "t-tf", "t-fill", "t-numeric", "t-short"]
    for row in rows:
        for key in ("id", "section", "type", "prompt_zh", "prompt_en", "answer", "explanation_zh", "explanation_en"):
            assert row[key] not in (None, ""), key
    assert rows[1]["answer"] == ["A", "C"]


def test_list_filters_by_section_type_and_tag(cli) -> None:
    bank = str(BANKS / "valid")
    assert [r["id"] for r in json.loads(cli("list", "--json", "--type", "tf", "--bank", bank).stdout)] == ["t-tf"]
    assert [r["id"] for r in json.loads(cli("list", "--json", "--tag", "epoch", "--bank", bank).stdout)] == ["t-numeric"]
    assert json.loads(cli("list", "--json", "-s", "3.1", "--bank", bank).stdout) == []


def test_list_rejects_unknown_section_and_type(cli) -> None:
    run = cli("list", "--section", "3.11")
    assert run.exit_code == 2 and "unknown section '3.11'" in run.stderr
    run = cli("list", "--type", "essay")
    assert run.exit_code == 2 and "unknown type 'essay'" in run.stderr


def test_bank_from_environment_variable(cli) -> None:
    run = cli("list", "--json", env={"CH3QUIZ_BANK": str(BANKS / "valid")})
    assert len(json.loads(run.stdout)) == 6


def test_sections_json_counts_every_section(cli) -> None:
    rows = json.loads(cli("sections", "--json", "--bank", str(BANKS / "valid")).stdout)
    assert [r["id"] for r in rows] == list(SECTION_IDS)
    gd = rows[SECTION_IDS.index("3.6")]
    assert gd["total"] == 6 and gd["counts"]["numeric"] == 1 and set(gd["counts"]) == set(QUESTION_TYPES)
    assert gd["title_zh"] and gd["title_en"]


def test_sections_table_shows_titles(cli) -> None:
    run = cli("sections")
    assert run.exit_code == 0
    assert "补充" in run.stdout and "3.10" in run.stdout


def test_show_renders_question_answer_and_explanation(cli) -> None:
    run = cli("show", "t-multi", "--bank", str(BANKS / "valid"))
    assert run.exit_code == 0
    assert "every step uses all the data" in run.stdout
    assert "A. 每步用全部数据" in run.stdout and "C. 每步代价高" in run.stdout


def test_show_unknown_id_suggests_close_ones(cli) -> None:
    run = cli("show", "t-mcc", "--bank", str(BANKS / "valid"))
    assert run.exit_code == 2
    assert run.stderr.strip() == "error: no question with id 't-mcc' (did you mean t-mc?); ch3quiz list shows every id / 没有这道题"


def test_broken_bank_is_refused_with_one_line(cli) -> None:
    run = cli("list", "--bank", str(BANKS / "invalid" / "yaml-syntax.yaml"))
    assert run.exit_code == 1
    assert len(run.stderr.strip().splitlines()) == 1
    assert "yaml-syntax.yaml:6" in run.stderr


def _run_module(*args: str, env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **env_extra}
    return subprocess.run([sys.executable, "-m", "ch3quiz", *args], capture_output=True, text=True, env=env, timeout=60)


def test_python_dash_m_and_debug_traceback(tmp_path: Path) -> None:
    bad = str(BANKS / "invalid" / "yaml-syntax.yaml")
    quiet = _run_module("list", "--bank", bad, env_extra={"CH3QUIZ_HOME": str(tmp_path)})
    assert quiet.returncode == 1 and "Traceback" not in quiet.stderr
    loud = _run_module("list", "--bank", bad, env_extra={"CH3QUIZ_HOME": str(tmp_path), "CH3QUIZ_DEBUG": "1"})
    assert loud.returncode != 0 and "Traceback" in loud.stderr and "BankError" in loud.stderr


@pytest.mark.parametrize("argv", [["--help"], ["validate"], ["sections"], ["list"]])
def test_light_commands_import_neither_sympy_nor_numpy(argv: list[str]) -> None:
    code = (
        "import sys\nfrom ch3quiz.cli import main\n"
        f"main({argv!r})\n"
        "print(sorted(m for m in ('sympy', 'numpy') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_an_unexpected_error_is_one_line_without_traceback(cli, monkeypatch) -> None:
    from ch3quiz.bank import cache

    def broken(*_args):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(cache, "load_bank_cached", broken)
    run = cli("list")
    assert run.exit_code == 70
    assert run.stderr.strip() == (
        "error: internal error (RuntimeError: simulated bug); run again with CH3QUIZ_DEBUG=1 to see where")


def test_list_streams_one_line_a_question_and_pages(cli, tmp_path) -> None:
    rows = "".join(
        f"- {{id: q-{n:03d}, type: tf, section: '3.1', prompt_zh: '第 {n} 题 $\\sigma$', prompt_en: Q, answer: true,"
        f" explanation_zh: 解, explanation_en: E, tags: [t], difficulty: 1}}\n" for n in range(120))
    bank = tmp_path / "many.yaml"
    bank.write_text(rows, encoding="utf-8")
    everything = cli("list", "--bank", str(bank))
    assert everything.exit_code == 0
    lines = everything.stdout.splitlines()
    assert lines[0].split() == ["id", "section", "type", "diff", "prompt"]
    assert len(lines) == 1 + 120 + 1 and lines[-1] == "120 questions"
    assert lines[1].startswith("q-000") and "第 0 题 σ" in lines[1]
    second = cli("list", "--page", "2", "--bank", str(bank))
    assert second.stdout.splitlines()[1].startswith("q-050") and len(second.stdout.splitlines()) == 1 + 50 + 1
    assert second.stdout.splitlines()[-1] == "120 questions · page 2 of 3; --page 3 for more"
    beyond = cli("list", "--page", "4", "--bank", str(bank))
    assert beyond.exit_code == 2 and "--page must be from 1 to 3" in beyond.stderr


def test_counts_agree_with_their_noun(cli, tmp_path) -> None:
    # Seen by a student: "ok: 1 questions". English needs the singular for one (Chinese has no plural).
    one = tmp_path / "one.yaml"
    one.write_text("section: '3.1'\nquestions:\n  - id: only-one\n    type: tf\n    difficulty: 1\n"
                   "    tags: [cross-entropy]\n    prompt_zh: 交叉熵可以取负值。\n    prompt_en: Cross-entropy can be negative.\n    answer: false\n"
                   "    explanation_zh: 不会。\n    explanation_en: It cannot.\n", encoding="utf-8")
    run = cli("validate", str(one))
    assert run.exit_code == 0, run.stdout
    assert run.stdout.splitlines()[-1] == f"ok: 1 question in {one}"
    assert cli("list", "--bank", str(one)).stdout.splitlines()[-1] == "1 question"
    assert "wrote 1 question to" in cli("export", "csv", "-o", str(tmp_path / "o.csv"), "--bank", str(one)).stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("section: '3.1'\nquestions: [{id: x}]\n", encoding="utf-8")
    assert re.match(r"^1 problem in |^\d+ problems in ", cli("validate", str(broken)).stdout.splitlines()[-1])


def test_no_message_writes_a_plural_in_brackets() -> None:
    # "card(s)", "day(s)": every count now agrees with its noun, so no message hedges with "(s)".
    import ast

    import ch3quiz

    root = Path(ch3quiz.__file__).parent
    hedged = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search(r"[a-z]\(s\)", node.value):
                hedged.append(f"{path.relative_to(root)}:{node.lineno}: {node.value[:60]}")
    assert hedged == []
