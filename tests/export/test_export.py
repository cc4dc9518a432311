"""export anki/csv/md and import csv: the files are opened and read back as the other tool would."""

from __future__ import annotations

import csv
import json
import sqlite3
import zipfile
from pathlib import Path

import yaml

from ch3quiz.bank import load_bank

BANK = Path(__file__).parents[1] / "data" / "banks" / "valid"


def test_anki_package_has_one_note_per_question(cli, tmp_path: Path) -> None:
    out = tmp_path / "deck.apkg"
    run = cli("export", "anki", "-o", str(out), "--bank", str(BANK))
    assert run.exit_code == 0
    with zipfile.ZipFile(out) as package:
        assert "collection.anki2" in package.namelist()
        package.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    notes = db.execute("SELECT flds, tags FROM notes").fetchall()
    db.close()
    assert len(notes) == len(load_bank(BANK))
    fields = {flds.split("\x1f")[0]: flds.split("\x1f") for flds, _ in notes}
    assert set(fields) == {q.id for q in load_bank(BANK)}
    assert "SGD 每次迭代用多少个样本？" in fields["t-mc"][2]
    assert "<b>答案 / Answer:</b> A" in fields["t-mc"][3]
    tags = dict((flds.split("\x1f")[0], t) for flds, t in notes)
    assert "section::3.6" in tags["t-numeric"]


def test_formulas_become_mathjax_and_text_is_escaped() -> None:
    from ch3quiz.export.anki import to_anki_html

    assert to_anki_html(r"梯度 $\sigma(z)-y$ < 1") == r"梯度 \(\sigma(z)-y\) &lt; 1"
    assert to_anki_html("$$a<b$$\nnext") == r"\[a&lt;b\]<br>next"


def test_csv_round_trip_through_import(cli, tmp_path: Path) -> None:
    sheet = tmp_path / "bank.csv"
    assert cli("export", "csv", "-o", str(sheet), "--bank", str(BANK)).exit_code == 0
    with sheet.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == [q.id for q in load_bank(BANK)]
    assert next(r for r in rows if r["id"] == "t-multi")["answer"] == "A;C"
    mine = tmp_path / "mine.yaml"
    run = cli("import", "csv", str(sheet), "--into", str(mine))
    assert run.exit_code == 0 and "6 added, 0 updated" in run.stderr
    original = {q.id: q.to_dict() for q in load_bank(BANK)}
    imported = {q.id: q.to_dict() for q in load_bank(mine)}
    for qid, data in original.items():
        data.pop("source"), imported[qid].pop("source")
        assert imported[qid] == data, qid
    again = cli("import", "csv", str(sheet), "--into", str(mine))
    assert "0 added, 6 updated" in again.stderr


def test_import_refuses_a_bad_row_and_writes_nothing(cli, tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "section", "type", "difficulty", "tags", "prompt_zh", "prompt_en", "answer",
                         "explanation_zh", "explanation_en", "choices", "extra"])
        writer.writerow(["my-q", "3.1", "mc", "1", "x", "题", "Q", "E", "解", "E", json.dumps(["a", "b"]), ""])
        writer.writerow(["my-tf", "3.12", "tf", "1", "x", "题", "Q", "true", "解", "E", "", ""])
    mine = tmp_path / "mine.yaml"
    run = cli("import", "csv", str(sheet), "--into", str(mine))
    assert run.exit_code == 1
    assert f"{sheet}:2: my-q: mc answer 'E' is not among the choices" in run.stdout
    assert f"{sheet}:3: my-tf: unknown section '3.12'" in run.stdout
    assert not mine.exists()


def test_import_missing_file_and_bad_header(cli, tmp_path: Path) -> None:
    assert cli("import", "csv", str(tmp_path / "none.csv"), "--into", str(tmp_path / "m.yaml")).exit_code == 2
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b\n1,2\n", encoding="utf-8")
    run = cli("import", "csv", str(odd), "--into", str(tmp_path / "m.yaml"))
    assert run.exit_code == 1 and "the header lacks id" in run.stderr


def test_markdown_sheet_by_section(cli, tmp_path: Path) -> None:
    out = tmp_path / "sheet.md"
    assert cli("export", "md", "-o", str(out), "--bank", str(BANK)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "## 3.6 梯度下降的区别 / GD vs SGD vs mini-batch" in text
    assert text.count("### t-") == 6 and "**答案 / Answer:** A, C" in text


def test_export_to_an_unwritable_place(cli, tmp_path: Path) -> None:
    run = cli("export", "csv", "-o", str(tmp_path / "no" / "such" / "dir.csv"), "--bank", str(BANK))
    assert run.exit_code == 1 and "cannot write" in run.stderr


def test_imported_yaml_is_readable(tmp_path: Path) -> None:
    from ch3quiz.export.csv_io import write_csv
    from ch3quiz.export.importer import import_csv

    sheet = tmp_path / "b.csv"
    write_csv(load_bank(BANK).questions, sheet)
    import_csv(sheet, tmp_path / "m.yaml")
    data = yaml.safe_load((tmp_path / "m.yaml").read_text(encoding="utf-8"))
    assert [q["id"] for q in data["questions"]][:2] == ["t-mc", "t-multi"]


PARAMS = Path(__file__).parents[1] / "data" / "banks" / "params"


def test_parameterised_questions_export_with_seed_0_numbers_and_round_trip(cli, tmp_path: Path) -> None:
    from ch3quiz.quiz.variants import draw_variant

    variant = draw_variant(load_bank(PARAMS).get("p-conv-out"), 0)
    sheet = tmp_path / "sheet.md"
    assert cli("export", "md", "-o", str(sheet), "--bank", str(PARAMS)).exit_code == 0
    text = sheet.read_text(encoding="utf-8")
    assert variant.prompt_en in text and f"**答案 / Answer:** {variant.answer}" in text and "{n}" not in text
    table = tmp_path / "bank.csv"
    assert cli("export", "csv", "-o", str(table), "--bank", str(PARAMS)).exit_code == 0
    mine = tmp_path / "mine.yaml"
    assert cli("import", "csv", str(table), "--into", str(mine)).exit_code == 0
    back = load_bank(mine).get("p-conv-out")  # the templates and params survive, not one draw
    original = load_bank(PARAMS).get("p-conv-out")
    assert back.answer == "(n + 2*p - k) // s + 1"
    for seed in (3, 7):
        again, first = draw_variant(back, seed), draw_variant(original, seed)
        assert (again.prompt_en, again.answer, again.explanation_zh) == (first.prompt_en, first.answer, first.explanation_zh)
