"""Shared fixtures: every test runs with its own data dir, never the student's."""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
import signal
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from ch3quiz.bank import Bank, Question, load_bank
from ch3quiz.paths import bundled_bank_path
from ch3quiz.quiz.variants import draw_variant, is_parameterised

DATA = Path(__file__).parent / "data"

# A suite started as a background job of a non-interactive shell inherits SIGINT ignored, and so would every
# ch3quiz it starts: the Ctrl-C tests would then test nothing. A handler here is reset to the default in each
# child at exec, so the children get Ctrl-C as a student's terminal gives it.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "ch3quiz-home"
    monkeypatch.setenv("CH3QUIZ_HOME", str(home))
    monkeypatch.delenv("CH3QUIZ_BANK", raising=False)
    monkeypatch.delenv("CH3QUIZ_DEBUG", raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    return home


@pytest.fixture(scope="session")
def bundled_bank() -> Bank:
    return load_bank(bundled_bank_path())


# Bank sub-folders whose numeric questions one test file of their own recomputes, section by
# section (``folder="exam"``); every other file's numeric questions belong to its section's test.
OWN_NUMERIC_TESTS = ("exam",)


def _numeric_folder(question: Question) -> str | None:
    folder = Path(question.location.file).parent.name
    return folder if folder in OWN_NUMERIC_TESTS else None


@pytest.fixture(scope="session")
def assert_numeric_answers(bundled_bank: Bank) -> Callable[..., None]:
    """Recompute a section's numeric answers: ``assert_numeric_answers("3.8", {id: value, ...})``.

    A numeric answer typed by hand is a bug waiting to happen: each section's test
    computes every value it asks for, and no numeric question may go unchecked.
    ``folder="exam"`` checks the section's questions of that sub-folder instead.
    """

    def check(section: str, computed: Mapping[str, float], *, folder: str | None = None) -> None:
        numeric = {
            q.id: q
            for q in bundled_bank.select(sections=[section], types=["numeric"])
            if _numeric_folder(q) == folder
        }
        missing = sorted(set(numeric) - set(computed))
        assert not missing, f"numeric questions with no recomputation: {missing}"
        unknown = sorted(set(computed) - set(numeric))
        assert not unknown, f"recomputed ids that are not numeric questions of {section}: {unknown}"
        for qid, value in computed.items():
            if is_parameterised(numeric[qid]):
                assert callable(value), f"{qid} has params: recompute it with a function of them"
                for variant in every_variant(numeric[qid]):
                    drawn = variant.fields["variant"]["values"]
                    _check_one(variant, value(**drawn), f"{qid} {drawn}")
            else:
                assert not callable(value), f"{qid} has no params: recompute it as a number"
                _check_one(numeric[qid], value, qid)

    return check


PARAM_SEEDS = 25  # draws recomputed when a question has too many combinations to try them all
MAX_COMBINATIONS = 20_000
_RANGE = re.compile(r"^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$")


def every_variant(question: Question) -> list[Question]:
    """Every draw a student can meet: each combination of the choices and ranges in ``params``
    (derived parameters computed from them as in a real draw), or PARAM_SEEDS seeded draws when the
    combinations are too many. A claim or a tolerance that fails for one combination shows here."""
    params = question.fields["params"]
    axes = []
    for spec in params.values():
        bounds = _RANGE.match(spec) if isinstance(spec, str) else None
        if isinstance(spec, list):
            axes.append(spec)
        elif bounds:
            axes.append(list(range(int(bounds.group(1)), int(bounds.group(2)) + 1)))
        else:
            axes.append([spec])  # a constant, or an expression in the parameters before it
    if math.prod(len(axis) for axis in axes) > MAX_COMBINATIONS:
        return [draw_variant(question, seed) for seed in range(PARAM_SEEDS)]
    return [
        draw_variant(dataclasses.replace(question, fields={**question.fields, "params": dict(zip(params, chosen))}), 0)
        for chosen in itertools.product(*axes)
    ]


@pytest.fixture(scope="session")
def every_draw() -> Callable[[Question], list[Question]]:
    """``every_variant``, for the tests that look at every draw of a question."""
    return every_variant


def _as_typed(variant: Question, x: float) -> float:
    """What a student types: the precision the prompt asks for (3 significant digits, or N decimal
    places); the whole number for counts."""
    if float(x).is_integer():
        return x
    places = re.search(r"to (\d) decimal places", variant.prompt_en)
    if places:
        return round(x, int(places.group(1)))
    return _sig3(x) if "significant" in variant.prompt_en else x


def _sig3(x: float) -> float:
    """3 significant digits, or the whole number for counts."""
    return x if float(x).is_integer() else float(f"{x:.3g}")


@pytest.fixture(scope="session")
def assert_slips(bundled_bank: Bank) -> Callable[[str, Mapping[str, object]], None]:
    """The tolerances accept the right value (rounded to 3 significant digits where the prompt asks
    for them) and reject the slips an explanation names: ``{id: [wrong, ...]}``, or for a question
    with params a function of the drawn values giving that list, checked over many draws. A slip
    that happens to equal the right value for one draw is not a slip there and is skipped."""
    from ch3quiz.quiz.grading import grade_numeric

    def check(section: str, slips: Mapping[str, object]) -> None:
        questions = {q.id: q for q in bundled_bank.select(sections=[section], types=["numeric"])}
        for qid, wrong in slips.items():
            q = questions[qid]
            drawn = every_variant(q) if is_parameterised(q) else [q]
            for variant in drawn:
                values = wrong(**variant.fields["variant"]["values"]) if callable(wrong) else wrong
                right = float(variant.answer)
                rounded = _as_typed(variant, right) if is_parameterised(q) else _sig3(right)
                assert grade_numeric(variant, repr(rounded)).verdict == "correct", (qid, rounded)
                for value in values:
                    if math.isclose(value, right, rel_tol=1e-12, abs_tol=1e-12):
                        continue
                    assert grade_numeric(variant, repr(value)).verdict == "incorrect", (qid, variant.fields.get("variant"), value)

    return check


def _check_one(q: Question, value: float, label: str) -> None:
    granted = max(float(q.fields.get("tolerance", 0)), float(q.fields.get("rel_tolerance", 0)) * abs(value))
    # The stored (or drawn) answer must match the computation well within the tolerance it grants.
    assert math.isclose(q.answer, value, rel_tol=1e-9, abs_tol=max(granted / 10, 1e-12)), (
        f"{label}: bank says {q.answer}, computation gives {value}"
    )


@pytest.fixture
def query(isolated_home: Path) -> Callable[[str], list[tuple]]:
    """Rows of one SQL query on the test's progress database, as a student's sqlite3 would see them."""
    import sqlite3

    def run(sql: str) -> list[tuple]:
        db = sqlite3.connect(isolated_home / "progress.sqlite3")
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()

    return run


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli() -> Callable[..., Run]:
    """Run ``ch3quiz ARGS`` in-process with piped stdin, as a student's shell would."""
    from typer.testing import CliRunner

    from ch3quiz.cli import app

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Run:
        result = CliRunner().invoke(app, list(args), input=input, env=env, catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run
