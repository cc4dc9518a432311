"""export csv is safe to open in a spreadsheet (no cell runs as a formula) and still imports back exactly."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ch3quiz.bank import load_bank
from ch3quiz.bank.model import Question
from ch3quiz.export.csv_io import read_csv, write_csv
from ch3quiz.paths import bundled_bank_path

# Each text starts a cell the way a hostile (or merely unlucky) bank could: a formula, a negative
# number, a function call, a tab; and the escape itself, which must come back as written.
HOSTILE = {
    "questions": [
        {
            "id": "s-neg", "section": "3.6", "type": "numeric", "difficulty": 1, "tags": ["slope"],
            "prompt_zh": "直线 y = 1 - x/2 的斜率是多少？", "prompt_en": "=1+1",
            "answer": -0.5, "tolerance": 0.01,
            "explanation_zh": "'x", "explanation_en": "@SUM(A1)",
        },
        {
            "id": "s-tab", "section": "3.6", "type": "mc", "difficulty": 1, "tags": ["sgd"],
            "prompt_zh": "\t SGD 每步用几个样本？", "prompt_en": "'=x",
            "choices": ["1", "=HYPERLINK(\"http://example.invalid\",\"all\")"], "answer": "A",
            "explanation_zh": "+随机梯度下降每步只用一个样本。", "explanation_en": "-one sample per step.",
        },
    ],
}


def _hostile_bank(tmp_path: Path) -> Path:
    bank = tmp_path / "hostile.yaml"
    bank.write_text(yaml.safe_dump(HOSTILE, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return bank


def _comparable(bank_path: Path) -> dict[str, dict]:
    questions = {q.id: q.to_dict() for q in load_bank(bank_path)}
    for data in questions.values():
        data.pop("source")
    return questions


def test_formula_like_cells_are_written_with_one_leading_quote(cli, tmp_path: Path) -> None:
    sheet = tmp_path / "out.csv"
    run = cli("export", "csv", "-o", str(sheet), "--bank", str(_hostile_bank(tmp_path)))
    assert run.exit_code == 0, run.stderr
    data = sheet.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,section,type,")  # the BOM and header as before
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[1] == ("s-neg,3.6,numeric,1,slope,直线 y = 1 - x/2 的斜率是多少？,'=1+1,'-0.5,''x,'@SUM(A1),,"
                        '"{""tolerance"": 0.01}"')
    assert lines[2].startswith("s-tab,3.6,mc,1,sgd,'\t SGD 每步用几个样本？,''=x,A,'+随机梯度下降每步只用一个样本。,'-one sample per step.,")
    # A JSON cell starts with '[' or '{': a spreadsheet shows it as text, so it is written as before.
    assert lines[2].endswith(',"[""1"", ""=HYPERLINK(\\""http://example.invalid\\"",\\""all\\"")""]",')
    assert lines[0] == "id,section,type,difficulty,tags,prompt_zh,prompt_en,answer,explanation_zh,explanation_en,choices,extra"


def test_the_import_drops_the_quote_and_the_bank_comes_back_unchanged(cli, tmp_path: Path) -> None:
    bank = _hostile_bank(tmp_path)
    sheet, mine = tmp_path / "out.csv", tmp_path / "mine.yaml"
    assert cli("export", "csv", "-o", str(sheet), "--bank", str(bank)).exit_code == 0
    run = cli("import", "csv", str(sheet), "--into", str(mine))
    assert run.exit_code == 0 and "2 added, 0 updated" in run.stderr, run.stdout + run.stderr
    back = load_bank(mine)
    neg, tab = back.get("s-neg"), back.get("s-tab")
    assert (neg.prompt_en, neg.answer, neg.explanation_zh, neg.explanation_en) == ("=1+1", -0.5, "'x", "@SUM(A1)")
    assert (tab.prompt_zh, tab.prompt_en) == ("\t SGD 每步用几个样本？", "'=x")
    assert tab.explanation_en == "-one sample per step." and tab.choices[1].startswith("=HYPERLINK(")
    assert _comparable(mine) == _comparable(bank)
    checked = cli("validate", str(mine))
    assert checked.exit_code == 0, checked.stdout + checked.stderr


def test_a_hand_written_quote_is_kept_unless_it_escapes_a_formula(cli, tmp_path: Path) -> None:
    sheet = tmp_path / "mine.csv"
    header = "id,section,type,difficulty,tags,prompt_zh,prompt_en,answer,explanation_zh,explanation_en,choices,extra"
    row = "h-1,3.6,numeric,1,x,'题目,'How many?,'-2,''=twice escaped,'plain,,"
    sheet.write_text(f"{header}\n{row}\n", encoding="utf-8")
    mine = tmp_path / "mine.yaml"
    run = cli("import", "csv", str(sheet), "--into", str(mine))
    assert run.exit_code == 0, run.stdout + run.stderr
    question = load_bank(mine).get("h-1")
    assert (question.prompt_zh, question.prompt_en, question.answer) == ("'题目", "'How many?", -2)
    assert (question.explanation_zh, question.explanation_en) == ("'=twice escaped", "'plain")


def test_the_bundled_bank_survives_export_and_import(cli, tmp_path: Path) -> None:
    sheet, mine = tmp_path / "bank.csv", tmp_path / "mine.yaml"
    assert cli("export", "csv", "-o", str(sheet)).exit_code == 0
    assert b",'-0." in sheet.read_bytes()  # it has negative numeric answers, escaped
    run = cli("import", "csv", str(sheet), "--into", str(mine))
    assert run.exit_code == 0, run.stdout + run.stderr
    assert _comparable(mine) == _comparable(bundled_bank_path())
    assert cli("validate", str(mine)).exit_code == 0


cell_text = st.text(max_size=40) | st.sampled_from("=+-@\t\r'").flatmap(lambda first: st.text(max_size=20).map(first.__add__))
required_text = cell_text.filter(str.strip)  # a blank prompt or answer is refused by the import, as it should be


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(prompt_zh=required_text, prompt_en=required_text, answer=required_text, explanation_zh=cell_text, explanation_en=cell_text)
def test_every_text_cell_round_trips(tmp_path_factory, prompt_zh: str, prompt_en: str, answer: str,
                                     explanation_zh: str, explanation_en: str) -> None:
    texts = {"prompt_zh": prompt_zh, "prompt_en": prompt_en, "answer": answer,
             "explanation_zh": explanation_zh, "explanation_en": explanation_en}
    question = Question(id="p-1", type="mc", section="3.6", tags=(), difficulty=1, fields={"choices": ["a", "b"]}, **texts)
    sheet = tmp_path_factory.mktemp("csv") / "p.csv"
    write_csv([question], sheet)
    for read_back in (read_csv(sheet), read_csv(Path("<stdin>"), sheet.read_bytes().decode("utf-8"))):
        [(_line, mapping)] = list(read_back)
        assert {name: mapping[name] for name in texts} == texts
