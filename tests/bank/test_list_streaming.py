"""``list`` writes a bank's lines as it reads it, a file at a time, so the first page of a large bank
read for the first time shows at once; what it shows is what the cached bank shows."""

from __future__ import annotations

from pathlib import Path

QUESTION = """  - id: {qid}
    type: tf
    prompt_zh: 第 {n} 题
    prompt_en: Question {n}
    answer: true
    explanation_zh: 对。
    explanation_en: Right.
    tags: [x]
    difficulty: 1
"""


def _bank(folder: Path, sizes: dict[str, int]) -> Path:
    folder.mkdir()
    n = 0
    for name, size in sizes.items():
        body = ""
        for _ in range(size):
            n += 1
            body += QUESTION.format(qid=f"q{n:03d}", n=n)
        (folder / name).write_text(f"section: '3.1'\nquestions:\n{body}", encoding="utf-8")
    return folder


def test_a_page_read_file_by_file_is_the_page_the_cache_shows(cli, tmp_path: Path) -> None:
    bank = _bank(tmp_path / "bank", {"a.yaml": 30, "b.yaml": 40, "c.yaml": 50})
    first = cli("list", "--bank", str(bank), "--page", "2")  # nothing cached yet: read file by file
    again = cli("list", "--bank", str(bank), "--page", "2")  # from the cache
    assert first.exit_code == again.exit_code == 0
    assert first.stdout == again.stdout
    ids = [line.split()[0] for line in first.stdout.splitlines()[1:-1]]
    assert ids == [f"q{n:03d}" for n in range(51, 101)]
    assert first.stdout.splitlines()[-1] == "120 questions · page 2 of 3; --page 3 for more"


def test_filters_apply_to_a_bank_read_file_by_file(cli, tmp_path: Path) -> None:
    bank = _bank(tmp_path / "bank", {"a.yaml": 3, "b.yaml": 2})
    (bank / "b.yaml").write_text((bank / "b.yaml").read_text(encoding="utf-8").replace("'3.1'", "'3.4'"),
                                 encoding="utf-8")
    run = cli("list", "--bank", str(bank), "--section", "3.4")
    assert run.exit_code == 0
    assert [line.split()[0] for line in run.stdout.splitlines()[1:-1]] == ["q004", "q005"]
    assert run.stdout.splitlines()[-1] == "2 questions"


def test_a_page_past_the_last_writes_no_line(cli, tmp_path: Path) -> None:
    bank = _bank(tmp_path / "bank", {"a.yaml": 3})
    run = cli("list", "--bank", str(bank), "--page", "9")
    assert run.exit_code == 2 and run.stdout == ""
    assert "--page must be from 1 to 1" in run.stderr


def test_a_problem_in_a_later_file_ends_the_list_with_it(cli, tmp_path: Path) -> None:
    bank = _bank(tmp_path / "bank", {"a.yaml": 2, "b.yaml": 1})
    (bank / "b.yaml").write_text((bank / "b.yaml").read_text(encoding="utf-8").replace("answer: true", "answer: 7"),
                                 encoding="utf-8")
    run = cli("list", "--bank", str(bank))
    assert run.exit_code == 1
    assert [line.split()[0] for line in run.stdout.splitlines()[1:]] == ["q001", "q002"]  # a.yaml, as it was read
    assert run.stderr.startswith("error: ") and "b.yaml:7: q003: tf answer must be true or false" in run.stderr
    assert run.stderr.count("\n") == 1
