"""Fuzzing the readers of untrusted input, on a bounded budget.

Random bytes, confusable Unicode, NUL, 200 kB lines and deep nesting fed to the bank loader,
the CSV importer, the answer graders, the renderers and the CLI's stdin must end in a result
or the tool's own error, never another exception, and each case within a generous limit
(a hang guard, not a timing). A crash or hang found here becomes a file in tests/data.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ch3quiz.bank import read_bank
from ch3quiz.errors import Ch3quizError
from ch3quiz.safetext import control_characters, inert

BUDGET = settings(max_examples=40, deadline=timedelta(seconds=10), derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                         HealthCheck.data_too_large])
VALID = (Path(__file__).parent / "data" / "banks" / "valid" / "every-type.yaml").read_text(encoding="utf-8")

# Look-alikes and invisibles: full-width, Cyrillic and Greek capitals, zero-width and bidi
# controls, BOM, NUL, ESC, C1 CSI, line/paragraph separators, a combining mark.
CONFUSABLE = ["Ａ", "А", "Α", "ｔｒｕｅ", "对", "\u200b", "\u202e", "\u2066", "\ufeff", "\x00", "\x1b[2J", "\x9b",
              "\u2028", "\u0301", "１/４", "−", "﹣", "\x1b]0;t\x07", "ẞ", "ǅ"]
confusable_text = st.lists(st.one_of(st.sampled_from(CONFUSABLE), st.text(max_size=5)), max_size=30).map("".join)
yaml_pieces = st.sampled_from(["- ", "  ", ": ", "[", "]", "{", "}", "&a ", "*a", "!!str ", "? ", "|\n", ">-\n",
                               "\n", "'", '"', "\\e", "\\x9b", "id: x", "type: mc", "answer: ", "9" * 400, "#"])
yaml_text = st.lists(st.one_of(yaml_pieces, st.sampled_from(CONFUSABLE)), max_size=60).map("".join)


def _mutations(draw_text: str, kind: int) -> str:
    """A valid bank with something hostile spliced in."""
    if kind == 0:
        return VALID.replace("How many", draw_text, 1)
    if kind == 1:
        return VALID + draw_text
    if kind == 2:
        return draw_text + VALID
    return "q: " + "[" * (len(draw_text) * 20) + "]" * (len(draw_text) * 20) + "\n" + VALID


@BUDGET
@given(data=st.one_of(st.binary(max_size=400), yaml_text.map(str.encode),
                      st.tuples(confusable_text, st.integers(0, 3)).map(lambda t: _mutations(*t).encode())))
def test_the_bank_loader_answers_every_file_with_rows_or_its_own_error(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "bank.yaml"
    path.write_bytes(data)
    try:
        bank, problems = read_bank(path)
    except Ch3quizError:
        return
    assert all(p.line >= 1 and p.message for p in problems)
    for question in bank:
        assert question.id and question.type


@BUDGET
@given(cell=st.one_of(confusable_text, st.just("x" * 200_000), st.just("[" * 5000 + "]" * 5000),
                      st.just("9" * 5000), st.binary(max_size=60).map(lambda b: b.decode("latin-1"))),
       column=st.sampled_from(["difficulty", "answer", "choices", "extra", "tags", "prompt_zh", "type"]))
def test_the_csv_importer_answers_every_sheet_with_a_report_or_its_own_error(tmp_path_factory, cell: str,
                                                                             column: str) -> None:
    import csv

    from ch3quiz.export.importer import import_csv

    folder = tmp_path_factory.mktemp("csv")
    row = {"id": "f-1", "section": "3.1", "type": "tf", "difficulty": "1", "tags": "t", "prompt_zh": "对吗",
           "prompt_en": "True?", "answer": "true", "explanation_zh": "因", "explanation_en": "E",
           "choices": "", "extra": ""}
    row[column] = cell
    sheet = folder / "in.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    target = folder / "mine.yaml"
    try:
        report = import_csv(sheet, target)
    except Ch3quizError:
        assert not target.exists()
        return
    assert report.problems or target.exists()


@BUDGET
@given(text=st.one_of(confusable_text, st.just("1" * 200_000), st.just("(" * 5000), st.just("9" * 5000)))
def test_every_grader_answers_any_text_with_a_grade_or_asks_again(bundled_bank, text: str) -> None:
    from ch3quiz.quiz.grading import NotAnAnswer, grade

    for qtype in ("mc", "multi", "tf", "fill", "numeric", "short"):
        question = bundled_bank.select(types=[qtype])[0]
        try:
            result = grade(question, text)
        except NotAnAnswer:
            continue
        assert result.verdict in ("correct", "incorrect", "partial") and 0 <= result.score <= 1


@BUDGET
@given(text=st.one_of(confusable_text, yaml_text, st.just("\\frac{" * 3000 + "}" * 3000),
                      st.just("$" + "\\sqrt{" * 2000 + "x" + "}" * 2000 + "$"), st.just("长" * 300_000)))
def test_whatever_is_rendered_is_inert_and_bounded(text: str) -> None:
    from ch3quiz.render.latex import render_inline_math

    shown = render_inline_math(text)
    assert control_characters(shown) == [] and inert(shown) == shown
    assert len(shown) < 10_000


@settings(max_examples=15, deadline=timedelta(seconds=20), derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(stdin=st.one_of(st.binary(max_size=300), st.just(b"x" * 200_000 + b"\n"),
                       confusable_text.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_a_quiz_fed_any_bytes_ends_with_its_own_answer(cli, stdin: bytes) -> None:
    from typer.testing import CliRunner

    from ch3quiz.cli import app

    bank = str(Path(__file__).parent / "data" / "banks" / "valid")
    result = CliRunner().invoke(app, ["quiz", "--bank", bank, "--seed", "1"], input=stdin, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "internal error" not in result.stderr
    assert "\x1b" not in result.stdout and "\x00" not in result.stdout
